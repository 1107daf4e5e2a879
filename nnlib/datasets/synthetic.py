"""Two-dimensional toy problems for drawing decision boundaries.

Blobs are separable by straight lines, so a perceptron or a softmax layer
suffices. Moons, circles and spirals are not: they show what a hidden layer
buys, and how the boundary of a multilayer network bends as units are added.
The names and arguments follow scikit-learn's ``make_*`` functions (spirals
follow the CS231n notes), but each is written out in plain numpy.
"""

import numbers

import numpy as np

from .._validation import check_int
from ._common import (
    add_noise,
    check_nonnegative,
    labels_for,
    maybe_shuffle,
    rng_from,
    split_evenly,
)

# Where make_blobs puts random centres: uniformly in this box, in every dimension.
CENTER_BOX = (-10.0, 10.0)


def _blob_centers(centers, n_features, rng):
    """The (n_centers, n_features) array of centres: given, or drawn in CENTER_BOX."""
    if isinstance(centers, numbers.Integral) and not isinstance(centers, bool):
        n_centers = check_int(centers, "centers", 1)
        n_features = check_int(n_features, "n_features", 1)
        return rng.uniform(*CENTER_BOX, size=(n_centers, n_features))
    try:
        array = np.asarray(centers, dtype=np.float64)
    except (TypeError, ValueError):
        array = None
    if array is None or array.ndim != 2 or array.size == 0:
        raise ValueError(
            f"centers must be an int >= 1 or an array of shape (n_centers, n_features), got {centers!r}"
        )
    return array


def _cluster_stds(cluster_std, n_centers):
    """One standard deviation per centre, shape (n_centers,), all >= 0."""
    try:
        std = np.broadcast_to(np.asarray(cluster_std, dtype=np.float64), (n_centers,))
    except (TypeError, ValueError):
        std = None
    if std is None or not np.all(std >= 0):
        raise ValueError(
            f"cluster_std must be a number >= 0 or {n_centers} of them (one per centre), got {cluster_std!r}"
        )
    return std


def make_blobs(n_samples=100, centers=2, n_features=2, cluster_std=1.0, random_state=None, *, shuffle=True):
    """Gaussian clouds of points, one class per cloud.

    Parameters
    ----------
    n_samples : int, default=100
        Total number of points, shared evenly among the clouds (the first
        clouds get one more when it does not divide); at least one per cloud.
    centers : int or array_like of shape (n_centers, n_features), default=2
        The number of clouds, whose centres are then drawn uniformly in
        ``CENTER_BOX`` = [-10, 10] in every dimension, or the centres
        themselves (``n_features`` is then read from their shape).
    n_features : int, default=2
        Dimension of the points when ``centers`` is an int.
    cluster_std : float or array_like of shape (n_centers,), default=1.0
        Standard deviation of each cloud, the same for all or one per cloud.
    random_state : None, int or numpy.random.Generator, default=None
        Seed for repeatable data.
    shuffle : bool, default=True
        Shuffle the rows; if False they are ordered cloud by cloud.

    Returns
    -------
    X : ndarray of float64, shape (n_samples, n_features)
    y : ndarray of int64, shape (n_samples,)
        The cloud of each point, 0 .. n_centers - 1.
    """
    rng = rng_from(random_state)
    centers = _blob_centers(centers, n_features, rng)  # (K, D)
    n_centers = len(centers)
    n_samples = check_int(n_samples, "n_samples", n_centers, "one point per centre")
    std = _cluster_stds(cluster_std, n_centers)  # (K,)
    y = labels_for(split_evenly(n_samples, n_centers))
    X = centers[y] + rng.normal(size=(n_samples, centers.shape[1])) * std[y, None]  # (N, D)
    return maybe_shuffle(X, y, shuffle, rng)


def make_moons(n_samples=100, noise=0.0, random_state=None, *, shuffle=True):
    r"""Two interleaving half circles.

    Class 0 is the upper half of the unit circle, class 1 the same half
    circle turned upside down and moved to the right and down:

    .. math::
        (\cos t, \sin t) \quad\text{and}\quad (1 - \cos t, \tfrac12 - \sin t), \qquad t \in [0, \pi].

    Parameters
    ----------
    n_samples : int, default=100
        Number of points, at least 2; each moon gets half (class 0 one more
        when it is odd).
    noise : float, default=0.0
        Standard deviation of the Gaussian noise added to the coordinates.
    random_state : None, int or numpy.random.Generator, default=None
        Seed for repeatable data.
    shuffle : bool, default=True
        Shuffle the rows; if False class 0 comes first.

    Returns
    -------
    X : ndarray of float64, shape (n_samples, 2)
    y : ndarray of int64, shape (n_samples,)
        0 or 1.
    """
    n_samples = check_int(n_samples, "n_samples", 2, "one point per moon")
    noise = check_nonnegative(noise, "noise")
    rng = rng_from(random_state)
    n_upper, n_lower = split_evenly(n_samples, 2)
    t_upper = np.linspace(0, np.pi, n_upper)
    t_lower = np.linspace(0, np.pi, n_lower)
    upper = np.column_stack([np.cos(t_upper), np.sin(t_upper)])
    lower = np.column_stack([1 - np.cos(t_lower), 0.5 - np.sin(t_lower)])
    X = add_noise(np.vstack([upper, lower]), noise, rng)
    y = labels_for([n_upper, n_lower])
    return maybe_shuffle(X, y, shuffle, rng)


def make_circles(n_samples=100, noise=0.0, factor=0.5, random_state=None, *, shuffle=True):
    """A small circle inside a large one.

    Class 0 lies on the circle of radius 1 and class 1 on the circle of
    radius ``factor``, both centred at the origin, points evenly spaced.

    Parameters
    ----------
    n_samples : int, default=100
        Number of points, at least 2; each circle gets half (class 0 one more
        when it is odd).
    noise : float, default=0.0
        Standard deviation of the Gaussian noise added to the coordinates.
    factor : float, default=0.5
        Radius of the inner circle, 0 <= factor < 1.
    random_state : None, int or numpy.random.Generator, default=None
        Seed for repeatable data.
    shuffle : bool, default=True
        Shuffle the rows; if False class 0 comes first.

    Returns
    -------
    X : ndarray of float64, shape (n_samples, 2)
    y : ndarray of int64, shape (n_samples,)
        0 (outer circle) or 1 (inner circle).
    """
    n_samples = check_int(n_samples, "n_samples", 2, "one point per circle")
    noise = check_nonnegative(noise, "noise")
    if isinstance(factor, bool) or not isinstance(factor, numbers.Real) or not 0 <= factor < 1:
        raise ValueError(f"factor (the inner radius) must satisfy 0 <= factor < 1, got {factor!r}")
    rng = rng_from(random_state)
    counts = split_evenly(n_samples, 2)
    circles = [radius * _unit_circle(n) for radius, n in zip((1.0, factor), counts)]
    X = add_noise(np.vstack(circles), noise, rng)
    return maybe_shuffle(X, labels_for(counts), shuffle, rng)


def _unit_circle(n):
    """n points evenly spaced on the unit circle, shape (n, 2)."""
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    return np.column_stack([np.cos(t), np.sin(t)])


def make_spirals(n_samples=100, n_classes=2, noise=0.0, random_state=None, *, shuffle=True):
    r"""Interleaved spiral arms, one class per arm (after the CS231n notes).

    Along arm k the radius grows evenly from about 0 to 1 while the angle
    turns through 4 radians; the arms start 2π/K apart:

    .. math::
        x = r (\sin\theta, \cos\theta), \qquad
        \theta = 4 r + \frac{2\pi k}{K} + \varepsilon, \qquad
        \varepsilon \sim \mathcal N(0, \text{noise}^2).

    As in CS231n the noise jitters the angle (CS231n uses 0.2), not the
    coordinates. The radius starts at 1/n instead of 0, so that no point is
    shared by two classes.

    Parameters
    ----------
    n_samples : int, default=100
        Total number of points, shared evenly among the arms; at least one
        per arm.
    n_classes : int, default=2
        Number of arms (K), at least 2.
    noise : float, default=0.0
        Standard deviation of the Gaussian noise on the angle, in radians.
    random_state : None, int or numpy.random.Generator, default=None
        Seed for repeatable data.
    shuffle : bool, default=True
        Shuffle the rows; if False they are ordered arm by arm, from the
        centre outwards.

    Returns
    -------
    X : ndarray of float64, shape (n_samples, 2)
    y : ndarray of int64, shape (n_samples,)
        The arm of each point, 0 .. n_classes - 1.
    """
    n_classes = check_int(n_classes, "n_classes", 2)
    n_samples = check_int(n_samples, "n_samples", n_classes, "one point per class")
    noise = check_nonnegative(noise, "noise")
    rng = rng_from(random_state)
    counts = split_evenly(n_samples, n_classes)
    y = labels_for(counts)
    r = np.concatenate([np.linspace(0, 1, n + 1)[1:] for n in counts])  # (N,) in (0, 1]
    theta = add_noise(4 * r + 2 * np.pi * y / n_classes, noise, rng)  # (N,)
    X = r[:, None] * np.column_stack([np.sin(theta), np.cos(theta)])
    return maybe_shuffle(X, y, shuffle, rng)
