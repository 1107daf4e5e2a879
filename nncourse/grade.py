"""``nncourse grade``: a whole class, N workers, one scratch course per submission, one gradebook.

1. collect the submissions (:mod:`nncourse.collect`) and stage the chosen
   notebooks in a scratch folder;
2. generate the assignment once in a template course (its gradebook knows the
   cells) and register it in the course gradebook (:func:`course.make_template`);
3. start the workers (:mod:`nncourse.pool`), each with its own sandbox kernel
   spec (:mod:`nncourse.sandbox`) and, as root, its own sandbox uid;
4. **preflight**: grade the reference solution (the course's source notebook)
   first, in the same sandbox. It must get full marks (else nothing is graded:
   the environment would grade the class unfairly), and it tells which test
   cells can serve as canaries (:mod:`nncourse.canaries`) and how long a
   submission usually takes;
5. hand out the class, one submission at a time; as each result comes back,
   merge it into the course gradebook and folder (:mod:`nncourse.gradebook`),
   advance the bar, print the reason when it did not grade normally;
6. write ``grades.csv`` (:mod:`nncourse.gradesheet`) and print the summary
   (:mod:`nncourse.summary`). Exit status 0 when every submission received a
   grade (a zero counts; a submission for review counts), else 1.
"""

import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import cells, gradesheet, late, summary
from .collect import collect
from .course import Course, make_template, quiet_warnings
from .gradebook import Merger
from .kernel import remove_tree
from .messages import ERROR, GRADED, REVIEW, ZERO, Job
from .pool import Pool, Ticket
from .progress import Progress
from .sandbox import MB, Limits
from .workspace import Plan, is_root, job_budget, prepare


@dataclass
class Options:
    assignment: str
    submissions: str
    course: str = "."
    workers: int = os.cpu_count() or 2
    limits: Limits = field(default_factory=Limits)
    db: str | None = None
    scratch: str | None = None
    keep_scratch: bool = False
    sandbox_uid: int = 64000
    max_notebook_mb: int = 20
    submission_timeout: int | None = None
    check_reference: bool = True
    packages: tuple = ("nnlib",)
    progress: bool = True
    scheduler: str | None = None  # a Dask scheduler's address: grade on its workers (nncourse.cluster)
    scheduler_file: str | None = None


@dataclass
class Outcome:
    """What happened to one student's submission in this run."""

    student: str
    original: str
    status: str = ERROR  # graded, problems (graded, with reasons), zero, review, error
    reasons: list = field(default_factory=list)
    scores: dict = field(default_factory=dict)  # autograded grade_id -> score
    seconds: float | None = None  # grading time in the worker (None: no worker finished it)

    @property
    def reason(self):
        return "; ".join(self.reasons)

    @property
    def auto_score(self):
        return sum(self.scores.values())


class ReferenceFailed(SystemExit):
    """The reference solution does not get full marks in the sandbox."""


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


def _release(template, assignment):
    return [nbformat.read(str(p), as_version=4) for p in sorted((Path(template) / "release" / assignment).glob("*.ipynb"))]


def _parts(template, assignment):
    """(grade_id, points) of the autograded cells, in notebook order."""
    return [(cells.grade_id(c), cells.points(c)) for nb in _release(template, assignment) for c in nb.cells
            if cells.role(c) == cells.TEST]


def _plan(course, opts, notebooks):
    timeout = opts.limits.timeout or course.config.get("Execute", {}).get("timeout") or 60
    limits = Limits(**{**opts.limits.__dict__, "timeout": timeout,
                       "notebook_timeout": opts.limits.notebook_timeout or 3 * timeout})
    return Plan(assignment=opts.assignment, notebooks=notebooks, limits=limits, preprocessors=_preprocessors(course),
                hidden_markers=course.hidden_markers(), max_notebook_bytes=opts.max_notebook_mb * MB,
                packages=tuple(opts.packages))


def _local_pool(course, opts, plan, run, runtime_base, template):
    """2 x workers worker folders on this machine (see pool.Pool), the first one's sandbox tried at once."""
    specs = [prepare(plan, course.root, template, run / f"w{i}", runtime_base / f"k{i}", [str(run), str(runtime_base)],
                     opts.sandbox_uid + i if is_root() else None, smoke=i == 0)
             for i in range(2 * opts.workers)]
    return Pool(specs)


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
    late.plugin(course.config)  # a late-submission plugin that cannot be imported stops the run before it starts
    run = Path(tempfile.mkdtemp(prefix="nncourse-", dir=opts.scratch))
    os.chmod(run, 0o711)
    # Unix socket paths are limited to ~100 characters: the kernels' sockets need a short folder
    runtime_base = run if len(str(run)) < 60 else Path(tempfile.mkdtemp(prefix="nnc-", dir="/tmp"))
    workers = None
    try:
        notebooks = course.notebooks(opts.assignment)
        regexp = course.config.get("FileNameCollectorPlugin", {}).get("named_regexp")
        collection = collect(opts.submissions, notebooks, run / "staging", regexp=regexp,
                             max_bytes=opts.max_notebook_mb * MB)
        if not collection.submissions:
            raise SystemExit(f"{opts.submissions}: no submissions found" +
                             (f" (files that belong to no student: {', '.join(collection.stray[:10])})"
                              if collection.stray else ""))
        template, plan = run / "template", _plan(course, opts, notebooks)
        if opts.scheduler or opts.scheduler_file:
            from .cluster import ClusterPool, make_bundle

            make_template(course, opts.assignment, template)
            workers = ClusterPool(make_bundle(plan, course.root, template), opts.scheduler, opts.scheduler_file)
        else:  # the workers start (and import nbgrader) while the template is made
            workers = _local_pool(course, opts, plan, run, runtime_base, template)
            make_template(course, opts.assignment, template)
        _timing("template ready", started)
        budget = job_budget(plan, opts.submission_timeout)
        usable, typical = _preflight(course, opts, template, notebooks, workers, budget)
        workers.durations = [typical]
        _timing("reference graded", started)
        outcomes = _grade_all(course, opts, collection, notebooks, workers, budget, usable)
        parts = _parts(template, opts.assignment)
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
            remove_tree(run)
            if runtime_base != run:
                remove_tree(runtime_base)
    summary.summary(opts.assignment, outcomes, time.perf_counter() - started, opts.workers, parts)
    if collection.stray:
        print(f"Files that belong to no student (not graded): {', '.join(collection.stray[:20])}"
              + (" ..." if len(collection.stray) > 20 else ""))
    print(f"grades: {course.root / 'grades.csv'}\nfeedback: {course.root / 'feedback'}/<student>/{opts.assignment}/")
    return 1 if any(o.status == ERROR for o in outcomes) else 0


def _preflight(course, opts, template, notebooks, workers, budget):
    """Grade the reference solution; returns the usable canaries and its grading time."""
    source = Path(template) / "source" / opts.assignment
    reference = {name: (source / f"{name}.ipynb").read_bytes() for name in notebooks}
    ticket = Ticket(-1, "reference", lambda: Job(-1, "reference", reference, calibrate=True))
    got = []
    workers.run([ticket], budget, lambda t, result: got.append(result))
    result = got[0]
    lost = [g for g in result.grades if g.cell_type == "code" and (g.auto_score or 0) < g.max_score]
    if result.status != GRADED or lost:
        why = "; ".join(result.reasons) or ", ".join(f"{g.name}: {g.auto_score or 0:g}/{g.max_score:g}" for g in lost)
        message = (f"nncourse grade: the reference solution of {opts.assignment} ({course.source(opts.assignment)}) "
                   f"does not get full marks in the sandbox: {why}\n{_errors(result, lost)}"
                   "A fair grade needs the reference to pass: fix the assignment or the environment first")
        if opts.check_reference:
            raise ReferenceFailed(message + " (or grade anyway with --skip-reference-check).")
        print(message + "; grading anyway (--skip-reference-check).", file=sys.stderr)
    usable = [[c.grade_id, c.kind] for c, failed in result.canaries if failed]
    # the reference ran every candidate canary, two per test cell; a student runs three in all
    tests = sum(1 for g in result.grades if g.cell_type == "code")
    return usable, max(1.0, result.seconds * (tests + 3) / (3 * tests + 1))


def _errors(result, lost):
    """The error messages of the reference's failed test cells, from its autograded notebook."""
    lines = []
    for relative, data in result.files.items():
        if relative.startswith("autograded/"):
            nb = nbformat.reads(data.decode("utf-8"), as_version=4)
            for cell in nb.cells:
                if cells.grade_id(cell) in {g.name for g in lost}:
                    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
                    if errors:
                        lines.append(f"  {cells.grade_id(cell)}: {errors[-1].get('ename')}: "
                                     f"{str(errors[-1].get('evalue'))[:300]}")
    return "\n".join(lines) + ("\n" if lines else "")


def _grade_all(course, opts, collection, notebooks, workers, budget, usable):
    """Grade every submission; returns the outcomes, in the submissions' order."""
    merger = Merger(course, opts.assignment, notebooks)
    subs = collection.submissions
    outcomes = {s.student: Outcome(s.student, s.original, reasons=list(s.notes)) for s in subs}
    bar = Progress(len(subs), opts.assignment, enabled=opts.progress)

    def finish(outcome):
        merger.record(outcome)
        if outcome.reason:
            bar.note(f"  {outcome.student}: {outcome.reason}")
        bar.advance()

    delivered = set()

    def deliver(ticket, result):
        delivered.add(ticket.student)
        outcome = outcomes[ticket.student]
        outcome.reasons += [r for r in result.reasons if r not in outcome.reasons]
        outcome.seconds = result.seconds or None  # 0: no worker measured it (a stopped or crashed one)
        if result.status in (GRADED, REVIEW):
            merger.graded(outcome, result)
            outcome.status = REVIEW if result.status == REVIEW else "problems" if outcome.reasons else "graded"
        elif result.status == ZERO:
            outcome.status = ZERO
            merger.zero(outcome)
        else:
            outcome.status = ERROR
            merger.error(outcome)
        finish(outcome)

    tickets = []
    for i, sub in enumerate(subs):
        if all(path is None for path in sub.notebooks.values()):  # nothing to grade: no worker needed
            outcomes[sub.student].status = ZERO
            merger.zero(outcomes[sub.student])
            finish(outcomes[sub.student])
        else:
            tickets.append(Ticket(i, sub.student, lambda s=sub, i=i: Job(
                i, s.student, {n: Path(p).read_bytes() if p else None for n, p in s.notebooks.items()},
                s.timestamp, canaries=usable)))
    lost = None
    try:
        workers.run(tickets, budget, deliver)
    except Exception as exc:  # the cluster's scheduler was lost: keep what was graded, say what was not
        if type(exc).__name__ != "SchedulerLost":
            raise
        lost = str(exc)
        for ticket in tickets:
            if ticket.student not in delivered:
                outcomes[ticket.student].reasons.append(f"not graded: {lost}")
                merger.error(outcomes[ticket.student])
                merger.record(outcomes[ticket.student])
    finally:
        bar.close()
    ordered = [outcomes[s.student] for s in subs]
    gradesheet.write(merger.gb, course.root / "grades.csv", {(opts.assignment, o.student): o for o in ordered})
    merger.close()
    if lost:
        print(f"nncourse grade: {lost}. The {sum(o.status != ERROR for o in ordered)} grades so far are kept; "
              "run the same command again to grade the others.", file=sys.stderr)
    return ordered

