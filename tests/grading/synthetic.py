"""A graded class whose every outcome is known by construction, written with nbgrader's API.

No student code runs: :func:`build` registers ``01_neurons`` and its graded
cells (grade_ids and points from the source notebook) in a course gradebook,
then gives each student of
:data:`OUTCOMES` the scores, the autograded notebook (error outputs in the
failed test cells, at a visible or a hidden line of the test), the submission
time and the row of ``nncourse grade``'s table that the class below says, and
adds a second, smaller assignment for the report across assignments. The tests
compute what the report and the export must say from these tables alone.
"""

import datetime
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat

from assignments import notebook

ASSIGNMENT = "01_neurons"
SECOND = "02_extra"  # a second assignment, made with nbgrader's API: two test cells of 5 points
SECOND_ITEMS = {"t1": 5.0, "t2": 5.0}
TESTS = ["test_mcculloch_pitts_threshold", "test_mcculloch_pitts_inhibition", "test_threshold_unit",
         "test_xor_network", "test_majority"]
DUE = datetime.datetime(2025, 3, 1, 17, 0, 0)  # UTC, as nbgrader stores it

# Failure messages (the first line of the error) and where they happen: V a visible line, H a hidden one.
NOT_WRITTEN = "AssertionError: {f} is not written yet: replace `raise NotImplementedError()` with your code"
WRONG_AND = "AssertionError: mcculloch_pitts(X, threshold=2) on the rows 00 01 10 11 (AND):"
WRONG_INHIBITION = "AssertionError: mcculloch_pitts with an inhibitory input:"
TYPE_ERROR = "TypeError: unsupported operand type(s) for +: 'NoneType' and 'int'"
# A message that quotes a hidden test line word for word: the report must blank it.
HIDDEN_LINE = 'check_equal(mp(np.zeros((3, 4)), threshold=1), [0, 0, 0], "mcculloch_pitts on zero input with threshold=1")'
QUOTES_HIDDEN = f"ValueError: failed at {HIDDEN_LINE}"


@dataclass
class Outcome:
    """One student: 1 (full marks) or 0 per test cell of TESTS, and what each failure says."""

    passed: tuple  # one 0/1 per TESTS
    failures: dict  # grade_id -> (message, "V" or "H")
    status: str = "graded"  # nncourse grade's status
    reasons: tuple = ()
    seconds: float | None = 2.0
    minutes_late: float | None = None  # None: no submission time
    written: float | None = None  # the written answer's manual score (None: not graded by hand yet)
    second: tuple | None = None  # 02_extra: points of t1, t2 (None: no submission)


OUTCOMES = {
    "s01": Outcome((1, 1, 1, 1, 1), {}, seconds=1.5, minutes_late=-30, written=3, second=(5, 5)),
    "s02": Outcome((1, 1, 1, 1, 0), {"test_majority": ("AssertionError: majority of [1, 1, 0]:", "H")},
                   seconds=1.8, minutes_late=95, written=2, second=(5, 0)),
    "s03": Outcome((1, 1, 1, 0, 0), {"test_xor_network": (TYPE_ERROR, "V"),
                                     "test_majority": ("AssertionError: majority of [1, 1, 0]:", "H")},
                   seconds=2.2, second=(5, 5)),
    "s04": Outcome((1, 1, 0, 1, 0), {"test_threshold_unit": ("AssertionError: threshold_unit with weights 1, 1:", "V"),
                                     "test_majority": (NOT_WRITTEN.format(f="majority"), "V")},
                   status="problems", reasons=("majority: timed out after 10 s (interrupted)",), seconds=12.0,
                   second=(0, 5)),
    "s05": Outcome((1, 0, 1, 0, 1), {"test_mcculloch_pitts_inhibition": (QUOTES_HIDDEN, "H"),
                                     "test_xor_network": (TYPE_ERROR, "V")},
                   minutes_late=10, second=(5, 5)),
    "s06": Outcome((1, 1, 0, 0, 0), {"test_threshold_unit": ("AssertionError: threshold_unit with weights 1, 1:", "V"),
                                     "test_xor_network": ("AssertionError: xor_network on the rows 00 01 10 11:", "H"),
                                     "test_majority": ("AssertionError: majority of [1, 1, 0]:", "H")},
                   status="problems", reasons=("2 test cell(s) deleted (restored from the gradebook)",)),
    "s07": Outcome((1, 0, 0, 0, 1), {"test_mcculloch_pitts_inhibition": (QUOTES_HIDDEN, "H"),
                                     "test_threshold_unit": ("NameError: name 'threshold_unit' is not defined", "V"),
                                     "test_xor_network": (TYPE_ERROR, "V")},
                   status="problems", reasons=("majority: the kernel died (exit status 1)",), second=(0, 0)),
    "s08": Outcome((1, 1, 1, 1, 0), {"test_majority": (NOT_WRITTEN.format(f="majority"), "V")}, written=1),
    "s09": Outcome((1, 0, 0, 0, 0), {"test_mcculloch_pitts_inhibition": (WRONG_INHIBITION, "V"),
                                     "test_threshold_unit": ("NameError: name 'threshold_unit' is not defined", "V"),
                                     "test_xor_network": ("AssertionError: xor_network on the rows 00 01 10 11:", "H"),
                                     "test_majority": ("AssertionError: majority of [1, 1, 0]:", "H")},
                   minutes_late=60 * 26),
    # nothing could be graded: zeros everywhere, no autograded notebook
    "s10": Outcome((0, 0, 0, 0, 0), {}, status="zero", reasons=("not a valid notebook: invalid JSON (line 3)",),
                   seconds=None),
    # tampering suspected: the autograded score is withheld (no score on any test cell)
    "s11": Outcome((None,) * 5, {}, status="review",
                   reasons=("review: the kernel reported a test as passed that had to fail (01_neurons: "
                            "test_majority re-run with its function made to raise); tampering suspected, autograded "
                            "score withheld (it would be 12)",)),
}
NO_SUBMISSION = "s12"  # in the gradebook, never graded (its submission could not be graded: status error)
NO_EMAIL = "s10"  # the gradebook has no email for this student
NAMES = {sid: (f"First{sid[1:]}", f"Last{sid[1:]}", "" if sid == NO_EMAIL else f"{sid}@example.org")
         for sid in [*OUTCOMES, NO_SUBMISSION]}


def points():
    """grade_id -> points of the assignment's test cells (and the written answer's)."""
    cells = notebook.cells(notebook.source_notebook(ASSIGNMENT))
    return {c.grade_id: c.points for c in cells if c.role in ("test", "written")}


def written_id():
    return next(c.grade_id for c in notebook.cells(notebook.source_notebook(ASSIGNMENT)) if c.role == "written")


def scratch_course(root):
    """A course folder with the assignment's source, as an instructor has it."""
    course = root / "course"
    (course / "solutions").mkdir(parents=True)
    shutil.copy(notebook.ROOT / "nbgrader_config.py", course)
    shutil.copytree(notebook.SOLUTIONS / ASSIGNMENT, course / "solutions" / ASSIGNMENT)
    return course


def _error(message, line):
    """An error output as IPython writes it: coloured, the frame of the test cell first, at ``line``."""
    ename, _, evalue = message.partition(": ")
    return nbformat.v4.new_output("error", ename=ename, evalue=evalue + "\n  expected: 1\n  got:      0", traceback=[
        "\x1b[31m" + "-" * 75 + "\x1b[39m",
        f"\x1b[31m{ename}\x1b[39m                            Traceback (most recent call last)",
        f"\x1b[36mCell\x1b[39m\x1b[36m \x1b[39m\x1b[32mIn[7]\x1b[39m\x1b[32m, line {line}\x1b[39m\n"
        f"\x1b[32m----> {line}\x1b[39m check(x)",
        "\x1b[36mCell\x1b[39m\x1b[36m \x1b[39m\x1b[32mIn[3]\x1b[39m\x1b[32m, line 2\x1b[39m, in \x1b[36mmajority\x1b[39m",
        f"\x1b[31m{ename}\x1b[39m: {evalue}"])


def visible_and_hidden_line(source):
    """A line number of the visible tests of a test cell, and one of its hidden tests."""
    lines = source.splitlines()
    begin = next(i for i, line in enumerate(lines, 1) if "BEGIN HIDDEN TESTS" in line)
    return begin - 2, begin + 1


def autograded_notebook(outcome):
    """The source notebook (hidden tests and all, as nbgrader restores them) with the failures' error outputs."""
    nb = nbformat.read(str(notebook.source_notebook(ASSIGNMENT)), as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in outcome.failures:
            message, where = outcome.failures[grade_id]
            visible, hidden = visible_and_hidden_line(cell.source)
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="some output\n"),
                            _error(message, visible if where == "V" else hidden)]
    return nb


def build(root, late_penalty="zero"):
    """The course folder with its gradebook, autograded notebooks and nncourse's table, as described above.

    ``late_penalty``: nbgrader's ``LateSubmissionPlugin.penalty_method`` for the course.
    """
    from nbgrader.api import Gradebook

    from nncourse import late, runlog
    from nncourse.course import Course, fast_alembic_version, quiet_warnings

    quiet_warnings()
    fast_alembic_version()
    course_dir = scratch_course(Path(root))
    with open(course_dir / "nbgrader_config.py", "a") as f:
        f.write(f'\nc.LateSubmissionPlugin.penalty_method = "{late_penalty}"\n')
    course = Course(course_dir)
    pts, written = points(), written_id()
    with Gradebook(course.db_url, course.course_id) as gb:
        gb.update_or_create_assignment(ASSIGNMENT, duedate=DUE)
        gb.update_or_create_notebook(ASSIGNMENT, ASSIGNMENT)
        for grade_id, max_score in pts.items():
            gb.update_or_create_grade_cell(grade_id, ASSIGNMENT, ASSIGNMENT, max_score=max_score,
                                           cell_type="markdown" if grade_id == written else "code")
        gb.update_or_create_assignment(SECOND, duedate=DUE + datetime.timedelta(days=7))
        gb.update_or_create_notebook(SECOND, SECOND)
        for name, max_score in SECOND_ITEMS.items():
            gb.update_or_create_grade_cell(name, SECOND, SECOND, max_score=max_score, cell_type="code")
        runlog.create(gb.engine)
        plugin = late.plugin(course.config)
        for sid, (first, last, email) in NAMES.items():
            gb.update_or_create_student(sid, first_name=first, last_name=last, email=email)
        runlog.record(gb.db, ASSIGNMENT, NO_SUBMISSION, "error", ["grading took longer than 8 s and was stopped"],
                      None, NO_SUBMISSION)
        for sid, o in OUTCOMES.items():
            timestamp = None if o.minutes_late is None else DUE + datetime.timedelta(minutes=o.minutes_late)
            gb.add_submission(ASSIGNMENT, sid, timestamp=timestamp)
            for grade_id, passed in zip(TESTS, o.passed):
                grade = gb.find_grade(grade_id, ASSIGNMENT, ASSIGNMENT, sid)
                grade.auto_score = None if passed is None else pts[grade_id] * passed
                grade.needs_manual_grade = passed is None
            grade = gb.find_grade(written, ASSIGNMENT, ASSIGNMENT, sid)
            grade.manual_score, grade.needs_manual_grade = o.written, o.written is None and o.status != "zero"
            if o.status == "zero":
                grade.auto_score = 0.0
            gb.db.commit()
            late.assign_penalties(gb, plugin, ASSIGNMENT, sid)
            runlog.record(gb.db, ASSIGNMENT, sid, o.status, list(o.reasons), o.seconds, sid)
            if o.status not in ("zero",):
                folder = course_dir / "autograded" / sid / ASSIGNMENT
                folder.mkdir(parents=True)
                nbformat.write(autograded_notebook(o), str(folder / f"{ASSIGNMENT}.ipynb"))
            if o.second is not None:
                gb.add_submission(SECOND, sid)
                for (name, max_score), got in zip(SECOND_ITEMS.items(), o.second):
                    grade = gb.find_grade(name, SECOND, SECOND, sid)
                    grade.auto_score, grade.needs_manual_grade = float(got), False
                gb.db.commit()
    return course
