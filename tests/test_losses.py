"""Losses: values worked out by hand, gradients against numerical ones, stability."""

import math

import numpy as np
import pytest

from nnlib import MSE, BinaryCrossEntropy, CrossEntropy, Layer, check_loss_gradients

RNG = np.random.default_rng(0)


def test_mse_is_half_the_mean_over_samples_of_the_summed_squares():
    y_pred = np.array([[1.0, 2.0], [0.0, 0.0]])
    y_true = np.array([[0.0, 0.0], [0.0, 3.0]])
    # sample 1: 1 + 4 = 5, sample 2: 9; (1/2) * (5 + 9) / 2 = 3.5
    assert MSE().forward(y_pred, y_true) == pytest.approx(3.5)
    loss = MSE()
    loss.forward(y_pred, y_true)
    np.testing.assert_allclose(loss.backward(), (y_pred - y_true) / 2)


def test_mse_accepts_flat_targets_for_one_output():
    assert MSE().forward(np.array([[1.0], [3.0]]), np.array([0.0, 1.0])) == pytest.approx((1 + 4) / 4)


def test_binary_cross_entropy_by_hand():
    p = np.array([[0.9], [0.2]])
    y = np.array([[1.0], [0.0]])
    assert BinaryCrossEntropy().forward(p, y) == pytest.approx(-(math.log(0.9) + math.log(0.8)) / 2)


def test_cross_entropy_by_hand_with_labels_and_one_hot():
    z = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.0]])
    labels = np.array([0, 2])
    expected = -(math.log(math.exp(2.0) / sum(map(math.exp, [2.0, 1.0, 0.1])))
                 + math.log(math.exp(0.0) / sum(map(math.exp, [0.5, 2.5, 0.0])))) / 2
    assert CrossEntropy().forward(z, labels) == pytest.approx(expected)
    assert CrossEntropy().forward(z, np.eye(3)[labels]) == pytest.approx(expected)


def test_cross_entropy_is_stable_for_huge_logits():
    z = np.array([[1000.0, 0.0, -1000.0], [0.0, 1000.0, 0.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        loss = CrossEntropy()
        value = loss.forward(z, np.array([0, 0]))
        grad = loss.backward()
    assert value == pytest.approx(1000.0 / 2)  # first sample right (cost 0), second wrong by 1000
    assert np.all(np.isfinite(grad))


def test_cross_entropy_over_sequences_averages_over_all_positions():
    z = RNG.normal(size=(2, 3, 4))
    y = RNG.integers(0, 4, size=(2, 3))
    flat = CrossEntropy().forward(z.reshape(6, 4), y.reshape(6))
    assert CrossEntropy().forward(z, y) == pytest.approx(flat)
    assert check_loss_gradients(CrossEntropy(), z, y) < 1e-7


@pytest.mark.parametrize("loss, y_pred, y_true", [
    (MSE(), RNG.normal(size=(5, 3)), RNG.normal(size=(5, 3))),
    (BinaryCrossEntropy(), RNG.uniform(0.05, 0.95, size=(5, 1)), RNG.integers(0, 2, size=(5, 1))),
    (CrossEntropy(), RNG.normal(size=(5, 4)), RNG.integers(0, 4, size=5)),
    (CrossEntropy(), RNG.normal(size=(5, 4)), np.eye(4)[RNG.integers(0, 4, size=5)]),
])
def test_loss_gradients_match_numerical(loss, y_pred, y_true):
    assert check_loss_gradients(loss, y_pred, y_true) < 1e-7


@pytest.mark.parametrize("loss", [MSE(), BinaryCrossEntropy()])
def test_one_output_per_time_step_averages_over_all_positions(loss):
    # (N, T, 1) outputs with (N, T) targets: every one of the N*T positions is a sample, as in CrossEntropy.
    y_pred = RNG.uniform(0.05, 0.95, size=(2, 3, 1))
    y_true = RNG.integers(0, 2, size=(2, 3))
    flat = type(loss)().forward(y_pred.reshape(6, 1), y_true.reshape(6))
    assert loss.forward(y_pred, y_true) == pytest.approx(flat)
    assert check_loss_gradients(type(loss)(), y_pred, y_true) < 1e-7


def test_bce_over_time_steps_by_hand():
    p = np.array([[[0.9], [0.5]]])  # one sequence of two steps
    assert BinaryCrossEntropy().forward(p, np.array([[1, 0]])) == pytest.approx(-(math.log(0.9) + math.log(0.5)) / 2)


@pytest.mark.parametrize("loss, y_pred, y_true", [
    (MSE(), np.ones((2, 1)), np.zeros(2)),
    (BinaryCrossEntropy(), np.full((2, 1), 0.5), np.ones(2)),
    (CrossEntropy(), np.zeros((2, 3)), np.array([0, 2])),
])
def test_losses_keep_what_backward_needs_as_layers_do(loss, y_pred, y_true):
    # One mechanism for layers and losses: save_for_backward in forward, saved_tensors in backward.
    assert type(loss).save_for_backward is Layer.save_for_backward
    assert type(loss).saved_tensors is Layer.saved_tensors
    loss.forward(y_pred, y_true)
    assert all(isinstance(t, np.ndarray) for t in loss.saved_tensors)
    assert loss.backward().shape == y_pred.shape
    with pytest.raises(RuntimeError, match=f"{type(loss).__name__}.backward\\(\\) was called before forward"):
        type(loss)().backward()


def test_sigmoid_then_bce_gradient_is_p_minus_y():
    """The sigma' cancels: dL/dz = (p - y)/N behind a sigmoid."""
    from nnlib import sigmoid, sigmoid_derivative
    z = RNG.normal(size=(4, 1))
    y = np.array([[1.0], [0.0], [1.0], [0.0]])
    loss = BinaryCrossEntropy()
    loss.forward(sigmoid(z), y)
    np.testing.assert_allclose(loss.backward() * sigmoid_derivative(z), (sigmoid(z) - y) / 4)


def test_clear_errors():
    with pytest.raises(ValueError, match=r"shape of y_pred \(3, 2\), got \(3, 3\)"):
        MSE().forward(np.zeros((3, 2)), np.zeros((3, 3)))
    with pytest.raises(ValueError, match="labels must lie in 0..2"):
        CrossEntropy().forward(np.zeros((2, 3)), np.array([0, 3]))
    with pytest.raises(ValueError, match="integer labels of shape \\(2,\\)"):
        CrossEntropy().forward(np.zeros((2, 3)), np.array([0, 1, 2]))
    with pytest.raises(ValueError, match="integer class labels"):
        CrossEntropy().forward(np.zeros((2, 3)), np.array([0.5, 1.0]))
    with pytest.raises(ValueError, match="probabilities"):
        BinaryCrossEntropy().forward(np.array([[1.5]]), np.array([[1.0]]))
    with pytest.raises(ValueError, match="targets 0 or 1"):
        BinaryCrossEntropy().forward(np.array([[0.5]]), np.array([[2.0]]))
    with pytest.raises(RuntimeError, match="before forward"):
        MSE().backward()
