"""The parabola-versus-random data set of the lecture's shuffling experiment.

The lecture trains a network with one hidden layer of 3 units (and a bias)
on 10 000 points, 5 000 on the parabola y = x² and 5 000 scattered at random
in the same box, with stochastic gradient descent. Fed in shuffled order it
reaches about 95 % accuracy; fed all random points first, 75 %; all parabola
points first, 50 %. Stochastic gradient descent follows the samples it saw
last, so sorted data teaches the network one class at a time and it forgets
the other.
"""

import numpy as np

from .._validation import check_int
from ._common import check_choice, maybe_shuffle, rng_from, split_evenly

ORDERS = ("shuffled", "random_first", "parabola_first")
X_MAX = 100.0  # x lies in [0, X_MAX), y in [0, X_MAX**2)


def make_parabola(n_samples=10000, order="shuffled", random_state=None):
    """Points on the parabola y = x² (class 1) and random points (class 0).

    Half of the points are (x, x²) with x uniform in [0, 100); the other
    half are uniform in the box [0, 100) × [0, 10000) that holds the
    parabola. The lecture's example rows are a parabola point (37.66,
    1418.25) and a random point (84.65, 222.071); the slide rounds x, since
    37.66² = 1418.2756.

    The coordinates are raw, as on the slide. A network learns poorly from
    inputs of such different sizes: divide ``X`` by ``(100, 10000)`` first
    to put both features in [0, 1).

    Parameters
    ----------
    n_samples : int, default=10000
        Number of points, at least 2. Each class gets half; when it is odd
        the random class gets one more.
    order : {"shuffled", "random_first", "parabola_first"}, default="shuffled"
        The three cases of the experiment: classes mixed in random order, or
        sorted with all random points first, or all parabola points first.
    random_state : None, int or numpy.random.Generator, default=None
        Seed for repeatable data.

    Returns
    -------
    X : ndarray of float64, shape (n_samples, 2)
        Columns x and y.
    y : ndarray of int64, shape (n_samples,)
        1 for "parabola", 0 for "random".

    Examples
    --------
    >>> X, y = make_parabola(order="random_first", random_state=0)
    >>> X_scaled = X / (100, 10000)
    >>> set(y[:5000].tolist()), set(y[5000:].tolist())
    ({0}, {1})
    """
    n_samples = check_int(n_samples, "n_samples", 2, "one point per class")
    check_choice(order, "order", ORDERS)
    rng = rng_from(random_state)

    n_random, n_parabola = split_evenly(n_samples, 2)
    X_random = rng.uniform([0, 0], [X_MAX, X_MAX**2], size=(n_random, 2))
    x = rng.uniform(0, X_MAX, size=n_parabola)
    X_parabola = np.column_stack([x, x**2])
    y_random = np.zeros(n_random, dtype=np.int64)
    y_parabola = np.ones(n_parabola, dtype=np.int64)

    if order == "parabola_first":
        X, y = np.vstack([X_parabola, X_random]), np.concatenate([y_parabola, y_random])
    else:
        X, y = np.vstack([X_random, X_parabola]), np.concatenate([y_random, y_parabola])
    return maybe_shuffle(X, y, order == "shuffled", rng)
