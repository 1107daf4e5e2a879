"""Drawings of what the course builds: a neuron, a perceptron, a multilayer
network, a convolution and its receptive field, pooling, an unrolled RNN, an
LSTM cell and a GRU cell; word2vec's CBOW, an encoder-decoder and a
captioning network; and a small zoo of network types.

Each function draws one diagram with matplotlib on the Axes it is given (or on
a new figure sized for the book: at most 5.5 inches wide, text of 10 points or
more, see ``nnlib.plotting.BOOK_RC``) and returns the Axes. The drawings use
the same letters as the book and as PyTorch: ``x`` inputs, ``w`` and ``b``
weights and bias, ``h`` hidden state, ``c`` the LSTM's cell state, gates
``i, f, g, o`` (LSTM) and ``r, z, n`` (GRU).

They are built from three shapes (:func:`_node` a circle, :func:`_box` a
rectangle, :func:`_arrow`), in data coordinates with equal aspect, axes
hidden. To add a diagram, write a function like these and test it in
``tests/test_diagrams.py`` (its parts, its labels, its text size).

matplotlib is imported inside the functions, so ``import nnlib`` works
without it.
"""

import numpy as np

FONT = 11  # points: legible on a phone once the figure shrinks to the column
SMALL = 10
NODE = "#dbe9f6"  # fill of a unit
GATE = "#fde2c4"  # fill of a gate or a layer
HIGHLIGHT = "#f4a259"
LINE = "#333333"


# -- the shapes every diagram is made of --

def _new_axes(ax, size):
    """The Axes to draw on: ``ax``, or a new figure of ``size`` inches."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=size)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return ax


def _node(ax, xy, text="", r=0.35, color=NODE, fontsize=FONT):
    """A circle (a unit, or an operation such as + or ⊙) with ``text`` inside."""
    from matplotlib.patches import Circle

    ax.add_patch(Circle(xy, r, facecolor=color, edgecolor=LINE, lw=1.2, zorder=2))
    if text:
        ax.text(*xy, text, ha="center", va="center", fontsize=fontsize, zorder=3)


def _box(ax, xy, text, width=1.0, height=0.6, color=GATE, fontsize=FONT):
    """A rectangle centred on ``xy`` (a gate, a layer, a cell) with ``text`` inside."""
    from matplotlib.patches import FancyBboxPatch

    x, y = xy
    ax.add_patch(FancyBboxPatch((x - width / 2, y - height / 2), width, height,
                                boxstyle="round,pad=0.02,rounding_size=0.08",
                                facecolor=color, edgecolor=LINE, lw=1.2, zorder=2))
    ax.text(x, y, text, ha="center", va="center", fontsize=fontsize, zorder=3)


def _arrow(ax, start, end, text="", shrink=0.0, color=LINE, offset=(0, 0.18), style="-|>", lw=1.2):
    """An arrow from ``start`` to ``end``, stopping ``shrink`` short of both ends."""
    start, end = np.asarray(start, float), np.asarray(end, float)
    direction = (end - start) / max(np.linalg.norm(end - start), 1e-12)
    a, b = start + shrink * direction, end - shrink * direction
    ax.annotate("", xy=b, xytext=a, zorder=1,
                arrowprops=dict(arrowstyle=style, color=color, lw=lw, shrinkA=0, shrinkB=0,
                                mutation_scale=12))
    if text:
        mid = (a + b) / 2 + np.asarray(offset)
        ax.text(*mid, text, ha="center", va="center", fontsize=SMALL, zorder=3,
                bbox=dict(facecolor="white", edgecolor="none", pad=0.5))


def _positive_int(value, name, minimum=1):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


# -- single neurons --

def draw_neuron(ax=None, n_inputs=3, activation=r"$\varphi$", output="$y$"):
    """An artificial neuron: inputs, weights, the weighted sum with bias, the activation.

    .. math:: y = \\varphi(a), \\qquad a = b + \\sum_{i=1}^{n} w_i x_i

    Parameters
    ----------
    ax : matplotlib Axes, optional
        Where to draw; by default a new figure.
    n_inputs : int, default=3
        Number of inputs drawn (the last one as :math:`x_n`).
    activation : str, default=r"$\\varphi$"
        The activation's symbol, in its box.
    output : str, default="$y$"
        The output's name.

    Returns
    -------
    matplotlib Axes
    """
    n = _positive_int(n_inputs, "n_inputs")
    ax = _new_axes(ax, (5.0, 2.2 + 0.35 * n))
    ys = np.linspace(0.9 * (n - 1), -0.9 * (n - 1), n) if n > 1 else np.zeros(1)
    names = [f"$x_{{{i + 1}}}$" for i in range(n)]
    weights = [f"$w_{{{i + 1}}}$" for i in range(n)]
    if n > 3:
        names[-1], weights[-1] = "$x_n$", "$w_n$"
    for y, name, weight in zip(ys, names, weights):
        _node(ax, (0, y), name)
        _arrow(ax, (0, y), (3, 0), weight, shrink=0.4, offset=(0, 0.25))
    _node(ax, (3, 0), r"$\Sigma$", r=0.5)
    ax.text(3, -0.85, "$a = b + \\sum_i w_i x_i$", ha="center", va="top", fontsize=SMALL)
    _arrow(ax, (3, 1.6), (3, 0.5), "$b$", offset=(0.3, 0))
    _box(ax, (5, 0), activation, width=1.0, height=0.8)
    _arrow(ax, (3.5, 0), (4.5, 0), "$a$")
    _arrow(ax, (5.5, 0), (6.6, 0))
    ax.text(6.75, 0, output, ha="left", va="center", fontsize=FONT)
    ax.set(xlim=(-0.6, 7.3), ylim=(min(ys.min(), -1.4) - 0.5, max(ys.max(), 1.6) + 0.5))
    return ax


def draw_perceptron(ax=None):
    """Rosenblatt's perceptron: a threshold neuron and the error that corrects its weights.

    .. math:: \\hat y = \\operatorname{sign}(\\mathbf{w}^\\top \\mathbf{x} + b), \\qquad
              \\mathbf{w} \\leftarrow \\mathbf{w} + \\alpha (y - \\hat y) \\mathbf{x}

    Parameters
    ----------
    ax : matplotlib Axes, optional
        Where to draw; by default a new figure.

    Returns
    -------
    matplotlib Axes
    """
    ax = _new_axes(ax, (5.2, 3.4))
    draw_neuron(ax, n_inputs=2, activation="sign", output=r"$\hat y$")
    _box(ax, (5, -2.3), r"$y - \hat y$", width=1.4, height=0.7, color=NODE)
    ax.text(7.0, -2.3, "target $y$", ha="left", va="center", fontsize=SMALL)
    _arrow(ax, (6.9, -2.3), (5.7, -2.3))
    _arrow(ax, (6.2, 0), (6.2, -1.95), style="-")
    _arrow(ax, (6.2, -1.95), (5.7, -2.1))
    _arrow(ax, (4.3, -2.3), (1.3, -1.1), r"$\Delta w_i = \alpha (y - \hat y) x_i$",
           color=HIGHLIGHT, offset=(-0.2, -0.55))
    ax.set(xlim=(-0.6, 8.8), ylim=(-3.0, 1.8))
    return ax


# -- networks --

def draw_mlp(layer_sizes=(2, 3, 1), ax=None, layer_names=None):
    """A fully connected network: one column of units per layer, every unit to every next one.

    Parameters
    ----------
    layer_sizes : sequence of int, default=(2, 3, 1)
        Units per layer, input first (at least two layers).
    ax : matplotlib Axes, optional
        Where to draw; by default a new figure.
    layer_names : sequence of str, optional
        A label under each layer; by default "input", "hidden", ..., "output".

    Returns
    -------
    matplotlib Axes
        Its patches are the units (``sum(layer_sizes)`` circles); the
        connections are ``sum(a * b)`` lines over consecutive layers.
    """
    sizes = [_positive_int(s, "every layer size") for s in layer_sizes]
    if len(sizes) < 2:
        raise ValueError(f"layer_sizes needs an input and an output layer, got {list(layer_sizes)!r}")
    if layer_names is None:
        hidden = ["hidden"] if len(sizes) == 3 else [f"hidden {k}" for k in range(1, len(sizes) - 1)]
        layer_names = ["input", *hidden, "output"]
    if len(layer_names) != len(sizes):
        raise ValueError(f"{len(sizes)} layers but {len(layer_names)} layer_names")
    ax = _new_axes(ax, (min(5.5, 1.6 + 1.3 * len(sizes)), 1.4 + 0.55 * max(sizes)))
    columns = []
    for k, n in enumerate(sizes):
        ys = (np.arange(n)[::-1] - (n - 1) / 2) * 1.0
        columns.append([(2.2 * k, y) for y in ys])
    for k, (left, right) in enumerate(zip(columns, columns[1:])):
        for a in left:
            for b in right:
                ax.plot(*zip(a, b), color=LINE, lw=0.8, zorder=1)
        ax.text(2.2 * k + 1.1, (max(sizes) - 1) / 2 + 0.55, f"$W^{{({k + 1})}}$",
                ha="center", va="bottom", fontsize=SMALL)
    for k, column in enumerate(columns):
        for j, xy in enumerate(column):
            name = f"$x_{{{j + 1}}}$" if k == 0 else ""
            _node(ax, xy, name, r=0.3, color=NODE if k == 0 else GATE)
        ax.text(2.2 * k, -(max(sizes) - 1) / 2 - 0.6, layer_names[k], ha="center", va="top",
                fontsize=SMALL)
    half = (max(sizes) - 1) / 2
    ax.set(xlim=(-0.7, 2.2 * (len(sizes) - 1) + 0.7), ylim=(-half - 1.2, half + 1.1))
    return ax


# -- convolutional layers --

def _grid(ax, origin, n_rows, n_cols, values=None, highlight=None, color=HIGHLIGHT, cell=0.5):
    """A grid of square cells from ``origin`` (its top-left corner), some highlighted."""
    from matplotlib.patches import Rectangle

    x0, y0 = origin
    for i in range(n_rows):
        for j in range(n_cols):
            lit = highlight is not None and highlight(i, j)
            ax.add_patch(Rectangle((x0 + j * cell, y0 - (i + 1) * cell), cell, cell,
                                   facecolor=color if lit else "white", edgecolor=LINE, lw=0.8))
            if values is not None:
                ax.text(x0 + (j + 0.5) * cell, y0 - (i + 0.5) * cell, f"{values[i][j]:g}",
                        ha="center", va="center", fontsize=SMALL)


def draw_convolution(input_size=6, kernel_size=3, position=(1, 2), ax=None):
    """A convolution: the kernel over its receptive field gives one output value.

    .. math:: y_{ij} = b + \\sum_{u, v} w_{uv}\\, x_{i + u,\\, j + v}

    Parameters
    ----------
    input_size : int, default=6
        The input is ``input_size`` x ``input_size`` (stride 1, no padding).
    kernel_size : int, default=3
    position : tuple (row, column), default=(1, 2)
        The output cell drawn, and so the receptive field highlighted.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
        The output grid has ``input_size - kernel_size + 1`` cells a side.
    """
    n = _positive_int(input_size, "input_size")
    k = _positive_int(kernel_size, "kernel_size")
    if k > n:
        raise ValueError(f"kernel_size ({k}) cannot exceed input_size ({n})")
    m = n - k + 1
    row, col = position
    if not (0 <= row < m and 0 <= col < m):
        raise ValueError(f"position must be a cell of the {m}x{m} output, got {position!r}")
    ax = _new_axes(ax, (5.4, 2.6))
    cell = 0.5
    top = n * cell / 2
    _grid(ax, (0, top), n, n, highlight=lambda i, j: row <= i < row + k and col <= j < col + k)
    kx = n * cell + 0.9
    _grid(ax, (kx, k * cell / 2), k, k, highlight=lambda i, j: True, color=GATE)
    ox = kx + k * cell + 1.1
    _grid(ax, (ox, m * cell / 2), m, m, highlight=lambda i, j: (i, j) == (row, col))
    ax.text(n * cell / 2, -top - 0.2, f"input {n}×{n}", ha="center", va="top", fontsize=SMALL)
    ax.text(kx + k * cell / 2, -top - 0.2, f"kernel {k}×{k}", ha="center", va="top", fontsize=SMALL)
    ax.text(ox + m * cell / 2, -top - 0.2, f"output {m}×{m}", ha="center", va="top", fontsize=SMALL)
    ax.text(kx - 0.45, 0, "∗", ha="center", va="center", fontsize=FONT + 4)
    ax.text(ox - 0.55, 0, "=", ha="center", va="center", fontsize=FONT + 2)
    # the receptive field's corners to the output cell it produces
    field = [((col + dc * k) * cell, top - (row + dr * k) * cell) for dr in (0, 1) for dc in (0, 1)]
    target = [(ox + (col + dc) * cell, m * cell / 2 - (row + dr) * cell) for dr in (0, 1) for dc in (0, 1)]
    for a, b in zip(field[1::2], target[1::2]):
        ax.plot(*zip(a, b), color=HIGHLIGHT, lw=0.9, ls="--", zorder=0)
    ax.set(xlim=(-0.2, ox + m * cell + 0.2), ylim=(-top - 0.75, top + 0.2))
    return ax


def draw_pooling(values=None, pool_size=2, ax=None):
    """Max pooling: each ``pool_size`` x ``pool_size`` block gives its largest value.

    Parameters
    ----------
    values : array_like of shape (n, n), optional
        The input (``n`` a multiple of ``pool_size``); a fixed 4×4 example by default.
    pool_size : int, default=2
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    x = np.array([[1, 3, 2, 0], [4, 2, 1, 1], [0, 1, 5, 2], [2, 2, 3, 4]]) if values is None else np.asarray(values)
    p = _positive_int(pool_size, "pool_size")
    if x.ndim != 2 or x.shape[0] != x.shape[1] or x.shape[0] % p:
        raise ValueError(f"values must be a square array whose side is a multiple of pool_size ({p}), "
                         f"got shape {x.shape}")
    n, m = x.shape[0], x.shape[0] // p
    pooled = x.reshape(m, p, m, p).max(axis=(1, 3))  # (m, m)
    colors = ["#dbe9f6", "#fde2c4", "#d8f0d2", "#f6d5e5"]
    ax = _new_axes(ax, (4.6, 2.4))
    cell = 0.6
    from matplotlib.patches import Rectangle

    for i in range(n):
        for j in range(n):
            block = (i // p) * m + j // p
            ax.add_patch(Rectangle((j * cell, -(i + 1) * cell), cell, cell, edgecolor=LINE, lw=0.8,
                                   facecolor=colors[block % len(colors)]))
            best = x[i, j] == pooled[i // p, j // p]
            ax.text((j + 0.5) * cell, -(i + 0.5) * cell, f"{x[i, j]:g}", ha="center", va="center",
                    fontsize=FONT, fontweight="bold" if best else "normal")
    ox, oy = n * cell + 1.2, -(n - m) * cell / 2
    for i in range(m):
        for j in range(m):
            ax.add_patch(Rectangle((ox + j * cell, oy - (i + 1) * cell), cell, cell, edgecolor=LINE,
                                   lw=0.8, facecolor=colors[(i * m + j) % len(colors)]))
            ax.text(ox + (j + 0.5) * cell, oy - (i + 0.5) * cell, f"{pooled[i, j]:g}",
                    ha="center", va="center", fontsize=FONT, fontweight="bold")
    _arrow(ax, (n * cell + 0.15, -n * cell / 2), (ox - 0.15, -n * cell / 2), f"max {p}×{p}",
           offset=(0, 0.3))
    ax.text(n * cell / 2, -n * cell - 0.15, f"{n}×{n}", ha="center", va="top", fontsize=SMALL)
    ax.text(ox + m * cell / 2, -n * cell - 0.15, f"{m}×{m}", ha="center", va="top", fontsize=SMALL)
    ax.set(xlim=(-0.1, ox + m * cell + 0.1), ylim=(-n * cell - 0.6, 0.1))
    return ax


# -- recurrent networks --

def draw_unrolled_rnn(steps=3, ax=None):
    """A recurrent layer, folded (a loop) and unrolled over ``steps`` time steps.

    .. math:: h_t = \\tanh(x_t W_{ih} + h_{t-1} W_{hh} + b)

    Parameters
    ----------
    steps : int, default=3
        Time steps drawn unrolled.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
        One box per step, plus the folded one.
    """
    t = _positive_int(steps, "steps")
    ax = _new_axes(ax, (min(5.5, 1.9 + 1.25 * t), 2.8))
    _box(ax, (0, 0), "RNN", width=1.0, height=0.8)
    _arrow(ax, (0, -1.5), (0, -0.4))
    ax.text(0, -1.65, "$x_t$", ha="center", va="top", fontsize=FONT)
    _arrow(ax, (0, 0.4), (0, 1.5))
    ax.text(0, 1.6, "$h_t$", ha="center", va="bottom", fontsize=FONT)
    ax.plot([0, 0.8, 0.8], [0.95, 0.95, 0], color=LINE, lw=1.2, zorder=1)  # h_t fed back
    _arrow(ax, (0.8, 0), (0.5, 0))
    ax.text(1.4, 0, "=", ha="center", va="center", fontsize=FONT + 4)
    x0 = 2.4
    names = [f"$x_{{{k}}}$" for k in range(1, t + 1)]
    states = [f"$h_{{{k}}}$" for k in range(1, t + 1)]
    ax.text(x0 - 0.25, 0, "$h_0$", ha="right", va="center", fontsize=FONT)
    for k in range(t):
        x = x0 + 0.5 + 1.6 * k
        _box(ax, (x, 0), "RNN", width=1.0, height=0.8)
        _arrow(ax, (x, -1.5), (x, -0.4))
        ax.text(x, -1.65, names[k], ha="center", va="top", fontsize=FONT)
        _arrow(ax, (x, 0.4), (x, 1.5))
        ax.text(x, 1.6, states[k], ha="center", va="bottom", fontsize=FONT)
        _arrow(ax, (x - 1.1 if k else x0 - 0.2, 0), (x - 0.5, 0))
    ax.text(x0 + 0.5 + 1.6 * (t - 1) / 2, -2.35, "the same weights at every step", ha="center",
            va="top", fontsize=SMALL)
    ax.set(xlim=(-0.8, x0 + 1.6 * t), ylim=(-2.9, 2.2))
    return ax


def _cell_axes(ax):
    """The Axes for one step of a gated cell, with the cell's rounded frame drawn."""
    from matplotlib.patches import FancyBboxPatch

    ax = _new_axes(ax, (5.3, 3.5))
    ax.add_patch(FancyBboxPatch((0, 0), 7.0, 4.2, boxstyle="round,pad=0.05,rounding_size=0.3",
                                facecolor="#f7f7f7", edgecolor=LINE, lw=1.2, zorder=0))
    ax.set(xlim=(-2.0, 8.9), ylim=(-1.5, 4.5))
    return ax


def _state_line(ax, y, before, after, multiply_x, add_x):
    """The state running through the cell: ``before`` -> (×) -> (+) -> ``after``."""
    ax.text(-1.1, y, before, ha="right", va="center", fontsize=FONT)
    _arrow(ax, (-1.0, y), (multiply_x - 0.35, y))
    _node(ax, (multiply_x, y), "×", r=0.3)
    _arrow(ax, (multiply_x + 0.3, y), (add_x - 0.35, y))
    _node(ax, (add_x, y), "+", r=0.3)
    _arrow(ax, (add_x + 0.3, y), (8.0, y))
    ax.text(8.1, y, after, ha="left", va="center", fontsize=FONT)


def _gate_boxes(ax, gates, y):
    """One box per gate ``(x, name, activation)`` at height ``y``, fed from the line below."""
    for x, name, act in gates:
        _arrow(ax, (x, 0.5), (x, y - 0.3))
        _box(ax, (x, y), act, width=0.9, height=0.6)
        ax.text(x - 0.52, y + 0.45, f"${name}$", ha="right", va="center", fontsize=SMALL)


def draw_lstm_cell(ax=None):
    """One LSTM step: the cell state runs along the top, four gates decide what changes.

    .. math::
        i, f, o = \\sigma(\\cdot), \\quad g = \\tanh(\\cdot), \\quad
        c_t = f \\odot c_{t-1} + i \\odot g, \\quad h_t = o \\odot \\tanh(c_t)

    Gates in PyTorch's order i, f, g, o, each computed from :math:`x_t` and
    :math:`h_{t-1}`.

    Parameters
    ----------
    ax : matplotlib Axes, optional
        Where to draw. By default a new figure 5.3 inches wide, which
        fits the book's column.

    Returns
    -------
    matplotlib Axes
        The cell: four gate boxes, the cell state's line, the output's tanh.
    """
    ax = _cell_axes(ax)
    top, gates_y = 3.5, 1.3
    _state_line(ax, top, "$c_{t-1}$", "$c_t$", multiply_x=1.8, add_x=4.2)  # c = f * c + i * g
    # the four gates from [h_{t-1}, x_t]
    _arrow(ax, (-1.0, 0.5), (6.0, 0.5), style="-")
    ax.text(-1.1, 0.5, "$h_{t-1}$", ha="right", va="center", fontsize=FONT)
    _arrow(ax, (0.5, -0.9), (0.5, 0.5), style="-")
    ax.text(0.5, -1.0, "$x_t$", ha="center", va="top", fontsize=FONT)
    _gate_boxes(ax, [(1.8, "f", r"$\sigma$"), (3.0, "i", r"$\sigma$"), (4.2, "g", "tanh"),
                     (5.6, "o", r"$\sigma$")], gates_y)
    _arrow(ax, (1.8, gates_y + 0.3), (1.8, top - 0.3))  # f multiplies the old cell state
    _node(ax, (3.6, 2.4), "×", r=0.3)  # i * g
    _arrow(ax, (3.0, gates_y + 0.3), (3.4, 2.2))
    _arrow(ax, (4.2, gates_y + 0.3), (3.8, 2.2))
    _arrow(ax, (3.75, 2.65), (4.05, 3.25))
    # the output: h_t = o * tanh(c_t)
    _box(ax, (6.6, 2.4), "tanh", width=0.9, height=0.5, color=NODE)
    _arrow(ax, (6.6, top), (6.6, 2.65))
    _node(ax, (6.6, 1.3), "×", r=0.3)
    _arrow(ax, (6.6, 2.15), (6.6, 1.6))
    _arrow(ax, (5.6, gates_y + 0.3), (6.35, 1.45), style="-|>")
    _arrow(ax, (6.9, 1.3), (8.0, 1.3))
    ax.text(8.1, 1.3, "$h_t$", ha="left", va="center", fontsize=FONT)
    return ax


def draw_gru_cell(ax=None):
    """One GRU step: a reset gate r, an update gate z and a candidate n.

    .. math::
        n = \\tanh(x W_{in} + b_{in} + r \\odot (h W_{hn} + b_{hn})), \\qquad
        h_t = (1 - z) \\odot n + z \\odot h_{t-1}

    Gates in PyTorch's order r, z, n. Unlike the LSTM, no separate cell state:
    the hidden state itself runs along the top.

    Parameters
    ----------
    ax : matplotlib Axes, optional
        Where to draw; by default a new figure 5.3 inches wide.

    Returns
    -------
    matplotlib Axes
        The cell: three gate boxes, the state line with its × and + nodes.
    """
    ax = _cell_axes(ax)
    top, gates_y = 3.5, 1.3
    _state_line(ax, top, "$h_{t-1}$", "$h_t$", multiply_x=4.1, add_x=6.2)  # h = z * h + (1 - z) * n
    # h_{t-1} also feeds the gates
    _arrow(ax, (0.2, top), (0.2, 0.5), style="-")
    _arrow(ax, (0.2, 0.5), (5.2, 0.5), style="-")
    _arrow(ax, (0.8, -0.9), (0.8, 0.5), style="-")
    ax.text(0.8, -1.0, "$x_t$", ha="center", va="top", fontsize=FONT)
    _gate_boxes(ax, [(1.6, "z", r"$\sigma$"), (2.9, "r", r"$\sigma$"), (5.2, "n", "tanh")], gates_y)
    # r scales the old state inside the candidate
    _arrow(ax, (3.35, gates_y), (4.75, gates_y), r"$r \odot h_{t-1}$", offset=(0, 0.4))
    # z keeps the old state, 1 - z takes the candidate
    _arrow(ax, (1.6, gates_y + 0.3), (3.85, top - 0.2))
    _node(ax, (6.2, 2.2), "×", r=0.3)
    _arrow(ax, (5.2, gates_y + 0.3), (5.95, 2.05))
    ax.text(6.55, 2.2, "$1 - z$", ha="left", va="center", fontsize=SMALL)
    _arrow(ax, (6.2, 2.5), (6.2, top - 0.3))
    return ax


# -- words and sequences --

def draw_cbow(n_context=4, ax=None):
    """word2vec's CBOW: one-hot context words, their averaged input vectors, a softmax over the vocabulary.

    .. math:: h = \\frac{1}{C} W^{\\top} (x_1 + \\dots + x_C), \\qquad y = \\operatorname{softmax}(W' h)

    Parameters
    ----------
    n_context : int, default=4
        C, the number of context words drawn.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
        One box per context word, the hidden layer h and the output layer y.
    """
    C = _positive_int(n_context, "n_context")
    ax = _new_axes(ax, (5.2, 3.6))
    ys = np.linspace(1.6 * (C - 1) / 2, -1.6 * (C - 1) / 2, C) * 0.75
    for c, y in enumerate(ys, 1):
        _box(ax, (0, y), f"$x_{{{c}}}$", width=1.1, height=0.7)
        _arrow(ax, (0.55, y), (2.55, 0), r"$W$" if c == 1 else "", offset=(0, 0.3), shrink=0.05)
    ax.text(-0.55, ys[0] + 0.75, "context words, one-hot (V)", ha="left", va="bottom", fontsize=SMALL)
    _box(ax, (3.1, 0), "$h$", width=1.1, height=0.9, color=NODE)
    ax.text(3.1, -0.75, "average (N)", ha="center", va="top", fontsize=SMALL)
    _arrow(ax, (3.65, 0), (5.3, 0), r"$W'$", offset=(0, 0.3))
    _box(ax, (6.0, 0), "softmax", width=1.4, height=0.9)
    ax.text(6.0, -0.75, "$y$ (V)", ha="center", va="top", fontsize=SMALL)
    _arrow(ax, (6.7, 0), (7.4, 0))
    ax.text(7.5, 0, "$w_O$", ha="left", va="center", fontsize=FONT)
    ax.set(xlim=(-0.8, 8.3), ylim=(ys[-1] - 0.8, ys[0] + 1.3))
    return ax


def _chain(ax, x0, y, labels, inputs, name, color):
    """A row of recurrent boxes named ``name`` fed ``inputs`` from below, each passing its state to the next."""
    for k, (label, word) in enumerate(zip(labels, inputs)):
        x = x0 + 1.25 * k
        _box(ax, (x, y), name, width=0.95, height=0.7, color=color)
        ax.text(x, y + 0.45, label, ha="center", va="bottom", fontsize=SMALL)
        _arrow(ax, (x, y - 1.1), (x, y - 0.35))
        ax.text(x, y - 1.2, word, ha="center", va="top", fontsize=SMALL)
        if k:
            _arrow(ax, (x - 0.775, y), (x - 0.475, y))
    return x0 + 1.25 * (len(labels) - 1)


def draw_encoder_decoder(source=("I", "like", "cats"), target=("j'aime", "les", "chats"), ax=None):
    """Translation with an encoder and a decoder: the source read into one vector, the target written from it.

    .. math:: h_t = f(x_t, h_{t-1}), \\qquad s_0 = h_T, \\qquad s_k = f'(y_{k-1}, s_{k-1})

    Parameters
    ----------
    source, target : sequences of str
        The sentence read and the sentence written (an end token follows it).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
        One encoder box per source word, one decoder box per target word and
        the end token.
    """
    if not source or not target:
        raise ValueError("draw_encoder_decoder needs at least one source word and one target word")
    ax = _new_axes(ax, (5.3, 3.2))
    T = len(source)
    last = _chain(ax, 0, 0, [f"$h_{{{t}}}$" for t in range(1, T + 1)], source, "enc", NODE)
    outputs = [*target, "<end>"]
    x0 = last + 1.6
    _arrow(ax, (last + 0.475, 0), (x0 - 0.475, 0))
    end = _chain(ax, x0, 0, [f"$s_{{{k}}}$" for k in range(1, len(outputs) + 1)], ["<start>", *target], "dec", GATE)
    for k, word in enumerate(outputs):
        x = x0 + 1.25 * k
        _arrow(ax, (x, 0.85), (x, 1.45))
        ax.text(x, 1.55, word, ha="center", va="bottom", fontsize=SMALL)
    ax.text(last / 2, -1.75, "encoder: reads", ha="center", va="top", fontsize=SMALL)
    ax.text((x0 + end) / 2, -1.75, "decoder: writes", ha="center", va="top", fontsize=SMALL)
    ax.set(xlim=(-0.7, end + 0.7), ylim=(-2.3, 2.1))
    return ax


def draw_captioning(words=("two", "girls", "play"), ax=None):
    """Image captioning: a convolutional network's vector starts a recurrent network that writes the caption.

    .. math:: s_0 = \\text{CNN}(\\text{image}), \\qquad s_k = f(y_{k-1}, s_{k-1}), \\qquad
        y_k \\sim \\operatorname{softmax}(s_k V)

    Parameters
    ----------
    words : sequence of str
        The caption (an END token follows it).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
        The image, the CNN box, one RNN box per word and END.
    """
    if not words:
        raise ValueError("draw_captioning needs at least one word")
    from matplotlib.patches import Rectangle

    ax = _new_axes(ax, (5.3, 3.2))
    ax.add_patch(Rectangle((-0.5, -0.5), 1.0, 1.0, facecolor=HIGHLIGHT, edgecolor=LINE, lw=1.2, alpha=0.6))
    ax.text(0, -0.7, "image", ha="center", va="top", fontsize=SMALL)
    _arrow(ax, (0.55, 0), (1.05, 0))
    _box(ax, (1.6, 0), "CNN", width=1.0, height=0.8)
    outputs = [*words, "END"]
    x0 = 3.3
    _arrow(ax, (2.1, 0), (x0 - 0.475, 0))
    end = _chain(ax, x0, 0, [""] * len(outputs), ["START", *words], "RNN", GATE)
    for k, word in enumerate(outputs):
        x = x0 + 1.25 * k
        _arrow(ax, (x, 0.4), (x, 1.1))
        ax.text(x, 1.2, word, ha="center", va="bottom", fontsize=SMALL)
    ax.set(xlim=(-0.7, end + 0.7), ylim=(-1.9, 1.8))
    return ax


# -- the zoo of network types --

# Cell kinds of the zoo, after the colour key of van Veen's chart (Granada lecture).
ZOO_CELLS = {
    "input": "#fff2a8",
    "hidden": "#c8e6c9",
    "output": "#fdc9a0",
    "recurrent": "#b3d4f0",
    "memory": "#d9c8ec",
    "kernel": "#f7c6d4",
}

# name, cycles?, layers as (units, kind), and how the second layer is wired ("full" or "local")
ZOO = [
    ("perceptron", False, [(2, "input"), (1, "output")], "full"),
    ("feed-forward", False, [(3, "input"), (4, "hidden"), (2, "output")], "full"),
    ("deep feed-forward", False, [(3, "input"), (4, "hidden"), (4, "hidden"), (2, "output")], "full"),
    ("convolutional", False, [(5, "input"), (3, "kernel"), (3, "hidden"), (1, "output")], "local"),
    ("autoencoder", False, [(4, "input"), (2, "hidden"), (4, "output")], "full"),
    ("recurrent", True, [(3, "input"), (3, "recurrent"), (2, "output")], "full"),
    ("LSTM", True, [(3, "input"), (3, "memory"), (2, "output")], "full"),
    ("Hopfield", True, [(4, "recurrent")], "all"),
]


def _loop(ax, xy, r):
    """A small arrow that leaves a unit and comes back to it: its output is one of its inputs."""
    x, y = xy
    ax.annotate("", xy=(x + 0.55 * r, y + 0.85 * r), xytext=(x - 0.55 * r, y + 0.85 * r), zorder=3,
                arrowprops=dict(arrowstyle="-|>", color=LINE, lw=1.0, mutation_scale=8,
                                connectionstyle="arc3,rad=-1.9", shrinkA=0, shrinkB=0))


def draw_network_zoo(ax=None):
    """Eight types of network from the Granada lecture's zoo, with and without cycles.

    A network is *feed-forward* when its connections form no cycle: every
    unit's output depends only on the units before it, and one pass from the
    inputs to the outputs computes everything,

    .. math:: \\mathbf{h}^{(k)} = g\\big(W^{(k)} \\mathbf{h}^{(k-1)} + \\mathbf{b}^{(k)}\\big),
              \\qquad k = 1, \\dots, L .

    Recurrent, LSTM and Hopfield networks have cycles (a unit's output comes
    back to it, drawn as a loop, or every unit is wired to every other), so
    their state evolves over time steps.

    Parameters
    ----------
    ax : matplotlib Axes, optional
        Where to draw; by default a new figure.

    Returns
    -------
    matplotlib Axes
        One circle per unit (``ZOO`` lists the networks and their layers),
        one loop per recurrent or memory unit, a title per network that
        says whether it has cycles, and a key of the cell kinds.
    """
    ax = _new_axes(ax, (5.4, 7.9))
    r, width, height = 0.22, 5.2, 3.7
    for index, (name, cycles, layers, wiring) in enumerate(ZOO):
        x0, y0 = (index % 2) * width, -(index // 2) * height
        ax.text(x0 + 2.0, y0 + 1.95, name, ha="center", va="bottom", fontsize=SMALL, fontweight="bold")
        ax.text(x0 + 2.0, y0 + 1.9, "cycles" if cycles else "no cycles", ha="center", va="top",
                fontsize=SMALL, color="#c0392b" if cycles else LINE)
        if wiring == "all":  # every unit to every other, both ways
            angles = np.pi / 4 + np.arange(layers[0][0]) * np.pi / 2
            units = [(x0 + 2.0 + 0.85 * np.cos(a), y0 + 0.85 * np.sin(a)) for a in angles]
            for i, a in enumerate(units):
                for b in units[i + 1:]:
                    ax.plot(*zip(a, b), color=LINE, lw=0.8, zorder=1)
            for xy in units:
                _node(ax, xy, r=r, color=ZOO_CELLS[layers[0][1]])
            continue
        columns = []
        step = 4.0 / max(len(layers) - 1, 1)
        for k, (n, kind) in enumerate(layers):
            ys = (np.arange(n)[::-1] - (n - 1) / 2) * 0.62
            columns.append([(x0 + k * step, y0 + y) for y in ys])
        for k, (left, right) in enumerate(zip(columns, columns[1:])):
            for j, b in enumerate(right):
                sources = left[j:j + 3] if (k == 0 and wiring == "local") else left
                for a in sources:
                    ax.plot(*zip(a, b), color=LINE, lw=0.7, zorder=1)
        for (n, kind), column in zip(layers, columns):
            for xy in column:
                _node(ax, xy, r=r, color=ZOO_CELLS[kind])
                if kind in ("recurrent", "memory"):
                    _loop(ax, xy, r)
    key_y = -4 * height + 1.9
    for i, (kind, color) in enumerate(ZOO_CELLS.items()):
        x, y = (i % 3) * 3.4 + 0.3, key_y - (i // 3) * 0.7
        _node(ax, (x, y), r=r, color=color)
        ax.text(x + 0.4, y, kind, ha="left", va="center", fontsize=SMALL)
    ax.set(xlim=(-0.5, 2 * width - 0.6), ylim=(key_y - 1.1, 2.5))
    return ax
