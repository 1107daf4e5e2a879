"""Logic gates and the XOR problem.

The truth tables of the Boolean gates are the first data sets of the course:
McCulloch and Pitts (1943) built AND, OR and NOT from threshold units by hand,
and Rosenblatt's perceptron learns the linearly separable ones. XOR is the
one a single unit cannot learn (Minsky and Papert, 1969); :func:`make_xor`
turns its four corners into clouds of points, the smallest problem that
needs a hidden layer.
"""

import itertools

import numpy as np

from .._validation import check_int
from ._common import (
    add_noise,
    check_choice,
    check_nonnegative,
    labels_for,
    maybe_shuffle,
    rng_from,
    split_evenly,
)

# Every gate below depends only on how many of its n inputs are on (k), which
# is why a threshold unit can compute AND (k >= n) and OR (k >= 1), but no
# single threshold can compute XOR (k odd).
_GATES = {
    "and": lambda k, n: k == n,
    "or": lambda k, n: k >= 1,
    "nand": lambda k, n: k < n,
    "nor": lambda k, n: k == 0,
    "xor": lambda k, n: k % 2 == 1,  # parity: 1 for an odd number of ones
    "xnor": lambda k, n: k % 2 == 0,
    "not": lambda k, n: k == 0,
}
GATES = tuple(_GATES)


def logic_gate(name, n_inputs=2):
    """The complete truth table of a logic gate.

    Parameters
    ----------
    name : str
        One of ``"and"``, ``"or"``, ``"nand"``, ``"nor"``, ``"xor"``,
        ``"xnor"`` and ``"not"`` (upper case is fine too). With more than two
        inputs, ``"xor"`` is the parity (1 when an odd number of inputs is 1)
        and ``"xnor"`` its negation.
    n_inputs : int, default=2
        Number of inputs; must be 1 for ``"not"``.

    Returns
    -------
    X : ndarray of float64, shape (2**n_inputs, n_inputs)
        Every combination of 0s and 1s, in counting order: 00, 01, 10, 11.
    y : ndarray of int64, shape (2**n_inputs,)
        The gate's output for each row of ``X``.

    Examples
    --------
    >>> X, y = logic_gate("and")
    >>> X.tolist(), y.tolist()
    ([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0, 0, 0, 1])
    """
    key = name.lower() if isinstance(name, str) else name
    check_choice(key, "name", GATES)
    if key == "not":
        if n_inputs != 1:
            raise ValueError(f"the 'not' gate has one input: n_inputs must be 1, got {n_inputs!r}")
    else:
        check_int(n_inputs, "n_inputs", 1)
    X = np.array(list(itertools.product([0, 1], repeat=n_inputs)), dtype=np.float64)
    n_on = X.sum(axis=1)  # (2**n_inputs,) number of inputs that are 1
    y = _GATES[key](n_on, n_inputs).astype(np.int64)
    return X, y


def make_xor(n_samples=200, noise=0.0, random_state=None, *, shuffle=True):
    """Points around the four corners of the XOR problem: a continuous XOR.

    A quarter of the points sits at each corner (0, 0), (0, 1), (1, 0) and
    (1, 1), moved by Gaussian noise; a point's label is the XOR of its
    corner, so (0, 1) and (1, 0) are class 1 and the other two class 0. No
    straight line separates the classes.

    Parameters
    ----------
    n_samples : int, default=200
        Number of points, at least 4 (one per corner); when it is not a
        multiple of 4 the first corners get one point more.
    noise : float, default=0.0
        Standard deviation of the Gaussian noise added to both coordinates.
        With 0 every point lies exactly on its corner.
    random_state : None, int or numpy.random.Generator, default=None
        Seed for repeatable data.
    shuffle : bool, default=True
        Shuffle the rows; if False they are ordered corner by corner.

    Returns
    -------
    X : ndarray of float64, shape (n_samples, 2)
    y : ndarray of int64, shape (n_samples,)
        0 or 1.
    """
    n_samples = check_int(n_samples, "n_samples", 4, "one point per corner")
    noise = check_nonnegative(noise, "noise")
    rng = rng_from(random_state)

    corners, corner_labels = logic_gate("xor")  # (4, 2), (4,)
    corner_of_point = labels_for(split_evenly(n_samples, 4))  # (n_samples,) index 0..3
    X = add_noise(corners[corner_of_point], noise, rng)
    y = corner_labels[corner_of_point]
    return maybe_shuffle(X, y, shuffle, rng)
