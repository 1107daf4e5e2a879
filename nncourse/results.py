"""A class's results as the gradebook holds them, for the report and the export.

Everything here is read from the course gradebook: nbgrader's tables (students,
assignments and their due dates, submissions and their times, every graded
cell's score, late penalties) and nncourse's own (:mod:`nncourse.runlog`:
statuses, reasons, grading times). Nothing is recomputed from files.

An *item* is an autograded test cell. A submission's points on an item are
nbgrader's score of the cell (a manual score given in the formgrader replaces
the autograded one); they are None when the cell has no score at all, which is
how a submission flagged for review has its autograded score withheld.
"""

import functools
import math
from dataclasses import dataclass, field

from . import runlog


@dataclass(frozen=True)
class Item:
    """An autograded test cell of an assignment."""

    notebook: str
    grade_id: str
    max_points: float


@dataclass
class Student:
    id: str
    first_name: str
    last_name: str
    email: str


@dataclass
class Submission:
    """One student's submission of an assignment."""

    student: str
    points: dict  # Item -> float, or None when the cell has no score (withheld)
    raw_score: float  # nbgrader's score: every graded cell, written answers included
    penalty: float  # late penalty (0.0 when on time)
    seconds_late: float  # after the due date and the student's extension (0.0 when on time)
    waits_for_hand_grading: bool  # a cell (a written answer) still needs a human grader

    @property
    def withheld(self):
        """The autograded score is withheld (flagged for review): some test cell has no score."""
        return any(p is None for p in self.points.values())

    @property
    def score(self):
        """The score after the late penalty, as ``nbgrader export`` computes it; None when withheld."""
        return None if self.withheld else max(0.0, self.raw_score - self.penalty)


@dataclass
class AssignmentResults:
    name: str
    duedate: object  # datetime (UTC) or None
    max_score: float  # every graded cell, written answers included
    items: list  # Item, in notebook order
    submissions: list  # Submission, by student id
    runs: dict = field(default_factory=dict)  # student id -> runlog.Run of the last `nncourse grade`

    @functools.cached_property
    def by_student(self):
        """Student id -> Submission."""
        return {s.student: s for s in self.submissions}

    def label(self, item):
        """The item's name in tables: its grade_id, prefixed by its notebook when the assignment has several."""
        several = len({i.notebook for i in self.items}) > 1
        return f"{item.notebook}/{item.grade_id}" if several else item.grade_id


def _item_order(order):
    """Sort key: (notebook, position in ``order`` (grade_ids in notebook order), grade_id)."""
    position = {grade_id: i for i, grade_id in enumerate(order)}
    return lambda item: (item.notebook, position.get(item.grade_id, math.inf), item.grade_id)


def read_assignment(gradebook, name, order=()):
    """The results of one assignment.

    Parameters
    ----------
    gradebook : nbgrader.api.Gradebook
    name : str
        The assignment; a ``MissingEntry`` when the gradebook does not know it.
    order : sequence of str
        grade_ids in notebook order (from the source notebook); others come after, by name.
    """
    assignment = gradebook.find_assignment(name)
    items = sorted((Item(nb.name, cell.name, float(cell.max_score or 0.0))
                    for nb in assignment.notebooks for cell in nb.grade_cells if cell.cell_type == "code"),
                   key=_item_order(order))
    submissions = []
    for sub in sorted(assignment.submissions, key=lambda s: s.student_id):
        grades = {(g.notebook.name, g.name): g for nb in sub.notebooks for g in nb.grades}
        points = {}
        for item in items:
            grade = grades.get((item.notebook, item.grade_id))
            unscored = grade is None or (grade.auto_score is None and grade.manual_score is None)
            points[item] = None if unscored else float(grade.score)
        submissions.append(Submission(
            student=sub.student_id, points=points, raw_score=float(sub.score or 0.0),
            penalty=float(sub.late_submission_penalty or 0.0), seconds_late=float(sub.total_seconds_late),
            waits_for_hand_grading=any(g.needs_manual_grade for g in grades.values())))
    runs = {run.student: run for run in runlog.read(gradebook.engine, name)}
    return AssignmentResults(name, assignment.duedate, float(assignment.max_score or 0.0), items, submissions, runs)


def read_students(gradebook):
    """Every student of the gradebook, by id."""
    return [Student(s.id, s.first_name or "", s.last_name or "", s.email or "")
            for s in sorted(gradebook.students, key=lambda s: s.id)]


def assignment_names(gradebook):
    """The gradebook's assignments, by due date then name (as nbgrader lists them)."""
    return [a.name for a in gradebook.assignments]
