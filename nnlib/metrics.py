"""Turning a network's output into class labels, and counting how many are right."""

import numpy as np


def predicted_labels(output, threshold=0.5):
    """Class labels from a network's output.

    Parameters
    ----------
    output : ndarray of shape (N, ..., C), (N, ..., 1) or (N,)
        Scores for C > 1 classes (logits or probabilities): the label is the
        ``argmax`` over the last axis. A single column (or a 1-D array) is the
        probability of class 1: the label is 1 where it is >= ``threshold``.
        For sequences, (N, T, C) or (N, T, 1), every time step gets a label.

    Returns
    -------
    ndarray of int, of shape (N, ...): the output's shape without its last axis
        (the output's own shape for a 1-D output)
    """
    output = np.asarray(output)
    if output.ndim == 1:
        return (output >= threshold).astype(np.int64)
    if output.shape[-1] == 1:
        return (output[..., 0] >= threshold).astype(np.int64)
    return np.argmax(output, axis=-1)


def accuracy(output, y, threshold=0.5):
    """Share of samples (or time steps) whose predicted label equals the target.

    Parameters
    ----------
    output : ndarray
        The network's output; see :func:`predicted_labels`.
    y : ndarray
        Integer labels of the output's shape without its last axis, (N,) for
        (N, C) or (N, 1) and (N, T) for (N, T, C) or (N, T, 1); one-hot
        targets of the output's shape; or 0/1 targets of the shape of a
        single-column output.

    Returns
    -------
    float in [0, 1]
    """
    output = np.asarray(output)
    y = np.asarray(y)
    predicted = predicted_labels(output, threshold)
    if y.shape == output.shape and output.ndim >= 2:
        # one-hot rows, or (N, 1) targets beside (N, 1) probabilities
        y = np.argmax(y, axis=-1) if output.shape[-1] > 1 else y[..., 0]
    if y.shape != predicted.shape:
        raise ValueError(
            f"accuracy: expected labels of shape {predicted.shape} (or one-hot targets of shape {output.shape}) "
            f"for an output of shape {output.shape}, got shape {y.shape}"
        )
    return float(np.mean(predicted == y))
