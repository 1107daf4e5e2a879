"""``nncourse demo``: a synthetic class, graded end to end in a scratch copy of the course.

The class is built from the assignment itself: the source notebook's answer
cells are the correct answers, the release is the blank submission. Students
take turns being correct, partly right (the first answers right, the rest left
blank), blank, or broken in one of the ways a real class is (invalid JSON, no
notebook, a misnamed notebook, an infinite loop, a kernel that exits, a flood
of output, deleted and edited test cells). Names have spaces, accents and
quotes, as folder names from a learning platform do.
"""

import copy
import shutil
import tempfile
from pathlib import Path

import nbformat

from . import cells
from .course import Course, make_template

NAMES = ["Ada Lovelace", "Alan Turing", "Zoë O'Brien", "Grace Hopper", "Kurt Gödel", "Emmy Noether",
         "John von Neumann", "Frank Rosenblatt", "Bernard Widrow", "Marvin Minsky", "Seymour Papert",
         "Warren McCulloch", "Walter Pitts", "Donald Hebb", "Geoffrey Hinton", "Yann LeCun"]

BROKEN = {  # in the order they come in the class
    "infinite loop": "while True:\n    pass\n",
    "invalid JSON": None,
    "kernel exits": "import os\nos._exit(1)\n",
    "no notebook": None,
    "200 MB of output": "for _ in range(200):\n    print('x' * 1_000_000)\n",
    "misnamed notebook": None,
    "test cells deleted and edited": None,
}


def answers_of(source_nb):
    """grade_id -> the source notebook's answer (and a stand-in written answer)."""
    answers = {}
    for cell in source_nb.cells:
        role = cells.role(cell)
        if role == "answer":
            answers[cell.metadata.nbgrader["grade_id"]] = cell.source
        elif role == "written":
            answers[cell.metadata.nbgrader["grade_id"]] = "A written answer, graded by hand."
    return answers


def fill(release, answers, only=None):
    nb = copy.deepcopy(release)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers and (only is None or grade_id in only):
            cell.source = answers[grade_id]
    return nb


def make_class(source_nb, release_nb, notebook, folder, students):
    """Write ``students`` submission folders into ``folder``; returns name -> kind."""
    answers = answers_of(source_nb)
    order = [c.metadata.nbgrader["grade_id"] for c in source_nb.cells if cells.role(c) == cells.ANSWER]  # the answer cells
    kinds, broken = [], list(BROKEN)
    cycle = ["correct", "partly right", "broken", "correct", "blank", "broken", "partly right", "broken"]
    for i in range(students):
        kind = cycle[i % len(cycle)]
        kinds.append(broken[sum(k in BROKEN for k in kinds) % len(broken)] if kind == "broken" else kind)
    out = {}
    for i, kind in enumerate(kinds):
        name = NAMES[i % len(NAMES)] + (f" {i // len(NAMES) + 1}" if i >= len(NAMES) else "")
        student = Path(folder) / name
        student.mkdir(parents=True)
        path = student / f"{notebook}.ipynb"
        if kind == "correct":
            nb = fill(release_nb, answers)
        elif kind == "partly right":
            nb = fill(release_nb, answers, only=order[: 1 + i % max(1, len(order) - 1)])
        elif kind == "blank":
            nb = release_nb
        elif kind == "invalid JSON":
            path.write_text(nbformat.writes(fill(release_nb, answers))[:5000])
            nb = None
        elif kind == "no notebook":
            (student / "answers.txt").write_text("I could not get Jupyter to work, sorry.\n")
            nb = None
        elif kind == "misnamed notebook":
            nb, path = fill(release_nb, answers), student / "Untitled (1).ipynb"
        elif kind == "test cells deleted and edited":
            nb = fill(release_nb, answers)
            tests = [c for c in nb.cells if cells.role(c) == cells.TEST]
            tests[-1].source = "pass  # my own test"
            nb.cells.remove(tests[0])
        else:  # an answer cell that breaks: the other parts are still graded
            attack = {order[-1]: BROKEN[kind] + answers[order[-1]]}
            nb = fill(release_nb, {**answers, **attack})
        if nb is not None:
            nbformat.write(nb, str(path))
        out[name] = kind
    return out


def demo(args, make_options):
    from .grade import grade

    course = Course(args.course)
    assignment = args.assignment or course.assignments()[0]
    out = Path(args.out or tempfile.mkdtemp(prefix="nncourse-demo-"))
    demo_course = out / "course"
    demo_course.mkdir(parents=True, exist_ok=True)
    shutil.copy(course.root / "nbgrader_config.py", demo_course)
    shutil.copytree(course.source(assignment), demo_course / course.source_directory / assignment, dirs_exist_ok=True)
    template = make_template(Course(demo_course), assignment, Path(tempfile.mkdtemp(prefix="nncourse-demo-template-")))
    class_dir = out / "submissions"
    names = {}
    for notebook in course.notebooks(assignment):
        source = nbformat.read(str(course.source(assignment) / f"{notebook}.ipynb"), as_version=4)
        release = nbformat.read(str(template / "release" / assignment / f"{notebook}.ipynb"), as_version=4)
        names = make_class(source, release, notebook, class_dir, args.students)
        break  # the synthetic class answers the first notebook of the assignment
    shutil.rmtree(template, ignore_errors=True)
    print(f"A class of {len(names)} in {class_dir}:")
    for name, kind in names.items():
        print(f"  {name:<24} {kind}")
    args.course = str(demo_course)
    status = grade(make_options(args, assignment, str(class_dir)))
    print(f"The demo course is {demo_course} (gradebook.db, grades.csv, feedback/, autograded/).")
    return status
