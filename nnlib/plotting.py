"""Pictures of what a classifier has learned: its decision regions in the plane.

A classifier of two-dimensional inputs splits the plane into regions, one
per predicted class; the borders between them are its decision boundary.
:func:`plot_decision_boundary` evaluates the model on a fine grid over the
data, colours each grid cell by the predicted class and scatters the data on
top, so the reader sees at a glance which points the model gets wrong.

It works for every model of the book: the classic neurons (``Perceptron``,
``Adaline``, ``ThresholdUnit``, ... whose ``predict`` returns labels) and
networks (any :class:`nnlib.Layer`, such as ``Sequential``, whose output
becomes labels through :func:`nnlib.predicted_labels`: the argmax of several
outputs or a threshold of 0.5 on a single one).

matplotlib is imported inside the function, so ``import nnlib`` works
without it.
"""

import numpy as np

from ._validation import check_array
from .layer import Layer
from .metrics import predicted_labels

# matplotlib's "tab10" colours: class k gets COLORS[k % 10].
COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
          "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")


def plot_decision_boundary(model, X, y, ax=None, resolution=200, *, margin=0.1, bounds=None,
                           alpha=0.25, boundary=True, colors=COLORS, s=25, threshold=0.5):
    """Draw the regions a classifier assigns to each class, and the data on top.

    Parameters
    ----------
    model : object with ``predict(X)``, or a :class:`nnlib.Layer`
        A classic model whose ``predict`` returns one label per row, or a
        network (``Sequential``, ``Dense``, ...) whose output is turned into
        labels with :func:`nnlib.predicted_labels` (argmax over several
        outputs, ``>= threshold`` for a single one).
    X : array_like of shape (n_samples, 2)
        The data: two features, drawn as the horizontal and vertical axes.
    y : array_like of shape (n_samples,)
        The true label of each sample (any labels; they are coloured in
        sorted order together with the labels the model predicts).
    ax : matplotlib Axes, optional
        Where to draw; by default the current Axes (``plt.gca()``).
    resolution : int, default=200
        Grid points along each axis (``resolution ** 2`` predictions).
    margin : float, default=0.1
        Space added around the data's bounding box, as a fraction of its
        width and height.
    bounds : tuple (xmin, xmax, ymin, ymax), optional
        The plotted window; overrides the bounding box and ``margin``
        (useful to give several plots the same axes).
    alpha : float, default=0.25
        Opacity of the coloured regions.
    boundary : bool, default=True
        Also draw the borders between regions as thin black lines: the
        exact level set of the model's continuous score where it has one (the
        net input of ``Perceptron``, ``Adaline`` and ``ThresholdUnit``, a
        network's single output), else the borders between grid cells.

    colors : sequence of colours, default=COLORS
        The colour of each class, in sorted label order (cycled if short).
    s : float, default=25
        Marker size of the data points.
    threshold : float, default=0.5
        Threshold on a network's single output (see ``predicted_labels``).

    Returns
    -------
    matplotlib Axes
        The Axes drawn on. ``ax.images[0]`` holds the regions: its array has
        shape (resolution, resolution), row ``i`` and column ``j`` being the
        class index (into the sorted labels) predicted at
        ``(xs[j], ys[i])``, with ``xs = linspace(xmin, xmax, resolution)``
        and ``ys`` likewise over ``(ymin, ymax)``.

    Examples
    --------
    >>> from nnlib import Perceptron, logic_gate, plot_decision_boundary
    >>> X, y = logic_gate("and")
    >>> ax = plot_decision_boundary(Perceptron().fit(X, y), X, y)  # doctest: +SKIP
    """
    import matplotlib.pyplot as plt

    evaluate = _evaluator(model, threshold)
    X, y = _check_data(X, y)
    if isinstance(resolution, bool) or not isinstance(resolution, (int, np.integer)) or resolution < 2:
        raise ValueError(f"resolution must be an integer >= 2, got {resolution!r}")
    window = _window(X, margin, bounds)
    grid = _Grid(window, resolution)
    labels, score, level = evaluate(grid.points)
    labels = np.asarray(labels)
    if labels.shape != (len(grid.points),):
        raise ValueError(f"the model must return one label per row: {len(grid.points)} rows gave "
                         f"an array of shape {labels.shape}")

    classes = np.unique(np.concatenate([np.unique(y), np.unique(labels)]))
    index = grid.reshape(np.searchsorted(classes, labels))  # (resolution, resolution)
    palette = [colors[k % len(colors)] for k in range(len(classes))]

    if ax is None:
        ax = plt.gca()
    _draw_regions(ax, grid, index, palette, alpha)
    if boundary and len(np.unique(index)) > 1:
        _draw_boundary(ax, grid, index, score, level)
    _draw_points(ax, X, y, classes, palette, s)
    ax.set_xlim(window[0], window[1])
    ax.set_ylim(window[2], window[3])
    return ax


class _Grid:
    """``resolution`` x ``resolution`` points over the window (xmin, xmax, ymin, ymax).

    ``points`` has shape (resolution**2, 2), row-major with rows following y:
    point ``i * resolution + j`` is ``(xs[j], ys[i])``.
    """

    def __init__(self, window, resolution):
        xmin, xmax, ymin, ymax = window
        self.window, self.resolution = window, resolution
        self.xs = np.linspace(xmin, xmax, resolution)
        self.ys = np.linspace(ymin, ymax, resolution)
        self.xx, self.yy = np.meshgrid(self.xs, self.ys)  # (resolution, resolution) each
        self.points = np.column_stack([self.xx.ravel(), self.yy.ravel()])

    def reshape(self, values):
        """One value per point -> an array of shape (resolution, resolution)."""
        return np.asarray(values).reshape(self.xx.shape)

    def extent(self):
        """The image extent whose pixel centres are the grid points."""
        xmin, xmax, ymin, ymax = self.window
        dx = (xmax - xmin) / (self.resolution - 1)
        dy = (ymax - ymin) / (self.resolution - 1)
        return xmin - dx / 2, xmax + dx / 2, ymin - dy / 2, ymax + dy / 2


def _check_data(X, y):
    """X as a float array of shape (n, 2) and y as one label per row."""
    X = check_array(X)
    if X.shape[1] != 2:
        raise ValueError(f"X must have 2 features (one per axis of the plot), got shape {X.shape}")
    y = np.asarray(y)
    if y.ndim != 1 or len(y) != len(X):
        raise ValueError(f"y must be 1-D with one label per row of X ({len(X)}), got shape {y.shape}")
    return X, y


def _draw_regions(ax, grid, index, palette, alpha):
    """Colour every grid cell by the class predicted there."""
    from matplotlib.colors import ListedColormap

    ax.imshow(index, origin="lower", interpolation="nearest", aspect="auto",
              cmap=ListedColormap(palette), vmin=-0.5, vmax=len(palette) - 0.5, alpha=alpha,
              extent=grid.extent())


def _draw_boundary(ax, grid, index, score, level):
    """Thin black borders between the regions."""
    if score is not None:  # a continuous score: the exact, smooth boundary
        ax.contour(grid.xx, grid.yy, grid.reshape(np.asarray(score, dtype=float)), levels=[level],
                   colors="k", linewidths=0.8)
    else:  # only labels: trace the borders between grid cells of different classes
        ax.contour(grid.xx, grid.yy, index, levels=np.arange(index.max()) + 0.5,
                   colors="k", linewidths=0.8)


def _draw_points(ax, X, y, classes, palette, s):
    """The data, one scatter per class (so that a legend can name them)."""
    point_index = np.searchsorted(classes, y)
    for k, label in enumerate(classes):
        mine = point_index == k
        if np.any(mine):
            ax.scatter(X[mine, 0], X[mine, 1], s=s, color=palette[k], edgecolors="k",
                       linewidths=0.5, label=str(label), zorder=3)


def _evaluator(model, threshold):
    """A function grid -> (labels, score, level) for a classic model or a network.

    ``score`` is a continuous function whose level set ``score == level`` is
    the decision boundary, when the model has one (a linear threshold unit's
    net input, a network's single output); otherwise None.
    """
    from .neurons import ThresholdUnit
    from .perceptron import LinearThresholdClassifier

    if isinstance(model, Layer):
        run = model.predict if hasattr(model, "predict") else model.forward

        def evaluate(grid):
            out = np.asarray(run(grid))
            single = out.ndim == 1 or (out.ndim == 2 and out.shape[1] == 1)
            return predicted_labels(out, threshold), (out.reshape(-1) if single else None), threshold
        return evaluate
    if not callable(getattr(model, "predict", None)):
        raise TypeError(f"model must have a predict(X) method or be an nnlib Layer, "
                        f"got {type(model).__name__}")
    if isinstance(model, LinearThresholdClassifier):  # Perceptron, Adaline: net input >= 0
        return lambda grid: (model.predict(grid), model.net_input(grid), 0.0)
    if isinstance(model, ThresholdUnit):  # fires where net input >= threshold
        return lambda grid: (model.predict(grid), model.net_input(grid), float(model.threshold))
    return lambda grid: (model.predict(grid), None, None)


def _window(X, margin, bounds):
    """The plotted window (xmin, xmax, ymin, ymax)."""
    if bounds is not None:
        try:
            xmin, xmax, ymin, ymax = (float(b) for b in bounds)
        except (TypeError, ValueError):
            raise ValueError(f"bounds must be four numbers (xmin, xmax, ymin, ymax), got {bounds!r}") from None
        if not (xmin < xmax and ymin < ymax):
            raise ValueError(f"bounds must have xmin < xmax and ymin < ymax, got {bounds!r}")
        return xmin, xmax, ymin, ymax
    if len(X) == 0:
        raise ValueError("X has no rows: nothing to plot (pass bounds= for an empty plot)")
    if margin < 0:
        raise ValueError(f"margin must be >= 0, got {margin}")
    lo, hi = X.min(axis=0), X.max(axis=0)
    span = np.where(hi > lo, hi - lo, 1.0)  # a single point or a flat cloud still gets a window
    lo, hi = lo - margin * span, hi + margin * span
    flat = hi <= lo  # margin 0 around a single value
    lo, hi = np.where(flat, lo - 0.5, lo), np.where(flat, hi + 0.5, hi)
    return lo[0], hi[0], lo[1], hi[1]


# -- the book's figures: legible on a phone, sharp on a 2x screen --
#
# A figure w inches wide is shown at most w * BOOK_DPI CSS pixels wide, and on a
# phone (a column of about 360 px) shrinks to fit. Its smallest text, f points,
# then measures f * 360 / (72 * w) px: with w <= 5.5 and f >= 10 that is 9 px or
# more. The PNG is drawn at twice the display size for 2x screens and carries its
# smallest font size, so that the book's tests can measure the text on the page.

BOOK_DPI = 100  # CSS pixels per inch of a figure on a wide screen
BOOK_SCALE = 2  # PNG pixels per CSS pixel
MIN_FONT_KEY = "nnlib:min-font-pt"  # PNG text chunk with the smallest font size
BOOK_RC = {
    "figure.figsize": (5.0, 3.4),
    "figure.dpi": BOOK_DPI,
    "font.size": 11,
    "axes.titlesize": 11,
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "legend.title_fontsize": 10,
    "figure.titlesize": 12,
    "figure.constrained_layout.use": True,
}


def smallest_font_size(fig):
    """The smallest font size, in points, of the text that ``fig`` draws.

    Parameters
    ----------
    fig : matplotlib Figure

    Returns
    -------
    float or None
        The minimum over every visible, non-empty text (titles, labels, tick
        labels, legends, annotations); None for a figure without text.
    """
    from matplotlib.text import Text

    if fig.stale:
        fig.canvas.draw()  # lays out the ticks that will be drawn
    sizes = [t.get_fontsize() for t in fig.findobj(Text)
             if t.get_visible() and t.get_text().strip() and _drawn(t)]
    return min(sizes) if sizes else None


def _drawn(text):
    """False for a tick label of a tick outside the view (matplotlib keeps, but skips, them)."""
    axes = text.axes
    if axes is None:
        return True
    for axis in (axes.xaxis, axes.yaxis):
        ticks = axis.get_major_ticks() + axis.get_minor_ticks()
        for tick in ticks:
            if text in (tick.label1, tick.label2):
                low, high = sorted(axis.get_view_interval())
                return tick.get_visible() and low - 1e-9 * (high - low) <= tick.get_loc() <= high + 1e-9 * (high - low)
    return True


def figure_png(fig, *, dpi=BOOK_DPI, scale=BOOK_SCALE, colors=64):
    """``fig`` as PNG bytes, ``scale`` times ``dpi``, with its smallest font size inside.

    Parameters
    ----------
    fig : matplotlib Figure
    dpi : float, default=BOOK_DPI
        CSS pixels per inch at which the figure is meant to be shown.
    scale : float, default=BOOK_SCALE
        PNG pixels per CSS pixel (2 for sharp text on 2x screens).
    colors : int or None, default=64
        Size of the palette the image is reduced to (None keeps full colour).
        Plots have few colours: a 64-colour 2x PNG is smaller than a
        full-colour 1x one (``benchmarks/README.md``, page weights).

    Returns
    -------
    png : bytes
        Saved with ``bbox_inches="tight"``; its text chunk ``MIN_FONT_KEY``
        holds the smallest font size in points (absent for a figure without
        text), its ``pHYs`` chunk the resolution ``dpi * scale``.
    size : tuple (width, height)
        The display size in CSS pixels: the PNG's size divided by ``scale``.
    """
    import io

    from PIL import Image, PngImagePlugin

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi * scale, bbox_inches="tight")
    smallest = smallest_font_size(fig)  # the figure as just drawn: no second draw
    image = Image.open(buf).convert("RGB")
    if colors is not None:
        image = image.quantize(colors=colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    info = PngImagePlugin.PngInfo()
    if smallest is not None:
        info.add_text(MIN_FONT_KEY, f"{smallest:g}")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True, pnginfo=info, dpi=(dpi * scale, dpi * scale))
    width, height = image.size
    return out.getvalue(), (round(width / scale), round(height / scale))


def use_book_style():
    """Set the book's figure style, and in IPython show figures with ``figure_png``.

    Every chapter calls it once, first. It updates matplotlib's ``rcParams``
    with ``BOOK_RC`` (sizes for a narrow column, fonts of 10 points or more)
    and, in IPython or Jupyter, makes a displayed Figure a 2x PNG shown at its
    CSS size (the output's ``width`` metadata) and stamped with its smallest
    font size, which the book's tests read.
    """
    import matplotlib
    import matplotlib.pyplot as plt

    matplotlib.rcParams.update(BOOK_RC)
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    try:  # a kernel's inline backend registers its own formatter when it loads: let it, then replace it
        import matplotlib_inline.backend_inline  # noqa: F401
    except ImportError:
        pass

    def png_for_display(fig):
        if not fig.axes and not fig.texts and not fig.lines and not fig.patches:
            return None  # an empty figure shows nothing, as in plain Jupyter
        png, (width, height) = figure_png(fig)
        return png, {"width": width, "height": height}

    shell.display_formatter.formatters["image/png"].for_type(plt.Figure, png_for_display)
