"""``nncourse grade``: a whole class, N workers, one scratch course per submission, one gradebook.

1. collect the submissions (:mod:`nncourse.collect`) and stage the chosen
   notebooks in a scratch folder;
2. generate the assignment once in a template course (its gradebook knows the
   cells) and register it in the course gradebook (:func:`course.make_template`);
3. give each worker (:mod:`nncourse.worker`, run by :mod:`nncourse.pool`) its own
   sandbox kernel spec (:mod:`nncourse.sandbox`) and, as root, its own sandbox
   uid; hand out one submission at a time;
4. as each result comes back: merge it into the course gradebook and folder
   (:mod:`nncourse.gradebook`), advance the bar, print the reason when it did
   not grade normally;
5. write ``grades.csv`` and print the summary (:mod:`nncourse.report`). Exit
   status 0 when every submission received a grade (a zero counts), else 1.
"""

import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import pool, report
from .collect import collect
from .course import Course, make_template, with_venv_path
from .gradebook import Merger
from .sandbox import MB, Limits, SandboxConfig, find_bwrap, python_paths, smoke_test, write_kernelspec


@dataclass
class Options:
    assignment: str
    submissions: str
    course: str = "."
    workers: int = 2
    timeout: int | None = None  # per cell; default: the course's Execute.timeout, else 60
    memory: int = 2048
    cpu: int = 600
    processes: int = 64
    output: float = 2.0
    disk: int = 100
    db: str | None = None
    scratch: str | None = None
    keep_scratch: bool = False
    sandbox_uid: int = 64000
    max_notebook_mb: int = 20
    submission_timeout: int | None = None
    packages: tuple = ("nnlib",)
    progress: bool = True


@dataclass
class Outcome:
    student: str
    original: str
    status: str = "error"  # graded, problems, zero, error
    reasons: list = field(default_factory=list)
    scores: dict = field(default_factory=dict)  # autograded grade_id -> score

    @property
    def reason(self):
        return "; ".join(self.reasons)

    @property
    def auto_score(self):
        return sum(self.scores.values())


def quiet_warnings():
    """nbgrader's gradebook code triggers SQLAlchemy warnings that mean nothing to an instructor."""
    import warnings

    warnings.filterwarnings("ignore", message=".*not in session.*")
    warnings.filterwarnings("ignore", category=DeprecationWarning)


def _timing(what, started):
    if os.environ.get("NNCOURSE_TIMING"):
        print(f"[{time.perf_counter() - started:6.1f} s] {what}", file=sys.stderr)


def _preprocessors(course):
    """The course's autograde preprocessors, with nbgrader's Execute replaced by ours."""
    from nbgrader.converters import Autograde

    listed = (course.config.get("Autograde", {}).get("autograde_preprocessors")
              or Autograde.class_traits()["autograde_preprocessors"].default())
    names = [p if isinstance(p, str) else f"{p.__module__}.{p.__name__}" for p in listed]
    return ["nncourse.execute.SandboxedExecute" if n.rsplit(".", 1)[-1] == "Execute" else n for n in names]


def _release_cells(template, assignment):
    import nbformat

    for path in sorted((Path(template) / "release" / assignment).glob("*.ipynb")):
        yield from nbformat.read(str(path), as_version=4).cells


def _parts(template, assignment):
    """(grade_id, points) of the autograded cells, in notebook order."""
    parts = []
    for cell in _release_cells(template, assignment):
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            parts.append((meta["grade_id"], float(meta.get("points", 0))))
    return parts


def _workers(course, opts, run, runtime_base, timeout, template):
    """A folder, a sandbox config, a kernel spec and settings per worker; returns the pool specs."""
    bwrap = find_bwrap()
    if bwrap is None:
        raise SystemExit("nncourse grade: bubblewrap (bwrap) is not installed; it runs every student's code in a "
                         "sandbox. Install it: `make sandbox` (apt-get install bubblewrap).")
    limits = Limits(timeout=timeout, memory=opts.memory, cpu=opts.cpu, processes=opts.processes,
                    output=opts.output, disk=opts.disk)
    hidden = course.config.get("ClearHiddenTests", {})
    read_only, specs = python_paths(opts.packages), []
    for i in range(opts.workers):
        wdir, runtime = run / f"w{i}", runtime_base / f"k{i}"
        (wdir / "tmp").mkdir(parents=True)
        runtime.mkdir(mode=0o711)
        config = SandboxConfig(limits=limits, scratch=[str(run), str(runtime_base)], read_only=read_only,
                               uid=opts.sandbox_uid + i if os.geteuid() == 0 else None, bwrap=bwrap)
        if i == 0:
            smoke_test(config, wdir)
        config.save(wdir / "sandbox.json")
        write_kernelspec(wdir / "jupyter", wdir / "sandbox.json")
        settings = {
            "course": str(course.root), "assignment": opts.assignment, "template": str(template),
            "worker_dir": str(wdir), "runtime": str(runtime), "runtime_mb": 64,
            "max_notebook_bytes": opts.max_notebook_mb * MB,
            "hidden_begin": hidden.get("begin_test_delimeter", "BEGIN HIDDEN TESTS"),
            "hidden_end": hidden.get("end_test_delimeter", "END HIDDEN TESTS"),
            "nbgrader_overrides": {
                "Autograde": {"autograde_preprocessors": _preprocessors(course)},
                "SandboxedExecute": {"timeout": timeout, "max_output": int(opts.output * MB),
                                     "runtime_root": str(runtime), "shutdown_kernel": "immediate"},
            },
        }
        (wdir / "settings.json").write_text(json.dumps(settings))
        env = dict(with_venv_path(), JUPYTER_PATH=str(wdir / "jupyter"), TMPDIR=str(wdir / "tmp"),
                   JUPYTER_PLATFORM_DIRS="1", PYTHONUNBUFFERED="1", OPENBLAS_NUM_THREADS="1")
        specs.append((wdir / "settings.json", env, wdir / "worker.log"))
    return specs


def grade(opts):
    """``nncourse grade``; returns the exit status."""
    quiet_warnings()
    started = time.perf_counter()
    course = Course(opts.course, db_url=opts.db)
    if opts.assignment not in course.assignments():
        raise SystemExit(f"no assignment {opts.assignment!r} in {course.root / course.source_directory} "
                         f"(there are: {', '.join(course.assignments())})")
    if not Path(opts.submissions).exists():
        raise SystemExit(f"{opts.submissions}: no such folder or zip file")
    timeout = opts.timeout or course.config.get("Execute", {}).get("timeout") or 60
    run = Path(tempfile.mkdtemp(prefix="nncourse-", dir=opts.scratch))
    os.chmod(run, 0o711)
    # Unix socket paths are limited to ~100 characters: the kernels' sockets need a short folder
    runtime_base = run if len(str(run)) < 60 else Path(tempfile.mkdtemp(prefix="nnc-", dir="/tmp"))
    workers = None
    try:
        notebooks = course.notebooks(opts.assignment)
        regexp = course.config.get("FileNameCollectorPlugin", {}).get("named_regexp")
        submissions = collect(opts.submissions, notebooks, run / "staging", regexp=regexp,
                              max_bytes=opts.max_notebook_mb * MB)
        if not submissions:
            raise SystemExit(f"{opts.submissions}: no submissions found")
        template = run / "template"
        workers = pool.Pool(_workers(course, opts, run, runtime_base, timeout, template))
        make_template(course, opts.assignment, template)
        _timing("template ready", started)
        outcomes, parts = _grade_all(course, opts, submissions, notebooks, template, workers, timeout)
        workers.close()
        _timing("all graded", started)
    except BaseException:
        if workers is not None:
            workers.close(kill=True)  # Ctrl-C or a bug: no worker may outlive us
        raise
    finally:
        if opts.keep_scratch:
            print(f"scratch folder kept: {run}", file=sys.stderr)
        else:
            shutil.rmtree(run, ignore_errors=True)
            if runtime_base != run:
                shutil.rmtree(runtime_base, ignore_errors=True)
    report.summary(opts.assignment, outcomes, time.perf_counter() - started, opts.workers, parts)
    print(f"grades: {course.root / 'grades.csv'}\nfeedback: {course.root / 'feedback'}/<student>/{opts.assignment}/")
    return 1 if any(o.status == "error" for o in outcomes) else 0


def _grade_all(course, opts, submissions, notebooks, template, workers, timeout):
    """Grade every submission; returns the outcomes (in the submissions' order) and the graded parts."""
    code_cells = sum(c.cell_type == "code" for c in _release_cells(template, opts.assignment))
    budget = opts.submission_timeout or (code_cells + 2) * (timeout + 15) + 60
    merger = Merger(course, opts.assignment, notebooks)
    outcomes = {s.student: Outcome(s.student, s.original, reasons=list(s.notes)) for s in submissions}
    bar = report.Progress(len(submissions), opts.assignment, enabled=opts.progress)

    def finish(outcome):
        if outcome.reason:
            bar.note(f"  {outcome.student}: {outcome.reason}")
        bar.advance()

    def deliver(job, result):
        outcome = outcomes[job["student"]]
        outcome.reasons += [n for n in result.get("notes", []) if n not in outcome.reasons]
        outcome.reasons += result.get("events", [])
        if result["status"] == "graded":
            merger.graded(outcome, result)
            outcome.status = "problems" if outcome.reasons else "graded"
        elif result["status"] == "zero":
            outcome.status = "zero"
            merger.zero(outcome)
        else:
            outcome.status = "error"
            outcome.reasons.append(f"not graded: {result.get('error') or 'unknown error'}")
            merger.error(outcome)
        finish(outcome)
        shutil.rmtree(result.get("job_dir") or "/nonexistent", ignore_errors=True)

    jobs = []
    for i, sub in enumerate(submissions):
        if all(path is None for path in sub.notebooks.values()):  # nothing to grade: no worker needed
            outcomes[sub.student].status = "zero"
            merger.zero(outcomes[sub.student])
            finish(outcomes[sub.student])
        else:
            jobs.append({"id": i, "student": sub.student, "notebooks": sub.notebooks})
    try:
        workers.run(jobs, budget, deliver)
    finally:
        bar.close()
    ordered = [outcomes[s.student] for s in submissions]
    report.export_csv(merger.gb, course.root / "grades.csv", {(opts.assignment, o.student): o for o in ordered})
    merger.close()
    return ordered, _parts(template, opts.assignment)
