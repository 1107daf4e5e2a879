"""A grading worker: one process, many submissions, each in its own scratch course.

The coordinator (:mod:`nncourse.grade`) starts ``python -m nncourse.worker
SETTINGS.json`` and writes one job per line on its stdin; the worker answers
each with one JSON line (on the stdout it had at start; everything else it or
nbgrader prints goes to stderr, the worker's log). Importing nbgrader, nbconvert
and jupyter_client once per worker, not once per submission, is what makes many
small scratch courses cheap.

For a job the worker:

1. makes ``<worker>/j<N>/``: a copy of the template's gradebook (which knows the
   assignment's cells), the submission's notebooks, checked and normalised, in
   ``submitted/<student>/<assignment>/``;
2. runs nbgrader's ``Autograde`` converter there, with :class:`SandboxedExecute`
   in place of ``Execute`` (so the notebook runs in the sandbox kernel);
3. reads the scores back from that gradebook and writes the student's feedback
   page (hidden tests left out);
4. answers with the scores, the comments, what happened, and where the
   autograded notebook and the feedback are.
"""

import json
import os
import shutil
import subprocess
import sys
import time
import traceback
from pathlib import Path


def _autograde(settings, config, job_dir, student):
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.utils import capture_log

    from .course import Course

    course = Course.__new__(Course)  # only its scratch_config is needed: no second read of the config file
    course.config = config
    cfg = course.scratch_config(job_dir, source=Path(settings["template"]) / "source")
    coursedir = CourseDirectory(config=cfg)
    coursedir.assignment_id = settings["assignment"]
    coursedir.student_id = student
    app = Autograde(coursedir=coursedir, config=cfg)
    app.force = True
    app.create_student = True
    return capture_log(app)


def _scores(db_url, assignment, student):
    from nbgrader.api import Gradebook

    grades, comments, timestamp = [], [], None
    with Gradebook(db_url) as gb:
        submission = gb.find_submission(assignment, student)
        timestamp = submission.timestamp.isoformat() if submission.timestamp else None
        for nb in submission.notebooks:
            for g in nb.grades:
                grades.append({"notebook": nb.name, "name": g.name, "auto_score": g.auto_score, "max_score": g.max_score,
                               "needs_manual_grade": g.needs_manual_grade, "cell_type": g.cell_type})
            for c in nb.comments:
                comments.append({"notebook": nb.name, "name": c.name, "auto_comment": c.auto_comment})
    return grades, comments, timestamp


def grade_job(settings, config, job):
    """Grade one submission; returns the result dict sent back to the coordinator."""
    from . import execute, feedback
    from .collect import prepare_notebook

    assignment, student = settings["assignment"], job["student"]
    job_dir = Path(settings["worker_dir"]) / f"j{job['id']}"
    shutil.rmtree(job_dir, ignore_errors=True)
    shutil.copytree(settings["template"], job_dir, ignore=shutil.ignore_patterns("source", "release"))
    submitted = job_dir / "submitted" / student / assignment
    submitted.mkdir(parents=True)
    result = {"id": job["id"], "student": student, "notes": list(job.get("notes", [])), "events": [],
              "job_dir": str(job_dir)}
    usable = 0
    for name, path in job["notebooks"].items():
        nb, notes = prepare_notebook(path, Path(settings["template"]) / "release" / assignment / f"{name}.ipynb",
                                     max_bytes=settings["max_notebook_bytes"])
        result["notes"] += notes
        if nb is not None:
            import nbformat

            nbformat.write(nb, str(submitted / f"{name}.ipynb"))
            usable += 1
    if job.get("timestamp"):
        (submitted / "timestamp.txt").write_text(job["timestamp"])
    if usable == 0:
        result["status"] = "zero"
        return result
    execute.EVENTS.clear()
    started = time.perf_counter()
    log = _autograde(settings, config, job_dir, student)
    result["seconds"] = round(time.perf_counter() - started, 2)
    result["events"] = [message for who, message in execute.EVENTS if who == student]
    autograded = job_dir / "autograded" / student / assignment
    if not log["success"] or not autograded.is_dir():
        result["status"] = "error"
        result["error"] = _last_error(log)
        return result
    db_url = f"sqlite:///{job_dir / 'gradebook.db'}"
    result["grades"], result["comments"], result["timestamp"] = _scores(db_url, assignment, student)
    result["autograded"] = str(autograded)
    result["feedback"] = str(feedback.write_feedback(job_dir, assignment, student, result["grades"], settings))
    result["status"] = "graded"
    return result


def _last_error(log):
    """One line from nbgrader's log or traceback that says what went wrong."""
    text = (log.get("error") or "") + "\n" + (log.get("log") or "")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in reversed(lines):
        if line.startswith(("[ERROR]", "nbgrader", "RuntimeError", "DeadKernelError", "CellTimeoutError", "OSError")) \
                or ("Error" in line.split(":")[0] and not line.startswith("File ")):
            return line[:300]
    return (lines[-1] if lines else "nbgrader failed without a message")[:300]


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    settings = json.loads(Path(argv[0]).read_text())
    protocol = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # anything printed by a library goes to the log, never into the protocol
    from traitlets.config import Config

    from .grade import quiet_warnings

    quiet_warnings()

    from .course import load_config

    if os.environ.get("NNCOURSE_PRIVATE_MOUNTS") == "1":
        # in our own mount namespace: the kernels' connection files and sockets go to a
        # small tmpfs, so that a kernel cannot fill the disk through the one folder it may write
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={settings['runtime_mb']}m,mode=0711", "nncourse",
                        settings["runtime"]], check=True)
    config = load_config(settings["course"])
    overrides = Config(settings["nbgrader_overrides"])
    config.merge(overrides)
    for line in sys.stdin:
        job = json.loads(line)
        try:
            result = grade_job(settings, config, job)
        except Exception as exc:  # one broken submission must not take the worker down
            traceback.print_exc()
            result = {"id": job["id"], "student": job["student"], "status": "error",
                      "error": f"{type(exc).__name__}: {exc}"[:300], "notes": [], "events": []}
        protocol.write(json.dumps(result) + "\n")
    protocol.flush()
    os._exit(0)  # stdin closed: done; skip the interpreter's slow teardown (kernels are already shut down)


if __name__ == "__main__":
    main()
