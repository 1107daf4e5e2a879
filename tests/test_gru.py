"""GRU: the equations gate by gate, a step by hand, cells against the layer, BPTT gradient checks.

(The gradient of each gate, and BPTT written out with cells, are tested in test_recurrent.py
beside the LSTM's; PyTorch's own numbers for the same layer are in test_torch_reference.py.)
"""

import numpy as np
import pytest

from nnlib import GRU, Dense, GRUCell, Sequential, check_layer_gradients

N, T, D, H = 3, 5, 4, 3


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def gru_reference(x, W_ih, W_hh, b_ih, b_hh):
    """PyTorch's GRU equations one gate at a time, from h_0 = 0 (gate order r, z, n)."""
    block = {name: slice(k * H, (k + 1) * H) for k, name in enumerate("rzn")}

    def from_x(name, x_t):
        return x_t @ W_ih[:, block[name]] + b_ih[block[name]]

    def from_h(name, h):
        return h @ W_hh[:, block[name]] + b_hh[block[name]]

    h = np.zeros((x.shape[0], H))
    states = []
    for t in range(x.shape[1]):
        r = sigmoid(from_x("r", x[:, t]) + from_h("r", h))
        z = sigmoid(from_x("z", x[:, t]) + from_h("z", h))
        n = np.tanh(from_x("n", x[:, t]) + r * from_h("n", h))
        h = (1 - z) * n + z * h
        states.append(h)
    return np.stack(states, axis=1)


def random_gru(layer_class=GRU, seed=0):
    layer = layer_class(D, H, random_state=seed)
    rng = np.random.default_rng(seed + 100)
    layer.params["b_ih"] = rng.standard_normal(3 * H)
    layer.params["b_hh"] = rng.standard_normal(3 * H)
    return layer


@pytest.fixture
def x():
    return np.random.default_rng(42).standard_normal((N, T, D))


def test_forward_matches_the_equations(x):
    gru = random_gru()
    expected = gru_reference(x, *(gru.params[k] for k in ("W_ih", "W_hh", "b_ih", "b_hh")))
    np.testing.assert_allclose(gru.forward(x), expected, rtol=1e-12, atol=1e-14)


def test_one_unit_one_step_by_hand():
    # D = H = 1, all weights 0. Biases: r from b_ih only (0, so r = 1/2), z from b_hh only
    # (log 3, so z = 3/4), n from b_ih = 0.2 and b_hh = 0.6, the latter scaled by r: n = tanh(0.2 + 0.3).
    # From h_0 = 0: h_1 = (1 - z) n = tanh(0.5) / 4.
    gru = GRU(1, 1)
    gru.params["W_ih"][:] = gru.params["W_hh"][:] = 0.0
    gru.params["b_ih"][:] = [0.0, 0.0, 0.2]
    gru.params["b_hh"][:] = [0.0, np.log(3.0), 0.6]
    assert gru.forward(np.zeros((1, 1, 1)))[0, 0, 0] == pytest.approx(np.tanh(0.5) / 4, rel=1e-14)


def test_the_update_gate_copies_the_state():
    # A large update-gate bias gives z = 1: h_t = h_{t-1} whatever the input, here h_0 = 0 at every step.
    gru = random_gru()
    gru.params["b_ih"][H:2 * H] = 50.0
    np.testing.assert_allclose(gru.forward(np.random.default_rng(1).standard_normal((2, 6, D))), 0.0, atol=1e-15)


def test_cells_unrolled_equal_the_layer(x):
    gru, cell = random_gru(), GRUCell(D, H)
    cell.params = gru.params
    h = None
    states = []
    for t in range(T):
        h = cell(x[:, t], h)
        states.append(h)
    np.testing.assert_allclose(np.stack(states, axis=1), gru.forward(x), rtol=1e-12)


def test_bptt_gradients(x):
    errors = check_layer_gradients(random_gru(), x)
    assert set(errors) == {"x", "0.W_ih", "0.W_hh", "0.b_ih", "0.b_hh"}
    assert max(errors.values()) < 1e-7, errors


def test_gradient_reaches_the_first_step(x):
    gru = random_gru()
    gru.forward(x)
    dout = np.zeros((N, T, H))
    dout[:, -1] = 1.0
    assert np.abs(gru.backward(dout)[:, 0]).max() > 1e-4


def test_gru_then_dense_on_sequences(x):
    model = Sequential([random_gru(), Dense(H, 6, random_state=1)])
    assert model.forward(x).shape == (N, T, 6)
    errors = check_layer_gradients(model, x)
    assert max(errors.values()) < 1e-7, errors


def test_seeded_initialisation():
    a, b = GRU(D, H, random_state=3), GRU(D, H, random_state=3)
    assert all(np.array_equal(a.params[k], b.params[k]) for k in a.params)
    assert not np.array_equal(a.params["W_hh"], GRU(D, H, random_state=4).params["W_hh"])
    assert np.abs(a.params["W_hh"]).max() <= 1 / np.sqrt(H)  # PyTorch's U(-1/sqrt(H), 1/sqrt(H))


def test_clear_errors():
    with pytest.raises(ValueError, match=rf"GRUCell expects a state h of shape \(2, {H}\), got shape \(2, 7\)"):
        GRUCell(D, H).forward(np.zeros((2, D)), np.zeros((2, 7)))
    with pytest.raises(RuntimeError, match="before forward"):
        GRU(D, H).backward(np.zeros((N, T, H)))
