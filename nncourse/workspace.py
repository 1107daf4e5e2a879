"""A worker's folder: its sandbox configuration, kernel spec and settings.

The same function prepares a worker on the instructor's machine (:mod:`nncourse.pool`)
and on a cluster's machine (:mod:`nncourse.cluster`): a :class:`Plan` says what
grading the assignment needs, with no path of the coordinator's machine in it;
:func:`prepare` turns it into a folder on this machine and the way to start a
``python -m nncourse.worker`` process there.
"""

import os
from dataclasses import dataclass
from pathlib import Path

from .course import with_venv_path
from .pool import WorkerSpec, unshare_available
from .sandbox import MB, Limits, SandboxConfig, find_bwrap, python_paths, smoke_test, write_kernelspec
from .worker import WorkerSettings

MAX_RESTARTS = 5


@dataclass
class Plan:
    """What grading one assignment needs, wherever it runs."""

    assignment: str
    notebooks: list  # the assignment's notebook names
    limits: Limits  # resolved: timeout and notebook_timeout are numbers
    preprocessors: list  # Autograde.autograde_preprocessors, Execute replaced by nncourse's
    hidden_markers: tuple  # the course's hidden-test delimiters
    max_notebook_bytes: int
    packages: tuple = ("nnlib",)  # bound read-only into every sandbox


def need_bwrap():
    """bubblewrap's path, or a SystemExit that says how to install it."""
    bwrap = find_bwrap()
    if bwrap is None:
        raise SystemExit("nncourse grade: bubblewrap (bwrap) is not installed; it runs every student's code in a "
                         "sandbox. Install it: `make sandbox` (apt-get install bubblewrap).")
    return bwrap


def prepare(plan, course, template, folder, runtime, scratch, uid, smoke=False):
    """Make a worker's folder and return how to start the worker.

    Parameters
    ----------
    plan : Plan
    course : Path
        A folder holding the course's ``nbgrader_config.py``.
    template : Path
        The generated assignment (``gradebook.db``, ``source/``, ``release/``); it may
        appear after the worker starts, but before its first job.
    folder, runtime : Path
        The worker's folder, and a short one for its kernels' sockets (made here).
    scratch : list of str
        The trees in which the sandbox launcher accepts a kernel's directories.
    uid : int or None
        The sandbox user as root (None: bubblewrap's user namespace).
    smoke : bool
        Start the sandbox once first (SystemExit with bubblewrap's words if it cannot start).

    Returns
    -------
    pool.WorkerSpec
    """
    folder, runtime, limits = Path(folder), Path(runtime), plan.limits
    (folder / "tmp").mkdir(parents=True, exist_ok=True)
    runtime.mkdir(mode=0o711, exist_ok=True)
    config = SandboxConfig(limits=limits, scratch=list(scratch), read_only=python_paths(plan.packages), uid=uid,
                           bwrap=need_bwrap())
    if smoke:
        smoke_test(config, folder)
    config.save(folder / "sandbox.json")
    write_kernelspec(folder / "jupyter", folder / "sandbox.json")
    private = unshare_available()
    settings = WorkerSettings(
        course=str(course), assignment=plan.assignment, template=str(template), folder=str(folder),
        runtime=str(runtime), notebooks=list(plan.notebooks), max_notebook_bytes=plan.max_notebook_bytes,
        preprocessors=list(plan.preprocessors), hidden_markers=tuple(plan.hidden_markers),
        execute={"timeout": limits.timeout, "notebook_timeout": limits.notebook_timeout,
                 "max_output": int(limits.output * MB), "max_restarts": MAX_RESTARTS,
                 "runtime_root": str(runtime), "private_mounts": private, "shutdown_kernel": "immediate"})
    settings.save(folder / "settings.json")
    env = dict(with_venv_path(), JUPYTER_PATH=str(folder / "jupyter"), TMPDIR=str(folder / "tmp"),
               JUPYTER_PLATFORM_DIRS="1", PYTHONUNBUFFERED="1", OPENBLAS_NUM_THREADS="1")
    return WorkerSpec(str(folder / "settings.json"), env, str(folder / "worker.log"), private)


def job_budget(plan, hard=None):
    """Seconds a whole submission may take before its worker is stopped: the notebooks' budgets,
    room for kernel restarts, or ``hard`` (``--submission-timeout``)."""
    return hard or len(plan.notebooks) * (plan.limits.notebook_timeout + (MAX_RESTARTS + 2) * 20) + 60


def is_root():
    return os.geteuid() == 0
