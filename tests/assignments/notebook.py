"""The cells of an nbgrader source notebook, by role.

Roles follow the nbgrader metadata of each cell:

- ``answer``: autograded answer cell (``solution: true``, ``grade: false``),
  the student's function between ``### BEGIN SOLUTION`` and ``### END SOLUTION``;
- ``test``: autograded test cell (``grade: true``, ``solution: false``), with
  ``points``; visible tests, then ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS``;
- ``written``: manually graded answer (``grade: true``, ``solution: true``, markdown);
- ``setup``: any other code cell (imports), run as it is;
- ``markdown``: any other markdown cell.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"


@dataclass
class Cell:
    role: str  # "setup", "answer", "test", "written", "markdown"
    grade_id: str | None
    source: str
    points: float = 0.0

    def solution_lines(self):
        """1-based line numbers strictly between the BEGIN and END SOLUTION markers."""
        lines = self.source.splitlines()
        begin = next(i for i, line in enumerate(lines, 1) if BEGIN_SOLUTION in line)
        end = next(i for i, line in enumerate(lines, 1) if END_SOLUTION in line)
        return range(begin + 1, end)


def role(cell):
    meta = cell.metadata.get("nbgrader", {})
    grade, solution = meta.get("grade", False), meta.get("solution", False)
    if cell.cell_type == "code":
        if solution and not grade:
            return "answer"
        if grade and not solution:
            return "test"
        return "setup"
    if grade and solution:
        return "written"
    return "markdown"


def cells(path):
    """The cells of a notebook file as :class:`Cell` objects, in order."""
    nb = nbformat.read(str(path), as_version=4)
    out = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        out.append(Cell(role(cell), meta.get("grade_id"), cell.source, float(meta.get("points", 0) or 0)))
    return out


def assignments():
    """Names of the assignments in solutions/: folders NN_name holding NN_name.ipynb."""
    return sorted(p.parent.name for p in SOLUTIONS.glob("*/*.ipynb")
                  if p.stem == p.parent.name and re.fullmatch(r"\d\d_\w+", p.stem))


def source_notebook(assignment):
    return SOLUTIONS / assignment / f"{assignment}.ipynb"


def release_notebook(assignment):
    return EXERCISES / assignment / f"{assignment}.ipynb"


def answer_cells(assignment):
    return {c.grade_id: c for c in cells(source_notebook(assignment)) if c.role == "answer"}


def max_auto_points(assignment):
    return sum(c.points for c in cells(source_notebook(assignment)) if c.role == "test")
