"""Assignment 07_training: typical mistakes, other correct answers, probe inputs."""

import numpy as np

from .spec import Answer, code


def _init(rng, D, H, K):
    return {"W1": rng.normal(0.0, np.sqrt(2.0 / D), size=(D, H)), "b1": 0.1 * rng.normal(size=H),
            "W2": rng.normal(0.0, np.sqrt(2.0 / H), size=(H, K)), "b2": 0.1 * rng.normal(size=K)}


def _sgd_probes():
    rng = np.random.default_rng(173)
    probes = []
    for lr, beta in [(0.1, 0.9), (0.05, 0.0), (0.3, 0.5), (0.01, 0.99), (0.0, 0.9)]:
        p = {"W1": rng.normal(size=(3, 2)), "b1": rng.normal(size=2), "W2": rng.normal(size=(2, 4)), "b2": rng.normal(size=4)}
        g = {k: rng.normal(size=v.shape) for k, v in p.items()}
        for v in ({k: np.zeros_like(a) for k, a in p.items()}, {k: rng.normal(size=a.shape) for k, a in p.items()}):
            probes.append(((p, g, v, lr, beta), {}))
    return probes


def _train_probes():
    rng = np.random.default_rng(174)
    X, y = rng.normal(size=(5, 3)), np.array([0, 2, 1, 1, 0])
    p = _init(rng, 3, 4, 3)
    X1, y1 = rng.normal(size=(7, 2)), rng.integers(0, 4, size=7)
    p1 = _init(rng, 2, 3, 4)
    probes = []
    for data, settings, seed in [
        ((X, y, p), dict(lr=0.1, momentum=0.9, l2=0.01, epochs=1, batch_size=2), 0),
        ((X, y, p), dict(lr=0.1, momentum=0.9, l2=0.01, epochs=3, batch_size=2), 0),
        ((X, y, p), dict(lr=0.5, momentum=0.5, l2=0.1, epochs=4, batch_size=5), 1),
        ((X, y, p), dict(lr=0.2, momentum=0.0, l2=0.0, epochs=2, batch_size=1), 3),
        ((X, y, p), dict(lr=0.3, momentum=0.9, l2=0.0, epochs=2, batch_size=8), 4),
        ((X1, y1, p1), dict(lr=0.2, momentum=0.8, l2=0.05, epochs=2, batch_size=3), 5),
        ((X1[:1], y1[:1], p1), dict(lr=0.2, momentum=0.8, l2=0.05, epochs=3, batch_size=4), 6),
    ]:
        probes.append((data, dict(settings, rng=np.random.default_rng(seed))))
    return probes


ANSWERS = {
    "sgd_step": Answer(
        function="sgd_step",
        probes=_sgd_probes(),
        nnlib=code("""
            from nnlib import SGD, Dense
            def sgd_step(params, grads, velocity, lr, momentum):
                layer = Dense(1, 1)
                layer.params = {k: v.copy() for k, v in params.items()}
                layer.grads = dict(grads)
                opt = SGD(layer, lr=lr, momentum=momentum)
                opt._velocity = {(id(layer), k): v for k, v in velocity.items()}
                opt.step()
                return layer.params, {k: opt._velocity[(id(layer), k)] for k in params}
        """),
        wrong={
            "up the gradient": code("""
                def sgd_step(params, grads, velocity, lr, momentum):
                    v = {k: lr * grads[k] + momentum * velocity[k] for k in params}
                    return {k: params[k] + v[k] for k in params}, v
            """),
            "biases not updated": code("""
                def sgd_step(params, grads, velocity, lr, momentum):
                    v = {k: lr * grads[k] + momentum * velocity[k] for k in params}
                    return {k: params[k] - v[k] if k.startswith("W") else params[k] for k in params}, v
            """),
            "momentum ignored": code("""
                def sgd_step(params, grads, velocity, lr, momentum):
                    v = {k: lr * grads[k] for k in params}
                    return {k: params[k] - v[k] for k in params}, v
            """),
            "the old velocity returned": code("""
                def sgd_step(params, grads, velocity, lr, momentum):
                    v = {k: lr * grads[k] + momentum * velocity[k] for k in params}
                    return {k: params[k] - v[k] for k in params}, velocity
            """),
            "momentum subtracted": code("""
                def sgd_step(params, grads, velocity, lr, momentum):
                    v = {k: lr * grads[k] - momentum * velocity[k] for k in params}
                    return {k: params[k] - v[k] for k in params}, v
            """),
            "the step uses the old velocity": code("""
                def sgd_step(params, grads, velocity, lr, momentum):
                    v = {k: lr * grads[k] + momentum * velocity[k] for k in params}
                    return {k: params[k] - lr * grads[k] - velocity[k] for k in params}, v
            """),
        },
        right={
            "PyTorch's momentum": code("""
                def sgd_step(params, grads, velocity, lr, momentum):
                    buf = {k: momentum * velocity[k] + grads[k] for k in params}
                    return {k: params[k] - lr * buf[k] for k in params}, buf
            """),
            "CS231n's sign convention, in place on copies": code("""
                def sgd_step(params, grads, velocity, lr, momentum):
                    new_p, new_v = {}, {}
                    for k in params:
                        new_v[k] = momentum * velocity[k] - lr * grads[k]
                        new_p[k] = params[k].copy()
                        new_p[k] += new_v[k]
                    return new_p, new_v
            """),
        },
    ),
    "inverse_time_decay": Answer(
        function="inverse_time_decay",
        probes=[((0, 100, 200), {}), ((860, 100, 200), {}), ((np.array([0, 1, 10, 100]), 1.0, 4.0), {}),
                ((np.arange(0, 5000, 7), 100, 200), {}), ((np.array([[3, 5], [0, 2]]), 0.6, 1.5), {}),
                ((7, 3, 1), {}), ((np.array([4, 9]), 10, 1), {})],
        nnlib=code("""
            from nnlib import InverseTimeDecay
            def inverse_time_decay(k, c1, c2):
                return InverseTimeDecay(c1, c2)(k)
        """),
        wrong={
            "counted from 1": code("""
                def inverse_time_decay(k, c1, c2):
                    return c1 / (k + 1 + c2)
            """),
            "c1 / k + c2": code("""
                def inverse_time_decay(k, c1, c2):
                    return c1 / np.maximum(k, 1) + c2
            """),
            "the constants swapped": code("""
                def inverse_time_decay(k, c1, c2):
                    return c2 / (k + c1)
            """),
            "integer division": code("""
                def inverse_time_decay(k, c1, c2):
                    return c1 // (k + c2)
            """),
            "only for a single step": code("""
                def inverse_time_decay(k, c1, c2):
                    return float(c1 / (k + c2))
            """),
        },
        right={
            "a loop over the steps": code("""
                def inverse_time_decay(k, c1, c2):
                    if np.ndim(k) == 0:
                        return c1 / (k + c2)
                    return np.array([c1 / (step + c2) for step in np.ravel(k)]).reshape(np.shape(k))
            """),
            "the first rate decayed": code("""
                def inverse_time_decay(k, c1, c2):
                    alpha0 = c1 / c2
                    return alpha0 * c2 / (c2 + np.asarray(k, dtype=float))
            """),
        },
    ),
    "init_weights": Answer(
        function="init_weights",
        probes=[((fan_in, fan_out, method, np.random.default_rng(seed)), {})
                for fan_in, fan_out, seed in [(3, 2, 0), (64, 10, 1), (1, 5, 2), (7, 1, 3), (100, 100, 4)]
                for method in ("xavier", "he", "lecun", "Xavier", "uniform")],
        nnlib=code("""
            from nnlib import initialize
            def init_weights(fan_in, fan_out, method, rng):
                scheme = {"xavier": "xavier_normal", "he": "he"}.get(method, method)
                return initialize(scheme, (fan_in, fan_out), fan_in, fan_out, random_state=rng)
        """),
        wrong={
            "the variance used as the standard deviation": code("""
                def init_weights(fan_in, fan_out, method, rng):
                    if method not in ("xavier", "he"):
                        raise ValueError(f"unknown method {method!r}")
                    var = 2 / (fan_in + fan_out) if method == "xavier" else 2 / fan_in
                    return rng.normal(0.0, var, size=(fan_in, fan_out))
            """),
            "He with fan_in + fan_out": code("""
                def init_weights(fan_in, fan_out, method, rng):
                    if method not in ("xavier", "he"):
                        raise ValueError(f"unknown method {method!r}")
                    var = 2 / (fan_in + fan_out) if method == "xavier" else 4 / (fan_in + fan_out)
                    return rng.normal(0.0, np.sqrt(var), size=(fan_in, fan_out))
            """),
            "Xavier with 1 / fan_in": code("""
                def init_weights(fan_in, fan_out, method, rng):
                    if method not in ("xavier", "he"):
                        raise ValueError(f"unknown method {method!r}")
                    var = 1 / fan_in if method == "xavier" else 2 / fan_in
                    return rng.normal(0.0, np.sqrt(var), size=(fan_in, fan_out))
            """),
            "the shape transposed": code("""
                def init_weights(fan_in, fan_out, method, rng):
                    if method not in ("xavier", "he"):
                        raise ValueError(f"unknown method {method!r}")
                    var = 2 / (fan_in + fan_out) if method == "xavier" else 2 / fan_in
                    return rng.normal(0.0, np.sqrt(var), size=(fan_out, fan_in))
            """),
            "He for every other method": code("""
                def init_weights(fan_in, fan_out, method, rng):
                    var = 2 / (fan_in + fan_out) if method == "xavier" else 2 / fan_in
                    return rng.normal(0.0, np.sqrt(var), size=(fan_in, fan_out))
            """),
            "Xavier's uniform form": code("""
                def init_weights(fan_in, fan_out, method, rng):
                    if method == "xavier":
                        a = np.sqrt(6 / (fan_in + fan_out))
                        return rng.uniform(-a, a, size=(fan_in, fan_out))
                    if method == "he":
                        return rng.normal(0.0, np.sqrt(2 / fan_in), size=(fan_in, fan_out))
                    raise ValueError(f"unknown method {method!r}")
            """),
        },
        right={
            "standard normals scaled, a dict of variances": code("""
                def init_weights(fan_in, fan_out, method, rng):
                    variances = {"xavier": 2.0 / (fan_in + fan_out), "he": 2.0 / fan_in}
                    if method not in variances:
                        raise ValueError("unknown method " + repr(method) + "; use 'xavier' or 'he'")
                    return rng.normal(0.0, 1.0, size=(fan_in, fan_out)) * np.sqrt(variances[method])
            """),
            "match, the scale as a keyword": code("""
                def init_weights(fan_in, fan_out, method, rng):
                    match method:
                        case "xavier":
                            std = (2 / (fan_in + fan_out)) ** 0.5
                        case "he":
                            std = (2 / fan_in) ** 0.5
                        case _:
                            raise ValueError(f"{method} is not a method I know")
                    return rng.normal(loc=0, scale=std, size=(fan_in, fan_out))
            """),
        },
    ),
    "train": Answer(
        function="train",
        probes=_train_probes(),
        nnlib=code("""
            from nnlib import SGD, CrossEntropy, Dense, Sequential, fit
            def train(X, y, params, lr, momentum, l2, epochs, batch_size, rng):
                l1 = Dense(*params["W1"].shape, activation="relu")
                l2_ = Dense(*params["W2"].shape)
                l1.params.update(W=params["W1"].copy(), b=params["b1"].copy())
                l2_.params.update(W=params["W2"].copy(), b=params["b2"].copy())
                net = Sequential([l1, l2_])
                fit(net, X, y, loss=CrossEntropy(), optimizer=SGD(net, lr=lr, momentum=momentum, weight_decay=l2),
                    epochs=epochs, batch_size=batch_size, random_state=rng)
                return {"W1": l1.params["W"], "b1": l1.params["b"], "W2": l2_.params["W"], "b2": l2_.params["b"]}
        """),
        wrong={
            "no shuffling": code("""
                def train(X, y, params, lr, momentum, l2, epochs, batch_size, rng):
                    velocity = {k: np.zeros_like(v) for k, v in params.items()}
                    for epoch in range(epochs):
                        for start in range(0, len(X), batch_size):
                            b = slice(start, start + batch_size)
                            _, grads = mlp_loss_and_grads(X[b], y[b], params)
                            _, pg = l2_penalty(params, l2)
                            params, velocity = sgd_step(params, {k: grads[k] + pg[k] for k in grads}, velocity, lr, momentum)
                    return params
            """),
            "shuffled once, before the first epoch": code("""
                def train(X, y, params, lr, momentum, l2, epochs, batch_size, rng):
                    velocity = {k: np.zeros_like(v) for k, v in params.items()}
                    order = rng.permutation(len(X))
                    for epoch in range(epochs):
                        for start in range(0, len(X), batch_size):
                            b = order[start:start + batch_size]
                            _, grads = mlp_loss_and_grads(X[b], y[b], params)
                            _, pg = l2_penalty(params, l2)
                            params, velocity = sgd_step(params, {k: grads[k] + pg[k] for k in grads}, velocity, lr, momentum)
                    return params
            """),
            "X and y shuffled separately": code("""
                def train(X, y, params, lr, momentum, l2, epochs, batch_size, rng):
                    velocity = {k: np.zeros_like(v) for k, v in params.items()}
                    for epoch in range(epochs):
                        Xs, ys = rng.permutation(X), rng.permutation(y)
                        for start in range(0, len(X), batch_size):
                            b = slice(start, start + batch_size)
                            _, grads = mlp_loss_and_grads(Xs[b], ys[b], params)
                            _, pg = l2_penalty(params, l2)
                            params, velocity = sgd_step(params, {k: grads[k] + pg[k] for k in grads}, velocity, lr, momentum)
                    return params
            """),
            "np.random's global state instead of rng": code("""
                def train(X, y, params, lr, momentum, l2, epochs, batch_size, rng):
                    velocity = {k: np.zeros_like(v) for k, v in params.items()}
                    for epoch in range(epochs):
                        order = np.random.permutation(len(X))
                        for start in range(0, len(X), batch_size):
                            b = order[start:start + batch_size]
                            _, grads = mlp_loss_and_grads(X[b], y[b], params)
                            _, pg = l2_penalty(params, l2)
                            params, velocity = sgd_step(params, {k: grads[k] + pg[k] for k in grads}, velocity, lr, momentum)
                    return params
            """),
            "velocities reset every epoch": code("""
                def train(X, y, params, lr, momentum, l2, epochs, batch_size, rng):
                    for epoch in range(epochs):
                        velocity = {k: np.zeros_like(v) for k, v in params.items()}
                        order = rng.permutation(len(X))
                        for start in range(0, len(X), batch_size):
                            b = order[start:start + batch_size]
                            _, grads = mlp_loss_and_grads(X[b], y[b], params)
                            _, pg = l2_penalty(params, l2)
                            params, velocity = sgd_step(params, {k: grads[k] + pg[k] for k in grads}, velocity, lr, momentum)
                    return params
            """),
            "velocities never carried over": code("""
                def train(X, y, params, lr, momentum, l2, epochs, batch_size, rng):
                    zeros = {k: np.zeros_like(v) for k, v in params.items()}
                    for epoch in range(epochs):
                        order = rng.permutation(len(X))
                        for start in range(0, len(X), batch_size):
                            b = order[start:start + batch_size]
                            _, grads = mlp_loss_and_grads(X[b], y[b], params)
                            _, pg = l2_penalty(params, l2)
                            params, _ = sgd_step(params, {k: grads[k] + pg[k] for k in grads}, zeros, lr, momentum)
                    return params
            """),
            "no L2 penalty": code("""
                def train(X, y, params, lr, momentum, l2, epochs, batch_size, rng):
                    velocity = {k: np.zeros_like(v) for k, v in params.items()}
                    for epoch in range(epochs):
                        order = rng.permutation(len(X))
                        for start in range(0, len(X), batch_size):
                            b = order[start:start + batch_size]
                            _, grads = mlp_loss_and_grads(X[b], y[b], params)
                            params, velocity = sgd_step(params, grads, velocity, lr, momentum)
                    return params
            """),
            "the last, smaller batch dropped": code("""
                def train(X, y, params, lr, momentum, l2, epochs, batch_size, rng):
                    velocity = {k: np.zeros_like(v) for k, v in params.items()}
                    for epoch in range(epochs):
                        order = rng.permutation(len(X))
                        for start in range(0, len(X) - batch_size + 1, batch_size):
                            b = order[start:start + batch_size]
                            _, grads = mlp_loss_and_grads(X[b], y[b], params)
                            _, pg = l2_penalty(params, l2)
                            params, velocity = sgd_step(params, {k: grads[k] + pg[k] for k in grads}, velocity, lr, momentum)
                    return params
            """),
            "the penalty on the biases too": code("""
                def train(X, y, params, lr, momentum, l2, epochs, batch_size, rng):
                    velocity = {k: np.zeros_like(v) for k, v in params.items()}
                    for epoch in range(epochs):
                        order = rng.permutation(len(X))
                        for start in range(0, len(X), batch_size):
                            b = order[start:start + batch_size]
                            _, grads = mlp_loss_and_grads(X[b], y[b], params)
                            grads = {k: grads[k] + l2 * params[k] for k in grads}
                            params, velocity = sgd_step(params, grads, velocity, lr, momentum)
                    return params
            """),
            "the penalty's gradient taken once, at the initial weights": code("""
                def train(X, y, params, lr, momentum, l2, epochs, batch_size, rng):
                    velocity = {k: np.zeros_like(v) for k, v in params.items()}
                    _, pg = l2_penalty(params, l2)
                    for epoch in range(epochs):
                        order = rng.permutation(len(X))
                        for start in range(0, len(X), batch_size):
                            b = order[start:start + batch_size]
                            _, grads = mlp_loss_and_grads(X[b], y[b], params)
                            params, velocity = sgd_step(params, {k: grads[k] + pg[k] for k in grads}, velocity, lr, momentum)
                    return params
            """),
            "np.array_split into len(X) // batch_size batches": code("""
                def train(X, y, params, lr, momentum, l2, epochs, batch_size, rng):
                    velocity = {k: np.zeros_like(v) for k, v in params.items()}
                    for epoch in range(epochs):
                        for b in np.array_split(rng.permutation(len(X)), max(1, len(X) // batch_size)):
                            _, grads = mlp_loss_and_grads(X[b], y[b], params)
                            _, pg = l2_penalty(params, l2)
                            params, velocity = sgd_step(params, {k: grads[k] + pg[k] for k in grads}, velocity, lr, momentum)
                    return params
            """),
        },
        right={
            "the data reshuffled from epoch to epoch, a while loop": code("""
                def train(X, y, params, lr, momentum, l2, epochs, batch_size, rng):
                    velocity = {k: 0 * v for k, v in params.items()}
                    for _ in range(epochs):
                        p = rng.permutation(len(X))
                        X, y = X[p], y[p]
                        start = 0
                        while start < len(X):
                            Xb, yb = X[start:start + batch_size], y[start:start + batch_size]
                            start += batch_size
                            grads = mlp_loss_and_grads(Xb, yb, params)[1]
                            penalty = l2_penalty(params, l2)[1]
                            for k in grads:
                                grads[k] = grads[k] + penalty[k]
                            params, velocity = sgd_step(params, grads, velocity, lr, momentum)
                    return params
            """),
            "rng.shuffle of the indices, weight decay written inline": code("""
                def train(X, y, params, lr, momentum, l2, epochs, batch_size, rng):
                    params = {k: v.copy() for k, v in params.items()}
                    velocity = {k: np.zeros(v.shape) for k, v in params.items()}
                    for epoch in range(epochs):
                        idx = np.arange(len(X))
                        rng.shuffle(idx)
                        batches = [idx[i:i + batch_size] for i in range(0, len(idx), batch_size)]
                        for b in batches:
                            _, grads = mlp_loss_and_grads(X[b], y[b], params)
                            for k in ("W1", "W2"):
                                grads[k] = grads[k] + l2 * params[k]
                            params, velocity = sgd_step(params, grads, velocity, lr, momentum)
                    return params
            """),
        },
    ),
}
