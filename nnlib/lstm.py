r"""Long short-term memory: a recurrent network that learns what to remember and what to forget.

Hochreiter and Schmidhuber (1997) add a *cell state* :math:`c_t` to the
recurrent network. It is changed only by elementwise multiplication and
addition, controlled by three gates, each a sigmoid between 0 (closed) and
1 (open): the input gate :math:`i` (write), the forget gate :math:`f`
(keep; Gers et al., 2000) and the output gate :math:`o` (read). With the
pre-activations of the four blocks computed together, in PyTorch's order
i, f, g, o,

.. math::

    [a_i, a_f, a_g, a_o] = x_t W_{ih} + h_{t-1} W_{hh} + b,

    i = \sigma(a_i), \quad f = \sigma(a_f), \quad g = \tanh(a_g), \quad o = \sigma(a_o),

    c_t = f \odot c_{t-1} + i \odot g, \qquad h_t = o \odot \tanh(c_t),

from :math:`h_0 = c_0 = 0`. Backwards, the gradient flows from
:math:`c_t` to :math:`c_{t-1}` multiplied only by :math:`f`, so as long as
the network keeps its forget gates open it survives many steps, where a
plain RNN's gradient vanishes. One step backwards, given
:math:`\partial L / \partial h_t` and :math:`\partial L / \partial c_t`
from above,

.. math::

    \delta c = \frac{\partial L}{\partial c_t}
        + \frac{\partial L}{\partial h_t} \odot o \odot (1 - \tanh^2 c_t),

    \delta a_i = \delta c \odot g \odot i (1 - i), \quad
    \delta a_f = \delta c \odot c_{t-1} \odot f (1 - f), \quad
    \delta a_g = \delta c \odot i \odot (1 - g^2), \quad
    \delta a_o = \frac{\partial L}{\partial h_t} \odot \tanh(c_t) \odot o (1 - o),

    \frac{\partial L}{\partial c_{t-1}} = \delta c \odot f,

after which the weights get their gradients exactly as in the plain RNN
(:mod:`nnlib.rnn`), summed over time.

**Layout** (as in :mod:`nnlib.rnn`, with G = 4): ``W_ih`` (input_size,
4·hidden_size), ``W_hh`` (hidden_size, 4·hidden_size), ``b``
(4·hidden_size,); columns ``[0:H]`` belong to gate i, ``[H:2H]`` to f,
``[2H:3H]`` to g and ``[3H:4H]`` to o. PyTorch's ``weight_ih_l0`` is the
transpose of ``W_ih``, and its ``bias_ih_l0 + bias_hh_l0`` is ``b``.

References: S. Hochreiter and J. Schmidhuber, "Long short-term memory",
Neural Computation 9(8), 1997. F. A. Gers, J. Schmidhuber and F. Cummins,
"Learning to forget: continual prediction with LSTM", Neural Computation
12(10), 2000.
"""

import numpy as np

from .activations import sigmoid
from .layer import Cell
from .rnn import RecurrentBase


def lstm_step(a, c_prev):
    """One LSTM step from its pre-activations.

    Parameters
    ----------
    a : ndarray of shape (N, 4H)
        ``x_t @ W_ih + h_{t-1} @ W_hh + b``, the blocks in the order i, f, g, o.
    c_prev : ndarray of shape (N, H)
        The previous cell state.

    Returns
    -------
    gates : ndarray of shape (N, 4H)
        i, f, g, o after their nonlinearities (needed by the backward step).
    c : ndarray of shape (N, H)
        The new cell state.
    h : ndarray of shape (N, H)
        The new hidden state.
    """
    H = c_prev.shape[1]
    gates = np.empty_like(a)
    gates[:, : 2 * H] = sigmoid(a[:, : 2 * H])  # i, f
    gates[:, 2 * H : 3 * H] = np.tanh(a[:, 2 * H : 3 * H])  # g
    gates[:, 3 * H :] = sigmoid(a[:, 3 * H :])  # o
    i, f, g, o = np.split(gates, 4, axis=1)  # each (N, H)
    c = f * c_prev + i * g
    h = o * np.tanh(c)
    return gates, c, h


def lstm_step_backward(dh, dc, gates, c_prev, c):
    """Backward of :func:`lstm_step`: the gradients of its inputs.

    Parameters
    ----------
    dh, dc : ndarray of shape (N, H)
        dL/dh_t and dL/dc_t (the latter from step t + 1 only).
    gates, c_prev, c : ndarray
        What :func:`lstm_step` took and returned.

    Returns
    -------
    da : ndarray of shape (N, 4H)
        dL/da, the blocks in the order i, f, g, o.
    dc_prev : ndarray of shape (N, H)
        dL/dc_{t-1}.
    """
    i, f, g, o = np.split(gates, 4, axis=1)  # each (N, H)
    tanh_c = np.tanh(c)
    dc = dc + dh * o * (1.0 - tanh_c**2)
    da = np.concatenate(
        [dc * g * i * (1.0 - i), dc * c_prev * f * (1.0 - f), dc * i * (1.0 - g**2), dh * tanh_c * o * (1.0 - o)],
        axis=1,
    )
    return da, dc * f


class LSTMCell(RecurrentBase, Cell):
    r"""One LSTM step with an explicit state ``(h, c)``.

    ``forward(x, (h, c))`` returns the next state ``(h', c')``;
    ``backward(dh', dc')`` returns the gradients of both inputs,
    ``(dx, (dh, dc))``. See :mod:`nnlib.rnn` for cells versus layers.

    Parameters
    ----------
    input_size : int
        Size D of each input vector.
    hidden_size : int
        Size H of the hidden and cell states.
    init : str
        Initialisation of ``W_ih`` and ``W_hh`` by name, fan-in D and H
        respectively; the default ``"lecun"``, U(±1/√fan_in), gives ``W_hh``
        PyTorch's U(±1/√H). The bias starts at zero.
    random_state : None, int or numpy.random.Generator
        Seed of the initial weights.

    Attributes
    ----------
    params : dict
        ``"W_ih"`` (D, 4H), ``"W_hh"`` (H, 4H), ``"b"`` (4H,), gates in the order i, f, g, o.

    Notes
    -----
    PyTorch: ``torch.nn.LSTMCell(input_size, hidden_size)``.
    """

    n_gates = 4

    def forward(self, x, state=None):
        """Map x (N, D) and the state (h, c), each (N, H) (zeros if None), to the next state (h', c')."""
        x = self._check_input(x, ndim=2)
        h, c = (None, None) if state is None else state
        h = self._check_state(h, len(x), "h")
        c = self._check_state(c, len(x), "c")
        a = x @ self.params["W_ih"] + h @ self.params["W_hh"] + self.params["b"]  # (N, 4H)
        gates, c_next, h_next = lstm_step(a, c)
        self.save_for_backward(x, h, c, gates, c_next)
        return h_next, c_next

    def backward(self, dh_next, dc_next=None):
        """Given dL/dh' and dL/dc' (N, H) (zeros if None), fill ``grads`` and return ``(dx, (dh, dc))``."""
        x, h, c, gates, c_next = self.saved_tensors
        dc_next = np.zeros_like(c) if dc_next is None else dc_next
        da, dc = lstm_step_backward(dh_next, dc_next, gates, c, c_next)  # (N, 4H), (N, H)
        self._weight_grads(x, h, da)
        return da @ self.params["W_ih"].T, (da @ self.params["W_hh"].T, dc)


class LSTM(RecurrentBase):
    r"""An LSTM over whole sequences, trained by backpropagation through time.

    Parameters
    ----------
    input_size, hidden_size, init, random_state
        As for :class:`LSTMCell`.

    Attributes
    ----------
    params : dict
        ``"W_ih"`` (D, 4H), ``"W_hh"`` (H, 4H), ``"b"`` (4H,), gates in the order i, f, g, o.

    Notes
    -----
    PyTorch: ``torch.nn.LSTM(input_size, hidden_size, batch_first=True)``,
    whose first output this layer's output is.
    """

    n_gates = 4

    def forward(self, x):
        """Map sequences x (N, T, D) to every hidden state (N, T, H), starting from h_0 = c_0 = 0."""
        x = self._check_input(x, ndim=3)
        N, T, _ = x.shape
        H, W_hh = self.hidden_size, self.params["W_hh"]
        a_x = x @ self.params["W_ih"] + self.params["b"]  # (N, T, 4H): the inputs' share of every step, at once
        gates = np.empty_like(a_x)  # (N, T, 4H)
        hs = np.zeros((N, T + 1, H))  # hs[:, 0] is h_0 = 0, hs[:, t + 1] is h_t
        cs = np.zeros((N, T + 1, H))  # likewise for c
        for t in range(T):
            gates[:, t], cs[:, t + 1], hs[:, t + 1] = lstm_step(a_x[:, t] + hs[:, t] @ W_hh, cs[:, t])
        self.save_for_backward(x, hs, cs, gates)
        return hs[:, 1:]

    def backward(self, dout):
        """BPTT: given dL/dh_t for every step (N, T, H), fill ``grads`` and return dL/dx (N, T, D)."""
        x, hs, cs, gates = self.saved_tensors
        N, T, D = x.shape
        W_hh_T = self.params["W_hh"].T
        da = np.empty_like(gates)  # (N, T, 4H)
        dh_next = np.zeros((N, self.hidden_size))  # dL/dh_t through step t + 1
        dc_next = np.zeros((N, self.hidden_size))  # dL/dc_t through step t + 1
        for t in reversed(range(T)):
            da[:, t], dc_next = lstm_step_backward(dout[:, t] + dh_next, dc_next, gates[:, t], cs[:, t], cs[:, t + 1])
            dh_next = da[:, t] @ W_hh_T
        self._weight_grads(x.reshape(N * T, D), hs[:, :-1].reshape(N * T, -1), da.reshape(N * T, -1))
        return da @ self.params["W_ih"].T  # (N, T, D)
