"""Why test cells failed, from the autograded notebooks, hidden tests left out.

The gradebook says which test cells lost their points; the error each one
raised is in the submission's autograded notebook
(``autograded/<student>/<assignment>/<notebook>.ipynb``). For every failed cell
this module keeps:

- its **message**: the error's name and the first line of its message
  (``AssertionError: xor_network on the rows 00 01 10 11:``; the checks of the
  course put what was tested on that line, and the values that differ from one
  student to the next on the lines after it), with every line of the notebook's
  hidden tests blanked exactly as on the student's feedback page
  (:func:`nncourse.feedback.redactor`). The traceback, which quotes the failing
  line of the test, is never used for the message;
- **where** it failed: in the cell's visible tests or in its hidden tests (the
  line of the test cell that IPython's traceback points at, against the cell's
  ``BEGIN HIDDEN TESTS`` ... ``END HIDDEN TESTS`` block), ``stopped`` when the
  cell did not run to an error of its own (a time-out, a dead kernel, not run),
  or ``no error`` when the notebook shows none (nothing was graded, or the
  score was given by hand).
"""

import re
from collections import defaultdict
from dataclasses import dataclass

import nbformat

from . import cells
from .feedback import ANSI, BEGIN, END, redactor

VISIBLE, HIDDEN, STOPPED, NO_ERROR = "visible", "hidden", "stopped", "no error"
CELL_FRAME = re.compile(r"Cell In\[\d+\], line (\d+)")  # IPython's frame of the cell being run
MAX_MESSAGE = 200


@dataclass(frozen=True)
class Failure:
    message: str  # "" when the notebook shows no error
    where: str  # VISIBLE, HIDDEN, STOPPED or NO_ERROR


def hidden_lines(source, begin=BEGIN, end=END):
    """1-based numbers of the lines of a test cell inside its hidden-tests block."""
    inside, out = False, set()
    for number, line in enumerate(source.splitlines(), 1):
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif inside:
            out.add(number)
    return out


def cell_failure(cell, redact, markers=(BEGIN, END)):
    """The :class:`Failure` of a test cell that lost its points, from its outputs."""
    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    if not errors:
        return Failure("", NO_ERROR)
    error = errors[-1]
    evalue = ANSI.sub("", str(error.get("evalue", ""))).strip()
    first = evalue.splitlines()[0] if evalue else ""
    message = " ".join(redact(f"{error.get('ename', 'Error')}: {first}".rstrip(": ")).split())
    frame = CELL_FRAME.search(ANSI.sub("", "\n".join(map(str, error.get("traceback", [])))))
    if frame is None:
        where = STOPPED
    else:
        where = HIDDEN if int(frame.group(1)) in hidden_lines(cell.source, *markers) else VISIBLE
    return Failure(message[:MAX_MESSAGE], where)


def read(course_root, results, markers=(BEGIN, END)):
    """Item -> list of :class:`Failure`, one per submission that lost the item's points.

    Submissions whose score is withheld are left out, as in the item statistics.
    """
    out = defaultdict(list)
    folder = (course_root / "autograded").resolve()
    for sub in results.submissions:
        if sub.withheld:
            continue
        failed = [item for item, points in sub.points.items() if points < item.max_points]
        for notebook in sorted({item.notebook for item in failed}):
            path = (folder / sub.student / results.name / f"{notebook}.ipynb").resolve()
            nb = nbformat.read(str(path), as_version=4) if path.is_relative_to(folder) and path.is_file() else None
            by_id = {cells.grade_id(c): c for c in nb.cells} if nb is not None else {}
            redact = redactor(nb, *markers) if nb is not None else None
            for item in (i for i in failed if i.notebook == notebook):
                cell = by_id.get(item.grade_id)
                out[item].append(cell_failure(cell, redact, markers) if cell is not None else Failure("", NO_ERROR))
    return out
