r"""Pooling (subsampling): summarise each small region of a feature map by one number.

A pooling layer cuts every map into k×k regions (non-overlapping when the
stride equals the kernel size, the default) and keeps the maximum
(:class:`MaxPool2D`) or the mean (:class:`AvgPool2D`) of each. It has no
weights; it shrinks the maps, which saves computation in the next layers,
and makes the response tolerant to small shifts, at the price of exact
positions. LeNet-5 (LeCun et al., 1998) alternates convolutions with such
subsampling layers.

Backward, max pooling sends each gradient to the one input that was the
maximum of its region (the first one, on ties, as PyTorch does); average
pooling shares it equally among the k_h·k_w inputs of the region:

.. math::

    \frac{\partial L}{\partial x_{p}} = \sum_{\text{regions } r \ni p}
    \text{dout}_r \cdot \begin{cases}
        [p = \arg\max_{q \in r} x_q] & \text{max pooling} \\
        1 / (k_h k_w) & \text{average pooling.}
    \end{cases}

Rows and columns that do not fill a whole region at the bottom or right
edge are dropped, as in PyTorch (``ceil_mode=False``).

Reference: Y. LeCun, L. Bottou, Y. Bengio and P. Haffner, "Gradient-based
learning applied to document recognition", Proc. IEEE 86(11), 1998.
"""

import numpy as np

from ._validation import check_images
from ._windows import fold, pair, windows
from .layer import Layer


class _Pool2D(Layer):
    """What both pooling layers share: their sizes and their input check."""

    def __init__(self, kernel_size, stride=None):
        super().__init__()
        self.kernel_size = pair(kernel_size, "kernel_size")
        self.stride = self.kernel_size if stride is None else pair(stride, "stride")

    def _regions(self, x):
        """The pooling regions of ``x``: (N, C, H, W) → view (N, C, H_out, W_out, kh, kw)."""
        x = check_images(x, type(self).__name__)
        return windows(x, self.kernel_size, self.stride, type(self).__name__)

    def __repr__(self):
        return f"{type(self).__name__}(kernel_size={self.kernel_size}, stride={self.stride})"


class MaxPool2D(_Pool2D):
    """Max pooling over (kh, kw) regions, on images of shape (N, C, H, W).

    Parameters
    ----------
    kernel_size : int or pair of int
        (kh, kw), the size of each region.
    stride : int, pair of int or None
        Step between regions; None (the default) means ``kernel_size``,
        non-overlapping regions.

    Notes
    -----
    PyTorch: ``torch.nn.MaxPool2d(kernel_size, stride)``.
    """

    def forward(self, x):
        """Map (N, C, H, W) to (N, C, H_out, W_out), the maximum of each region."""
        regions = self._regions(x)
        N, C, H_out, W_out, kh, kw = regions.shape
        flat = regions.reshape(N, C, H_out, W_out, kh * kw)  # a copy
        argmax = flat.argmax(axis=-1)  # (N, C, H_out, W_out), index into the region
        self.save_for_backward(argmax, np.shape(x))
        return np.take_along_axis(flat, argmax[..., None], axis=-1)[..., 0]

    def backward(self, dout):
        """Route each gradient of dout (N, C, H_out, W_out) to its region's maximum; return (N, C, H, W)."""
        argmax, input_shape = self.saved_tensors
        kh, kw = self.kernel_size
        winner = argmax[..., None] == np.arange(kh * kw)  # (N, C, H_out, W_out, kh*kw), one True per region
        dregions = (winner * dout[..., None]).reshape(*argmax.shape, kh, kw)  # (N, C, H_out, W_out, kh, kw)
        return fold(dregions, input_shape, self.stride)


class AvgPool2D(_Pool2D):
    """Average pooling over (kh, kw) regions, on images of shape (N, C, H, W).

    Parameters
    ----------
    kernel_size : int or pair of int
        (kh, kw), the size of each region.
    stride : int, pair of int or None
        Step between regions; None (the default) means ``kernel_size``.

    Notes
    -----
    PyTorch: ``torch.nn.AvgPool2d(kernel_size, stride)``.
    """

    def forward(self, x):
        """Map (N, C, H, W) to (N, C, H_out, W_out), the mean of each region."""
        regions = self._regions(x)
        self.save_for_backward(np.shape(x))
        return regions.mean(axis=(-2, -1))

    def backward(self, dout):
        """Share each gradient of dout (N, C, H_out, W_out) equally within its region; return (N, C, H, W)."""
        (input_shape,) = self.saved_tensors
        kh, kw = self.kernel_size
        dregions = np.broadcast_to(dout[..., None, None] / (kh * kw), (*dout.shape, kh, kw))
        return fold(dregions, input_shape, self.stride)
