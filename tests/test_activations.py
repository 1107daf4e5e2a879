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


# -- random activations: randomized leaky ReLU and noisy ReLU -----------------------------


def test_rrelu_by_hand():
    np.testing.assert_allclose(nnlib.rrelu([-2.0, 3.0], slope=np.array([0.25, 0.3])), [-0.5, 3.0])
    mean_slope = (1 / 8 + 1 / 3) / 2  # PyTorch's defaults, lower 1/8 and upper 1/3
    np.testing.assert_allclose(nnlib.rrelu([-2.0, 3.0]), [-2.0 * mean_slope, 3.0])
    np.testing.assert_allclose(nnlib.rrelu_derivative([-2.0, 3.0], slope=0.2), [0.2, 1.0])


def test_noisy_relu_by_hand():
    # sigma(0) = 1/2: the noise at x = 0 has standard deviation sqrt(1/2).
    assert nnlib.noisy_relu(0.0, noise=2.0) == pytest.approx(2.0 * math.sqrt(0.5))
    assert nnlib.noisy_relu(0.0, noise=-2.0) == 0.0
    np.testing.assert_array_equal(nnlib.noisy_relu(X), nnlib.relu(X))  # no noise: the ReLU
    np.testing.assert_array_equal(nnlib.noisy_relu_derivative(X), nnlib.relu_derivative(X))


@pytest.mark.parametrize("name, draw", [("rrelu", "slope"), ("noisy_relu", "noise")])
def test_random_activation_derivatives_at_a_fixed_draw(name, draw):
    f, df = getattr(nnlib, name), getattr(nnlib, f"{name}_derivative")
    rng = np.random.default_rng(3)
    values = rng.uniform(1 / 8, 1 / 3, size=X.shape) if draw == "slope" else rng.standard_normal(X.shape)
    x = X.copy()
    numeric = np.array([numerical_gradient(lambda i=i: float(f(x, **{draw: values})[i]), x)[i] for i in range(len(x))])
    assert relative_error(df(X, **{draw: values}), numeric) < 1e-8


class DrawsTheSame(nnlib.Layer):
    """Wraps a random layer and reseeds it before every forward pass: the noise is held fixed."""

    def __init__(self, layer, seed):
        super().__init__()
        self.layer, self.seed = layer, seed

    def forward(self, x):
        self.layer.rng = np.random.default_rng(self.seed)
        return self.layer.forward(x)

    def backward(self, dout):
        return self.layer.backward(dout)


@pytest.mark.parametrize("layer", [nnlib.RReLU(random_state=0), nnlib.NoisyReLU(random_state=0)])
def test_random_layers_pass_the_gradient_check_in_training_with_the_draw_held_fixed(layer):
    x = np.random.default_rng(1).normal(size=(4, 5))
    assert layer.training
    errors = check_layer_gradients(DrawsTheSame(layer, seed=7), x)
    assert errors["x"] < 1e-7, errors


def test_rrelu_layer_draws_a_slope_per_element_in_training_and_uses_the_mean_in_evaluation():
    layer = nnlib.RReLU(random_state=0)
    x = -np.ones((200, 50))
    slopes = -layer.forward(x)
    assert 1 / 8 <= slopes.min() and slopes.max() <= 1 / 3
    assert slopes.mean() == pytest.approx((1 / 8 + 1 / 3) / 2, rel=0.01)
    assert len(np.unique(slopes)) > 9000  # a new slope for (nearly) every element
    np.testing.assert_allclose(layer.backward(np.ones_like(x)), slopes)  # the same slopes backwards
    assert not np.array_equal(layer.forward(x), -slopes)  # a new draw at every forward pass
    layer.eval()
    np.testing.assert_allclose(layer.forward(x), -(1 / 8 + 1 / 3) / 2)
    np.testing.assert_allclose(layer.backward(np.ones_like(x)), (1 / 8 + 1 / 3) / 2)


def test_noisy_relu_layer_is_noisy_in_training_and_a_relu_in_evaluation():
    layer = nnlib.NoisyReLU(random_state=0)
    x = np.zeros((100, 100))
    y = layer.forward(x)  # max(0, sqrt(1/2) eps): half the entries are 0, the others half-normal
    assert np.mean(y == 0) == pytest.approx(0.5, abs=0.02)
    assert np.mean(y[y > 0]) == pytest.approx(math.sqrt(0.5) * math.sqrt(2 / math.pi), rel=0.03)
    layer.eval()
    np.testing.assert_array_equal(layer.forward(X[None]), nnlib.relu(X[None]))


def test_random_layers_are_reproducible_from_their_seed():
    x = np.random.default_rng(0).normal(size=(3, 4))
    for make in (nnlib.RReLU, nnlib.NoisyReLU):
        np.testing.assert_array_equal(make(random_state=5).forward(x), make(random_state=5).forward(x))
    with pytest.raises(ValueError, match="0 <= lower <= upper"):
        nnlib.RReLU(lower=0.5, upper=0.2)


def test_random_activation_in_a_dense_layer_follows_the_network_mode():
    net = nnlib.Sequential([nnlib.Dense(3, 4, activation=nnlib.RReLU(random_state=0), random_state=0)])
    x = -np.abs(np.random.default_rng(0).normal(size=(5, 3)))
    net.eval()
    assert np.array_equal(net.forward(x), net.forward(x))  # deterministic in evaluation
    net.train()
    assert not np.array_equal(net.forward(x), net.forward(x))
