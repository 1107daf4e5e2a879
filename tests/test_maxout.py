"""Maxout: k affine maps and their maximum, by hand; the gradient goes to the winning piece."""

import numpy as np
import pytest

from nnlib import SGD, CrossEntropy, Maxout, Sequential, accuracy, check_layer_gradients, fit, make_circles


def maxout_with(W, b):
    W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    layer = Maxout(W.shape[0], W.shape[1] // 2, pieces=2)
    layer.params["W"], layer.params["b"] = W, b
    return layer


def test_a_relu_is_a_maxout_of_two_pieces():
    # piece 0: y = x, piece 1: y = 0, so max(x, 0)
    relu = maxout_with([[1.0, 0.0]], [0.0, 0.0])
    x = np.array([[-2.0], [0.5], [3.0]])
    np.testing.assert_array_equal(relu.forward(x), [[0.0], [0.5], [3.0]])


def test_forward_and_backward_by_hand():
    # Two inputs, two units, two pieces. Columns: unit 0 piece 0, unit 1 piece 0, unit 0 piece 1, unit 1 piece 1.
    layer = maxout_with([[1.0, 0.0, -1.0, 2.0], [0.0, 1.0, 1.0, 0.0]], [0.0, 0.0, 0.5, 0.0])
    x = np.array([[1.0, 3.0]])
    # unit 0: max(1, -1 + 3 + 0.5) = 2.5 (piece 1); unit 1: max(3, 2) = 3 (piece 0)
    np.testing.assert_array_equal(layer.forward(x), [[2.5, 3.0]])
    dx = layer.backward(np.array([[10.0, 100.0]]))
    # unit 0's gradient goes to piece 1 (column 2), unit 1's to piece 0 (column 1)
    np.testing.assert_array_equal(layer.grads["b"], [0.0, 100.0, 10.0, 0.0])
    np.testing.assert_array_equal(layer.grads["W"], [[0.0, 100.0, 10.0, 0.0], [0.0, 300.0, 30.0, 0.0]])
    np.testing.assert_array_equal(dx, [[10.0 * -1.0 + 100.0 * 0.0, 10.0 * 1.0 + 100.0 * 1.0]])


@pytest.mark.parametrize("shape", [(6, 4), (2, 3, 4)])
def test_gradient_check(shape):
    layer = Maxout(4, 3, pieces=3, random_state=0)
    errors = check_layer_gradients(layer, np.random.default_rng(1).normal(size=shape))
    assert set(errors) == {"x", "0.W", "0.b"}
    assert max(errors.values()) < 1e-7, errors
    assert layer.forward(np.zeros(shape)).shape == shape[:-1] + (3,)


def test_parameters_and_seed():
    layer = Maxout(5, 2, pieces=4, random_state=0)
    assert layer.params["W"].shape == (5, 8) and layer.params["b"].shape == (8,)
    np.testing.assert_array_equal(layer.params["W"], Maxout(5, 2, pieces=4, random_state=0).params["W"])
    assert repr(layer) == "Maxout(5, 2, pieces=4)"


def test_a_maxout_network_learns_circles():
    X, y = make_circles(200, noise=0.05, random_state=0)
    net = Sequential([Maxout(2, 8, pieces=3, random_state=0), Maxout(8, 2, pieces=2, random_state=1)])
    fit(net, X, y, loss=CrossEntropy(), optimizer=SGD(net, lr=0.1, momentum=0.9), epochs=100, batch_size=20,
        random_state=0)
    assert accuracy(net.predict(X), y) > 0.95


def test_clear_errors():
    with pytest.raises(ValueError, match="pieces must be an integer >= 1, got 0"):
        Maxout(2, 3, pieces=0)
    with pytest.raises(ValueError, match=r"Maxout expects input of shape \(N, \.\.\., 2\)"):
        Maxout(2, 3, pieces=2).forward(np.zeros((4, 3)))
