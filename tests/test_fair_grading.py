"""Fair grades, proved through the real grader: ``nncourse grade`` with its sandbox.

For every assignment, a class is built in a scratch copy of the course
(``tests/assignments/variants.py``): the reference solution, correct answers
written from the statements in other styles (several functions to a
submission), and one submission per typical mistake (the rest of it
correct). ``nncourse grade --workers 2`` grades it, sandbox included, and
then:

- the reference solution and every correct variant have full marks, status
  "graded" and no reason, and none of their test cells wrote to stderr (what
  nbgrader's Validate button would fail, on a student's machine);
- every mistake loses points on the test cells of the function it is in;
- a later test cell that fails because of the mistake says so ("this test
  uses your `f`, which does not pass its own tests yet"), rather than
  hinting at its own function.

The catch rate is printed (and must be at least 97 %; every mistake of the
set is caught today). The whole class takes longer than ``make test`` can
give it: there, the reference, every correct variant and every fourth mistake
are graded; ``make fair`` (``FAIR_GRADING=all``) grades every mistake.
``tests/test_mutations.py`` runs every variant in process, in seconds.
``tests/README.md`` has the last counts and times.
"""

import csv
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest

from assignments import notebook, variants

ROOT = Path(__file__).resolve().parent.parent
NNCOURSE = Path(sys.executable).with_name("nncourse")
ASSIGNMENTS = notebook.assignments()
REQUIRED_CATCH_RATE = 0.97
BLAME = "does not pass its own tests yet"


@dataclass
class Graded:
    assignment: str
    seconds: float
    submissions: list  # variants.Submission
    rows: dict  # submission name -> grades.csv row
    scores: dict = field(default_factory=dict)  # submission name -> {test grade_id: (score, max)}
    errors: dict = field(default_factory=dict)  # submission name -> {test grade_id: error text}
    stderr: dict = field(default_factory=dict)  # submission name -> [test grade_ids that wrote to stderr]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    if shutil.which("bwrap") is None:
        pytest.fail("bubblewrap is not installed: run `make sandbox` (or `make test`, which does)")
    root = tmp_path_factory.mktemp("fair")
    (root / "course").mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", root / "course")
    shutil.copytree(notebook.SOLUTIONS, root / "course" / "solutions", ignore=shutil.ignore_patterns("README.md", "__pycache__"))
    return root


_GRADED = {}


def _selected(submissions):
    """All of them under ``FAIR_GRADING=all`` (``make fair``); else every fourth mistake."""
    if os.environ.get("FAIR_GRADING") == "all":
        return submissions
    wrong = [s for s in submissions if s.kind == "wrong"]
    return [s for s in submissions if s.kind != "wrong"] + wrong[::4]


def _autograded_cells(path):
    """grade_id -> (error text or None, wrote to stderr) for the test cells of an autograded notebook."""
    out = {}
    for cell in nbformat.read(str(path), as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if not (meta.get("grade") and not meta.get("solution")) or cell.cell_type != "code":
            continue
        outputs = cell.get("outputs", [])
        errors = [f"{o.get('ename')}: {o.get('evalue')}" for o in outputs if o.get("output_type") == "error"]
        stderr = any(o.get("output_type") == "stream" and o.get("name") == "stderr" for o in outputs)
        out[meta["grade_id"]] = ("\n".join(errors) or None, stderr)
    return out


def graded(course, assignment):
    """Grade the class of ``assignment`` once per session."""
    if assignment not in _GRADED:
        try:
            _GRADED[assignment] = _grade(course, assignment)
        except Exception as err:  # noqa: BLE001 - the other tests of this assignment report the same failure
            _GRADED[assignment] = err
    if isinstance(_GRADED[assignment], Exception):
        raise _GRADED[assignment]
    return _GRADED[assignment]


def _grade(course, assignment):
    from nbgrader.api import Gradebook

    submissions = _selected(variants.submissions(assignment))
    folder = course / f"submissions-{assignment}"
    for sub in submissions:
        (folder / sub.name).mkdir(parents=True)
        nbformat.write(variants.make_notebook(assignment, sub.sources), str(folder / sub.name / f"{assignment}.ipynb"))
    scratch = course / f"scratch-{assignment}"  # the grader's work folders: ours, not /tmp's
    scratch.mkdir()
    start = time.perf_counter()
    proc = subprocess.run([str(NNCOURSE), "grade", assignment, str(folder), "--course", str(course / "course"),
                           "--workers", "2", "--scratch", str(scratch), "--quiet"], capture_output=True, text=True, timeout=1800)
    seconds = time.perf_counter() - start
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    with open(course / "course" / "grades.csv", newline="", encoding="utf-8") as f:
        rows = {r["submitted_as"]: r for r in csv.DictReader(f) if r["assignment"] == assignment}
    result = Graded(assignment, seconds, submissions, rows)
    with Gradebook(f"sqlite:///{course / 'course' / 'gradebook.db'}") as gb:
        for sub in submissions:
            student = rows[sub.name]["student_id"]
            grades = gb.find_submission_notebook(assignment, assignment, student).grades
            result.scores[sub.name] = {g.name: (g.auto_score, g.max_score) for g in grades if g.cell_type == "code"}
            cells = _autograded_cells(course / "course" / "autograded" / student / assignment / f"{assignment}.ipynb")
            result.errors[sub.name] = {g: error for g, (error, _) in cells.items() if error}
            result.stderr[sub.name] = [g for g, (_, wrote) in cells.items() if wrote]
    return result


def _lost(scores, cells):
    return any(scores[g][0] < scores[g][1] for g in cells)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_reference_and_every_correct_variant_get_full_marks(course, assignment):
    result = graded(course, assignment)
    unfair = []
    for sub in result.submissions:
        if sub.kind == "wrong":
            continue
        row, scores = result.rows[sub.name], result.scores[sub.name]
        lost = {g: f"{s}/{m}" for g, (s, m) in scores.items() if s < m}
        if row["status"] != "graded" or row["reason"] or lost or result.stderr[sub.name]:
            unfair.append(f"{sub.name} {sub.labels}: status {row['status']!r}, reason {row['reason']!r}, lost {lost}, "
                          f"stderr in {result.stderr[sub.name]}, errors {result.errors[sub.name]}")
    assert not unfair, "correct answers that lost points or wrote to stderr in a test cell:\n" + "\n".join(unfair)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_each_mistake_loses_points_on_its_own_function(course, assignment):
    result = graded(course, assignment)
    cells = variants.test_cells_by_function(assignment)
    missed = [f"{sub.labels[0]}: {result.scores[sub.name]}" for sub in result.submissions
              if sub.kind == "wrong" and not _lost(result.scores[sub.name], cells[sub.target])]
    assert not missed, "mistakes that kept the points of their own function:\n" + "\n".join(missed)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_a_later_test_that_fails_because_of_a_mistake_blames_it(course, assignment):
    result = graded(course, assignment)
    cells = variants.test_cells_by_function(assignment)
    misleading = []
    for sub in result.submissions:
        if sub.kind != "wrong":
            continue
        for grade_id, error in result.errors[sub.name].items():
            if grade_id not in cells[sub.target] and BLAME not in error:
                misleading.append(f"{sub.labels[0]} -> {grade_id}: {error[:300]}")
    assert not misleading, "later tests that failed without naming the earlier mistake:\n" + "\n".join(misleading)


def test_catch_rate_and_counts(course, capsys):
    lines = ["", "Fair grading through `nncourse grade --workers 2` (sandboxed)",
             f"{'assignment':<16}{'submissions':>12}{'correct variants':>18}{'full marks':>11}{'mistakes caught':>17}{'s':>7}"]
    caught = total = 0
    for assignment in ASSIGNMENTS:
        result = graded(course, assignment)
        cells = variants.test_cells_by_function(assignment)
        right = [s for s in result.submissions if s.kind != "wrong"]
        full = sum(1 for s in right if all(sc >= m for sc, m in result.scores[s.name].values()))
        n_right = sum(len(s.labels) for s in right if s.kind == "right")
        wrong = [s for s in result.submissions if s.kind == "wrong"]
        hit = sum(1 for s in wrong if _lost(result.scores[s.name], cells[s.target]))
        caught, total = caught + hit, total + len(wrong)
        lines.append(f"{assignment:<16}{len(result.submissions):>12}{n_right:>18}{f'{full}/{len(right)}':>11}"
                     f"{f'{hit}/{len(wrong)}':>17}{result.seconds:>7.1f}")
    rate = caught / total if total else 1.0
    lines.append(f"{'overall':<16}{'':>12}{'':>18}{'':>11}{f'{caught}/{total} ({rate:.1%})':>17}")
    with capsys.disabled():
        print("\n".join(lines))
    assert rate >= REQUIRED_CATCH_RATE
