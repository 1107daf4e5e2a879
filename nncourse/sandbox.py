"""The sandbox a student's kernel runs in: bubblewrap, an unprivileged user, rlimits.

nbgrader starts kernels through a kernel spec. :func:`write_kernelspec` writes
one whose ``argv`` is this module's launcher::

    python -m nncourse.sandbox --config SANDBOX.json -- -f {connection_file} ...

The launcher runs outside the sandbox, as the grader, in the directory nbgrader
chose for the notebook (``autograded/<student>/<assignment>/``). It builds a
``bwrap`` command line (:func:`bwrap_argv`) and replaces itself with it:

- new mount, PID, network, IPC and UTS namespaces; the kernel sees a root made
  of read-only system directories (``/usr``, ``/etc``), the Python installation
  and the packages the exercises import (``nnlib``), nothing else: not the
  course folder, ``solutions/``, the gradebook, the submissions or the home
  directory;
- its working directory and ``/tmp`` are fresh size-limited tmpfs mounts,
  thrown away when the kernel exits; the assignment's data files are bound
  into the working directory read-only;
- the connection file and the kernel's IPC sockets live in a per-kernel
  directory bound read-write (the only host directory it can write); a kernel
  in its own network namespace cannot be reached over loopback TCP, so the
  grader talks to it over IPC (``KernelManager.transport = "ipc"``);
- the kernel runs as an unprivileged user (as root: ``setpriv`` to a per-worker
  uid; as a normal user: bubblewrap's user namespace), with no capabilities
  and ``no_new_privs``, under ``prlimit`` limits on CPU time, address space,
  processes, file size and open files; no core dumps;
- the environment is cleared (no grader secrets, no ``JPY_PARENT_PID``: in its
  own PID namespace ipykernel would think its parent died and exit at once).

Interrupts are sent as messages (``interrupt_mode: message``), so no signal
has to cross the sandbox; when the grader kills the kernel, bubblewrap (which
dies with its parent) takes every process of the sandbox with it.
"""

import argparse
import json
import os
import shutil
import stat
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

KERNEL_NAME = "nncourse-sandbox"
MB = 1024 * 1024


@dataclass
class Limits:
    """What a submission may use; the defaults suit an introductory numpy course.

    The one place the defaults are written: ``nncourse grade``'s options and
    their help come from here.
    """

    timeout: int | None = None  # seconds per cell; None: the course's Execute.timeout, else 60
    notebook_timeout: int | None = None  # seconds per notebook, all cells; None: 3 x timeout
    memory: int = 2048  # MB of address space per process
    cpu: int = 600  # seconds of CPU time per process
    processes: int = 64  # tasks (processes and threads) of the sandbox user
    output: float = 8.0  # MB of output (all kinds) kept per notebook; the rest is dropped
    disk: int = 100  # MB for each of the kernel's tmpfs (/tmp, /dev/shm, the working directory)
    file_size: int = 64  # MB, largest file the kernel may write
    open_files: int = 256


@dataclass
class SandboxConfig:
    """What the launcher needs; written as JSON next to the kernel spec."""

    limits: Limits
    scratch: list  # the only trees in which the launcher accepts a working or connection directory
    python: str = sys.executable
    read_only: list = field(default_factory=list)  # host paths bound read-only at the same place
    uid: int | None = None  # sandbox user when the grader is root (None: user namespace)
    bwrap: str = "bwrap"

    def save(self, path):
        Path(path).write_text(json.dumps(asdict(self), indent=1))

    @classmethod
    def load(cls, path):
        data = json.loads(Path(path).read_text())
        return cls(limits=Limits(**data.pop("limits")), **data)


def find_bwrap():
    """Path of bubblewrap, or None."""
    return shutil.which("bwrap") or next((p for p in ("/usr/bin/bwrap", "/bin/bwrap") if os.path.exists(p)), None)


def python_paths(packages=("nnlib",)):
    """Host paths a kernel needs to read: the interpreter's installation, the
    virtual environment and the named packages (an editable install lives in a
    source tree, of which only the package folder is bound)."""
    import importlib.util

    paths = {os.path.realpath(sys.base_prefix), os.path.realpath(sys.prefix), sys.prefix}
    for name in packages:
        spec = importlib.util.find_spec(name)
        for location in (spec.submodule_search_locations or []) if spec else []:
            paths.add(os.path.realpath(location))
    # the interpreter may be a chain of symlinks (venv -> pyenv -> ...): bind where it really is
    paths.add(os.path.dirname(os.path.realpath(sys.executable)))
    paths = {p for p in paths if not _inside(p, "/usr") and not _inside(p, "/etc")}
    return sorted(p for p in paths if not any(q != p and _inside(p, q) for q in paths))  # nested: bound already


def write_kernelspec(jupyter_dir, config_path):
    """A kernel spec named ``nncourse-sandbox`` under ``jupyter_dir/kernels``."""
    spec_dir = Path(jupyter_dir) / "kernels" / KERNEL_NAME
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "nncourse.sandbox", "--config", str(config_path), "--", "-f", "{connection_file}",
                 "--HistoryManager.hist_file=:memory:"],
        "display_name": "Python 3 (nncourse sandbox)",
        "language": "python",
        "interrupt_mode": "message",
        "metadata": {"debugger": False},
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1))
    return spec_dir


def _inside(path, root):
    path, root = os.path.realpath(path), os.path.realpath(root)
    return path == root or path.startswith(root + os.sep)


def _data_files(cwd):
    """Regular files under ``cwd`` other than notebooks (symlinks are never followed)."""
    out = []
    for dirpath, dirnames, filenames in os.walk(cwd, followlinks=False):
        dirnames[:] = [d for d in dirnames if not os.path.islink(os.path.join(dirpath, d))]
        for name in filenames:
            path = os.path.join(dirpath, name)
            if not name.endswith(".ipynb") and stat.S_ISREG(os.lstat(path).st_mode):
                out.append(path)
    return out


def _dirs(path, made):
    """``--dir`` for each missing parent of ``path``, world-readable (bwrap's default is 0700)."""
    args, parts = [], Path(path).parts
    for i in range(2, len(parts)):
        parent = str(Path(*parts[:i]))
        if parent not in made:
            made.add(parent)
            args += ["--perms", "0755", "--dir", parent]
    return args


def bwrap_argv(config, cwd, connection_dir, kernel_args, command=None):
    """The full command line: bwrap, (setpriv,) prlimit, the IPython kernel (or ``command``)."""
    lim = config.limits
    args = [config.bwrap, "--die-with-parent", "--new-session",
            "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--hostname", "sandbox"]
    if config.uid is None:
        args += ["--unshare-user", "--disable-userns"]
    args += ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        host = f"/{name}"
        if os.path.islink(host):
            args += ["--symlink", os.readlink(host), host]
        elif os.path.isdir(host):
            args += ["--ro-bind", host, host]
    # /dev/shm as on a student's machine: a writable tmpfs (joblib, multiprocessing semaphores)
    args += ["--ro-bind", "/etc", "/etc", "--proc", "/proc", "--dev", "/dev",
             "--perms", "1777", "--size", str(lim.disk * MB), "--tmpfs", "/dev/shm",
             "--perms", "1777", "--size", str(lim.disk * MB), "--tmpfs", "/tmp",
             "--perms", "0777", "--dir", "/tmp/home"]
    # /tmp is a fresh tmpfs: anything of the host under /tmp (a virtual environment,
    # the scratch folder, the sockets) must be bound back in after it.
    made = {"/tmp", "/tmp/home"}
    for path in config.read_only:
        if os.path.exists(path):
            args += _dirs(path, made) + ["--ro-bind", path, path]
            made.add(path)
    args += _dirs(connection_dir, made) + ["--bind", connection_dir, connection_dir]
    made.add(connection_dir)
    args += _dirs(cwd, made) + ["--perms", "0777", "--size", str(lim.disk * MB), "--tmpfs", cwd]
    for path in _data_files(cwd):
        args += ["--ro-bind", path, path]
    mpl = Path.home() / ".cache" / "matplotlib"  # a font cache saves seconds when matplotlib is imported
    for cache in sorted(mpl.glob("fontlist-*.json")) if mpl.is_dir() else []:
        args += ["--ro-bind", str(cache), f"/tmp/home/.cache/matplotlib/{cache.name}"]
    venv_bin = os.path.join(sys.prefix, "bin")
    env = {"HOME": "/tmp/home", "USER": "student", "LOGNAME": "student", "PATH": f"{venv_bin}:/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
           "TMPDIR": "/tmp", "PYTHONDONTWRITEBYTECODE": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
           "MALLOC_ARENA_MAX": "2"}  # glibc reserves 64 MB of address space per thread arena otherwise
    if os.environ.get("NBGRADER_EXECUTION"):
        env["NBGRADER_EXECUTION"] = os.environ["NBGRADER_EXECUTION"]
    args += ["--clearenv"]
    for key, value in env.items():
        args += ["--setenv", key, value]
    args += ["--chdir", cwd]
    inner = []
    if config.uid is not None:
        args += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
        inner += ["setpriv", f"--reuid={config.uid}", f"--regid={config.uid}", "--clear-groups",
                  "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]
    inner += ["prlimit", f"--cpu={lim.cpu}", f"--as={lim.memory * MB}", f"--nproc={lim.processes}",
              f"--fsize={lim.file_size * MB}", f"--nofile={lim.open_files}", "--core=0", "--"]
    inner += command or [config.python, "-m", "ipykernel_launcher", *kernel_args]
    return args + ["--", *inner]


def smoke_test(config, folder):
    """Start the sandbox once with a tiny Python program; raise SystemExit with bubblewrap's
    own words when it cannot start (no bubblewrap, no user namespaces, a missing path)."""
    import subprocess
    import tempfile

    cwd, conn = tempfile.mkdtemp(dir=folder), tempfile.mkdtemp(dir=folder)
    if config.uid is not None:
        os.chown(conn, config.uid, config.uid)
    probe = "import os, ipykernel, nnlib; print(os.getuid())"
    argv = bwrap_argv(config, cwd, conn, [], command=[config.python, "-c", probe])
    proc = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise SystemExit("nncourse: the sandbox does not start (is bubblewrap installed, and may this user create "
                         f"namespaces?):\n  {' '.join(argv[:3])} ...\n  {proc.stderr.strip()[-1500:]}")
    return proc.stdout.strip()


def _connection_file(kernel_args):
    for i, arg in enumerate(kernel_args):
        if arg == "-f" and i + 1 < len(kernel_args):
            return kernel_args[i + 1]
        if arg.startswith("--f=") or arg.startswith("-f="):
            return arg.split("=", 1)[1]
    raise SystemExit("nncourse.sandbox: no connection file (-f) given")


def main(argv=None):
    """The kernel spec's launcher: check where we are, then exec bubblewrap."""
    parser = argparse.ArgumentParser(prog="python -m nncourse.sandbox")
    parser.add_argument("--config", required=True)
    parser.add_argument("kernel_args", nargs=argparse.REMAINDER)
    ns = parser.parse_args(argv)
    kernel_args = [a for a in ns.kernel_args if a != "--"] if ns.kernel_args[:1] == ["--"] else ns.kernel_args
    config = SandboxConfig.load(ns.config)
    cwd = os.getcwd()
    connection_file = os.path.abspath(_connection_file(kernel_args))
    connection_dir = os.path.dirname(connection_file)
    for what, path in (("working directory", cwd), ("connection directory", connection_dir)):
        if not any(_inside(path, root) and os.path.realpath(path) != os.path.realpath(root) for root in config.scratch):
            raise SystemExit(f"nncourse.sandbox: refusing to run: the {what} {path} is not inside {config.scratch}")
    if config.uid is not None:
        # the kernel reads its connection file and creates its sockets next to it
        for path in (connection_dir, connection_file):
            os.chown(path, config.uid, config.uid, follow_symlinks=False)
        os.chmod(connection_dir, 0o700)
    argv = bwrap_argv(config, cwd, connection_dir, kernel_args)
    sys.stdout.flush()
    sys.stderr.flush()
    # The kernel talks to the grader through its sockets only: its own stdin, stdout and stderr
    # (inherited from the worker, whose log they would fill) lead nowhere.
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.execvp(argv[0], argv)


if __name__ == "__main__":
    main()
