"""A network as a stack of layers, run forwards and then backwards.

``forward`` feeds each layer's output to the next; ``backward`` walks the
list in reverse, handing each layer the gradient of the loss with respect to
its output and receiving the gradient with respect to its input. That loop
is all of backpropagation at the level of a network: the chain rule, applied
one layer at a time.
"""

from .layer import Cell, Layer


class Sequential(Layer):
    """Layers applied one after the other.

    Parameters
    ----------
    layers : list of Layer
        The layers, input side first. Recurrent cells are not layers here:
        use ``RNN``, ``LSTM`` or ``GRU``, which run a cell over a sequence.

    Examples
    --------
    >>> from nnlib import Dense, Sequential
    >>> net = Sequential([Dense(2, 3, activation="sigmoid"), Dense(3, 1, activation="sigmoid")])

    Notes
    -----
    PyTorch: ``torch.nn.Sequential``.
    """

    def __init__(self, layers):
        super().__init__()
        layers = list(layers)
        for i, layer in enumerate(layers):
            if isinstance(layer, Cell):
                raise TypeError(
                    f"Sequential takes layers that map one array to one array; item {i} is a {type(layer).__name__}, "
                    f"a cell (one time step with an explicit state): use the sequence layer "
                    f"{type(layer).__name__.removesuffix('Cell')} instead"
                )
            if not isinstance(layer, Layer):
                raise TypeError(f"Sequential takes a list of layers; item {i} is a {type(layer).__name__}")
        self.layers = layers

    def forward(self, x):
        """Run ``x`` through every layer and return the last output."""
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, dout):
        """Backpropagate dL/d(output) through every layer; return dL/d(input).

        The result is None when the first layer's input has no gradient (an
        :class:`~nnlib.Embedding`'s indices).
        """
        for i in reversed(range(len(self.layers))):
            dout = self.layers[i].backward(dout)
            if dout is None and i > 0:
                raise TypeError(
                    f"{type(self.layers[i]).__name__} (item {i}) returned no input gradient, so nothing can "
                    f"come before it: an Embedding must be the first layer"
                )
        return dout

    def predict(self, X):
        """The network's output for ``X`` in evaluation mode (no dropout).

        The training mode is restored afterwards. For class labels, take
        ``argmax`` over the last axis (or threshold a single sigmoid output);
        :func:`nnlib.accuracy` does that.
        """
        was_training = self.training
        self.eval()
        try:
            return self.forward(X)
        finally:
            self.train(was_training)

    def modules(self):
        yield self
        for layer in self.layers:
            yield from layer.modules()

    def __len__(self):
        return len(self.layers)

    def __getitem__(self, index):
        return self.layers[index]

    def __repr__(self):
        inner = "".join(f"\n  ({i}): {layer!r}" for i, layer in enumerate(self.layers))
        return f"Sequential({inner}\n)"
