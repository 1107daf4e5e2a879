"""Assignment 10_words: typical mistakes, other correct answers, probe inputs."""

import numpy as np

from .spec import Answer, code
from .variants import edit

_W_IN = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [0.2, -0.3]])  # the chapter's example
_W_OUT = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.0, 0.0]])
_SIZES = [(7, 3, 4), (5, 1, 1), (9, 4, 6), (3, 2, 2), (1, 3, 2), (6, 3, 5)]  # V, N, C


def _examples(seed):
    """(context, target, W_in, W_out): the chapter's example, a repeated context word, random ones."""
    rng = np.random.default_rng(seed)
    examples = [(np.array([0, 2]), 1, _W_IN, _W_OUT), (np.array([2, 2, 0]), 3, _W_IN, _W_OUT)]
    for V, N, C in _SIZES:
        examples.append((rng.integers(0, V, size=C), int(rng.integers(0, V)), rng.normal(size=(V, N)),
                         rng.normal(size=(V, N))))
    return examples


def _forward_probes():
    probes = [((context, W_in, W_out), {}) for context, _, W_in, W_out in _examples(1101)]
    big = np.array([[400.0, 0.0], [0.0, 900.0], [-800.0, 10.0]])
    probes.append(((np.array([0, 1]), big, big), {}))
    return probes


def _update_probes():
    probes = []
    for (context, target, W_in, W_out), lr in zip(_examples(1102), [0.5, 0.5, 0.1, 1.0, 0.03, 2.5, 0.7, 0.2]):
        probes.append(((context, target, W_in, W_out, lr), {}))
    probes.append(((np.array([0, 1]), 3, np.ones((4, 2)), np.zeros((4, 2)), 1.0), {}))
    return probes


def _temperature_probes():
    rng = np.random.default_rng(1103)
    probes = [((np.array([2.0, 1.0, 0.0]), tau), {}) for tau in (1.0, 0.5, 2.0, 0)]
    probes += [((rng.normal(scale=3.0, size=V), tau), {}) for V, tau in [(1, 1.0), (5, 0.3), (12, 1.7), (66, 0.75),
                                                                         (7, 10.0), (9, 0), (4, 0)]]
    probes += [((np.array([-4.0, -7.0, -2.0]), 0), {}), ((np.array([30.0, 10.0, 29.0, -5.0]), 0.01), {})]
    probes += [((np.array([2.0, 1.0, 0.0]), -1.0), {}), ((np.array([2.0, 1.0, 0.0]), -0.5), {})]  # ValueError
    return probes


def _perplexity_probes():
    rng = np.random.default_rng(1104)
    probes = [((np.array([[0.5, 0.25, 0.25], [0.25, 0.25, 0.5], [0.125, 0.125, 0.75], [0.5, 0.5, 0.0]]),
                np.array([0, 1, 0, 1])), {}),
              ((np.full((5, 66), 1 / 66), np.array([3, 0, 65, 12, 12])), {}), ((np.eye(4), np.arange(4)), {})]
    for T, V in [(8, 6), (1, 4), (20, 3), (50, 66)]:
        logits = 2 * rng.normal(size=(T, V))
        probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        probes.append(((probs, rng.integers(0, V, size=T)), {}))
    long_probs = np.full((3000, 66), 0.9 / 65)
    long_probs[:, 7] = 0.1
    targets = np.full(3000, 7)
    targets[::2] = 8
    probes.append(((long_probs, targets), {}))
    return probes


_FORWARD = code("""
    def cbow_forward(context, W_in, W_out):
        h = W_in[context].mean(axis=0)
        u = W_out @ h
        e = np.exp(u - u.max())
        return h, e / e.sum()
""")  # a correct answer; the typical mistakes below are edits of it

_UPDATE = code("""
    def cbow_update(context, target, W_in, W_out, lr):
        h, y = cbow_forward(context, W_in, W_out)
        e = y - np.eye(len(y))[target]
        EH = e @ W_out
        W_out_new = W_out - lr * np.outer(e, h)
        W_in_new = W_in.copy()
        for word in context:
            W_in_new[word] -= lr * EH / len(context)
        return W_in_new, W_out_new
""")  # likewise

_TEMPERATURE = code("""
    def temperature_softmax(logits, temperature):
        if temperature < 0:
            raise ValueError(f"negative temperature {temperature}")
        logits = np.asarray(logits, dtype=float)
        if temperature == 0:
            return np.eye(len(logits))[np.argmax(logits)]
        z = logits / temperature
        e = np.exp(z - z.max())
        return e / e.sum()
""")  # likewise


ANSWERS = {
    "cbow_forward": Answer(
        function="cbow_forward",
        probes=_forward_probes(),
        nnlib=code("""
            from nnlib import CBOW, softmax
            def cbow_forward(context, W_in, W_out):
                cbow = CBOW(*W_in.shape)
                cbow.params = {"W_in": W_in, "W_out": W_out}
                return W_in[context].mean(axis=0), softmax(cbow.forward(np.asarray(context)[None]))[0]
        """),
        wrong={
            "the input vectors summed, not averaged": edit(_FORWARD, "W_in[context].mean(axis=0)", "W_in[context].sum(axis=0)"),
            "the scores u, without the softmax": edit(_FORWARD, "return h, e / e.sum()", "return h, u"),
            "the softmax not shifted (overflows)": edit(_FORWARD, "np.exp(u - u.max())", "np.exp(u)"),
            "a repeated context word counted once": edit(_FORWARD, "W_in[context]", "W_in[np.unique(context)]"),
            "h from the output vectors": edit(_FORWARD, "W_in[context]", "W_out[context]"),
            "the scores from the input vectors": edit(_FORWARD, "u = W_out @ h", "u = W_in @ h"),
        },
        right={
            "one-hot vectors, as the slide writes it": code("""
                def cbow_forward(context, W_in, W_out):
                    x = np.zeros(W_in.shape[0])
                    for word in context:
                        x[word] += 1
                    h = W_in.T @ x / len(context)
                    u = W_out @ h
                    return h, np.exp(u - np.logaddexp.reduce(u))
            """),
            "a loop over the context and the vocabulary": code("""
                def cbow_forward(context, W_in, W_out):
                    h = np.zeros(W_in.shape[1])
                    for word in context:
                        h = h + W_in[word]
                    h = h / len(context)
                    u = np.array([W_out[j] @ h for j in range(W_out.shape[0])])
                    y = np.exp(u - np.max(u))
                    return h, y / np.sum(y)
            """),
        },
    ),
    "cbow_update": Answer(
        function="cbow_update",
        probes=_update_probes(),
        nnlib=code("""
            from nnlib import CBOW, SGD, CrossEntropy
            def cbow_update(context, target, W_in, W_out, lr):
                cbow = CBOW(*W_in.shape)
                cbow.params = {"W_in": W_in.copy(), "W_out": W_out.copy()}
                loss = CrossEntropy()
                loss(cbow.forward(np.asarray(context)[None]), np.array([target]))
                cbow.backward(loss.backward())
                SGD(cbow, lr=lr).step()
                return cbow.params["W_in"], cbow.params["W_out"]
        """),
        wrong={
            "EH from the updated output vectors": edit(
                edit(_UPDATE, "    W_out_new = W_out - lr * np.outer(e, h)\n", ""),
                "    EH = e @ W_out\n", "    W_out_new = W_out - lr * np.outer(e, h)\n    EH = e @ W_out_new\n"),
            "the 1/C missing": edit(_UPDATE, "lr * EH / len(context)", "lr * EH"),
            "a repeated context word moved once (fancy-index assignment)": edit(
                _UPDATE, "    for word in context:\n        W_in_new[word] -= lr * EH / len(context)\n",
                "    W_in_new[context] -= lr * EH / len(context)\n"),
            "the step's sign reversed": edit(edit(_UPDATE, "W_in_new[word] -= lr", "W_in_new[word] += lr"),
                                             "W_out - lr", "W_out + lr"),
            "only the target's output vector moves": edit(
                _UPDATE, "    W_out_new = W_out - lr * np.outer(e, h)\n",
                "    W_out_new = W_out.copy()\n    W_out_new[target] -= lr * e[target] * h\n"),
            "e = t - y (the error's sign)": edit(_UPDATE, "e = y - np.eye(len(y))[target]", "e = np.eye(len(y))[target] - y"),
            "changes the caller's arrays in place": edit(edit(edit(edit(
                _UPDATE, "    W_out_new = W_out - lr * np.outer(e, h)\n", "    W_out -= lr * np.outer(e, h)\n"),
                "    W_in_new = W_in.copy()\n", ""), "W_in_new[word] -=", "W_in[word] -="),
                "return W_in_new, W_out_new", "return W_in, W_out"),
        },
        right={
            "np.add.at and np.outer": code("""
                def cbow_update(context, target, W_in, W_out, lr):
                    h, y = cbow_forward(context, W_in, W_out)
                    e = y.copy()
                    e[target] -= 1
                    EH = W_out.T @ e
                    dW_in = np.zeros_like(W_in)
                    np.add.at(dW_in, context, EH / len(context))
                    return W_in - lr * dW_in, W_out - lr * e[:, None] * h[None, :]
            """),
            "counts of the context words, a loop over the vocabulary": code("""
                def cbow_update(context, target, W_in, W_out, lr):
                    h, y = cbow_forward(context, W_in, W_out)
                    V = W_out.shape[0]
                    e = np.array([y[j] - (1.0 if j == target else 0.0) for j in range(V)])
                    EH = sum(e[j] * W_out[j] for j in range(V))
                    counts = np.bincount(context, minlength=V)
                    W_in_new = W_in - lr * np.outer(counts, EH) / len(context)
                    W_out_new = np.array([W_out[j] - lr * e[j] * h for j in range(V)])
                    return W_in_new, W_out_new
            """),
        },
    ),
    "temperature_softmax": Answer(
        function="temperature_softmax",
        probes=_temperature_probes(),
        nnlib=code("""
            from nnlib import softmax
            def temperature_softmax(logits, temperature):
                if temperature < 0:
                    raise ValueError(f"negative temperature {temperature}")
                if temperature == 0:
                    return np.eye(len(logits))[np.argmax(logits)]
                return softmax(np.asarray(logits) / temperature)
        """),
        wrong={
            "multiplied by the temperature": edit(_TEMPERATURE, "z = logits / temperature", "z = logits * temperature"),
            "not shifted (overflows at small temperatures)": edit(_TEMPERATURE, "np.exp(z - z.max())", "np.exp(z)"),
            "greedy at 0 picks the smallest logit": edit(_TEMPERATURE, "np.argmax(logits)", "np.argmin(logits)"),
            "no error for a negative temperature": edit(
                _TEMPERATURE, '    if temperature < 0:\n        raise ValueError(f"negative temperature {temperature}")\n', ""),
            "the temperature applied after the softmax, not renormalised": edit(
                edit(_TEMPERATURE, "z = logits / temperature", "z = logits"),
                "return e / e.sum()", "return (e / e.sum()) ** (1 / temperature)"),
        },
        right={
            "the softmax's probabilities raised to 1/tau and renormalised": code("""
                def temperature_softmax(logits, temperature):
                    if temperature < 0:
                        raise ValueError("temperature must be >= 0")
                    z = np.asarray(logits, dtype=float)
                    if temperature == 0:
                        out = np.zeros_like(z)
                        out[z.argmax()] = 1.0
                        return out
                    log_p = (z - np.logaddexp.reduce(z)) / temperature
                    return np.exp(log_p - np.logaddexp.reduce(log_p))
            """),
        },
    ),
    "perplexity": Answer(
        function="perplexity",
        probes=_perplexity_probes(),
        nnlib=code("""
            from nnlib import CrossEntropy
            def perplexity(probs, targets):
                return float(np.exp(CrossEntropy()(np.log(probs), targets)))
        """),
        wrong={
            "the cross-entropy without the exponential": code("""
                def perplexity(probs, targets):
                    return float(-np.mean(np.log(probs[np.arange(len(targets)), targets])))
            """),
            "the sum instead of the mean": code("""
                def perplexity(probs, targets):
                    return float(np.exp(-np.sum(np.log(probs[np.arange(len(targets)), targets]))))
            """),
            "probs[:, targets], a T x T table": code("""
                def perplexity(probs, targets):
                    return float(np.exp(-np.mean(np.log(probs[:, targets]))))
            """),
            "the product of the probabilities (underflows)": code("""
                def perplexity(probs, targets):
                    p = probs[np.arange(len(targets)), targets]
                    return float(np.prod(p) ** (-1 / len(p)))
            """),
            "one over the mean probability": code("""
                def perplexity(probs, targets):
                    return float(1 / np.mean(probs[np.arange(len(targets)), targets]))
            """),
        },
        right={
            "base 2": code("""
                def perplexity(probs, targets):
                    bits = -np.mean([np.log2(probs[t, w]) for t, w in enumerate(targets)])
                    return 2 ** bits
            """),
            "np.take_along_axis, returned as a 0-d array": code("""
                def perplexity(probs, targets):
                    p = np.take_along_axis(probs, np.asarray(targets)[:, None], axis=1)
                    return np.exp(-np.log(p).mean())
            """),
        },
    ),
}
