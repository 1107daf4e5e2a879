"""The instructor's nbgrader course folder, and scratch copies of it.

A course folder holds ``nbgrader_config.py`` (trusted: it is the instructor's)
and the source assignments. Grading never runs in it: :func:`make_template`
generates the assignment once in a scratch folder (its gradebook then knows
every cell of the assignment) and registers it in the course gradebook, and
each submission is graded in its own copy of that template.
"""

import copy
import os
import shutil
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent  # the virtual environment's bin/: nbgrader, and alembic, which nbgrader runs


def with_venv_path(env=None):
    """``env`` (default: ours) with the virtual environment's ``bin/`` first on PATH."""
    env = dict(os.environ if env is None else env)
    if str(BIN) not in env.get("PATH", "").split(os.pathsep):
        env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


class Course:
    """An nbgrader course folder (the one holding ``nbgrader_config.py``)."""

    def __init__(self, root, db_url=None):
        self.root = Path(root).resolve()
        if not (self.root / "nbgrader_config.py").is_file():
            raise SystemExit(f"{self.root} is not an nbgrader course: it has no nbgrader_config.py (use --course DIR)")
        self.config = load_config(self.root)
        cd = self.config.get("CourseDirectory", {})
        self.source_directory = cd.get("source_directory", "source")
        self.release_directory = cd.get("release_directory", "release")
        self.course_id = cd.get("course_id", "")
        self.db_url = db_url or cd.get("db_url") or f"sqlite:///{self.root / 'gradebook.db'}"

    def source(self, assignment):
        return self.root / self.source_directory / assignment

    def assignments(self):
        base = self.root / self.source_directory
        return sorted(p.name for p in base.iterdir() if p.is_dir() and any(p.glob("*.ipynb"))) if base.is_dir() else []

    def notebooks(self, assignment):
        """Names (without .ipynb) of the assignment's notebooks."""
        return sorted(p.stem for p in self.source(assignment).glob("*.ipynb"))

    def hidden_markers(self):
        """The lines that open and close hidden tests (nbgrader's ``ClearHiddenTests`` delimiters)."""
        hidden = self.config.get("ClearHiddenTests", {})
        return (hidden.get("begin_test_delimeter", "BEGIN HIDDEN TESTS"),
                hidden.get("end_test_delimeter", "END HIDDEN TESTS"))


def scratch_config(config, root, db_url=None, source=None):
    """A copy of a course's configuration, pointed at a scratch folder ``root``."""
    config = copy.deepcopy(config)
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.db_url = db_url or f"sqlite:///{Path(root) / 'gradebook.db'}"
    if source is not None:
        config.CourseDirectory.source_directory = str(source)
    return config


def quiet_warnings():
    """nbgrader's gradebook code triggers SQLAlchemy warnings that mean nothing to an instructor."""
    import warnings

    warnings.filterwarnings("ignore", message=".*not in session.*")
    warnings.filterwarnings("ignore", category=DeprecationWarning)


def load_config(root):
    """``nbgrader_config.py`` of the course as a traitlets Config."""
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()


def fast_alembic_version():
    """nbgrader stamps a new gradebook with the head of its migrations by running
    ``alembic heads`` as a program (seconds of start-up); ask alembic in-process."""
    import functools

    import nbgrader
    import nbgrader.api

    @functools.cache
    def head():
        from alembic.config import Config
        from alembic.script import ScriptDirectory

        config = Config()
        config.set_main_option("script_location", os.path.join(os.path.dirname(nbgrader.__file__), "alembic"))
        return ScriptDirectory.from_config(config).get_current_head()

    nbgrader.api.get_alembic_version = head


def make_template(course, assignment, folder):
    """Generate ``assignment`` in ``folder`` (its own gradebook) and in the course gradebook.

    Returns the template folder: ``gradebook.db``, ``source/<assignment>``.
    """
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.utils import capture_log

    fast_alembic_version()
    folder = Path(folder)
    shutil.copytree(course.source(assignment), folder / "source" / assignment,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"), symlinks=False)
    for db_url in (None, course.db_url):  # the template's gradebook, then the course's
        config = scratch_config(course.config, folder, db_url=db_url)
        config.CourseDirectory.source_directory = "source"
        config.CourseDirectory.release_directory = "release"
        coursedir = CourseDirectory(config=config)
        coursedir.assignment_id = assignment
        app = GenerateAssignment(coursedir=coursedir, config=config)
        app.force = True
        app.create_assignment = True
        result = capture_log(app)
        if not result["success"]:
            raise RuntimeError(f"nbgrader generate_assignment {assignment} failed:\n"
                               f"{result.get('log', '')}\n{result.get('error', '')}")
    return folder


def release(course, assignments=()):
    """``nbgrader generate_assignment --force`` in the course folder (all assignments by default)."""
    names = list(assignments) or course.assignments()
    for name in names:
        proc = subprocess.run([str(BIN / "nbgrader"), "generate_assignment", name, "--force", "--log-level=WARN"],
                              cwd=course.root, env=with_venv_path(), capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"nbgrader generate_assignment {name} failed:\n{proc.stderr[-3000:]}")
        print(f"released {name} -> {course.release_directory}/{name}/")
    return names
