"""The numbers of the class report: item analysis, scores, statuses, reasons, times.

Item analysis follows classical test theory, with the autograded test cells as
items. Over the submissions whose autograded score is not withheld, for an
item with scores :math:`x_i` out of :math:`m` and the rest of each submission's
autograded score :math:`r_i` (its other test cells):

- ``mean_points`` is :math:`\\bar x`; ``full_marks_rate`` (the difficulty index
  *p*: higher is easier) is the share of submissions with :math:`x_i = m`;
- ``discrimination`` is the point-biserial correlation of the item with the
  rest score, Pearson's correlation of :math:`x` and :math:`r` (for an item
  scored all or nothing it equals :math:`(\\bar r_1 - \\bar r_0)\\sqrt{pq}/s_r`,
  with :math:`\\bar r_1, \\bar r_0` the mean rest scores of those who got the
  item and those who did not, :math:`q = 1 - p` and :math:`s_r` the population
  standard deviation of the rest score). It is left out (None) where it is
  undefined: fewer than two submissions, or an item or a rest score that is the
  same for everyone. The item is left out of the rest so that it does not
  correlate with itself; a value under 0.2 is usually read as a test that does
  not separate the students who master the assignment from the others.
"""

import statistics
from collections import Counter
from dataclasses import dataclass

import numpy as np

# The kinds of reason counted in the report, recognised by what nncourse grade writes.
REASON_KINDS = {
    "time-outs": ("timed out", "time budget", "took longer than"),
    "crashes": ("kernel died", "process crashed", "MemoryError"),
    "restored cells": ("restored",),
    "tampering flags": ("tampering",),
    "output dropped": ("dropped",),
    "unreadable or missing notebook": ("not a valid notebook", "no notebook", "could not be read", "larger than",
                                       "symbolic link"),
    "grader failures": ("the grader failed", "not graded: "),
}
STATUSES = ("graded", "problems", "zero", "review", "error")


@dataclass
class ItemStats:
    """One row of ``items.csv``."""

    grade_id: str
    max_points: float
    submissions: int
    mean_points: float | None
    full_marks_rate: float | None
    discrimination: float | None
    top_failure: str
    where: Counter  # failures.VISIBLE, HIDDEN, STOPPED, NO_ERROR -> number of submissions that failed there


def point_biserial(item, rest):
    """Pearson's correlation of an item's scores with the rest scores; None where undefined.

    Parameters
    ----------
    item, rest : array_like of shape (n_submissions,)
    """
    x, r = np.asarray(item, dtype=float), np.asarray(rest, dtype=float)
    if x.shape != r.shape or x.ndim != 1:
        raise ValueError(f"item and rest must be two sequences of the same length, got shapes {x.shape} and {r.shape}")
    if len(x) < 2 or np.ptp(x) == 0 or np.ptp(r) == 0:
        return None
    dx, dr = x - x.mean(), r - r.mean()
    return float(dx @ dr / np.sqrt((dx @ dx) * (dr @ dr)))


def top_failure(failures):
    """The most common message among failures (ties: the first in alphabetical order); "" when none has one."""
    counts = Counter(f.message for f in failures if f.message)
    if not counts:
        return ""
    best = max(counts.values())
    return min(message for message, n in counts.items() if n == best)


def scored(results):
    """The submissions whose autograded score is not withheld."""
    return [s for s in results.submissions if not s.withheld]


def item_stats(results, failures):
    """One :class:`ItemStats` per item of ``results`` (results.AssignmentResults), in order.

    ``failures``: item -> list of failures.Failure (:func:`nncourse.failures.read`).
    """
    subs = scored(results)
    table = np.array([[s.points[item] for item in results.items] for s in subs], dtype=float).reshape(len(subs), len(results.items))
    totals = table.sum(axis=1)
    out = []
    for j, item in enumerate(results.items):
        x = table[:, j]
        n = len(x)
        out.append(ItemStats(
            grade_id=results.label(item), max_points=item.max_points, submissions=n,
            mean_points=float(x.mean()) if n else None,
            full_marks_rate=float((x >= item.max_points).mean()) if n else None,
            discrimination=point_biserial(x, totals - x),
            top_failure=top_failure(failures.get(item, [])),
            where=Counter(f.where for f in failures.get(item, []))))
    return out


def reason_counts(runs):
    """Kind of reason -> number of submissions with at least one reason of that kind."""
    counts = Counter()
    for run in runs:
        for kind, words in REASON_KINDS.items():
            if any(word in reason for reason in run.reasons for word in words):
                counts[kind] += 1
    return counts


def status_counts(runs):
    """Status -> number of submissions, for every status of ``nncourse grade``."""
    counts = Counter(run.status for run in runs)
    return {status: counts.get(status, 0) for status in STATUSES}


def describe(values):
    """(mean, median) of a non-empty sequence, else (None, None)."""
    values = list(values)
    return (statistics.fmean(values), statistics.median(values)) if values else (None, None)
