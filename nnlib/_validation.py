"""Input checks shared by every model and layer.

Each check turns bad input into a ``ValueError`` or ``TypeError`` that names
what was expected and what came, so a student never has to decode a numpy
broadcasting error raised three calls deep.
"""

import numbers

import numpy as np


def check_array(X, *, name="X", ndim=2, n_features=None, dtype=np.float64):
    """Return ``X`` as a finite float array of the expected rank.

    Parameters
    ----------
    X : array_like
        The input to check.
    name : str
        How the error messages call the input.
    ndim : int or tuple of int
        The allowed number of dimensions.
    n_features : int, optional
        The required size of the last axis.
    dtype : numpy dtype
        The dtype of the returned array.

    Returns
    -------
    ndarray
        ``X`` converted to ``dtype``.
    """
    try:
        arr = np.asarray(X, dtype=dtype)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be an array of numbers, got {type(X).__name__}: {err}") from None
    allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
    if arr.ndim not in allowed:
        expected = " or ".join(f"{d}-D" for d in allowed)
        raise ValueError(f"{name} must be {expected}, got an array of shape {arr.shape} ({arr.ndim}-D)")
    if n_features is not None and arr.shape[-1] != n_features:
        raise ValueError(
            f"{name} must have {n_features} features (last axis), got shape {arr.shape} "
            f"with {arr.shape[-1]}"
        )
    if np.issubdtype(arr.dtype, np.floating) and not np.all(np.isfinite(arr)):
        bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(f"{name} contains {bad} NaN or infinite value(s)")
    return arr


def check_X_y(X, y, *, ndim=2):
    """Check a feature matrix and its labels together.

    Parameters
    ----------
    X : array_like of shape (n_samples, n_features)
    y : array_like of shape (n_samples,)

    Returns
    -------
    X : ndarray of float64, shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    """
    X = check_array(X, ndim=ndim)
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D with one label per sample, got shape {y.shape}")
    if len(y) != len(X):
        raise ValueError(f"X and y must have the same number of samples, got {len(X)} rows in X and {len(y)} labels in y")
    if np.issubdtype(y.dtype, np.floating) and not np.all(np.isfinite(y)):
        raise ValueError("y contains NaN or infinite values")
    return X, y


def check_binary_labels(y, model):
    """Return the two distinct labels of ``y``, sorted; fail for any other count.

    Parameters
    ----------
    y : ndarray of shape (n_samples,)
    model : str
        The model's name, for the error message.
    """
    classes = np.unique(y)
    if len(classes) != 2:
        raise ValueError(
            f"{model} separates exactly two classes, got {len(classes)}: {classes.tolist()[:10]}"
        )
    return classes


def signed_targets(y, model):
    """Map any two labels to the targets -1 and +1 of a linear classifier.

    Parameters
    ----------
    y : ndarray of shape (n_samples,)
    model : str
        The model's name, for the error message.

    Returns
    -------
    classes : ndarray of shape (2,)
        The two labels, sorted: ``classes[0]`` becomes -1, ``classes[1]`` +1.
    t : ndarray of float64, shape (n_samples,)
    """
    classes = check_binary_labels(y, model)
    return classes, np.where(y == classes[1], 1.0, -1.0)


def check_int(value, name, minimum, why=""):
    """Return ``value`` as an int, or raise ValueError if it is not an integer >= ``minimum`` (a bool is not).

    Parameters
    ----------
    value : object
        The count to check (epochs, a batch size, a number of samples, ...).
    name : str
        How the error message calls it.
    minimum : int
        The smallest value allowed.
    why : str
        Why, for the error message (for example ``"one point per class"``).
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        reason = f" ({why})" if why else ""
        raise ValueError(f"{name} must be an integer >= {minimum}{reason}, got {value!r}")
    return int(value)


class NotFittedError(ValueError, AttributeError):
    """Raised when a model is used before ``fit`` (as in scikit-learn)."""


def check_is_fitted(estimator, attribute):
    """Raise :class:`NotFittedError` when ``estimator`` has no learned ``attribute`` yet."""
    if not hasattr(estimator, attribute):
        name = type(estimator).__name__
        raise NotFittedError(f"this {name} is not fitted yet: call fit(X, y) first")


def check_features(x, n_features, layer):
    """Check a layer's input batch: numeric, at least 2-D, ``n_features`` on the last axis.

    Cheap enough for every forward pass (no copy, no NaN scan: ``fit``
    checks the data once, up front).

    Parameters
    ----------
    x : array_like of shape (N, ..., n_features)
    n_features : int
    layer : str
        The layer's name, for the error message.
    """
    x = _numeric(x, layer)
    if x.ndim < 2 or x.shape[-1] != n_features:
        raise ValueError(
            f"{layer} expects input of shape (N, ..., {n_features}) with {n_features} features "
            f"on the last axis, got shape {x.shape}"
        )
    return x


def check_images(x, layer, channels=None):
    """Check a batch of images of shape (N, C, H, W) (no copy, no NaN scan).

    Parameters
    ----------
    x : array_like of shape (N, C, H, W)
    layer : str
        The layer's name, for the error message.
    channels : int, optional
        The required number of channels C.
    """
    x = _numeric(x, layer)
    if x.ndim != 4 or (channels is not None and x.shape[1] != channels):
        c = "C" if channels is None else channels
        raise ValueError(f"{layer} expects images of shape (N, {c}, H, W), got shape {x.shape}")
    return x


def _numeric(x, layer):
    """``x`` as an array; a TypeError naming ``layer`` if it holds no numbers."""
    x = np.asarray(x)
    if not (np.issubdtype(x.dtype, np.number) or x.dtype == bool):
        raise TypeError(f"{layer} expects a numeric array, got dtype {x.dtype}")
    return x
