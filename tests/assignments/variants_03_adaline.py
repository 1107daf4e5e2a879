"""03_adaline, written from the statements: correct answers in other styles, and typical mistakes."""

from .variants import after, code

RIGHT = {
    "adaline_cost": {
        "a loop over the samples": code("""
            def adaline_cost(X, y, w, b):
                total = 0.0
                for x_i, y_i in zip(X, y):
                    total += (np.dot(x_i, w) + b - y_i) ** 2
                return total / (2 * len(X))
        """),
        "half the mean of the squares, printed": code("""
            def adaline_cost(X, y, w, b):
                J = 0.5 * np.mean((np.dot(X, w) + b - y) ** 2)
                print(f"J = {J:.4f}")
                return J
        """),
        "e @ e, a 0-d array": code("""
            def adaline_cost(X, y, w, b):
                e = X @ w + b - y
                return np.array(e @ e / (2 * y.shape[0]))
        """),
    },
    "adaline_gradient": {
        "loops over samples and features": code("""
            def adaline_gradient(X, y, w, b):
                m, n = X.shape
                dw, db = [0.0] * n, 0.0
                for i in range(m):
                    e = sum(X[i, j] * w[j] for j in range(n)) + b - y[i]
                    for j in range(n):
                        dw[j] += e * X[i, j] / m
                    db += e / m
                return np.array(dw), db
        """),
        "a mean over broadcast products, a list": code("""
            def adaline_gradient(X, y, w, b):
                e = X @ w + b - y
                return [np.mean(e[:, None] * X, axis=0), np.mean(e)]
        """),
        "einsum, with logging after basicConfig": {
            after("adaline_gradient"): code("""
                import logging
                logging.basicConfig(level=logging.DEBUG)
            """),
            "adaline_gradient": code("""
                import logging

                def adaline_gradient(X, y, w, b):
                    e = np.einsum("ij,j->i", X, w) + b - y
                    logging.debug("errors: %s", e)
                    return np.einsum("ij,i->j", X, e) / len(e), e.sum() / len(e)
            """),
        },
    },
    "adaline_step": {
        "the delta rule written out": code("""
            def adaline_step(X, y, w, b, lr):
                e = y - (X @ w + b)
                return w + lr * X.T @ e / len(y), b + lr * np.mean(e)
        """),
        "through adaline_gradient, a warning for a large rate": code("""
            import warnings

            def adaline_step(X, y, w, b, lr):
                if lr > 0.5:
                    warnings.warn(f"learning rate {lr} may be too large")
                dw, db = adaline_gradient(X, y, w, b)
                return w - lr * np.asarray(dw), float(b - lr * db)
        """),
        "copies, then in place on the copies": code("""
            def adaline_step(X, y, w, b, lr):
                dw, db = adaline_gradient(X, y, w, b)
                new_w = w.copy()
                new_w -= lr * dw
                return new_w, b - lr * db
        """),
    },
    "adaline_epoch": {
        "a while loop over start indices": code("""
            def adaline_epoch(X, y, w, b, lr, batch_size):
                start = 0
                while start < len(X):
                    stop = min(start + batch_size, len(X))
                    w, b = adaline_step(X[start:stop], y[start:stop], w, b, lr)
                    start = stop
                return w, b
        """),
        "the gradient written out, a helper that makes the batches": code("""
            def batches(n, size):
                return [np.arange(s, min(s + size, n)) for s in range(0, n, size)]

            def adaline_epoch(X, y, w, b, lr, batch_size):
                for rows in batches(len(y), batch_size):
                    e = X[rows] @ w + b - y[rows]
                    w = w - lr * X[rows].T @ e / len(rows)
                    b = b - lr * e.mean()
                return w, b
        """),
        "the batches counted with ceil, printed": code("""
            import math

            def adaline_epoch(X, y, w, b, lr, batch_size):
                n_batches = math.ceil(len(X) / batch_size)
                for k in range(n_batches):
                    part = slice(k * batch_size, (k + 1) * batch_size)
                    w, b = adaline_step(X[part], y[part], w, b, lr)
                    print(f"batch {k + 1} of {n_batches}: cost {adaline_cost(X, y, w, b):.4f}")
                return w, b
        """),
    },
    "least_squares": {
        "the normal equations": code("""
            def least_squares(X, y):
                A = np.hstack([X, np.ones((X.shape[0], 1))])
                theta = np.linalg.solve(A.T @ A, A.T @ y)
                return theta[:-1], theta[-1]
        """),
        "the pseudo-inverse, the ones in front": code("""
            def least_squares(X, y):
                A = np.column_stack([np.ones(len(X)), X])
                theta = np.linalg.pinv(A) @ y
                return theta[1:], float(theta[0])
        """),
        "centred data, np.row_stack": code("""
            def least_squares(X, y):
                Xc, yc = X - X.mean(axis=0), y - y.mean()
                w = np.linalg.lstsq(np.row_stack(list(Xc)), yc, rcond=None)[0]
                return w, y.mean() - X.mean(axis=0) @ w
        """),
    },
}

WRONG = {
    "adaline_cost": {
        "the 1/2 missing": code("""
            def adaline_cost(X, y, w, b):
                return float(np.mean((X @ w + b - y) ** 2))
        """),
        "the 1/m missing": code("""
            def adaline_cost(X, y, w, b):
                return float(np.sum((X @ w + b - y) ** 2) / 2)
        """),
        "the bias left out": code("""
            def adaline_cost(X, y, w, b):
                return float(np.sum((X @ w - y) ** 2) / (2 * len(y)))
        """),
        "m taken as the number of features": code("""
            def adaline_cost(X, y, w, b):
                return float(np.sum((X @ w + b - y) ** 2) / (2 * len(w)))
        """),
        "absolute errors instead of squares": code("""
            def adaline_cost(X, y, w, b):
                return float(np.sum(np.abs(X @ w + b - y)) / (2 * len(y)))
        """),
    },
    "adaline_gradient": {
        "the sign flipped (y - h)": code("""
            def adaline_gradient(X, y, w, b):
                e = y - (X @ w + b)
                return X.T @ e / len(y), float(np.mean(e))
        """),
        "the 1/m missing": code("""
            def adaline_gradient(X, y, w, b):
                e = X @ w + b - y
                return X.T @ e, float(np.sum(e))
        """),
        "the bias left out of h": code("""
            def adaline_gradient(X, y, w, b):
                e = X @ w - y
                return X.T @ e / len(y), float(np.mean(e))
        """),
        "db summed, not averaged": code("""
            def adaline_gradient(X, y, w, b):
                e = X @ w + b - y
                return X.T @ e / len(y), float(np.sum(e))
        """),
        "the mean over the wrong axis": code("""
            def adaline_gradient(X, y, w, b):
                e = X @ w + b - y
                return np.mean(X * e[:, None], axis=1), float(np.mean(e))
        """),
    },
    "adaline_step": {
        "up the gradient (+ instead of -)": code("""
            def adaline_step(X, y, w, b, lr):
                dw, db = adaline_gradient(X, y, w, b)
                return w + lr * dw, b + lr * db
        """),
        "the bias not updated": code("""
            def adaline_step(X, y, w, b, lr):
                dw, db = adaline_gradient(X, y, w, b)
                return w - lr * dw, b
        """),
        "w changed in place": code("""
            def adaline_step(X, y, w, b, lr):
                dw, db = adaline_gradient(X, y, w, b)
                w -= lr * dw
                return w, b - lr * db
        """),
        "the learning rate only on w": code("""
            def adaline_step(X, y, w, b, lr):
                dw, db = adaline_gradient(X, y, w, b)
                return w - lr * dw, b - db
        """),
    },
    "adaline_epoch": {
        "the last, smaller batch dropped": code("""
            def adaline_epoch(X, y, w, b, lr, batch_size):
                for start in range(0, len(y) - batch_size + 1, batch_size):
                    w, b = adaline_step(X[start:start + batch_size], y[start:start + batch_size], w, b, lr)
                return w, b
        """),
        "every batch divided by batch_size": code("""
            def adaline_epoch(X, y, w, b, lr, batch_size):
                for start in range(0, len(y), batch_size):
                    Xb, yb = X[start:start + batch_size], y[start:start + batch_size]
                    e = Xb @ w + b - yb
                    w, b = w - lr * Xb.T @ e / batch_size, b - lr * e.sum() / batch_size
                return w, b
        """),
        "all batch gradients taken at the starting weights": code("""
            def adaline_epoch(X, y, w, b, lr, batch_size):
                steps = [adaline_gradient(X[s:s + batch_size], y[s:s + batch_size], w, b) for s in range(0, len(y), batch_size)]
                for dw, db in steps:
                    w, b = w - lr * dw, b - lr * db
                return w, b
        """),
        "one full-batch step": code("""
            def adaline_epoch(X, y, w, b, lr, batch_size):
                return adaline_step(X, y, w, b, lr)
        """),
        "overlapping batches (a step of 1)": code("""
            def adaline_epoch(X, y, w, b, lr, batch_size):
                for start in range(0, max(len(y) - batch_size, 0) + 1):
                    w, b = adaline_step(X[start:start + batch_size], y[start:start + batch_size], w, b, lr)
                return w, b
        """),
    },
    "least_squares": {
        "no column of ones (b = 0)": code("""
            def least_squares(X, y):
                return np.linalg.lstsq(X, y, rcond=None)[0], 0.0
        """),
        "the ones in front, but b read from the end": code("""
            def least_squares(X, y):
                theta = np.linalg.lstsq(np.column_stack([np.ones(len(X)), X]), y, rcond=None)[0]
                return theta[:-1], float(theta[-1])
        """),
        "w fitted without the bias, then b = the mean residual": code("""
            def least_squares(X, y):
                w = np.linalg.lstsq(X, y, rcond=None)[0]
                return w, float(np.mean(y - X @ w))
        """),
        "b = mean(y) with X not centred": code("""
            def least_squares(X, y):
                w = np.linalg.lstsq(X - X.mean(axis=0), y - y.mean(), rcond=None)[0]
                return w, float(y.mean())
        """),
    },
}
