"""nnlib against PyTorch: outputs and gradients frozen by scripts/make_torch_fixtures.py.

The fixtures hold PyTorch's arrays in PyTorch's layout; mapping them onto
nnlib's (``W_ih`` is ``weight_ih_l0`` transposed, ...) is part of what is
tested. PyTorch itself is not needed here: these tests always run.
"""

from pathlib import Path

import numpy as np
import pytest

from nnlib import GRU, LSTM, RNN, Adam, Conv2D, Dense, Embedding, GRUCell, MSE

FIXTURES = Path(__file__).parent / "fixtures" / "torch"
NAMES = ["conv2d", "rnn", "lstm", "gru", "embedding", "adam"]
RTOL, ATOL = 1e-10, 1e-12  # float64 on both sides: only the order of the sums differs


def load(name):
    with np.load(FIXTURES / f"{name}.npz") as data:
        return {key: data[key] for key in data.files}


def assert_close(actual, expected, what):
    np.testing.assert_allclose(actual, expected, rtol=RTOL, atol=ATOL, err_msg=what)


@pytest.mark.parametrize("name", NAMES)
def test_fixtures_record_their_torch_version_and_seed(name):
    data = load(name)
    assert str(data["torch_version"]).startswith("2."), data["torch_version"]
    assert int(data["seed"]) > 0
    assert (FIXTURES / f"{name}.npz").stat().st_size < 8000  # small enough to commit and to read


def test_the_script_makes_exactly_these_fixtures():
    script = (Path(__file__).parent.parent / "scripts" / "make_torch_fixtures.py").read_text()
    assert sorted(p.stem for p in FIXTURES.glob("*.npz")) == sorted(NAMES)
    for name in NAMES:
        assert f'"{name}"' in script, name


def test_conv2d_with_stride_and_padding():
    ref = load("conv2d")
    F, C, kh, kw = ref["weight"].shape
    conv = Conv2D(C, F, (kh, kw), stride=tuple(ref["stride"]), padding=tuple(ref["padding"]))
    conv.params["W"], conv.params["b"] = ref["weight"], ref["bias"]  # the same layout as PyTorch's
    assert_close(conv.forward(ref["x"]), ref["out"], "output")
    assert_close(conv.backward(ref["R"]), ref["grad_x"], "dL/dx")
    assert_close(conv.grads["W"], ref["grad_weight"], "dL/dW")
    assert_close(conv.grads["b"], ref["grad_bias"], "dL/db")


def recurrent_with_torch_weights(layer, ref):
    """``layer`` (D -> H) with PyTorch's weights: transposed, and the two biases summed where nnlib has one."""
    layer.params["W_ih"] = ref["weight_ih_l0"].T
    layer.params["W_hh"] = ref["weight_hh_l0"].T
    if "b" in layer.params:
        layer.params["b"] = ref["bias_ih_l0"] + ref["bias_hh_l0"]
    else:
        layer.params["b_ih"], layer.params["b_hh"] = ref["bias_ih_l0"], ref["bias_hh_l0"]
    return layer


@pytest.mark.parametrize("name, layer_class", [("rnn", RNN), ("lstm", LSTM), ("gru", GRU)])
def test_recurrent_layers_forward_and_bptt(name, layer_class):
    ref = load(name)
    N, T, D = ref["x"].shape
    layer = recurrent_with_torch_weights(layer_class(D, ref["weight_hh_l0"].shape[1]), ref)
    assert_close(layer.forward(ref["x"]), ref["out"], f"{name} output")
    assert_close(layer.backward(ref["R"]), ref["grad_x"], f"{name} dL/dx")
    assert_close(layer.grads["W_ih"], ref["grad_weight_ih_l0"].T, f"{name} dL/dW_ih")
    assert_close(layer.grads["W_hh"], ref["grad_weight_hh_l0"].T, f"{name} dL/dW_hh")
    if "b" in layer.params:  # one bias, the sum of PyTorch's two, which get the same gradient
        assert_close(layer.grads["b"], ref["grad_bias_ih_l0"], f"{name} dL/db")
        assert_close(layer.grads["b"], ref["grad_bias_hh_l0"], f"{name} dL/db")
    else:
        assert_close(layer.grads["b_ih"], ref["grad_bias_ih_l0"], f"{name} dL/db_ih")
        assert_close(layer.grads["b_hh"], ref["grad_bias_hh_l0"], f"{name} dL/db_hh")


def test_gru_cell_unrolled_matches_pytorch():
    ref = load("gru")
    N, T, D = ref["x"].shape
    cell = recurrent_with_torch_weights(GRUCell(D, ref["weight_hh_l0"].shape[1]), ref)
    h = None
    for t in range(T):
        h = cell(ref["x"][:, t], h)
        assert_close(h, ref["out"][:, t], f"state after step {t}")


def test_embedding_forward_and_scatter_add():
    ref = load("embedding")
    V, E = ref["weight"].shape
    embedding = Embedding(V, E)
    embedding.params["W"] = ref["weight"]
    assert_close(embedding.forward(ref["x"]), ref["out"], "output")
    assert embedding.backward(ref["R"]) is None
    assert_close(embedding.grads["W"], ref["grad_weight"], "dL/dW")
    assert np.all(ref["grad_weight"][5] == 0) and np.unique(ref["x"]).size < ref["x"].size  # what the fixture covers


@pytest.mark.parametrize("suffix", ["", "_decay"])
def test_adam_steps(suffix):
    ref = load("adam")
    layer = Dense(3, 2)
    layer.params["W"], layer.params["b"] = ref["weight"].T.copy(), ref["bias"].copy()  # Linear's weight is W^T
    weight_decay = float(ref["weight_decay"]) if suffix else 0.0
    optimizer = Adam(layer, lr=float(ref["lr"]), betas=tuple(ref["betas"]), eps=float(ref["eps"]),
                     weight_decay=weight_decay)  # penalises W (2-D), not b, as the fixture's parameter groups
    loss = MSE()  # PyTorch minimised the same (1/N) sum of 1/2 ||y_pred - y||^2
    for step in range(len(ref[f"weight_steps{suffix}"])):
        loss.forward(layer.forward(ref["X"]), ref["Y"])
        layer.backward(loss.backward())
        optimizer.step()
        assert_close(layer.params["W"], ref[f"weight_steps{suffix}"][step].T, f"W after step {step + 1}")
        assert_close(layer.params["b"], ref[f"bias_steps{suffix}"][step], f"b after step {step + 1}")
    assert not np.allclose(ref["weight_steps"][-1], ref["weight_steps_decay"][-1])  # the decay made a difference
