r"""The gated recurrent unit: an LSTM's memory with two gates and no cell state.

Cho et al. (2014) simplify the LSTM (:mod:`nnlib.lstm`): the hidden state
itself is the memory, and two sigmoid gates decide how it changes. The reset
gate :math:`r` says how much of the old state the candidate :math:`n` may
see; the update gate :math:`z` says how much of the old state to keep. In
PyTorch's form and gate order r, z, n,

.. math::

    r = \sigma(x_t W_{ir} + b_{ir} + h_{t-1} W_{hr} + b_{hr}), \qquad
    z = \sigma(x_t W_{iz} + b_{iz} + h_{t-1} W_{hz} + b_{hz}),

    n = \tanh\big(x_t W_{in} + b_{in} + r \odot (h_{t-1} W_{hn} + b_{hn})\big), \qquad
    h_t = (1 - z) \odot n + z \odot h_{t-1},

from :math:`h_0 = 0`. Where :math:`z = 1` the state is copied unchanged, and
so is the gradient flowing back through it: the same cure for vanishing
gradients as the LSTM's forget gate, with three blocks of weights instead of
four. Because :math:`r` multiplies :math:`h_{t-1} W_{hn} + b_{hn}` and not
the input's share, the input and the state keep separate biases.

One step backwards, given :math:`\delta h = \partial L / \partial h_t`, with
:math:`u = h_{t-1} W_{hn} + b_{hn}`,

.. math::

    \delta a_n = \delta h \odot (1 - z) \odot (1 - n^2), \qquad
    \delta a_z = \delta h \odot (h_{t-1} - n) \odot z (1 - z), \qquad
    \delta a_r = \delta a_n \odot u \odot r (1 - r),

where :math:`a_r, a_z, a_n` are the arguments of the two sigmoids and the
tanh. The input's blocks get ``[δa_r, δa_z, δa_n]``, the state's blocks
``[δa_r, δa_z, r ⊙ δa_n]``, and

.. math::

    \frac{\partial L}{\partial h_{t-1}} = \delta h \odot z
        + [\delta a_r, \delta a_z, r \odot \delta a_n]\, W_{hh}^\top .

**Layout** (as in :mod:`nnlib.rnn`, with G = 3): ``W_ih`` (input_size,
3·hidden_size), ``W_hh`` (hidden_size, 3·hidden_size), ``b_ih`` and ``b_hh``
(3·hidden_size,); columns ``[0:H]`` belong to r, ``[H:2H]`` to z and
``[2H:3H]`` to n. ``W_ih`` is PyTorch's ``weight_ih_l0`` transposed,
``W_hh`` its ``weight_hh_l0`` transposed, and ``b_ih``, ``b_hh`` are its
``bias_ih_l0``, ``bias_hh_l0``.

Reference: K. Cho, B. van Merriënboer, C. Gulcehre, D. Bahdanau, F. Bougares,
H. Schwenk and Y. Bengio, "Learning phrase representations using RNN
encoder-decoder for statistical machine translation", EMNLP 2014.
"""

import numpy as np

from .activations import sigmoid
from .layer import Cell
from .rnn import RecurrentBase


def gru_step(a_x, a_h, h_prev):
    """One GRU step from the input's and the state's shares of the pre-activations.

    Parameters
    ----------
    a_x : ndarray of shape (N, 3H)
        ``x_t @ W_ih + b_ih``, the blocks in the order r, z, n.
    a_h : ndarray of shape (N, 3H)
        ``h_{t-1} @ W_hh + b_hh``, likewise.
    h_prev : ndarray of shape (N, H)
        The previous state.

    Returns
    -------
    gates : ndarray of shape (N, 3H)
        r, z, n after their nonlinearities (needed by the backward step).
    h : ndarray of shape (N, H)
        The new state.
    """
    H = h_prev.shape[1]
    gates = np.empty_like(a_x)
    gates[:, : 2 * H] = sigmoid(a_x[:, : 2 * H] + a_h[:, : 2 * H])  # r, z
    r, z = gates[:, :H], gates[:, H : 2 * H]
    gates[:, 2 * H :] = np.tanh(a_x[:, 2 * H :] + r * a_h[:, 2 * H :])  # n
    n = gates[:, 2 * H :]
    return gates, (1.0 - z) * n + z * h_prev


def gru_step_backward(dh, gates, a_h, h_prev):
    r"""Backward of :func:`gru_step`: the gradients of its inputs.

    Parameters
    ----------
    dh : ndarray of shape (N, H)
        dL/dh_t, from the loss at step t and from step t + 1.
    gates, a_h, h_prev : ndarray
        What :func:`gru_step` took and returned.

    Returns
    -------
    da_x : ndarray of shape (N, 3H)
        dL/d(a_x), the blocks in the order r, z, n.
    da_h : ndarray of shape (N, 3H)
        dL/d(a_h).
    dh_prev_direct : ndarray of shape (N, H)
        The part of dL/dh_{t-1} that does not pass through ``W_hh``,
        :math:`\delta h \odot z`.
    """
    r, z, n = np.split(gates, 3, axis=1)  # each (N, H)
    u = a_h[:, 2 * r.shape[1] :]  # h_{t-1} W_hn + b_hn
    da_n = dh * (1.0 - z) * (1.0 - n**2)
    da_z = dh * (h_prev - n) * z * (1.0 - z)
    da_r = da_n * u * r * (1.0 - r)
    da_x = np.concatenate([da_r, da_z, da_n], axis=1)
    da_h = np.concatenate([da_r, da_z, r * da_n], axis=1)
    return da_x, da_h, dh * z


class GRUCell(RecurrentBase, Cell):
    r"""One GRU step with an explicit state ``h``.

    ``forward(x, h)`` returns the next state ``h'``; ``backward(dh')``
    returns the gradients of both inputs, ``(dx, dh)`` (the cell contract of
    :mod:`nnlib.layer`).

    Parameters
    ----------
    input_size, hidden_size : int
        D, the size of each input vector, and H, the size of the state.
    init, random_state
        The initialisation of ``W_ih`` and ``W_hh`` and its seed, as for
        :class:`~nnlib.RNNCell`; both biases start at zero.

    Attributes
    ----------
    params : dict
        ``"W_ih"`` (D, 3H), ``"W_hh"`` (H, 3H), ``"b_ih"`` and ``"b_hh"`` (3H,),
        gates in the order r, z, n.

    Notes
    -----
    PyTorch: ``torch.nn.GRUCell(input_size, hidden_size)``.
    """

    n_gates = 3
    bias_names = ("b_ih", "b_hh")

    def forward(self, x, h=None):
        """Map x (N, D) and the state h (N, H) (zeros if None) to the next state (N, H)."""
        x = self._check_input(x, ndim=2)
        h = self._check_state(h, len(x), "h")
        a_x = x @ self.params["W_ih"] + self.params["b_ih"]  # (N, 3H)
        a_h = h @ self.params["W_hh"] + self.params["b_hh"]  # (N, 3H)
        gates, h_next = gru_step(a_x, a_h, h)
        self.save_for_backward(x, h, gates, a_h)
        return h_next

    def backward(self, dh_next):
        """Given dL/dh' (N, H), fill ``grads`` and return ``(dx, dh)``, of shapes (N, D) and (N, H)."""
        x, h, gates, a_h = self.saved_tensors
        da_x, da_h, dh_direct = gru_step_backward(dh_next, gates, a_h, h)
        self._weight_grads(x, h, da_x, da_h)
        return da_x @ self.params["W_ih"].T, dh_direct + da_h @ self.params["W_hh"].T


class GRU(RecurrentBase):
    r"""A GRU over whole sequences, trained by backpropagation through time.

    Parameters and attributes are those of :class:`GRUCell`; the layer
    maps (N, T, input_size) to (N, T, hidden_size).

    PyTorch: ``torch.nn.GRU(input_size, hidden_size, batch_first=True)``,
    whose first output this layer's output is.
    """

    n_gates = 3
    bias_names = ("b_ih", "b_hh")

    def forward(self, x):
        """Map sequences x (N, T, D) to every hidden state (N, T, H), starting from h_0 = 0."""
        x = self._check_input(x, ndim=3)
        N, T, _ = x.shape
        W_hh, b_hh = self.params["W_hh"], self.params["b_hh"]
        a_x = x @ self.params["W_ih"] + self.params["b_ih"]  # (N, T, 3H): the inputs' share of every step, at once
        a_h = np.empty_like(a_x)  # (N, T, 3H): the states' share, one step at a time
        gates = np.empty_like(a_x)  # (N, T, 3H)
        hs = np.zeros((N, T + 1, self.hidden_size))  # hs[:, 0] is h_0 = 0, hs[:, t + 1] is h_t
        for t in range(T):
            a_h[:, t] = hs[:, t] @ W_hh + b_hh
            gates[:, t], hs[:, t + 1] = gru_step(a_x[:, t], a_h[:, t], hs[:, t])
        self.save_for_backward(x, hs, gates, a_h)
        return hs[:, 1:]

    def backward(self, dout):
        """BPTT: given dL/dh_t for every step (N, T, H), fill ``grads`` and return dL/dx (N, T, D)."""
        x, hs, gates, a_h = self.saved_tensors
        N, T, D = x.shape
        W_hh_T = self.params["W_hh"].T
        da_x = np.empty_like(gates)  # (N, T, 3H)
        da_h = np.empty_like(gates)  # (N, T, 3H)
        dh_next = np.zeros((N, self.hidden_size))  # dL/dh_t through step t + 1
        for t in reversed(range(T)):
            da_x[:, t], da_h[:, t], dh_direct = gru_step_backward(dout[:, t] + dh_next, gates[:, t], a_h[:, t],
                                                                  hs[:, t])
            dh_next = dh_direct + da_h[:, t] @ W_hh_T
        self._weight_grads(x.reshape(N * T, D), hs[:, :-1].reshape(N * T, -1), da_x.reshape(N * T, -1),
                           da_h.reshape(N * T, -1))
        return da_x @ self.params["W_ih"].T  # (N, T, D)
