"""Assignment 07_training: typical mistakes, other correct answers, probe inputs."""

import numpy as np

from .spec import Answer, code


def _init(rng, D, H, K):
    return {"W1": rng.normal(0.0, np.sqrt(2.0 / D), size=(D, H)), "b1": 0.1 * rng.normal(size=H),
            "W2": rng.normal(0.0, np.sqrt(2.0 / H), size=(H, K)), "b2": 0.1 * rng.normal(size=K)}


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


def _l2_probes():
    rng = np.random.default_rng(172)
    probes = [(({"W1": np.array([[1.0, -2.0], [0.5, 0.0]]), "b1": np.array([3.0, -1.0]),
                 "W2": np.array([[2.0], [-1.0]]), "b2": np.array([2.0])}, 0.1), {})]
    for lam in (0.0, 0.3, 2.0):
        probes.append((({"W": rng.normal(size=(3, 4)), "b": rng.normal(size=4)}, lam), {}))
    probes.append((({"W_ih": rng.normal(size=(2, 3)), "W_hh": -np.ones((3, 3)), "b": np.ones(3), "W3": np.zeros((1, 1))}, 0.5), {}))
    probes.append((({"W": np.array([1.0, -2.0, 3.0]), "b": np.array([0.5])}, 0.2), {}))
    return probes


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
            "shifted by the global maximum": code("""
                def softmax_cross_entropy(logits, y):
                    N = len(logits)
                    shifted = logits - logits.max()
                    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
                    d = np.exp(log_probs)
                    d[np.arange(N), y] -= 1
                    return -np.mean(log_probs[np.arange(N), y]), d / N
            """),
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
            "gradient without 1/N": code("""
                def softmax_cross_entropy(logits, y):
                    N = len(logits)
                    shifted = logits - logits.max(axis=1, keepdims=True)
                    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
                    d = np.exp(log_probs)
                    d[np.arange(N), y] -= 1
                    return -np.mean(log_probs[np.arange(N), y]), d
            """),
            "gradient with the sign flipped": code("""
                def softmax_cross_entropy(logits, y):
                    N = len(logits)
                    shifted = logits - logits.max(axis=1, keepdims=True)
                    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
                    d = np.exp(log_probs)
                    d[np.arange(N), y] -= 1
                    return -np.mean(log_probs[np.arange(N), y]), -d / N
            """),
            "softmax down the columns (axis 0)": code("""
                def softmax_cross_entropy(logits, y):
                    N = len(logits)
                    shifted = logits - logits.max(axis=0, keepdims=True)
                    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))
                    d = np.exp(log_probs)
                    d[np.arange(N), y] -= 1
                    return -np.mean(log_probs[np.arange(N), y]), d / N
            """),
            "loss summed over the samples": code("""
                def softmax_cross_entropy(logits, y):
                    N = len(logits)
                    shifted = logits - logits.max(axis=1, keepdims=True)
                    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
                    d = np.exp(log_probs)
                    d[np.arange(N), y] -= 1
                    return -np.sum(log_probs[np.arange(N), y]), d / N
            """),
            "one-hot by d[:, y] (every row loses 1 at every label)": code("""
                def softmax_cross_entropy(logits, y):
                    N = len(logits)
                    shifted = logits - logits.max(axis=1, keepdims=True)
                    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
                    d = np.exp(log_probs)
                    d[:, y] -= 1
                    return -np.mean(log_probs[np.arange(N), y]), d / N
            """),
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
        probes=_l2_probes(),
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
