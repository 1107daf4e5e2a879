"""07_training, written from the statements: correct answers in other styles, and typical mistakes."""

from .variants import after, code, edit

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
    "sgd_step": {
        "PyTorch's momentum (v = beta v + g, w = w - lr v)": code("""
            def sgd_step(params, grads, velocity, lr, momentum):
                new_velocity = {k: momentum * velocity[k] + grads[k] for k in params}
                return {k: params[k] - lr * new_velocity[k] for k in params}, new_velocity
        """),
        "copies updated in place, a loop": code("""
            def sgd_step(params, grads, velocity, lr, momentum):
                new_params, new_velocity = {}, {}
                for name, value in params.items():
                    v = velocity[name] * momentum
                    v += lr * grads[name]
                    w = value.copy()
                    w -= v
                    new_params[name], new_velocity[name] = w, v
                return new_params, new_velocity
        """),
    },
    "train": {
        "the data themselves shuffled each epoch, the loss printed": code("""
            def train(X, y, params, lr, momentum, l2, epochs, batch_size, rng):
                velocity = {k: np.zeros_like(v) for k, v in params.items()}
                for epoch in range(epochs):
                    p = rng.permutation(len(X))
                    Xs, ys = X[p], y[p]
                    total = 0.0
                    for start in range(0, len(Xs), batch_size):
                        loss, grads = mlp_loss_and_grads(Xs[start:start + batch_size], ys[start:start + batch_size], params)
                        pen, pen_grads = l2_penalty(params, l2)
                        total += loss + pen
                        params, velocity = sgd_step(params, {k: grads[k] + pen_grads[k] for k in grads}, velocity, lr, momentum)
                    print(f"epoch {epoch + 1}: loss {total:.4f}")
                return params
        """),
        "rng.shuffle of one order carried over (allowed), the losses plotted at the end": code("""
            import matplotlib.pyplot as plt

            def train(X, y, params, lr, momentum, l2, epochs, batch_size, rng):
                velocity = {name: np.zeros(value.shape) for name, value in params.items()}
                order, losses = np.arange(len(X)), []
                for _ in range(epochs):
                    rng.shuffle(order)
                    for batch in np.split(order, range(batch_size, len(X), batch_size)):
                        loss, grads = mlp_loss_and_grads(X[batch], y[batch], params)
                        grads = {k: g + l2_penalty(params, l2)[1][k] for k, g in grads.items()}
                        params, velocity = sgd_step(params, grads, velocity, lr, momentum)
                        losses.append(loss)
                fig, ax = plt.subplots()
                ax.plot(losses)
                ax.set_xlabel("step")
                plt.close(fig)
                return params
        """),
        "a while loop, logging and a warning about the rate": {
            after("train"): code("""
                import logging
                logging.basicConfig(level=logging.INFO)
            """),
            "train": code("""
                import logging
                import warnings

                def train(X, y, params, lr, momentum, l2, epochs, batch_size, rng):
                    if lr > 0.01:
                        warnings.warn(f"a large learning rate: {lr}")
                    velocity = {k: 0 * v for k, v in params.items()}
                    for epoch in range(epochs):
                        order = rng.permutation(len(X))
                        i = 0
                        while i < len(order):
                            rows = order[i:i + batch_size]
                            _, g = mlp_loss_and_grads(X[rows], y[rows], params)
                            _, g_l2 = l2_penalty(params, l2)
                            for k in g:
                                g[k] = g[k] + g_l2[k]
                            params, velocity = sgd_step(params, g, velocity, lr, momentum)
                            i += batch_size
                        logging.info("epoch %d done", epoch)
                    return params
            """),
        },
    },
}

_TRAIN = code("""
    def train(X, y, params, lr, momentum, l2, epochs, batch_size, rng):
        velocity = {k: np.zeros_like(v) for k, v in params.items()}
        for _ in range(epochs):
            order = rng.permutation(len(X))
            for s in range(0, len(X), batch_size):
                b = order[s:s + batch_size]
                _, g = mlp_loss_and_grads(X[b], y[b], params)
                _, g2 = l2_penalty(params, l2)
                params, velocity = sgd_step(params, {k: g[k] + g2[k] for k in g}, velocity, lr, momentum)
        return params
""")

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
    "sgd_step": {
        "the momentum term with the wrong sign": code("""
            def sgd_step(params, grads, velocity, lr, momentum):
                v = {k: lr * grads[k] - momentum * velocity[k] for k in params}
                return {k: params[k] - v[k] for k in params}, v
        """),
        "the biases not updated": code("""
            def sgd_step(params, grads, velocity, lr, momentum):
                v = {k: lr * grads[k] + momentum * velocity[k] for k in params}
                return {k: params[k] - v[k] if k.startswith("W") else params[k] for k in params}, v
        """),
        "the caller's params updated in place": code("""
            def sgd_step(params, grads, velocity, lr, momentum):
                v = {k: lr * grads[k] + momentum * velocity[k] for k in params}
                for k in params:
                    params[k] -= v[k]
                return params, v
        """),
        "the momentum term missing": code("""
            def sgd_step(params, grads, velocity, lr, momentum):
                v = {k: lr * grads[k] for k in params}
                return {k: params[k] - v[k] for k in params}, v
        """),
        "the old velocity returned": code("""
            def sgd_step(params, grads, velocity, lr, momentum):
                v = {k: lr * grads[k] + momentum * velocity[k] for k in params}
                return {k: params[k] - v[k] for k in params}, velocity
        """),
    },
    "train": {
        "never shuffled": edit(_TRAIN, "order = rng.permutation(len(X))", "order = np.arange(len(X))"),
        "np.random's global state instead of rng": edit(_TRAIN, "rng.permutation(len(X))", "np.random.permutation(len(X))"),
        "shuffled once, before the first epoch": edit(edit(_TRAIN, "        order = rng.permutation(len(X))\n", ""),
                                                      "    for _ in range(epochs):", "    order = rng.permutation(len(X))\n    for _ in range(epochs):"),
        "the velocities reset every epoch": edit(edit(_TRAIN, "    velocity = {k: np.zeros_like(v) for k, v in params.items()}\n", ""),
                                                 "        order =", "        velocity = {k: np.zeros_like(v) for k, v in params.items()}\n        order ="),
        "the L2 gradient never added": edit(_TRAIN, "{k: g[k] + g2[k] for k in g}", "g"),
        "the last, smaller batch dropped": edit(_TRAIN, "range(0, len(X), batch_size)", "range(0, len(X) - batch_size + 1, batch_size)"),
        "the given params trained in place": edit(_TRAIN, "            params, velocity = sgd_step(params, {k: g[k] + g2[k] for k in g}, velocity, lr, momentum)",
                                                  "            for k in params:\n"
                                                  "                velocity[k] = lr * (g[k] + g2[k]) + momentum * velocity[k]\n"
                                                  "                params[k] -= velocity[k]"),
    },
}
