"""The contracts every layer and every recurrent cell follow.

**Layers.** A layer maps an input batch to an output batch with
``forward(x)`` and maps the gradient of the loss with respect to its output,
``dout``, to the gradient with respect to its input with ``backward(dout)``:
one array in, one array out, both ways. Along the way it fills ``grads``
with the gradient of every array in ``params`` (same keys, same shapes), so
an optimizer or the gradient checker can walk any layer without knowing what
it is. Shapes are batch first: ``x`` is (N, ...) where N is the number of
samples. An input without a gradient, such as the integer indices of an
:class:`~nnlib.Embedding`, makes ``backward`` return None: such a layer comes
first in a network.

**Cells.** A recurrent cell (:class:`~nnlib.RNNCell`,
:class:`~nnlib.LSTMCell`, :class:`~nnlib.GRUCell`) is one time step with an
explicit state, for writing the loop over time yourself. It has two inputs
and so two gradients:

- ``forward(x, state)`` takes x (N, input_size) and the previous state
  (None for zeros) and returns the next state: an array h (N, hidden_size),
  or for the LSTM the pair ``(h, c)``;
- ``backward(dstate)`` takes dL/d(next state), in the same form (for the
  LSTM, ``backward(dh, dc)``), and returns the *tuple* ``(dx, dstate)``:
  dL/dx and dL/d(previous state), the latter again an array or a pair.

A cell has ``params``, ``grads`` and ``training`` like a layer, so an
optimizer can update it, but neither :class:`~nnlib.Sequential` (which hands
one array from layer to layer) nor :func:`~nnlib.check_layer_gradients`
takes one: use the sequence layer (``RNN``, ``LSTM``, ``GRU``), or check a
cell with :func:`~nnlib.check_cell_gradients`.

**What backward needs.** ``forward`` keeps exactly what ``backward`` will
need with :meth:`Layer.save_for_backward`; ``backward`` reads it back from
:attr:`Layer.saved_tensors`. Losses (:mod:`nnlib.losses`) use the same two.
"""


class Layer:
    """Base class of all layers.

    Attributes
    ----------
    params : dict of str to ndarray
        The learnable arrays, updated in place by optimizers.
    grads : dict of str to ndarray
        After ``backward``, dL/dparam for every key of ``params``.
    training : bool
        True while training; layers such as dropout behave differently in
        evaluation. Switch with :meth:`train` and :meth:`eval`.

    Notes
    -----
    PyTorch: ``torch.nn.Module``, whose ``backward`` autograd writes for it.
    """

    def __init__(self):
        self.params = {}
        self.grads = {}
        self.training = True
        self._saved = None

    def forward(self, x):
        """Compute the layer's output for the batch ``x``."""
        raise NotImplementedError

    def backward(self, dout):
        """Given dL/d(output), fill ``self.grads`` and return dL/d(input)."""
        raise NotImplementedError

    def __call__(self, x):
        return self.forward(x)

    def save_for_backward(self, *arrays):
        """Keep what ``backward`` will need (call this in ``forward``)."""
        self._saved = arrays

    @property
    def saved_tensors(self):
        """What ``forward`` saved; an error if ``forward`` has not run."""
        if self._saved is None:
            raise RuntimeError(f"{type(self).__name__}.backward() was called before forward()")
        return self._saved

    def modules(self):
        """Yield this layer and every layer inside it (containers override this)."""
        yield self

    def train(self, mode=True):
        """Set training mode (``mode=True``) or evaluation mode on this layer and its sublayers."""
        for module in self.modules():
            module.training = mode
        return self

    def eval(self):
        """Set evaluation mode; the same as ``train(False)``."""
        return self.train(False)

    def __repr__(self):
        shapes = ", ".join(f"{k}={v.shape}" for k, v in self.params.items())
        return f"{type(self).__name__}({shapes})"


class Cell(Layer):
    """Base class of recurrent cells: one time step with an explicit state.

    See the module docstring for the contract; ``cell(x, state)`` is
    ``cell.forward(x, state)``.

    PyTorch's cells (``torch.nn.RNNCell``, ``LSTMCell``, ``GRUCell``) share
    no base class of their own; they are ``torch.nn.Module`` objects.
    """

    def forward(self, x, state=None):
        """Map the input x (N, input_size) and the state to the next state."""
        raise NotImplementedError

    def backward(self, *dstate):
        """Given dL/d(next state), fill ``self.grads`` and return ``(dx, dstate_previous)``."""
        raise NotImplementedError

    def __call__(self, x, state=None):
        return self.forward(x, state)
