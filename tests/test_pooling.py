"""MaxPool2D and AvgPool2D against values worked out by hand, and gradient checks."""

import numpy as np
import pytest

from nnlib import AvgPool2D, MaxPool2D, check_layer_gradients

# The usual picture of 2x2 max pooling with stride 2 (CS231n's): each colour block keeps its maximum.
IMAGE = np.array([[1, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]], dtype=float)[None, None]


def test_max_pool_by_hand():
    np.testing.assert_array_equal(MaxPool2D(2).forward(IMAGE)[0, 0], [[6, 8], [3, 4]])


def test_avg_pool_by_hand():
    # (1 + 1 + 5 + 6) / 4 = 3.25, (2 + 4 + 7 + 8) / 4 = 5.25, (3 + 2 + 1 + 2) / 4 = 2, (1 + 0 + 3 + 4) / 4 = 2
    np.testing.assert_array_equal(AvgPool2D(2).forward(IMAGE)[0, 0], [[3.25, 5.25], [2, 2]])


def test_max_pool_backward_routes_to_the_maximum():
    pool = MaxPool2D(2)
    pool.forward(IMAGE)
    dx = pool.backward(np.array([[[[10.0, 20.0], [30.0, 40.0]]]]))
    expected = [[0, 0, 0, 0], [0, 10, 0, 20], [30, 0, 0, 0], [0, 0, 0, 40]]
    np.testing.assert_array_equal(dx[0, 0], expected)


def test_avg_pool_backward_shares_equally():
    pool = AvgPool2D(2)
    pool.forward(IMAGE)
    dx = pool.backward(np.array([[[[4.0, 8.0], [12.0, 16.0]]]]))
    np.testing.assert_array_equal(dx[0, 0], [[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]])


def test_ties_send_the_gradient_to_the_first_maximum():
    pool = MaxPool2D(2)
    pool.forward(np.ones((1, 1, 2, 2)))
    np.testing.assert_array_equal(pool.backward(np.ones((1, 1, 1, 1)))[0, 0], [[1, 0], [0, 0]])


def test_overlapping_max_pool_by_hand():
    # 3x3 windows with stride 1 over the 4x4 ramp x[i, j] = 4 i + j: each window's maximum is its
    # bottom-right corner (x[2, 2] = 10 for the top-left window), and each corner gets one gradient.
    x = np.arange(16, dtype=float).reshape(1, 1, 4, 4)
    pool = MaxPool2D(3, stride=1)
    np.testing.assert_array_equal(pool.forward(x)[0, 0], [[10, 11], [14, 15]])
    dx = pool.backward(np.ones((1, 1, 2, 2)))
    np.testing.assert_array_equal(dx[0, 0, 2:, 2:], np.ones((2, 2)))
    assert dx.sum() == 4


def test_stride_defaults_to_kernel_size():
    assert MaxPool2D(3).stride == (3, 3)
    assert AvgPool2D((2, 3), stride=1).stride == (1, 1)


def test_incomplete_regions_are_dropped():
    x = np.arange(25, dtype=float).reshape(1, 1, 5, 5)
    out = MaxPool2D(2).forward(x)
    np.testing.assert_array_equal(out[0, 0], [[6, 8], [16, 18]])
    pool = AvgPool2D(2)
    pool.forward(x)
    dx = pool.backward(np.ones((1, 1, 2, 2)))
    assert dx.shape == (1, 1, 5, 5) and np.all(dx[0, 0, 4] == 0) and np.all(dx[0, 0, :, 4] == 0)


def test_channels_and_samples_are_pooled_separately():
    x = np.random.default_rng(0).standard_normal((3, 4, 6, 6))
    out = MaxPool2D(2).forward(x)
    assert out.shape == (3, 4, 3, 3)
    assert out[2, 1, 0, 2] == x[2, 1, 0:2, 4:6].max()


@pytest.mark.parametrize("layer", [MaxPool2D(2), MaxPool2D((2, 3), stride=1), MaxPool2D(3, stride=2),
                                   AvgPool2D(2), AvgPool2D((3, 2), stride=(1, 2))])
def test_gradients(layer):
    # distinct values, so that no two entries of a window tie for the maximum
    x = np.random.default_rng(1).permutation(2 * 2 * 7 * 6).reshape(2, 2, 7, 6) / 10.0
    errors = check_layer_gradients(layer, x)
    assert max(errors.values()) < 1e-7, errors


@pytest.mark.parametrize("layer", [MaxPool2D(2), AvgPool2D(2)])
def test_wrong_shape_is_a_clear_error(layer):
    with pytest.raises(ValueError, match=r"expects images of shape \(N, C, H, W\), got shape \(4, 4\)"):
        layer.forward(np.zeros((4, 4)))


def test_window_larger_than_image():
    with pytest.raises(ValueError, match="does not fit"):
        MaxPool2D(3).forward(np.zeros((1, 1, 2, 2)))
