"""09_rnn, written from the statements: correct answers in other styles, and typical mistakes.

The statements leave the layout of a cache open, so a backward function is
written together with the forward function whose cache it reads, unless it
reads the cache of the reference solution as it is (x, h0, hs, W_ih, W_hh
for the Elman network; x, h, c, W_ih, W_hh, i, f, g, o, c_next for the LSTM).
"""

from .variants import after, code, edit

_RNN_BACKWARD = code("""
    def rnn_backward(dhs, cache):
        x, h0, hs, W_ih, W_hh = cache
        N, T, D = x.shape
        dx, dW_ih, dW_hh = np.zeros((N, T, D)), np.zeros(W_ih.shape), np.zeros(W_hh.shape)
        db, dh_next = np.zeros(W_hh.shape[0]), np.zeros(h0.shape)
        for t in range(T - 1, -1, -1):
            h_prev = h0 if t == 0 else hs[:, t - 1]
            delta = (dhs[:, t] + dh_next) * (1 - hs[:, t] ** 2)
            dx[:, t] = delta @ W_ih.T
            dW_ih += x[:, t].T @ delta
            dW_hh += h_prev.T @ delta
            db += delta.sum(axis=0)
            dh_next = delta @ W_hh.T
        return dx, dh_next, dW_ih, dW_hh, db
""")

RIGHT = {
    "rnn_step": {
        "np.dot": code("""
            def rnn_step(x, h, W_ih, W_hh, b):
                return np.tanh(np.dot(x, W_ih) + np.dot(h, W_hh) + b)
        """),
        "tanh from nnlib's sigmoid, a loop over the samples": code("""
            def rnn_step(x, h, W_ih, W_hh, b):
                rows = []
                for x_n, h_n in zip(x, h):
                    a = x_n @ W_ih + h_n @ W_hh + b
                    rows.append(2 * sigmoid(2 * a) - 1)
                return np.array(rows)
        """),
    },
    "rnn_forward": {
        "a list of states stacked on axis 1, printed": code("""
            def rnn_forward(x, h0, W_ih, W_hh, b):
                states, h = [], h0
                for t in range(x.shape[1]):
                    h = rnn_step(x[:, t, :], h, W_ih, W_hh, b)
                    states.append(h)
                hs = np.stack(states, axis=1)
                print("rnn_forward:", x.shape, "->", hs.shape)
                return hs, (x, h0, hs, W_ih, W_hh)
        """),
        "one cache entry per step, with a backward of its own": {
            "rnn_forward": code("""
                def rnn_forward(x, h0, W_ih, W_hh, b):
                    N, T, _ = x.shape
                    hs = np.empty((N, T, h0.shape[1]))
                    steps, h = [], h0
                    for t in range(T):
                        h_new = rnn_step(x[:, t], h, W_ih, W_hh, b)
                        steps.append((x[:, t], h, h_new))
                        hs[:, t] = h = h_new
                    return hs, {"steps": steps, "W_ih": W_ih, "W_hh": W_hh}
            """),
            "rnn_backward": code("""
                def rnn_backward(dhs, cache):
                    W_ih, W_hh = cache["W_ih"], cache["W_hh"]
                    grads = [np.zeros_like(W_ih, dtype=float), np.zeros_like(W_hh, dtype=float), np.zeros(W_hh.shape[1])]
                    dxs, carry = [], 0.0
                    for t in reversed(range(len(cache["steps"]))):
                        x_t, h_prev, h_t = cache["steps"][t]
                        delta = (dhs[:, t] + carry) * (1 - h_t * h_t)
                        dxs.append(delta @ W_ih.T)
                        grads[0] += x_t.T @ delta
                        grads[1] += h_prev.T @ delta
                        grads[2] += delta.sum(axis=0)
                        carry = delta @ W_hh.T
                    return (np.stack(dxs[::-1], axis=1), carry, *grads)
            """),
        },
    },
    "rnn_backward": {
        "all the states with h0 in front, einsum, logged": {
            after("rnn_backward"): code("""
                import logging
                logging.basicConfig(level=logging.INFO)
            """),
            "rnn_forward": code("""
                def rnn_forward(x, h0, W_ih, W_hh, b):
                    H = [h0]
                    for t in range(x.shape[1]):
                        H.append(rnn_step(x[:, t], H[-1], W_ih, W_hh, b))
                    all_states = np.stack(H, axis=1)  # (N, T + 1, H)
                    return all_states[:, 1:], (x, all_states, W_ih, W_hh)
            """),
            "rnn_backward": code("""
                import logging

                def rnn_backward(dhs, cache):
                    x, S, W_ih, W_hh = cache
                    T = x.shape[1]
                    deltas = np.zeros(dhs.shape)
                    from_next = np.zeros_like(S[:, 0])
                    for t in range(T, 0, -1):
                        deltas[:, t - 1] = (dhs[:, t - 1] + from_next) * (1 - S[:, t] ** 2)
                        from_next = deltas[:, t - 1] @ W_hh.T
                    logging.info("BPTT over %d steps", T)
                    dx = np.einsum("nth,dh->ntd", deltas, W_ih)
                    return (dx, from_next, np.einsum("ntd,nth->dh", x, deltas),
                            np.einsum("ntk,nth->kh", S[:, :-1], deltas), deltas.sum(axis=(0, 1)))
            """),
        },
        "the reference layout read as it is, a warning for long sequences": code("""
            import warnings

            def rnn_backward(dhs, cache):
                x, h0, hs, W_ih, W_hh = cache
                if x.shape[1] > 5:
                    warnings.warn("long sequence: gradients may vanish")
                prev = np.concatenate([h0[:, None], hs[:, :-1]], axis=1)
                dx, dW_ih, dW_hh, db = np.zeros_like(x, dtype=float), 0 * W_ih, 0 * W_hh, np.zeros(hs.shape[2])
                dh = np.zeros_like(h0, dtype=float)
                for t in reversed(range(x.shape[1])):
                    da = (dhs[:, t] + dh) * (1 - hs[:, t] ** 2)
                    dx[:, t], dh = da @ W_ih.T, da @ W_hh.T
                    dW_ih, dW_hh, db = dW_ih + x[:, t].T @ da, dW_hh + prev[:, t].T @ da, db + da.sum(0)
                return dx, dh, dW_ih, dW_hh, db
        """),
    },
    "lstm_step": {
        "np.split into four gates, a dict cache, with a backward of its own": {
            "lstm_step": code("""
                def lstm_step(x, h, c, W_ih, W_hh, b):
                    a_i, a_f, a_g, a_o = np.split(x @ W_ih + h @ W_hh + b, 4, axis=1)
                    gates = {"i": sigmoid(a_i), "f": sigmoid(a_f), "g": np.tanh(a_g), "o": sigmoid(a_o)}
                    c_next = gates["f"] * c + gates["i"] * gates["g"]
                    h_next = gates["o"] * np.tanh(c_next)
                    return h_next, c_next, dict(gates, x=x, h=h, c=c, W_ih=W_ih, W_hh=W_hh, c_next=c_next)
            """),
            "lstm_step_backward": code("""
                def lstm_step_backward(dh_next, dc_next, cache):
                    i, f, g, o = cache["i"], cache["f"], cache["g"], cache["o"]
                    t = np.tanh(cache["c_next"])
                    dc = dc_next + dh_next * o * (1 - t ** 2)
                    da = np.hstack([dc * g * i * (1 - i), dc * cache["c"] * f * (1 - f), dc * i * (1 - g ** 2), dh_next * t * o * (1 - o)])
                    return (da @ cache["W_ih"].T, da @ cache["W_hh"].T, dc * f,
                            cache["x"].T @ da, cache["h"].T @ da, da.sum(axis=0))
            """),
        },
        "gates sliced by a helper in its own cell, printed": code("""
            def lstm_step(x, h, c, W_ih, W_hh, b):
                H = h.shape[1]
                a = x @ W_ih + h @ W_hh + b
                i, f, g, o = (gate(a, k, H) for k in range(4))
                i, f, o, g = sigmoid(i), sigmoid(f), sigmoid(o), np.tanh(g)
                c_next = f * c + i * g
                h_next = o * np.tanh(c_next)
                print("lstm_step: |c| max", np.abs(c_next).max())
                return h_next, c_next, (x, h, c, W_ih, W_hh, i, f, g, o, c_next)
        """),
    },
    "lstm_step_backward": {
        "the reference layout, each gate's delta on its own line, a warning": code("""
            import warnings

            def lstm_step_backward(dh_next, dc_next, cache):
                x, h, c, W_ih, W_hh, i, f, g, o, c_next = cache
                warnings.warn("lstm_step_backward: one step only")
                tc = np.tanh(c_next)
                dc_total = dc_next + dh_next * o * (1 - tc * tc)
                d_i = dc_total * g * i * (1 - i)
                d_f = dc_total * c * f * (1 - f)
                d_g = dc_total * i * (1 - g * g)
                d_o = dh_next * tc * o * (1 - o)
                da = np.concatenate((d_i, d_f, d_g, d_o), axis=-1)
                return da @ W_ih.T, da @ W_hh.T, dc_total * f, x.T @ da, h.T @ da, np.sum(da, axis=0)
        """),
    },
}

RIGHT["lstm_step"]["gates sliced by a helper in its own cell, printed"] = {
    "lstm_step": RIGHT["lstm_step"]["gates sliced by a helper in its own cell, printed"],
    after("lstm_step"): code("""
        def gate(a, k, H):
            return a[:, k * H:(k + 1) * H]
    """),
}

_LSTM_BACKWARD = code("""
    def lstm_step_backward(dh_next, dc_next, cache):
        x, h, c, W_ih, W_hh, i, f, g, o, c_next = cache
        t = np.tanh(c_next)
        dc = dc_next + dh_next * o * (1 - t ** 2)
        da = np.concatenate([dc * g * i * (1 - i), dc * c * f * (1 - f), dc * i * (1 - g ** 2), dh_next * t * o * (1 - o)], axis=1)
        return da @ W_ih.T, da @ W_hh.T, dc * f, x.T @ da, h.T @ da, da.sum(axis=0)
""")

WRONG = {
    "rnn_step": {
        "W_hh transposed": code("""
            def rnn_step(x, h, W_ih, W_hh, b):
                return np.tanh(x @ W_ih + h @ W_hh.T + b)
        """),
        "the tanh missing": code("""
            def rnn_step(x, h, W_ih, W_hh, b):
                return x @ W_ih + h @ W_hh + b
        """),
        "the bias left out": code("""
            def rnn_step(x, h, W_ih, W_hh, b):
                return np.tanh(x @ W_ih + h @ W_hh)
        """),
        "a sigmoid instead of tanh": code("""
            def rnn_step(x, h, W_ih, W_hh, b):
                return sigmoid(x @ W_ih + h @ W_hh + b)
        """),
    },
    "rnn_forward": {
        "every step fed h0": code("""
            def rnn_forward(x, h0, W_ih, W_hh, b):
                hs = np.stack([rnn_step(x[:, t], h0, W_ih, W_hh, b) for t in range(x.shape[1])], axis=1)
                return hs, (x, h0, hs, W_ih, W_hh)
        """),
        "h0 ignored: a fresh zero state": code("""
            def rnn_forward(x, h0, W_ih, W_hh, b):
                h, hs = np.zeros(h0.shape), []
                for t in range(x.shape[1]):
                    h = rnn_step(x[:, t], h, W_ih, W_hh, b)
                    hs.append(h)
                hs = np.stack(hs, axis=1)
                return hs, (x, np.zeros(h0.shape), hs, W_ih, W_hh)
        """),
        "the states shifted by one (h_0 .. h_(T-1))": code("""
            def rnn_forward(x, h0, W_ih, W_hh, b):
                N, T, _ = x.shape
                hs, h = np.zeros((N, T, h0.shape[1])), h0
                for t in range(T):
                    hs[:, t] = h
                    h = rnn_step(x[:, t], h, W_ih, W_hh, b)
                return hs, (x, h0, hs, W_ih, W_hh)
        """),
        "a loop over the first axis (the batch) as if it were time": code("""
            def rnn_forward(x, h0, W_ih, W_hh, b):
                hs, h = [], h0
                for t in range(x.shape[0]):
                    h = rnn_step(x[t], h, W_ih, W_hh, b)
                    hs.append(h)
                hs = np.stack(hs, axis=1)
                return hs, (x, h0, hs, W_ih, W_hh)
        """),
        "state kept between calls (a mutable default), read back by the backward": {
            "rnn_forward": code("""
                def rnn_forward(x, h0, W_ih, W_hh, b, history=[]):
                    h, hs = h0, []
                    for t in range(x.shape[1]):
                        h = rnn_step(x[:, t], h, W_ih, W_hh, b)
                        hs.append(h)
                    hs = np.stack(hs, axis=1)
                    history.append((x, h0, hs, W_ih, W_hh))
                    return hs, history
            """),
            "rnn_backward": edit(_RNN_BACKWARD, "x, h0, hs, W_ih, W_hh = cache", "x, h0, hs, W_ih, W_hh = cache[0]"),
        },
    },
    "rnn_backward": {
        "nothing carried back through time": edit(_RNN_BACKWARD, "(dhs[:, t] + dh_next)", "dhs[:, t]"),
        "tanh' missing": edit(_RNN_BACKWARD, " * (1 - hs[:, t] ** 2)", ""),
        "dW_hh with h_t instead of h_(t-1)": edit(_RNN_BACKWARD, "dW_hh += h_prev.T @ delta", "dW_hh += hs[:, t].T @ delta"),
        "W_hh not transposed in the carry": edit(_RNN_BACKWARD, "dh_next = delta @ W_hh.T", "dh_next = delta @ W_hh"),
        "dh0 returned as zeros": edit(_RNN_BACKWARD, "return dx, dh_next,", "return dx, np.zeros(h0.shape),"),
        "forward in time instead of backward": edit(_RNN_BACKWARD, "range(T - 1, -1, -1)", "range(T)"),
        "db averaged over the batch": edit(_RNN_BACKWARD, "db += delta.sum(axis=0)", "db += delta.mean(axis=0)"),
    },
    "lstm_step": {
        "the gates in the order i, f, o, g": code("""
            def lstm_step(x, h, c, W_ih, W_hh, b):
                H = h.shape[1]
                a = x @ W_ih + h @ W_hh + b
                i, f, o, g = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H]), sigmoid(a[:, 2 * H:3 * H]), np.tanh(a[:, 3 * H:])
                c_next = f * c + i * g
                return o * np.tanh(c_next), c_next, (x, h, c, W_ih, W_hh, i, f, g, o, c_next)
        """),
        "the input gate missing": code("""
            def lstm_step(x, h, c, W_ih, W_hh, b):
                H = h.shape[1]
                a = x @ W_ih + h @ W_hh + b
                i, f, g, o = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H]), np.tanh(a[:, 2 * H:3 * H]), sigmoid(a[:, 3 * H:])
                c_next = f * c + g
                return o * np.tanh(c_next), c_next, (x, h, c, W_ih, W_hh, i, f, g, o, c_next)
        """),
        "the input and forget gates swapped": code("""
            def lstm_step(x, h, c, W_ih, W_hh, b):
                H = h.shape[1]
                a = x @ W_ih + h @ W_hh + b
                f, i, g, o = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H]), np.tanh(a[:, 2 * H:3 * H]), sigmoid(a[:, 3 * H:])
                c_next = f * c + i * g
                return o * np.tanh(c_next), c_next, (x, h, c, W_ih, W_hh, i, f, g, o, c_next)
        """),
        "h = o * c (no tanh of the cell)": code("""
            def lstm_step(x, h, c, W_ih, W_hh, b):
                H = h.shape[1]
                a = x @ W_ih + h @ W_hh + b
                i, f, g, o = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H]), np.tanh(a[:, 2 * H:3 * H]), sigmoid(a[:, 3 * H:])
                c_next = f * c + i * g
                return o * c_next, c_next, (x, h, c, W_ih, W_hh, i, f, g, o, c_next)
        """),
    },
    "lstm_step_backward": {
        "the gradient from h_next does not reach c": edit(_LSTM_BACKWARD, "dc = dc_next + dh_next * o * (1 - t ** 2)", "dc = dc_next"),
        "dW_hh with h_next instead of h": edit(_LSTM_BACKWARD, "h.T @ da", "(o * t).T @ da"),
        "the blocks in the order i, f, o, g": edit(_LSTM_BACKWARD, "dc * i * (1 - g ** 2), dh_next * t * o * (1 - o)",
                                                   "dh_next * t * o * (1 - o), dc * i * (1 - g ** 2)"),
        "dc not multiplied by f": edit(_LSTM_BACKWARD, "dc * f, x.T", "dc, x.T"),
        "tanh'(c_next) missing": edit(_LSTM_BACKWARD, "dh_next * o * (1 - t ** 2)", "dh_next * o"),
    },
}
