"""01_neurons, written from the statements: correct answers in other styles, and typical mistakes."""

from .variants import after, code

RIGHT = {
    "mcculloch_pitts": {
        "loops over rows and columns, a list of ints": code("""
            def mcculloch_pitts(X, threshold, inhibitory=()):
                outputs = []
                for row in X:
                    count, silenced = 0, False
                    for j, value in enumerate(row):
                        if j in inhibitory:
                            silenced = silenced or value == 1
                        else:
                            count += value
                    outputs.append(int(count >= threshold and not silenced))
                return outputs
        """),
        "np.isin masks, booleans, logging after basicConfig in a cell of its own": {
            after("mcculloch_pitts"): code("""
                import logging
                logging.basicConfig(level=logging.INFO)
            """),
            "mcculloch_pitts": code("""
                import logging

                def mcculloch_pitts(X, threshold, inhibitory=()):
                    X = np.asarray(X)
                    inhibits = np.isin(np.arange(X.shape[1]), list(inhibitory))
                    logging.info("mcculloch_pitts: %d samples, threshold %s", len(X), threshold)
                    return (X[:, ~inhibits].sum(axis=1) >= threshold) & (X[:, inhibits].sum(axis=1) == 0)
            """),
        },
        "a helper per row, prints, np.row_stack": code("""
            def fires(row, threshold, inhibitory):
                excitatory = [v for j, v in enumerate(row) if j not in set(inhibitory)]
                return 1 if sum(excitatory) >= threshold and all(row[j] == 0 for j in inhibitory) else 0

            def mcculloch_pitts(X, threshold, inhibitory=()):
                print(f"mcculloch_pitts: threshold {threshold}, inhibitory {list(inhibitory)}")
                rows = np.row_stack([np.asarray(r) for r in X])
                return np.array([fires(r, threshold, inhibitory) for r in rows])
        """),
        "all columns summed (an active inhibitory input silences anyway)": code("""
            def mcculloch_pitts(X, threshold, inhibitory=()):
                X = np.asarray(X)
                silenced = X[:, list(inhibitory)].any(axis=1)
                return ((X.sum(axis=1) >= threshold) & ~silenced).astype(int)
        """),
    },
    "threshold_unit": {
        "a loop with a dot product per row": code("""
            def threshold_unit(X, weights, threshold):
                out = np.zeros(len(X), dtype=int)
                for i, x in enumerate(X):
                    if np.dot(x, weights) >= threshold:
                        out[i] = 1
                return out
        """),
        "np.heaviside, floats, a warning": code("""
            import warnings

            def threshold_unit(X, weights, threshold):
                warnings.warn("threshold_unit: no input validation")
                return np.heaviside(np.asarray(X) @ np.asarray(weights) - threshold, 1.0)
        """),
        "np.where, a list comprehension over the rows": code("""
            def threshold_unit(X, weights, threshold):
                sums = np.array([sum(w * v for w, v in zip(weights, row)) for row in X])
                return np.where(sums - threshold >= 0, 1, 0)
        """),
    },
    "xor_network": {
        "two calls of threshold_unit and np.c_": code("""
            def xor_network(X):
                h = threshold_unit(X, np.array([1, 1]), 1.2)
                return threshold_unit(np.c_[X, h], np.array([1, 1, -2]), 0.6)
        """),
        "written out without threshold_unit, a plot of the inputs": code("""
            import matplotlib.pyplot as plt

            def xor_network(X):
                X = np.asarray(X, dtype=float)
                hidden = (X[:, 0] + X[:, 1] >= 1.2).astype(float)
                out = (X[:, 0] + X[:, 1] - 2 * hidden >= 0.6).astype(int)
                fig, ax = plt.subplots()
                ax.scatter(X[:, 0], X[:, 1], c=out)
                plt.close(fig)
                return out
        """),
        "a loop over the samples with a helper unit": code("""
            def unit(inputs, weights, threshold):
                return 1 if sum(i * w for i, w in zip(inputs, weights)) >= threshold else 0

            def xor_network(X):
                result = []
                for x1, x2 in X:
                    h = unit([x1, x2], [1, 1], 1.2)
                    result.append(unit([x1, x2, h], [1, 1, -2], 0.6))
                return np.array(result)
        """),
    },
    "majority": {
        "threshold from math.floor": code("""
            import math

            def majority(X):
                n = np.asarray(X).shape[1]
                return mcculloch_pitts(X, threshold=math.floor(n / 2) + 1)
        """),
        "counting without mcculloch_pitts": code("""
            def majority(X):
                X = np.asarray(X)
                return (2 * X.sum(axis=1) > X.shape[1]).astype(int)
        """),
        "threshold (n + 2) // 2, printed": code("""
            def majority(X):
                n_inputs = len(X[0])
                threshold = (n_inputs + 2) // 2
                print("majority threshold:", threshold)
                return mcculloch_pitts(X, threshold)
        """),
    },
}

WRONG = {
    "mcculloch_pitts": {
        "> instead of >=": code("""
            def mcculloch_pitts(X, threshold, inhibitory=()):
                X = np.asarray(X)
                keep = [j for j in range(X.shape[1]) if j not in inhibitory]
                silenced = X[:, list(inhibitory)].sum(axis=1) > 0 if len(inhibitory) else np.zeros(len(X), bool)
                return ((X[:, keep].sum(axis=1) > threshold) & ~silenced).astype(int)
        """),
        "subtractive inhibition (inhibitory inputs count -1)": code("""
            def mcculloch_pitts(X, threshold, inhibitory=()):
                X = np.asarray(X, dtype=float)
                signs = np.ones(X.shape[1])
                signs[list(inhibitory)] = -1
                return (X @ signs >= threshold).astype(int)
        """),
        "excitatory and inhibitory columns swapped": code("""
            def mcculloch_pitts(X, threshold, inhibitory=()):
                X = np.asarray(X)
                excite = np.zeros(X.shape[1], dtype=bool)
                excite[list(inhibitory)] = True
                if not excite.any():
                    excite[:] = True
                    return (X.sum(axis=1) >= threshold).astype(int)
                return ((X[:, excite].sum(axis=1) >= threshold) & ~X[:, ~excite].any(axis=1)).astype(int)
        """),
        "inhibition ignored": code("""
            def mcculloch_pitts(X, threshold, inhibitory=()):
                X = np.asarray(X)
                keep = [j for j in range(X.shape[1]) if j not in inhibitory]
                return (X[:, keep].sum(axis=1) >= threshold).astype(int)
        """),
    },
    "threshold_unit": {
        "> instead of >=": code("""
            def threshold_unit(X, weights, threshold):
                return (np.asarray(X) @ weights > threshold).astype(int)
        """),
        "the threshold added instead of compared": code("""
            def threshold_unit(X, weights, threshold):
                return (np.asarray(X) @ weights + threshold >= 0).astype(int)
        """),
        "labels -1/+1 instead of 0/1": code("""
            def threshold_unit(X, weights, threshold):
                return np.where(np.asarray(X) @ weights >= threshold, 1, -1)
        """),
        "only the first weight used (a broadcast slip)": code("""
            def threshold_unit(X, weights, threshold):
                X = np.asarray(X, dtype=float)
                return (X.sum(axis=1) * weights[0] >= threshold).astype(int)
        """),
    },
    "xor_network": {
        "the hidden unit does not reach the output (OR)": code("""
            def xor_network(X):
                return threshold_unit(X, np.array([1.0, 1.0]), 0.6)
        """),
        "a rule for 0/1 inputs instead of the network": code("""
            def xor_network(X):
                X = np.asarray(X)
                return (X[:, 0] != X[:, 1]).astype(int)
        """),
        "the hidden weight +2 instead of -2": code("""
            def xor_network(X):
                h = threshold_unit(X, np.array([1.0, 1.0]), 1.2)
                return threshold_unit(np.column_stack([X, h]), np.array([1.0, 1.0, 2.0]), 0.6)
        """),
        "the hidden unit's threshold 1 instead of 1.2": code("""
            def xor_network(X):
                h = threshold_unit(X, np.array([1.0, 1.0]), 1.0)
                return threshold_unit(np.column_stack([X, h]), np.array([1.0, 1.0, -2.0]), 0.6)
        """),
    },
    "majority": {
        "threshold n // 2 (a tie fires)": code("""
            def majority(X):
                return mcculloch_pitts(X, threshold=np.shape(X)[1] // 2)
        """),
        "threshold round(n / 2)": code("""
            def majority(X):
                return mcculloch_pitts(X, threshold=round(np.shape(X)[1] / 2))
        """),
        "the number of samples instead of inputs": code("""
            def majority(X):
                return mcculloch_pitts(X, threshold=len(X) // 2 + 1)
        """),
        "a fixed threshold of 2 (right for 3 inputs only)": code("""
            def majority(X):
                return mcculloch_pitts(X, threshold=2)
        """),
    },
}
