"""A grading worker: one process, many submissions, each in its own scratch course.

The pool (:mod:`nncourse.pool`) starts ``python -m nncourse.worker SETTINGS.json``
and sends it one :class:`~nncourse.messages.Job` at a time on its stdin; the
worker answers each with one :class:`~nncourse.messages.Result` on the stdout
it had at start (everything else it or nbgrader prints goes to stderr, the
worker's log). Importing nbgrader, nbconvert and jupyter_client once per
worker, not once per submission, is what makes many small scratch courses cheap.

For a job, :func:`grade_job`:

1. makes ``<worker>/j<N>/``, a scratch course: a copy of the template's
   gradebook (which knows the assignment's cells) and the submission's
   notebooks, rebuilt against the release (:mod:`nncourse.notebooks`), in
   ``submitted/<student>/<assignment>/``;
2. runs nbgrader's ``Autograde`` converter there, with
   :class:`~nncourse.execute.SandboxedExecute` in place of ``Execute``;
3. reads the scores back from that gradebook, writes the student's feedback
   pages (hidden tests left out), and returns all of it as bytes; a
   submission whose canaries passed is returned for review, its score withheld;
4. removes the scratch course.
"""

import json
import os
import shutil
import sys
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import messages
from .messages import ERROR, GRADED, REVIEW, ZERO, Comment, Grade, Result


@dataclass
class WorkerSettings:
    """Everything a worker needs; written as JSON next to its kernel spec."""

    course: str  # the course folder (its nbgrader_config.py)
    assignment: str
    template: str  # the generated assignment: gradebook.db, source/, release/
    folder: str  # the worker's own folder: kernel spec, scratch courses
    runtime: str  # short folder for the kernels' connection directories
    notebooks: list  # the assignment's notebook names
    max_notebook_bytes: int
    preprocessors: list  # Autograde.autograde_preprocessors, Execute replaced by ours
    execute: dict = field(default_factory=dict)  # SandboxedExecute's settings
    hidden_markers: tuple = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS")

    def save(self, path):
        Path(path).write_text(json.dumps(asdict(self), indent=1))

    @classmethod
    def load(cls, path):
        return cls(**json.loads(Path(path).read_text()))


class Worker:
    """The grader of one process: the course's configuration and release, loaded once."""

    def __init__(self, settings):
        from traitlets.config import Config

        from .course import load_config, quiet_warnings

        quiet_warnings()
        self.settings = settings
        self.config = load_config(settings.course)
        self.config.merge(Config({"Autograde": {"autograde_preprocessors": settings.preprocessors},
                                  "SandboxedExecute": settings.execute}))
        self._release = None

    @property
    def release(self):
        """The released notebooks (read at the first job: the pool starts workers before the template is made)."""
        if self._release is None:
            import nbformat

            folder = Path(self.settings.template) / "release" / self.settings.assignment
            self._release = {name: nbformat.read(str(folder / f"{name}.ipynb"), as_version=4)
                             for name in self.settings.notebooks}
        return self._release

    def grade(self, job):
        """Grade one :class:`~nncourse.messages.Job`; any failure of the grader's own is a Result too."""
        job_dir = Path(self.settings.folder) / f"j{job.id}"
        started = time.perf_counter()
        try:
            result = self._grade(job, job_dir)
        except Exception as exc:  # one broken submission must not take the worker down
            traceback.print_exc()
            result = Result(job.id, job.student, ERROR, [f"the grader failed: {type(exc).__name__}: {exc}"[:300]],
                            grader_fault=True)
        finally:
            from .kernel import remove_tree

            remove_tree(job_dir)
        result.seconds = round(time.perf_counter() - started, 2)
        return result

    def _grade(self, job, job_dir):
        from . import execute
        from .notebooks import prepare_notebook

        s = self.settings
        shutil.copytree(s.template, job_dir, ignore=shutil.ignore_patterns("source", "release"))
        submitted = job_dir / "submitted" / job.student / s.assignment
        submitted.mkdir(parents=True)
        reasons, usable = [], 0
        for name in s.notebooks:
            prepared = prepare_notebook(job.notebooks.get(name), self.release[name], max_bytes=s.max_notebook_bytes)
            reasons += prepared.notes
            if prepared.notebook is not None:
                import nbformat

                nbformat.write(prepared.notebook, str(submitted / f"{name}.ipynb"))
                usable += 1
        if usable == 0:
            return Result(job.id, job.student, ZERO, reasons)
        if job.timestamp:
            (submitted / "timestamp.txt").write_text(job.timestamp)
        execute.RUNS.clear()
        log = self._autograde(job_dir, job)
        runs = dict(execute.RUNS)
        for run in runs.values():
            reasons += [e for e in run.events if e not in reasons]
        autograded = job_dir / "autograded" / job.student / s.assignment
        if not log["success"] or not autograded.is_dir():
            print(f"nbgrader failed on {job.student}:\n{log.get('log', '')}\n{log.get('error', '')}", file=sys.stderr)
            return Result(job.id, job.student, ERROR, reasons + [f"not graded: {cause(log)}"], grader_fault=True)
        result = Result(job.id, job.student, GRADED, reasons)
        result.canaries = [(o.canary, o.failed) for run in runs.values() for o in run.canaries]
        self._read_gradebook(job_dir, job.student, result)
        tampered = [(name, c) for name, run in runs.items() for c in run.tampered]
        if tampered and not job.calibrate:
            got = sum(g.auto_score or 0 for g in result.grades if g.cell_type == "code")
            name, canary = tampered[0]
            result.status = REVIEW
            result.reasons.append(
                f"review: the kernel reported a test as passed that had to fail ({name}: {canary.grade_id} re-run "
                f"with its function made to {canary.kind}); tampering suspected, autograded score withheld "
                f"(it would be {got:g})")
        self._files(autograded, result)
        return result

    def _autograde(self, job_dir, job):
        from nbgrader.converters import Autograde
        from nbgrader.coursedir import CourseDirectory
        from nbgrader.utils import capture_log

        from .course import scratch_config

        config = scratch_config(self.config, job_dir, source=Path(self.settings.template) / "source")
        config.SandboxedExecute.canary_cells = job.canaries
        config.SandboxedExecute.calibrate = job.calibrate
        coursedir = CourseDirectory(config=config)
        coursedir.assignment_id = self.settings.assignment
        coursedir.student_id = job.student
        app = Autograde(coursedir=coursedir, config=config)
        app.force = True
        app.create_student = True
        return capture_log(app)

    def _read_gradebook(self, job_dir, student, result):
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{job_dir / 'gradebook.db'}") as gb:
            submission = gb.find_submission(self.settings.assignment, student)
            result.timestamp = submission.timestamp.isoformat() if submission.timestamp else None
            result.late_penalty = float(submission.late_submission_penalty or 0.0)
            for nb in submission.notebooks:
                result.grades += [Grade(nb.name, g.name, g.auto_score, g.max_score, g.needs_manual_grade, g.cell_type)
                                  for g in nb.grades]
                result.comments += [Comment(nb.name, c.name, c.auto_comment) for c in nb.comments]

    def _files(self, autograded, result):
        import nbformat

        from .feedback import render

        for path in sorted(autograded.glob("*.ipynb")):
            result.files[f"autograded/{path.name}"] = path.read_bytes()
            nb = nbformat.read(str(path), as_version=4)
            grades = [g for g in result.grades if g.notebook == path.stem]
            page = render(nb, grades, self.settings.assignment, result.student, self.settings.hidden_markers,
                          withheld=result.status == REVIEW)
            result.files[f"feedback/{path.stem}.html"] = page.encode("utf-8")


def cause(log):
    """The real cause of a failed nbgrader run, in one line: its last exception, else its last error."""
    text = (log.get("error") or "") + "\n" + (log.get("log") or "")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in reversed(lines):
        head = line.split(":", 1)[0]
        if head.endswith(("Error", "Exception", "Interrupt")) and " " not in head and not line.startswith("File "):
            return line[:300]
    for line in reversed(lines):
        if line.startswith("[ERROR]") and "see the above traceback" not in line:
            return line[:300]
    return (lines[-1] if lines else "nbgrader failed without a message")[:300]


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    settings = WorkerSettings.load(argv[0])
    inbox = os.fdopen(os.dup(0), "rb")
    outbox = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed by a library goes to the log, never into the protocol
    worker = Worker(settings)
    while (job := messages.receive(inbox)) is not None:
        messages.send(outbox, worker.grade(job))
    os._exit(0)  # stdin closed: done; skip the interpreter's slow teardown (kernels are already shut down)


if __name__ == "__main__":
    main()
