"""Assignment 01_neurons: typical mistakes, other correct answers, probe inputs."""

import itertools

import numpy as np

from .spec import Answer, code


def _truth_table(n):
    return np.array(list(itertools.product([0, 1], repeat=n)), dtype=float)


def _mp_probes():
    probes = []
    for n in range(1, 5):
        X = _truth_table(n)
        inhibitory_sets = [(), (0,)] + ([(n - 1,), (0, n - 1)] if n > 1 else [])
        for threshold in range(n + 2):
            for inhibitory in inhibitory_sets:
                probes.append(((X, threshold), {"inhibitory": list(inhibitory)}))
    rng = np.random.default_rng(11)
    probes.append(((rng.integers(0, 2, size=(7, 5)), 2), {"inhibitory": (1, 3)}))
    probes.append(((np.array([[1, 1, 0]]), 2), {}))
    probes.append(((np.zeros((3, 4)), 0), {}))
    return probes


def _tu_probes():
    rng = np.random.default_rng(12)
    probes = []
    for shape in [(4, 2), (6, 3), (1, 4), (5, 1)]:
        X, w = rng.normal(size=shape), rng.normal(size=shape[1])
        for threshold in (-0.5, 0.0, 0.8):
            probes.append(((X, w, threshold), {}))
    X2 = _truth_table(2)
    for w, threshold in [([1.0, 1.0], 1.2), ([1.0, 1.0], 1.0), ([1.0, 1.0], 2.0), ([-1.0, 2.0], 0.0)]:
        probes.append(((X2, np.array(w), threshold), {}))
    probes.append(((np.zeros((2, 3)), np.array([0.5, -1.0, 2.0]), 0.0), {}))
    return probes


def _xor_probes():
    rng = np.random.default_rng(13)
    return [((_truth_table(2),), {}), ((rng.uniform(-0.5, 1.5, size=(200, 2)),), {}),
            ((np.array([[0.3, 0.2], [0.6, 0.0], [1.2, 0.0], [0.6, 0.6], [1.0, 1.0]]),), {})]


def _majority_probes():
    rng = np.random.default_rng(14)
    probes = [((_truth_table(n),), {}) for n in range(1, 7)]
    probes += [((rng.integers(0, 2, size=(9, n)),), {}) for n in (3, 4, 7, 8)]
    return probes


ANSWERS = {
    "mcculloch_pitts": Answer(
        function="mcculloch_pitts",
        probes=_mp_probes(),
        nnlib=code("""
            import nnlib
            def mcculloch_pitts(X, threshold, inhibitory=()):
                return nnlib.McCullochPitts(threshold, inhibitory).predict(X)
        """),
        wrong={
            "> instead of >=": code("""
                def mcculloch_pitts(X, threshold, inhibitory=()):
                    X = np.asarray(X)
                    inh = np.zeros(X.shape[1], bool); inh[list(inhibitory)] = True
                    return ((X[:, ~inh].sum(axis=1) > threshold) & ~X[:, inh].any(axis=1)).astype(int)
            """),
            "inhibition ignored": code("""
                def mcculloch_pitts(X, threshold, inhibitory=()):
                    return (np.asarray(X).sum(axis=1) >= threshold).astype(int)
            """),
            "inhibitory inputs left out of the count but never silence": code("""
                def mcculloch_pitts(X, threshold, inhibitory=()):
                    X = np.asarray(X)
                    inh = np.zeros(X.shape[1], bool); inh[list(inhibitory)] = True
                    return (X[:, ~inh].sum(axis=1) >= threshold).astype(int)
            """),
            "subtractive (relative) inhibition instead of absolute": code("""
                def mcculloch_pitts(X, threshold, inhibitory=()):
                    X = np.asarray(X)
                    inh = np.zeros(X.shape[1], bool); inh[list(inhibitory)] = True
                    return (X[:, ~inh].sum(axis=1) - X[:, inh].sum(axis=1) >= threshold).astype(int)
            """),
            "sum over the wrong axis": code("""
                def mcculloch_pitts(X, threshold, inhibitory=()):
                    X = np.asarray(X)
                    inh = np.zeros(X.shape[1], bool); inh[list(inhibitory)] = True
                    return ((X[:, ~inh].sum(axis=0) >= threshold) & ~X[:, inh].any(axis=0)).astype(int)
            """),
            "only the first inhibitory input inhibits": code("""
                def mcculloch_pitts(X, threshold, inhibitory=()):
                    X = np.asarray(X)
                    inh = np.zeros(X.shape[1], bool); inh[list(inhibitory)] = True
                    silenced = X[:, inhibitory[0]] > 0 if len(inhibitory) else np.zeros(len(X), bool)
                    return ((X[:, ~inh].sum(axis=1) >= threshold) & ~silenced).astype(int)
            """),
            "the mean instead of the count": code("""
                def mcculloch_pitts(X, threshold, inhibitory=()):
                    X = np.asarray(X)
                    inh = np.zeros(X.shape[1], bool); inh[list(inhibitory)] = True
                    return ((X[:, ~inh].mean(axis=1) >= threshold) & ~X[:, inh].any(axis=1)).astype(int)
            """),
        },
        right={
            "loops over rows and inputs": code("""
                def mcculloch_pitts(X, threshold, inhibitory=()):
                    out = []
                    for row in X:
                        count, silenced = 0, False
                        for j, x in enumerate(row):
                            if j in inhibitory:
                                silenced = silenced or x == 1
                            else:
                                count += x
                        out.append(1 if count >= threshold and not silenced else 0)
                    return np.array(out)
            """),
            "np.delete and a list comprehension, boolean result": code("""
                def mcculloch_pitts(X, threshold, inhibitory=()):
                    X = np.asarray(X)
                    inh = sorted(set(inhibitory))
                    excitation = np.delete(X, inh, axis=1).sum(axis=1)
                    silenced = np.array([any(row[j] == 1 for j in inh) for row in X], dtype=bool)
                    return (excitation >= threshold) & ~silenced
            """),
        },
    ),
    "threshold_unit": Answer(
        function="threshold_unit",
        probes=_tu_probes(),
        nnlib=code("""
            from nnlib import ThresholdUnit
            def threshold_unit(X, weights, threshold):
                return ThresholdUnit(weights, threshold).predict(X)
        """),
        wrong={
            "> instead of >=": code("""
                def threshold_unit(X, weights, threshold):
                    return (X @ weights > threshold).astype(int)
            """),
            "the threshold added instead of subtracted": code("""
                def threshold_unit(X, weights, threshold):
                    return (X @ weights + threshold >= 0).astype(int)
            """),
            "weights ignored (plain sum of the inputs)": code("""
                def threshold_unit(X, weights, threshold):
                    return (X.sum(axis=1) >= threshold).astype(int)
            """),
            "elementwise product summed over the wrong axis": code("""
                def threshold_unit(X, weights, threshold):
                    return ((X * weights).sum(axis=0) >= threshold).astype(int)
            """),
            "uses nnlib.step": code("""
                import nnlib
                def threshold_unit(X, weights, threshold):
                    return nnlib.step(X @ weights - threshold).astype(int)
            """),
        },
        right={
            "np.where": code("""
                def threshold_unit(X, weights, threshold):
                    return np.where(np.dot(X, weights) >= threshold, 1, 0)
            """),
            "a loop, boolean result": code("""
                def threshold_unit(X, weights, threshold):
                    return np.array([sum(x * w for x, w in zip(row, weights)) >= threshold for row in X])
            """),
            "np.heaviside, float result": code("""
                def threshold_unit(X, weights, threshold):
                    return np.heaviside(X @ weights - threshold, 1.0)
            """),
        },
    ),
    "xor_network": Answer(
        function="xor_network",
        probes=_xor_probes(),
        nnlib=code("""
            from nnlib import ThresholdUnit
            def xor_network(X):
                hidden = ThresholdUnit([1, 1], 1.2).predict(X)
                return ThresholdUnit([1, 1, -2], 0.6).predict(np.column_stack([X, hidden]))
        """),
        wrong={
            "the hidden unit is not fed to the output (OR)": code("""
                def xor_network(X):
                    return threshold_unit(X, np.array([1.0, 1.0]), 0.6)
            """),
            "+2 instead of -2 for the hidden unit": code("""
                def xor_network(X):
                    hidden = threshold_unit(X, np.array([1.0, 1.0]), 1.2)
                    return threshold_unit(np.column_stack([X, hidden]), np.array([1.0, 1.0, 2.0]), 0.6)
            """),
            "a rule for 0/1 inputs, not the network": code("""
                def xor_network(X):
                    return (X[:, 0] != X[:, 1]).astype(int)
            """),
            "hidden threshold 1 instead of 1.2": code("""
                def xor_network(X):
                    hidden = threshold_unit(X, np.array([1.0, 1.0]), 1.0)
                    return threshold_unit(np.column_stack([X, hidden]), np.array([1.0, 1.0, -2.0]), 0.6)
            """),
            "output threshold 0.5 instead of 0.6": code("""
                def xor_network(X):
                    hidden = threshold_unit(X, np.array([1.0, 1.0]), 1.2)
                    return threshold_unit(np.column_stack([X, hidden]), np.array([1.0, 1.0, -2.0]), 0.5)
            """),
            "the output unit sees only the hidden unit": code("""
                def xor_network(X):
                    hidden = threshold_unit(X, np.array([1.0, 1.0]), 1.2)
                    return threshold_unit(hidden[:, None], np.array([-2.0]), 0.6)
            """),
        },
        right={
            "inline numpy": code("""
                def xor_network(X):
                    s = X[:, 0] + X[:, 1]
                    hidden = (s >= 1.2).astype(float)
                    return (s - 2 * hidden >= 0.6).astype(int)
            """),
            "a loop over the samples": code("""
                def xor_network(X):
                    out = []
                    for x1, x2 in X:
                        h = 1 if x1 + x2 >= 1.2 else 0
                        out.append(1 if x1 + x2 - 2 * h >= 0.6 else 0)
                    return out
            """),
        },
    ),
    "majority": Answer(
        function="majority",
        probes=_majority_probes(),
        nnlib=code("""
            from nnlib import McCullochPitts
            def majority(X):
                return McCullochPitts(X.shape[1] // 2 + 1).predict(X)
        """),
        wrong={
            "threshold n // 2": code("""
                def majority(X):
                    return mcculloch_pitts(X, threshold=X.shape[1] // 2)
            """),
            "threshold n / 2 (ties fire)": code("""
                def majority(X):
                    return mcculloch_pitts(X, threshold=X.shape[1] / 2)
            """),
            "threshold (n + 1) // 2 (ties fire for even n)": code("""
                def majority(X):
                    return mcculloch_pitts(X, threshold=(X.shape[1] + 1) // 2)
            """),
            "the number of samples instead of inputs": code("""
                def majority(X):
                    return mcculloch_pitts(X, threshold=X.shape[0] // 2 + 1)
            """),
            "a fixed threshold of 2 (right for 3 inputs only)": code("""
                def majority(X):
                    return mcculloch_pitts(X, threshold=2)
            """),
        },
        right={
            "mean above one half": code("""
                def majority(X):
                    return (np.mean(X, axis=1) > 0.5).astype(int)
            """),
            "twice the count against n, in a loop": code("""
                def majority(X):
                    return [int(2 * sum(row) > len(row)) for row in X]
            """),
            "math.floor": code("""
                import math
                def majority(X):
                    return mcculloch_pitts(X, math.floor(len(X[0]) / 2) + 1)
            """),
        },
    ),
}
