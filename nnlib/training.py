"""The training loop of every network in the course.

One epoch is one pass over the training set in mini-batches:

    draw a batch  ->  forward  ->  loss  ->  backward  ->  optimizer step

(the training loop of the BHT lecture, after Chollet). ``batch_size=None``
uses the whole set at once (batch gradient descent), 1 gives stochastic
gradient descent, anything between is mini-batch gradient descent. The
samples are reshuffled every epoch unless ``shuffle=False``, which keeps
their order: the BHT lecture's parabola experiment shows what that costs.
"""

import numpy as np

from ._validation import check_array, check_int
from .metrics import accuracy


def fit(model, X, y, *, loss, optimizer, epochs=10, batch_size=32, shuffle=True, random_state=None,
        validation_data=None, verbose=False):
    """Train ``model`` on ``(X, y)`` and return its learning curves.

    Parameters
    ----------
    model : Layer
        The network, usually a :class:`~nnlib.Sequential`.
    X : ndarray of shape (n_samples, ...)
        Inputs, batch first: (N, D) for an MLP, (N, C, H, W) for a CNN,
        (N, T, D) for an RNN, integer indices, (N,) or (N, T), for a
        network that starts with an :class:`~nnlib.Embedding` (integer
        arrays are kept as they are; everything else becomes float64).
    y : ndarray
        Targets in the form ``loss`` expects (labels or one-hot for
        ``CrossEntropy``, values for ``MSE``), one per sample, or one per
        time step, (N, T), for a network with an output at every step.
    loss : Loss
        For example ``MSE()`` or ``CrossEntropy()``.
    optimizer : SGD or Adam
        Built on the same model.
    epochs : int
        Passes over the data.
    batch_size : int or None
        Samples per gradient step; None for the whole set.
    shuffle : bool
        Reshuffle the samples before every epoch.
    random_state : None, int or numpy.random.Generator
        Seed of the shuffling.
    validation_data : tuple (X_val, y_val), optional
        Evaluated (in evaluation mode) after every epoch.
    verbose : bool
        Print one line per epoch.

    Returns
    -------
    history : dict of str to list of float
        ``"loss"`` and ``"accuracy"``: the mean over the epoch's batches,
        measured as the batches went by (as Keras reports them); with
        ``validation_data``, also ``"val_loss"`` and ``"val_accuracy"``
        after each epoch. ``"accuracy"`` is only meaningful for
        classification.
    """
    X, y = _check_data(X, y)
    epochs = check_int(epochs, "epochs", 1)
    batch_size = len(X) if batch_size is None else check_int(batch_size, "batch_size", 1, "or None for the whole set")
    rng = np.random.default_rng(random_state)
    history = {"loss": [], "accuracy": []}
    if validation_data is not None:
        history.update(val_loss=[], val_accuracy=[])

    for epoch in range(epochs):
        order = rng.permutation(len(X)) if shuffle else np.arange(len(X))
        epoch_loss, epoch_accuracy = _train_one_epoch(model, X, y, loss, optimizer, order, batch_size)
        if not np.isfinite(epoch_loss):
            raise FloatingPointError(
                f"the loss became {epoch_loss} in epoch {epoch + 1}: the learning rate is probably too large"
            )
        history["loss"].append(epoch_loss)
        history["accuracy"].append(epoch_accuracy)
        if validation_data is not None:
            val_loss, val_accuracy = _evaluate(model, *validation_data, loss)
            history["val_loss"].append(val_loss)
            history["val_accuracy"].append(val_accuracy)
        if verbose:
            print(f"epoch {epoch + 1:>3}/{epochs}: " + ", ".join(f"{k} {v[-1]:.4f}" for k, v in history.items()))
    return history


def _check_data(X, y):
    """The inputs as float64 (integer arrays stay integer: an Embedding's indices), and the targets, checked.

    Parameters
    ----------
    X : array_like of shape (n_samples, ...)
    y : array_like of shape (n_samples, ...)
    """
    X = np.asarray(X)
    if not np.issubdtype(X.dtype, np.integer):
        X = check_array(X, ndim=(2, 3, 4, 5))
    elif X.ndim == 0:
        raise ValueError(f"X must be a batch of samples, got a single value {X!r}")
    y = np.asarray(y)
    if y.ndim == 0 or len(y) != len(X):
        n_targets = len(y) if y.ndim else "a scalar"
        raise ValueError(f"X and y must have the same number of samples, got {len(X)} and {n_targets}")
    return X, y


def _evaluate(model, X, y, loss):
    """The loss and the accuracy of ``model`` on ``(X, y)``, in evaluation mode (no dropout)."""
    output = model.predict(X) if hasattr(model, "predict") else model.forward(X)
    return loss.forward(output, y), accuracy(output, y)


def _train_one_epoch(model, X, y, loss, optimizer, order, batch_size):
    """One pass over the samples in ``order``; the mean loss and accuracy of its batches."""
    model.train()
    total_loss = total_correct = 0.0
    # A diverging run overflows, and numpy would warn on every batch; fit turns
    # the non-finite loss into one error that says what to do.
    with np.errstate(over="ignore", invalid="ignore"):
        for start in range(0, len(order), batch_size):
            batch = order[start:start + batch_size]
            output = model.forward(X[batch])
            total_loss += loss.forward(output, y[batch]) * len(batch)
            total_correct += accuracy(output, y[batch]) * len(batch)
            model.backward(loss.backward())
            optimizer.step()
    return total_loss / len(order), total_correct / len(order)
