"""What a notebook cell is to nbgrader: its role, from its ``nbgrader`` metadata.

=========  ===========================================================  ==========================
role       nbgrader metadata                                            graded
=========  ===========================================================  ==========================
answer     code, ``solution: true``, ``grade: false``                   through its test cells
test       code, ``grade: true``, ``solution: false`` (with points)     automatically
written    markdown, ``grade: true``, ``solution: true`` (with points)  by hand
task       ``task: true``                                               by hand
locked     any other cell with ``locked: true`` (read-only statements)  no
plain      everything else (the student's own cells, imports)           no
=========  ===========================================================  ==========================

Every module of ``nncourse`` asks this one for a cell's role.
"""

ANSWER, TEST, WRITTEN, TASK, LOCKED, PLAIN = "answer", "test", "written", "task", "locked", "plain"


def nbgrader_meta(cell):
    """The cell's ``nbgrader`` metadata, or an empty dict."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta if isinstance(meta, dict) else {}


def role(cell):
    """The cell's role: ``"answer"``, ``"test"``, ``"written"``, ``"task"``, ``"locked"`` or ``"plain"``."""
    meta = nbgrader_meta(cell)
    grade, solution = bool(meta.get("grade")), bool(meta.get("solution"))
    if meta.get("task"):
        return TASK
    if cell.get("cell_type") == "code":
        if solution and not grade:
            return ANSWER
        if grade and not solution:
            return TEST
    elif grade and solution:
        return WRITTEN
    return LOCKED if meta.get("locked") else PLAIN


def grade_id(cell):
    """The cell's ``grade_id``, or None."""
    return nbgrader_meta(cell).get("grade_id")


def points(cell):
    """The points of a graded cell (0 for any other)."""
    return float(nbgrader_meta(cell).get("points", 0) or 0)
