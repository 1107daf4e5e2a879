"""Assignment 02_perceptron: typical mistakes, other correct answers, probe inputs."""

import numpy as np

from nnlib import logic_gate, make_blobs, make_xor

from .spec import Answer, code


def _predict_probes():
    rng = np.random.default_rng(31)
    probes = [((rng.normal(size=s), rng.normal(size=s[1]), float(rng.normal())), {}) for s in [(6, 2), (1, 3), (5, 1), (8, 4)]]
    X = np.array([[1.0, 2.0], [-1.0, -1.0], [0.0, 0.0], [2.0, 1.0]])
    probes += [((X, np.array([1.0, -0.5]), b), {}) for b in (-0.25, 0.0, 0.25)]
    probes += [((np.zeros((3, 2)), np.zeros(2), 0.0), {}), ((np.array([[2.0, 1.0]]), np.array([0.5, -1.0]), 0.0), {})]
    return probes


def _update_probes():
    rng = np.random.default_rng(32)
    probes = []
    for n in (1, 2, 4):
        for _ in range(8):
            probes.append(((rng.normal(size=n), float(rng.normal()), rng.normal(size=n), int(rng.choice([-1, 1])),
                            float(rng.uniform(0.1, 2))), {}))
    probes += [((np.array([2.0, -1.0]), 0.0, np.array([1.0, 2.0]), y, 1.0), {}) for y in (-1, 1)]  # net input exactly 0
    probes += [((np.array([1.0, -1.0]), 0.0, np.array([1.0, 2.0]), 1, 0.5), {})]
    return probes


def _train_probes():
    probes = []
    for gate in ("and", "or", "nand", "xor"):
        X, g = logic_gate(gate)
        probes += [((X, 2 * g - 1), {"lr": lr, "max_epochs": m}) for lr in (1.0, 0.3) for m in (1, 5, 100)]
    Xb, yb = make_blobs(n_samples=30, centers=2, cluster_std=0.8, random_state=33)
    Xn, yn = make_xor(n_samples=20, noise=0.1, random_state=34)
    probes += [((Xb, 2 * yb - 1), {}), ((Xn, 2 * yn - 1), {"max_epochs": 9})]
    return probes


def _boundary_probes():
    rng = np.random.default_rng(35)
    probes = [((rng.normal(size=2), float(rng.normal())), {}) for _ in range(8)]
    probes += [((np.array(w), b), {}) for w, b in [([2.0, -1.0], 0.5), ([0.0, 4.0], -2.0), ([1.0, 0.0], 1.0), ([0.0, 0.0], 1.0)]]
    return probes


ANSWERS = {
    "perceptron_predict": Answer(
        function="perceptron_predict",
        probes=_predict_probes(),
        nnlib=code("""
            from nnlib import Perceptron
            def perceptron_predict(X, w, b):
                p = Perceptron()
                p.weights_, p.bias_, p.classes_ = np.asarray(w, float), b, np.array([-1, 1])
                return p.predict(X)
        """),
        wrong={
            "bias left out": code("""
                def perceptron_predict(X, w, b):
                    return np.where(X @ w >= 0, 1, -1)
            """),
            "labels 0/1": code("""
                def perceptron_predict(X, w, b):
                    return (X @ w + b >= 0).astype(int)
            """),
            "> 0 instead of >= 0": code("""
                def perceptron_predict(X, w, b):
                    return np.where(X @ w + b > 0, 1, -1)
            """),
            "np.sign (0 for a net input of 0)": code("""
                def perceptron_predict(X, w, b):
                    return np.sign(X @ w + b)
            """),
            "bias subtracted": code("""
                def perceptron_predict(X, w, b):
                    return np.where(X @ w - b >= 0, 1, -1)
            """),
        },
        right={
            "a loop": code("""
                def perceptron_predict(X, w, b):
                    labels = []
                    for x in X:
                        net = b
                        for x_j, w_j in zip(x, w):
                            net += x_j * w_j
                        labels.append(1 if net >= 0 else -1)
                    return np.array(labels)
            """),
            "2 * step - 1, floats": code("""
                def perceptron_predict(X, w, b):
                    return 2.0 * (np.dot(X, w) + b >= 0) - 1.0
            """),
        },
    ),
    "perceptron_update": Answer(
        function="perceptron_update",
        probes=_update_probes(),
        nnlib=code("""
            import nnlib
            def perceptron_update(w, b, x, y, lr):
                y_hat = 2 * nnlib.step(x @ w + b) - 1
                return w + lr * (y - y_hat) * x, b + lr * (y - y_hat)
        """),
        wrong={
            "w changed in place (the caller's array)": code("""
                def perceptron_update(w, b, x, y, lr):
                    y_hat = perceptron_predict(x[None, :], w, b)[0]
                    w += lr * (y - y_hat) * x
                    b += lr * (y - y_hat)
                    return w, b
            """),
            "bias not updated": code("""
                def perceptron_update(w, b, x, y, lr):
                    y_hat = 1 if x @ w + b >= 0 else -1
                    return w + lr * (y - y_hat) * x, b
            """),
            "sign flipped": code("""
                def perceptron_update(w, b, x, y, lr):
                    y_hat = 1 if x @ w + b >= 0 else -1
                    return w + lr * (y_hat - y) * x, b + lr * (y_hat - y)
            """),
            "y instead of y - y_hat, always": code("""
                def perceptron_update(w, b, x, y, lr):
                    return w + lr * y * x, b + lr * y
            """),
            "updates only when wrong, but by y without the factor 2": code("""
                def perceptron_update(w, b, x, y, lr):
                    y_hat = 1 if x @ w + b >= 0 else -1
                    if y_hat != y:
                        return w + lr * y * x, b + lr * y
                    return w, b
            """),
            "prediction without the bias": code("""
                def perceptron_update(w, b, x, y, lr):
                    y_hat = 1 if x @ w >= 0 else -1
                    return w + lr * (y - y_hat) * x, b + lr * (y - y_hat)
            """),
            "learning rate left out": code("""
                def perceptron_update(w, b, x, y, lr):
                    y_hat = 1 if x @ w + b >= 0 else -1
                    return w + (y - y_hat) * x, b + (y - y_hat)
            """),
        },
        right={
            "only on a mistake, with 2 * y": code("""
                def perceptron_update(w, b, x, y, lr):
                    if (x @ w + b >= 0) != (y == 1):
                        w = w + 2 * lr * y * x
                        b = b + 2 * lr * y
                    return w, b
            """),
        },
    ),
    "train_perceptron": Answer(
        function="train_perceptron",
        probes=_train_probes(),
        nnlib=code("""
            from nnlib import Perceptron
            def train_perceptron(X, y, lr=1.0, max_epochs=100):
                p = Perceptron(lr=lr, max_epochs=max_epochs, shuffle=False).fit(X, y)
                return p.weights_, p.bias_, p.errors_
        """),
        wrong={
            "never stops early": code("""
                def train_perceptron(X, y, lr=1.0, max_epochs=100):
                    w, b, errors = np.zeros(X.shape[1]), 0.0, []
                    for epoch in range(max_epochs):
                        mistakes = 0
                        for x_i, y_i in zip(X, y):
                            mistakes += int(perceptron_predict(x_i[None], w, b)[0] != y_i)
                            w, b = perceptron_update(w, b, x_i, y_i, lr)
                        errors.append(mistakes)
                    return w, b, errors
            """),
            "the error-free epoch is not recorded": code("""
                def train_perceptron(X, y, lr=1.0, max_epochs=100):
                    w, b, errors = np.zeros(X.shape[1]), 0.0, []
                    for epoch in range(max_epochs):
                        mistakes = 0
                        for x_i, y_i in zip(X, y):
                            mistakes += int(perceptron_predict(x_i[None], w, b)[0] != y_i)
                            w, b = perceptron_update(w, b, x_i, y_i, lr)
                        if mistakes == 0:
                            break
                        errors.append(mistakes)
                    return w, b, errors
            """),
            "cumulative mistakes": code("""
                def train_perceptron(X, y, lr=1.0, max_epochs=100):
                    w, b, errors, mistakes = np.zeros(X.shape[1]), 0.0, [], 0
                    for epoch in range(max_epochs):
                        before = mistakes
                        for x_i, y_i in zip(X, y):
                            mistakes += int(perceptron_predict(x_i[None], w, b)[0] != y_i)
                            w, b = perceptron_update(w, b, x_i, y_i, lr)
                        errors.append(mistakes)
                        if mistakes == before:
                            break
                    return w, b, errors
            """),
            "shuffled order": code("""
                def train_perceptron(X, y, lr=1.0, max_epochs=100):
                    rng = np.random.default_rng(0)
                    w, b, errors = np.zeros(X.shape[1]), 0.0, []
                    for epoch in range(max_epochs):
                        mistakes = 0
                        for i in rng.permutation(len(X)):
                            mistakes += int(perceptron_predict(X[i][None], w, b)[0] != y[i])
                            w, b = perceptron_update(w, b, X[i], y[i], lr)
                        errors.append(mistakes)
                        if mistakes == 0:
                            break
                    return w, b, errors
            """),
            "whole-batch updates at the epoch's start weights": code("""
                def train_perceptron(X, y, lr=1.0, max_epochs=100):
                    w, b, errors = np.zeros(X.shape[1]), 0.0, []
                    for epoch in range(max_epochs):
                        y_hat = perceptron_predict(X, w, b)
                        errors.append(int(np.sum(y_hat != y)))
                        w = w + lr * (y - y_hat) @ X
                        b = b + lr * np.sum(y - y_hat)
                        if errors[-1] == 0:
                            break
                    return w, b, errors
            """),
            "random initial weights": code("""
                def train_perceptron(X, y, lr=1.0, max_epochs=100):
                    w, b, errors = np.random.default_rng(1).normal(size=X.shape[1]), 0.0, []
                    for epoch in range(max_epochs):
                        mistakes = 0
                        for x_i, y_i in zip(X, y):
                            mistakes += int(perceptron_predict(x_i[None], w, b)[0] != y_i)
                            w, b = perceptron_update(w, b, x_i, y_i, lr)
                        errors.append(mistakes)
                        if mistakes == 0:
                            break
                    return w, b, errors
            """),
        },
        right={
            "while loop, mistakes counted from the weight change": code("""
                def train_perceptron(X, y, lr=1.0, max_epochs=100):
                    w, b, errors = np.zeros(len(X[0])), 0.0, []
                    while len(errors) < max_epochs and (not errors or errors[-1] > 0):
                        count = 0
                        for i in range(len(X)):
                            w_new, b_new = perceptron_update(w, b, X[i], y[i], lr)
                            count += int(b_new != b)
                            w, b = w_new, b_new
                        errors.append(count)
                    return w, b, errors
            """),
            "numpy array of errors, tuple weights": code("""
                def train_perceptron(X, y, lr=1.0, max_epochs=100):
                    w = np.zeros(X.shape[1]); b = 0.0; errors = np.zeros(0, dtype=int)
                    for _ in range(max_epochs):
                        wrong = 0
                        for x_i, y_i in zip(X, y):
                            y_hat = perceptron_predict(x_i.reshape(1, -1), w, b).item()
                            if y_hat != y_i:
                                wrong += 1
                                w = w + lr * (y_i - y_hat) * x_i
                                b = b + lr * (y_i - y_hat)
                        errors = np.append(errors, wrong)
                        if not wrong:
                            break
                    return tuple(w), b, errors
            """),
        },
    ),
    "decision_boundary": Answer(
        function="decision_boundary",
        probes=_boundary_probes(),
        nnlib=code("""
            import nnlib
            def decision_boundary(w, b):
                if nnlib.step(-abs(w[1])) == 1:
                    raise ValueError("vertical")
                return -w[0] / w[1], -b / w[1]
        """),
        wrong={
            "slope sign": code("""
                def decision_boundary(w, b):
                    if w[1] == 0:
                        raise ValueError("vertical")
                    return w[0] / w[1], -b / w[1]
            """),
            "intercept sign": code("""
                def decision_boundary(w, b):
                    if w[1] == 0:
                        raise ValueError("vertical")
                    return -w[0] / w[1], b / w[1]
            """),
            "w1 and w2 swapped": code("""
                def decision_boundary(w, b):
                    if w[0] == 0:
                        raise ValueError("vertical")
                    return -w[1] / w[0], -b / w[0]
            """),
            "no error for a vertical line": code("""
                def decision_boundary(w, b):
                    with np.errstate(all="ignore"):
                        return np.float64(-w[0]) / w[1], np.float64(-b) / w[1]
            """),
            "ZeroDivisionError instead of ValueError": code("""
                def decision_boundary(w, b):
                    return -float(w[0]) / float(w[1]), -float(b) / float(w[1])
            """),
        },
        right={
            "try/except": code("""
                def decision_boundary(w, b):
                    try:
                        return -float(w[0]) / float(w[1]), -float(b) / float(w[1])
                    except ZeroDivisionError:
                        raise ValueError("w[1] is 0: the line is vertical") from None
            """),
            "two points on the line": code("""
                def decision_boundary(w, b):
                    if not w[1]:
                        raise ValueError("vertical")
                    x2_at_0 = -b / w[1]
                    x2_at_1 = -(w[0] + b) / w[1]
                    return x2_at_1 - x2_at_0, x2_at_0
            """),
        },
    ),
}
