"""The ``nncourse`` command: ``grade``, ``release``, ``demo``, ``report``, ``export``."""

import argparse
import importlib.util
import os
import sys
from pathlib import Path

from .export import FORMATS, ROSTER_COLUMNS
from .sandbox import Limits

DEFAULTS = Limits()
GRADING_EXTRA = ("nbgrader", "jupyter_client", "nbclient", "zmq")


def _add_grading_options(p, workers_default=os.cpu_count() or 2):
    p.add_argument("--course", default=".", help="the nbgrader course folder (holds nbgrader_config.py); default: .")
    p.add_argument("--workers", type=int, default=workers_default,
                   help=f"submissions graded at once at full speed (default: the number of CPUs, {workers_default}); "
                        "as many more may run for submissions that take much longer than usual")
    p.add_argument("--timeout", type=int, default=DEFAULTS.timeout,
                   help="seconds per cell before it is interrupted (default: the course's Execute.timeout, else 60)")
    p.add_argument("--notebook-timeout", type=int, default=DEFAULTS.notebook_timeout,
                   help="seconds for all the cells of a notebook; cells left when they are used up are not run "
                        "(default: 3 x --timeout)")
    p.add_argument("--memory", type=int, default=DEFAULTS.memory, help=f"MB of memory per kernel process (default {DEFAULTS.memory})")
    p.add_argument("--cpu", type=int, default=DEFAULTS.cpu, help=f"seconds of CPU time per kernel process (default {DEFAULTS.cpu})")
    p.add_argument("--processes", type=int, default=DEFAULTS.processes,
                   help=f"processes and threads per kernel (default {DEFAULTS.processes})")
    p.add_argument("--output", type=float, default=DEFAULTS.output,
                   help=f"MB of output (of all kinds) kept per notebook (default {DEFAULTS.output:g})")
    p.add_argument("--disk", type=int, default=DEFAULTS.disk,
                   help=f"MB of scratch space (tmpfs) for each of the kernel's /tmp, /dev/shm and working folder "
                        f"(default {DEFAULTS.disk})")
    p.add_argument("--db", default=None, help="gradebook as an SQLAlchemy URL (default: sqlite:///<course>/gradebook.db)")
    p.add_argument("--submission-timeout", type=int, default=None,
                   help="seconds for one whole submission before its worker is stopped (default: from the notebook "
                        "timeout, with room for kernel restarts)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="grade on the workers of this Dask scheduler (tcp://HOST:PORT or tls://HOST:PORT; "
                        "see GRADING.md) instead of worker processes on this machine")
    p.add_argument("--scheduler-file", default=None, metavar="FILE", help="the same, from a Dask scheduler file")
    p.add_argument("--skip-reference-check", action="store_true",
                   help="grade even when the reference solution does not get full marks in the sandbox")
    p.add_argument("--scratch", default=None, help="folder for the scratch courses (default: the system's temporary folder)")
    p.add_argument("--keep-scratch", action="store_true", help="keep the scratch courses (for debugging)")
    p.add_argument("--sandbox-uid", type=int, default=64000,
                   help="when run as root: kernels run as uid N, N+1, ... (two per worker; default 64000)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def _options(args, assignment, submissions):
    from .grade import Options

    limits = Limits(timeout=args.timeout, notebook_timeout=args.notebook_timeout, memory=args.memory, cpu=args.cpu,
                    processes=args.processes, output=args.output, disk=args.disk)
    return Options(assignment=assignment, submissions=submissions, course=args.course, workers=max(1, args.workers),
                   limits=limits, db=args.db, scratch=args.scratch, keep_scratch=args.keep_scratch,
                   sandbox_uid=args.sandbox_uid, submission_timeout=args.submission_timeout,
                   check_reference=not args.skip_reference_check, progress=not args.quiet,
                   scheduler=args.scheduler, scheduler_file=args.scheduler_file)


def parser():
    top = argparse.ArgumentParser(prog="nncourse",
                                  description="Instructor tools for the course: grade a class, release the exercises, "
                                              "report on the class, export its grades.")
    sub = top.add_subparsers(dest="command", required=True)

    g = sub.add_parser("grade", help="autograde a whole class in parallel, each submission sandboxed",
                       description="Autograde every submission of ASSIGNMENT with nbgrader, in parallel sandboxed workers; "
                                   "record the scores in the gradebook, write feedback/<student>/ and grades.csv "
                                   "in the course folder, print a summary. Exit 0 when every submission got a grade.")
    g.add_argument("assignment", help="the assignment, e.g. 01_neurons")
    g.add_argument("submissions", help="a folder with one subfolder per student, or an LMS zip "
                                       "(<student>_<notebook>.ipynb, as nbgrader zip_collect expects)")
    _add_grading_options(g)

    r = sub.add_parser("release", help="regenerate the student release (exercises/) from solutions/")
    r.add_argument("assignments", nargs="*", help="assignments (default: all)")
    r.add_argument("--course", default=".")

    d = sub.add_parser("demo", help="build a synthetic class and grade it end to end",
                       description="Make a scratch copy of the course, a synthetic class (correct, partly wrong, blank "
                                   "and broken submissions) and grade it with `nncourse grade`.")
    d.add_argument("--students", type=int, default=12, help="size of the class (default 12)")
    d.add_argument("--assignment", default=None, help="default: the course's first assignment")
    d.add_argument("--out", default=None, help="folder for the demo course (default: a new temporary folder, kept)")
    _add_grading_options(d)
    d.set_defaults(timeout=10)

    rep = sub.add_parser("report", help="what the class got right and wrong: a page and items.csv, from the gradebook",
                         description="Write <course>/reports/ASSIGNMENT/index.html (a self-contained page: scores, the "
                                     "pass rate and discrimination of every test, statuses and reasons of the last "
                                     "grading, grading times, late submissions) and items.csv (one row per test cell). "
                                     "With --all: <course>/reports/index.html, assignments.csv and students.csv, the "
                                     "class across assignments.")
    rep.add_argument("assignment", nargs="?", help="the assignment, e.g. 01_neurons")
    rep.add_argument("--all", action="store_true", help="the class across every assignment of the gradebook")
    rep.add_argument("--course", default=".", help="the nbgrader course folder (default: .)")
    rep.add_argument("--db", default=None, help="gradebook as an SQLAlchemy URL (default: the course's)")

    x = sub.add_parser("export", help="the grades for Canvas, Moodle or as plain CSV",
                       description="Write the gradebook's scores (after late penalties) in a learning platform's "
                                   "import format: one column per assignment, one row per student. Students missing "
                                   "from the roster or from the gradebook are listed.")
    x.add_argument("--format", required=True, choices=FORMATS, dest="fmt", help="canvas, moodle or csv")
    x.add_argument("--course", default=".", help="the nbgrader course folder (default: .)")
    x.add_argument("--db", default=None, help="gradebook as an SQLAlchemy URL (default: the course's)")
    x.add_argument("--out", type=Path, default=None, help="the file to write (default: <course>/exports/FORMAT.csv)")
    x.add_argument("--roster", type=Path, default=None,
                   help="CSV mapping the gradebook's student ids to names and platform ids (columns: student_id and "
                        f"any of {', '.join(ROSTER_COLUMNS)})")
    x.add_argument("--assignment", action="append", dest="assignments", default=None,
                   help="export only this assignment (repeat for several; default: every one with a submission)")
    return top


def missing_grading_extra():
    """The grading extra's packages that are not installed."""
    return [name for name in GRADING_EXTRA if importlib.util.find_spec(name) is None]


def main(argv=None):
    args = parser().parse_args(argv)
    missing = missing_grading_extra()
    if missing:
        print(f"nncourse {args.command} needs the course's grading tools, which are not installed "
              f"(missing: {', '.join(missing)}). Install them with `make install` in the repository, "
              "or `pip install 'nncourse[grading]'`.", file=sys.stderr)
        return 2
    bin_dir = os.path.dirname(sys.executable)  # nbgrader runs alembic as a program
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    if args.command == "grade":
        from .grade import grade

        return grade(_options(args, args.assignment, args.submissions))
    if args.command == "release":
        from .course import Course, release

        release(Course(args.course), args.assignments)
        return 0
    if args.command == "demo":
        from .demo import demo

        return demo(args, _options)
    if args.command == "report":
        return _report(args)
    if args.command == "export":
        from .course import Course, quiet_warnings
        from .export import main as export

        quiet_warnings()
        return export(Course(args.course, db_url=args.db), args.fmt, args.out, args.roster, args.assignments)
    return 2


def _report(args):
    if importlib.util.find_spec("matplotlib") is None:
        print("nncourse report draws its figures with matplotlib, which is not installed: `make install`, "
              "or `pip install matplotlib`.", file=sys.stderr)
        return 2
    if args.all == bool(args.assignment):
        print("nncourse report: give an ASSIGNMENT, or --all for the class across assignments (not both)",
              file=sys.stderr)
        return 2
    from .course import Course, quiet_warnings

    quiet_warnings()
    course = Course(args.course, db_url=args.db)
    if args.all:
        from .classreport import report_class

        folder = report_class(course)
        print(f"the class across assignments: {folder / 'index.html'} ({folder / 'students.csv'}, "
              f"{folder / 'assignments.csv'})")
    else:
        from .report import report

        folder = report(course, args.assignment)
        print(f"{args.assignment}: {folder / 'index.html'} ({folder / 'items.csv'})")
    return 0
