"""A long-dependency task for recurrent networks: recall the marked symbol.

Each sequence is T random symbols from an alphabet of K, one-hot encoded,
with an extra input channel that is 1 at exactly one step: the *marker*.
The target, asked at the end, is the symbol at the marked step. Nothing
distinguishes that symbol from the others but the marker, so a network must
store it when it sees the marker and keep it, unchanged by everything that
follows, for up to T - 1 steps: the kind of long time lag with distractors
that Hochreiter and Schmidhuber (1997) built the LSTM for, and a discrete
cousin of their adding problem.

The marked step is uniform over the sequence, so some distances to the end
are short and some as long as the sequence: a network can learn the short
ones first and has to carry what it learned to the long ones.

Reference: S. Hochreiter and J. Schmidhuber, "Long short-term memory",
Neural Computation 9(8), 1997 (sections 5.2 and 5.4).
"""

import numpy as np

from .._validation import check_int
from ._common import rng_from


def make_recall(n_samples=1000, seq_length=20, n_symbols=4, random_state=None):
    """Sequences of random symbols, one of them marked; the target is the marked one.

    Parameters
    ----------
    n_samples : int, default=1000
        N, the number of sequences.
    seq_length : int, default=20
        T, the number of steps of each sequence (at least 1).
    n_symbols : int, default=4
        K, the size of the alphabet (at least 2); guessing scores 1/K.
    random_state : None, int or numpy.random.Generator, default=None
        Seed for repeatable data.

    Returns
    -------
    X : ndarray of float64, shape (n_samples, seq_length, n_symbols + 1)
        ``X[n, t, :K]`` is the one-hot symbol at step t, ``X[n, t, K]`` the
        marker, 1 at one step of each sequence and 0 elsewhere.
    y : ndarray of int64, shape (n_samples,)
        The marked symbol, 0 to K - 1.

    Examples
    --------
    >>> X, y = make_recall(n_samples=2, seq_length=6, random_state=0)
    >>> X.shape, y.shape
    ((2, 6, 5), (2,))
    >>> marked = X[:, :, -1].argmax(axis=1)          # the marked step of each sequence
    >>> bool(np.all(X[[0, 1], marked, :4].argmax(axis=1) == y))
    True
    """
    n_samples = check_int(n_samples, "n_samples", 1)
    seq_length = check_int(seq_length, "seq_length", 1)
    n_symbols = check_int(n_symbols, "n_symbols", 2, "a choice between symbols")
    rng = rng_from(random_state)

    symbols = rng.integers(0, n_symbols, size=(n_samples, seq_length))  # (N, T)
    marked = rng.integers(0, seq_length, size=n_samples)  # (N,): the marked step
    X = np.zeros((n_samples, seq_length, n_symbols + 1))
    X[:, :, :n_symbols] = np.eye(n_symbols)[symbols]  # (N, T, K) one-hot symbols
    rows = np.arange(n_samples)
    X[rows, marked, n_symbols] = 1.0
    return X, symbols[rows, marked]
