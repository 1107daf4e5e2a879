"""``grades.csv``: nbgrader export's columns for every assignment and student, and this run's status."""

import csv

from .messages import REVIEW

# nbgrader export's columns, then ours
COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
           "raw_score", "late_submission_penalty", "score", "max_score"]
EXTRA = ["status", "reason", "submitted_as"]


def write(gradebook, path, outcomes):
    """``grades.csv`` as ``nbgrader export`` writes it (every assignment, every student),
    properly quoted, with ``status``, ``reason`` and ``submitted_as`` for this run's rows.
    A submission for review has no score (it is withheld).

    ``outcomes``: (assignment, student_id) -> Outcome of this run.
    """
    from nbgrader.api import MissingEntry

    rows = []
    for assignment in gradebook.assignments:
        for student in gradebook.students:
            row = {"assignment": assignment.name, "duedate": assignment.duedate or "", "student_id": student.id,
                   "last_name": student.last_name or "", "first_name": student.first_name or "",
                   "email": student.email or "", "max_score": assignment.max_score}
            try:
                submission = gradebook.find_submission(assignment.name, student.id)
            except MissingEntry:
                row.update(timestamp="", raw_score=0.0, late_submission_penalty=0.0, score=0.0)
            else:
                penalty = submission.late_submission_penalty or 0.0
                row.update(timestamp=submission.timestamp or "", raw_score=submission.score,
                           late_submission_penalty=penalty, score=max(0.0, submission.score - penalty))
            outcome = outcomes.get((assignment.name, student.id))
            if outcome is not None:
                row.update(status=outcome.status, reason=outcome.reason, submitted_as=outcome.original)
                if outcome.status == REVIEW:
                    row.update(raw_score="", score="")
            rows.append(row)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS + EXTRA, restval="")
        writer.writeheader()
        writer.writerows({k: spreadsheet_cell(v) for k, v in row.items()} for row in rows)
    return rows


def spreadsheet_cell(value):
    """A spreadsheet must not read a student's text as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
