"""Dropout (mask statistics, eval mode, gradients with a fixed mask) and Flatten."""

import numpy as np
import pytest

from nnlib import Dense, Dropout, Flatten, Sequential, check_layer_gradients


class FixedMaskDropout(Dropout):
    """Dropout that draws the same mask at every forward pass, so a finite-difference check sees one function."""

    def forward(self, x):
        self.rng = np.random.default_rng(self.random_state)
        return super().forward(x)


def test_flatten_shapes_and_order():
    x = np.arange(2 * 3 * 2 * 2).reshape(2, 3, 2, 2)
    flat = Flatten()
    out = flat.forward(x)
    assert out.shape == (2, 12)
    np.testing.assert_array_equal(out[1], np.arange(12, 24))  # channel first, then rows, then columns
    assert flat.backward(np.ones((2, 12))).shape == (2, 3, 2, 2)


def test_flatten_gradients():
    errors = check_layer_gradients(Flatten(), np.random.default_rng(0).standard_normal((2, 3, 4, 2)))
    assert max(errors.values()) < 1e-7


def test_flatten_needs_a_batch():
    with pytest.raises(ValueError, match=r"\(N, \.\.\.\) with at least 2 axes, got shape \(5,\)"):
        Flatten().forward(np.zeros(5))


def test_dropout_mask_statistics():
    p = 0.3
    x = np.ones((200, 500))
    out = Dropout(p, random_state=0).forward(x)
    assert np.mean(out == 0) == pytest.approx(p, abs=0.01)
    np.testing.assert_allclose(out[out != 0], 1 / (1 - p))  # inverted dropout: kept units scaled up
    assert out.mean() == pytest.approx(1.0, abs=0.01)  # the expected output equals the input


def test_dropout_backward_uses_the_forward_mask():
    layer = Dropout(0.5, random_state=1)
    x = np.random.default_rng(0).standard_normal((4, 6)) + 3.0  # no zeros in x
    out = layer.forward(x)
    dout = np.random.default_rng(1).standard_normal((4, 6))
    np.testing.assert_allclose(layer.backward(dout), dout * (out / x), rtol=1e-12)


def test_dropout_new_mask_every_call_and_reproducible_by_seed():
    x = np.ones((10, 10))
    layer = Dropout(0.5, random_state=3)
    first, second = layer.forward(x), layer.forward(x)
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(Dropout(0.5, random_state=3).forward(x), first)


def test_dropout_is_the_identity_in_eval_mode():
    layer = Dropout(0.5, random_state=0).eval()
    x = np.random.default_rng(0).standard_normal((3, 4))
    np.testing.assert_array_equal(layer.forward(x), x)
    np.testing.assert_array_equal(layer.backward(np.ones((3, 4))), np.ones((3, 4)))
    assert check_layer_gradients(layer, x)["x"] < 1e-7


def test_predict_switches_dropout_off():
    model = Sequential([Dense(4, 4, random_state=0), Dropout(0.9, random_state=0)])
    x = np.ones((2, 4))
    np.testing.assert_allclose(model.predict(x), model.layers[0].forward(x))
    assert model.training and model.layers[1].training


@pytest.mark.parametrize("p", [0.2, 0.5])
def test_dropout_gradients_with_a_fixed_mask(p):
    x = np.random.default_rng(0).standard_normal((5, 7))
    errors = check_layer_gradients(FixedMaskDropout(p, random_state=0), x)
    assert max(errors.values()) < 1e-7


def test_dropout_zero_is_the_identity():
    x = np.random.default_rng(0).standard_normal((3, 4))
    np.testing.assert_array_equal(Dropout(0.0).forward(x), x)


@pytest.mark.parametrize("p", [-0.1, 1.0, 1.5])
def test_dropout_probability_must_be_below_one(p):
    with pytest.raises(ValueError, match=r"must be in \[0, 1\)"):
        Dropout(p)
