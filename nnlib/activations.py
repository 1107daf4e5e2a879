r"""Activation functions and their derivatives, as functions and as layers.

A neuron computes a weighted sum of its inputs, :math:`a = w^\top x + b`, and
passes it through an activation function, :math:`h = g(a)`. Without a
non-linear :math:`g`, a stack of layers collapses into one linear map, so the
choice of :math:`g` is what gives depth its power; its derivative
:math:`g'` is what backpropagation multiplies by at every layer, so it also
decides whether gradients survive the trip back through many layers.

Every function here comes with ``<name>_derivative``, the derivative with
respect to the input evaluated at the same input (the table of the Granada
lecture). Each is also a layer (``Sigmoid()``, ``ReLU()``, ...), and
:func:`get_activation` looks a layer up by name, which is how ``Dense`` takes
``activation="relu"``.

==============  ===============================  ====================================
name            g(x)                             g'(x)
==============  ===============================  ====================================
identity        x                                1
step            1 if x >= 0 else 0               0 (undefined at 0)
sigmoid         1 / (1 + e^{-x})                 g(x) (1 - g(x))
tanh            tanh x                           1 - g(x)^2
relu            max(0, x)                        1 if x > 0 else 0
leaky_relu      x if x > 0 else s x              1 if x > 0 else s
rrelu           x if x > 0 else a x              1 if x > 0 else a
noisy_relu      max(0, x + √σ(x) ε)              see :func:`noisy_relu_derivative`
elu             x if x > 0 else α (e^x - 1)      1 if x > 0 else α e^x
softplus        log(1 + e^x)                     sigmoid(x)
arctan          arctan x                         1 / (1 + x^2)
softmax         e^{x_i} / Σ_j e^{x_j}            s_i (δ_ij - s_j)  (a Jacobian)
==============  ===============================  ====================================

Two of them are random while a network trains, and fixed when it is
evaluated (``training`` False, after ``model.eval()``), like dropout: the
randomized leaky ReLU draws its slope ``a`` for every element, and the noisy
ReLU adds Gaussian noise ε. The functions take the draw as an argument, so
that they are ordinary deterministic functions; the layers
(:class:`RReLU`, :class:`NoisyReLU`) draw it from their ``random_state``.
Maxout, which learns its activation, has a module of its own
(:mod:`nnlib.maxout`).
"""

import numpy as np

from .layer import Layer


def identity(x):
    r"""Identity, :math:`g(x) = x`: a linear unit (regression outputs, Adaline)."""
    return np.asarray(x, dtype=np.float64)


def identity_derivative(x):
    """Derivative of the identity: 1 everywhere."""
    return np.ones_like(x, dtype=np.float64)


def step(x):
    r"""Heaviside step, :math:`g(x) = 1` if :math:`x \ge 0`, else 0: the threshold of
    McCulloch-Pitts neurons and the perceptron."""
    return (np.asarray(x) >= 0).astype(np.float64)


def step_derivative(x):
    """Derivative of the step: 0 wherever it exists (it does not at 0).

    A zero derivative is why gradient descent cannot train step units:
    no small change of a weight changes the output.
    """
    return np.zeros_like(x, dtype=np.float64)


def sigmoid(x):
    r"""Logistic sigmoid, :math:`\sigma(x) = 1 / (1 + e^{-x})`, range (0, 1).

    Computed from :math:`z = e^{-|x|}`, which never overflows, as
    :math:`1 / (1 + z)` for :math:`x \ge 0` and :math:`z / (1 + z)` for
    :math:`x < 0` (the same function), so even :math:`\sigma(-700)` keeps
    full relative precision.
    """
    x = np.asarray(x, dtype=np.float64)
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


def sigmoid_derivative(x):
    r""":math:`\sigma'(x) = \sigma(x)\,(1 - \sigma(x))`, at most 1/4 (at 0)."""
    s = sigmoid(x)
    return s * (1.0 - s)


def tanh(x):
    r"""Hyperbolic tangent, range (-1, 1); :math:`\tanh x = 2\sigma(2x) - 1`, zero-centred."""
    return np.tanh(np.asarray(x, dtype=np.float64))


def tanh_derivative(x):
    r""":math:`\tanh'(x) = 1 - \tanh^2 x`, at most 1 (at 0)."""
    return 1.0 - np.tanh(np.asarray(x, dtype=np.float64)) ** 2


def relu(x):
    r"""Rectified linear unit, :math:`\max(0, x)`."""
    return np.maximum(np.asarray(x, dtype=np.float64), 0.0)


def relu_derivative(x):
    """1 where x > 0, else 0 (the value 0 is used at x = 0, as PyTorch does)."""
    return (np.asarray(x) > 0).astype(np.float64)


def leaky_relu(x, negative_slope=0.01):
    r""":math:`x` for :math:`x > 0`, else :math:`s\,x` with a small slope :math:`s`,
    so that a unit never stops learning entirely (PReLU learns :math:`s`)."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, negative_slope * x)


def leaky_relu_derivative(x, negative_slope=0.01):
    """1 where x > 0, else ``negative_slope``."""
    return np.where(np.asarray(x) > 0, 1.0, negative_slope)


RRELU_LOWER, RRELU_UPPER = 1 / 8, 1 / 3  # PyTorch's defaults for nn.RReLU


def rrelu(x, slope=None, lower=RRELU_LOWER, upper=RRELU_UPPER):
    r"""Randomized leaky ReLU with given slopes: :math:`x` for :math:`x > 0`, else :math:`a\,x`.

    In training the slope :math:`a` is drawn uniformly from [``lower``,
    ``upper``] for every element (the :class:`RReLU` layer does that); at
    evaluation it is the mean, :math:`(l + u)/2`. (The Sharif lecture
    loosely calls any leaky ReLU with a slope other than 0.01 randomized;
    in Xu et al.'s randomized ReLU the slope is random, which regularises
    the way noise does.) (Reference:
    B. Xu, N. Wang, T. Chen and M. Li, "Empirical evaluation of rectified
    activations in convolutional network", arXiv:1505.00853, 2015.)

    Parameters
    ----------
    x : ndarray
    slope : None, float or ndarray of x's shape
        The slopes a; None for the evaluation slope (lower + upper) / 2.
    lower, upper : float
        The range the training slopes are drawn from.
    """
    return leaky_relu(x, _rrelu_slope(slope, lower, upper))


def rrelu_derivative(x, slope=None, lower=RRELU_LOWER, upper=RRELU_UPPER):
    """1 where x > 0, else the slope a (the mean slope for ``slope=None``)."""
    return leaky_relu_derivative(x, _rrelu_slope(slope, lower, upper))


def _rrelu_slope(slope, lower, upper):
    return (lower + upper) / 2 if slope is None else slope


def noisy_relu(x, noise=0.0):
    r"""Noisy ReLU, :math:`\max(0, x + \sqrt{\sigma(x)}\, \varepsilon)` with :math:`\varepsilon \sim N(0, 1)`.

    Nair and Hinton (2010) and the SJTU lecture write it
    :math:`\max(0, x + N(0, \sigma(x)))`: Gaussian noise whose *variance*
    is the logistic sigmoid :math:`\sigma(x)`, so its standard deviation is
    :math:`\sqrt{\sigma(x)}`. Here the standard normal draws ε come in as
    ``noise``, which makes the function deterministic; ``noise=0`` (the
    evaluation-time function) is the ReLU. (Reference: V. Nair and G. E.
    Hinton, "Rectified linear units improve restricted Boltzmann machines",
    ICML 2010.)

    Parameters
    ----------
    x : ndarray
    noise : float or ndarray of x's shape
        ε, standard normal draws (the :class:`NoisyReLU` layer draws them).
    """
    x = np.asarray(x, dtype=np.float64)
    return np.maximum(x + np.sqrt(sigmoid(x)) * noise, 0.0)


def noisy_relu_derivative(x, noise=0.0):
    r"""Derivative of :func:`noisy_relu` at fixed draws ε.

    .. math::

        g'(x) = \begin{cases}
            1 + \varepsilon\, \frac{\sqrt{\sigma(x)}\,(1 - \sigma(x))}{2}
                & \text{if } x + \sqrt{\sigma(x)}\,\varepsilon > 0 \\
            0 & \text{otherwise,}
        \end{cases}

    the second term because the noise's standard deviation
    :math:`\sqrt{\sigma(x)}` grows with x (its derivative is
    :math:`\sqrt{\sigma(x)}(1 - \sigma(x))/2`). With ε = 0 this is the
    ReLU's derivative.
    """
    x = np.asarray(x, dtype=np.float64)
    s = sigmoid(x)
    std = np.sqrt(s)
    return np.where(x + std * noise > 0, 1.0 + noise * std * (1.0 - s) / 2, 0.0)


def elu(x, alpha=1.0):
    r"""Exponential linear unit: :math:`x` for :math:`x > 0`, else
    :math:`\alpha (e^x - 1)`, smooth and saturating at :math:`-\alpha`."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def elu_derivative(x, alpha=1.0):
    r"""1 where :math:`x > 0`, else :math:`\alpha e^x`."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))


def softplus(x):
    r"""Softplus, :math:`\log(1 + e^x)`, a smooth ReLU."""
    return np.logaddexp(0.0, np.asarray(x, dtype=np.float64))


def softplus_derivative(x):
    """The derivative of softplus is the sigmoid."""
    return sigmoid(x)


def arctan(x):
    r"""Arctangent, range :math:`(-\pi/2, \pi/2)`."""
    return np.arctan(np.asarray(x, dtype=np.float64))


def arctan_derivative(x):
    r""":math:`1 / (1 + x^2)`."""
    return 1.0 / (1.0 + np.asarray(x, dtype=np.float64) ** 2)


def softmax(x, axis=-1):
    r"""Softmax along ``axis``: :math:`s_i = e^{x_i} / \sum_j e^{x_j}`.

    The outputs are positive and sum to one: a probability for each class.
    The maximum is subtracted first; that changes nothing mathematically and
    keeps ``exp`` from overflowing for large logits.

    Parameters
    ----------
    x : ndarray of shape (..., C)
    axis : int

    Returns
    -------
    ndarray, same shape as ``x``
    """
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_derivative(x):
    r"""Jacobian of the softmax over the last axis.

    .. math:: \frac{\partial s_i}{\partial x_j} = s_i (\delta_{ij} - s_j)

    Parameters
    ----------
    x : ndarray of shape (..., C)

    Returns
    -------
    ndarray of shape (..., C, C)
    """
    s = softmax(x)
    return s[..., :, None] * (np.eye(s.shape[-1]) - s[..., None, :])


class Activation(Layer):
    r"""An elementwise activation as a layer: :math:`y = g(x)`.

    Backward multiplies the upstream gradient by the local derivative,
    :math:`\partial L / \partial x = \text{dout} \odot g'(x)`.
    Subclasses name their ``function`` and ``derivative``; keyword options
    (such as ``negative_slope``) are passed to both.

    PyTorch's activation layers (``torch.nn.ReLU``, ...) are plain
    ``torch.nn.Module`` objects; their functions are in ``torch.nn.functional``.
    """

    function = staticmethod(identity)
    derivative = staticmethod(identity_derivative)

    def __init__(self, **options):
        super().__init__()
        self.options = options

    def forward(self, x):
        self.save_for_backward(x)
        return self.function(x, **self.options)

    def backward(self, dout):
        (x,) = self.saved_tensors
        return dout * self.derivative(x, **self.options)

    def __repr__(self):
        options = ", ".join(f"{k}={v!r}" for k, v in self.options.items())
        return f"{type(self).__name__}({options})"


class Identity(Activation):
    """The identity as a layer. PyTorch: ``torch.nn.Identity``."""


class Step(Activation):
    """The Heaviside step as a layer (its gradient is zero). PyTorch has no such layer (``torch.heaviside``)."""

    function = staticmethod(step)
    derivative = staticmethod(step_derivative)


class Sigmoid(Activation):
    """The logistic sigmoid as a layer. PyTorch: ``torch.nn.Sigmoid``."""

    function = staticmethod(sigmoid)
    derivative = staticmethod(sigmoid_derivative)


class Tanh(Activation):
    """The hyperbolic tangent as a layer. PyTorch: ``torch.nn.Tanh``."""

    function = staticmethod(tanh)
    derivative = staticmethod(tanh_derivative)


class ReLU(Activation):
    """The rectified linear unit as a layer. PyTorch: ``torch.nn.ReLU``."""

    function = staticmethod(relu)
    derivative = staticmethod(relu_derivative)


class LeakyReLU(Activation):
    """Leaky ReLU as a layer, with slope ``negative_slope`` for x <= 0. PyTorch: ``torch.nn.LeakyReLU``."""

    function = staticmethod(leaky_relu)
    derivative = staticmethod(leaky_relu_derivative)

    def __init__(self, negative_slope=0.01):
        super().__init__(negative_slope=negative_slope)


class ELU(Activation):
    """The exponential linear unit as a layer. PyTorch: ``torch.nn.ELU``."""

    function = staticmethod(elu)
    derivative = staticmethod(elu_derivative)

    def __init__(self, alpha=1.0):
        super().__init__(alpha=alpha)


class Softplus(Activation):
    """Softplus as a layer. PyTorch: ``torch.nn.Softplus``."""

    function = staticmethod(softplus)
    derivative = staticmethod(softplus_derivative)


class Arctan(Activation):
    """The arctangent as a layer. PyTorch has no such layer (``torch.atan``)."""

    function = staticmethod(arctan)
    derivative = staticmethod(arctan_derivative)


class _RandomActivation(Activation):
    """An activation with a random draw in training, passed to its function and derivative by keyword.

    In evaluation mode nothing is drawn and the functions' defaults apply.
    The draw is saved for ``backward``, so the gradient is that of the very
    function the forward pass computed.
    """

    drawn = None  # the keyword under which the draw goes to function and derivative

    def __init__(self, random_state=None, **options):
        super().__init__(**options)
        self.random_state = random_state
        self.rng = np.random.default_rng(random_state)

    def forward(self, x):
        x = np.asarray(x, dtype=np.float64)
        draw = {self.drawn: self._draw(x.shape)} if self.training else {}
        self.save_for_backward(x, draw)
        return self.function(x, **self.options, **draw)

    def backward(self, dout):
        x, draw = self.saved_tensors
        return dout * self.derivative(x, **self.options, **draw)

    def _draw(self, shape):
        raise NotImplementedError


class RReLU(_RandomActivation):
    """Randomized leaky ReLU as a layer: slopes from U(lower, upper) in training, their mean at evaluation.

    In training every element gets a slope of its own, drawn afresh at every
    forward pass.

    Parameters
    ----------
    lower, upper : float
        The range of the slopes, 0 <= lower <= upper; PyTorch's 1/8 and 1/3
        by default.
    random_state : None, int or numpy.random.Generator
        Seed of the slopes; a new draw at every forward pass in training.

    Notes
    -----
    PyTorch: ``torch.nn.RReLU(lower, upper)``.
    """

    function = staticmethod(rrelu)
    derivative = staticmethod(rrelu_derivative)
    drawn = "slope"

    def __init__(self, lower=RRELU_LOWER, upper=RRELU_UPPER, random_state=None):
        if not 0 <= lower <= upper:
            raise ValueError(f"RReLU needs 0 <= lower <= upper, got lower={lower}, upper={upper}")
        super().__init__(random_state, lower=lower, upper=upper)

    def _draw(self, shape):
        lower, upper = self.options["lower"], self.options["upper"]
        return self.rng.uniform(lower, upper, size=shape)


class NoisyReLU(_RandomActivation):
    """Noisy ReLU as a layer: :func:`noisy_relu` with fresh N(0, 1) draws in training, the ReLU at evaluation.

    Parameters
    ----------
    random_state : None, int or numpy.random.Generator
        Seed of the noise; a new draw at every forward pass in training.

    Notes
    -----
    PyTorch has no such layer.
    """

    function = staticmethod(noisy_relu)
    derivative = staticmethod(noisy_relu_derivative)
    drawn = "noise"

    def _draw(self, shape):
        return self.rng.standard_normal(shape)


class Softmax(Layer):
    r"""Softmax over the last axis as a layer.

    Its backward pass applies the Jacobian without building it:

    .. math:: \frac{\partial L}{\partial x} = s \odot
        \Big(\text{dout} - \sum_j \text{dout}_j\, s_j\Big)

    For classification, prefer a linear last layer with
    :class:`~nnlib.losses.CrossEntropy`, which takes the logits and fuses
    softmax and log for numerical stability.

    PyTorch: ``torch.nn.Softmax(dim=-1)``.
    """

    def forward(self, x):
        s = softmax(x)
        self.save_for_backward(s)
        return s

    def backward(self, dout):
        (s,) = self.saved_tensors
        return s * (dout - np.sum(dout * s, axis=-1, keepdims=True))


ACTIVATIONS = {
    "identity": Identity,
    "linear": Identity,
    "step": Step,
    "sigmoid": Sigmoid,
    "logistic": Sigmoid,
    "tanh": Tanh,
    "relu": ReLU,
    "leaky_relu": LeakyReLU,
    "elu": ELU,
    "softplus": Softplus,
    "arctan": Arctan,
    "softmax": Softmax,
}


def get_activation(activation, **options):
    """Return an activation layer by name.

    Parameters
    ----------
    activation : str, Layer or None
        A name from ``ACTIVATIONS`` (``"sigmoid"``, ``"relu"``, ...), an
        activation layer (returned as it is), or None for the identity.
    **options
        Passed to the layer (for example ``negative_slope`` of leaky ReLU).

    Returns
    -------
    Layer
    """
    if activation is None:
        return Identity()
    if isinstance(activation, Layer):
        return activation
    if activation not in ACTIVATIONS:
        raise ValueError(
            f"unknown activation {activation!r}; expected one of {', '.join(sorted(ACTIVATIONS))} or None"
        )
    return ACTIVATIONS[activation](**options)
