r"""Gradient descent and the tricks that make it work in practice.

After ``backward``, every layer holds :math:`\nabla_w J` in ``grads``. An
optimizer turns those gradients into an update of ``params``, in place.
:class:`SGD` follows the Sharif lecture:

.. math::

    \Delta w^{(k)} = \alpha_k \nabla J(w^{(k)}) + \beta\, \Delta w^{(k-1)},
    \qquad w^{(k+1)} = w^{(k)} - \Delta w^{(k)}

with learning rate :math:`\alpha_k` and momentum :math:`\beta` (0 gives plain
gradient descent). Whether this is batch, stochastic or mini-batch gradient
descent depends only on how many samples the gradient was computed from:
see :func:`nnlib.fit`'s ``batch_size``. :class:`Adam` (Kingma and Ba, 2015)
gives every weight a step size of its own, from running averages of its
gradient and of its squared gradient.

**Penalties** on the weights add their gradient before the step. They apply
to parameters by their role, not their name: by default to every parameter
with two or more dimensions, the weight matrices and filters (``Dense``'s and
``Conv2D``'s ``W``, ``W_ih`` and ``W_hh``, an ``Embedding``'s table), and
never to a vector such as a bias (as in the Liverpool lecture, and nanoGPT's
rule). ``penalized`` names the parameters to penalise instead.

- L2, ``weight_decay`` λ: :math:`\Omega = \frac{\lambda}{2} \sum w^2`, gradient :math:`\lambda w`
  (weights decay towards zero, each in proportion to its size);
- L1, ``l1`` λ₁: :math:`\Omega = \lambda_1 \sum |w|`, gradient :math:`\lambda_1 \operatorname{sign}(w)`
  (the same pull towards zero for every weight, large or small, so the
  weights the data do not support shrink until they hover around zero).
  Plain (sub)gradient descent does not make them exactly zero: near zero a
  step of :math:`\alpha \lambda_1` jumps over it, the sign flips, and the
  weight oscillates within about :math:`\alpha \lambda_1` of zero. Exact zeros
  need a proximal step (soft-thresholding: shrink by :math:`\alpha \lambda_1`
  and stop at zero instead of crossing it), which this module does not take.

A learning rate that decreases with the iteration number k, such as
:math:`\alpha_k = c_1 / (k + c_2)` (:class:`InverseTimeDecay`), makes large
moves first and fine-tunes later.

Reference: D. P. Kingma and J. Ba, "Adam: a method for stochastic
optimization", ICLR 2015.
"""

import numpy as np

from .layer import Layer


class InverseTimeDecay:
    r"""Learning-rate schedule :math:`\alpha_k = c_1 / (k + c_2)`, k = 0, 1, 2, ...

    Parameters
    ----------
    c1, c2 : float
        Positive constants; the first rate is ``c1 / c2``.

    Notes
    -----
    PyTorch: ``torch.optim.lr_scheduler.LambdaLR`` with
    ``lambda k: c2 / (k + c2)`` and a base rate of ``c1 / c2``.
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


class Optimizer:
    """What every optimizer shares: the model's parameters, the learning rate, penalties and clipping.

    A subclass says how one parameter moves, in ``_update``; :meth:`step`
    applies it to every parameter. The arguments are those of :class:`SGD`.

    PyTorch: ``torch.optim.Optimizer``.
    """

    def __init__(self, model, lr, weight_decay=0.0, l1=0.0, clip_norm=None, penalized=None):
        if not isinstance(model, Layer):
            raise TypeError(
                f"{type(self).__name__} takes the model (a Layer) whose parameters it updates, "
                f"got {type(model).__name__}"
            )
        if not callable(lr) and lr <= 0:
            raise ValueError(f"the learning rate must be positive, got {lr}")
        if weight_decay < 0 or l1 < 0:
            raise ValueError(f"penalties must be >= 0, got weight_decay={weight_decay}, l1={l1}")
        if clip_norm is not None and clip_norm <= 0:
            raise ValueError(f"clip_norm must be positive or None, got {clip_norm}")
        self.model = model
        self.lr = lr
        self.weight_decay = weight_decay
        self.l1 = l1
        self.clip_norm = clip_norm
        self.penalized = self._check_penalized(penalized)
        self.iterations = 0

    def _parameters(self):
        """Yield ``(key, layer, name)`` for every parameter of the model."""
        for layer in self.model.modules():
            for name in layer.params:
                yield (id(layer), name), layer, name

    def _check_penalized(self, penalized):
        """None, or ``penalized`` as a set of names that the model's parameters have."""
        if penalized is None:
            return None
        if isinstance(penalized, str):
            raise TypeError(
                f"penalized takes a collection of parameter names such as {{'W'}}, got the string {penalized!r}"
            )
        penalized = set(penalized)
        names = {name for _, _, name in self._parameters()}
        if not penalized <= names:
            raise ValueError(
                f"penalized names {sorted(penalized - names)}, which no parameter of the model has; "
                f"its parameters are {sorted(names)}"
            )
        return penalized

    def is_penalized(self, name, w):
        """Whether the penalties apply to the parameter ``name`` with value ``w``.

        By role: every parameter of two or more dimensions (weights and
        filters, not biases), unless ``penalized`` names them.
        """
        return w.ndim >= 2 if self.penalized is None else name in self.penalized

    def current_lr(self):
        """The learning rate of the next step."""
        return self.lr(self.iterations) if callable(self.lr) else self.lr

    def step(self):
        """Update every parameter in place from its gradient."""
        params = []  # (key, name, w, grad)
        for key, layer, name in self._parameters():
            if name not in layer.grads:
                raise RuntimeError(
                    f"{type(layer).__name__} has no gradient for {name!r}: call backward() before step()"
                )
            params.append((key, name, layer.params[name], layer.grads[name]))
        lr = self.current_lr()
        scale = self._clip_scale([grad for *_, grad in params])
        for key, name, w, grad in params:
            w -= self._update(key, name, w, grad, lr, scale)
        self.iterations += 1

    def _update(self, key, name, w, grad, lr, scale):
        """The amount to subtract from the parameter ``w`` (a new array), given its raw gradient."""
        raise NotImplementedError

    def _add_penalties(self, g, name, w, factor=1.0):
        r"""Add ``factor`` times the penalties' gradient to ``g`` in place, where ``w`` is penalised.

        The gradient of the penalties is :math:`\lambda w + \lambda_1 \operatorname{sign}(w)`.
        """
        if self.is_penalized(name, w):
            if self.weight_decay:
                g += (factor * self.weight_decay) * w
            if self.l1:
                g += (factor * self.l1) * np.sign(w)
        return g

    def _clip_scale(self, grads):
        """The factor that brings the global gradient norm down to ``clip_norm`` (1 if below)."""
        if self.clip_norm is None:
            return 1.0
        norm = np.sqrt(sum(np.sum(g**2) for g in grads))
        return min(1.0, self.clip_norm / (norm + 1e-12))

    def penalty(self):
        r"""The current value of the penalties, :math:`\frac{\lambda}{2}\sum w^2 + \lambda_1 \sum |w|`."""
        total = 0.0
        for _, layer, name in self._parameters():
            w = layer.params[name]
            if self.is_penalized(name, w):
                total += 0.5 * self.weight_decay * np.sum(w**2) + self.l1 * np.sum(np.abs(w))
        return float(total)


class SGD(Optimizer):
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
        λ of the L2 penalty (λ/2)·Σw² on the weights (see ``penalized``).
    l1 : float
        λ₁ of the L1 penalty λ₁·Σ|w| on the weights.
    clip_norm : float or None
        If set, the gradients of all parameters are scaled together so that
        their global L2 norm is at most ``clip_norm`` (gradient clipping by
        norm, the usual cure for exploding gradients in RNNs).
    penalized : None or collection of str
        The parameters the penalties apply to: None (the default) for every
        parameter with two or more dimensions (weights, not biases), or the
        names of the penalised parameters, such as ``{"W"}``.

    Attributes
    ----------
    iterations : int
        Number of steps taken (k).

    Notes
    -----
    PyTorch: ``torch.optim.SGD(params, lr, momentum)``, which takes the same
    steps for a constant learning rate (it keeps the velocity before
    multiplying by the rate). Its ``weight_decay`` penalises every parameter
    it is given, biases included; ``clip_norm`` is
    ``torch.nn.utils.clip_grad_norm_(params, max_norm)`` before the step.
    """

    def __init__(self, model, lr=0.01, momentum=0.0, weight_decay=0.0, l1=0.0, clip_norm=None, penalized=None):
        super().__init__(model, lr, weight_decay, l1, clip_norm, penalized)
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum must lie in [0, 1), got {momentum}")
        self.momentum = momentum
        self._velocity = {}

    def _update(self, key, name, w, grad, lr, scale):
        update = (lr * scale) * grad  # a new array: the gradient itself is left alone
        self._add_penalties(update, name, w, factor=lr)
        if self.momentum and key in self._velocity:
            update += self.momentum * self._velocity[key]
        if self.momentum:
            self._velocity[key] = update
        return update


class Adam(Optimizer):
    r"""Adam: a step size for every weight, from running moments of its gradient.

    With the gradient :math:`g` (penalties included) at step t = 1, 2, ...,

    .. math::

        m_t = \beta_1 m_{t-1} + (1 - \beta_1)\, g, \qquad
        v_t = \beta_2 v_{t-1} + (1 - \beta_2)\, g^2, \qquad m_0 = v_0 = 0,

        \hat m_t = \frac{m_t}{1 - \beta_1^t}, \qquad
        \hat v_t = \frac{v_t}{1 - \beta_2^t}, \qquad
        w \leftarrow w - \alpha \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}.

    :math:`m` is a running mean of the gradient (momentum), :math:`v` of its
    square; dividing by :math:`\sqrt{\hat v}` makes each step about α long
    whatever the scale of that weight's gradient. The bias corrections undo
    the pull towards the zeros the averages start from.

    Parameters
    ----------
    model : Layer
        The network (or a single layer).
    lr : float or callable
        α, or a schedule ``lr(k)`` of the iteration number k = t - 1.
    betas : tuple of two floats in [0, 1)
        :math:`\beta_1, \beta_2`, the decay rates of the two averages.
    eps : float
        ε, which keeps the division finite.
    weight_decay, l1, clip_norm, penalized
        As for :class:`SGD`: the penalties' gradient joins :math:`g` before
        the moments, as PyTorch's ``weight_decay`` does.

    Attributes
    ----------
    iterations : int
        Number of steps taken (t after the step).

    Notes
    -----
    PyTorch: ``torch.optim.Adam(params, lr, betas, eps, weight_decay)``, the
    same update rule (its ``weight_decay`` penalises every parameter it is
    given, biases included).
    """

    def __init__(self, model, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, l1=0.0, clip_norm=None,
                 penalized=None):
        super().__init__(model, lr, weight_decay, l1, clip_norm, penalized)
        if len(betas) != 2 or not all(0 <= beta < 1 for beta in betas):
            raise ValueError(f"betas must be two numbers in [0, 1), got {betas!r}")
        if eps <= 0:
            raise ValueError(f"eps must be positive, got {eps}")
        self.betas = tuple(betas)
        self.eps = eps
        self._moments = {}  # key -> (m, v)

    def _update(self, key, name, w, grad, lr, scale):
        beta1, beta2 = self.betas
        t = self.iterations + 1
        g = self._add_penalties(scale * grad, name, w)
        m, v = self._moments.get(key, (0.0, 0.0))
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        self._moments[key] = (m, v)
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        return lr * m_hat / (np.sqrt(v_hat) + self.eps)
