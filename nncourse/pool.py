"""The worker processes, and how jobs are handed out to them.

:func:`run` keeps one ``python -m nncourse.worker`` process per worker spec and
gives each one job (one submission) at a time. A job that comes back as an
error, overruns its time budget, or kills its worker is tried once more (on a
fresh worker when the old one had to go); after that its error is final.
The coordinator closes the pool in a ``finally``: no worker outlives it.
"""

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import deque


class Worker:
    """One worker process and the thread reading its answers into ``events``."""

    def __init__(self, index, settings, env, log_path, events):
        self.index, self.job, self.started = index, None, 0.0
        cmd = [sys.executable, "-m", "nncourse.worker", str(settings)]
        if os.geteuid() == 0 and shutil.which("unshare"):
            # a private mount namespace, in which the worker mounts a small tmpfs for the kernels' sockets
            cmd = ["unshare", "--mount", "--propagation", "private", "--", *cmd]
            env = dict(env, NNCOURSE_PRIVATE_MOUNTS="1")
        self.log = open(log_path, "ab")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log,
                                     env=env, start_new_session=True, text=True, bufsize=1)
        threading.Thread(target=self._read, args=(events,), daemon=True).start()

    def _read(self, events):
        for line in self.proc.stdout:
            try:
                events.put((self, json.loads(line)))
            except ValueError:
                continue
        events.put((self, None))  # the worker is gone

    def send(self, job):
        self.job, self.started = job, time.monotonic()
        try:
            self.proc.stdin.write(json.dumps(job) + "\n")
            self.proc.stdin.flush()
        except OSError:
            pass  # it died: its reader reports it

    def kill(self):
        """Kill the worker and everything it started (its kernels die with it)."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()
        self.log.close()

    def stop(self):
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=30)
        except (subprocess.TimeoutExpired, OSError):
            self.kill()
            return
        self.log.close()


class Pool:
    """One worker per spec ``(settings path, environment, log path)``, started at once
    (they import nbgrader while the coordinator prepares the template)."""

    def __init__(self, specs):
        self.specs, self.events = specs, queue.Queue()
        self.workers = [Worker(i, *spec, self.events) for i, spec in enumerate(specs)]

    def _replace(self, worker, idle):
        worker.kill()
        new = Worker(worker.index, *self.specs[worker.index], self.events)
        self.workers[worker.index] = new
        idle[:] = [w for w in idle if w is not worker] + [new]

    def run(self, jobs, budget, deliver):
        """Grade ``jobs`` (dicts with ``id`` and ``student``); ``deliver(job, result)`` once per job."""
        workers = self.workers
        pending, idle = deque(dict(job, tries=0) for job in jobs), list(workers)
        while pending or any(w.job for w in workers):
            while idle and pending:
                idle.pop(0).send(pending.popleft())
            try:
                worker, message = self.events.get(timeout=1.0)
            except queue.Empty:
                worker, message = None, None
            failed = []  # (job, error result)
            for w in list(workers):  # overruns
                if w.job and time.monotonic() - w.started > budget:
                    failed.append((w.job, _error(w.job, f"grading took longer than {budget} s and was stopped")))
                    self._replace(w, idle)
            if worker is None or worker is not workers[worker.index]:
                pass  # a second went by, or news from a worker already replaced
            elif message is None:
                if worker.job:
                    failed.append((worker.job, _error(worker.job, "the grading process crashed")))
                self._replace(worker, idle)
            elif worker.job is not None:
                job, worker.job = worker.job, None
                idle.append(worker)
                if message.get("status") == "error":
                    failed.append((job, message))
                else:
                    deliver(job, message)
            for job, result in failed:
                if job["tries"] == 0:
                    job["tries"] = 1
                    pending.append(job)
                else:
                    deliver(job, result)

    def close(self, kill=False):
        """Stop the workers (``kill``: at once, with everything they started)."""
        for w in self.workers:
            w.kill() if kill else w.stop()


def _error(job, reason):
    return {"id": job["id"], "student": job["student"], "status": "error", "error": reason, "notes": [], "events": []}
