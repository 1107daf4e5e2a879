"""``nncourse grade`` against a hostile class.

One class for ``01_neurons`` (``tests/grading/hostile.py``, ``tests/grading/tampering.py``):
correct and blank submissions, one that fails only hidden tests, and every attack
we know of, each its own submission:

- on the machine: infinite loops (one that ignores interrupts), ``os._exit``, a
  segfault, a memory bomb, a bounded fork bomb, floods of output (prints, one
  300 MB print, display updates, 4 MB results), reads of ``solutions/``, the
  gradebook, other students' work and the grader's environment, writes into the
  repository, the course, the submissions, the virtual environment and ``/tmp``,
  a deep directory chain and a full disk everywhere it may write, its socket
  directory replaced by links;
- on the grade: values displayed for nbgrader's partial credit, the checks or a
  numpy function they call patched, failures hidden from the outputs and from
  the kernel's replies (``run_cell``, ``do_execute``), IPython's exception handler;
- on the instructor's browser: HTML, JavaScript, SVG and markdown outputs and a
  written answer with scripts;
- on collection: deleted and edited test cells, nbgrader metadata stripped,
  renamed, duplicated, a test cell turned into a solution cell, a lone surrogate,
  invalid JSON, a missing and a misnamed notebook, folder names full of shell
  metacharacters and accents, ``-bob`` beside ``bob``, ``Carol`` beside ``carol``,
  ``.dave``, a linked folder, an empty one.

It is graded ONCE, by ``nncourse grade --workers 2`` in a scratch copy of the
course, with short limits, and then every submission must get exactly what it
deserves (``Expect``), a row in ``grades.csv`` with a one-line reason when it did
not grade normally, and nothing may leak, be written outside the scratch
folders, outlive the run, or run in a browser. GRADING.md's table lists each
attack and what it gets.

The sandbox needs Debian's bubblewrap: ``make test`` installs it (``make sandbox``).
"""

import csv
import html
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from assignments import notebook
from grading import hostile, snapshot

ROOT = Path(__file__).resolve().parent.parent
NNCOURSE = Path(sys.executable).with_name("nncourse")
ASSIGNMENT = hostile.ASSIGNMENT
SANDBOX_UIDS = range(64000, 64100)
LIMITS = ["--workers", "2", "--timeout", "5", "--memory", "1024", "--output", "1"]
MAX_FILE = 10 * 1024 * 1024  # autograded notebooks and feedback pages stay under it
AUTO = notebook.max_auto_points(ASSIGNMENT)
BY_HAND = sum(c.points for c in notebook.cells(notebook.source_notebook(ASSIGNMENT)) if c.role == "written")


@dataclass
class Graded:
    course: Path
    submissions: Path
    token: str
    expect: dict  # folder name -> hostile.Expect
    proc: subprocess.CompletedProcess
    seconds: float
    rows: dict  # folder name -> grades.csv row
    repo_changes: list
    repo_after: dict
    repo_was_clean: bool
    tmp_before: set
    tmp_after: set
    protected: dict  # path -> sha256 before grading
    leftover: list  # processes of a sandbox user still running after grading


def sandbox_processes():
    """Processes of this checkout's sandboxes still running (as a sandbox user, from this virtual environment:
    other checkouts on a shared machine may be grading at the same time)."""
    out = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if os.stat(f"/proc/{pid}").st_uid in SANDBOX_UIDS:
                command = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ")
                if not command.startswith(b"/") or command.startswith(sys.prefix.encode()):
                    out.append(command[:200])
        except OSError:
            continue
    return out


def _tmp_entries():
    return {(e.name, e.stat(follow_symlinks=False).st_uid) for e in os.scandir("/tmp")}


def scratch_course(root):
    """A course folder with the assignment's source, as an instructor has it."""
    course = root / "course"
    (course / "solutions").mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(notebook.SOLUTIONS / ASSIGNMENT, course / "solutions" / ASSIGNMENT)
    return course


def read_rows(course):
    """grades.csv's rows of the assignment, by the name the submission came as."""
    if not (course / "grades.csv").exists():
        return {}
    with open(course / "grades.csv", newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["assignment"] == ASSIGNMENT]
    # grades.csv quotes a leading - = + @ so that a spreadsheet does not read a formula
    return {re.sub(r"^'(?=[-=+@])", "", r["submitted_as"]): r for r in rows}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    if shutil.which("bwrap") is None:
        pytest.fail("bubblewrap is not installed: run `make sandbox` (or `make test`, which does)")
    root = tmp_path_factory.mktemp("grading")
    course, submissions = scratch_course(root), root / "submissions"
    token = secrets.token_hex(6)
    expect = hostile.build(submissions, {"course": str(course), "repo": str(ROOT), "submissions": str(submissions)}, token)
    protected = {p: snapshot.digest(p) for p in (course / "nbgrader_config.py", ROOT / "nnlib" / "__init__.py",
                                                  notebook.source_notebook(ASSIGNMENT))}
    git = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True)
    repo_was_clean = git.returncode == 0 and not git.stdout.strip()  # a fresh clone (CI): any change fails
    repo_before, subs_before, tmp_before = snapshot.tree(ROOT), snapshot.tree(submissions), _tmp_entries()
    env = dict(os.environ, NNCOURSE_TEST_SECRET="the grader's secret")
    started = time.time()
    proc = subprocess.run([str(NNCOURSE), "grade", ASSIGNMENT, str(submissions), "--course", str(course), *LIMITS],
                          capture_output=True, text=True, timeout=900, env=env)
    seconds = time.time() - started
    leftover = sandbox_processes()
    print(f"\nnncourse grade: {len(expect)} hostile submissions in {seconds:.1f} s with 2 workers")
    repo_after = snapshot.tree(ROOT)
    assert snapshot.changes(subs_before, snapshot.tree(submissions)) == [], "the submissions were modified"
    return Graded(course, submissions, token, expect, proc, seconds, read_rows(course),
                  snapshot.changes(repo_before, repo_after), repo_after, repo_was_clean, tmp_before, _tmp_entries(),
                  protected, leftover)


def _outputs(path):
    """(grade_id or cell index, output) of every output of an autograded notebook."""
    nb = nbformat.read(str(path), as_version=4)
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            yield cell.metadata.get("nbgrader", {}).get("grade_id", i), out


def _text(out):
    text = out.get("text", "") or out.get("evalue", "") or "\n".join(out.get("traceback", []))
    return text + "".join(v for v in out.get("data", {}).values() if isinstance(v, str))


def _autograded(graded, folder):
    return graded.course / "autograded" / graded.rows[folder]["student_id"] / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"


def _feedback(graded, folder):
    return graded.course / "feedback" / graded.rows[folder]["student_id"] / ASSIGNMENT / f"{ASSIGNMENT}.html"


def test_the_class_is_graded_and_exits_0(graded):
    assert graded.proc.returncode == 0, graded.proc.stdout[-4000:] + graded.proc.stderr[-4000:]
    assert graded.leftover == [], "sandbox processes (the fork bomb's?) outlived the grading"
    assert "Did not grade normally" in graded.proc.stdout
    assert set(graded.rows) == set(graded.expect), "every student has exactly one row in grades.csv"
    assert all(float(r["max_score"]) == AUTO + BY_HAND for r in graded.rows.values())


def test_each_submission_gets_what_it_deserves(graded):
    from nbgrader.api import Gradebook

    wrong = []
    with Gradebook(f"sqlite:///{graded.course / 'gradebook.db'}") as gb:
        for folder, expect in graded.expect.items():
            row = graded.rows[folder]
            if row["status"] not in expect.status:
                wrong.append(f"{folder}: status {row['status']}, expected {expect.status} ({row['reason']})")
            words = (expect.reason,) if isinstance(expect.reason, str) else expect.reason
            if expect.reason and not any(word in row["reason"] for word in words):
                wrong.append(f"{folder}: reason {row['reason']!r} does not say {expect.reason!r}")
            if not expect.reason and row["status"] == "graded" and row["reason"]:
                wrong.append(f"{folder}: graded normally but with a reason: {row['reason']!r}")
            if row["status"] == "review":
                if row["score"] != "" or row["raw_score"] != "":
                    wrong.append(f"{folder}: for review, its score must be withheld, got {row['score']!r}")
                tests = [g for g in gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, row["student_id"]).grades
                         if g.cell_type == "code"]
                if not all(g.needs_manual_grade and g.auto_score is None for g in tests):
                    wrong.append(f"{folder}: for review, its test cells must wait for a human grader")
            if expect.auto is None:
                if row["score"] not in ("", "0.0"):
                    wrong.append(f"{folder}: score {row['score']}, expected none")
                continue
            grades = {g.name: g for g in gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, row["student_id"]).grades}
            auto = {name: g.auto_score for name, g in grades.items() if g.cell_type == "code"}
            if sum(auto.values()) != expect.auto or float(row["score"]) != expect.auto:
                wrong.append(f"{folder}: autograded {auto} (csv score {row['score']}), expected {expect.auto}")
            if expect.only_target:
                others = {k: v for k, v in auto.items() if k != f"test_{hostile.TARGET}"}
                if auto[f"test_{hostile.TARGET}"] != 0 or any(v != grades[k].max_score for k, v in others.items()):
                    wrong.append(f"{folder}: only test_{hostile.TARGET} should fail: {auto}")
            written = [g for g in grades.values() if g.cell_type == "markdown"]
            if expect.written and not all(g.needs_manual_grade for g in written):
                wrong.append(f"{folder}: the written answer should wait for a human grader")
    assert not wrong, "\n".join(wrong)


def test_student_ids_are_stable_safe_and_never_shared(graded):
    from nncourse.ids import student_id

    ids = {folder: row["student_id"] for folder, row in graded.rows.items()}
    assert len(set(ids.values())) == len(ids), "two submissions share an id"
    for folder, sid in ids.items():
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.@+_-]*", sid), sid
        assert sid == student_id(folder), f"{folder}: the id depends on more than the name"
    assert ids["bob"] == "bob" and ids["-bob"].startswith("bob+"), "-bob must not take bob's id"
    assert ids["Carol"] == "Carol" and ids["carol"] == "carol"
    assert ids[".dave"].startswith("dave+") and ids[hostile.ODD_NAME].startswith("Zoe-O-Brien")
    assert not (graded.submissions / "PWNED").exists() and not Path("PWNED").exists()


def test_nothing_was_written_outside_the_scratch_folders(graded):
    changes = graded.repo_changes
    if not graded.repo_was_clean:
        # a working copy others are editing: only what can be the sandbox's counts
        # (its files belong to a sandbox uid; the attacks' names carry the token)
        changes = [c for c in changes if graded.token in c or graded.repo_after.get(c.split(" ", 1)[1], (0,) * 4)[3] in SANDBOX_UIDS]
    assert changes == [], "the repository changed while grading:\n" + "\n".join(changes[:50])
    assert not [p for p, info in graded.repo_after.items() if info[3] in SANDBOX_UIDS]
    for path, before in graded.protected.items():
        assert snapshot.digest(path) == before, f"{path} was modified"
    for base in (ROOT, ROOT / "nnlib", graded.course, graded.submissions, Path("/tmp"), Path(sys.prefix), Path(os.__file__).parent):
        leftovers = [p for p in base.rglob(f"*{graded.token}*")] if base != Path("/tmp") else list(base.glob(f"*{graded.token}*"))
        assert not leftovers, f"an attack left {leftovers}"
    new_in_course = sorted(p.name for p in graded.course.iterdir())
    assert set(new_in_course) <= {"nbgrader_config.py", "solutions", "gradebook.db", "grades.csv", "autograded",
                                  "feedback", "exchange"}, new_in_course
    # /tmp is shared with the rest of the machine: nothing new in it may be the sandbox's or this run's
    new_tmp = graded.tmp_after - graded.tmp_before
    ours = [name for name, uid in new_tmp if uid in SANDBOX_UIDS or graded.token in name]
    assert not ours, f"left in /tmp: {ours}"
    run_folders = [name for name, uid in new_tmp if name.startswith(("nncourse-", "nnc-")) and uid == os.geteuid()]
    assert not run_folders, f"scratch folders left in /tmp: {run_folders}"


def test_what_the_sandbox_hides_never_shows_in_an_output(graded):
    seen = []
    for folder in graded.expect:
        path = _autograded(graded, folder)
        if not path.exists():
            continue
        for where, out in _outputs(path):
            for line in _text(out).splitlines():
                private = line.startswith("WROTE /tmp/")  # the kernel's own tmpfs: allowed, and gone afterwards
                if "LEAKED" in line or ("WROTE" in line and not private):
                    seen.append(f"{folder} {where}: {line[:200]}")
    assert not seen, "\n".join(seen)
    texts = {folder: "\n".join(_text(out) for _, out in _outputs(_autograded(graded, folder)))
             for folder in ("snoop", "writer", "socketdir", "deepdisk")}
    assert texts["snoop"].count("blocked:") == 2, texts["snoop"]  # the gradebook query and the network
    assert texts["writer"].count("blocked:") >= 8, texts["writer"]
    assert texts["socketdir"].count("blocked:") == 4, texts["socketdir"]  # create, mkdir, unlink, symlink
    assert texts["deepdisk"].count("stopped:") == 3, texts["deepdisk"]  # a full (or refused) disk everywhere


def _hidden_lines():
    """Lines of the hidden tests that appear nowhere in the student's release."""
    lines = set()
    for cell in notebook.cells(notebook.source_notebook(ASSIGNMENT)):
        inside = False
        for line in cell.source.splitlines() if cell.role == "test" else []:
            if "BEGIN HIDDEN TESTS" in line or "END HIDDEN TESTS" in line:
                inside = "BEGIN" in line
            elif inside:
                lines.add(line.strip())
    release = notebook.release_notebook(ASSIGNMENT).read_text(encoding="utf-8")
    released = "\n".join(c.source for c in nbformat.reads(release, as_version=4).cells)
    return {line for line in lines if len(line) >= 12 and line not in released}


def test_feedback_never_shows_a_hidden_test_and_counts_points_apart(graded):
    hidden = _hidden_lines()
    assert len(hidden) > 10
    pages = sorted(graded.course.glob(f"feedback/*/{ASSIGNMENT}/*.html"))
    assert len(pages) == len(graded.expect), "one feedback page per student"
    for page in pages:
        text = page.read_text(encoding="utf-8")
        plain = html.unescape(text)
        assert "HIDDEN TESTS" not in plain.replace("hidden tests: not shown", ""), page
        shown = [line for line in hidden if line in plain]
        assert not shown, f"{page} shows hidden test lines: {shown[:3]}"
        assert "<script" not in text.lower()
    page = html.unescape(_feedback(graded, "hiddenfail").read_text(encoding="utf-8"))
    row = next(line for line in page.split("<tr") if "test_xor_network" in line)
    assert "failed" in row and hostile.HIDDEN_FAIL_MESSAGE in row, row[:1000]
    assert f"Autograded: <b>{AUTO - 3:g} / {AUTO:g}</b>" in page, "autograded points out of autogradable points"
    assert f"Graded by hand: {BY_HAND:g} points" in page
    assert "withheld" in _feedback(graded, "patchchecks").read_text(encoding="utf-8")


def test_autograded_notebooks_and_feedback_stay_small_and_inert(graded):
    from nncourse.sanitize import SAFE_TYPES

    sizes = {p: p.stat().st_size for p in graded.course.glob("autograded/*/*/*.ipynb")}
    sizes.update({p: p.stat().st_size for p in graded.course.glob("feedback/*/*/*.html")})
    big = {str(p): s for p, s in sizes.items() if s > MAX_FILE}
    assert not big, big
    active = []
    for path in graded.course.glob("autograded/*/*/*.ipynb"):
        nb = nbformat.read(str(path), as_version=4)
        for i, cell in enumerate(nb.cells):
            active += [f"{path.parent.parent.name} cell {i}: {k}" for out in cell.get("outputs", [])
                       for k in out.get("data", {}) if k not in SAFE_TYPES]
            if cell.cell_type == "markdown" and "<script" in cell.source.lower():
                active.append(f"{path.parent.parent.name} cell {i}: a script in markdown")
        assert "widgets" not in nb.metadata, "widget state is not kept"
    assert not active, active[:10]
    flood = "\n".join(_text(o) for _, o in _outputs(_autograded(graded, "resultflood")))
    assert "output beyond" in flood, "the dropped part is marked"


def _formgrader_html(path, out):
    """The page nbgrader's formgrader shows an instructor for an autograded notebook."""
    from nbconvert.exporters import HTMLExporter
    from nbgrader.server_extensions.formgrader import handlers

    exporter = HTMLExporter(template_name="formgrade", extra_template_basedirs=[handlers.template_path])
    resources = {"assignment_id": ASSIGNMENT, "notebook_id": ASSIGNMENT, "submission_id": "x", "index": 0, "total": 1,
                 "base_url": "", "student": "s", "last_name": "", "first_name": "", "notebook_path": str(path)}
    page, _ = exporter.from_filename(str(path), resources=resources)
    out.write_text(page, encoding="utf-8")
    return out


def test_student_content_never_runs_in_the_instructors_browser(graded, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    pages = [_formgrader_html(_autograded(graded, name), tmp_path / f"{name}.html") for name in ("activeoutput", "activemarkdown")]
    pages += [_feedback(graded, name) for name in ("activeoutput", "activemarkdown")]
    ran = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        for page_path in pages:
            page = browser.new_page()
            page.on("dialog", lambda dialog: ran.append(f"{page_path.name}: a dialog") or dialog.dismiss())
            page.route("**/*", lambda route: route.abort() if not route.request.url.startswith("file:") else route.continue_())
            page.goto(page_path.as_uri(), wait_until="load")
            page.wait_for_timeout(500)
            pwned = page.evaluate("() => window.__pwned")
            if pwned is not None or page.title() == "PWNED":
                ran.append(f"{page_path.name}: the student's {pwned} script ran")
            assert "window.__pwned" in page.content() or "__pwned" in html.unescape(page.content()), \
                "the student's content is shown, as text"
            page.close()
        browser.close()
    assert not ran, ran


# -- the grader's other paths --


def test_release_and_demo_run_end_to_end(tmp_path):
    course = scratch_course(tmp_path)
    proc = subprocess.run([str(NNCOURSE), "release", "--course", str(course)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    released = nbformat.read(str(course / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"), as_version=4)
    committed = nbformat.read(str(notebook.release_notebook(ASSIGNMENT)), as_version=4)
    assert [c.source for c in released.cells] == [c.source for c in committed.cells]
    proc = subprocess.run([str(NNCOURSE), "demo", "--students", "8", "--course", str(course), "--out", str(tmp_path / "demo"),
                           "--timeout", "5"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    with open(tmp_path / "demo" / "course" / "grades.csv", newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["assignment"] == ASSIGNMENT]
    assert len(rows) == 8 and {r["status"] for r in rows} >= {"graded", "zero", "problems"}
    assert "Did not grade normally" in proc.stdout


def test_a_submission_past_its_hard_limit_is_stopped_reported_and_not_retried(tmp_path):
    # a cell that ignores interrupts, with a per-cell timeout longer than the submission's hard limit:
    # the worker is killed (its kernels with it), and the submission reported (its own doing: no second try); exit 1
    course, submissions = scratch_course(tmp_path), tmp_path / "submissions"
    stubborn, _, _ = hostile.attacks({"course": "", "repo": "", "submissions": ""}, "")["stubbornloop"]
    for name, nb in {"correct": hostile.submission(), "stubborn": hostile.submission(attack=stubborn)}.items():
        (submissions / name).mkdir(parents=True)
        nbformat.write(nb, str(submissions / name / f"{ASSIGNMENT}.ipynb"))
    started = time.monotonic()
    proc = subprocess.run([str(NNCOURSE), "grade", ASSIGNMENT, str(submissions), "--course", str(course), "--workers", "2",
                           "--timeout", "60", "--submission-timeout", "8", "--quiet"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stdout[-3000:] + proc.stderr[-3000:]
    rows = read_rows(course)
    assert rows["correct"]["status"] == "graded" and float(rows["correct"]["score"]) == notebook.max_auto_points(ASSIGNMENT)
    assert rows["stubborn"]["status"] == "error" and "longer than 8 s" in rows["stubborn"]["reason"]
    assert "NOT graded" in proc.stdout and sandbox_processes() == []
    assert time.monotonic() - started < 60, "the stopped submission was tried again"


def test_a_reference_that_fails_in_the_sandbox_stops_the_run(tmp_path):
    # the course's own solution must pass where the students' code runs, or every grade would be unfair
    course, submissions = scratch_course(tmp_path), tmp_path / "submissions"
    source = course / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = nbformat.read(str(source), as_version=4)
    answer = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == hostile.TARGET)
    answer.source = answer.source.replace("### BEGIN SOLUTION", "### BEGIN SOLUTION\n    import no_such_module")
    nbformat.write(nb, str(source))
    (submissions / "alice").mkdir(parents=True)
    nbformat.write(hostile.submission(), str(submissions / "alice" / f"{ASSIGNMENT}.ipynb"))
    command = [str(NNCOURSE), "grade", ASSIGNMENT, str(submissions), "--course", str(course), "--workers", "1", "--quiet"]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0 and "does not get full marks in the sandbox" in proc.stderr, proc.stderr[-2000:]
    assert "test_majority" in proc.stderr and "no_such_module" in proc.stderr, proc.stderr[-2000:]
    assert not (course / "grades.csv").exists(), "nothing is graded"
    proc = subprocess.run(command + ["--skip-reference-check"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and read_rows(course)["alice"]["status"] == "graded", proc.stdout[-2000:]
