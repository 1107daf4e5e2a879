"""Assignment 07_losses: typical mistakes, other correct answers, probe inputs."""

import numpy as np

from .spec import Answer, code, solution
from .spec_07_training import ANSWERS as _TRAINING


def _l1_probes():
    rng = np.random.default_rng(271)
    probes = [(({"W1": np.array([[1.0, -2.0], [0.5, 0.0]]), "b1": np.array([3.0, -1.0]),
                 "W2": np.array([[2.0], [-1.0]]), "b2": np.array([2.0])}, 0.1), {})]
    for lam in (0.0, 0.3, 2.0):
        probes.append((({"W": rng.normal(size=(3, 4)), "b": rng.normal(size=4)}, lam), {}))
    probes.append((({"W_ih": rng.normal(size=(2, 3)), "W_hh": -np.ones((3, 3)), "b": np.ones(3), "W3": np.zeros((1, 1))}, 0.5), {}))
    probes.append((({"W": np.array([3, 0, -1]), "b": np.array([0.5])}, 0.2), {}))
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


ANSWERS = {
    "softmax_cross_entropy": _TRAINING["softmax_cross_entropy"],
    "l2_penalty": _TRAINING["l2_penalty"],
    "l1_penalty": Answer(
        function="l1_penalty",
        probes=_l1_probes(),
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
