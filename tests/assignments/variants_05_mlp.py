"""05_mlp, written from the statements: correct answers in other styles, and typical mistakes."""

from .variants import after, code, edit

RIGHT = {
    "dense_forward": {
        "loops over samples and units, the checks first": code("""
            def dense_forward(X, W, b):
                X, W, b = np.asarray(X, dtype=float), np.asarray(W, dtype=float), np.asarray(b, dtype=float)
                if X.shape[1] != W.shape[0]:
                    raise ValueError(f"X has {X.shape[1]} features but W has {W.shape[0]} rows")
                if b.ndim != 1 or b.shape[0] != W.shape[1]:
                    raise ValueError(f"b must have shape ({W.shape[1]},), got {b.shape}")
                out = np.zeros((X.shape[0], W.shape[1]))
                for n in range(X.shape[0]):
                    for h in range(W.shape[1]):
                        out[n, h] = sum(X[n, d] * W[d, h] for d in range(X.shape[1])) + b[h]
                return out
        """),
        "np.dot and b[None, :], a helper that checks, printed": code("""
            def check_shapes(X, W, b):
                if np.ndim(X) != 2 or np.ndim(W) != 2 or np.shape(X)[1] != np.shape(W)[0] or np.shape(b) != (np.shape(W)[1],):
                    raise ValueError(f"shapes do not fit: X {np.shape(X)}, W {np.shape(W)}, b {np.shape(b)}")

            def dense_forward(X, W, b):
                check_shapes(X, W, b)
                print("dense_forward:", np.shape(X), "->", (np.shape(X)[0], np.shape(W)[1]))
                return np.dot(X, W) + b[None, :]
        """),
        "einsum, a warning on a batch of one": code("""
            import warnings

            def dense_forward(X, W, b):
                if X.shape[-1] != W.shape[0] or b.shape != W.shape[1:]:
                    raise ValueError(f"X {X.shape}, W {W.shape} and b {b.shape} do not fit together")
                if len(X) == 1:
                    warnings.warn("a batch of one sample")
                return np.einsum("nd,dh->nh", X, W) + b
        """),
    },
    "mlp_forward": {
        "the sigmoid written out, no dense_forward": code("""
            def mlp_forward(X, params):
                H = 1 / (1 + np.exp(-(X @ params["W1"] + params["b1"])))
                Y = 1 / (1 + np.exp(-(H @ params["W2"] + params["b2"])))
                return H, Y
        """),
        "a layer helper in its own cell, a list, logging": {
            after("mlp_forward"): code("""
                import logging
                logging.basicConfig(level=logging.INFO)

                def layer(A, W, b):
                    return sigmoid(dense_forward(A, W, b))
            """),
            "mlp_forward": code("""
                import logging

                def mlp_forward(X, params):
                    H = layer(X, params["W1"], params["b1"])
                    logging.info("hidden layer: %s", H.shape)
                    return [H, layer(H, params["W2"], params["b2"])]
            """),
        },
        "a loop over the layers": code("""
            def mlp_forward(X, params):
                outputs, A = [], X
                for k in (1, 2):
                    A = sigmoid(A @ params[f"W{k}"] + params[f"b{k}"])
                    outputs.append(A)
                return tuple(outputs)
        """),
    },
    "squared_error": {
        "a loop over the samples": code("""
            def squared_error(Y, T):
                total = 0.0
                for y, t in zip(Y, T):
                    total += 0.5 * sum((y - t) ** 2)
                return total / len(Y)
        """),
        "half the mean of the row sums": code("""
            def squared_error(Y, T):
                return 0.5 * np.mean(np.sum((Y - T) ** 2, axis=1))
        """),
        "a squared norm, printed": code("""
            def squared_error(Y, T):
                L = np.linalg.norm(Y - T) ** 2 / (2 * Y.shape[0])
                print("L =", L)
                return L
        """),
    },
    "predict_classes": {
        "argmax of each row in a loop, a list": code("""
            def predict_classes(X, params):
                _, Y = mlp_forward(X, params)
                return [int(np.argmax(row)) for row in Y]
        """),
        "Y.argmax(1) with a deprecated np.row_stack": code("""
            def predict_classes(X, params):
                Y = np.row_stack(mlp_forward(X, params)[1])
                return Y.argmax(1)
        """),
        "the largest pre-activation (the sigmoid keeps the order)": code("""
            def predict_classes(X, params):
                H, _ = mlp_forward(X, params)
                return np.argmax(H @ params["W2"] + params["b2"], axis=1)
        """),
    },
    "staircase_params": {
        "the grid and the midpoints by hand, printed": code("""
            def staircase_params(f, n, a, b, k):
                width = (b - a) / n
                grid = np.array([a + i * width for i in range(n + 1)])
                mid = grid[:-1] + width / 2
                print("steps at", mid)
                y = f(grid)
                return {"W1": k * np.ones((1, n)), "b1": -k * mid, "W2": (y[1:] - y[:-1])[:, np.newaxis], "b2": y[:1]}
        """),
        "a loop that fills the layers": code("""
            def staircase_params(f, n, a, b, k):
                grid = np.linspace(a, b, n + 1)
                fx = f(grid)
                params = {"W1": np.zeros((1, n)), "b1": np.zeros(n), "W2": np.zeros((n, 1)), "b2": np.array([fx[0]])}
                for i in range(n):
                    params["W1"][0, i] = k
                    params["b1"][i] = -k * 0.5 * (grid[i] + grid[i + 1])
                    params["W2"][i, 0] = fx[i + 1] - fx[i]
                return params
        """),
    },
}

_STAIRCASE = code("""
    def staircase_params(f, n, a, b, k):
        grid = np.linspace(a, b, n + 1)
        heights = np.diff(f(grid))
        mid = (grid[:-1] + grid[1:]) / 2
        return {"W1": np.full((1, n), k), "b1": -k * mid, "W2": heights.reshape(n, 1), "b2": f(grid[:1])}
""")

WRONG = {
    "dense_forward": {
        "the bias left out": code("""
            def dense_forward(X, W, b):
                if X.shape[1] != W.shape[0] or b.shape != (W.shape[1],):
                    raise ValueError(f"X {X.shape}, W {W.shape}, b {b.shape}")
                return X @ W
        """),
        "no check of b (numpy broadcasts it)": code("""
            def dense_forward(X, W, b):
                if X.shape[1] != W.shape[0]:
                    raise ValueError(f"X {X.shape} and W {W.shape} do not fit")
                return X @ W + b
        """),
        "b checked by its size only": code("""
            def dense_forward(X, W, b):
                if X.shape[1] != W.shape[0] or np.size(b) != W.shape[1]:
                    raise ValueError(f"X {X.shape}, W {W.shape}, b {np.shape(b)}")
                return X @ W + b
        """),
        "assert instead of ValueError": code("""
            def dense_forward(X, W, b):
                assert X.shape[1] == W.shape[0], "X and W do not fit"
                assert b.shape == (W.shape[1],), "b has the wrong shape"
                return X @ W + b
        """),
        "W transposed (X @ W.T)": code("""
            def dense_forward(X, W, b):
                if b.shape != (W.shape[1],):
                    raise ValueError(f"b {b.shape} does not fit W {W.shape}")
                return X @ W.T + b
        """),
    },
    "mlp_forward": {
        "the weight matrices transposed": code("""
            def mlp_forward(X, params):
                H = sigmoid(X @ params["W1"].T + params["b1"])
                return H, sigmoid(H @ params["W2"].T + params["b2"])
        """),
        "the biases left out": code("""
            def mlp_forward(X, params):
                H = sigmoid(X @ params["W1"])
                return H, sigmoid(H @ params["W2"])
        """),
        "no sigmoid on the output": code("""
            def mlp_forward(X, params):
                H = sigmoid(X @ params["W1"] + params["b1"])
                return H, H @ params["W2"] + params["b2"]
        """),
        "no sigmoid on the hidden layer": code("""
            def mlp_forward(X, params):
                H = X @ params["W1"] + params["b1"]
                return H, sigmoid(H @ params["W2"] + params["b2"])
        """),
        "(Y, H) returned in the wrong order": code("""
            def mlp_forward(X, params):
                H = sigmoid(X @ params["W1"] + params["b1"])
                return sigmoid(H @ params["W2"] + params["b2"]), H
        """),
        "b1 and b2 swapped": code("""
            def mlp_forward(X, params):
                H = sigmoid(dense_forward(X, params["W1"], params["b2"]))
                return H, sigmoid(dense_forward(H, params["W2"], params["b1"]))
        """),
    },
    "squared_error": {
        "the 1/2 missing": code("""
            def squared_error(Y, T):
                return float(np.sum((Y - T) ** 2) / len(Y))
        """),
        "averaged over all N * K numbers": code("""
            def squared_error(Y, T):
                return float(0.5 * np.mean((Y - T) ** 2))
        """),
        "not averaged over the samples": code("""
            def squared_error(Y, T):
                return float(0.5 * np.sum((Y - T) ** 2))
        """),
        "divided by the number of outputs K": code("""
            def squared_error(Y, T):
                return float(0.5 * np.sum((Y - T) ** 2) / Y.shape[1])
        """),
    },
    "predict_classes": {
        "argmax down the columns (axis 0)": code("""
            def predict_classes(X, params):
                return np.argmax(mlp_forward(X, params)[1], axis=0)
        """),
        "argmin": code("""
            def predict_classes(X, params):
                return np.argmin(mlp_forward(X, params)[1], axis=1)
        """),
        "argmax of the hidden layer": code("""
            def predict_classes(X, params):
                return np.argmax(mlp_forward(X, params)[0], axis=1)
        """),
        "argmax of the flattened outputs": code("""
            def predict_classes(X, params):
                return np.array([np.argmax(mlp_forward(X, params)[1])] * len(X))
        """),
    },
    "staircase_params": {
        "the steps at the grid points": edit(_STAIRCASE, "mid = (grid[:-1] + grid[1:]) / 2", "mid = grid[1:]"),
        "the values of f as the heights": edit(_STAIRCASE, "heights = np.diff(f(grid))", "heights = f(grid[1:])"),
        "no starting value": edit(_STAIRCASE, '"b2": f(grid[:1])', '"b2": np.zeros(1)'),
        "n grid points (n - 1 steps and a dead unit)": edit(edit(_STAIRCASE, "grid = np.linspace(a, b, n + 1)", "grid = np.linspace(a, b, n)"),
                                                             "heights = np.diff(f(grid))", "heights = np.append(np.diff(f(grid)), 0.0)").replace(
                                                                 "mid = (grid[:-1] + grid[1:]) / 2", "mid = np.append((grid[:-1] + grid[1:]) / 2, b)"),
    },
}
