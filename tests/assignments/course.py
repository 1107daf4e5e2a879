"""A scratch nbgrader course: never the repository, always a temporary folder.

:func:`make_course` copies ``nbgrader_config.py`` and ``solutions/`` into a
folder and runs ``nbgrader generate_assignment`` there, one call for all the
assignments. :func:`students` builds the submissions of one assignment from
the committed release (``exercises/``); :func:`autograde` submits them and
runs ONE ``nbgrader autograde`` for all of them, then reads every test cell's
score from the gradebook (``nbgrader.api.Gradebook``).
"""

import copy
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat

from . import notebook, spec

BIN = Path(sys.executable).parent  # the virtual environment's bin/: nbgrader, and alembic, which it runs


def nbgrader(root, *args, timeout=900):
    """Run an nbgrader command in the course at ``root``; return the completed process."""
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    proc = subprocess.run([str(BIN / "nbgrader"), *args], cwd=root, env=env, capture_output=True,
                          text=True, timeout=timeout)
    if proc.returncode != 0:
        raise AssertionError(f"nbgrader {' '.join(args)} failed (exit {proc.returncode}):\n{proc.stderr[-5000:]}")
    return proc


def make_course(root):
    """A copy of the course at ``root`` with every assignment generated; returns the seconds it took."""
    root = Path(root)
    shutil.copy(notebook.ROOT / "nbgrader_config.py", root)
    shutil.copytree(notebook.SOLUTIONS, root / "solutions", ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    start = time.perf_counter()
    nbgrader(root, "generate_assignment", "[0-9][0-9]_*", "--force")
    return time.perf_counter() - start


# -- the students --


def _replace_answers(nb, sources):
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in sources:
            cell.source = sources[grade_id]
    return nb


def _edit_tests(nb):
    """Delete the first and last test cells; gut the others (source, points, lock)."""
    tests = [i for i, c in enumerate(nb.cells) if notebook.role(c) == "test"]
    for i in tests[1:-1]:
        cell = nb.cells[i]
        cell.source = "# the tests, rewritten by the student\npass"
        cell.metadata.nbgrader["points"] = 100.0
        cell.metadata.nbgrader["locked"] = False
    for i in sorted({tests[0], tests[-1]}, reverse=True):
        del nb.cells[i]
    return nb


def students(assignment):
    """name -> (submitted notebook, its answer cells' sources).

    Student names have no "_" (``nbgrader_config.py``'s zip_collect pattern).
    """
    release = nbformat.read(str(notebook.release_notebook(assignment)), as_version=4)
    source = notebook.cells(notebook.source_notebook(assignment))
    answers = spec.load(assignment) or {}
    solution = {c.grade_id: c.source for c in source if c.role == "answer"}
    solution_written = {c.grade_id: "A written answer." for c in source if c.role == "written"}
    blank = {c.grade_id: c.source for c in notebook.cells(notebook.release_notebook(assignment)) if c.role == "answer"}
    cheat = {g: a.nnlib for g, a in answers.items()}
    mistake = {g: next(iter(a.wrong.values())) for g, a in answers.items()}

    def submission(sources, edit=False):
        nb = _replace_answers(copy.deepcopy(release), sources)
        return _edit_tests(nb) if edit else nb

    return {
        "solution": (submission({**solution, **solution_written}), solution),
        "blank": (submission({}), blank),
        "mistakes": (submission(mistake), mistake),
        # the tests deleted or gutted: restored from the gradebook, so nothing changes
        "editedsolution": (submission({**solution, **solution_written}, edit=True), solution),
        # answers that only call nnlib, and tests gutted so that they would pass: zero
        "cheater": (submission(cheat, edit=True), cheat),
    }


# -- grading --


def submit(root, assignment, name, nb):
    path = Path(root) / "submitted" / name / assignment / f"{assignment}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))


def scores(root, assignment):
    """student -> {grade_id: (score, max_score, needs_manual_grade)} for the assignment's one notebook."""
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(f"sqlite:///{Path(root) / 'gradebook.db'}") as gb:
        for submission in gb.assignment_submissions(assignment):
            nb = gb.find_submission_notebook(assignment, assignment, submission.student_id)
            out[submission.student_id] = {g.name: (g.score, g.max_score, g.needs_manual_grade) for g in nb.grades}
    return out
