"""Grading throughput: ``nncourse grade`` (local workers, Dask workers) against plain ``nbgrader autograde``.

A synthetic class of correct submissions (default 100) of one assignment
(default ``01_neurons``) is graded three ways, each in a fresh scratch copy of
the course (so every run creates its gradebook, as a first grading would):

- ``nbgrader autograde ASSIGNMENT``, nbgrader's own command, one process, no
  sandbox (the submissions laid out in ``submitted/<student>/<assignment>/``);
- ``nncourse grade ASSIGNMENT SUBMISSIONS --workers 1`` and ``--workers 2``:
  sandboxed kernels, the gradebook, feedback pages, grades.csv and the summary
  included;
- ``nncourse grade ... --scheduler ADDRESS`` with 1 and 2 Dask workers
  (``dask worker --nthreads 1``) on this machine, started and stopped here.

Prints the wall-clock time and submissions per minute of each, and the
throughput of ``nncourse grade --workers 2`` relative to ``nbgrader autograde``
(goal: at least 1.8). Not a test: run it with ``make bench`` or
``.venv/bin/python benchmarks/bench_grading.py [--students N] [--assignment A]``.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))
from nncourse.demo import answers_of, fill  # noqa: E402


def scratch_course(base, assignment):
    course = Path(tempfile.mkdtemp(prefix="course-", dir=base))
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "solutions" / assignment, course / "solutions" / assignment)
    return course


def correct_submission(assignment):
    source = nbformat.read(str(ROOT / "solutions" / assignment / f"{assignment}.ipynb"), as_version=4)
    release = nbformat.read(str(ROOT / "exercises" / assignment / f"{assignment}.ipynb"), as_version=4)
    return fill(release, answers_of(source))


def run(cmd, cwd):
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return seconds


def plain_nbgrader(base, assignment, nb, students):
    course = scratch_course(base, assignment)
    run([BIN / "nbgrader", "generate_assignment", assignment, "--log-level=WARN"], course)
    for i in range(students):
        folder = course / "submitted" / f"s{i:04d}" / assignment
        folder.mkdir(parents=True)
        nbformat.write(nb, str(folder / f"{assignment}.ipynb"))
    return run([BIN / "nbgrader", "autograde", assignment, "--log-level=WARN"], course)


def nncourse(base, assignment, nb, students, workers):
    course = scratch_course(base, assignment)
    submissions = Path(tempfile.mkdtemp(prefix="class-", dir=base))
    for i in range(students):
        (submissions / f"s{i:04d}").mkdir()
        nbformat.write(nb, str(submissions / f"s{i:04d}" / f"{assignment}.ipynb"))
    return run([BIN / "nncourse", "grade", assignment, str(submissions), "--course", str(course),
                "--workers", str(workers), "--quiet"], course)


class DaskCluster:
    """A scheduler and ``n`` single-threaded workers on 127.0.0.1."""

    def __init__(self, base, n):
        self.file = Path(tempfile.mkdtemp(prefix="dask-", dir=base)) / "scheduler.json"
        quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.processes = [subprocess.Popen([BIN / "dask", "scheduler", "--host", "127.0.0.1", "--port", "0",
                                            "--no-dashboard", "--scheduler-file", self.file], **quiet)]
        while not self.file.exists():
            time.sleep(0.2)
        self.processes += [subprocess.Popen([BIN / "dask", "worker", "--scheduler-file", self.file, "--nthreads", "1",
                                             "--no-nanny", "--no-dashboard"], **quiet) for _ in range(n)]
        from distributed import Client

        with Client(scheduler_file=str(self.file), timeout="60s") as client:
            client.wait_for_workers(n, timeout=120)

    def close(self):
        for process in self.processes:
            process.terminate()
            process.wait()


def on_dask(base, assignment, nb, students, workers):
    cluster = DaskCluster(base, workers)
    try:
        course = scratch_course(base, assignment)
        submissions = Path(tempfile.mkdtemp(prefix="class-", dir=base))
        for i in range(students):
            (submissions / f"s{i:04d}").mkdir()
            nbformat.write(nb, str(submissions / f"s{i:04d}" / f"{assignment}.ipynb"))
        return run([BIN / "nncourse", "grade", assignment, str(submissions), "--course", str(course),
                    "--scheduler-file", str(cluster.file), "--quiet"], course)
    finally:
        cluster.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--assignment", default="01_neurons")
    args = parser.parse_args()
    nb = correct_submission(args.assignment)
    base = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    try:
        times = {
            "nbgrader autograde (1 process, no sandbox)": plain_nbgrader(base, args.assignment, nb, args.students),
            "nncourse grade --workers 1": nncourse(base, args.assignment, nb, args.students, 1),
            "nncourse grade --workers 2": nncourse(base, args.assignment, nb, args.students, 2),
            "nncourse grade --scheduler (1 Dask worker)": on_dask(base, args.assignment, nb, args.students, 1),
            "nncourse grade --scheduler (2 Dask workers)": on_dask(base, args.assignment, nb, args.students, 2),
        }
    finally:
        shutil.rmtree(base, ignore_errors=True)
    print(f"\n{args.students} correct submissions of {args.assignment}, {os.cpu_count()} CPUs\n")
    print("| command | seconds | submissions per minute |\n|---|---|---|")
    for name, seconds in times.items():
        print(f"| {name} | {seconds:.1f} | {args.students / seconds * 60:.0f} |")
    plain = times["nbgrader autograde (1 process, no sandbox)"]
    for workers in (1, 2):
        ratio = plain / times[f"nncourse grade --workers {workers}"]
        print(f"\nthroughput of nncourse grade --workers {workers} / nbgrader autograde: {ratio:.2f}"
              + (" (goal: at least 1.8)" if workers == 2 else ""))
        dask = times[f"nncourse grade --workers {workers}"] / times[f"nncourse grade --scheduler ({workers} Dask worker"
                                                                   f"{'s' if workers > 1 else ''})"]
        print(f"throughput of {workers} Dask worker(s) / {workers} local worker(s): {dask:.2f}")


if __name__ == "__main__":
    main()
