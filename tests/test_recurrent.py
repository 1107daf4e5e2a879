"""RNN and LSTM: cells and sequence layers against per-step references, BPTT gradient checks."""

import numpy as np
import pytest

from nnlib import (
    LSTM, RNN, CrossEntropy, Dense, LSTMCell, RNNCell, Sequential, check_layer_gradients, check_loss_gradients,
    numerical_gradient, relative_error,
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
    layer.params["b"] = np.random.default_rng(seed).standard_normal(layer.params["b"].shape)
    return layer


@pytest.fixture
def x():
    return np.random.default_rng(42).standard_normal((N, T, D))


# -- parameters ---------------------------------------------------------------------------


@pytest.mark.parametrize("layer, G", [(RNN(D, H), 1), (RNNCell(D, H), 1), (LSTM(D, H), 4), (LSTMCell(D, H), 4)])
def test_parameter_layout(layer, G):
    assert layer.params["W_ih"].shape == (D, G * H)
    assert layer.params["W_hh"].shape == (H, G * H)
    assert layer.params["b"].shape == (G * H,)


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


def test_bptt_by_hand_with_cells_equals_the_layer(x):
    # Backpropagation through time written out: one cell per step (sharing the layer's weights),
    # backward in reverse order, the weight gradients summed over the steps.
    lstm = with_random_bias(LSTM(D, H, random_state=0))
    dout = np.random.default_rng(0).standard_normal((N, T, H))
    cells = [LSTMCell(D, H) for _ in range(T)]
    state = None
    for t, cell in enumerate(cells):
        cell.params = lstm.params
        state = cell.forward(x[:, t], state)
    dh, dc = np.zeros((N, H)), np.zeros((N, H))
    dx = np.zeros_like(x)
    for t in reversed(range(T)):
        dx[:, t], (dh, dc) = cells[t].backward(dout[:, t] + dh, dc)
    lstm.forward(x)
    np.testing.assert_allclose(lstm.backward(dout), dx, rtol=1e-10, atol=1e-14)
    for name in lstm.params:
        np.testing.assert_allclose(lstm.grads[name], sum(cell.grads[name] for cell in cells), rtol=1e-10, atol=1e-14)


def test_matches_pytorch(x):
    torch = pytest.importorskip("torch")
    lstm = with_random_bias(LSTM(D, H, random_state=0))
    reference = torch.nn.LSTM(D, H, batch_first=True).double()
    with torch.no_grad():
        reference.weight_ih_l0.copy_(torch.tensor(lstm.params["W_ih"].T))  # PyTorch stores the transpose
        reference.weight_hh_l0.copy_(torch.tensor(lstm.params["W_hh"].T))
        reference.bias_ih_l0.copy_(torch.tensor(lstm.params["b"]))
        reference.bias_hh_l0.zero_()
    x_t = torch.tensor(x, requires_grad=True)
    out, _ = reference(x_t)
    out.sum().backward()
    np.testing.assert_allclose(lstm.forward(x), out.detach().numpy(), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(lstm.backward(np.ones((N, T, H))), x_t.grad.numpy(), rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(lstm.grads["W_hh"], reference.weight_hh_l0.grad.numpy().T, rtol=1e-10, atol=1e-14)


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


@pytest.mark.parametrize("name", ["W_ih", "W_hh", "b"])
def test_lstm_gradients_gate_by_gate(name, x):
    lstm = with_random_bias(LSTM(D, H, random_state=0))
    R = np.random.default_rng(1).standard_normal((N, T, H))
    lstm.forward(x)
    lstm.backward(R)
    analytic = lstm.grads[name]
    numeric = numerical_gradient(lambda: float(np.sum(lstm.forward(x) * R)), lstm.params[name])
    for k, gate in enumerate("ifgo"):
        block = slice(k * H, (k + 1) * H)
        assert np.abs(analytic[..., block]).max() > 1e-3, f"gate {gate} gets no gradient"
        assert relative_error(analytic[..., block], numeric[..., block]) < 1e-7, gate


def test_gradient_reaches_the_first_step(x):
    # dL/dx_1 when the loss sees only the last hidden state: BPTT carries it all the way back.
    for layer in (RNN(D, H, random_state=0), LSTM(D, H, random_state=0)):
        layer.forward(x)
        dout = np.zeros((N, T, H))
        dout[:, -1] = 1.0
        assert np.abs(layer.backward(dout)[:, 0]).max() > 1e-4


def cell_gradient_errors(cell, x, state):
    """Relative errors of a cell's backward for x, each state part and each parameter (random upstream R)."""
    rng = np.random.default_rng(5)
    parts = list(state) if isinstance(state, tuple) else [state]
    R = [rng.standard_normal(p.shape) for p in parts]

    def loss():
        out = cell.forward(x, tuple(parts) if len(parts) == 2 else parts[0])
        out = out if isinstance(out, tuple) else (out,)
        return float(sum(np.sum(o * r) for o, r in zip(out, R)))

    loss()
    dx, dstate = cell.backward(*R)
    dstate = dstate if isinstance(dstate, tuple) else (dstate,)
    errors = {"x": relative_error(dx, numerical_gradient(loss, x))}
    for k, (part, d) in enumerate(zip(parts, dstate)):
        errors[f"state{k}"] = relative_error(d, numerical_gradient(loss, part))
    analytic = {name: g.copy() for name, g in cell.grads.items()}
    for name, value in cell.params.items():
        errors[name] = relative_error(analytic[name], numerical_gradient(loss, value))
    return errors


def test_rnn_cell_gradients_with_a_nonzero_state():
    rng = np.random.default_rng(0)
    cell = with_random_bias(RNNCell(D, H, random_state=0))
    errors = cell_gradient_errors(cell, rng.standard_normal((N, D)), rng.standard_normal((N, H)))
    assert max(errors.values()) < 1e-7, errors


def test_lstm_cell_gradients_with_a_nonzero_state():
    rng = np.random.default_rng(0)
    cell = with_random_bias(LSTMCell(D, H, random_state=0))
    state = (rng.standard_normal((N, H)), rng.standard_normal((N, H)))
    errors = cell_gradient_errors(cell, rng.standard_normal((N, D)), state)
    assert set(errors) == {"x", "state0", "state1", "W_ih", "W_hh", "b"}
    assert max(errors.values()) < 1e-7, errors


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


@pytest.mark.parametrize("layer", [RNN(D, H), LSTM(D, H)])
def test_sequence_layers_want_three_axes(layer):
    with pytest.raises(ValueError, match=rf"expects input of shape \(N, T, {D}\), got shape \(3, {D}\)"):
        layer.forward(np.zeros((3, D)))


@pytest.mark.parametrize("layer", [RNN(D, H), LSTM(D, H)])
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
