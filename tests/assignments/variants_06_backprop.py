"""06_backprop, written from the statements: correct answers in other styles, and typical mistakes."""

from .variants import after, code, edit

RIGHT = {
    "dense_sigmoid_forward": {
        "a dict as the cache, read by a backward of its own": {
            "dense_sigmoid_forward": code("""
                def dense_sigmoid_forward(X, W, b):
                    Z = np.dot(X, W) + b
                    A = 1 / (1 + np.exp(-Z))
                    return A, {"X": X, "W": W, "A": A}
            """),
            "dense_sigmoid_backward": code("""
                def dense_sigmoid_backward(dout, cache):
                    delta = dout * cache["A"] * (1 - cache["A"])
                    return delta @ cache["W"].T, cache["X"].T @ delta, np.sum(delta, axis=0)
            """),
        },
        "(X, W, b) cached, the backward recomputes A; a loop over the units": {
            "dense_sigmoid_forward": code("""
                def dense_sigmoid_forward(X, W, b):
                    A = np.column_stack([sigmoid(X @ W[:, j] + b[j]) for j in range(W.shape[1])])
                    return A, (X, W, b)
            """),
            "dense_sigmoid_backward": code("""
                def dense_sigmoid_backward(dout, cache):
                    X, W, b = cache
                    A = sigmoid(X @ W + b)
                    delta = dout * A * (1 - A)
                    return delta @ W.T, X.T @ delta, delta.sum(0)
            """),
        },
        "a namespace as the cache, printed": {
            "dense_sigmoid_forward": code("""
                from types import SimpleNamespace

                def dense_sigmoid_forward(X, W, b):
                    A = sigmoid(X @ W + b)
                    print("forward:", X.shape, "->", A.shape)
                    return A, SimpleNamespace(X=X, W=W, A=A)
            """),
            "dense_sigmoid_backward": code("""
                def dense_sigmoid_backward(dout, cache):
                    delta = dout * cache.A * (1 - cache.A)
                    return delta @ cache.W.T, cache.X.T @ delta, delta.sum(axis=0)
            """),
        },
    },
    "dense_sigmoid_backward": {
        "a loop over the samples": code("""
            def dense_sigmoid_backward(dout, cache):
                X, W, A = cache
                dX, dW, db = np.zeros_like(X, dtype=float), np.zeros_like(W, dtype=float), np.zeros(W.shape[1])
                for n in range(X.shape[0]):
                    d = dout[n] * A[n] * (1 - A[n])
                    dX[n] = W @ d
                    dW += np.outer(X[n], d)
                    db += d
                return dX, dW, db
        """),
        "its own cache changed in place (allowed), a list": code("""
            def dense_sigmoid_backward(dout, cache):
                X, W, A = cache
                A *= 1 - A  # the cache is mine
                delta = dout * A
                return [delta @ W.T, X.T @ delta, delta.sum(axis=0)]
        """),
        "a copy of dout changed in place, einsum, a warning": code("""
            import warnings

            def dense_sigmoid_backward(dout, cache):
                X, W, A = cache
                delta = dout.copy()
                delta *= A - A ** 2
                if not np.all(np.isfinite(delta)):
                    warnings.warn("non-finite gradient")
                warnings.warn("dense_sigmoid_backward: einsum version")
                return np.einsum("nh,dh->nd", delta, W), np.einsum("nd,nh->dh", X, delta), np.einsum("nh->h", delta)
        """),
    },
    "mse_backward": {
        "a loop over the samples": code("""
            def mse_backward(Y, T):
                N = len(Y)
                loss = 0.0
                for y, t in zip(Y, T):
                    loss += 0.5 * np.sum((y - t) ** 2) / N
                return loss, (Y - T) / N
        """),
        "mean of the row sums, a list, logged": {
            after("mse_backward"): code("""
                import logging
                logging.basicConfig(level=logging.INFO)
            """),
            "mse_backward": code("""
                import logging

                def mse_backward(Y, T):
                    diff = np.subtract(Y, T)
                    loss = np.mean(0.5 * np.sum(diff ** 2, axis=1))
                    logging.info("loss %.6f", loss)
                    return [loss, diff / Y.shape[0]]
            """),
        },
    },
    "mlp_backward": {
        "written out without the layer functions": code("""
            def mlp_backward(X, T, params):
                H = 1 / (1 + np.exp(-(X @ params["W1"] + params["b1"])))
                Y = 1 / (1 + np.exp(-(H @ params["W2"] + params["b2"])))
                N = X.shape[0]
                loss = 0.5 * np.sum((Y - T) ** 2) / N
                d2 = (Y - T) / N * Y * (1 - Y)
                d1 = (d2 @ params["W2"].T) * H * (1 - H)
                return loss, {"W1": X.T @ d1, "b1": d1.sum(axis=0), "W2": H.T @ d2, "b2": d2.sum(axis=0)}
        """),
        "the three functions, a loop over the layers backwards, printed": code("""
            def mlp_backward(X, T, params):
                caches, A = [], X
                for k in (1, 2):
                    A, cache = dense_sigmoid_forward(A, params[f"W{k}"], params[f"b{k}"])
                    caches.append(cache)
                loss, dA = mse_backward(A, T)
                grads = {}
                for k in (2, 1):
                    dA, grads[f"W{k}"], grads[f"b{k}"] = dense_sigmoid_backward(dA, caches[k - 1])
                print(f"loss {loss:.6f}")
                return loss, grads
        """),
    },
    "train_step": {
        "a deep copy updated in place (the caller's arrays untouched)": code("""
            import copy

            def train_step(X, T, params, lr):
                _, grads = mlp_backward(X, T, params)
                new = copy.deepcopy(params)
                for name in new:
                    new[name] -= lr * grads[name]
                return new
        """),
        "np.subtract in a loop, a warning for lr = 0": code("""
            import warnings

            def train_step(X, T, params, lr):
                if lr == 0:
                    warnings.warn("lr = 0: nothing will change")
                loss, grads = mlp_backward(X, T, params)
                new_params = {}
                for key, value in params.items():
                    new_params[key] = np.subtract(value, lr * grads[key])
                return new_params
        """),
    },
}

_BACKWARD = code("""
    def dense_sigmoid_backward(dout, cache):
        X, W, A = cache
        d = dout * A * (1 - A)
        return d @ W.T, X.T @ d, d.sum(axis=0)
""")

WRONG = {
    "dense_sigmoid_forward": {
        "no sigmoid": code("""
            def dense_sigmoid_forward(X, W, b):
                Z = X @ W + b
                return Z, (X, W, sigmoid(Z))
        """),
        "the bias left out": code("""
            def dense_sigmoid_forward(X, W, b):
                A = sigmoid(X @ W)
                return A, (X, W, A)
        """),
        "W transposed": code("""
            def dense_sigmoid_forward(X, W, b):
                A = sigmoid(X @ W.T + b)
                return A, (X, W, A)
        """),
        "the sigmoid with the wrong sign": code("""
            def dense_sigmoid_forward(X, W, b):
                A = 1 / (1 + np.exp(X @ W + b))
                return A, (X, W, A)
        """),
        "A only, no cache": code("""
            def dense_sigmoid_forward(X, W, b):
                return sigmoid(X @ W + b)
        """),
        "state kept between calls (a list that grows)": code("""
            def dense_sigmoid_forward(X, W, b, _seen=[]):
                A = sigmoid(X @ W + b)
                _seen.append(len(_seen))
                return A, (X, W, A, list(_seen))
        """),
    },
    "dense_sigmoid_backward": {
        "sigma' missing": edit(_BACKWARD, "dout * A * (1 - A)", "dout"),
        "sigma' taken at A instead of Z": edit(_BACKWARD, "dout * A * (1 - A)", "dout * sigmoid(A) * (1 - sigmoid(A))"),
        "db averaged over the samples": edit(_BACKWARD, "d.sum(axis=0)", "d.mean(axis=0)"),
        "dW divided by N": edit(_BACKWARD, "X.T @ d,", "X.T @ d / len(X),"),
        "dout changed in place": edit(_BACKWARD, "d = dout * A * (1 - A)", "dout *= A * (1 - A)\n    d = dout"),
        "db summed over the units": edit(_BACKWARD, "d.sum(axis=0)", "d.sum(axis=1)"),
        "dX with W instead of W.T": edit(_BACKWARD, "d @ W.T", "d @ W"),
    },
    "mse_backward": {
        "dY with the sign flipped": code("""
            def mse_backward(Y, T):
                return float(0.5 * np.sum((Y - T) ** 2) / len(Y)), (T - Y) / len(Y)
        """),
        "the 1/N missing from dY": code("""
            def mse_backward(Y, T):
                return float(0.5 * np.sum((Y - T) ** 2) / len(Y)), Y - T
        """),
        "the 2 kept (dY = 2 (Y - T) / N)": code("""
            def mse_backward(Y, T):
                return float(0.5 * np.sum((Y - T) ** 2) / len(Y)), 2 * (Y - T) / len(Y)
        """),
        "averaged over all N * K numbers": code("""
            def mse_backward(Y, T):
                return float(0.5 * np.mean((Y - T) ** 2)), (Y - T) / Y.size
        """),
    },
    "mlp_backward": {
        "the hidden layer's sigma' missing": code("""
            def mlp_backward(X, T, params):
                H = sigmoid(X @ params["W1"] + params["b1"])
                Y = sigmoid(H @ params["W2"] + params["b2"])
                loss, dY = mse_backward(Y, T)
                d2 = dY * Y * (1 - Y)
                d1 = d2 @ params["W2"].T
                return loss, {"W1": X.T @ d1, "b1": d1.sum(axis=0), "W2": H.T @ d2, "b2": d2.sum(axis=0)}
        """),
        "the hidden layer gets dY, not the output layer's dX": code("""
            def mlp_backward(X, T, params):
                H, c1 = dense_sigmoid_forward(X, params["W1"], params["b1"])
                Y, c2 = dense_sigmoid_forward(H, params["W2"], params["b2"])
                loss, dY = mse_backward(Y, T)
                _, dW2, db2 = dense_sigmoid_backward(dY, c2)
                _, dW1, db1 = dense_sigmoid_backward(dY @ params["W2"].T, c1)
                return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
        """),
        "W2 not transposed in the hidden delta": code("""
            def mlp_backward(X, T, params):
                H = sigmoid(X @ params["W1"] + params["b1"])
                Y = sigmoid(H @ params["W2"] + params["b2"])
                loss, dY = mse_backward(Y, T)
                d2 = dY * Y * (1 - Y)
                d1 = (d2 @ params["W2"]) * H * (1 - H)
                return loss, {"W1": X.T @ d1, "b1": d1.sum(axis=0), "W2": H.T @ d2, "b2": d2.sum(axis=0)}
        """),
        "the gradients of the two layers swapped in the dict": code("""
            def mlp_backward(X, T, params):
                H, c1 = dense_sigmoid_forward(X, params["W1"], params["b1"])
                Y, c2 = dense_sigmoid_forward(H, params["W2"], params["b2"])
                loss, dY = mse_backward(Y, T)
                dH, dW2, db2 = dense_sigmoid_backward(dY, c2)
                _, dW1, db1 = dense_sigmoid_backward(dH, c1)
                return loss, {"W1": dW2, "b1": db2, "W2": dW1, "b2": db1}
        """),
        "grads only, no loss": code("""
            def mlp_backward(X, T, params):
                H, c1 = dense_sigmoid_forward(X, params["W1"], params["b1"])
                Y, c2 = dense_sigmoid_forward(H, params["W2"], params["b2"])
                _, dY = mse_backward(Y, T)
                dH, dW2, db2 = dense_sigmoid_backward(dY, c2)
                _, dW1, db1 = dense_sigmoid_backward(dH, c1)
                return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
        """),
    },
    "train_step": {
        "up the gradient": code("""
            def train_step(X, T, params, lr):
                _, grads = mlp_backward(X, T, params)
                return {k: params[k] + lr * grads[k] for k in params}
        """),
        "the biases not updated": code("""
            def train_step(X, T, params, lr):
                _, grads = mlp_backward(X, T, params)
                return {k: params[k] - lr * grads[k] if k.startswith("W") else params[k] for k in params}
        """),
        "the caller's arrays updated in place": code("""
            def train_step(X, T, params, lr):
                _, grads = mlp_backward(X, T, params)
                for k in params:
                    params[k] -= lr * grads[k]
                return params
        """),
        "the hidden gradients taken after the output weights moved (the slide's order)": code("""
            def train_step(X, T, params, lr):
                _, grads = mlp_backward(X, T, params)
                new = dict(params)
                new["W2"], new["b2"] = params["W2"] - lr * grads["W2"], params["b2"] - lr * grads["b2"]
                _, grads = mlp_backward(X, T, new)
                new["W1"], new["b1"] = params["W1"] - lr * grads["W1"], params["b1"] - lr * grads["b1"]
                return new
        """),
    },
}
