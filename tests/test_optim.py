"""SGD, momentum, penalties, clipping and learning-rate decay, step by step by hand."""

import numpy as np
import pytest

from nnlib import SGD, Dense, InverseTimeDecay, Layer


def layer_with(w, b, gw, gb):
    layer = Dense(len(w), 1)
    layer.params["W"][:, 0] = w
    layer.params["b"][:] = b
    layer.grads["W"] = np.array(gw, dtype=float).reshape(-1, 1)
    layer.grads["b"] = np.array([gb], dtype=float)
    return layer


def test_plain_step_is_w_minus_lr_grad():
    layer = layer_with([1.0, -2.0], 0.5, [0.5, 1.0], 2.0)
    SGD(layer, lr=0.1).step()
    np.testing.assert_allclose(layer.params["W"][:, 0], [0.95, -2.1])
    np.testing.assert_allclose(layer.params["b"], [0.3])


def test_momentum_follows_the_lecture_formula():
    """dw(k) = lr * grad + beta * dw(k-1); w(k+1) = w(k) - dw(k), with a constant gradient."""
    layer = layer_with([0.0], 0.0, [1.0], 0.0)
    opt = SGD(layer, lr=0.1, momentum=0.9)
    w = [layer.params["W"][0, 0]]
    for _ in range(3):
        opt.step()  # the gradient stays 1: the step grows 0.1, 0.19, 0.271
        w.append(layer.params["W"][0, 0])
    np.testing.assert_allclose(np.diff(w), [-0.1, -0.19, -0.271])


def test_l2_and_l1_penalties_act_on_weights_not_biases():
    layer = layer_with([2.0, -3.0], 4.0, [0.0, 0.0], 0.0)
    opt = SGD(layer, lr=0.1, weight_decay=0.5, l1=0.2)
    assert opt.penalty() == pytest.approx(0.25 * (4 + 9) + 0.2 * 5)
    opt.step()
    # W -= 0.1 * (0.5 * W + 0.2 * sign(W))
    np.testing.assert_allclose(layer.params["W"][:, 0], [2.0 - 0.1 * (1.0 + 0.2), -3.0 - 0.1 * (-1.5 - 0.2)])
    np.testing.assert_allclose(layer.params["b"], [4.0])


def test_clipping_scales_all_gradients_to_the_norm():
    layer = layer_with([0.0, 0.0], 0.0, [3.0, 0.0], 4.0)  # global norm 5
    SGD(layer, lr=1.0, clip_norm=1.0).step()
    np.testing.assert_allclose(layer.params["W"][:, 0], [-0.6, 0.0])
    np.testing.assert_allclose(layer.params["b"], [-0.8])
    small = layer_with([0.0, 0.0], 0.0, [0.3, 0.0], 0.4)  # norm 0.5: unchanged
    SGD(small, lr=1.0, clip_norm=1.0).step()
    np.testing.assert_allclose(small.params["W"][:, 0], [-0.3, 0.0])


def test_inverse_time_decay():
    schedule = InverseTimeDecay(c1=1.0, c2=10.0)
    assert [schedule(k) for k in (0, 10, 90)] == [0.1, 0.05, 0.01]
    layer = layer_with([0.0], 0.0, [1.0], 0.0)
    opt = SGD(layer, lr=schedule)
    opt.step()
    opt.step()
    assert opt.iterations == 2
    assert layer.params["W"][0, 0] == pytest.approx(-(1 / 10 + 1 / 11))
    assert opt.current_lr() == pytest.approx(1 / 12)


def test_clear_errors():
    layer = Dense(2, 1)
    with pytest.raises(TypeError, match="takes the model"):
        SGD([layer], lr=0.1)
    with pytest.raises(ValueError, match="learning rate must be positive"):
        SGD(layer, lr=-1)
    with pytest.raises(ValueError, match="momentum"):
        SGD(layer, momentum=1.5)
    with pytest.raises(ValueError, match="c1 > 0"):
        InverseTimeDecay(0, 1)
    with pytest.raises(RuntimeError, match="call backward"):
        SGD(layer).step()
    assert isinstance(layer, Layer)
