"""plot_decision_boundary: a figure, regions that agree with predict, clear errors."""

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from nnlib import (  # noqa: E402
    Dense, Perceptron, Sequential, ThresholdUnit, logic_gate, make_blobs, plot_decision_boundary,
    predicted_labels,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def grid_points(ax, resolution):
    """The grid the regions were computed on, recovered from the image's extent."""
    left, right, bottom, top = ax.images[0].get_extent()
    dx, dy = (right - left) / resolution, (top - bottom) / resolution
    xs = np.linspace(left + dx / 2, right - dx / 2, resolution)
    ys = np.linspace(bottom + dy / 2, top - dy / 2, resolution)
    return xs, ys


def test_draws_regions_and_points_on_the_given_axes():
    X, y = logic_gate("and")
    model = Perceptron(shuffle=False).fit(X, y)
    fig, ax = plt.subplots()
    out = plot_decision_boundary(model, X, y, ax=ax, resolution=50)
    assert out is ax
    assert len(ax.images) == 1 and ax.images[0].get_array().shape == (50, 50)
    assert len(ax.collections) >= 2  # the boundary line and one scatter per class
    # bounding box [0, 1]^2 plus 10 % on each side
    assert ax.get_xlim() == pytest.approx((-0.1, 1.1))
    assert ax.get_ylim() == pytest.approx((-0.1, 1.1))


def test_uses_the_current_axes_by_default():
    X, y = logic_gate("or")
    ax = plot_decision_boundary(Perceptron(shuffle=False).fit(X, y), X, y, resolution=20)
    assert ax is plt.gca()


@pytest.mark.parametrize("labels", [np.array([0, 0, 0, 1]), np.array([-1, -1, -1, 1]),
                                    np.array(["no", "no", "no", "yes"])])
def test_regions_match_predict_at_grid_points(labels):
    X, _ = logic_gate("and")
    model = Perceptron(shuffle=False).fit(X, labels)
    resolution = 40
    ax = plot_decision_boundary(model, X, labels, resolution=resolution)
    image = np.asarray(ax.images[0].get_array())
    xs, ys = grid_points(ax, resolution)
    classes = np.unique(labels)
    for i, j in [(0, 0), (0, 39), (39, 0), (39, 39), (20, 20), (5, 33), (33, 5)]:
        expected = model.predict([[xs[j], ys[i]]])[0]
        assert classes[image[i, j]] == expected, (i, j)
    # both classes appear: the line crosses the window
    assert set(np.unique(image)) == {0, 1}


def test_hand_set_threshold_unit():
    # AND with weights 1, 1 and threshold 1.2: class 1 only near (1, 1)
    X, y = logic_gate("and")
    ax = plot_decision_boundary(ThresholdUnit([1.0, 1.0], 1.2), X, y, resolution=30,
                                bounds=(0, 1, 0, 1))
    image = np.asarray(ax.images[0].get_array())
    assert image[0, 0] == 0 and image[-1, -1] == 1 and image[0, -1] == 0


def test_network_output_becomes_labels():
    X, y = make_blobs(60, centers=[[-2, 0], [2, 0], [0, 3]], random_state=0)
    net = Sequential([Dense(2, 3, random_state=0)])
    resolution = 25
    ax = plot_decision_boundary(net, X, y, resolution=resolution)
    image = np.asarray(ax.images[0].get_array())
    xs, ys = grid_points(ax, resolution)
    for i, j in [(0, 0), (12, 12), (24, 3), (3, 24)]:
        assert image[i, j] == predicted_labels(net.predict(np.array([[xs[j], ys[i]]])))[0]


def test_bounds_override_the_data_box():
    X, y = logic_gate("and")
    ax = plot_decision_boundary(Perceptron().fit(X, y), X, y, resolution=10, bounds=(-3, 3, -2, 2))
    assert ax.get_xlim() == (-3, 3) and ax.get_ylim() == (-2, 2)


class NoPredict:
    pass


@pytest.mark.parametrize("call, error, message", [
    (lambda m, X, y: plot_decision_boundary(NoPredict(), X, y), TypeError, "predict"),
    (lambda m, X, y: plot_decision_boundary(m, X[:, :1], y), ValueError, "2 features"),
    (lambda m, X, y: plot_decision_boundary(m, np.ones((4, 3)), y), ValueError, "2 features"),
    (lambda m, X, y: plot_decision_boundary(m, X, y[:3]), ValueError, "one label per row"),
    (lambda m, X, y: plot_decision_boundary(m, X, y, resolution=1), ValueError, "resolution"),
    (lambda m, X, y: plot_decision_boundary(m, X, y, bounds=(1, 0, 0, 1)), ValueError, "xmin < xmax"),
    (lambda m, X, y: plot_decision_boundary(m, X, y, bounds=(0, 1)), ValueError, "four numbers"),
])
def test_bad_input_is_a_clear_error(call, error, message):
    X, y = logic_gate("and")
    model = Perceptron().fit(X, y)
    with pytest.raises(error, match=message):
        call(model, X, y)


def test_model_returning_the_wrong_shape():
    class Broken:
        def predict(self, X):
            return np.zeros((len(X), 2))

    X, y = logic_gate("and")
    with pytest.raises(ValueError, match="one label per row"):
        plot_decision_boundary(Broken(), X, y, resolution=5)


def test_linear_model_boundary_is_the_exact_line():
    # w = (2, 1), b = -3: the boundary is the line x2 = 3 - 2 x1, traced from the net input
    X, y = logic_gate("and")
    model = Perceptron(lr=0.5, shuffle=False).fit(X, y)
    ax = plot_decision_boundary(model, X, y, resolution=60, bounds=(-0.5, 1.5, -0.5, 1.5))
    # the contour lines: a ContourSet (matplotlib >= 3.8) or LineCollections (3.7)
    lines = [c for c in ax.collections if "Contour" in type(c).__name__ or "LineCollection" in type(c).__name__]
    vertices = np.concatenate([p.vertices for c in lines for p in c.get_paths() if len(p.vertices)])
    assert len(vertices) >= 2
    assert np.allclose(2 * vertices[:, 0] + vertices[:, 1] - 3, 0, atol=1e-9)



def test_single_output_network_boundary_is_where_the_output_crosses_the_threshold():
    X, y = make_blobs(40, centers=[[-2, 0], [2, 0]], random_state=1)
    dense = Dense(2, 1, activation="sigmoid", random_state=0)
    ax = plot_decision_boundary(Sequential([dense]), X, y, resolution=50)
    lines = [c for c in ax.collections if "Contour" in type(c).__name__ or "LineCollection" in type(c).__name__]
    vertices = np.concatenate([p.vertices for c in lines for p in c.get_paths() if len(p.vertices)])
    net = vertices @ dense.params["W"][:, 0] + dense.params["b"][0]  # sigmoid(net) = 0.5 <=> net = 0
    distance = np.abs(net) / np.linalg.norm(dense.params["W"])  # from the true boundary line
    assert len(vertices) >= 2
    assert distance.max() < 1e-3  # linear interpolation between grid points, far below a cell (~0.2)



# -- the book's figures --

from nnlib.plotting import BOOK_RC, MIN_FONT_KEY, figure_png, smallest_font_size, use_book_style  # noqa: E402


def png_image(png):
    import io

    from PIL import Image

    return Image.open(io.BytesIO(png))


def test_smallest_font_size_finds_the_smallest_drawn_text():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    ax.set_title("title", fontsize=14)
    ax.set_xlabel("x", fontsize=12)
    ax.tick_params(labelsize=11)
    assert smallest_font_size(fig) == 11
    ax.text(0.5, 0.5, "note", fontsize=7)
    assert smallest_font_size(fig) == 7
    ax.text(0.5, 0.2, "   ", fontsize=3)  # blank text draws nothing
    ax.text(0.5, 0.2, "hidden", fontsize=2, visible=False)
    assert smallest_font_size(fig) == 7


def test_smallest_font_size_of_a_figure_without_text_is_none():
    fig, ax = plt.subplots()
    ax.set_axis_off()
    assert smallest_font_size(fig) is None


def test_figure_png_is_2x_with_a_palette_and_says_its_smallest_font():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1], [0, 1])
    ax.tick_params(labelsize=9)
    png, (width, height) = figure_png(fig)
    image = png_image(png)
    assert image.size[0] in (2 * width - 1, 2 * width, 2 * width + 1)
    assert image.mode == "P" and len(image.getcolors()) <= 64
    assert float(image.info[MIN_FONT_KEY]) == 9
    assert image.info["dpi"][0] == pytest.approx(200, abs=0.01)
    full, _ = figure_png(fig, colors=None)
    assert png_image(full).mode == "RGB"


def test_use_book_style_sets_the_book_sizes():
    with matplotlib.rc_context():
        use_book_style()  # no IPython shell here: only the style
        for key, value in BOOK_RC.items():
            assert matplotlib.rcParams[key] == (list(value) if isinstance(value, tuple) else value), key
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, 1])
        ax.set(xlabel="x", title="t")
        assert smallest_font_size(fig) >= 10
        assert fig.get_size_inches()[0] <= 5.5


def test_use_book_style_shows_figures_as_stamped_2x_pngs_in_a_kernel():
    """In a Jupyter kernel (as when the book is built), plt.show() gives figure_png's PNG and its CSS size."""
    import base64

    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\n"
                                  "from nnlib.plotting import use_book_style\n"
                                  "use_book_style()"),
        nbformat.v4.new_code_cell("fig, ax = plt.subplots(figsize=(4, 3))\nax.plot([0, 1], [0, 1])\nplt.show()"),
    ]
    nbclient.NotebookClient(notebook, kernel_name="python3", timeout=60).execute()
    (output,) = notebook.cells[1].outputs
    image = png_image(base64.b64decode(output["data"]["image/png"]))
    assert float(image.info[MIN_FONT_KEY]) == BOOK_RC["xtick.labelsize"]
    assert image.info["dpi"][0] == pytest.approx(200, abs=0.01)
    assert output["metadata"]["image/png"]["width"] * 2 == pytest.approx(image.width, abs=1)
