"""Grading on a Dask cluster: ``nncourse grade ... --scheduler ADDRESS``.

The coordinator (:mod:`nncourse.grade`) stays where the course is: it collects
the submissions, makes the template, and is the only one to write the gradebook,
``autograded/``, ``feedback/`` and ``grades.csv``. What travels is bytes:

- with every task, a :class:`Bundle`: the :class:`~nncourse.workspace.Plan`, the
  course's ``nbgrader_config.py`` and the generated assignment (a tar.gz of
  tens of kB), unpacked once per Dask worker process;
- for each submission, a task :func:`grade_task` with its
  :class:`~nncourse.messages.Job` (the notebooks' bytes); back comes a
  :class:`~nncourse.messages.Result` (scores, the autograded notebook, the
  feedback page).

On a Dask worker, the task hands the job to a ``python -m nncourse.worker``
process of that machine (:class:`_LocalGrader`, made from the bundle on first
use with :func:`nncourse.workspace.prepare`): the same worker, the same sandbox
(bubblewrap on every worker host) as ``nncourse grade`` without ``--scheduler``.
So a Dask worker grades exactly as a local one; only the hand-out differs.

Why two hand-outs (:class:`nncourse.pool.Pool` locally, :class:`ClusterPool`
here) rather than a Dask ``LocalCluster`` for both: the local pool lets a slow
submission step aside (lowest CPU priority, another process takes the next
submission), kills a job's whole process tree at its hard limit, and starts in
the time the coordinator makes the template; a LocalCluster would add its own
start-up and a second process per slot, and cannot preempt a running task. The
benchmark in ``benchmarks/README.md`` measures both on the same class.

Faults: a Dask worker killed in the middle of a submission loses nothing: the
scheduler gives the task to another worker, and its result arrives once. A lost
scheduler ends the run (:class:`SchedulerLost`), the grades so far kept.
"""

import atexit
import fcntl
import logging
import hashlib
import io
import queue
import secrets
import shutil
import tarfile
import tempfile
import time
from concurrent.futures import CancelledError
from dataclasses import dataclass
from pathlib import Path

from .messages import ERROR, Result
from .pool import Ticket, WorkerProcess
from .workspace import is_root, prepare

IN_FLIGHT = 4  # tasks per Dask worker given to the scheduler at a time (the rest wait in the coordinator)
UIDS = range(64200, 64999)  # sandbox users of Dask workers, one per worker process of a machine


@dataclass
class Bundle:
    """Everything a Dask worker needs to grade the assignment, as bytes."""

    plan: object  # workspace.Plan
    config: bytes  # the course's nbgrader_config.py
    template: bytes  # the generated assignment folder, as a tar.gz
    digest: str  # of the two files: a worker unpacks a bundle once


def make_bundle(plan, course, template):
    """The bundle of ``plan``, the course folder ``course`` and the template folder ``template``."""
    config = (Path(course) / "nbgrader_config.py").read_bytes()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for part in ("gradebook.db", "source", "release"):
            tar.add(Path(template) / part, arcname=part)
    data = buffer.getvalue()
    return Bundle(plan, config, data, hashlib.sha256(config + data).hexdigest())


class SchedulerLost(Exception):
    """The Dask scheduler could not be reached any more."""


class _LocalGrader:
    """The grading worker process of this machine, for the tasks of one Dask worker process."""

    def __init__(self, bundle):
        self.folder = Path(tempfile.mkdtemp(prefix="nncourse-cluster-"))
        self.runtime = Path(tempfile.mkdtemp(prefix="nnc-", dir="/tmp"))  # socket paths must stay short
        (self.folder / "course").mkdir()
        (self.folder / "course" / "nbgrader_config.py").write_bytes(bundle.config)
        with tarfile.open(fileobj=io.BytesIO(bundle.template), mode="r:gz") as tar:
            tar.extractall(self.folder / "template", filter="data")
        self.uid, self._lock = _claim_uid() if is_root() else (None, None)
        self.spec = prepare(bundle.plan, self.folder / "course", self.folder / "template", self.folder / "w",
                            self.runtime / "k", [str(self.folder), str(self.runtime)], self.uid, smoke=True)
        self.events, self.process = queue.Queue(), None
        atexit.register(self.close)

    def grade(self, job, budget):
        if self.process is None:
            self.process = WorkerProcess(0, self.spec, self.events)
        self.process.send(Ticket(job.id, job.student, lambda: job))
        deadline = time.monotonic() + budget
        while True:
            try:
                process, result = self.events.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                self._retire()
                return Result(job.id, job.student, ERROR, [f"grading took longer than {budget:g} s and was stopped"])
            if process is not self.process:
                continue  # news from a process already retired
            if result is None:
                self._retire()
                return Result(job.id, job.student, ERROR, ["the grading process crashed"], grader_fault=True)
            if result.status == ERROR:
                self._retire()  # never reuse a worker after a failure
            return result

    def _retire(self):
        if self.process is not None:
            self.process.kill()
            self.process = None

    def close(self):
        self._retire()
        shutil.rmtree(self.folder, ignore_errors=True)
        shutil.rmtree(self.runtime, ignore_errors=True)
        if self._lock is not None:
            self._lock.close()


def _claim_uid():
    """A sandbox uid no other Dask worker process of this machine uses (held by a file lock while we live)."""
    folder = Path(tempfile.gettempdir()) / "nncourse-uids"
    folder.mkdir(mode=0o700, exist_ok=True)
    for uid in UIDS:
        lock = open(folder / str(uid), "w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.close()
            continue
        return uid, lock
    raise RuntimeError(f"no free sandbox uid in {UIDS.start}-{UIDS.stop - 1} on this machine")


_GRADERS = {}  # bundle digest -> _LocalGrader, in a Dask worker process


def grade_task(bundle, job, budget):
    """What a Dask worker runs for one submission: grade ``job`` here, return its Result."""
    grader = _GRADERS.get(bundle.digest)
    if grader is None:
        for old in _GRADERS.values():  # another run's bundle: its worker is not needed any more
            old.close()
        _GRADERS.clear()
        grader = _GRADERS[bundle.digest] = _LocalGrader(bundle)
    return grader.grade(job, budget)


class ClusterPool:
    """Hands submissions to the workers of a Dask cluster; the same interface as :class:`nncourse.pool.Pool`."""

    def __init__(self, bundle, address=None, scheduler_file=None):
        from distributed import Client

        logging.getLogger("distributed").setLevel(logging.CRITICAL)  # its reconnection tracebacks: we say it once
        try:
            self.client = Client(address, scheduler_file=scheduler_file, timeout="30s",
                                 set_as_default=False)
        except (OSError, TimeoutError) as exc:
            where = address or scheduler_file
            raise SystemExit(f"nncourse grade: cannot reach the Dask scheduler at {where}: {exc}") from None
        self.where = address or scheduler_file
        workers = self.client.scheduler_info().get("workers", {})
        if not workers:
            raise SystemExit(f"nncourse grade: the Dask scheduler at {self.where} has no workers "
                             "(start some with `dask worker ADDRESS --nthreads 1`; see GRADING.md)")
        # The bundle goes with every task (tens of kB): scattered once instead, it would be lost with the worker
        # that held it, and every task that needs it cancelled; a worker unpacks it only once (by its digest).
        self.bundle = bundle
        self.run_key = secrets.token_hex(4)
        self.durations = []

    def run(self, tickets, budget, deliver):
        """Grade ``tickets``; ``deliver(ticket, result)`` once per ticket, as results come."""
        from distributed import as_completed

        pending, running = list(tickets)[::-1], {}

        def submit(ticket):
            future = self.client.submit(grade_task, self.bundle, ticket.load(), budget, pure=False,
                                        key=f"nncourse-{self.run_key}-{ticket.id}-{ticket.tries}")
            running[future] = ticket
            return future

        window = IN_FLIGHT * max(1, len(self.client.scheduler_info().get("workers", {})))
        done = as_completed([submit(pending.pop()) for _ in range(min(window, len(pending)))], loop=self.client.loop)
        try:
            for future in done:
                ticket = running.pop(future)
                if future.status == "cancelled" or self.client.status not in ("running", "connecting"):
                    raise SchedulerLost(f"the Dask scheduler at {self.where} was lost")
                try:
                    result = future.result()
                except Exception as exc:  # the task failed on every worker it was given to
                    result = Result(ticket.id, ticket.student, ERROR,
                                    [f"not graded on the cluster: {type(exc).__name__}: {exc}"[:300]])
                if result.status == ERROR and result.grader_fault and ticket.tries == 0:
                    ticket.tries = 1
                    pending.append(ticket)
                else:
                    self.durations.append(result.seconds)
                    deliver(ticket, result)
                if pending:
                    done.add(submit(pending.pop()))
        except (OSError, TimeoutError, CancelledError) as exc:  # CommClosedError is an OSError
            raise SchedulerLost(f"the Dask scheduler at {self.where} was lost ({type(exc).__name__})") from None

    def close(self, kill=False):
        try:
            self.client.close(timeout=5)
        except Exception:  # a scheduler already gone
            pass

