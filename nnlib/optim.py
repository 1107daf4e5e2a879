r"""Gradient descent and the tricks that make it work in practice.

After ``backward``, every layer holds :math:`\nabla_w J` in ``grads``.
:class:`SGD` turns those gradients into an update of ``params``, in place,
following the Sharif lecture:

.. math::

    \Delta w^{(k)} = \alpha_k \nabla J(w^{(k)}) + \beta\, \Delta w^{(k-1)},
    \qquad w^{(k+1)} = w^{(k)} - \Delta w^{(k)}

with learning rate :math:`\alpha_k` and momentum :math:`\beta` (0 gives plain
gradient descent). Whether this is batch, stochastic or mini-batch gradient
descent depends only on how many samples the gradient was computed from:
see :func:`nnlib.fit`'s ``batch_size``.

Penalties on the weights (never on the biases, as in the Liverpool lecture)
add their gradient before the step:

- L2, ``weight_decay`` λ: :math:`\Omega = \frac{\lambda}{2} \sum w^2`, gradient :math:`\lambda w`
  (weights decay towards zero);
- L1, ``l1`` λ₁: :math:`\Omega = \lambda_1 \sum |w|`, gradient :math:`\lambda_1 \operatorname{sign}(w)`
  (pushes weights to exactly zero).

A learning rate that decreases with the iteration number k, such as
:math:`\alpha_k = c_1 / (k + c_2)` (:class:`InverseTimeDecay`), makes large
moves first and fine-tunes later.
"""

import numpy as np

from .layer import Layer


class InverseTimeDecay:
    r"""Learning-rate schedule :math:`\alpha_k = c_1 / (k + c_2)`, k = 0, 1, 2, ...

    Parameters
    ----------
    c1, c2 : float
        Positive constants; the first rate is ``c1 / c2``.
    """

    def __init__(self, c1, c2):
        if c1 <= 0 or c2 <= 0:
            raise ValueError(f"InverseTimeDecay needs c1 > 0 and c2 > 0, got c1={c1}, c2={c2}")
        self.c1 = c1
        self.c2 = c2

    def __call__(self, k):
        return self.c1 / (k + self.c2)

    def __repr__(self):
        return f"InverseTimeDecay(c1={self.c1}, c2={self.c2})"


def _is_bias(name):
    """Biases are the parameters whose name starts with ``b`` (``"b"``, ``"b_ih"``, ...)."""
    return name.startswith("b")


class SGD:
    """Stochastic gradient descent with momentum, weight penalties and clipping.

    Parameters
    ----------
    model : Layer
        The network (or a single layer); its parameters are found through
        ``model.modules()``.
    lr : float or callable
        The learning rate α, or a schedule ``lr(k) -> float`` of the
        iteration number k (such as :class:`InverseTimeDecay`).
    momentum : float
        β in [0, 1): the share of the previous update carried over.
    weight_decay : float
        λ of the L2 penalty (λ/2)·Σw² on the weights (not the biases).
    l1 : float
        λ₁ of the L1 penalty λ₁·Σ|w| on the weights.
    clip_norm : float or None
        If set, the gradients of all parameters are scaled together so that
        their global L2 norm is at most ``clip_norm`` (gradient clipping by
        norm, the usual cure for exploding gradients in RNNs).

    Attributes
    ----------
    iterations : int
        Number of steps taken (k).
    """

    def __init__(self, model, lr=0.01, momentum=0.0, weight_decay=0.0, l1=0.0, clip_norm=None):
        if not isinstance(model, Layer):
            raise TypeError(f"SGD takes the model (a Layer) whose parameters it updates, got {type(model).__name__}")
        if not callable(lr) and lr <= 0:
            raise ValueError(f"the learning rate must be positive, got {lr}")
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum must lie in [0, 1), got {momentum}")
        if weight_decay < 0 or l1 < 0:
            raise ValueError(f"penalties must be >= 0, got weight_decay={weight_decay}, l1={l1}")
        if clip_norm is not None and clip_norm <= 0:
            raise ValueError(f"clip_norm must be positive or None, got {clip_norm}")
        self.model = model
        self.lr = lr
        self.momentum = momentum
        self.weight_decay = weight_decay
        self.l1 = l1
        self.clip_norm = clip_norm
        self.iterations = 0
        self._velocity = {}

    def _parameters(self):
        """Yield ``(key, layer, name)`` for every parameter of the model."""
        for layer in self.model.modules():
            for name in layer.params:
                yield (id(layer), name), layer, name

    def current_lr(self):
        """The learning rate of the next step."""
        return self.lr(self.iterations) if callable(self.lr) else self.lr

    def step(self):
        """Update every parameter in place from its gradient."""
        lr = self.current_lr()
        scale = self._clip_scale()
        for key, layer, name in self._parameters():
            if name not in layer.grads:
                raise RuntimeError(f"{type(layer).__name__} has no gradient for {name!r}: call backward() before step()")
            w = layer.params[name]
            update = (lr * scale) * layer.grads[name]  # a new array: the gradient itself is left alone
            if not _is_bias(name):
                if self.weight_decay:
                    update += (lr * self.weight_decay) * w
                if self.l1:
                    update += (lr * self.l1) * np.sign(w)
            if self.momentum and key in self._velocity:
                update += self.momentum * self._velocity[key]
            if self.momentum:
                self._velocity[key] = update
            w -= update
        self.iterations += 1

    def _clip_scale(self):
        """The factor that brings the global gradient norm down to ``clip_norm`` (1 if below)."""
        if self.clip_norm is None:
            return 1.0
        norm = np.sqrt(sum(np.sum(layer.grads[name] ** 2) for _, layer, name in self._parameters()))
        return min(1.0, self.clip_norm / (norm + 1e-12))

    def penalty(self):
        r"""The current value of the penalties, :math:`\frac{\lambda}{2}\sum w^2 + \lambda_1 \sum |w|`."""
        total = 0.0
        for _, layer, name in self._parameters():
            if not _is_bias(name):
                w = layer.params[name]
                total += 0.5 * self.weight_decay * np.sum(w**2) + self.l1 * np.sum(np.abs(w))
        return float(total)
