"""Conv2D: the lecture's examples, hand-computed values, the loop reference and gradient checks."""

import numpy as np
import pytest

from nnlib import Conv2D, check_layer_gradients, conv2d_naive


def conv_with(W, b=None, **kwargs):
    """A Conv2D whose filters are set by hand."""
    W = np.asarray(W, dtype=np.float64)
    conv = Conv2D(W.shape[1], W.shape[0], W.shape[2:], **kwargs)
    conv.params["W"] = W
    conv.params["b"] = np.zeros(W.shape[0]) if b is None else np.asarray(b, dtype=np.float64)
    return conv


def test_parameter_shapes_follow_pytorch():
    conv = Conv2D(3, 5, (2, 4), random_state=0)
    assert conv.params["W"].shape == (5, 3, 2, 4)  # (out_channels, in_channels, kh, kw)
    assert conv.params["b"].shape == (5,)
    assert conv.kernel_size == (2, 4) and conv.stride == (1, 1) and conv.padding == (0, 0)


def test_he_initialisation_scale_and_seed():
    conv = Conv2D(16, 32, 3, random_state=0)
    fan_in = 16 * 3 * 3
    assert np.std(conv.params["W"]) == pytest.approx(np.sqrt(2 / fan_in), rel=0.05)
    np.testing.assert_array_equal(conv.params["W"], Conv2D(16, 32, 3, random_state=0).params["W"])


def test_lecture_10x10_image_with_3x3_filter_gives_8x8():
    x = np.random.default_rng(0).random((1, 1, 10, 10))
    assert Conv2D(1, 1, 3, random_state=0).forward(x).shape == (1, 1, 8, 8)


def test_lecture_three_filters_give_three_8x8_maps():
    x = np.random.default_rng(0).random((1, 1, 10, 10))
    out = Conv2D(1, 3, 3, random_state=0).forward(x)
    assert out.shape == (1, 3, 8, 8)
    # different weights, different maps
    assert not np.allclose(out[0, 0], out[0, 1]) and not np.allclose(out[0, 1], out[0, 2])


def test_lecture_2d_example():
    # The 5x5 binary image and the 3x3 filter with weights 1 0 1 / 0 1 0 / 1 0 1 of the slide
    # ("2-d case, subscripts are weights"). Top-left: 1 + 1 + 1 + 0 + 1 = 4 (corners and centre).
    image = [[1, 1, 1, 0, 0], [0, 1, 1, 1, 0], [0, 0, 1, 1, 1], [0, 0, 1, 1, 0], [0, 1, 1, 0, 0]]
    conv = conv_with([[[[1, 0, 1], [0, 1, 0], [1, 0, 1]]]])
    out = conv.forward(np.array(image, dtype=float)[None, None])
    np.testing.assert_array_equal(out[0, 0], [[4, 3, 4], [2, 4, 3], [2, 3, 4]])


def test_vertical_edge_detector_by_hand():
    # Dark on the left (0), bright on the right (1): the filter -1 0 +1 (three rows) answers
    # 3 * (right - left) = 3 where its window straddles the edge, 0 on flat ground.
    # A *convolution* (flipped filter) would give -3: this is cross-correlation, as in PyTorch.
    image = np.array([[0, 0, 1, 1, 1]] * 4, dtype=float)[None, None]  # (1, 1, 4, 5)
    conv = conv_with([[[[-1, 0, 1]] * 3]], b=[0.5])
    np.testing.assert_array_equal(conv.forward(image)[0, 0], [[3.5, 3.5, 0.5], [3.5, 3.5, 0.5]])


def test_padding_keeps_size_and_pads_with_zeros():
    # All-ones 3x3 filter on an all-ones 3x3 image with padding 1: each output counts the
    # pixels of its window that lie inside the image (corners 4, edges 6, centre 9).
    conv = conv_with(np.ones((1, 1, 3, 3)), padding=1)
    out = conv.forward(np.ones((1, 1, 3, 3)))
    np.testing.assert_array_equal(out[0, 0], [[4, 6, 4], [6, 9, 6], [4, 6, 4]])


CONFIGS = [
    # (x shape, out_channels, kernel_size, stride, padding)
    ((2, 1, 6, 6), 2, 3, 1, 0),
    ((2, 3, 7, 5), 4, (3, 2), 1, 0),
    ((3, 2, 9, 8), 3, 3, 2, 1),
    ((2, 2, 8, 7), 2, (2, 3), (2, 1), (1, 2)),
    ((1, 3, 10, 11), 2, (4, 3), 3, (2, 0)),
    ((2, 2, 5, 5), 3, 5, 1, 0),  # the kernel covers the whole image
    ((2, 1, 8, 9), 2, 2, 3, 0),  # stride larger than the kernel: some pixels are never seen
]


@pytest.mark.parametrize("shape, F, kernel_size, stride, padding", CONFIGS)
def test_matches_loop_reference(shape, F, kernel_size, stride, padding):
    rng = np.random.default_rng(1)
    conv = Conv2D(shape[1], F, kernel_size, stride=stride, padding=padding, random_state=0)
    conv.params["b"] = rng.standard_normal(F)
    x = rng.standard_normal(shape)
    expected = conv2d_naive(x, conv.params["W"], conv.params["b"], stride=stride, padding=padding)
    np.testing.assert_allclose(conv.forward(x), expected, rtol=1e-12, atol=1e-12)


def test_loop_reference_on_the_definition():
    # One output value written out: y[0, 0, 1, 2] = b + sum_c sum_u sum_v W[0, c, u, v] x[0, c, 1 + u, 2 + v].
    rng = np.random.default_rng(2)
    x, W, b = rng.standard_normal((1, 2, 5, 6)), rng.standard_normal((1, 2, 2, 3)), np.array([0.3])
    value = 0.3 + sum(W[0, c, u, v] * x[0, c, 1 + u, 2 + v] for c in range(2) for u in range(2) for v in range(3))
    assert conv2d_naive(x, W, b)[0, 0, 1, 2] == pytest.approx(value)


def test_output_size_formula():
    # floor((H + 2p - k) / s) + 1: (11 + 2 - 4) // 3 + 1 = 4 and (9 + 0 - 3) // 2 + 1 = 4
    out = Conv2D(1, 1, (4, 3), stride=(3, 2), padding=(1, 0), random_state=0).forward(np.zeros((1, 1, 11, 9)))
    assert out.shape == (1, 1, 4, 4)


@pytest.mark.parametrize("shape, F, kernel_size, stride, padding", CONFIGS)
def test_gradients(shape, F, kernel_size, stride, padding):
    conv = Conv2D(shape[1], F, kernel_size, stride=stride, padding=padding, random_state=0)
    x = np.random.default_rng(3).standard_normal(shape)
    errors = check_layer_gradients(conv, x)
    assert set(errors) == {"x", "0.W", "0.b"}
    assert max(errors.values()) < 1e-7, errors


def test_wrong_number_of_channels_is_a_clear_error():
    with pytest.raises(ValueError, match=r"expects images of shape \(N, 3, H, W\), got shape \(2, 1, 8, 8\)"):
        Conv2D(3, 4, 3).forward(np.zeros((2, 1, 8, 8)))


def test_missing_channel_axis_is_a_clear_error():
    with pytest.raises(ValueError, match=r"\(N, 1, H, W\), got shape \(2, 8, 8\)"):
        Conv2D(1, 4, 3).forward(np.zeros((2, 8, 8)))


def test_kernel_larger_than_image_is_a_clear_error():
    with pytest.raises(ValueError, match="5x5 window does not fit in an image of size 4x4"):
        Conv2D(1, 1, 5).forward(np.zeros((1, 1, 4, 4)))


@pytest.mark.parametrize("kernel_size", [2.5, (1, 2, 3), "3"])
def test_bad_kernel_size(kernel_size):
    with pytest.raises(ValueError, match="kernel_size must be an int or a pair of ints"):
        Conv2D(1, 1, kernel_size)


def test_backward_before_forward():
    with pytest.raises(RuntimeError, match="before forward"):
        Conv2D(1, 1, 3).backward(np.zeros((1, 1, 2, 2)))
