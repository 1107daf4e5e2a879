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
elu             x if x > 0 else α (e^x - 1)      1 if x > 0 else α e^x
softplus        log(1 + e^x)                     sigmoid(x)
arctan          arctan x                         1 / (1 + x^2)
softmax         e^{x_i} / Σ_j e^{x_j}            s_i (δ_ij - s_j)  (a Jacobian)
==============  ===============================  ====================================
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
    """The identity as a layer."""


class Step(Activation):
    """The Heaviside step as a layer (its gradient is zero)."""

    function = staticmethod(step)
    derivative = staticmethod(step_derivative)


class Sigmoid(Activation):
    """The logistic sigmoid as a layer."""

    function = staticmethod(sigmoid)
    derivative = staticmethod(sigmoid_derivative)


class Tanh(Activation):
    """The hyperbolic tangent as a layer."""

    function = staticmethod(tanh)
    derivative = staticmethod(tanh_derivative)


class ReLU(Activation):
    """The rectified linear unit as a layer."""

    function = staticmethod(relu)
    derivative = staticmethod(relu_derivative)


class LeakyReLU(Activation):
    """Leaky ReLU as a layer, with slope ``negative_slope`` for x <= 0."""

    function = staticmethod(leaky_relu)
    derivative = staticmethod(leaky_relu_derivative)

    def __init__(self, negative_slope=0.01):
        super().__init__(negative_slope=negative_slope)


class ELU(Activation):
    """The exponential linear unit as a layer."""

    function = staticmethod(elu)
    derivative = staticmethod(elu_derivative)

    def __init__(self, alpha=1.0):
        super().__init__(alpha=alpha)


class Softplus(Activation):
    """Softplus as a layer."""

    function = staticmethod(softplus)
    derivative = staticmethod(softplus_derivative)


class Arctan(Activation):
    """The arctangent as a layer."""

    function = staticmethod(arctan)
    derivative = staticmethod(arctan_derivative)


class Softmax(Layer):
    r"""Softmax over the last axis as a layer.

    Its backward pass applies the Jacobian without building it:

    .. math:: \frac{\partial L}{\partial x} = s \odot
        \Big(\text{dout} - \sum_j \text{dout}_j\, s_j\Big)

    For classification, prefer a linear last layer with
    :class:`~nnlib.losses.CrossEntropy`, which takes the logits and fuses
    softmax and log for numerical stability.
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
