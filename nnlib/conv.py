r"""The convolution layer: local receptive fields and shared weights.

A unit of a convolutional layer sees only a small patch of its input, its
receptive field, and every unit of a feature map applies the *same* weights
(a filter) to its own patch. A filter of shape (C, kh, kw) slid over an
input of shape (C, H, W) gives one map; F filters give F maps. With stride
s and zero padding p each side, an input of size H gives

.. math::

    H_\text{out} = \left\lfloor \frac{H + 2p - k_h}{s} \right\rfloor + 1,

so the lecture's 10×10 image and 3×3 filter give an 8×8 map, and three
filters give three 8×8 maps. Like PyTorch (and LeCun et al., 1998), the
"convolution" is a cross-correlation; the filter is not flipped:

.. math::

    y_{n f i j} = b_f + \sum_{c} \sum_{u=0}^{k_h - 1} \sum_{v=0}^{k_w - 1}
        W_{f c u v} \, x_{n, c, s i + u, s j + v}.

:func:`conv2d_naive` computes exactly this sum with loops, for reading and
for testing. :class:`Conv2D` computes the same thing fast with *im2col*:
every receptive field is copied into a row of a matrix, so the whole layer
becomes one matrix product, and its backward pass two more. The receptive
fields come from :mod:`nnlib._windows`, which pooling shares.

Reference: Y. LeCun, L. Bottou, Y. Bengio and P. Haffner, "Gradient-based
learning applied to document recognition", Proc. IEEE 86(11), 1998.
"""

import numpy as np

from ._validation import check_images
from ._windows import fold, pair, windows
from .init import initialize
from .layer import Layer


def conv2d_naive(x, W, b, stride=1, padding=0):
    """Cross-correlation by the definition, one output value at a time (slow; for teaching and tests).

    Parameters
    ----------
    x : ndarray of shape (N, C, H, W)
    W : ndarray of shape (F, C, kh, kw)
    b : ndarray of shape (F,)
    stride, padding : int or pair of int

    Returns
    -------
    ndarray of shape (N, F, H_out, W_out)
    """
    (sh, sw), (ph, pw) = pair(stride, "stride"), pair(padding, "padding")
    F, _, kh, kw = W.shape
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    N, _, H, Wd = xp.shape
    out = np.zeros((N, F, (H - kh) // sh + 1, (Wd - kw) // sw + 1))
    for n in range(N):
        for f in range(F):
            for i in range(out.shape[2]):
                for j in range(out.shape[3]):
                    patch = xp[n, :, i * sh : i * sh + kh, j * sw : j * sw + kw]
                    out[n, f, i, j] = np.sum(patch * W[f]) + b[f]
    return out


class Conv2D(Layer):
    r"""A 2-D convolution layer (cross-correlation, as in PyTorch).

    Parameters
    ----------
    in_channels : int
        Channels C of the input (1 for grey images).
    out_channels : int
        Number F of filters, hence of output maps.
    kernel_size : int or pair of int
        (kh, kw), the size of each filter.
    stride : int or pair of int
        Step between neighbouring receptive fields.
    padding : int or pair of int
        Zeros added on each side of the image (``padding=1`` with a 3×3
        kernel and stride 1 keeps the size).
    init : str
        Initialisation of ``W`` by name (see :mod:`nnlib.init`), with
        fan-in C·kh·kw and fan-out F·kh·kw; the default ``"he"`` suits a
        convolution followed by ReLU. The bias starts at zero.
    random_state : None, int or numpy.random.Generator
        Seed of the initial weights.

    Attributes
    ----------
    params : dict
        ``"W"`` of shape (out_channels, in_channels, kh, kw) and ``"b"`` of
        shape (out_channels,), PyTorch's layout.

    Notes
    -----
    With the patch of every output position as one column of a matrix
    :math:`X_\text{col}` of shape (C·kh·kw, N·H_out·W_out) ("im2col") and
    the filters flattened into the rows of :math:`W_\text{row}`, of shape
    (F, C·kh·kw),

    .. math::

        Y = W_\text{row} X_\text{col} + b, \qquad
        \frac{\partial L}{\partial W_\text{row}} = \delta \, X_\text{col}^\top, \qquad
        \frac{\partial L}{\partial b} = \sum_\text{columns} \delta, \qquad
        \frac{\partial L}{\partial X_\text{col}} = W_\text{row}^\top \delta,

    where :math:`\delta` is ``dout`` laid out like :math:`Y`, (F, N·H_out·W_out). The last
    gradient is folded back onto the image with :func:`fold`.

    PyTorch: ``torch.nn.Conv2d(in_channels, out_channels, kernel_size,
    stride, padding)``, with the same layout of ``weight`` and ``bias``.
    """

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, init="he", random_state=None):
        super().__init__()
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = pair(kernel_size, "kernel_size")
        self.stride = pair(stride, "stride")
        self.padding = pair(padding, "padding")
        kh, kw = self.kernel_size
        shape = (out_channels, in_channels, kh, kw)
        self.params["W"] = initialize(init, shape, in_channels * kh * kw, out_channels * kh * kw, random_state)
        self.params["b"] = np.zeros(out_channels)

    def forward(self, x):
        """Map images (N, in_channels, H, W) to feature maps (N, out_channels, H_out, W_out)."""
        x = check_images(x, "Conv2D", self.in_channels)
        ph, pw = self.padding
        xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))  # (N, C, H + 2ph, W + 2pw)
        patches = windows(xp, self.kernel_size, self.stride, "Conv2D")  # (N, C, H_out, W_out, kh, kw)
        N, C, H_out, W_out, kh, kw = patches.shape
        cols = patches.transpose(1, 4, 5, 0, 2, 3).reshape(C * kh * kw, N * H_out * W_out)  # a copy
        W_row = self.params["W"].reshape(self.out_channels, -1)  # (F, C*kh*kw)
        out = W_row @ cols + self.params["b"][:, None]  # (F, N*H_out*W_out)
        self.save_for_backward(cols, xp.shape)
        return out.reshape(-1, N, H_out, W_out).transpose(1, 0, 2, 3)  # (N, F, H_out, W_out)

    def backward(self, dout):
        """Given dL/dy (N, F, H_out, W_out), store dL/dW and dL/db and return dL/dx (N, C, H, W)."""
        cols, padded_shape = self.saved_tensors
        N, C, Hp, Wp = padded_shape
        F, _, kh, kw = self.params["W"].shape
        _, _, H_out, W_out = dout.shape
        delta = dout.transpose(1, 0, 2, 3).reshape(F, -1)  # (F, N*H_out*W_out)
        self.grads["W"] = (delta @ cols.T).reshape(self.params["W"].shape)
        self.grads["b"] = delta.sum(axis=1)
        dcols = self.params["W"].reshape(F, -1).T @ delta  # (C*kh*kw, N*H_out*W_out)
        dpatches = dcols.reshape(C, kh, kw, N, H_out, W_out).transpose(3, 0, 4, 5, 1, 2)  # (N, C, H_out, W_out, kh, kw)
        dxp = fold(dpatches, padded_shape, self.stride)
        ph, pw = self.padding
        return dxp[:, :, ph : Hp - ph, pw : Wp - pw]  # (N, C, H, W), the padding cut off

    def __repr__(self):
        return (
            f"Conv2D({self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
            f"stride={self.stride}, padding={self.padding})"
        )
