r"""Loss functions: how wrong a batch of predictions is, and in which direction.

Each loss has ``forward(y_pred, y_true)``, returning the loss as a float
averaged over the M samples, and ``backward()``, returning
:math:`\partial L / \partial \hat y`, the gradient that starts
backpropagation. The :math:`1/M` of the average is part of that gradient.
Like a layer, a loss keeps what ``backward`` needs with
``save_for_backward`` and reads it back from ``saved_tensors``
(:mod:`nnlib.layer`).

Predictions are (N, K): N samples of K outputs. For sequences, (N, T, K),
every one of the M = N·T positions counts as a sample, so the loss is the
mean over samples *and* time steps, whichever the loss; otherwise M = N.

=======================  ====================================================  ==========================
loss                     L                                                     dL/dŷ
=======================  ====================================================  ==========================
``MSE``                  (1/M) Σₘ ½ Σₖ (ŷₘₖ − yₘₖ)²                            (ŷ − y) / M
``BinaryCrossEntropy``   −(1/M) Σₘ Σₖ [y log p + (1 − y) log(1 − p)]           (p − y) / (p (1 − p) M)
``CrossEntropy``         −(1/M) Σₘ log softmax(zₘ)_{yₘ}                        (softmax(z) − onehot(y)) / M
=======================  ====================================================  ==========================
"""

import numpy as np

from .activations import softmax
from .layer import Layer


class Loss:
    """Base class: ``loss(y_pred, y_true)`` is ``loss.forward(y_pred, y_true)``.

    PyTorch: the loss modules of ``torch.nn`` (``MSELoss``, ...), called the same way.
    """

    def __init__(self):
        self._saved = None

    def __call__(self, y_pred, y_true):
        return self.forward(y_pred, y_true)

    # the layers' way of keeping what backward needs (see nnlib.layer)
    save_for_backward = Layer.save_for_backward
    saved_tensors = Layer.saved_tensors


def _n_samples(y_pred):
    """M, the number of samples the loss averages over: N for (N,) or (N, K), N·T for (N, T, K)."""
    return len(y_pred) if y_pred.ndim == 1 else y_pred.size // y_pred.shape[-1]


def _match_targets(y_pred, y_true, loss):
    """Targets as float64 of the predictions' shape; (N,) targets fit (N, 1) outputs, (N, T) fit (N, T, 1)."""
    y_pred = np.asarray(y_pred, dtype=np.float64)
    y_true = np.asarray(y_true, dtype=np.float64)
    if y_true.shape != y_pred.shape and y_pred.shape == y_true.shape + (1,):
        y_true = y_true[..., None]
    if y_true.shape != y_pred.shape:
        raise ValueError(f"{loss}: y_true must have the shape of y_pred {y_pred.shape}, got {y_true.shape}")
    if y_pred.ndim == 0 or y_pred.size == 0:
        raise ValueError(f"{loss}: expected a batch of at least one sample, got shape {y_pred.shape}")
    return y_pred, y_true


class MSE(Loss):
    r"""The course's squared-error cost, halved and averaged over samples.

    .. math:: L = \frac{1}{M} \sum_{m=1}^{M} \frac{1}{2} \sum_k (\hat y_{mk} - y_{mk})^2

    over the M samples (M = N, or N·T for sequences). The ½ cancels the 2 of
    the derivative, so :math:`\partial L/\partial \hat y = (\hat y - y)/M`;
    with M = 1 this is the :math:`E = \sum \frac12 (t - o)^2` of the
    backpropagation lectures.

    PyTorch: not ``torch.nn.MSELoss``, which averages over every element and
    has no ½ (``MSELoss()(y_pred, y) / 2`` equals this loss when K = 1).
    """

    def forward(self, y_pred, y_true):
        y_pred, y_true = _match_targets(y_pred, y_true, "MSE")
        diff = y_pred - y_true
        self.save_for_backward(diff)
        return float(0.5 * np.sum(diff**2) / _n_samples(diff))

    def backward(self):
        (diff,) = self.saved_tensors
        return diff / _n_samples(diff)


class BinaryCrossEntropy(Loss):
    r"""Cross-entropy of probabilities ``p`` (a sigmoid's output) against 0/1 targets.

    .. math:: L = -\frac{1}{M} \sum_m \sum_k \big[y \log p + (1 - y) \log (1 - p)\big]

    over the M samples (M = N, or N·T for one output per time step).
    ``p`` is clipped to [eps, 1 − eps] so that a confident wrong answer costs
    a large but finite amount. Behind a sigmoid, the chain rule turns the
    gradient into :math:`(p - y)/M`: the σ′ cancels, which is why this loss
    learns faster than MSE from a saturated sigmoid.

    PyTorch: ``torch.nn.BCELoss`` (the same value for a single output, K = 1).
    """

    def __init__(self, eps=1e-12):
        super().__init__()
        self.eps = eps

    def forward(self, y_pred, y_true):
        p, y = _match_targets(y_pred, y_true, "BinaryCrossEntropy")
        if np.any((p < 0) | (p > 1)):
            raise ValueError("BinaryCrossEntropy expects probabilities in [0, 1] (a sigmoid's output), got values outside")
        if np.any((y != 0) & (y != 1)):
            raise ValueError(f"BinaryCrossEntropy expects targets 0 or 1, got {np.unique(y)[:10].tolist()}")
        p = np.clip(p, self.eps, 1 - self.eps)
        self.save_for_backward(p, y)
        return float(-np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)) / _n_samples(p))

    def backward(self):
        p, y = self.saved_tensors
        return (p - y) / (p * (1 - p)) / _n_samples(p)


class CrossEntropy(Loss):
    r"""Softmax cross-entropy from logits, for C classes.

    .. math::

        L = -\frac{1}{M} \sum_m \log \frac{e^{z_{m, y_m}}}{\sum_c e^{z_{mc}}},
        \qquad \frac{\partial L}{\partial z} = \frac{\operatorname{softmax}(z) - \operatorname{onehot}(y)}{M}

    ``y_pred`` are logits (a linear layer's output), of shape (N, C), or
    (N, T, C) for sequences, where every one of the M = N·T positions counts
    as a sample. The log-softmax is computed as
    :math:`z_y - \max z - \log \sum_c e^{z_c - \max z}`, stable for any logits.

    ``y_true`` holds integer class labels of shape (N,) (or (N, T)), or
    one-hot rows of the logits' shape.

    PyTorch: ``torch.nn.CrossEntropyLoss``, which wants the classes on axis 1,
    (N, C, T), where this loss has them last, (N, T, C).
    """

    def forward(self, y_pred, y_true):
        z = np.asarray(y_pred, dtype=np.float64)
        if z.ndim < 2:
            raise ValueError(f"CrossEntropy expects logits of shape (N, C), got shape {z.shape}")
        target = self._one_hot(y_true, z.shape)
        shifted = z - z.max(axis=-1, keepdims=True)
        log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))
        self.save_for_backward(np.exp(log_probs), target)
        return float(-np.sum(target * log_probs) / _n_samples(z))

    def backward(self):
        probs, target = self.saved_tensors
        return (probs - target) / _n_samples(probs)

    @staticmethod
    def _one_hot(y_true, shape):
        y = np.asarray(y_true)
        if y.shape == shape:
            return y.astype(np.float64)
        if y.shape != shape[:-1]:
            raise ValueError(
                f"CrossEntropy expects integer labels of shape {shape[:-1]} or one-hot targets of shape {shape}, "
                f"got shape {y.shape}"
            )
        if not np.issubdtype(y.dtype, np.integer):
            if not np.all(np.mod(y, 1) == 0):
                raise ValueError(f"CrossEntropy expects integer class labels, got {y.dtype} values")
            y = y.astype(np.int64)
        n_classes = shape[-1]
        if y.size and (y.min() < 0 or y.max() >= n_classes):
            raise ValueError(f"class labels must lie in 0..{n_classes - 1} for {n_classes} logits, got {y.min()}..{y.max()}")
        return np.eye(n_classes)[y]
