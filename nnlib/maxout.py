r"""Maxout: a unit that learns its own activation function (Goodfellow et al., 2013).

A maxout unit computes k affine maps of its input, the *pieces*, and keeps
the largest:

.. math::

    y_h = \max_{j = 1 \dots k} \big(x W^{(j)} + b^{(j)}\big)_h .

The maximum of k linear functions is a convex, piecewise-linear function,
and with enough pieces it approximates any convex function: a maxout layer
learns its activation along with its weights. A ReLU, max(0, x), is a
maxout of two pieces, and so is a leaky ReLU, max(x, 0.01 x). Like a
ReLU, the unit is linear wherever it is differentiable, so its gradient does
not saturate; backwards, the gradient of each output goes to the piece that
won the maximum, and the other pieces get none:

.. math::

    \frac{\partial L}{\partial z^{(j)}_h} = \text{dout}_h \cdot [\,j = \arg\max_i z^{(i)}_h\,].

(On a tie the first of the tied pieces wins, as ``numpy.argmax`` picks it.)

**Layout.** ``W`` is (in_features, pieces·out_features) and ``b``
(pieces·out_features,): columns ``[j·H : (j+1)·H]`` hold piece j, the way
:mod:`nnlib.rnn` lays out its gates, so that the k maps are one product
``x @ W + b``, reshaped to (N, k, H).

Reference: I. J. Goodfellow, D. Warde-Farley, M. Mirza, A. Courville and
Y. Bengio, "Maxout networks", ICML 2013.
"""

import numpy as np

from ._validation import check_features, check_int
from .init import initialize
from .layer import Layer


class Maxout(Layer):
    """A fully connected layer of maxout units: the element-wise maximum of ``pieces`` affine maps.

    Parameters
    ----------
    in_features, out_features : int
        D, the size of each input sample, and H, the number of units (as for
        :class:`~nnlib.Dense`).
    pieces : int
        Number k of affine maps per unit (k = 1 is a linear layer).
    init : str
        Initialisation of ``W`` by name (see :mod:`nnlib.init`), each piece
        with fan-in D and fan-out H. The bias starts at zero.
    random_state : None, int or numpy.random.Generator
        Seed of the initial weights.

    Attributes
    ----------
    params : dict
        ``"W"`` of shape (in_features, pieces * out_features) and ``"b"`` of
        shape (pieces * out_features,), piece j in columns ``[j H, (j + 1) H)``.

    Notes
    -----
    PyTorch has no maxout layer: ``torch.nn.Linear(D, k * H)`` followed by
    ``.view(N, k, H).amax(dim=1)`` computes the same.
    """

    def __init__(self, in_features, out_features, pieces, init="xavier", random_state=None):
        super().__init__()
        check_int(pieces, "pieces", 1)
        self.in_features = in_features
        self.out_features = out_features
        self.pieces = pieces
        shape = (in_features, pieces * out_features)
        self.params["W"] = initialize(init, shape, in_features, out_features, random_state)
        self.params["b"] = np.zeros(pieces * out_features)

    def forward(self, x):
        """Map x of shape (N, ..., in_features) to (N, ..., out_features)."""
        x = check_features(x, self.in_features, "Maxout")
        x2d = x.reshape(-1, self.in_features)  # (M, D), M = N·...
        z = (x2d @ self.params["W"] + self.params["b"]).reshape(len(x2d), self.pieces, self.out_features)  # (M, k, H)
        winner = z.argmax(axis=1)  # (M, H): the piece that wins, for every unit
        self.save_for_backward(x, winner)
        y = np.take_along_axis(z, winner[:, None, :], axis=1)[:, 0]  # (M, H)
        return y.reshape(*x.shape[:-1], self.out_features)

    def backward(self, dout):
        """Given dL/dy, send it to each unit's winning piece; store dL/dW, dL/db and return dL/dx."""
        x, winner = self.saved_tensors
        x2d = x.reshape(-1, self.in_features)  # (M, D)
        dz = (winner[:, None, :] == np.arange(self.pieces)[None, :, None]) * dout.reshape(-1, 1, self.out_features)
        dz = dz.reshape(len(x2d), -1)  # (M, k·H), zero but at the winners
        self.grads["W"] = x2d.T @ dz
        self.grads["b"] = dz.sum(axis=0)
        return (dz @ self.params["W"].T).reshape(x.shape)

    def __repr__(self):
        return f"Maxout({self.in_features}, {self.out_features}, pieces={self.pieces})"
