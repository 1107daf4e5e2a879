"""Late submissions, end to end: ``nncourse grade`` with nbgrader's own due date, extensions and late plugin.

The instructor sets the due date as nbgrader documents it (``nbgrader db
assignment add 01_neurons --duedate=...``), grants one student an extension
(nbgrader's ``Gradebook.grant_extension``) and puts a ``SubtractPlugin`` in the
course's ``nbgrader_config.py`` (one point per hour or part of an hour late,
as in nbgrader's documentation). The class comes as a learning platform's zip,
whose entries' times are the submission times (a ``timestamp.txt`` a student
put into the zip is not trusted). It is graded once by ``nncourse grade
--workers 2``; then every time,
penalty and score of ``grades.csv`` is checked against what the table below
implies, nncourse's own table against what happened, and ``nncourse report``
against the gradebook.
"""

import csv
import datetime
import math
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from assignments import notebook
from grading import hostile, synthetic

NNCOURSE = Path(sys.executable).with_name("nncourse")
NBGRADER = Path(sys.executable).with_name("nbgrader")
A = hostile.ASSIGNMENT
DUE = datetime.datetime(2025, 3, 1, 17, 0, 0)
AUTO = notebook.max_auto_points(A)
PLUGIN = '''
import math
from nbgrader.plugins import BasePlugin


class SubtractPlugin(BasePlugin):
    """One point off for every hour, or part of an hour, late."""

    def late_submission_penalty(self, student_id, score, total_seconds_late):
        return math.ceil(total_seconds_late / 3600)


c.AssignLatePenalties.plugin_class = SubtractPlugin
'''
# student -> (minutes after the due date of the zip entry, correct answers?)
CLASS = {
    "ontime": (-60, True),
    "late": (190, True),  # 3 h 10 min: 4 points
    "justlate": (30, True),  # 1 point
    "liar": (150, True),  # 3 points, whatever the timestamp.txt it put into the zip says (an hour early)
    "extended": (120, True),  # 2 hours late, but has 3 days more: no penalty
    "blank": (300, False),  # 5 points, but a penalty never exceeds the score (0)
}
EXTENSION = datetime.timedelta(days=3)


def expected(student):
    """(timestamp, penalty, score) that grades.csv must show."""
    minutes, correct = CLASS[student]
    when = DUE + datetime.timedelta(minutes=minutes)
    raw = AUTO if correct else 0.0  # the written answer waits for a human grader: 0 for now
    late_by = (when - DUE - (EXTENSION if student == "extended" else datetime.timedelta())).total_seconds()
    penalty = min(raw, math.ceil(late_by / 3600)) if late_by > 0 else 0.0
    return when, penalty, raw - penalty


def _zip(path):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for student, (minutes, correct) in CLASS.items():
            nb = nbformat.writes(hostile.submission() if correct else hostile.blank())
            when = DUE + datetime.timedelta(minutes=minutes)
            zf.writestr(zipfile.ZipInfo(f"{student}/{A}.ipynb", date_time=when.timetuple()[:6]), nb)
            if student == "liar":
                zf.writestr(f"{student}/timestamp.txt", f"{DUE - datetime.timedelta(hours=1):%Y-%m-%d %H:%M:%S} UTC")
    return path


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    from nbgrader.api import Gradebook

    from nncourse.course import Course, make_template, quiet_warnings, with_venv_path

    quiet_warnings()
    root = tmp_path_factory.mktemp("late")
    course = synthetic.scratch_course(root)
    with open(course / "nbgrader_config.py", "a") as f:
        f.write(PLUGIN)
    proc = subprocess.run([str(NBGRADER), "db", "assignment", "add", A, f"--duedate={DUE:%Y-%m-%d %H:%M:%S} UTC"],
                          cwd=course, env=with_venv_path(), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    # an extension is given on a submission: register the assignment's notebooks as nncourse grade does first
    make_template(Course(course), A, root / "template")
    with Gradebook(Course(course).db_url, "nncourse") as gb:
        gb.update_or_create_student("extended")
        gb.add_submission(A, "extended")
        gb.grant_extension(A, "extended", days=EXTENSION.days)
    proc = subprocess.run([str(NNCOURSE), "grade", A, str(_zip(root / "download.zip")), "--course", str(course),
                           "--workers", "2", "--timeout", "10", "--quiet"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    report = subprocess.run([str(NNCOURSE), "report", A, "--course", str(course)], capture_output=True, text=True,
                            timeout=300)
    assert report.returncode == 0, report.stdout + report.stderr
    with open(course / "grades.csv", newline="", encoding="utf-8") as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f) if r["assignment"] == A}
    return Course(course), rows


def test_times_penalties_and_scores_follow_nbgrader_settings(graded):
    course, rows = graded
    assert set(rows) == set(CLASS)
    for student, row in rows.items():
        when, penalty, score = expected(student)
        assert row["duedate"] == f"{DUE:%Y-%m-%d %H:%M:%S}", "the instructor's due date stays in the gradebook"
        assert row["timestamp"] == f"{when:%Y-%m-%d %H:%M:%S}", (student, row["timestamp"])
        assert float(row["late_submission_penalty"]) == penalty, (student, row)
        assert float(row["score"]) == score, (student, row)
    assert float(rows["late"]["late_submission_penalty"]) == 4 and float(rows["justlate"]["late_submission_penalty"]) == 1
    assert float(rows["liar"]["late_submission_penalty"]) == 3, "a timestamp.txt inside a platform's zip is not trusted"
    assert float(rows["extended"]["late_submission_penalty"]) == 0, "the extension counts"


def test_statuses_reasons_and_grading_times_are_kept_in_the_gradebook(graded):
    from sqlalchemy import create_engine

    from nncourse import runlog

    course, rows = graded
    runs = {r.student: r for r in runlog.read(create_engine(course.db_url), A)}
    assert set(runs) == set(CLASS)
    for student, run in runs.items():
        assert (run.status, run.reasons, run.submitted_as) == (rows[student]["status"], [], student)
        assert run.status == "graded" and 0 < run.seconds < 300, run


def test_the_report_agrees_with_the_gradebook_and_shows_the_late_submissions(graded):
    from nbgrader.api import Gradebook

    course, _ = graded
    with open(course.root / "reports" / A / "items.csv", newline="", encoding="utf-8") as f:
        items = list(csv.DictReader(f))
    with Gradebook(course.db_url, "nncourse") as gb:
        for item in items:
            scores = [gb.find_grade(item["grade_id"], A, A, s).auto_score for s in CLASS]
            assert float(item["mean_points"]) == pytest.approx(sum(scores) / len(scores), abs=1e-6)
            assert float(item["full_marks_rate"]) == pytest.approx(
                sum(s == float(item["max_points"]) for s in scores) / len(scores), abs=1e-6)
            assert int(item["submissions"]) == len(CLASS)
    page = (course.root / "reports" / A / "index.html").read_text(encoding="utf-8")
    late = {s for s in CLASS if expected(s)[0] > DUE and s != "extended"}
    assert f"{len(CLASS)} submissions of {A}, mean score" in page
    assert f"{len(late)} late ({sum(expected(s)[1] for s in late):g} points of penalties)" in page
    for student in late:
        assert f"<tr><td>{student}</td>" in page, student
    assert "<tr><td>extended</td>" not in page.split("Late submissions", 1)[1]


def test_a_plugin_that_cannot_be_imported_is_a_clear_error():
    from traitlets.config import Config

    from nncourse.late import plugin

    config = Config()
    config.AssignLatePenalties.plugin_class = "late.SubtractPlugin"  # a late.py beside nbgrader_config.py
    with pytest.raises(SystemExit, match=r"'late.SubtractPlugin' could not be imported.*nbgrader_config.py itself"):
        plugin(config)
