"""Widgets for the book that respond without a kernel.

The book is static HTML: the widgets' state is saved in the page, but Python
callbacks cannot run there. So the helpers here draw every frame in advance,
one per value of the control, put the frames in an ``ipywidgets.Stack`` and
link the control to the Stack's ``selected_index`` with ``ipywidgets.jslink``.
The link lives in the browser: moving the control shows another frame with or
without a kernel, in the built book and in Jupyter alike.

Two controls (say learning rate x momentum) give a grid of frames: an outer
Stack with one inner Stack per value of the first control. The first control
is linked to the outer Stack; the second is linked to every inner Stack.
Only links, no callbacks.

``draw`` returns one frame: a matplotlib ``Figure`` (saved as a small PNG and
closed, so the notebook does not show it a second time), a string of HTML,
PNG ``bytes``, or any object with a ``_repr_html_`` method.

matplotlib and ipywidgets are imported inside the functions, so
``import nnlib`` works without them.

Example
-------
>>> def draw(threshold):
...     return f"<b>threshold = {threshold}</b>"
>>> frame_viewer([0, 1, 2], draw, description="threshold")  # doctest: +SKIP
"""

import base64
import html
import io
from numbers import Integral, Real

CONTROLS = ("slider", "dropdown", "toggle")


def frame_viewer(values, draw, *, description="", control="slider", labels=None,
                 value=None, dpi=80):
    """A control over ``values`` that shows the precomputed frame ``draw(value)``.

    Parameters
    ----------
    values : sequence
        The values the control offers, in order (at least one, labels unique).
    draw : callable
        ``draw(v)`` returns the frame for value ``v``: a matplotlib Figure,
        an HTML string, PNG bytes or an object with ``_repr_html_``.
    description : str
        The control's label (may contain ``$...$`` maths).
    control : {"slider", "dropdown", "toggle"}
        ``SelectionSlider``, ``Dropdown`` or ``ToggleButtons``.
    labels : sequence of str, optional
        What the control shows for each value; by default ``format_value(v)``.
    value : optional
        The value shown first (default: the first one).
    dpi : int
        Resolution of figures saved as PNG (small keeps the page light).

    Returns
    -------
    ipywidgets.VBox
        The control above the frames, with attributes ``controls`` (a tuple
        with the control), ``stack`` (the ``Stack`` of frames), ``frames``
        (the frames' HTML, one per value), ``links`` (the ``jslink`` objects)
        and ``values``.
    """
    import ipywidgets as widgets

    values, labels, start = _check_values(values, labels, value, "values")
    _check_draw(draw)
    ctrl = _make_control(control, labels, start, description)
    frames = [render_frame(draw(v), dpi=dpi, alt=_alt(description, lab), call=f"draw({v!r})")
              for v, lab in zip(values, labels)]
    stack = widgets.Stack([widgets.HTML(f) for f in frames], selected_index=start)
    links = (widgets.jslink((ctrl, "index"), (stack, "selected_index")),)

    box = widgets.VBox([ctrl, stack])
    box.add_class("nnlib-frames")
    box.controls, box.stack, box.frames, box.links, box.values = (ctrl,), stack, frames, links, values
    return box


def frame_grid(values_a, values_b, draw, *, descriptions=("", ""), controls=("slider", "slider"),
               labels=(None, None), value=(None, None), dpi=80):
    """Two controls over a grid of precomputed frames ``draw(a, b)``.

    Parameters
    ----------
    values_a, values_b : sequence
        The values of the first and the second control.
    draw : callable
        ``draw(a, b)`` returns the frame for the pair (see ``frame_viewer``).
    descriptions, controls, labels, value : pairs
        As in ``frame_viewer``, one entry per control.
    dpi : int
        Resolution of figures saved as PNG.

    Returns
    -------
    ipywidgets.VBox
        The two controls above the frames, with attributes ``controls``,
        ``stack`` (the outer Stack, one inner Stack per value of the first
        control), ``frames`` (nested lists: ``frames[i][j]`` is
        ``draw(values_a[i], values_b[j])``), ``links`` and ``values``.
    """
    import ipywidgets as widgets

    for name, pair in (("descriptions", descriptions), ("controls", controls),
                       ("labels", labels), ("value", value)):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise ValueError(f"{name} must be a pair (one entry per control), got {pair!r}")
    values_a, labels_a, start_a = _check_values(values_a, labels[0], value[0], "values_a")
    values_b, labels_b, start_b = _check_values(values_b, labels[1], value[1], "values_b")
    _check_draw(draw)
    ctrl_a = _make_control(controls[0], labels_a, start_a, descriptions[0])
    ctrl_b = _make_control(controls[1], labels_b, start_b, descriptions[1])

    frames, inner = [], []
    for a, lab_a in zip(values_a, labels_a):
        row = [render_frame(draw(a, b), dpi=dpi, call=f"draw({a!r}, {b!r})",
                            alt=f"{_alt(descriptions[0], lab_a)}, {_alt(descriptions[1], lab_b)}")
               for b, lab_b in zip(values_b, labels_b)]
        frames.append(row)
        inner.append(widgets.Stack([widgets.HTML(f) for f in row], selected_index=start_b))
    stack = widgets.Stack(inner, selected_index=start_a)

    links = (widgets.jslink((ctrl_a, "index"), (stack, "selected_index")),)
    links += tuple(widgets.jslink((ctrl_b, "index"), (s, "selected_index")) for s in inner)

    box = widgets.VBox([ctrl_a, ctrl_b, stack])
    box.add_class("nnlib-frames")
    box.controls, box.stack, box.frames, box.links = (ctrl_a, ctrl_b), stack, frames, links
    box.values = (values_a, values_b)
    return box


def render_frame(frame, *, dpi=80, alt="", call="draw(...)"):
    """One frame as HTML: a Figure becomes an inline PNG ``<img>`` (and is closed).

    Parameters
    ----------
    frame : Figure, str, bytes or object with ``_repr_html_``
        What a ``draw`` function returned.
    dpi : int
        Resolution of a Figure saved as PNG.
    alt : str
        Alternative text of the image.
    call : str
        How the frame was made, for the error message.

    Returns
    -------
    str
        HTML.
    """
    if isinstance(frame, str):
        return frame
    if isinstance(frame, (bytes, bytearray)):
        if not bytes(frame[:8]) == b"\x89PNG\r\n\x1a\n":
            raise TypeError(f"{call} returned bytes that are not a PNG image")
        return _img(bytes(frame), alt)
    if _is_figure(frame):
        import matplotlib.pyplot as plt

        buf = io.BytesIO()
        try:
            frame.savefig(buf, format="png", dpi=dpi, bbox_inches="tight",
                          pil_kwargs={"optimize": True})
        finally:
            plt.close(frame)
        return _img(buf.getvalue(), alt)
    if hasattr(frame, "_repr_html_"):
        return frame._repr_html_()
    raise TypeError(f"{call} returned {type(frame).__name__}; expected a matplotlib Figure, "
                    "a string of HTML, PNG bytes or an object with _repr_html_")


def format_value(v):
    """The default label of a value: ``0.1`` not ``0.1000000001``, ints as they are."""
    if isinstance(v, bool) or isinstance(v, Integral):
        return str(v)
    if isinstance(v, Real):
        return f"{float(v):g}"
    return str(v)


# -- helpers --

def _check_values(values, labels, value, name):
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{name} must be a sequence of values, got {type(values).__name__}")
    values = list(values)
    if not values:
        raise ValueError(f"{name} is empty: the control needs at least one value")
    if labels is None:
        labels = [format_value(v) for v in values]
    else:
        labels = [str(lab) for lab in labels]
        if len(labels) != len(values):
            raise ValueError(f"{name} has {len(values)} values but {len(labels)} labels were given")
    if len(set(labels)) != len(labels):
        dup = sorted({lab for lab in labels if labels.count(lab) > 1})
        raise ValueError(f"the labels of {name} must be unique, but {dup} repeat; pass labels=")
    if value is None:
        start = 0
    else:
        try:
            start = values.index(value)
        except ValueError:
            raise ValueError(f"value {value!r} is not one of {name} {values!r}") from None
    return values, labels, start


def _check_draw(draw):
    if not callable(draw):
        raise TypeError(f"draw must be a function that returns one frame, got {type(draw).__name__}")


def _make_control(control, labels, index, description):
    import ipywidgets as widgets

    options = [(lab, i) for i, lab in enumerate(labels)]
    common = dict(options=options, index=index, description=description,
                  style={"description_width": "initial"})
    if control == "slider":
        return widgets.SelectionSlider(continuous_update=True, readout=True,
                                       layout={"width": "min(100%, 32em)"}, **common)
    if control == "dropdown":
        return widgets.Dropdown(**common)
    if control == "toggle":
        return widgets.ToggleButtons(**common)
    raise ValueError(f"control must be one of {CONTROLS}, got {control!r}")


def _is_figure(obj):
    try:
        from matplotlib.figure import Figure
    except ImportError:  # no matplotlib: nothing can be a Figure
        return False
    return isinstance(obj, Figure)


def _img(png, alt):
    data = base64.b64encode(png).decode("ascii")
    return (f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" '
            'style="max-width:100%;height:auto">')


def _alt(description, label):
    text = description.replace("$", "").strip() if description else "value"
    return f"{text} = {label}"
