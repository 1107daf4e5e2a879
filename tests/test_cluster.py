"""``nncourse grade --scheduler``: grading on a real Dask cluster on 127.0.0.1.

The test starts a ``dask scheduler`` and two ``dask worker --nthreads 1`` processes
(no nanny, so that a killed worker stays dead), grades a class through them, kills
one worker while it grades a submission, and compares every grade with the same
class graded by local workers. A second scheduler is killed in the middle of a run:
the command ends with a clear message and keeps the grades it has.
"""

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from grading import hostile
from test_grading import ASSIGNMENT, NNCOURSE, read_rows, sandbox_processes, scratch_course

BIN = Path(sys.executable).parent
SLOW = "import time\ntime.sleep(3)  # a slow student"


def _class(folder, slow=4):
    """A class whose grades are known: correct, blank, partly wrong, and some slow submissions."""
    wrong = {"majority": "def majority(X):\n    return np.zeros(len(X), dtype=int)\n"}
    students = {"alice": hostile.submission(), "bob": hostile.blank(), "carol": hostile.submission(replace=wrong),
                "dave": hostile.submission(replace={"xor_network": hostile.HIDDEN_FAIL})}
    for i in range(slow):
        nb = hostile.submission()
        nb.cells.append(nbformat.v4.new_code_cell(SLOW))
        students[f"slow{i}"] = nb
    for name, nb in students.items():
        (folder / name).mkdir(parents=True)
        nbformat.write(nb, str(folder / name / f"{ASSIGNMENT}.ipynb"))
    return folder


class Cluster:
    """A scheduler and workers on 127.0.0.1, started and stopped by the test."""

    def __init__(self, folder, workers):
        self.file = folder / "scheduler.json"
        self.processes = [subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", "0",
                                            "--no-dashboard", "--scheduler-file", str(self.file)],
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
        deadline = time.monotonic() + 60
        while not self.file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        self.workers = [subprocess.Popen([str(BIN / "dask"), "worker", "--scheduler-file", str(self.file), "--nthreads",
                                          "1", "--no-nanny", "--no-dashboard", "--name", f"w{i}"],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for i in range(workers)]
        self.processes += self.workers
        self.client().wait_for_workers(workers, timeout=120)

    def client(self):
        from distributed import Client

        if not hasattr(self, "_client"):
            self._client = Client(scheduler_file=str(self.file), timeout="30s", set_as_default=False)
        return self._client

    @property
    def address(self):
        return json.loads(self.file.read_text())["address"]

    def busy_worker(self):
        """The process of a worker that is grading a submission now, or None."""
        info = self.client().scheduler_info()["workers"]
        for address, tasks in self.client().processing().items():
            if tasks and address in info:
                return self.workers[int(str(info[address]["name"])[1:])]
        return None

    def stop(self):
        if hasattr(self, "_client"):
            self._client.close()
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def _grade(course, submissions, *extra):
    return subprocess.Popen([str(NNCOURSE), "grade", ASSIGNMENT, str(submissions), "--course", str(course),
                             "--timeout", "20", "--quiet", *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _grades(rows):
    return {s: (r["status"], r["score"], r["reason"]) for s, r in rows.items()}


@pytest.fixture(scope="module")
def graded_both_ways(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cluster")
    submissions = _class(tmp / "submissions")
    local = scratch_course(tmp / "local")
    proc = _grade(local, submissions, "--workers", "2")
    out, err = proc.communicate(timeout=900)
    assert proc.returncode == 0, out[-3000:] + err[-3000:]
    cluster = Cluster(tmp, workers=2)
    try:
        remote = scratch_course(tmp / "remote")
        proc = _grade(remote, submissions, "--scheduler", cluster.address)
        killed = None
        while proc.poll() is None and killed is None:  # kill a worker while it grades a slow student
            worker = cluster.busy_worker()
            if worker is not None:
                time.sleep(1)
                worker.kill()
                killed = worker.pid
            time.sleep(0.3)
        out, err = proc.communicate(timeout=900)
    finally:
        cluster.stop()
    return read_rows(local), read_rows(remote), proc, out + err, killed


def test_a_cluster_grades_as_local_workers_do_even_when_a_worker_dies(graded_both_ways):
    local, remote, proc, output, killed = graded_both_ways
    assert killed is not None, "no worker was ever seen grading: the test did not kill one"
    assert proc.returncode == 0, output[-3000:]
    assert set(local) == set(remote) and _grades(local) == _grades(remote)
    full = hostile.notebook.max_auto_points(ASSIGNMENT)
    assert float(remote["alice"]["score"]) == full and float(remote["bob"]["score"]) == 0.0
    assert float(remote["carol"]["score"]) == full - hostile.TARGET_POINTS
    assert sandbox_processes() == []


def test_a_lost_scheduler_ends_the_run_and_keeps_the_grades(tmp_path):
    submissions = _class(tmp_path / "submissions", slow=6)
    course = scratch_course(tmp_path)
    cluster = Cluster(tmp_path, workers=1)
    try:
        proc = _grade(course, submissions, "--scheduler-file", str(cluster.file))
        deadline = time.monotonic() + 300
        while proc.poll() is None and time.monotonic() < deadline:  # the scheduler goes once a student is graded
            if len(list(course.glob("feedback/*"))) >= 2:
                cluster.processes[0].kill()
                break
            time.sleep(0.3)
        out, err = proc.communicate(timeout=300)
    finally:
        cluster.stop()
    assert proc.returncode == 1 and "scheduler" in err and "was lost" in err and "run the same command again" in err, err[-3000:]
    rows = read_rows(course)
    assert len(rows) == 10, "every student has a row"
    graded = [s for s, r in rows.items() if r["status"] != "error"]
    lost = [s for s, r in rows.items() if r["status"] == "error"]
    assert graded and lost and all("scheduler" in rows[s]["reason"] for s in lost), rows
