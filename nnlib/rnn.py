r"""Recurrent networks: a hidden state carried through time (Elman, 1990).

A recurrent network reads a sequence :math:`x_1, \dots, x_T` one step at a
time and keeps a hidden state, a summary of what it has read so far, which
it feeds back to itself at the next step:

.. math::

    a_t = x_t W_{ih} + h_{t-1} W_{hh} + b, \qquad h_t = g(a_t), \qquad h_0 = 0,

with :math:`g = \tanh` by default. The same weights serve every step, just
as a convolution's filter serves every position. Elman's language model
(and Mikolov et al., 2010) reads one word or character per step and puts a
softmax layer on each :math:`h_t` to predict the next one.

**Backpropagation through time (BPTT).** Unrolled over T steps, the network
is a T-layer feedforward network whose layers share their weights, and it
is trained by ordinary backpropagation through that unrolled graph. The
gradient reaching :math:`h_t` comes from the loss at step t *and* from step
t + 1; going backwards from t = T,

.. math::

    \delta_t = \Big(\frac{\partial L}{\partial h_t}\Big|_\text{direct}
        + \delta_{t+1} W_{hh}^\top\Big) \odot g'(a_t), \qquad \delta_{T+1} = 0,

and, because the weights are shared, their gradients are sums over time:

.. math::

    \frac{\partial L}{\partial W_{ih}} = \sum_t x_t^\top \delta_t, \qquad
    \frac{\partial L}{\partial W_{hh}} = \sum_t h_{t-1}^\top \delta_t, \qquad
    \frac{\partial L}{\partial b} = \sum_t \sum_n \delta_{t,n}, \qquad
    \frac{\partial L}{\partial x_t} = \delta_t W_{ih}^\top .

The repeated product by :math:`W_{hh}^\top` and :math:`g'` is why the
gradient from far back vanishes (or explodes): the problem the LSTM
(:mod:`nnlib.lstm`) was invented to solve. Clip it with
``SGD(..., clip_norm=...)``.

**Layout.** ``W_ih`` is (input_size, G·hidden_size) and ``W_hh`` is
(hidden_size, G·hidden_size), with G = 1 here and G = 4 gates in the LSTM,
so that inputs multiply weights from the left, ``x @ W``, as in
:class:`~nnlib.Dense`. PyTorch stores the transposes (``weight_ih_l0`` is
(G·hidden_size, input_size)) and two biases that only ever appear as their
sum; here one bias ``b`` is that sum.

**Cells and layers.** :class:`RNN` is a layer: (N, T, D) in, every hidden
state (N, T, H) out, from a zero initial state; ``backward`` is BPTT. A
cell, :class:`RNNCell`, is one step with an explicit state, for writing the
loop yourself: ``forward(x, h)`` returns the next state and
``backward(dh_next)`` returns the gradients of both inputs, ``(dx, dh)``
(the cell contract of :mod:`nnlib.layer`). A cell keeps the parameters and
the training flag of a layer, so an optimizer can update it, but it does
not fit in a :class:`~nnlib.Sequential`.

Reference: J. L. Elman, "Finding structure in time", Cognitive Science
14(2), 1990.
"""

import numpy as np

from .activations import Activation, get_activation
from .init import initialize
from .layer import Cell, Layer


class RecurrentBase(Layer):
    """Parameters and checks shared by the recurrent cells and layers (RNN, LSTM and GRU).

    Each computes G blocks of ``hidden_size`` pre-activations from the input
    and the previous state (G = ``n_gates``), ``a = x @ W_ih + h @ W_hh + b``.
    The GRU keeps the two halves apart, ``x @ W_ih + b_ih`` and
    ``h @ W_hh + b_hh``, and so has two biases (``bias_names``).
    """

    n_gates = 1
    bias_names = ("b",)

    def __init__(self, input_size, hidden_size, init="lecun", random_state=None):
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        rng = np.random.default_rng(random_state)
        G = self.n_gates * hidden_size
        self.params["W_ih"] = initialize(init, (input_size, G), input_size, G, rng)
        self.params["W_hh"] = initialize(init, (hidden_size, G), hidden_size, G, rng)
        for name in self.bias_names:
            self.params[name] = np.zeros(G)

    def _check_input(self, x, ndim):
        """x as an array of shape (N, input_size) for a cell or (N, T, input_size) for a layer."""
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != ndim or x.shape[-1] != self.input_size:
            expected = "(N, T, {})" if ndim == 3 else "(N, {})"
            raise ValueError(
                f"{type(self).__name__} expects input of shape {expected.format(self.input_size)}, got shape {x.shape}"
            )
        return x

    def _check_state(self, h, n_samples, name):
        """A cell's state: zeros for None, else an array of shape (N, hidden_size)."""
        if h is None:
            return np.zeros((n_samples, self.hidden_size))
        h = np.asarray(h, dtype=np.float64)
        if h.shape != (n_samples, self.hidden_size):
            expected = (n_samples, self.hidden_size)
            raise ValueError(f"{type(self).__name__} expects a state {name} of shape {expected}, got shape {h.shape}")
        return h

    def _weight_grads(self, x, h_prev, da, da_h=None):
        """Fill ``grads`` from da = dL/da (M, G·H), the inputs x (M, D) and the states h_prev (M, H).

        For a sequence, M = N·T: summing over the rows is summing over time.
        ``da_h`` is the gradient of the state's half, ``h @ W_hh + b_hh``, where
        it differs from ``da`` (the GRU's).
        """
        da_h = da if da_h is None else da_h
        self.grads["W_ih"] = x.T @ da
        self.grads["W_hh"] = h_prev.T @ da_h
        if "b" in self.params:
            self.grads["b"] = da.sum(axis=0)
        else:
            self.grads["b_ih"] = da.sum(axis=0)
            self.grads["b_hh"] = da_h.sum(axis=0)

    def __repr__(self):
        return f"{type(self).__name__}({self.input_size}, {self.hidden_size})"


def _elementwise(nonlinearity):
    """The activation layer named ``nonlinearity``; it must act elementwise (not softmax)."""
    activation = get_activation(nonlinearity)
    if not isinstance(activation, Activation):
        raise ValueError(f"an RNN's nonlinearity must act elementwise, such as 'tanh' or 'relu', got {nonlinearity!r}")
    return activation


class RNNCell(RecurrentBase, Cell):
    r"""One step of an Elman network, :math:`h' = g(x W_{ih} + h W_{hh} + b)`.

    Parameters
    ----------
    input_size : int
        Size D of each input vector.
    hidden_size : int
        Size H of the hidden state.
    nonlinearity : str
        :math:`g`, the name of an elementwise activation: ``"tanh"`` (the
        default), ``"relu"`` (both as in PyTorch), or ``"sigmoid"`` (Elman's
        and Mikolov's choice), ...
    init : str
        Initialisation of ``W_ih`` and ``W_hh`` by name, fan-in D and H
        respectively; the default ``"lecun"``, U(±1/√fan_in), gives ``W_hh``
        PyTorch's U(±1/√H). The bias starts at zero.
    random_state : None, int or numpy.random.Generator
        Seed of the initial weights.

    Attributes
    ----------
    params : dict
        ``"W_ih"`` (D, H), ``"W_hh"`` (H, H), ``"b"`` (H,).

    Notes
    -----
    PyTorch: ``torch.nn.RNNCell(input_size, hidden_size, nonlinearity=...)``.
    """

    def __init__(self, input_size, hidden_size, nonlinearity="tanh", init="lecun", random_state=None):
        super().__init__(input_size, hidden_size, init, random_state)
        self.nonlinearity = nonlinearity
        self.activation = _elementwise(nonlinearity)

    def forward(self, x, h=None):
        """Map x (N, D) and the state h (N, H) (zeros if None) to the next state (N, H)."""
        x = self._check_input(x, ndim=2)
        h = self._check_state(h, len(x), "h")
        a = x @ self.params["W_ih"] + h @ self.params["W_hh"] + self.params["b"]  # (N, H)
        self.save_for_backward(x, h, a)
        return self.activation.function(a)

    def backward(self, dh_next):
        """Given dL/dh' (N, H), fill ``grads`` and return ``(dx, dh)``, of shapes (N, D) and (N, H)."""
        x, h, a = self.saved_tensors
        da = dh_next * self.activation.derivative(a)  # (N, H)
        self._weight_grads(x, h, da)
        return da @ self.params["W_ih"].T, da @ self.params["W_hh"].T


class RNN(RecurrentBase):
    r"""An Elman network over whole sequences, trained by backpropagation through time.

    Parameters
    ----------
    input_size, hidden_size, nonlinearity, init, random_state
        As for :class:`RNNCell`.

    Attributes
    ----------
    params : dict
        ``"W_ih"`` (D, H), ``"W_hh"`` (H, H), ``"b"`` (H,).

    Notes
    -----
    PyTorch: ``torch.nn.RNN(input_size, hidden_size, batch_first=True)``,
    whose first output this layer's output is; its ``weight_ih_l0`` is
    ``W_ih`` transposed, and ``bias_ih_l0 + bias_hh_l0`` is ``b``.
    """

    def __init__(self, input_size, hidden_size, nonlinearity="tanh", init="lecun", random_state=None):
        super().__init__(input_size, hidden_size, init, random_state)
        self.nonlinearity = nonlinearity
        self.activation = _elementwise(nonlinearity)

    def forward(self, x):
        """Map sequences x (N, T, D) to every hidden state (N, T, H), starting from h_0 = 0."""
        x = self._check_input(x, ndim=3)
        N, T, _ = x.shape
        W_hh = self.params["W_hh"]
        a = x @ self.params["W_ih"] + self.params["b"]  # (N, T, H): the inputs' share of every step, at once
        hs = np.zeros((N, T + 1, self.hidden_size))  # hs[:, 0] is h_0 = 0, hs[:, t + 1] is h_t
        for t in range(T):
            a[:, t] += hs[:, t] @ W_hh
            hs[:, t + 1] = self.activation.function(a[:, t])
        self.save_for_backward(x, hs, a)
        return hs[:, 1:]

    def backward(self, dout):
        """BPTT: given dL/dh_t for every step (N, T, H), fill ``grads`` and return dL/dx (N, T, D)."""
        x, hs, a = self.saved_tensors
        N, T, D = x.shape
        W_hh = self.params["W_hh"]
        da = np.empty_like(a)  # (N, T, H), the deltas
        dh_next = np.zeros((N, self.hidden_size))  # the gradient reaching h_t through h_{t+1}
        for t in reversed(range(T)):
            da[:, t] = (dout[:, t] + dh_next) * self.activation.derivative(a[:, t])
            dh_next = da[:, t] @ W_hh.T
        self._weight_grads(x.reshape(N * T, D), hs[:, :-1].reshape(N * T, -1), da.reshape(N * T, -1))
        return da @ self.params["W_ih"].T  # (N, T, D)
