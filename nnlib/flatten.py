"""Flatten: the bridge from feature maps to fully connected layers.

A convolutional network ends in ordinary dense layers, which want one
vector per sample. ``Flatten`` reshapes (N, C, H, W), or any (N, ...), to
(N, C·H·W); its backward pass reshapes the gradient back. No number changes:
the same values, read as one long row (C first, then H, then W, as
``numpy.reshape`` and PyTorch's ``nn.Flatten`` read them).
"""

import numpy as np

from .layer import Layer


class Flatten(Layer):
    """Reshape each sample to a vector: (N, d1, d2, ...) → (N, d1·d2·...).

    PyTorch: ``torch.nn.Flatten()``.
    """

    def forward(self, x):
        """Map x of shape (N, ...) to (N, D) with D the product of the other axes."""
        x = np.asarray(x)
        if x.ndim < 2:
            raise ValueError(f"Flatten expects a batch of shape (N, ...) with at least 2 axes, got shape {x.shape}")
        self.save_for_backward(x.shape)
        return x.reshape(len(x), -1)  # (N, D)

    def backward(self, dout):
        """Reshape dL/dy (N, D) back to the input's shape."""
        (input_shape,) = self.saved_tensors
        return dout.reshape(input_shape)

    def __repr__(self):
        return "Flatten()"
