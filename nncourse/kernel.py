"""How the grader reaches a sandboxed kernel: IPC sockets in a directory of the kernel's own.

A kernel in its own network namespace cannot be reached over loopback TCP, so
kernels use ZeroMQ's IPC transport: the connection file and the sockets live in
a fresh directory per kernel, which the sandbox binds at the same path (the
only host directory the kernel may write). That directory is the one place a
student's code could leave something for the grader, so:

- as root (the worker runs in a private mount namespace), each kernel's
  directory is a small tmpfs of its own, unmounted when the kernel goes:
  nothing is shared between two students' kernels, nothing can fill a shared
  disk, and cleaning up never walks what the student left there;
- once the kernel is ready, its directory is locked (owned by root, mode 0755):
  the kernel can no longer replace its socket files with links to other
  sockets, which the grader's client would follow when it reconnects;
- without root, the kernel runs under the grader's own uid and the directory
  cannot be locked: the client then never reconnects, and cleanup is ``rm -rf``
  (which does not follow links and copes with any depth).

The client refuses messages larger than ``max_message`` bytes: one 500 MB print
would otherwise be parsed into the grader's memory. ZeroMQ drops the connection
when such a message comes; a monitor counts the drops so that they are reported.
"""

import asyncio
import os
import subprocess
import tempfile
import time
from queue import Empty

import zmq
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.connect import channel_socket_types
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import ensure_async
from traitlets import Bool, Integer, Unicode

from .sandbox import KERNEL_NAME, MB

RUNTIME_MB = 4  # size of a kernel's connection directory (a tmpfs, as root)


def remove_tree(path):
    """Remove ``path`` whatever a student left in it (any depth, links not followed)."""
    subprocess.run(["rm", "-rf", "--one-file-system", "--", str(path)], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class SandboxKernelClient(AsyncKernelClient):
    """A client with a size limit on messages, a count of dropped connections and, for a
    kernel whose directory is not locked, no reconnection."""

    max_message = Integer(64 * MB).tag(config=True)
    reconnect = Bool(True).tag(config=True)
    _monitor = None

    def _create_connected_socket(self, channel, identity=None):
        sock = self.context.socket(channel_socket_types[channel])
        sock.linger = 1000
        if identity:
            sock.identity = identity
        sock.setsockopt(zmq.MAXMSGSIZE, self.max_message)
        if not self.reconnect:
            sock.setsockopt(zmq.RECONNECT_IVL, -1)
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
    """Kernels on IPC transport, each in a fresh directory under ``runtime_root``."""

    runtime_root = Unicode("", help="folder for the per-kernel directories (short: socket paths max ~100 chars)").tag(config=True)
    private_mounts = Bool(False, help="a tmpfs per kernel directory (root, in a private mount namespace)").tag(config=True)
    _kernel_dir = None
    _mounted = False
    _locked = False

    def __init__(self, **kwargs):
        kwargs.setdefault("kernel_name", KERNEL_NAME)
        super().__init__(**kwargs)
        self.client_class = "nncourse.kernel.SandboxKernelClient"
        self.client_factory = SandboxKernelClient

    def client(self, **kwargs):
        kwargs.setdefault("reconnect", self.private_mounts)  # reconnecting is safe once the directory is locked
        return super().client(**kwargs)

    async def _async_pre_start_kernel(self, **kw):
        if self._kernel_dir is None:
            self._kernel_dir = tempfile.mkdtemp(prefix="k", dir=self.runtime_root or None)
            if self.private_mounts:
                subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={RUNTIME_MB}m,mode=0711,nosuid,nodev,noexec",
                                "nncourse-kernel", self._kernel_dir], check=True)
                self._mounted = True
            self.transport = "ipc"
            self.connection_file = os.path.join(self._kernel_dir, "kernel.json")
            self.ip = os.path.join(self._kernel_dir, "s")
        return await super()._async_pre_start_kernel(**kw)

    def lock_runtime(self):
        """After the kernel bound its sockets: it may no longer change its directory (as root)."""
        if self._mounted and not self._locked:
            os.chown(self._kernel_dir, 0, 0, follow_symlinks=False)
            os.chmod(self._kernel_dir, 0o755, follow_symlinks=False)
            self._locked = True

    async def _async_wait(self, pollinterval=0.1):
        """Wait for a killed kernel to be gone, polling every 10 ms instead of 100 ms."""
        while await self._async_is_alive():
            await asyncio.sleep(0.01)

    async def _async_cleanup_resources(self, restart=False):
        if restart or self._kernel_dir is None:
            return await super()._async_cleanup_resources(restart=restart)
        # jupyter_client would remove the connection file and sockets one by one, as root, in a
        # directory the kernel could write: unmount (or rm -rf) the whole directory instead
        self._connection_file_written = False
        if self._mounted:
            subprocess.run(["umount", "--lazy", self._kernel_dir], check=False, stderr=subprocess.DEVNULL)
            os.rmdir(self._kernel_dir)
        else:
            remove_tree(self._kernel_dir)
        self._kernel_dir = None
        self._close_control_socket()
        self.session.parent = None
        if self._created_context:
            self.context.destroy(linger=100)
        if self.provisioner is not None:
            await self.provisioner.cleanup(restart=restart)

    cleanup_resources = _async_cleanup_resources
