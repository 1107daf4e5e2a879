"""10_words, written from the statements: correct answers in other styles, and typical mistakes."""

from .variants import after, code

RIGHT = {
    "cbow_forward": {
        "the slide's one-hot sum times W_in, scipy-free log-sum-exp, printed": code("""
            def cbow_forward(context, W_in, W_out):
                V = W_in.shape[0]
                x = np.zeros(V)
                for c in context:
                    x = x + np.eye(V)[c]
                h = (W_in.T @ x) / len(context)
                u = W_out @ h
                print("scores from", u.min(), "to", u.max())
                y = np.exp(u - np.logaddexp.reduce(u))
                return h, y
        """),
        "a softmax helper in a cell of its own, returned as a list": {
            after("cbow_forward"): code("""
                def stable_softmax(u):
                    shifted = u - np.max(u)
                    return np.exp(shifted) / np.sum(np.exp(shifted))
            """),
            "cbow_forward": code("""
                def cbow_forward(context, W_in, W_out):
                    h = np.mean([W_in[w] for w in context], axis=0)
                    return [h, stable_softmax(W_out.dot(h))]
            """),
        },
        "np.take and einsum, logged": {
            after("cbow_forward"): code("""
                import logging
                logging.basicConfig(level=logging.INFO)
                log = logging.getLogger("cbow")
            """),
            "cbow_forward": code("""
                def cbow_forward(context, W_in, W_out):
                    h = np.take(W_in, context, axis=0).sum(axis=0) / len(context)
                    u = np.einsum("vn,n->v", W_out, h)
                    log.info("context %s", list(context))
                    y = np.exp(u - u.max())
                    return h, y / y.sum()
            """),
        },
    },
    "cbow_update": {
        "copies updated row by row, with a warning": code("""
            import warnings

            def cbow_update(context, target, W_in, W_out, lr):
                h, y = cbow_forward(context, W_in, W_out)
                t = np.zeros_like(y)
                t[target] = 1.0
                e = y - t
                EH = np.zeros(W_in.shape[1])
                for j in range(W_out.shape[0]):
                    EH += e[j] * W_out[j]
                W_out_new = W_out.copy()
                for j in range(W_out.shape[0]):
                    W_out_new[j] = W_out[j] - lr * e[j] * h
                W_in_new = W_in.copy()
                for c in range(len(context)):
                    W_in_new[context[c]] = W_in_new[context[c]] - (1 / len(context)) * lr * EH
                if lr > 1:
                    warnings.warn("a large learning rate")
                return W_in_new, W_out_new
        """),
        "np.add.at on a gradient, returned as a list": code("""
            def cbow_update(context, target, W_in, W_out, lr):
                h, y = cbow_forward(context, W_in, W_out)
                e = y.copy()
                e[target] = e[target] - 1
                grad_out = np.outer(e, h)
                grad_in = np.zeros(W_in.shape)
                np.add.at(grad_in, np.asarray(context), (W_out.T @ e) / len(context))
                return [W_in - lr * grad_in, W_out - lr * grad_out]
        """),
        "one-hot counts of the context": code("""
            def cbow_update(context, target, W_in, W_out, lr):
                V = W_in.shape[0]
                h, y = cbow_forward(context, W_in, W_out)
                e = y - np.eye(V)[target]
                EH = W_out.T @ e
                x = np.eye(V)[context].sum(axis=0)  # how often each word is in the context
                return W_in - lr * np.outer(x, EH) / len(context), W_out - lr * np.outer(e, h)
        """),
    },
    "temperature_softmax": {
        "an error message with the value, printed probabilities": code("""
            def temperature_softmax(logits, temperature):
                if temperature < 0:
                    raise ValueError("temperature must not be negative, got " + str(temperature))
                if temperature == 0:
                    p = np.zeros(len(logits))
                    p[np.argmax(logits)] = 1
                    return p
                scaled = np.array(logits, dtype=float) / temperature
                scaled -= scaled.max()
                p = np.exp(scaled)
                p /= p.sum()
                print("p =", np.round(p, 3))
                return p
        """),
        "log-sum-exp, greedy through np.where": code("""
            def temperature_softmax(logits, temperature):
                logits = np.asarray(logits, dtype=float)
                if temperature < 0:
                    raise ValueError(f"expected a temperature >= 0, got {temperature}")
                if temperature == 0:
                    return np.where(np.arange(logits.size) == logits.argmax(), 1.0, 0.0)
                z = logits / temperature
                return np.exp(z - np.logaddexp.reduce(z))
        """),
    },
    "perplexity": {
        "a loop over the steps, 2 ** bits": code("""
            import math

            def perplexity(probs, targets):
                bits = 0.0
                for t in range(len(targets)):
                    bits += -math.log2(probs[t][targets[t]])
                return 2 ** (bits / len(targets))
        """),
        "a cross-entropy helper in a cell of its own, a 0-d array": {
            after("perplexity"): code("""
                def cross_entropy(probs, targets):
                    picked = probs[np.arange(probs.shape[0]), targets]
                    return -np.log(picked).mean()
            """),
            "perplexity": code("""
                def perplexity(probs, targets):
                    return np.exp(cross_entropy(probs, targets))
            """),
        },
    },
}

WRONG = {
    "cbow_forward": {
        "the sum of the context vectors, not their mean": code("""
            def cbow_forward(context, W_in, W_out):
                h = W_in[context].sum(axis=0)
                u = W_out @ h
                y = np.exp(u - u.max())
                return h, y / y.sum()
        """),
        "y is the scores": code("""
            def cbow_forward(context, W_in, W_out):
                h = W_in[context].mean(axis=0)
                return h, W_out @ h
        """),
        "the softmax without the shift": code("""
            def cbow_forward(context, W_in, W_out):
                h = W_in[context].mean(axis=0)
                y = np.exp(W_out @ h)
                return h, y / np.sum(y)
        """),
        "a set of the context words (a repeated word once)": code("""
            def cbow_forward(context, W_in, W_out):
                words = sorted(set(int(w) for w in context))
                h = W_in[words].mean(axis=0)
                u = W_out @ h
                y = np.exp(u - u.max())
                return h, y / y.sum()
        """),
    },
    "cbow_update": {
        "EH after the output vectors moved": code("""
            def cbow_update(context, target, W_in, W_out, lr):
                h, y = cbow_forward(context, W_in, W_out)
                e = y - np.eye(len(y))[target]
                W_out_new = W_out - lr * np.outer(e, h)
                W_in_new = W_in.copy()
                for w in context:
                    W_in_new[w] = W_in_new[w] - lr * (e @ W_out_new) / len(context)
                return W_in_new, W_out_new
        """),
        "W_in_new[context] -= ... (a repeated word moves once)": code("""
            def cbow_update(context, target, W_in, W_out, lr):
                h, y = cbow_forward(context, W_in, W_out)
                e = y - np.eye(len(y))[target]
                W_in_new = W_in.copy()
                W_in_new[context] -= lr * (W_out.T @ e) / len(context)
                return W_in_new, W_out - lr * np.outer(e, h)
        """),
        "no 1/C": code("""
            def cbow_update(context, target, W_in, W_out, lr):
                h, y = cbow_forward(context, W_in, W_out)
                e = y - np.eye(len(y))[target]
                EH = W_out.T @ e
                W_in_new = W_in.copy()
                for w in context:
                    W_in_new[w] -= lr * EH
                return W_in_new, W_out - lr * np.outer(e, h)
        """),
        "updates the caller's arrays in place": code("""
            def cbow_update(context, target, W_in, W_out, lr):
                h, y = cbow_forward(context, W_in, W_out)
                e = y - np.eye(len(y))[target]
                EH = W_out.T @ e
                W_out -= lr * np.outer(e, h)
                for w in context:
                    W_in[w] -= lr * EH / len(context)
                return W_in, W_out
        """),
        "gradient ascent (t - y)": code("""
            def cbow_update(context, target, W_in, W_out, lr):
                h, y = cbow_forward(context, W_in, W_out)
                e = np.eye(len(y))[target] - y
                W_in_new = W_in.copy()
                for w in context:
                    W_in_new[w] -= lr * (W_out.T @ e) / len(context)
                return W_in_new, W_out - lr * np.outer(e, h)
        """),
    },
    "temperature_softmax": {
        "logits times the temperature": code("""
            def temperature_softmax(logits, temperature):
                if temperature < 0:
                    raise ValueError(f"got {temperature}")
                if temperature == 0:
                    return np.eye(len(logits))[np.argmax(logits)]
                z = np.asarray(logits, dtype=float) * temperature
                p = np.exp(z - z.max())
                return p / p.sum()
        """),
        "the uniform distribution at temperature 0": code("""
            def temperature_softmax(logits, temperature):
                if temperature < 0:
                    raise ValueError(f"got {temperature}")
                if temperature == 0:
                    return np.full(len(logits), 1 / len(logits))
                z = np.asarray(logits, dtype=float) / temperature
                p = np.exp(z - z.max())
                return p / p.sum()
        """),
        "no shift: overflow at a small temperature": code("""
            def temperature_softmax(logits, temperature):
                if temperature < 0:
                    raise ValueError(f"got {temperature}")
                if temperature == 0:
                    return np.eye(len(logits))[np.argmax(logits)]
                p = np.exp(np.asarray(logits, dtype=float) / temperature)
                return p / p.sum()
        """),
        "a negative temperature accepted": code("""
            def temperature_softmax(logits, temperature):
                if temperature == 0:
                    return np.eye(len(logits))[np.argmax(logits)]
                z = np.asarray(logits, dtype=float) / temperature
                p = np.exp(z - z.max())
                return p / p.sum()
        """),
    },
    "perplexity": {
        "the cross-entropy, not its exponential": code("""
            def perplexity(probs, targets):
                return -np.mean(np.log(probs[np.arange(len(targets)), targets]))
        """),
        "the geometric mean through the product (underflows for long texts)": code("""
            def perplexity(probs, targets):
                p = np.array([probs[t, w] for t, w in enumerate(targets)])
                return np.prod(1 / p) ** (1 / len(p))
        """),
        "probs[:, targets]": code("""
            def perplexity(probs, targets):
                return float(np.exp(-np.log(probs[:, targets]).mean()))
        """),
        "exp of the sum": code("""
            def perplexity(probs, targets):
                return float(np.exp(-np.log(probs[np.arange(len(targets)), targets]).sum()))
        """),
    },
}
