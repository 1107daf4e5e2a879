"""Assignment 04_activations: typical mistakes, other correct answers, probe inputs."""

import numpy as np

from .spec import Answer, code


def _elementwise_probes(seed, include_zero=True, huge=True):
    rng = np.random.default_rng(seed)
    probes = [((rng.normal(scale=s, size=shape),), {}) for s, shape in [(1.0, (5,)), (4.0, (3, 4)), (10.0, (2, 3, 2))]]
    probes.append(((np.array([-2.0, -1.0, 1.0, 2.0, 0.5, -0.5, 1e-8, -1e-8]),), {}))
    if include_zero:
        probes.append(((np.zeros(3),), {}))
    if huge:
        probes.append(((np.array([-1000.0, -745.0, -50.0, 50.0, 745.0, 1000.0]),), {}))
    return probes


def _softmax_probes():
    rng = np.random.default_rng(71)
    probes = [((rng.normal(scale=2.0, size=s),), {}) for s in [(4, 6), (6, 4), (3, 3), (1, 5), (5, 1)]]
    probes += [((np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]]),), {}),
               ((np.array([[0.0, 1.0, 2.0], [1000.0, 1001.0, 1002.0], [-1000.0, -1001.0, -1002.0]]),), {}),
               ((np.array([[-1000.0, -1000.0], [0.0, 1000.0]]),), {}), ((np.zeros((2, 4)),), {})]
    return probes


ANSWERS = {
    "sigmoid": Answer(
        function="sigmoid",
        probes=_elementwise_probes(72),
        nnlib=code("""
            import nnlib
            def sigmoid(x):
                return nnlib.sigmoid(x)
        """),
        wrong={
            "naive formula (overflow warning)": code("""
                def sigmoid(x):
                    return 1 / (1 + np.exp(-x))
            """),
            "np.where over two unsafe branches (warnings)": code("""
                def sigmoid(x):
                    return np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x)))
            """),
            "sign of the exponent": code("""
                def sigmoid(x):
                    z = np.exp(-np.abs(x))
                    return np.where(x >= 0, z / (1 + z), 1 / (1 + z))
            """),
            "clipped to +-5 (wrong beyond)": code("""
                def sigmoid(x):
                    return 1 / (1 + np.exp(-np.clip(x, -5, 5)))
            """),
            "tanh instead of the sigmoid": code("""
                def sigmoid(x):
                    return np.tanh(x)
            """),
        },
        right={
            "logaddexp": code("""
                def sigmoid(x):
                    return np.exp(-np.logaddexp(0, -x))
            """),
            "tanh identity": code("""
                def sigmoid(x):
                    return 0.5 * (1 + np.tanh(0.5 * np.asarray(x, dtype=float)))
            """),
            "masks, filled in place": code("""
                def sigmoid(x):
                    x = np.asarray(x, dtype=float)
                    out = np.empty_like(x)
                    pos = x >= 0
                    out[pos] = 1 / (1 + np.exp(-x[pos]))
                    e = np.exp(x[~pos])
                    out[~pos] = e / (1 + e)
                    return out
            """),
            "errstate over ignored (inf is harmless here)": code("""
                def sigmoid(x):
                    with np.errstate(over="ignore"):
                        return 1 / (1 + np.exp(-np.asarray(x, dtype=float)))
            """),
        },
    ),
    "sigmoid_derivative": Answer(
        function="sigmoid_derivative",
        probes=_elementwise_probes(73),
        nnlib=code("""
            from nnlib import sigmoid_derivative
        """),
        wrong={
            "applied to x": code("""
                def sigmoid_derivative(x):
                    return sigmoid(x) * (1 - x)
            """),
            "the sigmoid itself": code("""
                def sigmoid_derivative(x):
                    return sigmoid(x)
            """),
            "sigma(1 - sigma) without the product": code("""
                def sigmoid_derivative(x):
                    return 1 - sigmoid(x)
            """),
            "naive formula (nan at -1000)": code("""
                def sigmoid_derivative(x):
                    return np.exp(-x) / (1 + np.exp(-x)) ** 2
            """),
            "uses nnlib's sigmoid": code("""
                import nnlib
                def sigmoid_derivative(x):
                    s = nnlib.sigmoid(x)
                    return s * (1 - s)
            """),
        },
        right={
            "sigma(x) sigma(-x)": code("""
                def sigmoid_derivative(x):
                    return sigmoid(x) * sigmoid(-x)
            """),
            "from the definition, stable": code("""
                def sigmoid_derivative(x):
                    z = np.exp(-np.abs(x))
                    return z / (1 + z) ** 2
            """),
        },
    ),
    "tanh_derivative": Answer(
        function="tanh_derivative",
        probes=_elementwise_probes(74),
        nnlib=code("""
            import nnlib
            def tanh_derivative(x):
                return nnlib.tanh_derivative(x)
        """),
        wrong={
            "1 - x ** 2": code("""
                def tanh_derivative(x):
                    return 1 - x ** 2
            """),
            "1 - tanh(x)": code("""
                def tanh_derivative(x):
                    return 1 - np.tanh(x)
            """),
            "sigmoid's derivative": code("""
                def tanh_derivative(x):
                    return sigmoid(x) * (1 - sigmoid(x))
            """),
            "tanh ** 2 - 1 (sign)": code("""
                def tanh_derivative(x):
                    return np.tanh(x) ** 2 - 1
            """),
        },
        right={
            "1 / cosh ** 2, overflow ignored": code("""
                def tanh_derivative(x):
                    with np.errstate(over="ignore"):
                        return 1 / np.cosh(x) ** 2
            """),
            "via the sigmoid: 4 sigma'(2x)": code("""
                def tanh_derivative(x):
                    s = sigmoid(2 * np.asarray(x))
                    return 4 * s * (1 - s)
            """),
        },
    ),
    "relu_derivative": Answer(
        function="relu_derivative",
        probes=_elementwise_probes(75, include_zero=False),
        nnlib=code("""
            from nnlib import relu_derivative
        """),
        wrong={
            "ReLU itself": code("""
                def relu_derivative(x):
                    return np.maximum(0, x)
            """),
            "cases swapped": code("""
                def relu_derivative(x):
                    return (np.asarray(x) < 0).astype(float)
            """),
            "the sign function": code("""
                def relu_derivative(x):
                    return np.sign(x)
            """),
            "a scalar for the whole array": code("""
                def relu_derivative(x):
                    return float(np.all(np.asarray(x) > 0))
            """),
        },
        right={
            "1 at zero, np.where": code("""
                def relu_derivative(x):
                    return np.where(x >= 0, 1, 0)
            """),
            "heaviside, booleans": code("""
                def relu_derivative(x):
                    return np.heaviside(x, 0.0) > 0.5
            """),
        },
    ),
    "softmax": Answer(
        function="softmax",
        probes=_softmax_probes(),
        nnlib=code("""
            import nnlib
            def softmax(Z):
                return nnlib.softmax(Z, axis=1)
        """),
        wrong={
            "no shift (overflow)": code("""
                def softmax(Z):
                    E = np.exp(Z)
                    return E / E.sum(axis=1, keepdims=True)
            """),
            "columns normalised (axis=0)": code("""
                def softmax(Z):
                    E = np.exp(Z - Z.max(axis=0, keepdims=True))
                    return E / E.sum(axis=0, keepdims=True)
            """),
            "the global maximum subtracted": code("""
                def softmax(Z):
                    E = np.exp(Z - Z.max())
                    return E / E.sum(axis=1, keepdims=True)
            """),
            "the sum of the whole array": code("""
                def softmax(Z):
                    E = np.exp(Z - Z.max(axis=1, keepdims=True))
                    return E / E.sum()
            """),
            "normalised without keepdims (broadcast along rows)": code("""
                def softmax(Z):
                    E = np.exp(Z - Z.max(axis=1, keepdims=True))
                    return E / E.sum(axis=1)
            """),
            "the minimum subtracted": code("""
                def softmax(Z):
                    E = np.exp(Z - Z.min(axis=1, keepdims=True))
                    return E / E.sum(axis=1, keepdims=True)
            """),
        },
        right={
            "log-sum-exp": code("""
                def softmax(Z):
                    m = np.max(Z, axis=1)[:, None]
                    log_norm = m + np.log(np.sum(np.exp(Z - m), axis=1))[:, None]
                    return np.exp(Z - log_norm)
            """),
            "row by row": code("""
                def softmax(Z):
                    rows = []
                    for z in Z:
                        e = [np.exp(v - max(z)) for v in z]
                        rows.append([v / sum(e) for v in e])
                    return np.array(rows)
            """),
        },
    ),
}
