"""RNN and LSTM: cells and sequence layers against per-step references, BPTT gradient checks; the cell contract."""

import numpy as np
import pytest

from nnlib import (
    GRU, LSTM, RNN, CrossEntropy, Dense, GRUCell, LSTMCell, RNNCell, Sequential, check_cell_gradients,
    check_layer_gradients, check_loss_gradients, numerical_gradient, relative_error,
)

N, T, D, H = 3, 5, 4, 3  # BPTT over 5 steps


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def rnn_reference(x, W_ih, W_hh, b, g=np.tanh):
    """h_t = g(x_t W_ih + h_{t-1} W_hh + b), step by step."""
    h = np.zeros((x.shape[0], W_hh.shape[0]))
    states = []
    for t in range(x.shape[1]):
        h = g(x[:, t] @ W_ih + h @ W_hh + b)
        states.append(h)
    return np.stack(states, axis=1)


def lstm_reference(x, W_ih, W_hh, b):
    """The LSTM equations one gate at a time, from h_0 = c_0 = 0 (gate order i, f, g, o)."""
    H = W_hh.shape[0]
    block = {name: slice(k * H, (k + 1) * H) for k, name in enumerate("ifgo")}

    def pre(name, x_t, h):
        return x_t @ W_ih[:, block[name]] + h @ W_hh[:, block[name]] + b[block[name]]

    h = c = np.zeros((x.shape[0], H))
    states = []
    for t in range(x.shape[1]):
        i, f = sigmoid(pre("i", x[:, t], h)), sigmoid(pre("f", x[:, t], h))
        g, o = np.tanh(pre("g", x[:, t], h)), sigmoid(pre("o", x[:, t], h))
        c = f * c + i * g
        h = o * np.tanh(c)
        states.append(h)
    return np.stack(states, axis=1)


def with_random_bias(layer, seed=0):
    rng = np.random.default_rng(seed)
    for name in layer.bias_names:  # "b", or the GRU's "b_ih" and "b_hh"
        layer.params[name] = rng.standard_normal(layer.params[name].shape)
    return layer


@pytest.fixture
def x():
    return np.random.default_rng(42).standard_normal((N, T, D))


# -- parameters ---------------------------------------------------------------------------


@pytest.mark.parametrize("layer, G", [(RNN(D, H), 1), (RNNCell(D, H), 1), (LSTM(D, H), 4), (LSTMCell(D, H), 4),
                                      (GRU(D, H), 3), (GRUCell(D, H), 3)])
def test_parameter_layout(layer, G):
    assert layer.params["W_ih"].shape == (D, G * H)
    assert layer.params["W_hh"].shape == (H, G * H)
    biases = ["b_ih", "b_hh"] if isinstance(layer, (GRU, GRUCell)) else ["b"]  # the GRU keeps PyTorch's two
    assert list(layer.params) == ["W_ih", "W_hh", *biases]
    assert all(layer.params[name].shape == (G * H,) for name in biases)


def test_default_initialisation_is_pytorch_scale_for_w_hh():
    W_hh = LSTM(10, 64, random_state=0).params["W_hh"]
    assert np.abs(W_hh).max() <= 1 / np.sqrt(64)
    np.testing.assert_array_equal(W_hh, LSTM(10, 64, random_state=0).params["W_hh"])


# -- forward against the references -------------------------------------------------------


@pytest.mark.parametrize("nonlinearity, g", [("tanh", np.tanh), ("relu", lambda z: np.maximum(z, 0)),
                                             ("sigmoid", sigmoid)])
def test_rnn_forward_matches_reference(x, nonlinearity, g):
    rnn = with_random_bias(RNN(D, H, nonlinearity=nonlinearity, random_state=0))
    expected = rnn_reference(x, rnn.params["W_ih"], rnn.params["W_hh"], rnn.params["b"], g)
    np.testing.assert_allclose(rnn.forward(x), expected, rtol=1e-12, atol=1e-14)


def test_lstm_forward_matches_reference(x):
    lstm = with_random_bias(LSTM(D, H, random_state=0))
    expected = lstm_reference(x, lstm.params["W_ih"], lstm.params["W_hh"], lstm.params["b"])
    np.testing.assert_allclose(lstm.forward(x), expected, rtol=1e-12, atol=1e-14)


def test_lstm_by_hand_one_unit_one_step():
    # D = H = 1, all weights 0, biases i, f, g, o = 0, 0, atanh(0.5), 0:
    # i = f = o = 1/2, g = 1/2, c = f*0 + i*g = 1/4, h = o tanh(1/4).
    lstm = LSTM(1, 1)
    lstm.params["W_ih"][:] = lstm.params["W_hh"][:] = 0.0
    lstm.params["b"][:] = [0.0, 0.0, np.arctanh(0.5), 0.0]
    assert lstm.forward(np.zeros((1, 1, 1)))[0, 0, 0] == pytest.approx(0.5 * np.tanh(0.25))


def test_cells_unrolled_equal_the_layers(x):
    rnn, lstm = with_random_bias(RNN(D, H, random_state=0)), with_random_bias(LSTM(D, H, random_state=1))
    rnn_cell, lstm_cell = RNNCell(D, H), LSTMCell(D, H)
    rnn_cell.params, lstm_cell.params = rnn.params, lstm.params
    h, state = None, None
    for t in range(T):
        h = rnn_cell.forward(x[:, t], h)
        state = lstm_cell.forward(x[:, t], state)
    np.testing.assert_allclose(h, rnn.forward(x)[:, -1], rtol=1e-12)
    np.testing.assert_allclose(state[0], lstm.forward(x)[:, -1], rtol=1e-12)


@pytest.mark.parametrize("layer_class, cell_class", [(RNN, RNNCell), (LSTM, LSTMCell), (GRU, GRUCell)])
def test_bptt_by_hand_with_cells_equals_the_layer(layer_class, cell_class, x):
    # Backpropagation through time written out: one cell per step (sharing the layer's weights),
    # backward in reverse order, the weight gradients summed over the steps.
    layer = with_random_bias(layer_class(D, H, random_state=0))
    dout = np.random.default_rng(0).standard_normal((N, T, H))
    cells = [cell_class(D, H) for _ in range(T)]
    state = None
    for t, cell in enumerate(cells):
        cell.params = layer.params
        state = cell.forward(x[:, t], state)
    is_pair = isinstance(state, tuple)  # the LSTM's (h, c)
    dstate = (np.zeros((N, H)), np.zeros((N, H))) if is_pair else np.zeros((N, H))
    dx = np.zeros_like(x)
    for t in reversed(range(T)):
        if is_pair:
            dx[:, t], dstate = cells[t].backward(dout[:, t] + dstate[0], dstate[1])
        else:
            dx[:, t], dstate = cells[t].backward(dout[:, t] + dstate)
    layer.forward(x)
    np.testing.assert_allclose(layer.backward(dout), dx, rtol=1e-10, atol=1e-14)
    for name in layer.params:
        np.testing.assert_allclose(layer.grads[name], sum(cell.grads[name] for cell in cells), rtol=1e-10, atol=1e-14)


# -- gradients: BPTT ----------------------------------------------------------------------


@pytest.mark.parametrize("layer", [RNN(D, H, random_state=0), RNN(D, H, nonlinearity="sigmoid", random_state=0),
                                   LSTM(D, H, random_state=0)], ids=["rnn-tanh", "rnn-sigmoid", "lstm"])
def test_bptt_gradients(layer, x):
    errors = check_layer_gradients(with_random_bias(layer), x)
    assert set(errors) == {"x", "0.W_ih", "0.W_hh", "0.b"}
    assert max(errors.values()) < 1e-7, errors


def test_bptt_gradients_relu_rnn(x):
    # ReLU has a kink at 0; with these weights no pre-activation comes near it.
    rnn = RNN(D, H, nonlinearity="relu", random_state=0)
    rnn.params["b"][:] = 1.0
    errors = check_layer_gradients(rnn, x)
    assert max(errors.values()) < 1e-7, errors


@pytest.mark.parametrize("layer, gates", [(LSTM(D, H, random_state=0), "ifgo"), (GRU(D, H, random_state=0), "rzn")],
                         ids=["lstm", "gru"])
def test_gradients_gate_by_gate(layer, gates, x):
    layer = with_random_bias(layer)
    R = np.random.default_rng(1).standard_normal((N, T, H))
    layer.forward(x)
    layer.backward(R)
    for name in layer.params:
        analytic = layer.grads[name]
        numeric = numerical_gradient(lambda: float(np.sum(layer.forward(x) * R)), layer.params[name])
        for k, gate in enumerate(gates):
            block = slice(k * H, (k + 1) * H)
            assert np.abs(analytic[..., block]).max() > 1e-3, f"{name}: gate {gate} gets no gradient"
            assert relative_error(analytic[..., block], numeric[..., block]) < 1e-7, (name, gate)


def test_gradient_reaches_the_first_step(x):
    # dL/dx_1 when the loss sees only the last hidden state: BPTT carries it all the way back.
    for layer in (RNN(D, H, random_state=0), LSTM(D, H, random_state=0)):
        layer.forward(x)
        dout = np.zeros((N, T, H))
        dout[:, -1] = 1.0
        assert np.abs(layer.backward(dout)[:, 0]).max() > 1e-4


@pytest.mark.parametrize("cell", [RNNCell(D, H, random_state=0), RNNCell(D, H, nonlinearity="sigmoid", random_state=0),
                                  GRUCell(D, H, random_state=0)], ids=["rnn-tanh", "rnn-sigmoid", "gru"])
def test_cell_gradients_with_a_nonzero_state(cell):
    rng = np.random.default_rng(0)
    errors = check_cell_gradients(with_random_bias(cell), rng.standard_normal((N, D)), rng.standard_normal((N, H)))
    assert set(errors) == {"x", "state"} | {f"0.{name}" for name in cell.params}
    assert max(errors.values()) < 1e-7, errors


def test_lstm_cell_gradients_with_a_nonzero_state():
    rng = np.random.default_rng(0)
    cell = with_random_bias(LSTMCell(D, H, random_state=0))
    state = (rng.standard_normal((N, H)), rng.standard_normal((N, H)))
    errors = check_cell_gradients(cell, rng.standard_normal((N, D)), state)
    assert set(errors) == {"x", "state[0]", "state[1]", "0.W_ih", "0.W_hh", "0.b"}
    assert max(errors.values()) < 1e-7, errors


def test_the_cell_checker_catches_a_wrong_state_gradient():
    class ForgetsTheRecurrence(RNNCell):
        def backward(self, dh_next):
            dx, dh = super().backward(dh_next)
            return dx, 0 * dh  # BUG: no gradient reaches the previous state

    rng = np.random.default_rng(0)
    errors = check_cell_gradients(ForgetsTheRecurrence(D, H, random_state=0), rng.standard_normal((N, D)),
                                  rng.standard_normal((N, H)))
    assert errors["state"] == 1.0 and errors["x"] < 1e-7, errors


def test_cell_state_defaults_to_zero():
    x1 = np.random.default_rng(0).standard_normal((2, D))
    cell = LSTMCell(D, H, random_state=0)
    h, c = cell.forward(x1)
    h0, c0 = cell.forward(x1, (np.zeros((2, H)), np.zeros((2, H))))
    np.testing.assert_array_equal(h, h0)
    np.testing.assert_array_equal(c, c0)
    assert cell(x1, (h, c))[0].shape == (2, H)  # calling a cell is calling forward


# -- a language model's pieces: Dense and CrossEntropy on sequences ------------------------


def test_lstm_then_dense_on_sequences(x):
    model = Sequential([LSTM(D, H, random_state=0), Dense(H, 6, random_state=1)])
    assert model.forward(x).shape == (N, T, 6)
    errors = check_layer_gradients(model, x)
    assert max(errors.values()) < 1e-7, errors


def test_cross_entropy_on_sequences():
    logits = np.random.default_rng(0).standard_normal((N, T, 6))
    targets = np.random.default_rng(1).integers(0, 6, size=(N, T))
    assert check_loss_gradients(CrossEntropy(), logits, targets) < 1e-7


# -- errors -------------------------------------------------------------------------------


@pytest.mark.parametrize("layer", [RNN(D, H), LSTM(D, H), GRU(D, H)])
def test_sequence_layers_want_three_axes(layer):
    with pytest.raises(ValueError, match=rf"expects input of shape \(N, T, {D}\), got shape \(3, {D}\)"):
        layer.forward(np.zeros((3, D)))


@pytest.mark.parametrize("layer", [RNN(D, H), LSTM(D, H), GRU(D, H)])
def test_sequence_layers_check_the_input_size(layer):
    with pytest.raises(ValueError, match=rf"expects input of shape \(N, T, {D}\), got shape \(3, 5, 7\)"):
        layer.forward(np.zeros((3, 5, 7)))


def test_cells_check_their_input_and_state():
    with pytest.raises(ValueError, match=rf"RNNCell expects input of shape \(N, {D}\), got shape \(2, 5, {D}\)"):
        RNNCell(D, H).forward(np.zeros((2, 5, D)))
    with pytest.raises(ValueError, match=rf"LSTMCell expects a state c of shape \(2, {H}\), got shape \(2, 7\)"):
        LSTMCell(D, H).forward(np.zeros((2, D)), (np.zeros((2, H)), np.zeros((2, 7))))


def test_nonlinearity_must_be_elementwise():
    with pytest.raises(ValueError, match="elementwise"):
        RNN(D, H, nonlinearity="softmax")
    with pytest.raises(ValueError, match="unknown activation"):
        RNNCell(D, H, nonlinearity="tangent")


def test_backward_before_forward():
    with pytest.raises(RuntimeError, match="before forward"):
        LSTM(D, H).backward(np.zeros((N, T, H)))


# -- the cell contract: a cell is not a layer --------------------------------------------


@pytest.mark.parametrize("cell, layer", [(RNNCell(2, 3), "RNN"), (LSTMCell(2, 3), "LSTM"), (GRUCell(2, 3), "GRU")])
def test_a_cell_in_sequential_is_a_clear_error(cell, layer):
    # The code review's case: Sequential([LSTMCell(2, 3), Dense(3, 1)]) used to return shape (2, 4, 1).
    expected = rf"item 0 is a {type(cell).__name__}, a cell .* use the sequence layer {layer}"
    with pytest.raises(TypeError, match=expected):
        Sequential([cell, Dense(3, 1)])


@pytest.mark.parametrize("cell", [RNNCell(2, 3), LSTMCell(2, 3), GRUCell(2, 3)])
def test_the_layer_checker_sends_cells_to_the_cell_checker(cell):
    with pytest.raises(TypeError, match=rf"{type(cell).__name__} is a cell.*check_cell_gradients"):
        check_layer_gradients(cell, np.ones((4, 2)))


def test_cells_return_a_tuple_of_gradients_and_layers_an_array(x):
    # What the contract at the top of nnlib/layer.py promises.
    rnn, cell = RNN(D, H, random_state=0), LSTMCell(D, H, random_state=0)
    rnn.forward(x)
    assert isinstance(rnn.backward(np.ones((N, T, H))), np.ndarray)
    cell.forward(x[:, 0])
    dx, (dh, dc) = cell.backward(np.ones((N, H)), np.ones((N, H)))
    assert dx.shape == (N, D) and dh.shape == dc.shape == (N, H)
