"""07_training, written from the statements: correct answers in other styles, and typical mistakes."""

from .variants import after, code, edit

RIGHT = {
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
    "inverse_time_decay": {
        "np.divide, the rates printed": code("""
            def inverse_time_decay(k, c1, c2):
                rate = np.divide(c1, np.add(k, c2))
                print("learning rate:", rate)
                return rate
        """),
        "a float conversion first, a list comprehension for arrays": code("""
            def inverse_time_decay(k, c1, c2):
                c1, c2 = float(c1), float(c2)
                if isinstance(k, np.ndarray):
                    return np.array([c1 / (step + c2) for step in k.flat]).reshape(k.shape)
                return c1 / (k + c2)
        """),
    },
    "init_weights": {
        "if/elif, the standard deviation named s": code("""
            def init_weights(fan_in, fan_out, method, rng):
                if method == "xavier":
                    s = np.sqrt(2 / (fan_in + fan_out))
                elif method == "he":
                    s = np.sqrt(2 / fan_in)
                else:
                    raise ValueError(f"unknown initialisation method: {method}")
                return rng.normal(0.0, s, size=(fan_in, fan_out))
        """),
        "a lookup table of variances, a warning for small layers": code("""
            import warnings

            def init_weights(fan_in, fan_out, method, rng):
                variance = {"xavier": 2 / (fan_in + fan_out), "he": 2 / fan_in}
                if method not in variance:
                    raise ValueError("method must be 'xavier' or 'he', not " + repr(method))
                if fan_in < 2:
                    warnings.warn("a layer with a single input")
                return rng.normal(0.0, variance[method] ** 0.5, size=(fan_in, fan_out))
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

_INIT = code("""
    def init_weights(fan_in, fan_out, method, rng):
        if method == "xavier":
            return rng.normal(0.0, np.sqrt(2 / (fan_in + fan_out)), size=(fan_in, fan_out))
        if method == "he":
            return rng.normal(0.0, np.sqrt(2 / fan_in), size=(fan_in, fan_out))
        raise ValueError(f"unknown method {method}")
""")

WRONG = {
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
    "inverse_time_decay": {
        "the steps counted from 1": code("""
            def inverse_time_decay(k, c1, c2):
                return c1 / (k + 1 + c2)
        """),
        "c1 / k + c2 (the brackets missing)": code("""
            def inverse_time_decay(k, c1, c2):
                return c1 / np.maximum(k, 1) + c2
        """),
        "the step made an int (a single step only)": code("""
            def inverse_time_decay(k, c1, c2):
                return c1 / (int(k) + c2)
        """),
    },
    "init_weights": {
        "the variance as the standard deviation": edit(edit(_INIT, "np.sqrt(2 / (fan_in + fan_out))", "2 / (fan_in + fan_out)"),
                                                       "np.sqrt(2 / fan_in)", "2 / fan_in"),
        "He's variance 1 / fan_in (LeCun's)": edit(_INIT, "np.sqrt(2 / fan_in)", "np.sqrt(1 / fan_in)"),
        "(fan_out, fan_in) weights": _INIT.replace("size=(fan_in, fan_out)", "size=(fan_out, fan_in)"),
        "no error for an unknown method": edit(edit(edit(_INIT, '    if method == "he":\n', ""), '    raise ValueError(f"unknown method {method}")\n', ""),
                                               '        return rng.normal(0.0, np.sqrt(2 / fan_in)', '    return rng.normal(0.0, np.sqrt(2 / fan_in)'),
        "an error that does not say which method came": edit(_INIT, 'f"unknown method {method}"', '"unknown method"'),
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
