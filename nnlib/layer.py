"""The contract every layer follows.

A layer maps an input batch to an output batch with ``forward(x)`` and maps
the gradient of the loss with respect to its output, ``dout``, to the
gradient with respect to its input with ``backward(dout)``. Along the way it
fills ``grads`` with the gradient of every array in ``params`` (same keys,
same shapes), so an optimizer or the gradient checker can walk any layer
without knowing what it is.

Shapes are batch first: ``x`` is (N, ...) where N is the number of samples.

``forward`` keeps exactly what ``backward`` needs with
:meth:`Layer.save_for_backward`; ``backward`` reads it back from
:attr:`Layer.saved_tensors`.
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
