"""The ``nncourse`` command: ``grade``, ``release``, ``demo``."""

import argparse
import os
import sys

from .sandbox import Limits

DEFAULTS = Limits()


def _add_grading_options(p, workers_default=os.cpu_count() or 2):
    p.add_argument("--course", default=".", help="the nbgrader course folder (holds nbgrader_config.py); default: .")
    p.add_argument("--workers", type=int, default=workers_default,
                   help=f"parallel grading processes (default: the number of CPUs, {workers_default})")
    p.add_argument("--timeout", type=int, default=None,
                   help="seconds per cell before it is interrupted (default: the course's Execute.timeout, else 60)")
    p.add_argument("--memory", type=int, default=DEFAULTS.memory, help=f"MB of memory per kernel process (default {DEFAULTS.memory})")
    p.add_argument("--cpu", type=int, default=DEFAULTS.cpu, help=f"seconds of CPU time per kernel process (default {DEFAULTS.cpu})")
    p.add_argument("--processes", type=int, default=DEFAULTS.processes,
                   help=f"processes and threads per kernel (default {DEFAULTS.processes})")
    p.add_argument("--output", type=float, default=DEFAULTS.output,
                   help=f"MB of printed output kept per notebook (default {DEFAULTS.output:g})")
    p.add_argument("--disk", type=int, default=DEFAULTS.disk,
                   help=f"MB of scratch space (tmpfs) for the kernel's /tmp and working folder (default {DEFAULTS.disk})")
    p.add_argument("--db", default=None, help="gradebook as an SQLAlchemy URL (default: sqlite:///<course>/gradebook.db)")
    p.add_argument("--submission-timeout", type=int, default=None,
                   help="seconds for one whole submission before it is stopped (default: from the number of cells)")
    p.add_argument("--scratch", default=None, help="folder for the scratch courses (default: the system's temporary folder)")
    p.add_argument("--keep-scratch", action="store_true", help="keep the scratch courses (for debugging)")
    p.add_argument("--sandbox-uid", type=int, default=64000,
                   help="when run as root: kernels run as uid N, N+1, ... (one per worker; default 64000)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def _options(args, assignment, submissions):
    from .grade import Options

    return Options(assignment=assignment, submissions=submissions, course=args.course, workers=max(1, args.workers),
                   timeout=args.timeout, memory=args.memory, cpu=args.cpu, processes=args.processes, output=args.output,
                   disk=args.disk, db=args.db, scratch=args.scratch, keep_scratch=args.keep_scratch,
                   sandbox_uid=args.sandbox_uid, submission_timeout=args.submission_timeout, progress=not args.quiet)


def parser():
    top = argparse.ArgumentParser(prog="nncourse",
                                  description="Instructor tools for the course: grade a class, release the exercises.")
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
    return top


def main(argv=None):
    args = parser().parse_args(argv)
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
    return 2
