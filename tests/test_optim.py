"""SGD and Adam, momentum, penalties, clipping and learning-rate decay, step by step by hand."""

import numpy as np
import pytest

from nnlib import SGD, Adam, Dense, InverseTimeDecay, Layer


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


# -- penalties by role -------------------------------------------------------------------


class Params(Layer):
    """A layer that only holds parameters (with zero gradients), named as a test needs."""

    def __init__(self, **params):
        super().__init__()
        self.params = {name: np.array(value, dtype=float) for name, value in params.items()}
        self.grads = {name: np.zeros_like(value) for name, value in self.params.items()}


def test_penalties_apply_to_parameters_of_two_or_more_dimensions_whatever_their_name():
    # The code review's case: a 2-D parameter named "beta" escaped the penalties, which went by the name's "b".
    layer = Params(beta=[[2.0]], W=[1.0, -1.0], kernel=np.ones((1, 1, 2, 2)))
    opt = SGD(layer, lr=0.1, weight_decay=0.5)
    assert opt.penalty() == pytest.approx(0.25 * (4 + 4))  # beta and the 4-D kernel; the vector W is spared
    opt.step()
    np.testing.assert_allclose(layer.params["beta"], [[2.0 - 0.1 * 0.5 * 2.0]])
    np.testing.assert_allclose(layer.params["kernel"], 1.0 - 0.1 * 0.5)
    np.testing.assert_allclose(layer.params["W"], [1.0, -1.0])


def test_penalized_names_the_parameters_explicitly():
    layer = Params(beta=[[2.0]], gain=[3.0])
    opt = SGD(layer, lr=0.1, l1=1.0, penalized={"gain"})
    assert opt.penalty() == pytest.approx(3.0)
    opt.step()
    np.testing.assert_allclose(layer.params["gain"], [2.9])
    np.testing.assert_allclose(layer.params["beta"], [[2.0]])


def test_penalized_rejects_unknown_names_and_a_bare_string():
    expected = r"penalized names \['w'\], which no parameter of the model has; its parameters are \['W', 'b'\]"
    with pytest.raises(ValueError, match=expected):
        SGD(Dense(2, 1), weight_decay=0.1, penalized=["w"])
    with pytest.raises(TypeError, match="collection of parameter names"):
        Adam(Dense(2, 1), weight_decay=0.1, penalized="W")


def test_l1_alone_makes_a_weight_oscillate_around_zero_not_reach_it():
    # What the module docstring says: a subgradient step of lr * l1 = 0.1 jumps over zero and back.
    layer = Params(W=[[0.35]])
    opt = SGD(layer, lr=0.1, l1=1.0)
    path = []
    for _ in range(12):
        opt.step()
        path.append(layer.params["W"][0, 0])
    np.testing.assert_allclose(path[:4], [0.25, 0.15, 0.05, -0.05])
    assert all(abs(w) <= 0.1 + 1e-12 for w in path[2:]) and not any(w == 0.0 for w in path)
    assert np.all(np.sign(path[3:-1]) == -np.sign(path[4:]))  # the sign flips at every step


# -- Adam --------------------------------------------------------------------------------


def test_adam_first_step_moves_every_weight_by_about_lr():
    # With m = (1 - b1) g and v = (1 - b2) g^2, the bias corrections give m_hat = g and v_hat = g^2:
    # the step is lr * g / (|g| + eps), about lr * sign(g) whatever the size of g.
    layer = layer_with([1.0, -2.0], 0.5, [1e-2, -40.0], 2.0)
    Adam(layer, lr=0.1).step()
    np.testing.assert_allclose(layer.params["W"][:, 0], [1.0 - 0.1, -2.0 + 0.1], rtol=1e-6)
    np.testing.assert_allclose(layer.params["b"], [0.5 - 0.1], rtol=1e-6)


def test_adam_two_steps_by_the_formula():
    layer = layer_with([0.0], 0.0, [2.0], 0.0)
    opt = Adam(layer, lr=0.01, betas=(0.5, 0.75), eps=1e-12)
    opt.step()  # m = 1, v = 1: m_hat = 2, v_hat = 4, step 0.01 * 2 / 2
    layer.grads["W"][:] = -4.0
    opt.step()  # m = 0.5 - 2 = -1.5, v = 0.75 + 4 = 4.75; m_hat = -1.5 / 0.75 = -2, v_hat = 4.75 / 0.4375
    step2 = 0.01 * -2.0 / np.sqrt(4.75 / 0.4375)
    assert layer.params["W"][0, 0] == pytest.approx(-0.01 - step2, rel=1e-9)
    assert opt.iterations == 2


def test_adam_follows_a_schedule_clips_and_penalises_like_sgd():
    layer = layer_with([3.0, 0.0], 0.0, [0.0, 0.0], 0.0)
    opt = Adam(layer, lr=InverseTimeDecay(c1=1.0, c2=10.0), weight_decay=0.1, clip_norm=1.0)
    opt.step()  # the only gradient is the penalty's 0.1 * 3 on W[0]: a first step of lr(0) = 0.1
    np.testing.assert_allclose(layer.params["W"][:, 0], [2.9, 0.0], rtol=1e-7)
    assert opt.current_lr() == pytest.approx(1 / 11)
    assert opt.penalty() == pytest.approx(0.05 * 2.9**2)


def test_adam_clear_errors():
    with pytest.raises(TypeError, match="Adam takes the model"):
        Adam([Dense(2, 1)])
    with pytest.raises(ValueError, match="betas must be two numbers in \\[0, 1\\)"):
        Adam(Dense(2, 1), betas=(0.9, 1.0))
    with pytest.raises(ValueError, match="eps must be positive"):
        Adam(Dense(2, 1), eps=0)
    with pytest.raises(RuntimeError, match="call backward"):
        Adam(Dense(2, 1)).step()
