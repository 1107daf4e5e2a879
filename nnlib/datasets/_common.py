"""Helpers shared by the data-set generators: argument checks, randomness, noise.

Every generator draws its random numbers from one ``numpy.random.Generator``
made by :func:`rng_from`, so ``random_state=0`` always gives the same data and
nothing ever touches numpy's global seed.
"""

import numbers

import numpy as np


def rng_from(random_state):
    """Turn ``random_state`` into a ``numpy.random.Generator``.

    Parameters
    ----------
    random_state : None, int or numpy.random.Generator
        None for fresh randomness every call, an int seed for repeatable data,
        or a Generator to draw from (it is used as is, so its state advances).

    Returns
    -------
    numpy.random.Generator
    """
    try:
        return np.random.default_rng(random_state)
    except (TypeError, ValueError):
        raise ValueError(
            f"random_state must be None, a non-negative int or a numpy Generator, got {random_state!r}"
        ) from None


def check_nonnegative(value, name):
    """Return ``value`` as a float, or raise ValueError if it is not a finite number >= 0.

    ``None`` counts as 0, as scikit-learn's ``noise=None``.
    """
    if value is None:
        return 0.0
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= value < np.inf:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return float(value)


def check_choice(value, name, choices):
    """Return ``value`` if it is one of ``choices``, else raise ValueError listing them."""
    if value not in choices:
        expected = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {expected}; got {value!r}")
    return value


def split_evenly(n_samples, n_groups):
    """Share ``n_samples`` among ``n_groups`` as evenly as possible.

    The first ``n_samples % n_groups`` groups get one sample more, as in
    scikit-learn's ``make_blobs``.

    Returns
    -------
    ndarray of int, shape (n_groups,)
        Samples per group; they add up to ``n_samples``.
    """
    counts = np.full(n_groups, n_samples // n_groups)
    counts[: n_samples % n_groups] += 1
    return counts


def labels_for(counts):
    """Labels 0, 0, ..., 1, 1, ... with ``counts[k]`` copies of ``k``.

    Returns
    -------
    y : ndarray of int64, shape (sum(counts),)
    """
    return np.repeat(np.arange(len(counts), dtype=np.int64), counts)


def add_noise(values, noise, rng):
    """Add Gaussian noise with standard deviation ``noise`` to ``values``.

    With ``noise == 0`` the values come back unchanged (and no random numbers
    are drawn).

    Returns
    -------
    ndarray of float64, same shape as ``values``
    """
    values = np.asarray(values, dtype=np.float64)
    if noise == 0:
        return values
    return values + rng.normal(scale=noise, size=values.shape)


def maybe_shuffle(X, y, shuffle, rng):
    """Return ``X`` and ``y`` with their rows in the same random order, or as they are if not ``shuffle``."""
    if not shuffle:
        return X, y
    order = rng.permutation(len(y))
    return X[order], y[order]
