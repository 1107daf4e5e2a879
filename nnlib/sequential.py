"""A network as a stack of layers, run forwards and then backwards.

``forward`` feeds each layer's output to the next; ``backward`` walks the
list in reverse, handing each layer the gradient of the loss with respect to
its output and receiving the gradient with respect to its input. That loop
is all of backpropagation at the level of a network: the chain rule, applied
one layer at a time.
"""

from .layer import Layer


class Sequential(Layer):
    """Layers applied one after the other.

    Parameters
    ----------
    layers : list of Layer
        The layers, input side first.

    Examples
    --------
    >>> from nnlib import Dense, Sequential
    >>> net = Sequential([Dense(2, 3, activation="sigmoid"), Dense(3, 1, activation="sigmoid")])
    """

    def __init__(self, layers):
        super().__init__()
        layers = list(layers)
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                raise TypeError(f"Sequential takes a list of layers; item {i} is a {type(layer).__name__}")
        self.layers = layers

    def forward(self, x):
        """Run ``x`` through every layer and return the last output."""
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, dout):
        """Backpropagate dL/d(output) through every layer; return dL/d(input)."""
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
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
