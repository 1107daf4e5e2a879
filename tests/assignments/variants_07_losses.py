"""07_losses, written from the statements: correct answers in other styles, and typical mistakes."""

from .variants import after, code, edit

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
    "softmax_cross_entropy": {
        "log-sum-exp row by row": code("""
            def softmax_cross_entropy(logits, y):
                N, K = np.shape(logits)
                loss, dlogits = 0.0, np.zeros((N, K))
                for n in range(N):
                    z = np.asarray(logits[n], dtype=float)
                    m = z.max()
                    log_sum = m + np.log(np.sum(np.exp(z - m)))
                    loss += (log_sum - z[y[n]]) / N
                    dlogits[n] = np.exp(z - log_sum)
                    dlogits[n, y[n]] -= 1
                return loss, dlogits / N
        """),
        "a one-hot matrix from np.eye, printed": code("""
            def softmax_cross_entropy(logits, y):
                Z = np.asarray(logits, dtype=float)
                Z = Z - Z.max(axis=1, keepdims=True)
                log_p = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
                onehot = np.eye(Z.shape[1])[y]
                loss = -np.sum(onehot * log_p) / len(Z)
                print("cross-entropy:", loss)
                return loss, (np.exp(log_p) - onehot) / len(Z)
        """),
        "np.logaddexp.reduce, a list": code("""
            def softmax_cross_entropy(logits, y):
                Z = logits.astype(np.float64)
                lse = np.logaddexp.reduce(Z, axis=1)
                rows = np.arange(len(y))
                P = np.exp(Z - lse[:, None])
                P[rows, y] -= 1
                return [np.mean(lse - Z[rows, y]), P / len(y)]
        """),
    },
    "l2_penalty": {
        "comprehensions over the names": code("""
            def l2_penalty(params, lam):
                penalty = lam / 2 * sum(np.sum(v ** 2) for k, v in params.items() if k.startswith("W"))
                grads = {k: lam * v if k.startswith("W") else np.zeros_like(v) for k, v in params.items()}
                return penalty, grads
        """),
        "np.vdot and name[0], logged": {
            after("l2_penalty"): code("""
                import logging
                logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
            """),
            "l2_penalty": code("""
                import logging

                def l2_penalty(params, lam):
                    total, grads = 0.0, {}
                    for name in params:
                        value = np.asarray(params[name], dtype=float)
                        if name[0] == "W":
                            total += 0.5 * lam * np.vdot(value, value)
                            grads[name] = lam * value
                        else:
                            grads[name] = np.zeros(value.shape)
                    logging.info("L2 penalty %.4f", total)
                    return total, grads
            """),
        },
    },
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
    "softmax_cross_entropy": {
        "summed over the samples": code("""
            def softmax_cross_entropy(logits, y):
                Z = logits - logits.max(axis=1, keepdims=True)
                log_p = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
                d = np.exp(log_p)
                d[np.arange(len(y)), y] -= 1
                return float(-log_p[np.arange(len(y)), y].sum()), d
        """),
        "the softmax down the columns": code("""
            def softmax_cross_entropy(logits, y):
                Z = logits - logits.max(axis=0, keepdims=True)
                log_p = Z - np.log(np.exp(Z).sum(axis=0, keepdims=True))
                d = np.exp(log_p)
                d[np.arange(len(y)), y] -= 1
                return float(-log_p[np.arange(len(y)), y].mean()), d / len(y)
        """),
        "the log of the softmax (log(0) for large logits)": code("""
            def softmax_cross_entropy(logits, y):
                E = np.exp(logits - logits.max(axis=1, keepdims=True))
                P = E / E.sum(axis=1, keepdims=True)
                d = P.copy()
                d[np.arange(len(y)), y] -= 1
                return float(-np.mean(np.log(P[np.arange(len(y)), y]))), d / len(y)
        """),
        "shifted by the row's mean": code("""
            def softmax_cross_entropy(logits, y):
                Z = logits - logits.mean(axis=1, keepdims=True)
                log_p = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
                d = np.exp(log_p)
                d[np.arange(len(y)), y] -= 1
                return float(-log_p[np.arange(len(y)), y].mean()), d / len(y)
        """),
        "the logits shifted in place": code("""
            def softmax_cross_entropy(logits, y):
                logits -= logits.max(axis=1, keepdims=True)
                log_p = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
                d = np.exp(log_p)
                d[np.arange(len(y)), y] -= 1
                return float(-log_p[np.arange(len(y)), y].mean()), d / len(y)
        """),
        "dlogits with the sign flipped": code("""
            def softmax_cross_entropy(logits, y):
                Z = logits - logits.max(axis=1, keepdims=True)
                log_p = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
                onehot = np.eye(logits.shape[1])[y]
                return float(-log_p[np.arange(len(y)), y].mean()), (onehot - np.exp(log_p)) / len(y)
        """),
        "dlogits built in a copy of integer logits": code("""
            def softmax_cross_entropy(logits, y):
                m = logits.max(axis=1, keepdims=True)
                log_p = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
                d = np.zeros_like(logits)
                d[:] = np.exp(log_p)
                d[np.arange(len(y)), y] -= 1
                return float(-log_p[np.arange(len(y)), y].mean()), d / len(y)
        """),
    },
    "l2_penalty": {
        "the biases penalised too": code("""
            def l2_penalty(params, lam):
                return lam / 2 * sum(np.sum(v ** 2) for v in params.values()), {k: lam * v for k, v in params.items()}
        """),
        "the 1/2 missing": code("""
            def l2_penalty(params, lam):
                penalty = lam * sum(np.sum(v ** 2) for k, v in params.items() if k.startswith("W"))
                return penalty, {k: lam * v if k.startswith("W") else np.zeros_like(v) for k, v in params.items()}
        """),
        "the gradient 2 lam w": code("""
            def l2_penalty(params, lam):
                penalty = lam / 2 * sum(np.sum(v ** 2) for k, v in params.items() if k.startswith("W"))
                return penalty, {k: 2 * lam * v if k.startswith("W") else np.zeros_like(v) for k, v in params.items()}
        """),
        "weights told apart by their number of dimensions": code("""
            def l2_penalty(params, lam):
                penalty = lam / 2 * sum(np.sum(v ** 2) for v in params.values() if v.ndim == 2)
                return penalty, {k: lam * v if v.ndim == 2 else np.zeros_like(v) for k, v in params.items()}
        """),
        "no gradient for the biases (keys missing)": code("""
            def l2_penalty(params, lam):
                weights = {k: v for k, v in params.items() if k.startswith("W")}
                return lam / 2 * sum(np.sum(v ** 2) for v in weights.values()), {k: lam * v for k, v in weights.items()}
        """),
    },
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
