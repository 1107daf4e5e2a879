"""Results into the course: the gradebook, ``autograded/`` and ``feedback/``.

Workers grade in scratch courses with their own gradebooks; :class:`Merger`
writes each result into the course gradebook (SQLite in the course folder, or
any SQLAlchemy URL) the way nbgrader's ``SaveAutoGrades`` does (a manual score
already given is kept, and the cell marked for review), and copies the
autograded notebook and the feedback page into the course folder.
"""

import html
import shutil
from pathlib import Path


def copy_tree(src, dest):
    """Replace ``dest`` by a copy of ``src`` (regular files and folders only, links skipped)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for path in sorted(Path(src).rglob("*")):
        target = dest / path.relative_to(src)
        if path.is_symlink():
            continue
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif path.is_file():
            shutil.copyfile(path, target)


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

    def graded(self, outcome, result):
        """Scores of a graded submission; fills ``outcome.scores`` (autograded parts)."""
        from nbgrader.api import MissingEntry

        gb, a, sid = self.gb, self.assignment, outcome.student
        gb.update_or_create_student(sid)
        gb.update_or_create_submission(a, sid)
        for g in result["grades"]:
            try:
                grade = gb.find_grade(g["name"], g["notebook"], a, sid)
            except MissingEntry:
                continue
            grade.auto_score = g["auto_score"]
            grade.needs_manual_grade = grade.manual_score is not None or g["auto_score"] is None
            if g["cell_type"] == "code":
                outcome.scores[g["name"]] = g["auto_score"] or 0.0
        for c in result.get("comments", []):
            try:
                gb.find_comment(c["name"], c["notebook"], a, sid).auto_comment = c["auto_comment"]
            except MissingEntry:
                continue
        gb.db.commit()
        root = self.course.root
        copy_tree(Path(result["autograded"]), root / "autograded" / sid / a)
        copy_tree(Path(result["feedback"]), root / "feedback" / sid / a)

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
        root = self.course.root
        shutil.rmtree(root / "autograded" / sid / a, ignore_errors=True)
        folder = root / "feedback" / sid / a
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name in self.notebooks:
            (folder / f"{name}.html").write_text(zero_page(a, sid, outcome.reason), encoding="utf-8")

    def error(self, outcome):
        """Not graded: the student is listed (grades.csv gets a row), with no submission."""
        self.gb.update_or_create_student(outcome.student)

    def close(self):
        self.gb.close()
