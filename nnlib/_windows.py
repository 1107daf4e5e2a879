"""Receptive fields of a batch of images: what convolution and pooling share.

Both slide a (kh, kw) window over every image with a stride.
:func:`windows` returns every window at once, as a view of the images (no
copy); :func:`fold` is its backward pass, adding each window's gradient
back onto the pixels it came from. :mod:`nnlib.conv` and
:mod:`nnlib.pooling` are built on these two; :func:`pair` reads their size
arguments.
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def pair(value, name):
    """``(a, a)`` for an int ``a``, ``(a, b)`` for a pair."""
    values = (value, value) if np.isscalar(value) else tuple(value)
    if len(values) != 2 or not all(isinstance(v, (int, np.integer)) for v in values):
        raise ValueError(f"{name} must be an int or a pair of ints, got {value!r}")
    return tuple(int(v) for v in values)


def windows(x, kernel_size, stride, layer):
    """Every receptive field of a batch of images, as a view (no copy).

    Parameters
    ----------
    x : ndarray of shape (N, C, H, W)
    kernel_size, stride : pair of int
    layer : str
        The layer's name, for the error message.

    Returns
    -------
    ndarray of shape (N, C, H_out, W_out, kh, kw)
        ``out[n, c, i, j]`` is the patch ``x[n, c, s i : s i + kh, s j : s j + kw]``.
    """
    (kh, kw), (sh, sw) = kernel_size, stride
    if x.shape[2] < kh or x.shape[3] < kw:
        raise ValueError(f"{layer}: a {kh}x{kw} window does not fit in an image of size {x.shape[2]}x{x.shape[3]}")
    return sliding_window_view(x, (kh, kw), axis=(2, 3))[:, :, ::sh, ::sw]


def fold(dwindows, input_shape, stride):
    """The backward of :func:`windows`: add every patch's gradient back where the patch came from.

    Where receptive fields overlap (stride smaller than the kernel) an input
    pixel belongs to several patches, and its gradient is the sum of theirs.
    The loop runs over the kh·kw positions inside the kernel, not over pixels.

    Parameters
    ----------
    dwindows : ndarray of shape (N, C, H_out, W_out, kh, kw)
    input_shape : tuple (N, C, H, W)
    stride : pair of int

    Returns
    -------
    ndarray of shape (N, C, H, W)
    """
    _, _, H_out, W_out, kh, kw = dwindows.shape
    sh, sw = stride
    dx = np.zeros(input_shape)
    for u in range(kh):
        for v in range(kw):
            dx[:, :, u : u + sh * H_out : sh, v : v + sw * W_out : sw] += dwindows[:, :, :, :, u, v]
    return dx
