"""Turning a network's output into class labels, and counting how many are right."""

import numpy as np


def predicted_labels(output, threshold=0.5):
    """Class labels from a network's output.

    Parameters
    ----------
    output : ndarray of shape (..., C) or (N, 1) or (N,)
        Scores for C > 1 classes (logits or probabilities): the label is the
        ``argmax`` over the last axis. A single column (or a 1-D array) is the
        probability of class 1: the label is 1 where it is >= ``threshold``.

    Returns
    -------
    ndarray of int
    """
    output = np.asarray(output)
    if output.ndim == 1 or output.shape[-1] == 1:
        return (output.reshape(output.shape[0], -1)[:, 0] >= threshold).astype(np.int64)
    return np.argmax(output, axis=-1)


def accuracy(output, y, threshold=0.5):
    """Share of samples whose predicted label equals the target.

    Parameters
    ----------
    output : ndarray
        The network's output; see :func:`predicted_labels`.
    y : ndarray
        Integer labels of the output's leading shape, or one-hot targets of
        the output's shape.

    Returns
    -------
    float in [0, 1]
    """
    output = np.asarray(output)
    y = np.asarray(y)
    if y.shape == output.shape and output.ndim >= 2 and output.shape[-1] > 1:
        y = np.argmax(y, axis=-1)  # one-hot targets
    predicted = predicted_labels(output, threshold)
    y = y.reshape(predicted.shape)
    return float(np.mean(predicted == y))
