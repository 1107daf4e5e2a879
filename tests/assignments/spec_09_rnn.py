"""Assignment 09_rnn: typical mistakes, other correct answers, probe inputs."""

import numpy as np

from .spec import Answer, code, solution


def _rnn_weights(rng, D, H):
    return rng.normal(size=(D, H)), 0.7 * rng.normal(size=(H, H)), rng.normal(size=H)


def _lstm_weights(rng, D, H):
    return rng.normal(size=(D, 4 * H)), rng.normal(size=(H, 4 * H)), rng.normal(size=4 * H)


def _step_probes():
    rng = np.random.default_rng(191)
    probes = [((np.array([[1.0, 2.0, -1.0]]), np.array([[0.5, -1.0]]), np.array([[0.1, -0.2], [0.3, 0.4], [0.2, 0.1]]),
                np.array([[0.5, -0.3], [0.2, 0.6]]), np.array([0.1, -0.2])), {})]
    for N, D, H in [(5, 4, 3), (1, 2, 5), (3, 1, 1), (2, 6, 2)]:
        probes.append(((2 * rng.normal(size=(N, D)), rng.normal(size=(N, H)), *_rnn_weights(rng, D, H)), {}))
    probes.append(((np.zeros((2, 3)), np.zeros((2, 2)), *_rnn_weights(rng, 3, 2)), {}))
    return probes


_SEQUENCES = [(2, 5, 3, 4), (1, 1, 2, 3), (3, 4, 1, 2), (4, 2, 3, 3), (1, 6, 2, 1), (2, 3, 2, 3), (3, 5, 2, 2)]


def _forward_probes():
    rng = np.random.default_rng(192)
    probes = [((np.array([[[1.0], [0.0], [-1.0]]]), np.zeros((1, 1)), np.array([[1.0]]), np.array([[0.5]]), np.array([0.0])), {})]
    for N, T, D, H in _SEQUENCES:
        x = rng.normal(size=(N, T, D))
        probes.append(((x, np.zeros((N, H)), *_rnn_weights(rng, D, H)), {}))
        probes.append(((x, rng.normal(size=(N, H)), *_rnn_weights(rng, D, H)), {}))
    return probes


def _backward_probes():
    forward = solution("09_rnn")["rnn_forward"]
    rng = np.random.default_rng(193)
    probes = []
    for N, T, D, H in _SEQUENCES:
        for h0 in (np.zeros((N, H)), rng.normal(size=(N, H))):
            _, cache = forward(rng.normal(size=(N, T, D)), h0, *_rnn_weights(rng, D, H))
            dhs = rng.normal(size=(N, T, H))
            probes.append(((dhs, cache), {}))
            last = dhs.copy()
            last[:, :-1] = 0.0
            probes.append(((last, cache), {}))
    return probes


_CELLS = [(4, 3, 2), (1, 2, 3), (3, 1, 1), (2, 4, 5), (3, 2, 4), (2, 3, 2), (5, 2, 2), (1, 4, 3)]


def _lstm_probes():
    rng = np.random.default_rng(194)
    probes = [((np.array([[1.0]]), np.array([[0.5]]), np.array([[-0.5]]), np.array([[0.1, 0.2, 0.3, 0.4]]),
                np.array([[0.5, -0.5, 0.25, -0.25]]), np.array([0.0, 1.0, 0.0, 0.0])), {})]
    for N, D, H in _CELLS:
        probes.append(((2 * rng.normal(size=(N, D)), rng.normal(size=(N, H)), rng.normal(size=(N, H)), *_lstm_weights(rng, D, H)), {}))
    probes.append(((np.zeros((2, 3)), np.zeros((2, 2)), np.zeros((2, 2)), np.ones((3, 8)), np.ones((2, 8)), np.zeros(8)), {}))
    return probes


def _lstm_backward_probes():
    step = solution("09_rnn")["lstm_step"]
    rng = np.random.default_rng(195)
    probes = []
    for N, D, H in _CELLS:
        _, _, cache = step(rng.normal(size=(N, D)), rng.normal(size=(N, H)), rng.normal(size=(N, H)), *_lstm_weights(rng, D, H))
        dh = rng.normal(size=(N, H))
        probes += [((dh, rng.normal(size=(N, H)), cache), {}), ((dh, np.zeros((N, H)), cache), {})]
    return probes


def _bptt(delta="(dhs[:, t] + dh) * (1 - hs[:, t] ** 2)", dW_hh="h_prev.T @ delta", dh="delta @ W_hh.T", order="reversed(range(T))",
          update="+="):
    return code(f"""
        def rnn_backward(dhs, cache):
            x, h0, hs, W_ih, W_hh = cache
            N, T, D = x.shape
            dx = np.zeros(x.shape)
            dW_ih, dW_hh, db = np.zeros(W_ih.shape), np.zeros(W_hh.shape), np.zeros(W_hh.shape[0])
            dh = np.zeros(h0.shape)
            for t in {order}:
                h_prev = hs[:, t - 1] if t > 0 else h0
                delta = {delta}
                dx[:, t] = delta @ W_ih.T
                dW_ih {update} x[:, t].T @ delta
                dW_hh {update} {dW_hh}
                db {update} delta.sum(axis=0)
                dh = {dh}
            return dx, dh, dW_ih, dW_hh, db
    """)


def _lstm(gates="i, f, g, o", c_next="f * c + i * g", h_next="o * np.tanh(c_next)"):
    return code(f"""
        def lstm_step(x, h, c, W_ih, W_hh, b):
            H = h.shape[1]
            a = x @ W_ih + h @ W_hh + b
            blocks = {{name: a[:, k * H:(k + 1) * H] for k, name in enumerate("{gates.replace(", ", "")}")}}
            i, f, o = sigmoid(blocks["i"]), sigmoid(blocks["f"]), sigmoid(blocks["o"])
            g = np.tanh(blocks["g"])
            c_next = {c_next}
            h_next = {h_next}
            return h_next, c_next, (x, h, c, W_ih, W_hh, i, f, g, o, c_next)
    """)


def _lstm_back(dc_total="dc_next + dh_next * o * (1 - tanh_c ** 2)", blocks="[di, df, dg, do]", df="dc_total * c * f * (1 - f)",
               dg="dc_total * i * (1 - g ** 2)", do="dh_next * tanh_c * o * (1 - o)", dc="dc_total * f", db="da.sum(axis=0)"):
    return code(f"""
        def lstm_step_backward(dh_next, dc_next, cache):
            x, h, c, W_ih, W_hh, i, f, g, o, c_next = cache
            tanh_c = np.tanh(c_next)
            dc_total = {dc_total}
            di = dc_total * g * i * (1 - i)
            df = {df}
            dg = {dg}
            do = {do}
            da = np.concatenate({blocks}, axis=1)
            return da @ W_ih.T, da @ W_hh.T, {dc}, x.T @ da, h.T @ da, {db}
    """)


ANSWERS = {
    "rnn_step": Answer(
        function="rnn_step",
        probes=_step_probes(),
        nnlib=code("""
            from nnlib import RNNCell
            def rnn_step(x, h, W_ih, W_hh, b):
                cell = RNNCell(W_ih.shape[0], W_ih.shape[1])
                cell.params.update(W_ih=W_ih, W_hh=W_hh, b=b)
                return cell.forward(x, h)
        """),
        wrong={
            "W_hh transposed": code("""
                def rnn_step(x, h, W_ih, W_hh, b):
                    return np.tanh(x @ W_ih + h @ W_hh.T + b)
            """),
            "no tanh": code("""
                def rnn_step(x, h, W_ih, W_hh, b):
                    return x @ W_ih + h @ W_hh + b
            """),
            "bias left out": code("""
                def rnn_step(x, h, W_ih, W_hh, b):
                    return np.tanh(x @ W_ih + h @ W_hh)
            """),
            "sigmoid instead of tanh": code("""
                def rnn_step(x, h, W_ih, W_hh, b):
                    return sigmoid(x @ W_ih + h @ W_hh + b)
            """),
            "the previous state ignored": code("""
                def rnn_step(x, h, W_ih, W_hh, b):
                    return np.tanh(x @ W_ih + b)
            """),
            "tanh of each term separately": code("""
                def rnn_step(x, h, W_ih, W_hh, b):
                    return np.tanh(x @ W_ih) + np.tanh(h @ W_hh) + b
            """),
        },
        right={
            "sample by sample, tanh from the sigmoid": code("""
                def rnn_step(x, h, W_ih, W_hh, b):
                    out = []
                    for xn, hn in zip(x, h):
                        a = W_ih.T @ xn + W_hh.T @ hn + b
                        out.append(2 * sigmoid(2 * a) - 1)
                    return np.array(out)
            """),
            "einsum": code("""
                def rnn_step(x, h, W_ih, W_hh, b):
                    return np.tanh(np.einsum("nd,dh->nh", x, W_ih) + np.einsum("nk,kh->nh", h, W_hh) + b[None])
            """),
        },
    ),
    "rnn_forward": Answer(
        function="rnn_forward",
        probes=_forward_probes(),
        nnlib=code("""
            from nnlib import RNN
            def rnn_forward(x, h0, W_ih, W_hh, b):
                rnn = RNN(W_ih.shape[0], W_ih.shape[1])
                rnn.params.update(W_ih=W_ih, W_hh=W_hh, b=b)
                hs = rnn.forward(x)
                return hs, (x, h0, hs, W_ih, W_hh)
        """),
        wrong={
            "every step fed h0": code("""
                def rnn_forward(x, h0, W_ih, W_hh, b):
                    hs = np.stack([rnn_step(x[:, t], h0, W_ih, W_hh, b) for t in range(x.shape[1])], axis=1)
                    return hs, (x, h0, hs, W_ih, W_hh)
            """),
            "h0 ignored (starts from zeros)": code("""
                def rnn_forward(x, h0, W_ih, W_hh, b):
                    h, out = np.zeros(h0.shape), []
                    for t in range(x.shape[1]):
                        h = rnn_step(x[:, t], h, W_ih, W_hh, b)
                        out.append(h)
                    hs = np.stack(out, axis=1)
                    return hs, (x, h0, hs, W_ih, W_hh)
            """),
            "time-major result (T, N, H)": code("""
                def rnn_forward(x, h0, W_ih, W_hh, b):
                    h, out = h0, []
                    for t in range(x.shape[1]):
                        h = rnn_step(x[:, t], h, W_ih, W_hh, b)
                        out.append(h)
                    hs = np.stack(out, axis=1)
                    return np.stack(out), (x, h0, hs, W_ih, W_hh)
            """),
            "h0 included in the result": code("""
                def rnn_forward(x, h0, W_ih, W_hh, b):
                    h, out = h0, [h0]
                    for t in range(x.shape[1]):
                        h = rnn_step(x[:, t], h, W_ih, W_hh, b)
                        out.append(h)
                    hs = np.stack(out, axis=1)
                    return hs, (x, h0, hs[:, 1:], W_ih, W_hh)
            """),
            "off by one: the state before each step": code("""
                def rnn_forward(x, h0, W_ih, W_hh, b):
                    h, out = h0, []
                    for t in range(x.shape[1]):
                        out.append(h)
                        h = rnn_step(x[:, t], h, W_ih, W_hh, b)
                    hs = np.stack(out, axis=1)
                    return hs, (x, h0, np.stack(out[1:] + [h], axis=1), W_ih, W_hh)
            """),
            "the sequence read backwards": code("""
                def rnn_forward(x, h0, W_ih, W_hh, b):
                    N, T, _ = x.shape
                    hs = np.zeros((N, T, W_hh.shape[0]))
                    h = h0
                    for t in reversed(range(T)):
                        h = rnn_step(x[:, t], h, W_ih, W_hh, b)
                        hs[:, t] = h
                    return hs, (x, h0, hs, W_ih, W_hh)
            """),
        },
        right={
            "the inputs' share precomputed, as nnlib does": code("""
                def rnn_forward(x, h0, W_ih, W_hh, b):
                    a = x @ W_ih + b  # (N, T, H)
                    hs = np.empty(a.shape)
                    h = h0
                    for t in range(x.shape[1]):
                        h = np.tanh(a[:, t] + h @ W_hh)
                        hs[:, t, :] = h
                    return hs, (x, h0, hs, W_ih, W_hh)
            """),
            "a list of states, stacked; a list": code("""
                def rnn_forward(x, h0, W_ih, W_hh, b):
                    states = [h0]
                    for t in range(x.shape[1]):
                        states.append(rnn_step(x[:, t, :], states[-1], W_ih, W_hh, b))
                    hs = np.stack(states[1:], axis=1)
                    return [hs, (x, h0, hs, W_ih, W_hh)]
            """),
        },
    ),
    "rnn_backward": Answer(
        function="rnn_backward",
        probes=_backward_probes(),
        nnlib=code("""
            from nnlib import RNN
            def rnn_forward(x, h0, W_ih, W_hh, b):
                rnn = RNN(W_ih.shape[0], W_ih.shape[1])
                rnn.params.update(W_ih=W_ih, W_hh=W_hh, b=b)
                return rnn.forward(x), (rnn, h0)
            def rnn_backward(dhs, cache):
                rnn, h0 = cache
                dx = rnn.backward(dhs)
                return dx, np.zeros_like(h0), rnn.grads["W_ih"], rnn.grads["W_hh"], rnn.grads["b"]
        """),
        wrong={
            "truncated: nothing comes back through time": _bptt(delta="dhs[:, t] * (1 - hs[:, t] ** 2)"),
            "tanh' missing": _bptt(delta="dhs[:, t] + dh"),
            "dW_hh with h_t instead of h_(t-1)": _bptt(dW_hh="hs[:, t].T @ delta"),
            "the weights' gradients overwritten, not summed": _bptt(update="="),
            "the steps taken forwards": _bptt(order="range(T)"),
            "W_hh not transposed": _bptt(dh="delta @ W_hh"),
            "tanh' at the previous state": _bptt(delta="(dhs[:, t] + dh) * (1 - h_prev ** 2)"),
            "dh0 left at zero": code("""
                def rnn_backward(dhs, cache):
                    x, h0, hs, W_ih, W_hh = cache
                    T = x.shape[1]
                    dx, dW_ih, dW_hh, db = np.zeros(x.shape), np.zeros(W_ih.shape), np.zeros(W_hh.shape), np.zeros(len(W_hh))
                    dh = np.zeros(h0.shape)
                    for t in reversed(range(T)):
                        h_prev = hs[:, t - 1] if t > 0 else h0
                        delta = (dhs[:, t] + dh) * (1 - hs[:, t] ** 2)
                        dx[:, t] = delta @ W_ih.T
                        dW_ih += x[:, t].T @ delta
                        dW_hh += h_prev.T @ delta
                        db += delta.sum(axis=0)
                        dh = delta @ W_hh.T
                    return dx, np.zeros(h0.shape), dW_ih, dW_hh, db
            """),
        },
        right={
            "the deltas first, then einsum over time": code("""
                def rnn_backward(dhs, cache):
                    x, h0, hs, W_ih, W_hh = cache
                    N, T, H = hs.shape
                    deltas = np.zeros((N, T, H))
                    carry = np.zeros((N, H))
                    for t in range(T - 1, -1, -1):
                        deltas[:, t] = (dhs[:, t] + carry) * (1 - hs[:, t] * hs[:, t])
                        carry = deltas[:, t] @ W_hh.T
                    previous = np.concatenate([h0[:, None], hs[:, :-1]], axis=1)  # h_(t-1) for every t
                    return (np.einsum("nth,dh->ntd", deltas, W_ih), carry, np.einsum("ntd,nth->dh", x, deltas),
                            np.einsum("ntk,nth->kh", previous, deltas), deltas.sum(axis=(0, 1)))
            """),
            "another cache (the pre-activations), a list": code("""
                def rnn_forward(x, h0, W_ih, W_hh, b):
                    h, states, pre = h0, [], []
                    for t in range(x.shape[1]):
                        a = x[:, t] @ W_ih + h @ W_hh + b
                        h = np.tanh(a)
                        states.append(h)
                        pre.append(a)
                    return np.stack(states, axis=1), {"x": x, "hs": [h0] + states, "a": pre, "W": (W_ih, W_hh)}
                def rnn_backward(dhs, cache):
                    W_ih, W_hh = cache["W"]
                    grads = [np.zeros(cache["x"].shape), None, np.zeros(W_ih.shape), np.zeros(W_hh.shape), np.zeros(len(W_hh))]
                    dh = 0.0
                    for t in reversed(range(len(cache["a"]))):
                        delta = (dhs[:, t] + dh) / np.cosh(cache["a"][t]) ** 2
                        grads[0][:, t] = delta @ W_ih.T
                        grads[2] += cache["x"][:, t].T @ delta
                        grads[3] += cache["hs"][t].T @ delta
                        grads[4] += delta.sum(axis=0)
                        dh = delta @ W_hh.T
                    grads[1] = dh
                    return grads
            """),
        },
    ),
    "lstm_step": Answer(
        function="lstm_step",
        probes=_lstm_probes(),
        nnlib=code("""
            from nnlib import LSTMCell
            def lstm_step(x, h, c, W_ih, W_hh, b):
                cell = LSTMCell(W_ih.shape[0], h.shape[1])
                cell.params.update(W_ih=W_ih, W_hh=W_hh, b=b)
                h_next, c_next = cell.forward(x, (h, c))
                return h_next, c_next, cell
        """),
        wrong={
            "the blocks in the order i, f, o, g": _lstm(gates="i, f, o, g"),
            "the input gate missing": _lstm(c_next="f * c + g"),
            "input and forget gates swapped": _lstm(c_next="i * c + f * g"),
            "no tanh of the cell state": _lstm(h_next="o * c_next"),
            "h from the old cell state": _lstm(h_next="o * np.tanh(c)"),
            "the blocks in the order f, i, g, o": _lstm(gates="f, i, g, o"),
            "the candidate through a sigmoid": code("""
                def lstm_step(x, h, c, W_ih, W_hh, b):
                    H = h.shape[1]
                    a = x @ W_ih + h @ W_hh + b
                    i, f, g, o = (sigmoid(a[:, k * H:(k + 1) * H]) for k in range(4))
                    c_next = f * c + i * g
                    return o * np.tanh(c_next), c_next, (x, h, c, W_ih, W_hh, i, f, g, o, c_next)
            """),
        },
        right={
            "np.split and one sigmoid for three gates": code("""
                def lstm_step(x, h, c, W_ih, W_hh, b):
                    a_i, a_f, a_g, a_o = np.split(x @ W_ih + h @ W_hh + b, 4, axis=1)
                    i, f, o = (1 / (1 + np.exp(-z)) for z in (a_i, a_f, a_o))
                    g = np.tanh(a_g)
                    c_next = c * f + g * i
                    return [o * np.tanh(c_next), c_next, (x, h, c, W_ih, W_hh, i, f, g, o, c_next)]
            """),
            "a weight slice per gate": code("""
                def lstm_step(x, h, c, W_ih, W_hh, b):
                    H = c.shape[-1]
                    gate = lambda k: x @ W_ih[:, k * H:(k + 1) * H] + h @ W_hh[:, k * H:(k + 1) * H] + b[k * H:(k + 1) * H]
                    i, f, g, o = sigmoid(gate(0)), sigmoid(gate(1)), np.tanh(gate(2)), sigmoid(gate(3))
                    c_next = f * c + i * g
                    h_next = o * np.tanh(c_next)
                    return h_next, c_next, (x, h, c, W_ih, W_hh, i, f, g, o, c_next)
            """),
        },
    ),
    "lstm_step_backward": Answer(
        function="lstm_step_backward",
        probes=_lstm_backward_probes(),
        nnlib=code("""
            from nnlib import LSTMCell
            def lstm_step(x, h, c, W_ih, W_hh, b):
                cell = LSTMCell(W_ih.shape[0], h.shape[1])
                cell.params.update(W_ih=W_ih, W_hh=W_hh, b=b)
                h_next, c_next = cell.forward(x, (h, c))
                return h_next, c_next, cell
            def lstm_step_backward(dh_next, dc_next, cache):
                dx, (dh, dc) = cache.backward(dh_next, dc_next)
                return dx, dh, dc, cache.grads["W_ih"], cache.grads["W_hh"], cache.grads["b"]
        """),
        wrong={
            "the path from h_next to c_next missing": _lstm_back(dc_total="dc_next + 0 * dh_next"),
            "dc_prev without the forget gate": _lstm_back(dc="dc_total"),
            "the forget gate's delta with c_next": _lstm_back(df="dc_total * c_next * f * (1 - f)"),
            "the output gate's delta with c_next instead of tanh(c_next)": _lstm_back(do="dh_next * c_next * o * (1 - o)"),
            "the blocks in the order i, f, o, g": _lstm_back(blocks="[di, df, do, dg]"),
            "tanh' of g as 1 - g": _lstm_back(dg="dc_total * i * (1 - g)"),
            "db not summed over the batch": _lstm_back(db="da"),
            "dc_prev from dc_next only": _lstm_back(dc="dc_next * f"),
        },
        right={
            "written per gate, hstack, a list": code("""
                def lstm_step_backward(dh_next, dc_next, cache):
                    x, h, c, W_ih, W_hh, i, f, g, o, c_next = cache
                    do = dh_next * np.tanh(c_next)
                    dcn = dc_next + dh_next * o / np.cosh(c_next) ** 2
                    di, df, dg = dcn * g, dcn * c, dcn * i
                    da = np.hstack([di * i * (1 - i), df * f * (1 - f), dg * (1 - g * g), do * o * (1 - o)])
                    return [np.dot(da, W_ih.T), np.dot(da, W_hh.T), dcn * f, np.dot(x.T, da), np.dot(h.T, da), np.sum(da, axis=0)]
            """),
            "another cache (the pre-activations)": code("""
                def lstm_step(x, h, c, W_ih, W_hh, b):
                    a = x @ W_ih + h @ W_hh + b
                    H = h.shape[1]
                    i, f, o = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H]), sigmoid(a[:, 3 * H:])
                    c_next = f * c + i * np.tanh(a[:, 2 * H:3 * H])
                    return o * np.tanh(c_next), c_next, {"a": a, "x": x, "h": h, "c": c, "W": (W_ih, W_hh)}
                def lstm_step_backward(dh_next, dc_next, cache):
                    a, c, H = cache["a"], cache["c"], cache["h"].shape[1]
                    i, f, o = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H]), sigmoid(a[:, 3 * H:])
                    g = np.tanh(a[:, 2 * H:3 * H])
                    c_next = f * c + i * g
                    dct = dc_next + dh_next * o * (1 - np.tanh(c_next) ** 2)
                    da = np.concatenate([dct * g * i * (1 - i), dct * c * f * (1 - f), dct * i * (1 - g * g),
                                         dh_next * np.tanh(c_next) * o * (1 - o)], axis=1)
                    W_ih, W_hh = cache["W"]
                    return da @ W_ih.T, da @ W_hh.T, dct * f, cache["x"].T @ da, cache["h"].T @ da, da.sum(axis=0)
            """),
        },
    ),
}
