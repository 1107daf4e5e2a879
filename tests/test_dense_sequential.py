"""Dense and Sequential: shapes, the gradient check, clear errors."""

import numpy as np
import pytest

from nnlib import Dense, ReLU, Sequential, Sigmoid, check_layer_gradients

RNG = np.random.default_rng(0)


@pytest.mark.parametrize("activation", [None, "sigmoid", "tanh", "relu", "softplus"])
@pytest.mark.parametrize("bias", [True, False])
def test_dense_passes_gradient_check(activation, bias):
    layer = Dense(4, 3, activation=activation, bias=bias, random_state=1)
    errors = check_layer_gradients(layer, RNG.normal(size=(5, 4)))
    assert set(errors) == ({"x", "0.W", "0.b"} if bias else {"x", "0.W"})
    assert max(errors.values()) < 1e-7, errors


def test_dense_on_sequences_and_a_batch_of_one():
    layer = Dense(3, 2, activation="tanh", random_state=2)
    assert layer.forward(RNG.normal(size=(4, 6, 3))).shape == (4, 6, 2)
    assert max(check_layer_gradients(layer, RNG.normal(size=(2, 5, 3))).values()) < 1e-7
    assert max(check_layer_gradients(layer, RNG.normal(size=(1, 3))).values()) < 1e-7


def test_dense_forward_by_hand():
    layer = Dense(2, 1)
    layer.params["W"][:] = [[2.0], [-1.0]]
    layer.params["b"][:] = 0.5
    np.testing.assert_allclose(layer.forward([[1.0, 3.0], [0.0, 0.0]]), [[-0.5], [0.5]])
    layer.forward([[1.0, 3.0], [0.0, 0.0]])
    dx = layer.backward(np.array([[1.0], [2.0]]))
    np.testing.assert_allclose(layer.grads["W"], [[1.0], [3.0]])  # x^T dout
    np.testing.assert_allclose(layer.grads["b"], [3.0])
    np.testing.assert_allclose(dx, [[2.0, -1.0], [4.0, -2.0]])  # dout W^T


def test_dense_initialisation_is_reproducible_and_scaled():
    a = Dense(100, 50, random_state=3).params["W"]
    assert np.array_equal(a, Dense(100, 50, random_state=3).params["W"])
    assert not np.array_equal(a, Dense(100, 50, random_state=4).params["W"])
    assert np.abs(a).max() <= np.sqrt(6 / 150)  # Xavier uniform bound
    he = Dense(400, 400, init="he", random_state=0).params["W"]
    assert he.std() == pytest.approx(np.sqrt(2 / 400), rel=0.05)
    assert np.all(Dense(3, 2).params["b"] == 0)


def test_dense_wrong_input_is_a_clear_error():
    layer = Dense(3, 2)
    with pytest.raises(ValueError, match=r"shape \(N, \.\.\., 3\).*got shape \(4, 5\)"):
        layer.forward(np.zeros((4, 5)))
    with pytest.raises(ValueError, match="got shape \\(3,\\)"):
        layer.forward(np.zeros(3))
    with pytest.raises(TypeError, match="numeric"):
        layer.forward(np.array([["a", "b", "c"]]))
    with pytest.raises(ValueError, match="unknown initialisation"):
        Dense(3, 2, init="uniformish")


def test_sequential_gradient_check_through_three_layers():
    net = Sequential([Dense(3, 5, activation="tanh", random_state=0), Dense(5, 4, random_state=1), ReLU(),
                      Dense(4, 2, activation="sigmoid", random_state=2)])
    x = RNG.normal(size=(6, 3))
    errors = check_layer_gradients(net, x)
    assert len(errors) == 1 + 6  # x and W, b of three Dense layers
    assert max(errors.values()) < 1e-7, errors


def test_sequential_is_the_composition_of_its_layers():
    a, b = Dense(2, 3, activation="relu", random_state=0), Dense(3, 1, random_state=1)
    x = RNG.normal(size=(4, 2))
    expected = b.forward(a.forward(x))
    net = Sequential([a, b])
    np.testing.assert_allclose(net.forward(x), expected)
    np.testing.assert_allclose(net.predict(x), expected)
    assert len(net) == 2 and net[1] is b
    assert list(net.modules()) == [net, a, b]


def test_train_and_eval_reach_every_layer():
    net = Sequential([Dense(2, 2), Sequential([Sigmoid(), Dense(2, 1)])])
    net.eval()
    assert not any(m.training for m in net.modules())
    net.predict(np.zeros((1, 2)))
    assert not net.training  # predict restores the mode it found
    net.train()
    assert all(m.training for m in net.modules())


def test_sequential_rejects_non_layers():
    with pytest.raises(TypeError, match="item 1 is a (ufunc|function)"):
        Sequential([Dense(2, 2), np.tanh])
