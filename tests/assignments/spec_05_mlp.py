"""Assignment 05_mlp: typical mistakes, other correct answers, probe inputs."""

import numpy as np

from .spec import Answer, code

_MAZUR = {"W1": np.array([[0.15, 0.25], [0.20, 0.30]]), "b1": np.array([0.35, 0.35]),
          "W2": np.array([[0.40, 0.50], [0.45, 0.55]]), "b2": np.array([0.60, 0.60])}


def _params(rng, D, H, K, scale=1.0):
    return {"W1": rng.normal(size=(D, H)), "b1": rng.normal(size=H),
            "W2": scale * rng.normal(size=(H, K)), "b2": rng.normal(size=K)}


def _dense_probes():
    rng = np.random.default_rng(91)
    probes = [((rng.normal(size=(n, d)), rng.normal(size=(d, h)), rng.normal(size=h)), {})
              for n, d, h in [(2, 3, 4), (5, 4, 3), (1, 2, 6), (7, 1, 1), (3, 3, 3)]]
    X, W = np.ones((4, 3)), np.ones((3, 2))
    for bad in [(X, np.ones((2, 3)), np.ones(2)), (X, W, np.ones(3)), (X, W, np.ones(1)), (X, W, np.ones((1, 2))),
                (X, W, np.ones((2, 1))), (np.ones((3, 4)), np.ones((3, 4)), np.ones(4))]:
        probes.append((bad, {}))
    return probes


def _mlp_probes():
    rng = np.random.default_rng(92)
    probes = [((np.array([[0.05, 0.10], [0.0, 0.0]]), _MAZUR), {})]
    probes += [((rng.normal(size=(n, d)), _params(rng, d, h, k)), {}) for n, d, h, k in
               [(5, 4, 3, 2), (1, 3, 5, 1), (6, 2, 2, 4), (2, 1, 3, 3)]]
    return probes


def _loss_probes():
    rng = np.random.default_rng(93)
    return [((rng.normal(size=s), rng.normal(size=s)), {}) for s in [(1, 2), (3, 4), (5, 2), (1, 3), (4, 1), (2, 6)]]


def _predict_probes():
    rng = np.random.default_rng(94)
    return [((rng.normal(size=(n, d)), _params(rng, d, h, k, scale=3.0)), {}) for n, d, h, k in
            [(4, 2, 2, 3), (7, 3, 4, 5), (2, 5, 3, 2), (6, 2, 6, 6), (1, 2, 2, 3)]]


def _wavy(x):
    return np.sin(5 * x) + x ** 2


def _constant(x):
    return np.full(np.shape(x), 2.5)


def _staircase_probes():
    return [((f, n, a, b, k), {}) for f, n, a, b, k in
            [(np.square, 4, -1.0, 1.0, 40.0), (_wavy, 40, -1.0, 1.0, 400.0), (np.cos, 1, 0.0, 3.0, 5.0),
             (np.exp, 7, -2.0, 0.5, 30.0), (np.tanh, 3, 1.0, 4.0, 12.0), (_constant, 5, -1.0, 1.0, 50.0)]]


ANSWERS = {
    "dense_forward": Answer(
        function="dense_forward",
        probes=_dense_probes(),
        nnlib=code("""
            from nnlib import Dense
            def dense_forward(X, W, b):
                layer = Dense(W.shape[0], W.shape[1])
                layer.params["W"], layer.params["b"] = W, b
                return layer.forward(X)
        """),
        wrong={
            "bias left out": code("""
                def dense_forward(X, W, b):
                    if X.shape[1] != W.shape[0] or b.shape != (W.shape[1],):
                        raise ValueError("shapes")
                    return X @ W
            """),
            "W used as (H, D), like PyTorch's Linear.weight": code("""
                def dense_forward(X, W, b):
                    if X.shape[1] != W.shape[1] or b.shape != (W.shape[0],):
                        raise ValueError("shapes")
                    return X @ W.T + b
            """),
            "no shape checks": code("""
                def dense_forward(X, W, b):
                    return X @ W + b
            """),
            "checks X and W only": code("""
                def dense_forward(X, W, b):
                    if X.shape[1] != W.shape[0]:
                        raise ValueError("shapes")
                    return X @ W + b
            """),
            "bias subtracted": code("""
                def dense_forward(X, W, b):
                    if X.shape[1] != W.shape[0] or b.shape != (W.shape[1],):
                        raise ValueError("shapes")
                    return X @ W - b
            """),
            "elementwise product": code("""
                def dense_forward(X, W, b):
                    if X.shape[1] != W.shape[0] or b.shape != (W.shape[1],):
                        raise ValueError("shapes")
                    return (X[:, :, None] * W).mean(axis=1) + b
            """),
        },
        right={
            "loops": code("""
                def dense_forward(X, W, b):
                    D, H = len(W), len(W[0])
                    if any(len(x) != D for x in X) or np.ndim(b) != 1 or len(b) != H:
                        raise ValueError(f"X {np.shape(X)}, W {np.shape(W)}, b {np.shape(b)} do not fit")
                    return np.array([[sum(x[d] * W[d][h] for d in range(D)) + b[h] for h in range(H)] for x in X])
            """),
            "einsum, assert turned into ValueError": code("""
                def dense_forward(X, W, b):
                    try:
                        assert X.shape[-1] == W.shape[0] and b.shape == W.shape[1:], "shapes do not fit"
                    except AssertionError as err:
                        raise ValueError(f"{err}: {X.shape}, {W.shape}, {b.shape}")
                    return np.einsum("nd,dh->nh", X, W) + b[None, :]
            """),
        },
    ),
    "mlp_forward": Answer(
        function="mlp_forward",
        probes=_mlp_probes(),
        nnlib=code("""
            from nnlib import Dense, Sequential
            def mlp_forward(X, params):
                l1 = Dense(*params["W1"].shape, activation="sigmoid")
                l2 = Dense(*params["W2"].shape, activation="sigmoid")
                l1.params.update(W=params["W1"], b=params["b1"])
                l2.params.update(W=params["W2"], b=params["b2"])
                H = l1.forward(X)
                return H, l2.forward(H)
        """),
        wrong={
            "weights transposed": code("""
                def mlp_forward(X, params):
                    H = sigmoid(X @ params["W1"].T + params["b1"])
                    return H, sigmoid(H @ params["W2"].T + params["b2"])
            """),
            "biases left out": code("""
                def mlp_forward(X, params):
                    H = sigmoid(X @ params["W1"])
                    return H, sigmoid(H @ params["W2"])
            """),
            "no output sigmoid": code("""
                def mlp_forward(X, params):
                    H = sigmoid(X @ params["W1"] + params["b1"])
                    return H, H @ params["W2"] + params["b2"]
            """),
            "no hidden sigmoid": code("""
                def mlp_forward(X, params):
                    H = X @ params["W1"] + params["b1"]
                    return H, sigmoid(H @ params["W2"] + params["b2"])
            """),
            "the output layer fed X instead of H": code("""
                def mlp_forward(X, params):
                    H = sigmoid(X @ params["W1"] + params["b1"])
                    return H, sigmoid(X @ params["W1"] @ params["W2"] + params["b2"])
            """),
            "returns the pre-activations as H": code("""
                def mlp_forward(X, params):
                    Z = X @ params["W1"] + params["b1"]
                    return Z, sigmoid(sigmoid(Z) @ params["W2"] + params["b2"])
            """),
            "the hidden bias used in both layers": code("""
                def mlp_forward(X, params):
                    H = sigmoid(X @ params["W1"] + params["b1"])
                    return H, sigmoid(H @ params["W2"] + params["b1"])
            """),
        },
        right={
            "sample by sample": code("""
                def mlp_forward(X, params):
                    Hs, Ys = [], []
                    for x in X:
                        h = 1 / (1 + np.exp(-(params["W1"].T @ x + params["b1"])))
                        Hs.append(h)
                        Ys.append(1 / (1 + np.exp(-(params["W2"].T @ h + params["b2"]))))
                    return np.array(Hs), np.array(Ys)
            """),
            "tanh form of the sigmoid, a list": code("""
                def mlp_forward(X, params):
                    s = lambda z: 0.5 + 0.5 * np.tanh(z / 2)
                    H = s(np.dot(X, params["W1"]) + params["b1"])
                    return [H, s(np.dot(H, params["W2"]) + params["b2"])]
            """),
        },
    ),
    "squared_error": Answer(
        function="squared_error",
        probes=_loss_probes(),
        nnlib=code("""
            from nnlib import MSE
            def squared_error(Y, T):
                return MSE().forward(Y, T)
        """),
        wrong={
            "no 1/2": code("""
                def squared_error(Y, T):
                    return np.sum((Y - T) ** 2) / len(Y)
            """),
            "mean over every number": code("""
                def squared_error(Y, T):
                    return 0.5 * np.mean((Y - T) ** 2)
            """),
            "not averaged over the samples": code("""
                def squared_error(Y, T):
                    return 0.5 * np.sum((Y - T) ** 2)
            """),
            "np.mean of the squares (PyTorch's MSELoss)": code("""
                def squared_error(Y, T):
                    return np.mean((Y - T) ** 2)
            """),
            "averaged over the outputs instead of the samples": code("""
                def squared_error(Y, T):
                    return 0.5 * np.sum((Y - T) ** 2) / Y.shape[1]
            """),
            "a vector, one value per output": code("""
                def squared_error(Y, T):
                    return 0.5 * np.sum((Y - T) ** 2, axis=0) / len(Y)
            """),
        },
        right={
            "per-sample errors, averaged": code("""
                def squared_error(Y, T):
                    per_sample = [0.5 * sum((y - t) ** 2 for y, t in zip(row_y, row_t)) for row_y, row_t in zip(Y, T)]
                    return sum(per_sample) / len(per_sample)
            """),
            "mean of row sums, as a 0-d array": code("""
                def squared_error(Y, T):
                    return np.asarray(np.mean(np.sum(np.square(T - Y), axis=1)) / 2)
            """),
        },
    ),
    "predict_classes": Answer(
        function="predict_classes",
        probes=_predict_probes(),
        nnlib=code("""
            from nnlib import predicted_labels
            def predict_classes(X, params):
                return predicted_labels(mlp_forward(X, params)[1])
        """),
        wrong={
            "argmax over axis 0": code("""
                def predict_classes(X, params):
                    return np.argmax(mlp_forward(X, params)[1], axis=0)
            """),
            "argmax of the flattened array": code("""
                def predict_classes(X, params):
                    return np.argmax(mlp_forward(X, params)[1])
            """),
            "argmin": code("""
                def predict_classes(X, params):
                    return np.argmin(mlp_forward(X, params)[1], axis=1)
            """),
            "argmax of the hidden layer": code("""
                def predict_classes(X, params):
                    return np.argmax(mlp_forward(X, params)[0], axis=1)
            """),
            "the largest output value instead of its index": code("""
                def predict_classes(X, params):
                    return np.max(mlp_forward(X, params)[1], axis=1)
            """),
        },
        right={
            "argmax of the pre-activations (the sigmoid is monotone)": code("""
                def predict_classes(X, params):
                    H = sigmoid(X @ params["W1"] + params["b1"])
                    return (H @ params["W2"] + params["b2"]).argmax(axis=-1)
            """),
            "a loop, a list": code("""
                def predict_classes(X, params):
                    _, Y = mlp_forward(X, params)
                    return [max(range(len(row)), key=lambda k: row[k]) for row in Y]
            """),
        },
    ),
    "staircase_params": Answer(
        function="staircase_params",
        probes=_staircase_probes(),
        nnlib=code("""
            from nnlib import Dense
            def staircase_params(f, n, a, b, k):
                grid = np.linspace(a, b, n + 1)
                hidden, output = Dense(1, n, activation="sigmoid"), Dense(n, 1)
                hidden.params["W"] = np.full((1, n), float(k))
                hidden.params["b"] = -k * (grid[:-1] + grid[1:]) / 2
                output.params["W"] = np.diff(f(grid))[:, None]
                output.params["b"] = np.array([f(grid[0])])
                return {"W1": hidden.params["W"], "b1": hidden.params["b"], "W2": output.params["W"], "b2": output.params["b"]}
        """),
        wrong={
            "steps at the grid points x_1 .. x_n": code("""
                def staircase_params(f, n, a, b, k):
                    grid = np.linspace(a, b, n + 1)
                    return {"W1": np.full((1, n), float(k)), "b1": -k * grid[1:],
                            "W2": np.diff(f(grid))[:, None], "b2": np.array([f(grid[0])])}
            """),
            "heights f(x_i), not their changes": code("""
                def staircase_params(f, n, a, b, k):
                    grid = np.linspace(a, b, n + 1)
                    return {"W1": np.full((1, n), float(k)), "b1": -k * (grid[:-1] + grid[1:]) / 2,
                            "W2": f(grid[1:])[:, None], "b2": np.array([f(grid[0])])}
            """),
            "no starting value": code("""
                def staircase_params(f, n, a, b, k):
                    grid = np.linspace(a, b, n + 1)
                    return {"W1": np.full((1, n), float(k)), "b1": -k * (grid[:-1] + grid[1:]) / 2,
                            "W2": np.diff(f(grid))[:, None], "b2": np.zeros(1)}
            """),
            "a grid of n points": code("""
                def staircase_params(f, n, a, b, k):
                    grid = np.linspace(a, b, n)
                    mid = np.r_[(grid[:-1] + grid[1:]) / 2, b]
                    return {"W1": np.full((1, n), float(k)), "b1": -k * mid,
                            "W2": np.r_[np.diff(f(grid)), 0.0][:, None], "b2": np.array([f(grid[0])])}
            """),
            "the bias +k m": code("""
                def staircase_params(f, n, a, b, k):
                    grid = np.linspace(a, b, n + 1)
                    return {"W1": np.full((1, n), float(k)), "b1": k * (grid[:-1] + grid[1:]) / 2,
                            "W2": np.diff(f(grid))[:, None], "b2": np.array([f(grid[0])])}
            """),
            "W2 as a row (1, n)": code("""
                def staircase_params(f, n, a, b, k):
                    grid = np.linspace(a, b, n + 1)
                    return {"W1": np.full((1, n), float(k)), "b1": -k * (grid[:-1] + grid[1:]) / 2,
                            "W2": np.diff(f(grid))[None, :], "b2": np.array([f(grid[0])])}
            """),
        },
        right={
            "a loop over the steps": code("""
                def staircase_params(f, n, a, b, k):
                    h = (b - a) / n
                    W1, b1, W2 = np.zeros((1, n)), np.zeros(n), np.zeros((n, 1))
                    for i in range(1, n + 1):
                        left, right = a + (i - 1) * h, a + i * h
                        W1[0, i - 1] = k
                        b1[i - 1] = -k * (left + right) / 2
                        W2[i - 1, 0] = f(np.array([right]))[0] - f(np.array([left]))[0]
                    return {"W1": W1, "b1": b1, "W2": W2, "b2": f(np.array([a], dtype=float))}
            """),
            "np.arange for the midpoints, a column by reshape": code("""
                def staircase_params(f, n, a, b, k):
                    h = (b - a) / n
                    mids = a + h * (np.arange(n) + 0.5)
                    ys = f(a + h * np.arange(n + 1))
                    return dict(W1=k * np.ones((1, n)), b1=-k * mids, W2=(ys[1:] - ys[:-1]).reshape(-1, 1), b2=ys[:1])
            """),
        },
    ),
}
