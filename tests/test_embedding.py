"""Embedding: lookup by hand, the scatter-add gradient, bad indices, and its place in a network."""

import numpy as np
import pytest

from nnlib import GRU, Dense, Embedding, Sequential, check_layer_gradients


def small_table():
    embedding = Embedding(4, 2)
    embedding.params["W"] = np.array([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0], [6.0, 7.0]])
    return embedding


def test_forward_looks_up_rows_for_indices_of_any_shape():
    embedding = small_table()
    np.testing.assert_array_equal(embedding.forward(np.array([2, 0])), [[4, 5], [0, 1]])
    out = embedding.forward(np.array([[[3]], [[1]]]))  # (2, 1, 1) -> (2, 1, 1, 2)
    assert out.shape == (2, 1, 1, 2)
    np.testing.assert_array_equal(out[:, 0, 0], [[6, 7], [2, 3]])
    assert embedding.forward(np.int64(1)).tolist() == [2.0, 3.0]  # a single index


def test_backward_scatter_adds_and_returns_none():
    embedding = small_table()
    embedding.forward(np.array([[1, 3, 1], [1, 0, 3]]))  # index 1 three times, 3 twice, 0 once, 2 never
    dout = np.arange(12, dtype=float).reshape(2, 3, 2)
    assert embedding.backward(dout) is None  # indices have no gradient
    # row 1: dout[0,0] + dout[0,2] + dout[1,0] = (0,1) + (4,5) + (6,7); row 3: (2,3) + (10,11); row 0: (8,9)
    np.testing.assert_array_equal(embedding.grads["W"], [[8, 9], [10, 13], [0, 0], [12, 14]])


def test_gradient_check_of_the_table():
    embedding = Embedding(5, 3, random_state=0)
    errors = check_layer_gradients(embedding, np.array([[0, 4, 4], [2, 0, 1]]))
    assert set(errors) == {"0.W"}  # integer input: no "x"
    assert errors["0.W"] < 1e-7


def test_embedding_then_gru_then_dense():
    model = Sequential([Embedding(6, 4, random_state=0), GRU(4, 3, random_state=1), Dense(3, 6, random_state=2)])
    indices = np.random.default_rng(0).integers(0, 6, size=(2, 5))
    assert model.forward(indices).shape == (2, 5, 6)
    errors = check_layer_gradients(model, indices)
    assert set(errors) == {"1.W", "2.W_ih", "2.W_hh", "2.b_ih", "2.b_hh", "3.W", "3.b"}
    assert max(errors.values()) < 1e-7, errors


def test_default_initialisation_is_standard_normal_and_seeded():
    W = Embedding(1000, 50, random_state=0).params["W"]
    assert W.shape == (1000, 50)
    assert W.std() == pytest.approx(1.0, rel=0.02) and abs(W.mean()) < 0.01  # PyTorch's N(0, 1)
    np.testing.assert_array_equal(W, Embedding(1000, 50, random_state=0).params["W"])


@pytest.mark.parametrize("indices, message", [
    (np.array([0, 4]), r"indices in 0\.\.3, got values from 0 to 4"),
    (np.array([-1, 2]), r"indices in 0\.\.3, got values from -1 to 2"),
    (np.array([0.0, 1.0]), "integer indices, got an array of dtype float64"),
    (np.array([0.5]), "integer indices"),
    (np.array([True, False]), "integer indices, got an array of dtype bool"),
])
def test_bad_indices_are_a_value_error(indices, message):
    with pytest.raises(ValueError, match=message):
        Embedding(4, 2).forward(indices)


def test_an_embedding_must_come_first():
    model = Sequential([Dense(3, 3), Embedding(3, 2)])
    model.layers[1].forward(np.array([[0, 1, 2]]))  # stand in for a forward pass that fed it indices
    with pytest.raises(TypeError, match=r"Embedding \(item 1\) returned no input gradient.*must be the first layer"):
        model.backward(np.ones((1, 3, 2)))
