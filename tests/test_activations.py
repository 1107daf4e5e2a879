"""Activation functions: values worked out by hand, derivatives against numerical ones."""

import math

import numpy as np
import pytest

import nnlib
from nnlib import ACTIVATIONS, check_layer_gradients, get_activation, numerical_gradient, relative_error

NAMES = ["identity", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "arctan"]
# points away from the kinks at 0, where relu-like functions have no derivative
X = np.array([-3.0, -1.5, -0.2, 0.3, 1.0, 2.5])


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_numerical_derivative(name):
    f = getattr(nnlib, name)
    df = getattr(nnlib, f"{name}_derivative")
    x = X.copy()
    numeric = np.array([numerical_gradient(lambda i=i: float(f(x)[i]), x)[i] for i in range(len(x))])
    assert relative_error(df(X), numeric) < 1e-8


@pytest.mark.parametrize("name", [n for n in ACTIVATIONS if n not in ("step",)])
def test_every_activation_layer_passes_the_gradient_check(name):
    x = np.random.default_rng(1).normal(size=(4, 5))
    x[np.abs(x) < 1e-3] = 0.5  # stay off the kink of relu-like units
    errors = check_layer_gradients(get_activation(name), x)
    assert max(errors.values()) < 1e-7, errors


def test_values_by_hand():
    assert nnlib.sigmoid(0.0) == 0.5
    assert nnlib.sigmoid(np.log(3.0)) == pytest.approx(0.75)  # 1/(1+1/3)
    assert nnlib.sigmoid_derivative(0.0) == 0.25  # the largest sigma' can be
    assert nnlib.tanh_derivative(0.0) == 1.0
    np.testing.assert_array_equal(nnlib.step([-1.0, 0.0, 2.0]), [0.0, 1.0, 1.0])
    np.testing.assert_array_equal(nnlib.step_derivative([-1.0, 2.0]), [0.0, 0.0])
    np.testing.assert_array_equal(nnlib.relu([-2.0, 0.0, 3.0]), [0.0, 0.0, 3.0])
    np.testing.assert_array_equal(nnlib.relu_derivative([-2.0, 0.0, 3.0]), [0.0, 0.0, 1.0])
    np.testing.assert_allclose(nnlib.leaky_relu([-2.0, 3.0], negative_slope=0.1), [-0.2, 3.0])
    assert nnlib.elu(-1.0, alpha=2.0) == pytest.approx(2.0 * (math.exp(-1) - 1))
    assert nnlib.softplus(0.0) == pytest.approx(math.log(2.0))
    assert nnlib.arctan(1.0) == pytest.approx(math.pi / 4)
    assert nnlib.arctan_derivative(1.0) == pytest.approx(0.5)


def test_sigmoid_and_softplus_do_not_overflow():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        np.testing.assert_allclose(nnlib.sigmoid([-1000.0, 1000.0]), [0.0, 1.0])
        np.testing.assert_allclose(nnlib.softplus([-1000.0, 1000.0]), [0.0, 1000.0])
        assert np.isfinite(nnlib.elu(1000.0))


def test_tanh_is_a_rescaled_sigmoid():
    x = np.linspace(-4, 4, 9)
    np.testing.assert_allclose(nnlib.tanh(x), 2 * nnlib.sigmoid(2 * x) - 1, atol=1e-15)


def test_softmax_is_a_distribution_and_shift_invariant():
    z = np.array([[1.0, 2.0, 3.0], [1000.0, 1001.0, 1002.0]])
    s = nnlib.softmax(z)
    np.testing.assert_allclose(s.sum(axis=1), 1.0)
    np.testing.assert_allclose(s[0], s[1])  # large logits give the same, finite result
    e = np.exp([1.0, 2.0, 3.0])
    np.testing.assert_allclose(s[0], e / e.sum())


def test_softmax_jacobian_matches_numerical():
    z = np.array([0.3, -1.2, 2.0])
    J = nnlib.softmax_derivative(z)
    for i in range(3):
        x = z.copy()
        numeric = numerical_gradient(lambda: float(nnlib.softmax(x)[i]), x)
        assert relative_error(J[i], numeric) < 1e-8
    np.testing.assert_allclose(J.sum(axis=0), 0.0, atol=1e-15)  # outputs always sum to 1


def test_activation_by_name():
    assert isinstance(get_activation("relu"), nnlib.ReLU)
    assert isinstance(get_activation(None), nnlib.Identity)
    assert get_activation("leaky_relu", negative_slope=0.2).options == {"negative_slope": 0.2}
    layer = nnlib.Tanh()
    assert get_activation(layer) is layer
    with pytest.raises(ValueError, match="unknown activation 'rleu'.*relu"):
        get_activation("rleu")


def test_backward_before_forward_is_a_clear_error():
    with pytest.raises(RuntimeError, match="before forward"):
        nnlib.Sigmoid().backward(np.ones((2, 2)))


def test_sigmoid_keeps_relative_precision_far_out():
    x = np.array([-700.0, -40.0, -5.0, 0.0, 5.0, 40.0])
    reference = np.array([math.exp(v) / (1 + math.exp(v)) if v < 0 else 1 / (1 + math.exp(-v)) for v in x])
    np.testing.assert_allclose(nnlib.sigmoid(x), reference, rtol=1e-15)
