"""The worker processes on this machine, and how submissions are handed out to them.

:class:`Pool` keeps up to ``workers`` submissions in progress at full speed,
one per ``python -m nncourse.worker`` process. Three rules keep one student
from stopping or slowing the others:

- **a slow submission steps aside**: one that has run much longer than is
  usual for this assignment (:meth:`Pool._slow_after`) is lowered to the
  lowest CPU priority and no longer counts against ``workers``: another worker
  process (up to ``workers`` more) takes the next submission;
- **a hard time limit**: a job past its budget is stopped with its worker
  (and the kernels under it) and reported, not tried again (the notebook's own
  time budget, in :mod:`nncourse.execute`, normally ends it long before);
- **a failed job never poisons its worker**: after a crash, an overrun or a
  failure of the grader, the worker process is replaced by a fresh one. Only
  a failure that was not the submission's own doing (the grader's) is tried
  once more.

The coordinator closes the pool in a ``finally``: no worker outlives it.
"""

import os
import queue
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass

from . import messages
from .messages import ERROR, Result


@dataclass
class WorkerSpec:
    """How to start one worker process."""

    settings: str  # path of its WorkerSettings JSON
    env: dict
    log: str  # its stderr
    private_mounts: bool  # start it in a private mount namespace (as root)


@dataclass
class Ticket:
    """A submission waiting to be graded; ``load()`` reads it into a Job only when it is sent."""

    id: int
    student: str
    load: object  # () -> messages.Job
    tries: int = 0


class WorkerProcess:
    """One worker process and the thread reading its results into ``events``."""

    def __init__(self, index, spec, events):
        self.index, self.ticket, self.started, self.slow = index, None, 0.0, False
        cmd = [sys.executable, "-m", "nncourse.worker", spec.settings]
        if spec.private_mounts:
            cmd = ["unshare", "--mount", "--propagation", "private", "--", *cmd]
        self.log = open(spec.log, "ab")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log,
                                     env=spec.env, start_new_session=True)
        threading.Thread(target=self._read, args=(events,), daemon=True).start()

    def _read(self, events):
        while (message := messages.receive(self.proc.stdout)) is not None:
            events.put((self, message))
        events.put((self, None))  # the worker is gone

    def send(self, ticket):
        self.ticket, self.started, self.slow = ticket, time.monotonic(), False
        try:
            messages.send(self.proc.stdin, ticket.load())
        except OSError:
            pass  # it died: its reader reports it

    def step_aside(self):
        """Lowest CPU priority for the worker and everything under it (its kernel, their children)."""
        self.slow = True
        for pid in _descendants(self.proc.pid):
            try:
                os.setpriority(os.PRIO_PROCESS, pid, 19)
            except OSError:
                pass

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


def _descendants(root):
    """``root`` and every process below it (read from /proc)."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


class Pool:
    """``len(specs) // 2`` workers at full speed, and as many more for submissions that stepped aside."""

    def __init__(self, specs, typical_seconds=2.0):
        self.specs, self.events = specs, queue.Queue()
        self.fast = max(1, len(specs) // 2)
        self.processes = {}  # index -> WorkerProcess
        self.durations = [typical_seconds]  # of finished jobs, for "much longer than usual"
        for index in range(self.fast):  # they import nbgrader while the coordinator prepares the template
            self._start(index)

    def _start(self, index):
        self.processes[index] = WorkerProcess(index, self.specs[index], self.events)
        return self.processes[index]

    def _idle(self):
        """A process without a job, started if need be; None when all are busy."""
        for process in self.processes.values():
            if process.ticket is None:
                return process
        free = [i for i in range(len(self.specs)) if i not in self.processes]
        return self._start(free[0]) if free else None

    def _retire(self, process):
        process.kill()
        del self.processes[process.index]

    def _slow_after(self):
        return max(3.0, 4 * statistics.median(self.durations))

    def run(self, tickets, budget, deliver):
        """Grade ``tickets``; ``deliver(ticket, result)`` once per ticket. ``budget``: seconds per job at most."""
        pending = deque(tickets)
        while pending or any(p.ticket for p in self.processes.values()):
            while pending and sum(1 for p in self.processes.values() if p.ticket and not p.slow) < self.fast:
                process = self._idle()
                if process is None:
                    break
                process.send(pending.popleft())
            try:
                process, message = self.events.get(timeout=0.5)
            except queue.Empty:
                process, message = None, None
            done = []  # (ticket, result)
            now = time.monotonic()
            for p in list(self.processes.values()):
                if p.ticket and now - p.started > budget:
                    done.append((p.ticket, _error(p.ticket, f"grading took longer than {budget:g} s and was stopped")))
                    self._retire(p)
                elif p.ticket and not p.slow and now - p.started > self._slow_after():
                    p.step_aside()
            if process is not None and self.processes.get(process.index) is process:
                ticket = process.ticket
                if message is None:  # the process died
                    self._retire(process)
                    if ticket:
                        done.append((ticket, _error(ticket, "the grading process crashed", grader_fault=True)))
                elif ticket is not None:
                    process.ticket = None
                    self.durations.append(message.seconds)
                    done.append((ticket, message))
                    if message.status == ERROR or process.slow:
                        self._retire(process)  # never reuse a worker after a failure, nor a reniced one
            for ticket, result in done:
                if result.status == ERROR and result.grader_fault and ticket.tries == 0:
                    ticket.tries = 1
                    pending.append(ticket)
                else:
                    deliver(ticket, result)

    def close(self, kill=False):
        """Stop the workers (``kill``: at once, with everything they started)."""
        for process in list(self.processes.values()):
            process.kill() if kill else process.stop()
        self.processes.clear()


def _error(ticket, reason, grader_fault=False):
    return Result(ticket.id, ticket.student, ERROR, [reason], grader_fault=grader_fault)


def unshare_available():
    """Whether workers can get a private mount namespace (root, with util-linux's unshare)."""
    return os.geteuid() == 0 and shutil.which("unshare") is not None
