r"""The fully connected layer: every input feeds every unit.

For a batch ``x`` of shape (N, D) and a layer of H units,

.. math::

    z = x W + b, \qquad y = g(z),

with ``W`` of shape (D, H), one column per unit, and ``b`` of shape (H,).
One row of ``x`` is one sample, so the whole batch goes through in a single
matrix product. The backward pass is three more products (CS231n's
``affine_backward``, followed by the activation's):

.. math::

    \delta = \text{dout} \odot g'(z), \qquad
    \frac{\partial L}{\partial W} = x^\top \delta, \qquad
    \frac{\partial L}{\partial b} = \sum_n \delta_n, \qquad
    \frac{\partial L}{\partial x} = \delta W^\top .

Leading axes beyond the batch are allowed, (N, T, D) → (N, T, H), so the
same layer maps every time step of a sequence.
"""

import numpy as np

from ._validation import check_features
from .activations import get_activation
from .init import initialize
from .layer import Layer


class Dense(Layer):
    """A fully connected layer, ``y = activation(x @ W + b)``.

    Parameters
    ----------
    in_features : int
        Size D of each input sample.
    out_features : int
        Number H of units.
    activation : str, Layer or None
        Name of the activation (``"sigmoid"``, ``"tanh"``, ``"relu"``, ...),
        an activation layer, or None for none (a linear layer).
    bias : bool
        Whether the layer has a bias ``b``.
    init : str
        Initialisation of ``W`` by name (see :mod:`nnlib.init`); the default
        ``"xavier"`` (Glorot) suits sigmoid and tanh, ``"he"`` suits ReLU.
        The bias starts at zero.
    random_state : None, int or numpy.random.Generator
        Seed of the initial weights.

    Attributes
    ----------
    params : dict
        ``"W"`` of shape (in_features, out_features) and, with ``bias``,
        ``"b"`` of shape (out_features,).
    activation : Layer
        The activation layer applied after the affine map. It follows the
        layer's ``training`` flag (a random activation such as
        :class:`~nnlib.RReLU` is random only in training).

    Notes
    -----
    PyTorch: ``torch.nn.Linear(in_features, out_features)`` followed by the
    activation; its ``weight`` is ``W`` transposed, (out_features, in_features).
    """

    def __init__(self, in_features, out_features, activation=None, bias=True, init="xavier", random_state=None):
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.activation = get_activation(activation)
        self.params["W"] = initialize(init, (in_features, out_features), in_features, out_features, random_state)
        if bias:
            self.params["b"] = np.zeros(out_features)

    def forward(self, x):
        """Map x of shape (N, ..., in_features) to (N, ..., out_features)."""
        x = check_features(x, self.in_features, type(self).__name__)
        z = x @ self.params["W"]
        if "b" in self.params:
            z = z + self.params["b"]
        self.save_for_backward(x)
        self.activation.training = self.training
        return self.activation.forward(z)

    def backward(self, dout):
        """Given dL/dy, store dL/dW and dL/db in ``grads`` and return dL/dx."""
        (x,) = self.saved_tensors
        delta = self.activation.backward(dout)  # dL/dz, (N, ..., H)
        x2d = x.reshape(-1, self.in_features)  # (N*..., D)
        delta2d = delta.reshape(-1, self.out_features)  # (N*..., H)
        self.grads["W"] = x2d.T @ delta2d
        if "b" in self.params:
            self.grads["b"] = delta2d.sum(axis=0)
        return delta @ self.params["W"].T

    def __repr__(self):
        act = "" if type(self.activation).__name__ == "Identity" else f", activation={self.activation!r}"
        bias = "" if "b" in self.params else ", bias=False"
        return f"Dense({self.in_features}, {self.out_features}{act}{bias})"
