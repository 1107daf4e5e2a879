"""Results into the course: the gradebook, ``autograded/`` and ``feedback/``.

Workers grade in scratch courses with their own gradebooks and send back a
:class:`~nncourse.messages.Result`; :class:`Merger` writes it into the course
gradebook (SQLite in the course folder, or any SQLAlchemy URL) the way
nbgrader's ``SaveAutoGrades`` does (a manual score already given is kept, and
the cell marked for review), and writes the autograded notebooks and the
feedback pages into the course folder. Only the coordinator writes the course.

A submission flagged for review (tampering suspected) has its autograded score
withheld: its test cells get no score and wait for a human grader in
nbgrader's formgrader.

Late penalties are computed here, in the course gradebook, where the due date
and the student's extension are (:mod:`nncourse.late`); each submission's
status, reasons and grading time go into nncourse's own table of the same
database (:mod:`nncourse.runlog`).
"""

import html
import shutil
from pathlib import Path

from . import late, runlog
from .messages import REVIEW


def zero_page(assignment, student, reason):
    """The feedback page of a submission that could not be graded."""
    a, s, r = html.escape(assignment), html.escape(student), html.escape(reason)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{a}: {s}</title></head>'
            f"<body><h1>{a}: {s}</h1><p>Your submission could not be graded and scores zero: {r}.</p></body></html>\n")


class Merger:
    """Writes outcomes into the course gradebook and the course folder."""

    def __init__(self, course, assignment, notebooks):
        from nbgrader.api import Gradebook

        from .course import fast_alembic_version

        fast_alembic_version()
        self.course, self.assignment, self.notebooks = course, assignment, notebooks
        self.gb = Gradebook(course.db_url, course.course_id or "default_course")
        self.late_plugin = late.plugin(course.config)
        runlog.create(self.gb.engine)

    def _folders(self, student):
        root = self.course.root
        return root / "autograded" / student / self.assignment, root / "feedback" / student / self.assignment

    def graded(self, outcome, result):
        """Scores of a graded submission (withheld when it is for review); fills ``outcome.scores``."""
        from nbgrader.api import MissingEntry

        gb, a, sid = self.gb, self.assignment, outcome.student
        gb.update_or_create_student(sid)
        if result.timestamp:
            from nbgrader.utils import parse_utc

            gb.update_or_create_submission(a, sid, timestamp=parse_utc(result.timestamp))
        else:
            gb.update_or_create_submission(a, sid)
        withheld = result.status == REVIEW
        for g in result.grades:
            try:
                grade = gb.find_grade(g.name, g.notebook, a, sid)
            except MissingEntry:
                continue
            if g.cell_type == "code" and withheld:
                grade.auto_score, grade.needs_manual_grade = None, True
                continue
            grade.auto_score = g.auto_score
            grade.needs_manual_grade = grade.manual_score is not None or g.auto_score is None or g.needs_manual_grade
            if g.cell_type == "code":
                outcome.scores[g.name] = g.auto_score or 0.0
        for c in result.comments:
            try:
                gb.find_comment(c.name, c.notebook, a, sid).auto_comment = c.auto_comment
            except MissingEntry:
                continue
        gb.db.commit()
        late.assign_penalties(gb, self.late_plugin, a, sid)
        autograded, feedback = self._folders(sid)
        for folder in (autograded, feedback):
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
        for relative, data in result.files.items():
            kind, name = relative.split("/", 1)
            target = (autograded if kind == "autograded" else feedback) / Path(name).name
            target.write_bytes(data)

    def zero(self, outcome):
        """Nothing to grade: every cell scores zero (as nbgrader does for a missing notebook)."""
        gb, a, sid = self.gb, self.assignment, outcome.student
        gb.update_or_create_student(sid)
        submission = gb.update_or_create_submission(a, sid)
        for nb in submission.notebooks:
            for grade in nb.grades:
                grade.auto_score = 0.0
                grade.needs_manual_grade = False
                if grade.cell_type == "code":
                    outcome.scores[grade.name] = 0.0
        gb.db.commit()
        late.assign_penalties(gb, self.late_plugin, a, sid)  # a penalty of an earlier grading goes with its score
        autograded, feedback = self._folders(sid)
        shutil.rmtree(autograded, ignore_errors=True)
        shutil.rmtree(feedback, ignore_errors=True)
        feedback.mkdir(parents=True)
        for name in self.notebooks:
            (feedback / f"{name}.html").write_text(zero_page(a, sid, outcome.reason), encoding="utf-8")

    def error(self, outcome):
        """Not graded: the student is listed (grades.csv gets a row), with no submission."""
        self.gb.update_or_create_student(outcome.student)

    def record(self, outcome):
        """How the submission was graded (status, reasons, time), into nncourse's table (:mod:`nncourse.runlog`)."""
        runlog.record(self.gb.db, self.assignment, outcome.student, outcome.status, outcome.reasons,
                      outcome.seconds, outcome.original)

    def close(self):
        self.gb.close()
