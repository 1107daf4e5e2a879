"""04_activations, written from the statements: correct answers in other styles, and typical mistakes."""

from .variants import after, code

RIGHT = {
    "sigmoid": {
        "two masks filled into a float array": code("""
            def sigmoid(x):
                x = np.asarray(x)
                out = np.zeros(x.shape, dtype=float)
                pos = x >= 0
                out[pos] = 1.0 / (1.0 + np.exp(-x[pos]))
                ex = np.exp(x[~pos])
                out[~pos] = ex / (1.0 + ex)
                return out
        """),
        "logaddexp": code("""
            def sigmoid(x):
                return np.exp(-np.logaddexp(0.0, -np.asarray(x, dtype=float)))
        """),
        "the overflow silenced with np.errstate (inf is harmless here), printed": code("""
            def sigmoid(x):
                with np.errstate(over="ignore"):
                    s = 1 / (1 + np.exp(-np.asarray(x, dtype=np.float64)))
                print("sigmoid of", np.shape(x))
                return s
        """),
        "np.piecewise on floats, a helper cell": {
            after("sigmoid"): code("""
                def _positive(v):
                    return 1 / (1 + np.exp(-v))

                def _negative(v):
                    return np.exp(v) / (1 + np.exp(v))
            """),
            "sigmoid": code("""
                def sigmoid(x):
                    x = np.asarray(x, dtype=float)
                    return np.piecewise(x, [x >= 0, x < 0], [lambda v: _positive(v), lambda v: _negative(v)])
            """),
        },
        "math.exp in a loop over the flat array": code("""
            import math

            def sigmoid(x):
                x = np.asarray(x)
                flat = [1 / (1 + math.exp(-v)) if v >= 0 else math.exp(v) / (1 + math.exp(v)) for v in x.ravel()]
                return np.array(flat, dtype=float).reshape(x.shape)
        """),
    },
    "sigmoid_derivative": {
        "s - s ** 2": code("""
            def sigmoid_derivative(x):
                s = sigmoid(x)
                return s - s ** 2
        """),
        "exp(-|x|) / (1 + exp(-|x|)) ** 2 (even in x)": code("""
            def sigmoid_derivative(x):
                e = np.exp(-np.abs(np.asarray(x, dtype=float)))
                return e / (1 + e) ** 2
        """),
        "sigma(x) * sigma(-x), with a deprecation warning": code("""
            import warnings

            def sigmoid_derivative(x):
                warnings.warn("use sigmoid_derivative_v2", DeprecationWarning)
                return sigmoid(x) * sigmoid(-np.asarray(x))
        """),
    },
    "tanh_derivative": {
        "1 / cosh(x) ** 2": code("""
            def tanh_derivative(x):
                return 1.0 / np.cosh(x) ** 2
        """),
        "(1 - tanh)(1 + tanh), logged": {
            after("tanh_derivative"): code("""
                import logging
                logging.basicConfig(level=logging.INFO)
                log = logging.getLogger("activations")
            """),
            "tanh_derivative": code("""
                def tanh_derivative(x):
                    t = np.tanh(x)
                    log.info("tanh_derivative on an array of shape %s", np.shape(x))
                    return (1 - t) * (1 + t)
            """),
        },
        "math.tanh in a loop": code("""
            import math

            def tanh_derivative(x):
                x = np.asarray(x, dtype=float)
                out = np.empty_like(x)
                for index, v in np.ndenumerate(x):
                    out[index] = 1 - math.tanh(v) ** 2
                return out
        """),
    },
    "relu_derivative": {
        "np.where with floats": code("""
            def relu_derivative(x):
                return np.where(np.asarray(x) > 0, 1.0, 0.0)
        """),
        "1 at 0 (x >= 0), a plot": code("""
            import matplotlib.pyplot as plt

            def relu_derivative(x):
                d = (np.asarray(x) >= 0).astype(float)
                fig = plt.figure()
                plt.plot(np.ravel(x), np.ravel(d), ".")
                plt.close(fig)
                return d
        """),
        "np.heaviside(x, 1)": code("""
            def relu_derivative(x):
                return np.heaviside(x, 1)
        """),
        "booleans": code("""
            def relu_derivative(x):
                return np.asarray(x) > 0
        """),
    },
    "softmax": {
        "a loop over the rows": code("""
            def softmax(Z):
                out = []
                for row in np.asarray(Z, dtype=float):
                    e = np.exp(row - row.max())
                    out.append(e / e.sum())
                return np.array(out)
        """),
        "log-sum-exp": code("""
            def softmax(Z):
                Z = np.asarray(Z)
                m = Z.max(axis=1, keepdims=True)
                log_norm = m + np.log(np.exp(Z - m).sum(axis=1, keepdims=True))
                return np.exp(Z - log_norm)
        """),
        "axis=-1, [:, None], a warning, np.row_stack": code("""
            import warnings

            def softmax(Z):
                if np.abs(Z).max() > 100:
                    warnings.warn("large logits")
                E = np.exp(Z - np.max(Z, axis=-1)[:, None])
                return np.row_stack([E[i] / E[i].sum() for i in range(len(E))])
        """),
    },
}

WRONG = {
    "sigmoid": {
        "the formula as it stands (overflows)": code("""
            def sigmoid(x):
                return 1 / (1 + np.exp(-x))
        """),
        "np.where of both branches (warns)": code("""
            def sigmoid(x):
                x = np.asarray(x, dtype=float)
                return np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x)))
        """),
        "np.empty_like of an integer input": code("""
            def sigmoid(x):
                x = np.asarray(x)
                out = np.empty_like(x)
                pos = x >= 0
                out[pos] = 1 / (1 + np.exp(-x[pos]))
                e = np.exp(x[~pos])
                out[~pos] = e / (1 + e)
                return out
        """),
        "the sign in the exponent": code("""
            def sigmoid(x):
                z = np.exp(-np.abs(np.asarray(x, dtype=float)))
                return np.where(x >= 0, z / (1 + z), 1 / (1 + z))
        """),
        "exp(x) / (1 + exp(x)) everywhere": code("""
            def sigmoid(x):
                e = np.exp(np.asarray(x, dtype=float))
                return e / (1 + e)
        """),
        "a loop over the first axis only": code("""
            def sigmoid(x):
                x = np.asarray(x, dtype=float)
                out = np.zeros(len(x))
                for i in range(len(x)):
                    v = np.ravel(x[i])[0]
                    out[i] = 1 / (1 + np.exp(-v)) if v >= 0 else np.exp(v) / (1 + np.exp(v))
                return out
        """),
    },
    "sigmoid_derivative": {
        "applied to x: sigma(x) * (1 - x)": code("""
            def sigmoid_derivative(x):
                return sigmoid(x) * (1 - x)
        """),
        "the (1 - sigma) missing": code("""
            def sigmoid_derivative(x):
                return sigmoid(x)
        """),
        "exp(-x) / (1 + exp(-x)) ** 2 (overflows)": code("""
            def sigmoid_derivative(x):
                e = np.exp(-np.asarray(x, dtype=float))
                return e / (1 + e) ** 2
        """),
        "sigma(x) * (1 + sigma(x))": code("""
            def sigmoid_derivative(x):
                s = sigmoid(x)
                return s * (1 + s)
        """),
        "sigmoid of the sigmoid": code("""
            def sigmoid_derivative(x):
                s = sigmoid(sigmoid(x))
                return s * (1 - s)
        """),
    },
    "tanh_derivative": {
        "applied to x: 1 - x ** 2": code("""
            def tanh_derivative(x):
                return 1 - np.asarray(x) ** 2
        """),
        "the square missing": code("""
            def tanh_derivative(x):
                return 1 - np.tanh(x)
        """),
        "np.empty_like of an integer input": code("""
            def tanh_derivative(x):
                out = np.empty_like(x)
                out[...] = 1 - np.tanh(x) ** 2
                return out
        """),
        "tanh(x) ** 2": code("""
            def tanh_derivative(x):
                return np.tanh(x) ** 2
        """),
    },
    "relu_derivative": {
        "ReLU itself": code("""
            def relu_derivative(x):
                return np.maximum(x, 0)
        """),
        "the cases swapped": code("""
            def relu_derivative(x):
                return (np.asarray(x) < 0).astype(float)
        """),
        "np.sign (-1 for negatives)": code("""
            def relu_derivative(x):
                return np.sign(x)
        """),
        "0.5 at 0 (np.heaviside(x, 0.5))": code("""
            def relu_derivative(x):
                return np.heaviside(x, 0.5)
        """),
    },
    "softmax": {
        "the columns normalised (axis 0)": code("""
            def softmax(Z):
                E = np.exp(Z - Z.max(axis=0, keepdims=True))
                return E / E.sum(axis=0, keepdims=True)
        """),
        "shifted by the row's mean, not its maximum": code("""
            def softmax(Z):
                E = np.exp(Z - Z.mean(axis=1, keepdims=True))
                return E / E.sum(axis=1, keepdims=True)
        """),
        "shifted by the global maximum": code("""
            def softmax(Z):
                E = np.exp(Z - np.max(Z))
                return E / E.sum(axis=1, keepdims=True)
        """),
        "not shifted (overflows)": code("""
            def softmax(Z):
                E = np.exp(Z)
                return E / E.sum(axis=1, keepdims=True)
        """),
        "np.empty_like of integer logits": code("""
            def softmax(Z):
                out = np.empty_like(Z)
                for i, row in enumerate(Z):
                    e = np.exp(row - row.max())
                    out[i] = e / e.sum()
                return out
        """),
        "divided by the sum of the whole array": code("""
            def softmax(Z):
                E = np.exp(Z - Z.max(axis=1, keepdims=True))
                return E / E.sum()
        """),
    },
}
