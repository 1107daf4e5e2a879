"""nbgrader's Execute step, made to hold against hostile notebooks.

:class:`SandboxedExecute` replaces nbgrader's ``Execute`` preprocessor in
``Autograde.autograde_preprocessors``. On top of it:

- every kernel is the sandboxed one (:mod:`nncourse.sandbox`), whatever the
  notebook's metadata says, reached over IPC sockets in a per-kernel directory
  (:mod:`nncourse.kernel`);
- **verdicts**: a test cell passes when its execution ended without an error
  (the kernel's reply and its outputs); nothing it displays counts. The
  verdicts go to :mod:`nncourse.scoring` through ``resources``;
- **canaries** (:mod:`nncourse.canaries`): test cells re-run with the tested
  function made to raise or to return wrong values; a kernel that reports them
  as passed hides failures;
- **time**: each cell has ``timeout`` seconds, the whole notebook at most
  ``min(code cells × timeout, notebook_timeout)``; cells left when that is used up
  are not run (test cells among them fail), and the reason says so;
- **one output cap** for every kind of output (streams, displays, display
  updates, results, errors): beyond ``max_output`` bytes a notebook's output is
  dropped and marked (a flood, five times that, interrupts the kernel); errors are
  always kept, shortened;
- **inert output**: HTML, JavaScript, SVG and every other active output type is
  kept as text only (:mod:`nncourse.sanitize`); widget messages are ignored;
- a kernel that dies (``os._exit``, a segfault, the CPU limit) or ignores the
  interrupt after a timeout is replaced; the setup and answer cells that ran
  cleanly before are replayed, and grading goes on with the next cell.

What happened in each notebook is a :class:`NotebookRun`, left in ``resources``
and in :data:`RUNS` (by notebook name) for the worker to read.
"""

import asyncio
import random
import signal
import time
from dataclasses import dataclass, field

import nbformat
from jupyter_core.utils import ensure_async, run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbgrader.preprocessors import Execute
from traitlets import Bool, Integer, List, Unicode

from . import canaries, cells
from .kernel import SandboxKernelClient, SandboxKernelManager
from .sandbox import KERNEL_NAME, MB
from .sanitize import inert_metadata, inert_output_data

MAX_ERROR_TEXT = 4000  # characters kept of an error's message and of each traceback line
OUTPUT_KINDS = ("stream", "display_data", "update_display_data", "execute_result", "error")
FLOOD = 5  # output beyond FLOOD times the cap interrupts the kernel


@dataclass
class NotebookRun:
    """What happened while one notebook ran."""

    events: list = field(default_factory=list)  # one-line reasons: timeouts, restarts, dropped output ...
    verdicts: dict = field(default_factory=dict)  # test cell grade_id -> passed
    canaries: list = field(default_factory=list)  # canaries.CanaryOutcome
    seconds: float = 0.0  # cell execution time, replays and canaries included

    @property
    def tampered(self):
        """The canaries that passed (an honest kernel fails every one of them)."""
        return [o.canary for o in self.canaries if not o.failed and not o.note]


RUNS = {}  # notebook name -> NotebookRun of the last run; the worker reads and clears it


def _shorten(text, limit=MAX_ERROR_TEXT):
    return text if len(text) <= limit else text[:limit] + f"... [{len(text) - limit} characters dropped]"


def _size(content):
    size = len(content.get("text", "") or "") + len(str(content.get("evalue", "")))
    size += sum(len(line) for line in content.get("traceback", []) or [])
    for value in (content.get("data") or {}).values():
        size += len(value) if isinstance(value, str) else len(str(value))
    return size


def _error(ename, evalue):
    return nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


class SandboxedExecute(Execute):
    """nbgrader's Execute in the sandbox: verdicts, canaries, time and output caps, kernel restarts."""

    max_output = Integer(8 * MB, help="bytes of output (all kinds) kept per notebook").tag(config=True)
    max_restarts = Integer(5, help="kernels started again per notebook before the rest is not run").tag(config=True)
    notebook_timeout = Integer(0, help="seconds of execution per notebook (0: code cells × timeout)").tag(config=True)
    runtime_root = Unicode("", help="folder for the per-kernel connection directories").tag(config=True)
    private_mounts = Bool(False, help="mount a small tmpfs for each kernel's connection directory").tag(config=True)
    canary_cells = List([], help="[grade_id, kind] pairs usable as canaries (from the preflight)").tag(config=True)
    calibrate = Bool(False, help="run every candidate canary at the end (the preflight, on the reference)").tag(config=True)

    def __init__(self, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxKernelManager)
        super().__init__(**kwargs)
        self.kernel_name = KERNEL_NAME  # never the notebook's own kernel
        self.store_widget_state = False  # widget state would grow the notebook without bound

    def create_kernel_manager(self):
        self.kernel_name = KERNEL_NAME
        self.km = self.kernel_manager_class(kernel_name=KERNEL_NAME, runtime_root=self.runtime_root,
                                            private_mounts=self.private_mounts, config=self.config)
        return self.km

    async def async_start_new_kernel_client(self):
        kc = await super().async_start_new_kernel_client()
        self.km.lock_runtime()  # from now on the kernel cannot change what is in its connection directory
        return kc

    start_new_kernel_client = run_sync(async_start_new_kernel_client)  # nbclient binds the original

    # -- one notebook --

    def preprocess(self, nb, resources=None, km=None):
        self.run = NotebookRun()
        info = (resources or {}).get("nbgrader", {})
        RUNS[info.get("notebook", "?")] = self.run
        self._output_bytes, self._truncated, self._flooded, self._restarts, self._hidden = 0, False, False, 0, False
        self._replay, self._reply_status = [], {}
        code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]
        budget = len(code) * self.timeout
        self._budget = min(budget, self.notebook_timeout) if self.notebook_timeout else budget
        self._last_code = code[-1] if code else -1
        self._plan = self._plan_canaries(nb)
        resources = resources if resources is not None else {}
        resources["nncourse"] = self.run
        return super().preprocess(nb, resources, km)

    def _plan_canaries(self, nb):
        """{cell index after which to run: [Canary, ...]}."""
        tests = {cells.grade_id(c): i for i, c in enumerate(nb.cells) if cells.role(c) == cells.TEST}
        if self.calibrate:
            everything = [canaries.Canary(g, kind) for g in tests for kind in canaries.KINDS]
            return {self._last_code: everything}
        rng = random.SystemRandom()
        plan = {}
        usable = [canaries.Canary(g, kind) for g, kind in self.canary_cells if g in tests]
        raising = [c for c in usable if c.kind == canaries.RAISE]
        failing = [c for c in usable if c.kind == canaries.FAIL]
        if raising:  # one at a random place (it runs no student code: nothing changes for the cells after it) ...
            chosen = rng.choice(raising)
            plan.setdefault(tests[chosen.grade_id], []).append(chosen)
        # ... and at the end, once every answer cell has run, whatever it changed: one of each kind
        plan.setdefault(self._last_code, []).extend(rng.choice(kind) for kind in (raising, failing) if kind)
        return plan

    def _event(self, message):
        self.run.events.append(message)

    def _remaining(self):
        return self._budget - self.run.seconds

    def _get_timeout(self, cell):
        return max(1, min(self.timeout, int(self._remaining() + 0.999)))

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not cell.source.strip():
            return super().preprocess_cell(cell, resources, index)
        if self._restarts > self.max_restarts:
            cell.outputs = [_error("NotRun", "not run: the kernel had to be restarted too many times")]
        elif self._remaining() < 1:
            if not any("time budget" in e for e in self.run.events):
                self._event(f"{cells.grade_id(cell) or f'cell {index}'} and later cells: not run, the notebook used "
                            f"its time budget of {self._budget} s")
            cell.outputs = [_error("NotRun", f"not run: the notebook used its time budget of {self._budget} s")]
        else:
            self._execute(cell, index)
        if cells.role(cell) == cells.TEST:
            errors = any(o.get("output_type") == "error" for o in cell.get("outputs", []))
            self.run.verdicts[cells.grade_id(cell)] = self._reply_status.get(index) == "ok" and not errors
        for canary in self._plan.get(index, []):
            self._run_canary(canary, resources)
        return cell, self.resources

    def _execute(self, cell, index):
        """Run one cell; a dead or stuck kernel is replaced."""
        limit, started = self._get_timeout(cell), time.monotonic()
        try:
            super().preprocess_cell(cell, self.resources, index)
        except (DeadKernelError, CellTimeoutError) as error:
            self.run.seconds += time.monotonic() - started
            self._note_dropped(cell, index)
            self._replace_kernel(cell, index, error)
            return
        self.run.seconds += time.monotonic() - started
        self._note_dropped(cell, index)
        name = cells.grade_id(cell) or f"cell {index}"
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        for out in errors:
            if out.get("ename") == "CellTimeoutError":
                self._event(f"{name}: timed out after {limit} s (interrupted)")
            elif out.get("ename") == "MemoryError":
                self._event(f"{name}: MemoryError (memory limit)")
        if not errors and cells.role(cell) != cells.TEST:
            self._replay.append(cell.source)

    def on_cell_executed(self, **kwargs):
        super().on_cell_executed(**kwargs)
        reply = kwargs.get("execute_reply")
        self._reply_status[kwargs["cell_index"]] = (reply or {}).get("content", {}).get("status")

    # -- canaries --

    def _run_canary(self, canary, resources):
        test_cell = next(c for c in self.nb.cells if cells.grade_id(c) == canary.grade_id)
        names = canaries.tested_names(test_cell.source)
        if not names:
            return
        if self._restarts > self.max_restarts or self._remaining() < 1:
            self.run.canaries.append(canaries.CanaryOutcome(canary, failed=True, note="not run"))
            return
        hidden = nbformat.v4.new_code_cell(canaries.source(canary, test_cell.source, names))
        self.nb.cells.append(hidden)  # nbclient writes the executed cell back at its index: give it one of its own
        index = len(self.nb.cells) - 1
        self._hidden, started = True, time.monotonic()
        try:
            super().preprocess_cell(hidden, self.resources, index)
        except (DeadKernelError, CellTimeoutError) as error:
            self._hidden = False
            self.run.seconds += time.monotonic() - started
            self.run.canaries.append(canaries.CanaryOutcome(canary, failed=True, note=type(error).__name__))
            self._replace_kernel(hidden, index, error, quiet=True)
            return
        finally:
            self._hidden = False
            del self.nb.cells[index]
        self.run.seconds += time.monotonic() - started
        failed = self._reply_status.get(index) != "ok" or any(o.get("output_type") == "error" for o in hidden.outputs)
        self.run.canaries.append(canaries.CanaryOutcome(canary, failed=failed))

    # -- dead and stuck kernels --

    def _note_dropped(self, cell, index):
        dropped = self.kc.dropped() if isinstance(self.kc, SandboxKernelClient) else 0
        if dropped:
            name = cells.grade_id(cell) or f"cell {index}"
            self._event(f"{name}: output of more than {self.kc.max_message // MB} MB at once: dropped")

    def _replace_kernel(self, cell, index, error, quiet=False):
        """The kernel died or would not stop: note it in the cell, start a fresh one."""
        if isinstance(error, DeadKernelError):
            what, ename = f"the kernel died{self._exit_status()}", "DeadKernelError"
        else:
            what = f"timed out after {self.timeout} s; the kernel did not answer the interrupt and was restarted"
            ename = "CellTimeoutError"
        cell.outputs = list(cell.get("outputs", [])) + [_error(ename, what)]
        self._restarts += 1
        if not quiet:
            self._event(f"{cells.grade_id(cell) or f'cell {index}'}: {what}")
        if self._restarts <= self.max_restarts:
            started = time.monotonic()
            run_sync(self._async_restart)()
            self.run.seconds += time.monotonic() - started

    def _exit_status(self):
        try:
            code = self.km.provisioner.process.poll()
        except Exception:
            return ""
        if code is None:
            return ""
        if code < 0 or code > 128:
            number = -code if code < 0 else code - 128
            try:
                return f" (killed by {signal.Signals(number).name})"
            except ValueError:
                pass
        return f" (exit status {code})"

    async def _async_restart(self, replay=True):
        if self.km is not None:
            try:
                if await ensure_async(self.km.is_alive()):
                    await ensure_async(self.km.shutdown_kernel(now=True))
            except Exception as exc:  # a dead kernel may already be gone
                self.log.warning("while killing the kernel: %s", exc)
            await ensure_async(self.km.cleanup_resources())
        if self.kc is not None:
            self.kc.stop_channels()
            self.kc = None
        self.km = self.create_kernel_manager()
        await self.async_start_new_kernel()
        await self.async_start_new_kernel_client()
        try:
            for source in self._replay if replay else ():
                msg_id = await ensure_async(self.kc.execute(source, store_history=False, stop_on_error=False))
                if await self.async_wait_for_reply(msg_id) is None:
                    break  # timed out again: go on with what we have
        except DeadKernelError:  # a replayed cell killed it this time: a bare kernel, then
            await self._async_restart(replay=False)

    # -- output: every message of a cell passes here --

    def process_message(self, msg, cell, cell_index):
        kind, content = msg["msg_type"], msg["content"]
        if kind.startswith("comm"):
            return None  # widgets are not graded and their state is not kept
        if self._hidden and kind != "status":  # a canary: only whether it failed counts
            if kind == "error":
                cell.outputs.append(_error(content.get("ename", "Error"), ""))
            return None
        if kind in ("display_data", "update_display_data", "execute_result"):
            content["data"] = inert_output_data(content.get("data") or {})
            content["metadata"] = inert_metadata(content.get("metadata") or {})
        if kind == "error":
            content["evalue"] = _shorten(str(content.get("evalue", "")))
            content["traceback"] = [_shorten(str(line)) for line in (content.get("traceback") or [])[:100]]
        if kind in OUTPUT_KINDS and not self._within_cap(kind, content, cell):
            return None
        return super().process_message(msg, cell, cell_index)

    def _within_cap(self, kind, content, cell):
        """Charge an output to the notebook's cap; False when it must be dropped (errors never are).

        Output beyond the cap is dropped and the cell goes on; only a flood (``FLOOD`` times the
        cap) interrupts the kernel: a correct answer that prints a lot loses no test for it.
        """
        size = _size(content)
        self._output_bytes += size
        if self._output_bytes <= self.max_output:
            return True
        limit = f"{self.max_output / MB:g} MB"
        if not self._truncated:
            self._truncated = True
            cell.outputs.append(nbformat.v4.new_output("stream", name="stdout",
                                                       text=f"\n[nncourse: output beyond {limit} dropped]\n"))
            self._event(f"more than {limit} of output: the rest was dropped")
        if self._output_bytes > FLOOD * self.max_output and not self._flooded:
            self._flooded = True
            self._event(f"more than {FLOOD * self.max_output / MB:g} MB of output: the kernel was interrupted")
            asyncio.ensure_future(ensure_async(self.km.interrupt_kernel()))
        if kind == "error":  # the verdict needs it: keep a short one
            content["evalue"] = str(content.get("evalue", ""))[:200]
            content["traceback"] = [f"{content.get('ename', 'Error')}: {content['evalue']}"]
            return True
        return False

