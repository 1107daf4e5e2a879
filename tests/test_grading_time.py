"""One student cannot stop or slow the class: a class of 40 honest students, then the same
class with three attackers, graded by ``nncourse grade --workers 2 --timeout 5`` in one
session; the ratio of the two times is the measure (nothing absolute is timed).

The attackers: 200 cells that each sleep just under the per-cell timeout (the notebook's
time budget stops it, and it steps aside so that the others go on); a very deep directory
chain and a full disk everywhere it may write (its own tmpfs mounts, which cannot fill or
poison anything the next students use); and 10 GB of display updates (one output cap).
"""

import time

import nbformat
import pytest

from grading import hostile, tampering
from test_grading import ASSIGNMENT, NNCOURSE, read_rows, sandbox_processes, scratch_course

HONEST = 40
RATIO = 1.5
OPTIONS = ["--workers", "2", "--timeout", "5", "--quiet"]


def _sleeper():
    nb = hostile.submission()
    nb.cells += [nbformat.v4.new_code_cell(f"import time\ntime.sleep(4.9)  # {i}") for i in range(200)]
    return nb


ATTACKERS = {
    "sleeper": _sleeper,
    "deepdisk": lambda: hostile.submission(attack=tampering.DEEP_DISK + tampering.SOCKET_DIR + hostile.answers()[hostile.TARGET]),
    "flooder": lambda: hostile.submission(attack=tampering.DISPLAY_FLOOD + hostile.answers()[hostile.TARGET]),
}


def _grade(tmp_path, name, students):
    import subprocess

    course, submissions = scratch_course(tmp_path / name), tmp_path / name / "submissions"
    for student, nb in students.items():
        (submissions / student).mkdir(parents=True)
        nbformat.write(nb, str(submissions / student / f"{ASSIGNMENT}.ipynb"))
    started = time.monotonic()
    proc = subprocess.run([str(NNCOURSE), "grade", ASSIGNMENT, str(submissions), "--course", str(course), *OPTIONS],
                          capture_output=True, text=True, timeout=900)
    return time.monotonic() - started, proc, read_rows(course)


@pytest.fixture(scope="module")
def timed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("timing")
    honest = {f"student{i:02d}": hostile.submission() for i in range(HONEST)}
    alone = _grade(tmp, "honest", honest)
    attacked = _grade(tmp, "attacked", {**honest, **{name: make() for name, make in ATTACKERS.items()}})
    print(f"\n{HONEST} honest students: {alone[0]:.1f} s; with {len(ATTACKERS)} attackers: {attacked[0]:.1f} s "
          f"({attacked[0] / alone[0]:.2f} x)")
    return alone, attacked


def test_three_attackers_do_not_slow_the_class(timed):
    (alone, proc_alone, _), (attacked, proc, rows) = timed
    assert proc_alone.returncode == 0 and proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert attacked <= RATIO * alone, f"{attacked:.1f} s with the attackers, {alone:.1f} s without: more than {RATIO} x"
    assert sandbox_processes() == []


def test_every_honest_student_is_graded_in_full(timed):
    _, (_, proc, rows) = timed
    full = hostile.notebook.max_auto_points(ASSIGNMENT)
    wrong = {s: (r["status"], r["score"], r["reason"]) for s, r in rows.items()
             if s.startswith("student") and (r["status"] != "graded" or float(r["score"]) != full)}
    assert not wrong, wrong
    assert "time budget" in rows["sleeper"]["reason"], rows["sleeper"]
    assert "output" in rows["flooder"]["reason"], rows["flooder"]
    assert rows["deepdisk"]["status"] == "graded" and float(rows["deepdisk"]["score"]) == full, rows["deepdisk"]
