"""Assignment 06_backprop: typical mistakes, other correct answers, probe inputs."""

import numpy as np

from .spec import Answer, code, solution

_MAZUR = {"W1": np.array([[0.15, 0.25], [0.20, 0.30]]), "b1": np.array([0.35, 0.35]),
          "W2": np.array([[0.40, 0.50], [0.45, 0.55]]), "b2": np.array([0.60, 0.60])}
_SJTU = {"W1": np.array([[0.1, 0.4], [0.8, 0.6]]), "b1": np.zeros(2), "W2": np.array([[0.3], [0.9]]), "b2": np.zeros(1)}
_SIZES = [(2, 3, 2), (4, 3, 5), (1, 2, 3), (3, 1, 1), (5, 4, 2), (1, 1, 1), (6, 2, 3)]


def _params(rng, D, H, K):
    return {"W1": rng.normal(size=(D, H)), "b1": rng.normal(size=H), "W2": rng.normal(size=(H, K)), "b2": rng.normal(size=K)}


def _forward_probes():
    rng = np.random.default_rng(161)
    probes = [((np.array([[0.05, 0.10]]), _MAZUR["W1"], _MAZUR["b1"]), {})]
    probes += [((2 * rng.normal(size=(n, d)), rng.normal(size=(d, h)), rng.normal(size=h)), {}) for n, d, h in _SIZES]
    probes.append(((np.zeros((2, 3)), rng.normal(size=(3, 2)), rng.normal(size=2)), {}))
    return probes


def _backward_probes():
    forward = solution("06_backprop")["dense_sigmoid_forward"]
    rng = np.random.default_rng(162)
    probes = []
    for n, d, h in _SIZES:
        X, W, b = rng.normal(size=(n, d)), rng.normal(size=(d, h)), rng.normal(size=h)
        probes.append(((rng.normal(size=(n, h)), forward(X, W, b)[1]), {}))
    probes.append(((rng.normal(size=(2, 2)), forward(np.zeros((2, 3)), rng.normal(size=(3, 2)), rng.normal(size=2))[1]), {}))
    probes.append(((rng.normal(size=(6, 3)), forward(-3 * np.ones((6, 2)), rng.normal(size=(2, 3)), rng.normal(size=3))[1]), {}))
    return probes


def _mse_probes():
    rng = np.random.default_rng(163)
    probes = [((rng.normal(size=s), rng.normal(size=s)), {}) for s in [(1, 2), (3, 4), (5, 2), (1, 3), (4, 1), (2, 6)]]
    probes.append(((np.ones((3, 2)), np.ones((3, 2))), {}))
    return probes


def _mlp_probes():
    rng = np.random.default_rng(164)
    probes = [((np.array([[0.05, 0.10], [0.0, 0.0], [1.0, -1.0]]), np.array([[0.01, 0.99], [0.5, 0.5], [1.0, 0.0]]), _MAZUR), {}),
              ((np.array([[0.05, 0.10]]), np.array([[0.01, 0.99]]), _MAZUR), {})]
    for n, d, h, k in [(5, 4, 3, 2), (1, 3, 5, 1), (6, 2, 2, 4), (2, 1, 3, 3), (4, 3, 2, 2)]:
        probes.append(((rng.normal(size=(n, d)), rng.uniform(size=(n, k)), _params(rng, d, h, k)), {}))
    return probes


def _step_probes():
    rng = np.random.default_rng(165)
    probes = [((np.array([[0.05, 0.10]]), np.array([[0.01, 0.99]]), _MAZUR, 0.5), {}),
              ((np.array([[0.35, 0.9]]), np.array([[0.5]]), _SJTU, 1.0), {})]
    for n, d, h, k in [(4, 3, 5, 2), (1, 2, 2, 1), (3, 2, 3, 3)]:
        X, T, p = rng.normal(size=(n, d)), rng.uniform(size=(n, k)), _params(rng, d, h, k)
        probes += [((X, T, p, 0.3), {}), ((X, T, p, 0.0), {})]
    return probes


ANSWERS = {
    "dense_sigmoid_forward": Answer(
        function="dense_sigmoid_forward",
        probes=_forward_probes(),
        nnlib=code("""
            from nnlib import Dense
            def dense_sigmoid_forward(X, W, b):
                layer = Dense(W.shape[0], W.shape[1], activation="sigmoid")
                layer.params["W"], layer.params["b"] = W, b
                return layer.forward(X), (X, W, layer.forward(X))
        """),
        wrong={
            "no sigmoid": code("""
                def dense_sigmoid_forward(X, W, b):
                    Z = X @ W + b
                    return Z, (X, W, sigmoid(Z))
            """),
            "bias left out": code("""
                def dense_sigmoid_forward(X, W, b):
                    A = sigmoid(X @ W)
                    return A, (X, W, A)
            """),
            "W transposed": code("""
                def dense_sigmoid_forward(X, W, b):
                    A = sigmoid(X @ W.T + b)
                    return A, (X, W, A)
            """),
            "bias subtracted": code("""
                def dense_sigmoid_forward(X, W, b):
                    A = sigmoid(X @ W - b)
                    return A, (X, W, A)
            """),
            "sigmoid written with the wrong sign": code("""
                def dense_sigmoid_forward(X, W, b):
                    A = 1 / (1 + np.exp(X @ W + b))
                    return A, (X, W, A)
            """),
            "returns only A": code("""
                def dense_sigmoid_forward(X, W, b):
                    return sigmoid(X @ W + b)
            """),
        },
        right={
            "a loop over the units": code("""
                def dense_sigmoid_forward(X, W, b):
                    Z = np.stack([X @ W[:, j] + b[j] for j in range(W.shape[1])], axis=1)
                    A = 1 / (1 + np.exp(-Z))
                    return A, (X, W, A)
            """),
            "tanh form of the sigmoid, np.dot, a list": code("""
                def dense_sigmoid_forward(X, W, b):
                    A = 0.5 + 0.5 * np.tanh((np.dot(X, W) + b) / 2)
                    return [A, (X, W, A)]
            """),
        },
    ),
    "dense_sigmoid_backward": Answer(
        function="dense_sigmoid_backward",
        probes=_backward_probes(),
        nnlib=code("""
            from nnlib import Dense
            def dense_sigmoid_forward(X, W, b):
                layer = Dense(W.shape[0], W.shape[1], activation="sigmoid")
                layer.params["W"], layer.params["b"] = W, b
                return layer.forward(X), layer
            def dense_sigmoid_backward(dout, cache):
                dX = cache.backward(dout)
                return dX, cache.grads["W"], cache.grads["b"]
        """),
        wrong={
            "sigma' missing": code("""
                def dense_sigmoid_backward(dout, cache):
                    X, W, A = cache
                    return dout @ W.T, X.T @ dout, dout.sum(axis=0)
            """),
            "sigma' taken at A instead of Z": code("""
                def dense_sigmoid_backward(dout, cache):
                    X, W, A = cache
                    s = sigmoid(A)
                    delta = dout * s * (1 - s)
                    return delta @ W.T, X.T @ delta, delta.sum(axis=0)
            """),
            "db averaged over the samples": code("""
                def dense_sigmoid_backward(dout, cache):
                    X, W, A = cache
                    delta = dout * A * (1 - A)
                    return delta @ W.T, X.T @ delta, delta.mean(axis=0)
            """),
            "dW divided by N": code("""
                def dense_sigmoid_backward(dout, cache):
                    X, W, A = cache
                    delta = dout * A * (1 - A)
                    return delta @ W.T, X.T @ delta / len(X), delta.sum(axis=0)
            """),
            "dW transposed": code("""
                def dense_sigmoid_backward(dout, cache):
                    X, W, A = cache
                    delta = dout * A * (1 - A)
                    return delta @ W.T, delta.T @ X, delta.sum(axis=0)
            """),
            "dX with W instead of W.T (reshaped to fit)": code("""
                def dense_sigmoid_backward(dout, cache):
                    X, W, A = cache
                    delta = dout * A * (1 - A)
                    return (W @ delta.T).reshape(X.shape), X.T @ delta, delta.sum(axis=0)
            """),
            "db summed over the units": code("""
                def dense_sigmoid_backward(dout, cache):
                    X, W, A = cache
                    delta = dout * A * (1 - A)
                    return delta @ W.T, X.T @ delta, delta.sum(axis=1)
            """),
            "only the first sample": code("""
                def dense_sigmoid_backward(dout, cache):
                    X, W, A = cache
                    delta = dout * A * (1 - A)
                    return delta @ W.T, np.outer(X[0], delta[0]), delta[0]
            """),
            "sigma' written as A * (1 + A)": code("""
                def dense_sigmoid_backward(dout, cache):
                    X, W, A = cache
                    delta = dout * A * (1 + A)
                    return delta @ W.T, X.T @ delta, delta.sum(axis=0)
            """),
        },
        right={
            "a loop over the samples": code("""
                def dense_sigmoid_backward(dout, cache):
                    X, W, A = cache
                    dX, dW, db = np.zeros(X.shape), np.zeros(W.shape), np.zeros(W.shape[1])
                    for n in range(len(X)):
                        delta = dout[n] * A[n] * (1 - A[n])  # (H,)
                        dW += np.outer(X[n], delta)
                        db += delta
                        dX[n] = W @ delta
                    return dX, dW, db
            """),
            "another cache (X, W, b), einsum, a list": code("""
                def dense_sigmoid_forward(X, W, b):
                    return 1 / (1 + np.exp(-(X @ W + b))), (X, W, b)
                def dense_sigmoid_backward(dout, cache):
                    X, W, b = cache
                    s = 1 / (1 + np.exp(-(X @ W + b)))
                    delta = dout * s * (1 - s)
                    return [np.einsum("nh,dh->nd", delta, W), np.einsum("nd,nh->dh", X, delta), np.einsum("nh->h", delta)]
            """),
        },
    ),
    "mse_backward": Answer(
        function="mse_backward",
        probes=_mse_probes(),
        nnlib=code("""
            from nnlib import MSE
            def mse_backward(Y, T):
                loss = MSE()
                return loss.forward(Y, T), loss.backward()
        """),
        wrong={
            "dY without 1/N": code("""
                def mse_backward(Y, T):
                    return 0.5 * np.sum((Y - T) ** 2) / len(Y), Y - T
            """),
            "sign flipped": code("""
                def mse_backward(Y, T):
                    return 0.5 * np.sum((Y - T) ** 2) / len(Y), (T - Y) / len(Y)
            """),
            "the 2 kept in the gradient": code("""
                def mse_backward(Y, T):
                    return 0.5 * np.sum((Y - T) ** 2) / len(Y), 2 * (Y - T) / len(Y)
            """),
            "divided by N * K": code("""
                def mse_backward(Y, T):
                    return 0.5 * np.mean((Y - T) ** 2), (Y - T) / Y.size
            """),
            "PyTorch's MSELoss and its gradient": code("""
                def mse_backward(Y, T):
                    return np.mean((Y - T) ** 2), 2 * (Y - T) / Y.size
            """),
            "loss without the 1/2": code("""
                def mse_backward(Y, T):
                    return np.sum((Y - T) ** 2) / len(Y), (Y - T) / len(Y)
            """),
        },
        right={
            "per-sample loops": code("""
                def mse_backward(Y, T):
                    N = len(Y)
                    loss = sum(0.5 * sum((y - t) ** 2 for y, t in zip(ry, rt)) for ry, rt in zip(Y, T)) / N
                    return loss, np.array([[(y - t) / N for y, t in zip(ry, rt)] for ry, rt in zip(Y, T)])
            """),
            "-(T - Y), a 0-d array, a list": code("""
                def mse_backward(Y, T):
                    N = Y.shape[0]
                    return [np.asarray(np.square(T - Y).sum() / (2 * N)), -(T - Y) / N]
            """),
        },
    ),
    "mlp_backward": Answer(
        function="mlp_backward",
        probes=_mlp_probes(),
        nnlib=code("""
            from nnlib import MSE, Dense, Sequential
            def mlp_backward(X, T, params):
                l1 = Dense(*params["W1"].shape, activation="sigmoid")
                l2 = Dense(*params["W2"].shape, activation="sigmoid")
                l1.params.update(W=params["W1"], b=params["b1"])
                l2.params.update(W=params["W2"], b=params["b2"])
                net, loss = Sequential([l1, l2]), MSE()
                value = loss.forward(net.forward(X), T)
                net.backward(loss.backward())
                return value, {"W1": l1.grads["W"], "b1": l1.grads["b"], "W2": l2.grads["W"], "b2": l2.grads["b"]}
        """),
        wrong={
            "hidden sigma' missing": code("""
                def mlp_backward(X, T, params):
                    H = sigmoid(X @ params["W1"] + params["b1"])
                    Y = sigmoid(H @ params["W2"] + params["b2"])
                    loss, dY = mse_backward(Y, T)
                    d2 = dY * Y * (1 - Y)
                    d1 = d2 @ params["W2"].T
                    return loss, {"W1": X.T @ d1, "b1": d1.sum(axis=0), "W2": H.T @ d2, "b2": d2.sum(axis=0)}
            """),
            "W2 not transposed": code("""
                def mlp_backward(X, T, params):
                    H = sigmoid(X @ params["W1"] + params["b1"])
                    Y = sigmoid(H @ params["W2"] + params["b2"])
                    loss, dY = mse_backward(Y, T)
                    d2 = dY * Y * (1 - Y)
                    d1 = d2 @ params["W2"] * H * (1 - H)
                    return loss, {"W1": X.T @ d1, "b1": d1.sum(axis=0), "W2": H.T @ d2, "b2": d2.sum(axis=0)}
            """),
            "the hidden layer gets dY": code("""
                def mlp_backward(X, T, params):
                    H, c1 = dense_sigmoid_forward(X, params["W1"], params["b1"])
                    Y, c2 = dense_sigmoid_forward(H, params["W2"], params["b2"])
                    loss, dY = mse_backward(Y, T)
                    _, dW2, db2 = dense_sigmoid_backward(dY, c2)
                    _, dW1, db1 = dense_sigmoid_backward(dY @ params["W2"].T, c1)
                    return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
            """),
            "the layers' gradients swapped": code("""
                def mlp_backward(X, T, params):
                    H, c1 = dense_sigmoid_forward(X, params["W1"], params["b1"])
                    Y, c2 = dense_sigmoid_forward(H, params["W2"], params["b2"])
                    loss, dY = mse_backward(Y, T)
                    dH, dW2, db2 = dense_sigmoid_backward(dY, c2)
                    _, dW1, db1 = dense_sigmoid_backward(dH, c1)
                    return loss, {"W1": dW2, "b1": db2, "W2": dW1, "b2": db1}
            """),
            "no 1/N (the gradient of the summed error)": code("""
                def mlp_backward(X, T, params):
                    H, c1 = dense_sigmoid_forward(X, params["W1"], params["b1"])
                    Y, c2 = dense_sigmoid_forward(H, params["W2"], params["b2"])
                    loss, _ = mse_backward(Y, T)
                    dH, dW2, db2 = dense_sigmoid_backward(Y - T, c2)
                    _, dW1, db1 = dense_sigmoid_backward(dH, c1)
                    return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
            """),
            "the hidden layer's dout taken from its own output": code("""
                def mlp_backward(X, T, params):
                    H, c1 = dense_sigmoid_forward(X, params["W1"], params["b1"])
                    Y, c2 = dense_sigmoid_forward(H, params["W2"], params["b2"])
                    loss, dY = mse_backward(Y, T)
                    _, dW2, db2 = dense_sigmoid_backward(dY, c2)
                    dH = (dY * Y * (1 - Y)) @ params["W2"].T
                    _, dW1, db1 = dense_sigmoid_backward(dH * H * (1 - H), c1)
                    return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
            """),
        },
        right={
            "written out in matrices": code("""
                def mlp_backward(X, T, params):
                    H = 1 / (1 + np.exp(-(X @ params["W1"] + params["b1"])))
                    Y = 1 / (1 + np.exp(-(H @ params["W2"] + params["b2"])))
                    N = X.shape[0]
                    delta_o = (Y - T) / N * Y * (1 - Y)
                    delta_h = (delta_o @ params["W2"].T) * H * (1 - H)
                    grads = dict(W2=H.T @ delta_o, b2=np.sum(delta_o, 0), W1=X.T @ delta_h, b1=np.sum(delta_h, 0))
                    return 0.5 * np.sum((Y - T) ** 2) / N, grads
            """),
            "sample by sample, averaged": code("""
                def mlp_backward(X, T, params):
                    grads = {k: np.zeros_like(v, dtype=float) for k, v in params.items()}
                    loss = 0.0
                    for x, t in zip(X, T):
                        h = sigmoid(params["W1"].T @ x + params["b1"])
                        y = sigmoid(params["W2"].T @ h + params["b2"])
                        loss += 0.5 * np.sum((y - t) ** 2) / len(X)
                        do = (y - t) * y * (1 - y) / len(X)
                        dh = (params["W2"] @ do) * h * (1 - h)
                        grads["W2"] += np.outer(h, do)
                        grads["b2"] += do
                        grads["W1"] += np.outer(x, dh)
                        grads["b1"] += dh
                    return loss, grads
            """),
        },
    ),
    "train_step": Answer(
        function="train_step",
        probes=_step_probes(),
        nnlib=code("""
            from nnlib import MSE, SGD, Dense, Sequential
            def train_step(X, T, params, lr):
                l1 = Dense(*params["W1"].shape, activation="sigmoid")
                l2 = Dense(*params["W2"].shape, activation="sigmoid")
                l1.params.update(W=params["W1"].copy(), b=params["b1"].copy())
                l2.params.update(W=params["W2"].copy(), b=params["b2"].copy())
                net, loss = Sequential([l1, l2]), MSE()
                loss.forward(net.forward(X), T)
                net.backward(loss.backward())
                SGD(net, lr=lr).step()
                return {"W1": l1.params["W"], "b1": l1.params["b"], "W2": l2.params["W"], "b2": l2.params["b"]}
        """),
        wrong={
            "updates the caller's arrays in place, then returns them": code("""
                def train_step(X, T, params, lr):
                    loss, grads = mlp_backward(X, T, params)
                    for name, value in params.items():
                        value -= lr * grads[name]
                    return params
            """),
            "up the gradient": code("""
                def train_step(X, T, params, lr):
                    _, grads = mlp_backward(X, T, params)
                    return {k: params[k] + lr * grads[k] for k in params}
            """),
            "biases not updated (as in Mazur's post)": code("""
                def train_step(X, T, params, lr):
                    _, grads = mlp_backward(X, T, params)
                    return {k: params[k] - lr * grads[k] if k.startswith("W") else params[k] for k in params}
            """),
            "hidden gradients computed with the updated output weights (the SJTU slide)": code("""
                def train_step(X, T, params, lr):
                    H = sigmoid(X @ params["W1"] + params["b1"])
                    Y = sigmoid(H @ params["W2"] + params["b2"])
                    d2 = (Y - T) / len(X) * Y * (1 - Y)
                    W2 = params["W2"] - lr * H.T @ d2
                    b2 = params["b2"] - lr * d2.sum(axis=0)
                    d1 = d2 @ W2.T * H * (1 - H)
                    return {"W1": params["W1"] - lr * X.T @ d1, "b1": params["b1"] - lr * d1.sum(axis=0), "W2": W2, "b2": b2}
            """),
            "returns the step instead of the new parameters": code("""
                def train_step(X, T, params, lr):
                    _, grads = mlp_backward(X, T, params)
                    return {k: lr * grads[k] for k in params}
            """),
            "updates in place and returns nothing": code("""
                def train_step(X, T, params, lr):
                    _, grads = mlp_backward(X, T, params)
                    for k in params:
                        params[k] -= lr * grads[k]
            """),
            "the learning rate divides": code("""
                def train_step(X, T, params, lr):
                    _, grads = mlp_backward(X, T, params)
                    return {k: params[k] - grads[k] / lr if lr else params[k] for k in params}
            """),
        },
        right={
            "with nnlib's sigmoid written out, one line per parameter": code("""
                def train_step(X, T, params, lr):
                    g = mlp_backward(X, T, params)[1]
                    new = dict(params)
                    new["W1"] = params["W1"] - lr * g["W1"]
                    new["b1"] = params["b1"] - lr * g["b1"]
                    new["W2"] = params["W2"] - lr * g["W2"]
                    new["b2"] = params["b2"] - lr * g["b2"]
                    return new
            """),
        },
    ),
}
