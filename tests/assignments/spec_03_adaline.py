"""Assignment 03_adaline: typical mistakes, other correct answers, probe inputs."""

import numpy as np

from .spec import Answer, code


def _data(seed, shapes):
    rng = np.random.default_rng(seed)
    return [(rng.normal(size=s), rng.normal(size=s[0]), rng.normal(size=s[1]), float(rng.normal())) for s in shapes]


_SHAPES = [(3, 2), (7, 3), (1, 2), (5, 1), (4, 6)]


def _cost_probes():
    return [((X, y, w, b), {}) for X, y, w, b in _data(51, _SHAPES)] + [
        ((np.zeros((3, 2)), np.ones(3), np.ones(2), 1.0), {})]


def _step_probes():
    return [((X, y, w, b, lr), {}) for X, y, w, b in _data(52, _SHAPES) for lr in (0.05, 1.0)]


def _epoch_probes():
    rng = np.random.default_rng(53)
    probes = []
    for (m, n), k in [((5, 2), 2), ((7, 3), 3), ((6, 2), 1), ((6, 2), 6), ((5, 4), 10), ((1, 2), 1), ((9, 1), 4)]:
        probes.append(((rng.normal(size=(m, n)), rng.normal(size=m), rng.normal(size=n), float(rng.normal()), 0.2, k), {}))
    return probes


def _lsq_probes():
    rng = np.random.default_rng(54)
    probes = []
    for shape in [(30, 3), (10, 1), (4, 3), (6, 2)]:
        X = rng.normal(size=shape)
        probes.append(((X, X @ rng.normal(size=shape[1]) + 1.0 + 0.3 * rng.normal(size=shape[0])), {}))
    return probes


ANSWERS = {
    "adaline_cost": Answer(
        function="adaline_cost",
        probes=_cost_probes(),
        nnlib=code("""
            from nnlib import MSE
            def adaline_cost(X, y, w, b):
                return MSE()(X @ w + b, y)
        """),
        wrong={
            "no 1/2": code("""
                def adaline_cost(X, y, w, b):
                    return np.mean((X @ w + b - y) ** 2)
            """),
            "no 1/m": code("""
                def adaline_cost(X, y, w, b):
                    return 0.5 * np.sum((X @ w + b - y) ** 2)
            """),
            "bias left out": code("""
                def adaline_cost(X, y, w, b):
                    return np.mean((X @ w - y) ** 2) / 2
            """),
            "absolute instead of squared errors": code("""
                def adaline_cost(X, y, w, b):
                    return np.mean(np.abs(X @ w + b - y)) / 2
            """),
            "the errors summed before squaring": code("""
                def adaline_cost(X, y, w, b):
                    return np.sum(X @ w + b - y) ** 2 / (2 * len(y))
            """),
            "divided by the number of features": code("""
                def adaline_cost(X, y, w, b):
                    return np.sum((X @ w + b - y) ** 2) / (2 * X.shape[1])
            """),
        },
        right={
            "a loop": code("""
                def adaline_cost(X, y, w, b):
                    total = 0.0
                    for x_i, y_i in zip(X, y):
                        total += (float(np.dot(x_i, w)) + b - y_i) ** 2
                    return total / (2 * len(X))
            """),
            "a dot product, as a 1-element array": code("""
                def adaline_cost(X, y, w, b):
                    e = (X @ w + b - y).reshape(-1, 1)
                    return (e.T @ e / (2 * len(e)))[0]
            """),
        },
    ),
    "adaline_gradient": Answer(
        function="adaline_gradient",
        probes=_cost_probes(),
        nnlib=code("""
            from nnlib import MSE
            def adaline_gradient(X, y, w, b):
                loss = MSE()
                loss.forward(X @ w + b, y)
                d = loss.backward()
                return X.T @ d, float(np.sum(d))
        """),
        wrong={
            "sign flipped": code("""
                def adaline_gradient(X, y, w, b):
                    e = y - (X @ w + b)
                    return X.T @ e / len(y), np.mean(e)
            """),
            "no 1/m": code("""
                def adaline_gradient(X, y, w, b):
                    e = X @ w + b - y
                    return X.T @ e, np.sum(e)
            """),
            "bias left out of h": code("""
                def adaline_gradient(X, y, w, b):
                    e = X @ w - y
                    return X.T @ e / len(y), np.mean(e)
            """),
            "db forgotten": code("""
                def adaline_gradient(X, y, w, b):
                    e = X @ w + b - y
                    return X.T @ e / len(y), 0.0
            """),
            "mean over the wrong axis": code("""
                def adaline_gradient(X, y, w, b):
                    e = X @ w + b - y
                    return np.mean(X * e[:, None], axis=1), np.mean(e)
            """),
            "an extra factor 2 (no 1/2 in the cost)": code("""
                def adaline_gradient(X, y, w, b):
                    e = X @ w + b - y
                    return 2 * X.T @ e / len(y), 2 * np.mean(e)
            """),
        },
        right={
            "loops": code("""
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
            "mean of rows times errors": code("""
                def adaline_gradient(X, y, w, b):
                    e = np.dot(X, w) + b - y
                    return np.mean(e[:, np.newaxis] * X, axis=0), np.mean(e)
            """),
        },
    ),
    "adaline_step": Answer(
        function="adaline_step",
        probes=_step_probes(),
        nnlib=code("""
            from nnlib import MSE
            def adaline_step(X, y, w, b, lr):
                loss = MSE()
                loss.forward(X @ w + b, y)
                d = loss.backward()
                return w - lr * X.T @ d, b - lr * float(np.sum(d))
        """),
        wrong={
            "w changed in place (the caller's array)": code("""
                def adaline_step(X, y, w, b, lr):
                    dw, db = adaline_gradient(X, y, w, b)
                    w -= lr * dw
                    b -= lr * db
                    return w, b
            """),
            "up the gradient": code("""
                def adaline_step(X, y, w, b, lr):
                    dw, db = adaline_gradient(X, y, w, b)
                    return w + lr * dw, b + lr * db
            """),
            "bias not updated": code("""
                def adaline_step(X, y, w, b, lr):
                    dw, db = adaline_gradient(X, y, w, b)
                    return w - lr * dw, b
            """),
            "learning rate left out": code("""
                def adaline_step(X, y, w, b, lr):
                    dw, db = adaline_gradient(X, y, w, b)
                    return w - dw, b - db
            """),
            "divided by the learning rate": code("""
                def adaline_step(X, y, w, b, lr):
                    dw, db = adaline_gradient(X, y, w, b)
                    return w - dw / max(lr, 1e-12), b - db / max(lr, 1e-12)
            """),
        },
        right={
            "the delta rule written out": code("""
                def adaline_step(X, y, w, b, lr):
                    e = y - (X @ w + b)
                    return w + lr * (X.T @ e) / len(y), b + lr * e.mean()
            """),
        },
    ),
    "adaline_epoch": Answer(
        function="adaline_epoch",
        probes=_epoch_probes(),
        nnlib=code("""
            from nnlib import MSE
            def adaline_epoch(X, y, w, b, lr, batch_size):
                for s in range(0, len(y), batch_size):
                    loss = MSE()
                    loss.forward(X[s:s + batch_size] @ w + b, y[s:s + batch_size])
                    d = loss.backward()
                    w, b = w - lr * X[s:s + batch_size].T @ d, b - lr * float(np.sum(d))
                return w, b
        """),
        wrong={
            "the last batch divided by batch_size": code("""
                def adaline_epoch(X, y, w, b, lr, batch_size):
                    for s in range(0, len(y), batch_size):
                        e = X[s:s + batch_size] @ w + b - y[s:s + batch_size]
                        w = w - lr * X[s:s + batch_size].T @ e / batch_size
                        b = b - lr * np.sum(e) / batch_size
                    return w, b
            """),
            "the last, smaller batch dropped": code("""
                def adaline_epoch(X, y, w, b, lr, batch_size):
                    for s in range(0, len(y) - batch_size + 1, batch_size):
                        w, b = adaline_step(X[s:s + batch_size], y[s:s + batch_size], w, b, lr)
                    return w, b
            """),
            "the full-batch gradient at every step": code("""
                def adaline_epoch(X, y, w, b, lr, batch_size):
                    for s in range(0, len(y), batch_size):
                        w, b = adaline_step(X, y, w, b, lr)
                    return w, b
            """),
            "all gradients at the epoch's start weights": code("""
                def adaline_epoch(X, y, w, b, lr, batch_size):
                    w0, b0 = w, b
                    for s in range(0, len(y), batch_size):
                        dw, db = adaline_gradient(X[s:s + batch_size], y[s:s + batch_size], w0, b0)
                        w, b = w - lr * dw, b - lr * db
                    return w, b
            """),
            "batches that overlap by one row": code("""
                def adaline_epoch(X, y, w, b, lr, batch_size):
                    for s in range(0, len(y), batch_size):
                        w, b = adaline_step(X[s:s + batch_size + 1], y[s:s + batch_size + 1], w, b, lr)
                    return w, b
            """),
        },
        right={
            "np.array_split into batches": code("""
                def adaline_epoch(X, y, w, b, lr, batch_size):
                    n_batches = -(-len(y) // batch_size)
                    for Xb, yb in zip(np.array_split(X, [batch_size * i for i in range(1, n_batches)]),
                                      np.array_split(y, [batch_size * i for i in range(1, n_batches)])):
                        e = Xb @ w + b - yb
                        w = w - lr * Xb.T @ e / len(yb)
                        b = b - lr * e.mean()
                    return w, b
            """),
            "a while loop over index lists": code("""
                def adaline_epoch(X, y, w, b, lr, batch_size):
                    start = 0
                    while start < len(y):
                        idx = list(range(start, min(start + batch_size, len(y))))
                        w, b = adaline_step(X[idx], y[idx], w, b, lr)
                        start += batch_size
                    return w, b
            """),
        },
    ),
    "least_squares": Answer(
        function="least_squares",
        probes=_lsq_probes(),
        nnlib=code("""
            from nnlib import Adaline
            def least_squares(X, y):
                model = Adaline(lr=0.05, epochs=5000).fit(X, np.where(y > np.median(y), 1, -1))
                return model.weights_, model.bias_
        """),
        wrong={
            "no column of ones (no bias)": code("""
                def least_squares(X, y):
                    return np.linalg.lstsq(X, y, rcond=None)[0], 0.0
            """),
            "bias as the mean of y": code("""
                def least_squares(X, y):
                    return np.linalg.lstsq(X, y, rcond=None)[0], float(np.mean(y))
            """),
            "w and b in the wrong order": code("""
                def least_squares(X, y):
                    A = np.column_stack([np.ones(len(X)), X])
                    theta = np.linalg.lstsq(A, y, rcond=None)[0]
                    return theta[:-1], theta[-1]
            """),
            "a fixed number of gradient steps, not converged": code("""
                def least_squares(X, y):
                    w, b = np.zeros(X.shape[1]), 0.0
                    for _ in range(20):
                        w, b = adaline_step(X, y, w, b, 0.1)
                    return w, b
            """),
        },
        right={
            "normal equations": code("""
                def least_squares(X, y):
                    A = np.hstack([X, np.ones((len(X), 1))])
                    theta = np.linalg.solve(A.T @ A, A.T @ y)
                    return theta[:-1], theta[-1]
            """),
            "centred data": code("""
                def least_squares(X, y):
                    Xc, yc = X - X.mean(axis=0), y - y.mean()
                    w = np.linalg.pinv(Xc) @ yc
                    return w, y.mean() - X.mean(axis=0) @ w
            """),
        },
    ),
}
