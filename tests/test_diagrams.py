"""nnlib.diagrams: each drawing has its parts, its labels, and text a phone can read."""

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Circle, FancyBboxPatch, Rectangle  # noqa: E402

from nnlib import diagrams  # noqa: E402
from nnlib.plotting import BOOK_RC, smallest_font_size  # noqa: E402

DRAWINGS = [diagrams.draw_neuron, diagrams.draw_perceptron, diagrams.draw_mlp, diagrams.draw_convolution,
            diagrams.draw_pooling, diagrams.draw_unrolled_rnn, diagrams.draw_lstm_cell, diagrams.draw_gru_cell,
            diagrams.draw_cbow, diagrams.draw_encoder_decoder, diagrams.draw_captioning, diagrams.draw_network_zoo]


@pytest.fixture(autouse=True)
def book_style():
    with matplotlib.rc_context(BOOK_RC):
        yield
    plt.close("all")


def texts(ax):
    return [t.get_text() for t in ax.texts]


def patches(ax, kind):
    return [p for p in ax.patches if type(p) is kind]


@pytest.mark.parametrize("draw", DRAWINGS, ids=lambda f: f.__name__)
def test_every_drawing_fits_a_narrow_column_with_legible_text(draw):
    ax = draw()
    width, height = ax.figure.get_size_inches()
    assert width <= 5.5, f"{draw.__name__} is {width} inches wide: it would shrink on a phone"
    assert smallest_font_size(ax.figure) >= 10
    assert not ax.axison, "a diagram has no axes"
    # everything drawn lies inside the visible window
    xmin, xmax = sorted(ax.get_xlim())
    ymin, ymax = sorted(ax.get_ylim())
    for text in ax.texts:
        x, y = text.get_position()
        if text.get_transform() == ax.transData:
            assert xmin <= x <= xmax and ymin <= y <= ymax, (draw.__name__, text.get_text(), (x, y))


@pytest.mark.parametrize("draw", DRAWINGS, ids=lambda f: f.__name__)
def test_every_drawing_draws_on_the_axes_it_is_given(draw):
    fig, ax = plt.subplots()
    assert draw(ax=ax) is ax
    assert ax.patches or ax.texts


def test_neuron_has_its_inputs_weights_sum_and_activation():
    ax = diagrams.draw_neuron(n_inputs=3, activation="$H$")
    labels = texts(ax)
    for expected in ["$x_{1}$", "$x_{2}$", "$x_{3}$", "$w_{1}$", "$w_{3}$", r"$\Sigma$", "$H$", "$b$", "$y$"]:
        assert expected in labels, expected
    assert len(patches(ax, Circle)) == 3 + 1  # the inputs and the sum
    ax = diagrams.draw_neuron(n_inputs=5)
    assert "$x_n$" in texts(ax) and "$x_{4}$" in texts(ax) and "$x_{5}$" not in texts(ax)


def test_perceptron_shows_the_error_that_corrects_the_weights():
    labels = texts(diagrams.draw_perceptron())
    assert "sign" in labels and r"$\hat y$" in labels and r"$y - \hat y$" in labels
    assert any(r"\Delta w_i" in t for t in labels)


@pytest.mark.parametrize("sizes", [(2, 3, 1), (3, 4, 2), (4, 5, 5, 3)])
def test_mlp_has_one_circle_per_unit_and_one_line_per_weight(sizes):
    ax = diagrams.draw_mlp(sizes)
    assert len(patches(ax, Circle)) == sum(sizes)
    assert len(ax.lines) == sum(a * b for a, b in zip(sizes, sizes[1:]))
    for k in range(1, len(sizes)):
        assert f"$W^{{({k})}}$" in texts(ax)
    assert texts(ax).count("output") == 1


def test_convolution_highlights_the_receptive_field_of_the_output_cell():
    ax = diagrams.draw_convolution(input_size=6, kernel_size=3, position=(1, 2))
    cells = patches(ax, Rectangle)
    assert len(cells) == 6 * 6 + 3 * 3 + 4 * 4
    highlighted = [c for c in cells if c.get_facecolor()[:3] == matplotlib.colors.to_rgb(diagrams.HIGHLIGHT)]
    assert len(highlighted) == 3 * 3 + 1  # the receptive field and the one output cell
    assert {"input 6×6", "kernel 3×3", "output 4×4"} <= set(texts(ax))
    assert "output 8×8" in texts(diagrams.draw_convolution(input_size=10, kernel_size=3, position=(0, 0)))


def test_pooling_writes_the_maximum_of_each_block():
    values = np.array([[1, 3, 2, 0], [4, 2, 1, 1], [0, 1, 5, 2], [2, 2, 3, 4]])
    ax = diagrams.draw_pooling(values, pool_size=2)
    assert len(patches(ax, Rectangle)) == 16 + 4
    bold = [t.get_text() for t in ax.texts if t.get_fontweight() == "bold"]
    # in the input, each block's maximum (the lower-left block has two 2s); then the 2x2 output
    assert sorted(bold[:-4]) == ["2", "2", "2", "4", "5"]
    assert bold[-4:] == ["4", "2", "2", "5"]


def test_unrolled_rnn_has_one_box_per_step_plus_the_folded_one():
    ax = diagrams.draw_unrolled_rnn(steps=4)
    assert len(patches(ax, FancyBboxPatch)) == 4 + 1
    assert {"$x_{1}$", "$x_{4}$", "$h_{4}$", "$h_0$"} <= set(texts(ax))


def test_lstm_cell_has_its_four_gates_in_pytorch_order():
    ax = diagrams.draw_lstm_cell()
    gates = [t.get_text() for t in ax.texts if t.get_text() in {"$i$", "$f$", "$g$", "$o$"}]
    assert sorted(gates) == ["$f$", "$g$", "$i$", "$o$"]
    assert {"$c_{t-1}$", "$c_t$", "$h_{t-1}$", "$h_t$", "$x_t$"} <= set(texts(ax))


def test_gru_cell_has_reset_update_and_candidate():
    ax = diagrams.draw_gru_cell()
    assert {"$r$", "$z$", "$n$", "$h_{t-1}$", "$h_t$", "$x_t$", "$1 - z$"} <= set(texts(ax))
    assert not any("c_" in t for t in texts(ax)), "a GRU has no cell state"


def test_cbow_averages_the_context_words_into_h():
    ax = diagrams.draw_cbow(n_context=3)
    assert {"$x_{1}$", "$x_{3}$", "$h$", "softmax", "$W$", "$W'$", "$w_O$"} <= set(texts(ax))
    assert "$x_{4}$" not in texts(ax)
    assert len(patches(ax, FancyBboxPatch)) == 3 + 2


def test_encoder_decoder_reads_the_source_and_writes_the_target():
    ax = diagrams.draw_encoder_decoder(("I", "like", "cats"), ("j'aime", "les", "chats"))
    labels = texts(ax)
    assert labels.count("enc") == 3 and labels.count("dec") == 4  # the target words and the end token
    assert {"$h_{3}$", "$s_{4}$", "<start>", "<end>", "cats", "chats"} <= set(labels)


def test_captioning_starts_from_the_image_and_ends_with_end():
    ax = diagrams.draw_captioning(("two", "girls"))
    labels = texts(ax)
    assert labels.count("RNN") == 3 and {"CNN", "START", "END", "two", "girls", "image"} <= set(labels)


def test_network_zoo_marks_the_networks_with_cycles():
    ax = diagrams.draw_network_zoo()
    labels = texts(ax)
    units = sum(n for _, _, layers, _ in diagrams.ZOO for n, _ in layers)
    assert len(patches(ax, Circle)) == units + len(diagrams.ZOO_CELLS)  # the networks' units and the key
    for name, cycles, _, _ in diagrams.ZOO:
        assert name in labels, name
    assert labels.count("cycles") == 3 and labels.count("no cycles") == 5  # recurrent, LSTM, Hopfield
    loops = [a for a in ax.texts if isinstance(a, matplotlib.text.Annotation)]
    assert len(loops) == 3 + 3  # one per recurrent or memory unit of the layered networks
    assert set(diagrams.ZOO_CELLS) <= set(labels)


@pytest.mark.parametrize("call, match", [
    (lambda: diagrams.draw_neuron(n_inputs=0), "n_inputs must be an integer >= 1"),
    (lambda: diagrams.draw_mlp((3,)), "needs an input and an output layer"),
    (lambda: diagrams.draw_mlp((3, 0, 1)), "every layer size must be an integer >= 1"),
    (lambda: diagrams.draw_mlp((2, 2), layer_names=["in"]), "2 layers but 1 layer_names"),
    (lambda: diagrams.draw_convolution(input_size=3, kernel_size=5), r"kernel_size \(5\) cannot exceed input_size \(3\)"),
    (lambda: diagrams.draw_convolution(position=(4, 0)), r"position must be a cell of the 4x4 output"),
    (lambda: diagrams.draw_pooling(np.ones((5, 5)), pool_size=2), "multiple of pool_size"),
    (lambda: diagrams.draw_unrolled_rnn(steps=True), "steps must be an integer"),
    (lambda: diagrams.draw_cbow(n_context=0), "n_context must be an integer >= 1"),
    (lambda: diagrams.draw_encoder_decoder((), ("a",)), "at least one source word"),
    (lambda: diagrams.draw_captioning(()), "at least one word"),
])
def test_bad_input_gives_a_clear_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()
