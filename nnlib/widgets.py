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

``draw`` returns one frame: a matplotlib ``Figure`` (saved by
``nnlib.plotting.figure_png`` as a 2x PNG for sharp text on 2x screens, with
a 64-colour palette to keep the page light, and closed so that the notebook
does not show it a second time), a string of HTML, PNG ``bytes``, or any
object with a ``_repr_html_`` method.

Every frame that is an image gets alternative text (``alt``) that says what it
shows, for a reader who cannot see it; every control gets its ``description``
as its accessible name (the book's ``js/widgets-setup.js`` also makes a
slider announce its value, not its index).

matplotlib and ipywidgets are imported inside the functions, so
``import nnlib`` works without them.

Example
-------
>>> def draw(threshold):
...     return f"<b>threshold = {threshold}</b>"
>>> frame_viewer([0, 1, 2], draw, description="threshold",
...              alt="the threshold set to {0}")  # doctest: +SKIP
"""

import base64
import html
from numbers import Integral, Real

from .plotting import BOOK_DPI

CONTROLS = ("slider", "dropdown", "toggle")


def frame_viewer(values, draw, *, description, alt=None, control="slider", labels=None,
                 value=None, dpi=BOOK_DPI):
    """A control over ``values`` that shows the precomputed frame ``draw(value)``.

    Parameters
    ----------
    values : sequence
        The values the control offers, in order (at least one, labels unique).
    draw : callable
        ``draw(v)`` returns the frame for value ``v``: a matplotlib Figure,
        an HTML string, PNG bytes or an object with ``_repr_html_``.
    description : str
        The control's label and accessible name (may contain ``$...$`` maths).
    alt : str or callable, optional
        What a frame shows, for a reader who cannot see it: ``alt(v)``, or a
        format string filled with the value's label (``"... {0} ..."``).
        Required when the frames are images.
    control : {"slider", "dropdown", "toggle"}
        ``SelectionSlider``, ``Dropdown`` or ``ToggleButtons``.
    labels : sequence of str, optional
        What the control shows for each value; by default ``format_value(v)``.
    value : optional
        The value shown first (default: the first one).
    dpi : int
        CSS pixels per inch of a figure frame (its PNG has twice as many).

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
    frames = [render_frame(draw(v), dpi=dpi, alt=_alt_text(alt, (v,), (lab,)), call=f"draw({v!r})")
              for v, lab in zip(values, labels)]
    stack = widgets.Stack([widgets.HTML(f) for f in frames], selected_index=start)
    links = (widgets.jslink((ctrl, "index"), (stack, "selected_index")),)

    box = widgets.VBox([ctrl, stack])
    box.add_class("nnlib-frames")
    box.controls, box.stack, box.frames, box.links, box.values = (ctrl,), stack, frames, links, values
    return box


def frame_grid(values_a, values_b, draw, *, descriptions, alt=None, controls=("slider", "slider"),
               labels=(None, None), value=(None, None), dpi=BOOK_DPI):
    """Two controls over a grid of precomputed frames ``draw(a, b)``.

    Parameters
    ----------
    values_a, values_b : sequence
        The values of the first and the second control.
    draw : callable
        ``draw(a, b)`` returns the frame for the pair (see ``frame_viewer``).
    descriptions, controls, labels, value : pairs
        As in ``frame_viewer``, one entry per control.
    alt : str or callable, optional
        What a frame shows: ``alt(a, b)``, or a format string filled with the
        two values' labels (``"... {0} ... {1} ..."``). Required when the
        frames are images.
    dpi : int
        CSS pixels per inch of a figure frame (its PNG has twice as many).

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
                            alt=_alt_text(alt, (a, b), (lab_a, lab_b)))
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


def render_frame(frame, *, dpi=BOOK_DPI, alt=None, call="draw(...)"):
    """One frame as HTML: a Figure becomes an inline 2x PNG ``<img>`` (and is closed).

    Parameters
    ----------
    frame : Figure, str, bytes or object with ``_repr_html_``
        What a ``draw`` function returned.
    dpi : int
        CSS pixels per inch of a Figure (see ``nnlib.plotting.figure_png``).
    alt : str
        Alternative text of an image: what it shows (required for a Figure
        or PNG bytes).
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
        return _img(bytes(frame), _required_alt(alt, call))
    if _is_figure(frame):
        import matplotlib.pyplot as plt

        from .plotting import figure_png

        try:
            alt = _required_alt(alt, call)
            png, size = figure_png(frame, dpi=dpi)
        finally:
            plt.close(frame)
        return _img(png, alt, size)
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

    if not isinstance(description, str) or not description.strip():
        raise ValueError(f"description must name the control (it is its accessible name), got {description!r}")
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


def _img(png, alt, size=None):
    data = base64.b64encode(png).decode("ascii")
    dims = f'width="{size[0]}" height="{size[1]}" ' if size else ""
    return (f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" {dims}'
            'style="max-width:100%;height:auto">')


def _required_alt(alt, call):
    if not alt:
        raise ValueError(f"{call} returned an image: pass alt= (what the image shows, for a "
                         "reader who cannot see it) to frame_viewer or frame_grid")
    return alt


def _alt_text(alt, values, labels):
    """The alternative text of the frame for ``values`` (whose labels are ``labels``)."""
    if alt is None:
        return None
    text = alt(*values) if callable(alt) else alt.format(*labels) if isinstance(alt, str) else None
    if not isinstance(text, str) or not text.strip():
        raise ValueError("alt must describe what a frame shows: a non-empty format string or a "
                         f"function of the value(s) returning one; got {alt!r}, which gave {text!r}")
    return text
