"""07_losses, written from the statements: correct answers in other styles, and typical mistakes."""

from .variants import after, code, edit
from .variants_07_training import RIGHT as _TRAINING_RIGHT, WRONG as _TRAINING_WRONG

_DROPOUT = {
    "dropout_forward": code("""
        def dropout_forward(X, p, rng, training=True):
            if not training:
                return X, None
            keep = rng.random(X.shape) >= p
            return X * keep / (1 - p), (keep, p)
    """),
    "dropout_backward": code("""
        def dropout_backward(dout, cache):
            if cache is None:
                return dout
            keep, p = cache
            return dout * keep / (1 - p)
    """),
}

RIGHT = {
    "softmax_cross_entropy": _TRAINING_RIGHT["softmax_cross_entropy"],
    "l2_penalty": _TRAINING_RIGHT["l2_penalty"],
    "l1_penalty": {
        "a loop with np.sign, the penalty printed": code("""
            def l1_penalty(params, lam):
                penalty = 0.0
                grads = {}
                for name, value in params.items():
                    if name.startswith("W"):
                        penalty += lam * np.sum(np.abs(value))
                        grads[name] = lam * np.sign(value)
                    else:
                        grads[name] = np.zeros(value.shape)
                print("L1 penalty:", penalty)
                return penalty, grads
        """),
        "comprehensions, the sign by np.where, a list": code("""
            def l1_penalty(params, lam):
                weights = [k for k in params if k.startswith("W")]
                total = lam * sum(abs(params[k]).sum() for k in weights)
                grads = {k: (lam * np.where(params[k] > 0, 1.0, np.where(params[k] < 0, -1.0, 0.0)) if k in weights
                             else np.zeros_like(params[k], dtype=float)) for k in params}
                return [total, grads]
        """),
        "w / |w| with the zeros handled, a warning about lam = 0": code("""
            import warnings

            def l1_penalty(params, lam):
                if lam == 0:
                    warnings.warn("lam = 0: no penalty")
                out, total = {}, 0.0
                for k in params:
                    w = np.asarray(params[k], dtype=float)
                    if k[0] == "b":
                        out[k] = np.zeros_like(w)
                        continue
                    a = np.abs(w)
                    total += lam * a.sum()
                    out[k] = lam * np.divide(w, a, out=np.zeros_like(w), where=a > 0)
                return total, out
        """),
    },
    "dropout_forward": {
        "np.where and a copy at test time": {
            "dropout_forward": code("""
                def dropout_forward(X, p, rng, training=True):
                    if not training:
                        return np.copy(X), None
                    keep = rng.random(X.shape) >= p
                    return np.where(keep, X / (1.0 - p), 0.0), (keep, p)
            """),
            "dropout_backward": _DROPOUT["dropout_backward"],
        },
        "the scaled mask as the cache, logging, a list": {
            after("dropout_forward"): code("""
                import logging
                logging.basicConfig(level=logging.INFO)
            """),
            "dropout_forward": code("""
                import logging

                def dropout_forward(X, p, rng, training=True):
                    if training:
                        mask = (rng.random(X.shape) >= p).astype(float) / (1 - p)
                        logging.info("dropped %d of %d", np.sum(mask == 0), mask.size)
                    else:
                        mask = np.ones(np.shape(X))
                    return [X * mask, mask]
            """),
            "dropout_backward": code("""
                def dropout_backward(dout, cache):
                    return dout * cache
            """),
        },
        "a dict cache, the scale computed once": {
            "dropout_forward": code("""
                def dropout_forward(X, p, rng, training=True):
                    cache = {"training": training}
                    if not training:
                        return X, cache
                    scale = 1.0 / (1.0 - p)
                    cache["keep"] = rng.random(X.shape) >= p
                    cache["scale"] = scale
                    return X * cache["keep"] * scale, cache
            """),
            "dropout_backward": code("""
                def dropout_backward(dout, cache):
                    if cache["training"]:
                        return dout * cache["keep"] * cache["scale"]
                    return dout
            """),
        },
    },
    "dropout_backward": {
        "a copy of dout at test time, np.multiply": {
            "dropout_forward": _DROPOUT["dropout_forward"],
            "dropout_backward": code("""
                def dropout_backward(dout, cache):
                    if cache is None:
                        return dout.copy()
                    keep, p = cache
                    return np.multiply(dout, keep) * (1.0 / (1.0 - p))
            """),
        },
    },
}

WRONG = {
    "softmax_cross_entropy": _TRAINING_WRONG["softmax_cross_entropy"],
    "l2_penalty": _TRAINING_WRONG["l2_penalty"],
    "l1_penalty": {
        "the biases penalised too": code("""
            def l1_penalty(params, lam):
                return lam * sum(np.sum(np.abs(v)) for v in params.values()), {k: lam * np.sign(v) for k, v in params.items()}
        """),
        "L2's gradient lam * w": code("""
            def l1_penalty(params, lam):
                penalty = lam * sum(np.sum(np.abs(v)) for k, v in params.items() if k.startswith("W"))
                return penalty, {k: lam * v if k.startswith("W") else np.zeros_like(v) for k, v in params.items()}
        """),
        "a 1/2 as in L2": code("""
            def l1_penalty(params, lam):
                penalty = lam / 2 * sum(np.sum(np.abs(v)) for k, v in params.items() if k.startswith("W"))
                return penalty, {k: lam * np.sign(v) if k.startswith("W") else np.zeros_like(v) for k, v in params.items()}
        """),
        "the gradient at 0 taken as +lam": code("""
            def l1_penalty(params, lam):
                penalty = lam * sum(np.sum(np.abs(v)) for k, v in params.items() if k.startswith("W"))
                return penalty, {k: lam * np.where(v < 0, -1.0, 1.0) if k.startswith("W") else np.zeros_like(v) for k, v in params.items()}
        """),
        "no gradient for the biases (keys missing)": code("""
            def l1_penalty(params, lam):
                weights = {k: v for k, v in params.items() if k.startswith("W")}
                return lam * sum(np.sum(np.abs(v)) for v in weights.values()), {k: lam * np.sign(v) for k, v in weights.items()}
        """),
    },
    "dropout_forward": {
        "not scaled by 1 / (1 - p)": edit(_DROPOUT["dropout_forward"], "return X * keep / (1 - p), (keep, p)", "return X * keep, (keep, p)"),
        "the entries kept with probability p": edit(_DROPOUT["dropout_forward"], "keep = rng.random(X.shape) >= p", "keep = rng.random(X.shape) < p"),
        "the mask also at test time": edit(_DROPOUT["dropout_forward"], "    if not training:\n        return X, None\n", ""),
        "scaled by 1 - p at test time": edit(_DROPOUT["dropout_forward"], "return X, None", "return X * (1 - p), None"),
        "a mask drawn with rng.binomial": edit(_DROPOUT["dropout_forward"], "keep = rng.random(X.shape) >= p", "keep = rng.binomial(1, 1 - p, size=X.shape)"),
    },
    "dropout_backward": {
        "dout passed through unmasked": {
            "dropout_forward": _DROPOUT["dropout_forward"],
            "dropout_backward": code("""
                def dropout_backward(dout, cache):
                    return dout
            """),
        },
        "the 1 / (1 - p) left out": {
            "dropout_forward": _DROPOUT["dropout_forward"],
            "dropout_backward": edit(_DROPOUT["dropout_backward"], "return dout * keep / (1 - p)", "return dout * keep"),
        },
        "the mask of the last forward call, kept in a global": {
            "dropout_forward": code("""
                LAST_MASK = None

                def dropout_forward(X, p, rng, training=True):
                    global LAST_MASK
                    if not training:
                        LAST_MASK = None
                        return X, None
                    LAST_MASK = (rng.random(X.shape) >= p) / (1 - p)
                    return X * LAST_MASK, p
            """),
            "dropout_backward": code("""
                def dropout_backward(dout, cache):
                    return dout if LAST_MASK is None else dout * LAST_MASK
            """),
        },
    },
}
