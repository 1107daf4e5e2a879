"""Assignment 07_losses: typical mistakes, other correct answers, probe inputs."""

import numpy as np

from .spec import Answer, code, solution
from .variants import edit


def _ce_probes():
    rng = np.random.default_rng(171)
    probes = [((np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]]), np.array([0, 2])), {}),
              ((1000 * np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]]), np.array([0, 2])), {}),
              ((np.array([[0.0, 1000.0]]), np.array([0])), {}),
              ((np.array([[-1000.0, -1001.0, -1002.0], [1000.0, 0.0, -1000.0], [3.0, 1.0, 2.0]]), np.array([1, 0, 2])), {}),
              ((np.zeros((4, 5)), np.array([0, 1, 2, 4])), {})]
    for n, k in [(5, 4), (1, 3), (6, 2), (3, 10)]:
        probes.append(((3 * rng.normal(size=(n, k)), rng.integers(0, k, size=n)), {}))
    return probes


def _penalty_probes(seed, vector):
    """Parameter dicts for a penalty: the test's two layers, one layer at three strengths, odd names, a weight vector."""
    rng = np.random.default_rng(seed)
    probes = [(({"W1": np.array([[1.0, -2.0], [0.5, 0.0]]), "b1": np.array([3.0, -1.0]),
                 "W2": np.array([[2.0], [-1.0]]), "b2": np.array([2.0])}, 0.1), {})]
    for lam in (0.0, 0.3, 2.0):
        probes.append((({"W": rng.normal(size=(3, 4)), "b": rng.normal(size=4)}, lam), {}))
    probes.append((({"W_ih": rng.normal(size=(2, 3)), "W_hh": -np.ones((3, 3)), "b": np.ones(3), "W3": np.zeros((1, 1))}, 0.5), {}))
    probes.append((({"W": vector, "b": np.array([0.5])}, 0.2), {}))
    return probes


_SHAPES = [((3, 4), 0.25, 0), ((2, 3, 4), 0.5, 1), ((1, 5), 0.1, 2), ((6,), 0.9, 3), ((4, 3), 0.0, 4), ((200, 50), 0.3, 5)]


def _forward_probes():
    rng = np.random.default_rng(272)
    probes = [((np.arange(1.0, 13.0).reshape(3, 4), 0.25, np.random.default_rng(0)), {}),
              ((np.arange(1.0, 13.0).reshape(3, 4), 0.25, np.random.default_rng(0)), {"training": False}),
              ((np.array([[1, 2], [3, 4]]), 0.6, np.random.default_rng(10)), {})]
    for shape, p, seed in _SHAPES[1:]:
        probes.append(((rng.normal(size=shape), p, np.random.default_rng(seed)), {}))
        probes.append(((rng.normal(size=shape), p, np.random.default_rng(seed)), {"training": False}))
    return probes


def _backward_probes():
    forward = solution("07_losses")["dropout_forward"]
    rng = np.random.default_rng(273)
    probes = []
    for shape, p, seed in _SHAPES:
        X, dout = rng.normal(size=shape), rng.normal(size=shape)
        probes.append(((dout, forward(X, p, np.random.default_rng(seed))[1]), {}))
        probes.append(((dout, forward(X, p, np.random.default_rng(seed), training=False)[1]), {}))
    return probes


_CE = code("""
    def softmax_cross_entropy(logits, y):
        N = len(logits)
        shifted = logits - logits.max(axis=1, keepdims=True)
        log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
        d = np.exp(log_probs)
        d[np.arange(N), y] -= 1
        return -np.mean(log_probs[np.arange(N), y]), d / N
""")  # a correct answer; most of the typical mistakes below are edits of it


ANSWERS = {
    "softmax_cross_entropy": Answer(
        function="softmax_cross_entropy",
        probes=_ce_probes(),
        nnlib=code("""
            from nnlib import CrossEntropy
            def softmax_cross_entropy(logits, y):
                loss = CrossEntropy()
                return loss.forward(logits, y), loss.backward()
        """),
        wrong={
            "no shift: overflows": code("""
                def softmax_cross_entropy(logits, y):
                    N = len(logits)
                    P = np.exp(logits) / np.sum(np.exp(logits), axis=1, keepdims=True)
                    loss = -np.mean(np.log(P[np.arange(N), y]))
                    P[np.arange(N), y] -= 1
                    return loss, P / N
            """),
            "shifted by the global maximum": edit(_CE, "logits.max(axis=1, keepdims=True)", "logits.max()"),
            "log of the (shifted) softmax": code("""
                def softmax_cross_entropy(logits, y):
                    N = len(logits)
                    e = np.exp(logits - logits.max(axis=1, keepdims=True))
                    P = e / e.sum(axis=1, keepdims=True)
                    loss = -np.mean(np.log(P[np.arange(N), y]))
                    P[np.arange(N), y] -= 1
                    return loss, P / N
            """),
            "probabilities clipped at 1e-12 before the log": code("""
                def softmax_cross_entropy(logits, y):
                    N = len(logits)
                    e = np.exp(logits - logits.max(axis=1, keepdims=True))
                    P = e / e.sum(axis=1, keepdims=True)
                    loss = -np.mean(np.log(np.clip(P[np.arange(N), y], 1e-12, 1.0)))
                    P[np.arange(N), y] -= 1
                    return loss, P / N
            """),
            "the maximum not added back in the log-sum-exp": code("""
                def softmax_cross_entropy(logits, y):
                    N = len(logits)
                    m = logits.max(axis=1, keepdims=True)
                    lse = np.log(np.sum(np.exp(logits - m), axis=1))
                    loss = np.mean(-logits[np.arange(N), y] + lse)
                    d = np.exp(logits - m) / np.exp(logits - m).sum(axis=1, keepdims=True)
                    d[np.arange(N), y] -= 1
                    return loss, d / N
            """),
            "gradient without 1/N": edit(_CE, "]), d / N", "]), d"),
            "gradient with the sign flipped": edit(_CE, "]), d / N", "]), -d / N"),
            "softmax down the columns (axis 0)": edit(edit(_CE, "logits.max(axis=1,", "logits.max(axis=0,"),
                                                      "np.exp(shifted), axis=1", "np.exp(shifted), axis=0"),
            "loss summed over the samples": edit(_CE, "-np.mean(", "-np.sum("),
            "one-hot by d[:, y] (every row loses 1 at every label)": edit(_CE, "d[np.arange(N), y] -= 1", "d[:, y] -= 1"),
        },
        right={
            "row by row with math.exp": code("""
                import math
                def softmax_cross_entropy(logits, y):
                    N, K = logits.shape
                    loss, d = 0.0, np.zeros((N, K))
                    for n in range(N):
                        m = max(logits[n])
                        s = sum(math.exp(z - m) for z in logits[n])
                        loss += (m + math.log(s) - logits[n][y[n]]) / N
                        for k in range(K):
                            d[n, k] = (math.exp(logits[n][k] - m) / s - (k == y[n])) / N
                    return loss, d
            """),
            "log-sum-exp with the maximum added back, one-hot by comparison, a list": code("""
                def softmax_cross_entropy(logits, y):
                    m = np.max(logits, axis=-1, keepdims=True)
                    lse = m + np.log(np.exp(logits - m).sum(axis=-1, keepdims=True))  # (N, 1)
                    onehot = (np.arange(logits.shape[1]) == y[:, None]).astype(float)
                    loss = np.mean(lse[:, 0] - np.sum(onehot * logits, axis=1))
                    return [loss, (np.exp(logits - lse) - onehot) / logits.shape[0]]
            """),
        },
    ),
    "l2_penalty": Answer(
        function="l2_penalty",
        probes=_penalty_probes(172, np.array([1.0, -2.0, 3.0])),
        nnlib=code("""
            from nnlib import SGD, Dense
            def l2_penalty(params, lam):
                layer = Dense(1, 1)
                layer.params = dict(params)
                layer.grads = {k: np.zeros_like(v) for k, v in params.items()}
                opt = SGD(layer, lr=1.0, weight_decay=lam)
                penalty = opt.penalty()
                opt.step()
                return penalty, {k: params[k] - layer.params[k] for k in params}
        """),
        wrong={
            "biases penalised too": code("""
                def l2_penalty(params, lam):
                    return 0.5 * lam * sum(np.sum(v ** 2) for v in params.values()), {k: lam * v for k, v in params.items()}
            """),
            "no 1/2": code("""
                def l2_penalty(params, lam):
                    W = [k for k in params if k.startswith("W")]
                    grads = {k: lam * v if k in W else np.zeros_like(v) for k, v in params.items()}
                    return lam * sum(np.sum(params[k] ** 2) for k in W), grads
            """),
            "gradient 2 lam W": code("""
                def l2_penalty(params, lam):
                    W = [k for k in params if k.startswith("W")]
                    grads = {k: 2 * lam * v if k in W else np.zeros_like(v) for k, v in params.items()}
                    return 0.5 * lam * sum(np.sum(params[k] ** 2) for k in W), grads
            """),
            "no entries for the biases": code("""
                def l2_penalty(params, lam):
                    W = [k for k in params if k.startswith("W")]
                    return 0.5 * lam * sum(np.sum(params[k] ** 2) for k in W), {k: lam * params[k] for k in W}
            """),
            "weights told apart by ndim instead of by name": code("""
                def l2_penalty(params, lam):
                    W = [k for k in params if np.ndim(params[k]) == 2]
                    grads = {k: lam * v if k in W else np.zeros_like(v) for k, v in params.items()}
                    return 0.5 * lam * sum(np.sum(params[k] ** 2) for k in W), grads
            """),
            "square of the sum": code("""
                def l2_penalty(params, lam):
                    W = [k for k in params if k.startswith("W")]
                    grads = {k: lam * v if k in W else np.zeros_like(v) for k, v in params.items()}
                    return 0.5 * lam * sum(np.sum(params[k]) ** 2 for k in W), grads
            """),
        },
        right={
            "a comprehension, the norm": code("""
                def l2_penalty(params, lam):
                    weights = {k: v for k, v in params.items() if k[0] == "W"}
                    penalty = lam / 2 * sum(np.linalg.norm(v.ravel()) ** 2 for v in weights.values())
                    return penalty, {k: lam * weights[k] if k in weights else 0 * v for k, v in params.items()}
            """),
            "a loop with not startswith('b'), a 0-d array, a list": code("""
                def l2_penalty(params, lam):
                    total, grads = np.array(0.0), {}
                    for name in params:
                        w = params[name]
                        if not name.startswith("b"):
                            total = total + lam * np.vdot(w, w) / 2
                        grads[name] = np.zeros(w.shape) if name.startswith("b") else lam * w
                    return [total, grads]
            """),
        },
    ),
    "l1_penalty": Answer(
        function="l1_penalty",
        probes=_penalty_probes(271, np.array([3, 0, -1])),
        nnlib=code("""
            from nnlib import SGD, Dense
            def l1_penalty(params, lam):
                layer = Dense(1, 1)
                layer.params = {k: np.asarray(v, dtype=float) for k, v in params.items()}
                layer.grads = {k: np.zeros_like(v) for k, v in layer.params.items()}
                opt = SGD(layer, lr=1.0, l1=lam)
                penalty = opt.penalty()
                before = {k: v.copy() for k, v in layer.params.items()}
                opt.step()
                return penalty, {k: before[k] - layer.params[k] for k in params}
        """),
        wrong={
            "biases penalised too": code("""
                def l1_penalty(params, lam):
                    return lam * sum(np.sum(np.abs(v)) for v in params.values()), {k: lam * np.sign(v) for k, v in params.items()}
            """),
            "a 1/2 as in L2": code("""
                def l1_penalty(params, lam):
                    W = [k for k in params if k.startswith("W")]
                    grads = {k: lam * np.sign(v) if k in W else np.zeros_like(v) for k, v in params.items()}
                    return 0.5 * lam * sum(np.sum(np.abs(params[k])) for k in W), grads
            """),
            "L2's gradient lam * W": code("""
                def l1_penalty(params, lam):
                    W = [k for k in params if k.startswith("W")]
                    grads = {k: lam * v if k in W else np.zeros_like(v) for k, v in params.items()}
                    return lam * sum(np.sum(np.abs(params[k])) for k in W), grads
            """),
            "sign(0) taken as +1": code("""
                def l1_penalty(params, lam):
                    W = [k for k in params if k.startswith("W")]
                    grads = {k: lam * np.where(v >= 0, 1.0, -1.0) if k in W else np.zeros_like(v) for k, v in params.items()}
                    return lam * sum(np.sum(np.abs(params[k])) for k in W), grads
            """),
            "no absolute value": code("""
                def l1_penalty(params, lam):
                    W = [k for k in params if k.startswith("W")]
                    grads = {k: lam * np.sign(v) if k in W else np.zeros_like(v) for k, v in params.items()}
                    return lam * sum(np.sum(params[k]) for k in W), grads
            """),
            "weights told apart by ndim instead of by name": code("""
                def l1_penalty(params, lam):
                    W = [k for k in params if np.ndim(params[k]) == 2]
                    grads = {k: lam * np.sign(v) if k in W else np.zeros_like(v) for k, v in params.items()}
                    return lam * sum(np.sum(np.abs(params[k])) for k in W), grads
            """),
            "integer gradients for integer weights": code("""
                def l1_penalty(params, lam):
                    grads, total = {}, 0.0
                    for k, v in params.items():
                        grads[k] = np.zeros_like(v)
                        if k.startswith("W"):
                            total += lam * np.abs(v).sum()
                            grads[k][...] = lam * np.sign(v)
                    return total, grads
            """),
        },
        right={
            "a sign by comparisons, a list": code("""
                def l1_penalty(params, lam):
                    total, grads = 0.0, {}
                    for name, w in params.items():
                        if name[0] == "W":
                            total = total + lam * np.abs(w).sum()
                            grads[name] = lam * ((w > 0).astype(float) - (w < 0))
                        else:
                            grads[name] = np.zeros(np.shape(w))
                    return [total, grads]
            """),
            "np.linalg.norm with ord 1 on the flattened weights": code("""
                def l1_penalty(params, lam):
                    weights = {k: v for k, v in params.items() if not k.startswith("b")}
                    penalty = lam * sum(np.linalg.norm(np.ravel(v), 1) for v in weights.values())
                    return penalty, {k: lam * np.sign(v) if k in weights else 0.0 * v for k, v in params.items()}
            """),
        },
    ),
    "dropout_forward": Answer(
        function="dropout_forward",
        probes=_forward_probes(),
        nnlib=code("""
            from nnlib import Dropout
            def dropout_forward(X, p, rng, training=True):
                layer = Dropout(p, random_state=rng)
                layer.training = training
                return layer.forward(X), layer
        """),
        wrong={
            "not rescaled": code("""
                def dropout_forward(X, p, rng, training=True):
                    if not training:
                        return X, None
                    keep = rng.random(X.shape) >= p
                    return X * keep, keep
            """),
            "scaled by 1/p": code("""
                def dropout_forward(X, p, rng, training=True):
                    if not training:
                        return X, None
                    keep = rng.random(X.shape) >= p
                    return X * keep / p, keep / p
            """),
            "kept with probability p": code("""
                def dropout_forward(X, p, rng, training=True):
                    if not training:
                        return X, None
                    keep = rng.random(X.shape) < p
                    return X * keep / (1 - p), keep / (1 - p)
            """),
            "scaled by 1 - p at test time": code("""
                def dropout_forward(X, p, rng, training=True):
                    if not training:
                        return X * (1 - p), None
                    keep = rng.random(X.shape) >= p
                    return X * keep / (1 - p), keep / (1 - p)
            """),
            "a mask at test time too": code("""
                def dropout_forward(X, p, rng, training=True):
                    keep = rng.random(X.shape) >= p
                    return X * keep / (1 - p), keep / (1 - p)
            """),
            "one mask per row, not per entry": code("""
                def dropout_forward(X, p, rng, training=True):
                    if not training:
                        return X, None
                    keep = rng.random(X.shape[:1]) >= p
                    keep = keep.reshape((-1,) + (1,) * (X.ndim - 1)) * np.ones(X.shape)
                    return X * keep / (1 - p), keep / (1 - p)
            """),
            "integer division keeps integer inputs integer": code("""
                def dropout_forward(X, p, rng, training=True):
                    if not training:
                        return X, None
                    keep = rng.random(X.shape) >= p
                    out = np.zeros_like(X)
                    out[keep] = X[keep] / (1 - p)
                    return out, keep / (1 - p)
            """),
        },
        right={
            "np.where, a copy at test time": code("""
                def dropout_forward(X, p, rng, training=True):
                    if training:
                        keep = rng.random(X.shape) >= p
                        return np.where(keep, X / (1.0 - p), 0.0), keep / (1.0 - p)
                    return X.copy(), None
            """),
            "not (u < p), a list": code("""
                def dropout_forward(X, p, rng, training=True):
                    if not training:
                        return [X, None]
                    scale = ~(rng.random(X.shape) < p) * (1 / (1 - p))
                    return [X * scale, scale]
            """),
        },
    ),
    "dropout_backward": Answer(
        function="dropout_backward",
        probes=_backward_probes(),
        nnlib=code("""
            from nnlib import Dropout
            def dropout_forward(X, p, rng, training=True):
                layer = Dropout(p, random_state=rng)
                layer.training = training
                return layer.forward(X), layer
            def dropout_backward(dout, cache):
                return cache.backward(dout)
        """),
        wrong={
            "the 1/(1 - p) left out": code("""
                def dropout_forward(X, p, rng, training=True):
                    if not training:
                        return X, None
                    keep = rng.random(X.shape) >= p
                    return X * keep / (1 - p), keep
                def dropout_backward(dout, cache):
                    return dout if cache is None else dout * cache
            """),
            "dout passed through unmasked": code("""
                def dropout_backward(dout, cache):
                    return dout
            """),
            "a mask kept in a global variable": code("""
                LAST = {}
                def dropout_forward(X, p, rng, training=True):
                    if not training:
                        LAST["scale"] = None
                        return X, None
                    LAST["scale"] = (rng.random(X.shape) >= p) / (1 - p)
                    return X * LAST["scale"], None
                def dropout_backward(dout, cache):
                    return dout if LAST["scale"] is None else dout * LAST["scale"]
            """),
            "a fresh mask drawn in the backward pass": code("""
                def dropout_forward(X, p, rng, training=True):
                    if not training:
                        return X, None
                    return X * (rng.random(X.shape) >= p) / (1 - p), p
                def dropout_backward(dout, cache):
                    if cache is None:
                        return dout
                    return dout * (np.random.random(dout.shape) >= cache) / (1 - cache)
            """),
        },
        right={
            "the kept entries and p in a tuple, np.where": code("""
                def dropout_forward(X, p, rng, training=True):
                    if not training:
                        return X, (None, 0.0)
                    keep = rng.random(X.shape) >= p
                    return np.where(keep, X, 0.0) / (1 - p), (keep, p)
                def dropout_backward(dout, cache):
                    keep, p = cache
                    if keep is None:
                        return dout.copy()
                    return np.where(keep, dout, 0.0) / (1 - p)
            """),
            "the mask and p in a dict": code("""
                def dropout_forward(X, p, rng, training=True):
                    if training:
                        keep = rng.random(X.shape) >= p
                        return X * keep / (1.0 - p), {"keep": keep, "p": p, "training": True}
                    return X, {"training": False}
                def dropout_backward(dout, cache):
                    if not cache["training"]:
                        return dout
                    return dout * cache["keep"] / (1.0 - cache["p"])
            """),
        },
    ),
}
