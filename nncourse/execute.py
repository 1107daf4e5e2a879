"""nbgrader's Execute step, made to survive hostile notebooks.

:class:`SandboxedExecute` replaces nbgrader's ``Execute`` preprocessor in
``Autograde.autograde_preprocessors``. On top of it:

- every kernel is the sandboxed one (``nncourse.sandbox``), whatever the
  notebook's metadata says, reached over IPC sockets in a fresh per-kernel
  directory (:class:`SandboxKernelManager`);
- a kernel that dies (``os._exit``, a segfault, the CPU limit) or ignores the
  interrupt after a timeout is replaced by a fresh one; the setup and answer
  cells that ran before are replayed silently, and grading goes on with the
  next cell (nbgrader alone leaves such a submission ungraded);
- output is capped per notebook: beyond ``max_output`` bytes streams and
  displays are dropped and the kernel is interrupted; errors and results are
  always kept (shortened), and a dropped ``stderr`` still leaves a mark, so a
  cell is graded exactly as nbgrader would grade it;
- what happened is recorded in :data:`EVENTS` for the one-line reasons.
"""

import asyncio
import os
import shutil
import signal
import tempfile
import time
from queue import Empty

import nbformat
import zmq
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.connect import channel_socket_types
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import ensure_async, run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbgrader.preprocessors import Execute
from traitlets import Integer, Unicode

from .sandbox import KERNEL_NAME, MB

EVENTS = []  # (student, message), appended while grading; the worker reads and clears it
MAX_ERROR_TEXT = 4000  # characters kept of an error's message and of each traceback


class SandboxKernelClient(AsyncKernelClient):
    """A client whose sockets refuse messages larger than ``max_message`` bytes
    (a single 500 MB print would otherwise be parsed into the grader's memory).

    ZeroMQ drops the connection when such a message comes (and reconnects at
    once); a monitor on the IOPub socket counts those drops, so that they can be
    reported (:meth:`dropped`)."""

    max_message = Integer(64 * MB).tag(config=True)
    _monitor = None

    def _create_connected_socket(self, channel, identity=None):
        sock = self.context.socket(channel_socket_types[channel])
        sock.linger = 1000
        if identity:
            sock.identity = identity
        sock.setsockopt(zmq.MAXMSGSIZE, self.max_message)
        if channel == "iopub":
            address = f"inproc://nncourse-iopub-monitor-{id(sock)}"
            sock.monitor(address, zmq.EVENT_DISCONNECTED)
            self._monitor = zmq.Context.shadow(self.context.underlying).socket(zmq.PAIR)
            self._monitor.linger = 0
            self._monitor.connect(address)
        sock.connect(self._make_url(channel))
        return sock

    async def _async_wait_for_ready(self, timeout=None):
        """jupyter_client's wait, without its final 0.2 s of listening for silence on IOPub
        (nbclient ignores stray messages anyway): a fifth of a second per kernel."""
        deadline = time.monotonic() + (timeout if timeout is not None else 1e9)
        while True:
            self.kernel_info()
            try:
                msg = await ensure_async(self.shell_channel.get_msg(timeout=0.5))
            except Empty:
                msg = None
            if msg is not None and msg["msg_type"] == "kernel_info_reply":
                try:
                    await ensure_async(self.iopub_channel.get_msg(timeout=0.2))  # IOPub is connected
                except Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(msg)
                    return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")

    wait_for_ready = _async_wait_for_ready

    def dropped(self):
        """How many times the IOPub connection was dropped since the last call."""
        count = 0
        while self._monitor is not None:
            try:
                self._monitor.recv_multipart(zmq.NOBLOCK)
            except zmq.Again:
                break
            count += 1
        return count

    def stop_channels(self):
        if self._monitor is not None:
            self._monitor.close(linger=0)
            self._monitor = None
        super().stop_channels()


class SandboxKernelManager(AsyncKernelManager):
    """Kernels on IPC transport, each with its connection file and sockets in a
    fresh directory under ``runtime_root`` (bound into that kernel's sandbox)."""

    runtime_root = Unicode("", help="folder for the per-kernel directories (short: socket paths max ~100 chars)").tag(config=True)
    _kernel_dir = None

    def __init__(self, **kwargs):
        kwargs.setdefault("kernel_name", KERNEL_NAME)
        super().__init__(**kwargs)
        self.client_class = "nncourse.execute.SandboxKernelClient"
        self.client_factory = SandboxKernelClient

    async def _async_pre_start_kernel(self, **kw):
        if self._kernel_dir is None:
            self._kernel_dir = tempfile.mkdtemp(prefix="k", dir=self.runtime_root or None)
            self.transport = "ipc"
            self.connection_file = os.path.join(self._kernel_dir, "kernel.json")
            self.ip = os.path.join(self._kernel_dir, "s")
        return await super()._async_pre_start_kernel(**kw)

    async def _async_wait(self, pollinterval=0.1):
        """Wait for a killed kernel to be gone, polling every 10 ms instead of 100 ms."""
        while await self._async_is_alive():
            await asyncio.sleep(0.01)

    async def _async_cleanup_resources(self, restart=False):
        await super()._async_cleanup_resources(restart=restart)
        if not restart and self._kernel_dir:
            shutil.rmtree(self._kernel_dir, ignore_errors=True)  # never follows the kernel's symlinks

    cleanup_resources = _async_cleanup_resources


def _grade_id(cell):
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def _is_test(cell):
    meta = cell.metadata.get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution")


def _cell_name(cell, index):
    return _grade_id(cell) or f"cell {index}"


def _shorten(text, limit=MAX_ERROR_TEXT):
    return text if len(text) <= limit else text[:limit] + f"... [{len(text) - limit} characters dropped]"


def _size(content):
    size = len(content.get("text", "") or "")
    for value in (content.get("data") or {}).values():
        size += len(value) if isinstance(value, str) else len(str(value))
    return size


class SandboxedExecute(Execute):
    """nbgrader's Execute in the sandbox, with output caps and kernel restarts."""

    max_output = Integer(2 * MB, help="bytes of stream and display output kept per notebook").tag(config=True)
    max_restarts = Integer(5, help="kernels started again per notebook before the rest is not run").tag(config=True)
    runtime_root = Unicode("").tag(config=True)

    def __init__(self, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxKernelManager)
        super().__init__(**kwargs)
        self.kernel_name = KERNEL_NAME  # never the notebook's own kernel

    def create_kernel_manager(self):
        self.kernel_name = KERNEL_NAME
        self.km = self.kernel_manager_class(kernel_name=KERNEL_NAME, runtime_root=self.runtime_root, config=self.config)
        return self.km

    # -- one notebook --

    def preprocess(self, nb, resources=None, km=None):
        self._student = (resources or {}).get("nbgrader", {}).get("student", "?")
        self._output_bytes, self._truncated, self._restarts = 0, False, 0
        self._replay = []  # sources of the setup and answer cells that ran cleanly
        return super().preprocess(nb, resources, km)

    def _event(self, message):
        EVENTS.append((self._student, message))

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not cell.source.strip():
            return super().preprocess_cell(cell, resources, index)
        if self._restarts > self.max_restarts:
            cell.outputs = [self._error("NotRun", "not run: the kernel had to be restarted too many times")]
            return cell, self.resources
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        except (DeadKernelError, CellTimeoutError) as error:
            self._note_dropped(cell, index)
            self._replace_kernel(cell, index, error)
            return cell, self.resources
        self._note_dropped(cell, index)
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        for out in errors:
            if out.get("ename") == "CellTimeoutError":
                self._event(f"{_cell_name(cell, index)}: timed out after {self.timeout} s (interrupted)")
            elif out.get("ename") == "MemoryError":
                self._event(f"{_cell_name(cell, index)}: MemoryError (memory limit)")
        if not errors and not _is_test(cell):
            self._replay.append(cell.source)
        return cell, resources

    def _note_dropped(self, cell, index):
        dropped = self.kc.dropped() if isinstance(self.kc, SandboxKernelClient) else 0
        if dropped:
            self._event(f"{_cell_name(cell, index)}: output of more than {self.kc.max_message // MB} MB at once: dropped")

    def _error(self, ename, evalue):
        return nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])

    def _replace_kernel(self, cell, index, error):
        """The kernel died or would not stop: note it in the cell, start a fresh one."""
        name = _cell_name(cell, index)
        if isinstance(error, DeadKernelError):
            status = self._exit_status()
            what = f"the kernel died{status}"
            ename = "DeadKernelError"
        else:
            what = f"timed out after {self.timeout} s; the kernel did not answer the interrupt and was restarted"
            ename = "CellTimeoutError"
        cell.outputs = list(cell.get("outputs", [])) + [self._error(ename, what)]
        self._restarts += 1
        self._event(f"{name}: {what}")
        if self._restarts <= self.max_restarts:
            run_sync(self._async_restart)()

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
                return f" (exit status {code})"
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

    # -- output --

    def output(self, outs, msg, display_id, cell_index):
        content, kind = msg["content"], msg["msg_type"]
        if kind == "error":
            content["evalue"] = _shorten(str(content.get("evalue", "")))
            content["traceback"] = [_shorten(line) for line in content.get("traceback", [])[:200]]
            return super().output(outs, msg, display_id, cell_index)
        if kind == "execute_result":  # nbgrader reads partial credit from it: always keep, shortened
            data = content.get("data") or {}
            content["data"] = {k: _shorten(v) if isinstance(v, str) else v for k, v in data.items()
                               if k == "text/plain" or _size({"data": {k: v}}) < 10_000}
            return super().output(outs, msg, display_id, cell_index)
        size = _size(content)
        if self._output_bytes + size <= self.max_output:
            self._output_bytes += size
            return super().output(outs, msg, display_id, cell_index)
        if not self._truncated:
            self._truncated = True
            limit = f"{self.max_output / MB:g} MB"
            outs.append(nbformat.v4.new_output("stream", name="stdout", text=f"\n[nncourse: output beyond {limit} dropped]\n"))
            self._event(f"more than {limit} of output: the rest was dropped and the kernel interrupted")
            asyncio.ensure_future(ensure_async(self.km.interrupt_kernel()))
        if content.get("name") == "stderr" and not any(o.get("name") == "stderr" for o in outs):
            outs.append(nbformat.v4.new_output("stream", name="stderr", text="[nncourse: stderr output dropped]\n"))
        return None
