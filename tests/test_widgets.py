"""nnlib.widgets: frames drawn in advance, shown by a control linked in the browser.

What the browser does with these widgets is tested in test_browser.py; here we
check what Python builds: one distinct frame per value, the jslinks between the
right traits (saved with the widget state), and clear errors.
"""

import json
import subprocess
import sys

import pytest

widgets = pytest.importorskip("ipywidgets")
matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402

from nnlib import frame_grid, frame_viewer  # noqa: E402
from nnlib.widgets import format_value, render_frame  # noqa: E402


def html_frame(v):
    return f"<p>value {v}</p>"


def line(slope):
    fig, ax = plt.subplots(figsize=(2, 1.5))
    ax.plot([0, 1], [0, slope])
    ax.set_ylim(-2, 2)
    return fig


def stack_frames(stack):
    return [child.value for child in stack.children]


# -- one control --

def test_one_frame_per_value_and_all_distinct():
    values = [0.01, 0.1, 1.0]
    viewer = frame_viewer(values, html_frame, description="lr")
    assert viewer.values == values
    assert len(viewer.frames) == len(viewer.stack.children) == len(values)
    assert viewer.frames == ["<p>value 0.01</p>", "<p>value 0.1</p>", "<p>value 1.0</p>"]
    assert stack_frames(viewer.stack) == viewer.frames


def img_attributes(frame):
    """The attributes of the one <img> of a frame, and its PNG decoded."""
    import base64
    import io
    import re

    from PIL import Image

    attrs = dict(re.findall(r'(\w+)="([^"]*)"', frame))
    png = base64.b64decode(attrs["src"].split(",", 1)[1])
    return attrs, Image.open(io.BytesIO(png))


def test_figures_become_distinct_inline_pngs_and_are_closed():
    before = set(plt.get_fignums())
    viewer = frame_viewer([-1, 0, 1], line, description="slope", alt="a line of slope {0}")
    assert set(plt.get_fignums()) == before, "figures must be closed, or the notebook shows them again"
    assert len(set(viewer.frames)) == 3
    for frame in viewer.frames:
        assert frame.startswith('<img src="data:image/png;base64,')
        assert len(frame) < 30_000, "a small 64-colour figure should be a small PNG"


def test_figure_frames_are_drawn_for_2x_screens_and_shown_at_their_css_size():
    (frame,) = frame_viewer([1], line, description="slope", alt="a line of slope {0}").frames
    attrs, image = img_attributes(frame)
    width, height = int(attrs["width"]), int(attrs["height"])
    # figsize (2, 1.5) at 100 CSS px per inch, give or take what bbox_inches="tight" trims or adds
    assert 150 <= width <= 260 and 100 <= height <= 200, (width, height)
    assert abs(image.width - 2 * width) <= 1 and abs(image.height - 2 * height) <= 1
    assert image.mode == "P", "figure frames are reduced to a palette to keep the page light"
    # the smallest text of line(): its tick labels
    tick_size = FontProperties(size=matplotlib.rcParams["xtick.labelsize"]).get_size_in_points()
    assert float(image.info["nnlib:min-font-pt"]) == pytest.approx(tick_size)


def test_image_frames_carry_alt_text_from_a_template_or_a_function():
    viewer = frame_viewer([-1, 1], line, description="slope", alt="a line of slope {0}")
    assert [img_attributes(f)[0]["alt"] for f in viewer.frames] == ["a line of slope -1", "a line of slope 1"]
    viewer = frame_viewer([-1, 1], line, description="slope", alt=lambda v: f"{'falls' if v < 0 else 'rises'}")
    assert [img_attributes(f)[0]["alt"] for f in viewer.frames] == ["falls", "rises"]
    grid = frame_grid([1], [2, 3], lambda a, b: line(a - b), descriptions=("a", "b"), alt="a={0}, b={1}")
    assert [img_attributes(f)[0]["alt"] for f in grid.frames[0]] == ["a=1, b=2", "a=1, b=3"]


def test_an_image_frame_without_alt_text_is_an_error_and_its_figure_is_closed():
    before = set(plt.get_fignums())
    with pytest.raises(ValueError, match=r"draw\(1\) returned an image: pass alt="):
        frame_viewer([1], line, description="slope")
    assert set(plt.get_fignums()) == before
    with pytest.raises(ValueError, match="alt must describe what a frame shows"):
        frame_viewer([1], line, description="slope", alt=lambda v: "")
    # HTML frames are text already: they need no alt
    assert frame_viewer([1], html_frame, description="n").frames == ["<p>value 1</p>"]


@pytest.mark.parametrize("description", ["", "   ", None])
def test_every_control_needs_a_description_its_accessible_name(description):
    with pytest.raises(ValueError, match="description must name the control"):
        frame_viewer([1, 2], html_frame, description=description)


def test_the_control_is_linked_to_the_stack_in_the_browser():
    viewer = frame_viewer([1, 2, 3], html_frame, description="n")
    (control,) = viewer.controls
    (link,) = viewer.links
    assert isinstance(control, widgets.SelectionSlider)
    # A front-end link (what jslink makes), not a Python callback or traitlets.link.
    assert isinstance(link, widgets.widgets.widget_link.Link) and link._model_name == "LinkModel"
    # Selection widgets sync their index, not their value, with the front end.
    assert link.source == (control, "index")
    assert link.target == (viewer.stack, "selected_index")
    assert isinstance(viewer.stack, widgets.Stack)
    assert viewer.children == (control, viewer.stack)
    assert control.options == (("1", 0), ("2", 1), ("3", 2))


def test_the_links_are_saved_with_the_widget_state():
    from ipywidgets.embed import dependency_state

    viewer = frame_viewer([1, 2], html_frame, description="n")
    state = dependency_state([viewer, *viewer.links], drop_defaults=True)
    (link_state,) = [m["state"] for m in state.values() if m["model_name"] == "LinkModel"]
    assert link_state["source"] == [f"IPY_MODEL_{viewer.controls[0].model_id}", "index"]
    assert link_state["target"] == [f"IPY_MODEL_{viewer.stack.model_id}", "selected_index"]
    json.dumps(state)  # what myst-nb writes into the page


def test_start_value_selects_both_control_and_frame():
    viewer = frame_viewer([0, 1, 2, 3], html_frame, value=2, description="n")
    assert viewer.controls[0].index == 2
    assert viewer.stack.selected_index == 2
    assert frame_viewer([0, 1], html_frame, description="n").stack.selected_index == 0


@pytest.mark.parametrize("control, cls", [("slider", "SelectionSlider"), ("dropdown", "Dropdown"),
                                          ("toggle", "ToggleButtons")])
def test_each_kind_of_control(control, cls):
    viewer = frame_viewer(["a", "b"], html_frame, control=control, description="x")
    assert type(viewer.controls[0]).__name__ == cls
    assert viewer.links[0].source == (viewer.controls[0], "index")


def test_labels():
    assert format_value(0.1) == "0.1" and format_value(3) == "3" and format_value(1e-4) == "0.0001"
    viewer = frame_viewer([0, 1], html_frame, labels=["off", "on"], description="n")
    assert viewer.controls[0].options == (("off", 0), ("on", 1))


def test_html_objects_and_png_bytes_are_frames():
    class Table:
        def _repr_html_(self):
            return "<table></table>"

    assert render_frame(Table()) == "<table></table>"
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 8
    assert render_frame(png, alt="a <b>").startswith('<img src="data:image/png;base64,')
    assert 'alt="a &lt;b&gt;"' in render_frame(png, alt="a <b>")


# -- two controls --

def test_grid_has_one_frame_per_pair():
    a, b = [0.01, 0.1], [0.0, 0.5, 0.9]
    grid = frame_grid(a, b, lambda lr, m: f"{lr}|{m}", descriptions=("lr", "momentum"))
    assert grid.frames == [[f"{x}|{y}" for y in b] for x in a]
    assert len(grid.stack.children) == len(a)
    for i, inner in enumerate(grid.stack.children):
        assert isinstance(inner, widgets.Stack)
        assert stack_frames(inner) == grid.frames[i]
    assert len({f for row in grid.frames for f in row}) == len(a) * len(b)


def test_grid_links_first_control_to_outer_stack_and_second_to_every_inner_stack():
    grid = frame_grid([1, 2, 3], ["x", "y"], lambda u, v: f"{u}{v}", controls=("dropdown", "toggle"),
                      descriptions=("a", "b"))
    first, second = grid.controls
    assert grid.children == (first, second, grid.stack)
    assert len(grid.links) == 1 + 3
    assert grid.links[0].source == (first, "index")
    assert grid.links[0].target == (grid.stack, "selected_index")
    for link, inner in zip(grid.links[1:], grid.stack.children):
        assert link.source == (second, "index")
        assert link.target == (inner, "selected_index")


def test_grid_start_values():
    grid = frame_grid([1, 2, 3], [4, 5], lambda u, v: f"{u}{v}", value=(3, 5), descriptions=("a", "b"))
    assert grid.controls[0].index == grid.stack.selected_index == 2
    assert grid.controls[1].index == 1
    assert all(inner.selected_index == 1 for inner in grid.stack.children)


# -- bad input --

@pytest.mark.parametrize("kwargs, error, match", [
    (dict(values=[]), ValueError, "empty"),
    (dict(values="abc"), TypeError, "sequence of values"),
    (dict(values=5), TypeError, "sequence of values"),
    (dict(values=[1, 2], draw=None), TypeError, "draw must be a function"),
    (dict(values=[1, 2], control="knob"), ValueError, "control must be one of"),
    (dict(values=[1, 2], labels=["one"]), ValueError, "2 values but 1 labels"),
    (dict(values=[0.1, 0.10000000001]), ValueError, "labels of values must be unique"),
    (dict(values=[1, 2], value=3), ValueError, "value 3 is not one of values"),
    (dict(values=[1, 2], draw=lambda v: 42), TypeError, r"draw\(1\) returned int"),
    (dict(values=[1], draw=lambda v: b"GIF89a"), TypeError, "not a PNG"),
])
def test_bad_input_gives_a_clear_error(kwargs, error, match):
    kwargs.setdefault("draw", html_frame)
    with pytest.raises(error, match=match):
        frame_viewer(**kwargs, description="n")


def test_bad_grid_input():
    with pytest.raises(ValueError, match="values_b is empty"):
        frame_grid([1], [], lambda a, b: "", descriptions=("a", "b"))
    with pytest.raises(ValueError, match="descriptions must be a pair"):
        frame_grid([1], [2], lambda a, b: "", descriptions="lr")
    with pytest.raises(TypeError, match=r"draw\(1, 2\) returned NoneType"):
        frame_grid([1], [2], lambda a, b: None, descriptions=("a", "b"))


def test_import_nnlib_needs_neither_matplotlib_nor_ipywidgets():
    code = ("import sys; sys.modules['matplotlib'] = None; sys.modules['ipywidgets'] = None\n"
            "import nnlib\n"
            "assert callable(nnlib.frame_viewer) and callable(nnlib.frame_grid)\n"
            "assert 'ipywidgets' not in [m for m, v in sys.modules.items() if v is not None]\n")
    subprocess.run([sys.executable, "-c", code], check=True)
