"""The report's figures, as PNG data URIs (the page needs no other file, no script, no network).

Each function draws one figure with matplotlib's object API (no pyplot: no
global state, no display needed), sized to be read at full width on a laptop
screen (9 inches at 100 dpi, 11-point text), and returns it as
``data:image/png;base64,...``.
"""

import base64
import io

import numpy as np
from matplotlib.figure import Figure

from .failures import HIDDEN, NO_ERROR, STOPPED, VISIBLE

WIDTH, DPI = 9.0, 100
COLOURS = {"full marks": "#4c9a2a", VISIBLE: "#d1495b", HIDDEN: "#edae49", STOPPED: "#8d6a9f", NO_ERROR: "#a0a0a0"}
LEGEND = {"full marks": "full marks", VISIBLE: "failed a visible test", HIDDEN: "failed only a hidden test",
          STOPPED: "stopped (time-out, crash, not run)", NO_ERROR: "no error recorded"}
WEAK_DISCRIMINATION = 0.2


def _figure(height):
    fig = Figure(figsize=(WIDTH, height), dpi=DPI)
    fig.set_layout_engine("constrained")
    return fig, fig.add_subplot()


def _style(ax):
    ax.tick_params(labelsize=11)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def data_uri(fig):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def score_histogram(scores, max_score):
    """Histogram of the scores (0 to ``max_score``, one bar per point up to 40 points), mean and median marked."""
    fig, ax = _figure(3.4)
    step = 1.0 if max_score <= 40 else max_score / 40
    bins = np.arange(-step / 2, max_score + step, step)  # a bar centred on each whole score
    ax.hist(scores, bins=bins, color="#3c6e9f", edgecolor="white")
    mean, median = float(np.mean(scores)), float(np.median(scores))
    ax.axvline(mean, color="#d1495b", linewidth=2, label=f"mean {mean:.1f}")
    ax.axvline(median, color="#222222", linewidth=2, linestyle="--", label=f"median {median:g}")
    ax.set_xlim(-step, max_score + step)
    ax.set_xlabel(f"score after late penalties (out of {max_score:g})", fontsize=11)
    ax.set_ylabel("submissions", fontsize=11)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize=10, frameon=False)
    _style(ax)
    return data_uri(fig)


def pass_rates(item_stats):
    """One bar per test cell: the share of submissions with full marks, and where the others failed."""
    fig, ax = _figure(1.0 + 0.45 * len(item_stats))
    labels = [s.grade_id for s in item_stats]
    y = np.arange(len(item_stats))[::-1]
    left = np.zeros(len(item_stats))
    for key in ("full marks", VISIBLE, HIDDEN, STOPPED, NO_ERROR):
        counts = np.array([s.full_marks_rate * s.submissions if key == "full marks" else s.where.get(key, 0)
                           for s in item_stats], dtype=float)
        shares = 100 * counts / np.maximum(1, [s.submissions for s in item_stats])
        ax.barh(y, shares, left=left, color=COLOURS[key], label=LEGEND[key], height=0.7)
        for yi, xi, share in zip(y, left, shares):
            if share >= 8:
                ax.text(xi + share / 2, yi, f"{share:.0f}%", ha="center", va="center", fontsize=10, color="white")
        left += shares
    ax.set_yticks(y, labels, fontsize=11)
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of submissions", fontsize=11)
    ax.legend(fontsize=10, frameon=False, ncol=3, loc="lower center", bbox_to_anchor=(0.5, 1.0))
    _style(ax)
    return data_uri(fig)


def difficulty_discrimination(item_stats):
    """Each test cell at (share with full marks, discrimination); the weak band shaded."""
    fig, ax = _figure(4.4)
    shown = [s for s in item_stats if s.discrimination is not None]
    ax.axhspan(-1, WEAK_DISCRIMINATION, color="#f3d9dc", zorder=0)
    ax.text(0.01, WEAK_DISCRIMINATION - 0.04, f"weak: under {WEAK_DISCRIMINATION}", fontsize=10, va="top", color="#8a1c2b")
    points = {}  # test cells at the same place share one label
    for s in shown:
        points.setdefault((round(s.full_marks_rate, 3), round(s.discrimination, 3)), []).append(s.grade_id)
    ax.scatter([x for x, _ in points], [y for _, y in points], s=60, color="#3c6e9f", zorder=3)
    for i, ((x, y), names) in enumerate(sorted(points.items())):  # labels alternately above and below
        ax.annotate(", ".join(names), (x, y), xytext=(6, 6 if i % 2 == 0 else -14), textcoords="offset points",
                    fontsize=10, ha="right" if x > 0.75 else "left")
    ax.set_xlim(0, 1.05)
    ax.set_ylim(-1, 1)
    ax.set_xlabel("difficulty: share of submissions with full marks (higher is easier)", fontsize=11)
    ax.set_ylabel("discrimination (point-biserial)", fontsize=11)
    _style(ax)
    return data_uri(fig)


def grading_times(seconds):
    """Histogram of the grading time per submission, with the median marked."""
    fig, ax = _figure(3.0)
    ax.hist(seconds, bins=min(30, max(5, len(seconds) // 2)), color="#3c6e9f", edgecolor="white")
    median = float(np.median(seconds))
    ax.axvline(median, color="#222222", linewidth=2, linestyle="--", label=f"median {median:.1f} s")
    ax.set_xlabel("seconds to grade one submission (in its worker)", fontsize=11)
    ax.set_ylabel("submissions", fontsize=11)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize=10, frameon=False)
    _style(ax)
    return data_uri(fig)


def assignment_scores(names, fractions):
    """One box per assignment: the scores as a share of its points (``fractions``: one list per assignment)."""
    fig, ax = _figure(1.2 + 0.5 * len(names))
    y = np.arange(len(names))[::-1]
    drawn = [(yi, f) for yi, f in zip(y, fractions) if f]
    ax.boxplot([100 * np.asarray(f) for _, f in drawn], positions=[yi for yi, _ in drawn], vert=False, widths=0.6,
               showmeans=True, meanprops={"marker": "D", "markerfacecolor": "#d1495b", "markeredgecolor": "#d1495b"})
    ax.set_yticks(y, names, fontsize=11)
    ax.set_xlim(-2, 102)
    ax.set_xlabel("score, % of the assignment's points (box: middle half; line: median; diamond: mean)", fontsize=11)
    _style(ax)
    return data_uri(fig)
