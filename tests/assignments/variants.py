"""Students' answers written from the statements: what ``tests/test_fair_grading.py`` grades.

A variants module, ``variants_<assignment>.py``, defines two dicts, each from
the name of a graded function (the grade_id of its answer cell) to
``{label: answer}``:

- ``RIGHT``: correct answers in the styles students really write (loops,
  other formulas, helpers, prints, warnings, logging, deprecated calls,
  plots, other return types and edge-case choices the statement allows).
  Each must keep full marks;
- ``WRONG``: typical mistakes. Each must lose points on the test cells of
  the function it is listed under, and any later test cell that fails
  because of it must say so ("this test uses your ``f``, which does not pass
  its own tests yet").

An answer is the source of the function's answer cell, or a dict of sources
by grade_id when it changes several cells (a forward function with a cache
of its own and the backward function that reads it). A key ``after(grade_id)``
adds a code cell of the student's own right after that answer cell (a
helper, ``logging.basicConfig``). They were written from the statements, not
derived from the solutions.
"""

import copy
import importlib
from dataclasses import dataclass, field

import nbformat

from . import notebook
from .spec import code  # noqa: F401 - re-exported for the variants modules

_AFTER = "after "


def edit(source, old, new):
    """``source`` with ``old`` replaced by ``new`` (a mistake made in a correct answer); ``old`` must be there."""
    if source.count(old) != 1:
        raise ValueError(f"{old!r} should occur once in the answer, found {source.count(old)} times")
    return source.replace(old, new)


def after(grade_id):
    """The key of a cell the student added right after the answer cell ``grade_id``."""
    return _AFTER + grade_id


@dataclass
class Submission:
    name: str  # the student's folder: letters, digits and "-" only
    kind: str  # "reference", "right" or "wrong"
    target: str | None = None  # the function a mistake is in
    labels: list = field(default_factory=list)  # "function: label" of every variant it holds
    sources: dict = field(default_factory=dict)  # grade_id (or after(grade_id)) -> source


def load(assignment):
    """(RIGHT, WRONG) of ``variants_<assignment>``."""
    module = importlib.import_module(f"{__package__}.variants_{assignment}")
    return module.RIGHT, module.WRONG


def _sources(function, answer):
    return dict(answer) if isinstance(answer, dict) else {function: answer}


def submissions(assignment):
    """The class to grade: the reference, the correct variants packed several to a submission, one per mistake.

    Correct variants are packed greedily: a submission takes at most one
    variant per function, and none whose cells another of its variants
    already changes.
    """
    reference = {c.grade_id: c.source for c in notebook.cells(notebook.source_notebook(assignment)) if c.role == "answer"}
    right, wrong = load(assignment)
    out = [Submission("reference", "reference", sources=dict(reference))]
    pending = [(f, label, _sources(f, answer)) for f, answers in right.items() for label, answer in answers.items()]
    while pending:
        taken, used, rest = [], set(), []
        for function, label, sources in pending:
            cells = {key.removeprefix(_AFTER) for key in sources}
            if cells & used:
                rest.append((function, label, sources))
            else:
                taken.append((function, label, sources))
                used |= cells
        merged = dict(reference)
        for _, _, sources in taken:
            merged.update(sources)
        out.append(Submission(f"right{len(out)}", "right", labels=[f"{f}: {label}" for f, label, _ in taken], sources=merged))
        pending = rest
    for function, answers in wrong.items():
        for i, (label, answer) in enumerate(answers.items()):
            out.append(Submission(f"wrong-{function.replace('_', '-')}-{i}", "wrong", target=function,
                                  labels=[f"{function}: {label}"], sources={**reference, **_sources(function, answer)}))
    return out


def make_notebook(assignment, sources):
    """The student release of ``assignment`` with the answer cells (and the student's own extra cells) filled in."""
    nb = nbformat.read(str(notebook.release_notebook(assignment)), as_version=4)
    cells = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        grade_id = meta.get("grade_id")
        cell = copy.deepcopy(cell)
        if meta.get("solution") and grade_id in sources:
            cell.source = sources[grade_id]
        elif meta.get("solution") and meta.get("grade"):
            cell.source = "A written answer."
        cells.append(cell)
        if grade_id is not None and after(grade_id) in sources:
            extra = nbformat.v4.new_code_cell(sources[after(grade_id)])
            extra.id = f"student-{grade_id}"
            cells.append(extra)
    nb.cells = cells
    return nb


def cells(assignment, sources):
    """The source notebook's cells (hidden tests included) with these answers, for the in-process runner."""
    out = []
    for cell in notebook.cells(notebook.source_notebook(assignment)):
        if cell.role == "answer" and cell.grade_id in sources:
            cell = notebook.Cell(cell.role, cell.grade_id, sources[cell.grade_id], cell.points)
        out.append(cell)
        if cell.grade_id is not None and after(cell.grade_id) in sources:
            out.append(notebook.Cell("setup", None, sources[after(cell.grade_id)]))
    return out


def test_cells_by_function(assignment):
    """grade_id of each answer cell -> the grade_ids of the test cells that follow it."""
    out, current = {}, None
    for cell in notebook.cells(notebook.source_notebook(assignment)):
        if cell.role == "answer":
            current = cell.grade_id
            out[current] = []
        elif cell.role == "test" and current is not None:
            out[current].append(cell.grade_id)
    return out
