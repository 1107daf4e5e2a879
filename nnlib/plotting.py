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
    from matplotlib.colors import ListedColormap

    evaluate = _evaluator(model, threshold)
    X = check_array(X)
    if X.shape[1] != 2:
        raise ValueError(f"X must have 2 features (one per axis of the plot), got shape {X.shape}")
    y = np.asarray(y)
    if y.ndim != 1 or len(y) != len(X):
        raise ValueError(f"y must be 1-D with one label per row of X ({len(X)}), got shape {y.shape}")
    if isinstance(resolution, bool) or not isinstance(resolution, (int, np.integer)) or resolution < 2:
        raise ValueError(f"resolution must be an integer >= 2, got {resolution!r}")
    xmin, xmax, ymin, ymax = _window(X, margin, bounds)

    xs = np.linspace(xmin, xmax, resolution)
    ys = np.linspace(ymin, ymax, resolution)
    xx, yy = np.meshgrid(xs, ys)  # (resolution, resolution) each; rows follow ys
    grid = np.column_stack([xx.ravel(), yy.ravel()])  # (resolution**2, 2)
    labels, score, level = evaluate(grid)
    labels = np.asarray(labels)
    if labels.shape != (len(grid),):
        raise ValueError(f"the model must return one label per row: {len(grid)} rows gave "
                         f"an array of shape {labels.shape}")

    classes = np.unique(np.concatenate([np.unique(y), np.unique(labels)]))
    index = np.searchsorted(classes, labels).reshape(xx.shape)  # (resolution, resolution)
    palette = [colors[k % len(colors)] for k in range(len(classes))]
    cmap = ListedColormap(palette)

    if ax is None:
        ax = plt.gca()
    dx, dy = (xmax - xmin) / (resolution - 1), (ymax - ymin) / (resolution - 1)
    ax.imshow(index, origin="lower", interpolation="nearest", aspect="auto", cmap=cmap,
              vmin=-0.5, vmax=len(classes) - 0.5, alpha=alpha,
              extent=(xmin - dx / 2, xmax + dx / 2, ymin - dy / 2, ymax + dy / 2))
    if boundary and len(np.unique(index)) > 1:
        if score is not None:  # a continuous score: the exact, smooth boundary
            ax.contour(xx, yy, np.asarray(score, dtype=float).reshape(xx.shape), levels=[level],
                       colors="k", linewidths=0.8)
        else:  # only labels: trace the borders between grid cells of different classes
            ax.contour(xx, yy, index, levels=np.arange(len(classes) - 1) + 0.5,
                       colors="k", linewidths=0.8)
    point_index = np.searchsorted(classes, y)
    for k, label in enumerate(classes):
        mine = point_index == k
        if np.any(mine):
            ax.scatter(X[mine, 0], X[mine, 1], s=s, color=palette[k], edgecolors="k",
                       linewidths=0.5, label=str(label), zorder=3)
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    return ax


def _evaluator(model, threshold):
    """A function grid -> (labels, score, level) for a classic model or a network.

    ``score`` is a continuous function whose level set ``score == level`` is
    the decision boundary, when the model has one (a linear threshold unit's
    net input, a network's single output); otherwise None.
    """
    from .neurons import ThresholdUnit
    from .perceptron import _LinearThresholdClassifier

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
    if isinstance(model, _LinearThresholdClassifier):  # Perceptron, Adaline: net input >= 0
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
