"""``nncourse grade`` against a hostile class (issue 7).

One class for ``01_neurons`` (``tests/grading/hostile.py``): correct and blank
submissions, one that fails only hidden tests, and every attack of the issue (an
infinite loop, one that ignores interrupts, ``os._exit``, a segfault, a memory
bomb, a bounded fork bomb, hundreds of MB of output in many prints or one,
reading ``solutions/``, the gradebook, other students' work and the grader's
environment by absolute path, writing into the repository, the course, the
submissions, the virtual environment and ``/tmp``, deleted and edited test
cells, invalid JSON, a missing and a misnamed notebook, a folder name full of
shell metacharacters and accents). It is graded ONCE, by ``nncourse grade
--workers 2`` in a scratch copy of the course, with short limits, and then:

- the command exits 0, and every student has a row in ``grades.csv``;
- the correct submissions have full marks, each attack costs exactly the part
  it broke (the other parts are still graded), the unreadable ones score zero,
  and every unusual one has a one-line reason that says what happened;
- nothing was written outside the scratch folders: the repository's tree is
  unchanged, the course folder only gained nbgrader's outputs, the submissions
  are untouched, nothing the attacks tried to create exists, and no file in
  ``/tmp`` belongs to a sandbox user;
- nothing of what the sandbox hides showed up in any output;
- no feedback page contains a line of a hidden test, and a failed hidden test
  says which part failed and its message;
- autograded notebooks and feedback pages stay small.

The sandbox needs Debian's bubblewrap: ``make test`` installs it (``make sandbox``).
"""

import csv
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
    started: float
    protected: dict  # path -> sha256 before grading
    leftover: list  # processes of a sandbox user still running after grading


def _sandbox_processes():
    """Processes still running as a sandbox user."""
    out = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if os.stat(f"/proc/{pid}").st_uid in SANDBOX_UIDS:
                out.append(open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ")[:200])
        except OSError:
            continue
    return out


def _tmp_entries():
    return {(e.name, e.stat(follow_symlinks=False).st_uid) for e in os.scandir("/tmp")}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    if shutil.which("bwrap") is None:
        pytest.fail("bubblewrap is not installed: run `make sandbox` (or `make test`, which does)")
    root = tmp_path_factory.mktemp("grading")
    course, submissions = root / "course", root / "submissions"
    (course / "solutions").mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(notebook.SOLUTIONS / ASSIGNMENT, course / "solutions" / ASSIGNMENT)
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
    leftover = _sandbox_processes()
    print(f"\nnncourse grade: {len(expect)} hostile submissions in {seconds:.1f} s with 2 workers")
    repo_after = snapshot.tree(ROOT)
    repo_changes = snapshot.changes(repo_before, repo_after)
    assert snapshot.changes(subs_before, snapshot.tree(submissions)) == [], "the submissions were modified"
    rows = {}
    if (course / "grades.csv").exists():
        with open(course / "grades.csv", newline="", encoding="utf-8") as f:
            rows = {r["submitted_as"]: r for r in csv.DictReader(f) if r["assignment"] == ASSIGNMENT}
    return Graded(course, submissions, token, expect, proc, seconds, rows, repo_changes, repo_after, repo_was_clean,
                  tmp_before, _tmp_entries(), started, protected, leftover)


def _outputs(path):
    """(grade_id or cell index, output text) of every output of an autograded notebook."""
    nb = nbformat.read(str(path), as_version=4)
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            text = out.get("text", "") or out.get("evalue", "") or "\n".join(out.get("traceback", []))
            text += "".join(v for v in out.get("data", {}).values() if isinstance(v, str))
            yield cell.metadata.get("nbgrader", {}).get("grade_id", i), text


def _autograded(graded, folder):
    return graded.course / "autograded" / graded.rows[folder]["student_id"] / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"


def test_the_class_is_graded_and_exits_0(graded):
    assert graded.proc.returncode == 0, graded.proc.stdout[-4000:] + graded.proc.stderr[-4000:]
    assert graded.leftover == [], "sandbox processes (the fork bomb's?) outlived the grading"
    assert "Did not grade normally" in graded.proc.stdout
    assert set(graded.rows) == set(graded.expect), "every student has a row in grades.csv"
    assert all(r["max_score"] == "15.0" for r in graded.rows.values())


def test_each_attack_costs_only_the_part_it_broke(graded):
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
            if expect.auto is None:
                if float(row["score"]) != 0.0:
                    wrong.append(f"{folder}: score {row['score']}, expected zero")
                continue
            grades = {g.name: g for g in gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, row["student_id"]).grades}
            auto = {name: g.auto_score for name, g in grades.items() if g.cell_type == "code"}
            if sum(auto.values()) != expect.auto or float(row["score"]) != expect.auto:
                wrong.append(f"{folder}: autograded {auto} (csv score {row['score']}), expected {expect.auto}")
            if folder in hostile.attacks({"course": "", "repo": "", "submissions": ""}, "").keys() \
                    and expect.auto < notebook.max_auto_points(ASSIGNMENT):
                others = {k: v for k, v in auto.items() if k != f"test_{hostile.TARGET}"}
                if auto[f"test_{hostile.TARGET}"] != 0 or any(v != grades[k].max_score for k, v in others.items()):
                    wrong.append(f"{folder}: only test_{hostile.TARGET} should fail: {auto}")
            written = [g for g in grades.values() if g.cell_type == "markdown"]
            if folder != "blank" and not all(g.needs_manual_grade for g in written):
                wrong.append(f"{folder}: the written answer should wait for a human grader")
    assert not wrong, "\n".join(wrong)


def test_student_ids_are_safe_whatever_the_folder_is_called(graded):
    for folder, row in graded.rows.items():
        assert re.fullmatch(r"[A-Za-z0-9.@+-]+", row["student_id"]), row["student_id"]
    assert graded.rows[hostile.ODD_NAME]["student_id"].startswith("Zoe-O-Brien")
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
    # /tmp is shared with the rest of the machine: nothing new in it may be the sandbox's or ours
    new_tmp = graded.tmp_after - graded.tmp_before
    ours = [name for name, uid in new_tmp if uid in SANDBOX_UIDS or graded.token in name or name.startswith(("nncourse-", "nnc-"))]
    assert not ours, f"left in /tmp: {ours}"
    sandbox_files = [p for p in Path("/tmp").rglob("*") if _owner(p) in SANDBOX_UIDS]
    assert not sandbox_files, f"files of a sandbox user in /tmp: {sandbox_files[:10]}"


def _owner(path):
    try:
        return path.lstat().st_uid
    except OSError:
        return None


def test_what_the_sandbox_hides_never_shows_in_an_output(graded):
    seen = []
    for folder in graded.expect:
        path = _autograded(graded, folder)
        if not path.exists():
            continue
        for where, text in _outputs(path):
            for line in text.splitlines():
                private = line.startswith("WROTE /tmp/")  # the kernel's own tmpfs: allowed, and gone afterwards
                if "LEAKED" in line or ("WROTE" in line and not private):
                    seen.append(f"{folder} {where}: {line[:200]}")
    assert not seen, "\n".join(seen)
    snoop = "\n".join(text for _, text in _outputs(_autograded(graded, "snoop")))
    assert snoop.count("blocked:") == 2, snoop  # the gradebook query and the network
    writer = "\n".join(text for _, text in _outputs(_autograded(graded, "writer")))
    assert writer.count("blocked:") >= 8, writer


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


def test_feedback_never_shows_a_hidden_test(graded):
    hidden = _hidden_lines()
    assert len(hidden) > 10
    pages = sorted(graded.course.glob(f"feedback/*/{ASSIGNMENT}/*.html"))
    assert len(pages) == len(graded.expect), "one feedback page per student"
    for page in pages:
        text = page.read_text(encoding="utf-8")
        import html

        plain = html.unescape(text)
        assert "HIDDEN TESTS" not in plain.replace("hidden tests: not shown", ""), page
        shown = [line for line in hidden if line in plain]
        assert not shown, f"{page} shows hidden test lines: {shown[:3]}"
        assert "<script" not in text.lower()
    page = html.unescape((graded.course / "feedback" / graded.rows["hiddenfail"]["student_id"] / ASSIGNMENT /
                          f"{ASSIGNMENT}.html").read_text(encoding="utf-8"))
    row = next(line for line in page.split("<tr") if "test_xor_network" in line)
    assert "failed" in row and hostile.HIDDEN_FAIL_MESSAGE in row, row[:1000]


def test_autograded_notebooks_and_feedback_stay_small(graded):
    sizes = {p: p.stat().st_size for p in graded.course.glob("autograded/*/*/*.ipynb")}
    sizes.update({p: p.stat().st_size for p in graded.course.glob("feedback/*/*/*.html")})
    big = {str(p): s for p, s in sizes.items() if s > 1.5 * 1024 * 1024}
    assert not big, big


# -- collecting submissions (no grading) --


def test_an_lms_zip_is_collected_as_nbgrader_zip_collect_would(tmp_path):
    import zipfile

    from nncourse.collect import collect

    nb = nbformat.writes(hostile.submission())
    with zipfile.ZipFile(tmp_path / "download.zip", "w") as zf:
        zf.writestr("archive/alice_01_neurons.ipynb", nb)
        zf.writestr("archive/bob_01_neurons (1).ipynb", nb)
        zf.writestr("archive/__MACOSX/._alice_01_neurons.ipynb", "resource fork")
        zf.writestr("archive/../../carol_01_neurons.ipynb", nb)  # a path that climbs out: only its name counts
        link = zipfile.ZipInfo("archive/dave_01_neurons.ipynb")
        link.external_attr = 0o120777 << 16  # a symbolic link: never followed, never staged
        zf.writestr(link, "/etc/passwd")
    subs = collect(tmp_path / "download.zip", [ASSIGNMENT], tmp_path / "staging")
    by_id = {s.student: s for s in subs}
    assert set(by_id) == {"alice", "bob", "carol"}
    assert by_id["bob"].notes == ["graded '01_neurons (1).ipynb' as 01_neurons.ipynb"]
    staged = sorted(p.name for p in (tmp_path / "staging").iterdir())
    assert len(staged) == 3 and all(Path(s.notebooks[ASSIGNMENT]).read_text() == nb for s in subs)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["download.zip", "staging"]


def test_a_folder_is_collected_without_following_links(tmp_path):
    from nncourse.collect import collect

    nb = nbformat.writes(hostile.submission())
    (tmp_path / "class" / "Émile Zola (late!)" / "sub").mkdir(parents=True)
    (tmp_path / "class" / "Émile Zola (late!)" / "sub" / f"{ASSIGNMENT}.ipynb").write_text(nb)
    (tmp_path / "class" / "thief").mkdir()
    (tmp_path / "class" / "thief" / f"{ASSIGNMENT}.ipynb").symlink_to(notebook.source_notebook(ASSIGNMENT))
    (tmp_path / "class" / "linked-folder").symlink_to(notebook.SOLUTIONS / ASSIGNMENT)
    (tmp_path / "class" / ".ipynb_checkpoints").mkdir()
    subs = {s.original: s for s in collect(tmp_path / "class", [ASSIGNMENT], tmp_path / "staging")}
    assert set(subs) == {"Émile Zola (late!)", "thief"}
    assert subs["Émile Zola (late!)"].student == "Emile-Zola-late"
    assert subs["thief"].notebooks[ASSIGNMENT] is None and "no notebook" in subs["thief"].notes[0]


def test_a_notebook_is_read_defensively(tmp_path):
    from nncourse.collect import prepare_notebook

    release = notebook.release_notebook(ASSIGNMENT)
    cases = {"truncated": '{"cells": [', "a list": "[1, 2, 3]", "binary": b"\x00\xff\xfe", "no cells": '{"metadata": {}}'}
    for name, data in cases.items():
        path = tmp_path / f"{name}.ipynb"
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
        nb, notes = prepare_notebook(path, release)
        assert nb is None and notes and notes[0].startswith("not a valid notebook"), (name, notes)
    (tmp_path / "big.ipynb").write_bytes(b" " * 2048)
    assert prepare_notebook(tmp_path / "big.ipynb", release, max_bytes=1024)[0] is None
    odd = hostile.submission()
    odd.cells[3].metadata.nbgrader["schema_version"] = 1  # would stop a whole `nbgrader autograde` run
    odd.cells[4].metadata.nbgrader = "not a dict"
    odd.cells[5].outputs = [nbformat.v4.new_output("stream", text="x" * 10_000)]
    (tmp_path / "odd.ipynb").write_text(nbformat.writes(odd, version=4))
    nb, notes = prepare_notebook(tmp_path / "odd.ipynb", release)
    assert nb is not None and "malformed" in notes[0] and not nb.cells[5].get("outputs")
    assert "nbgrader" not in nb.cells[3].metadata and "nbgrader" not in nb.cells[4].metadata


def test_release_and_demo_run_end_to_end(tmp_path):
    course = tmp_path / "course"
    (course / "solutions").mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(notebook.SOLUTIONS / ASSIGNMENT, course / "solutions" / ASSIGNMENT)
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


def test_a_submission_that_overruns_its_budget_is_stopped_and_reported(tmp_path):
    # a cell that ignores interrupts, with a per-cell timeout longer than the submission's budget:
    # the worker is killed (its kernels with it), the submission tried once more, then reported; exit 1
    course, submissions = tmp_path / "course", tmp_path / "submissions"
    (course / "solutions").mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(notebook.SOLUTIONS / ASSIGNMENT, course / "solutions" / ASSIGNMENT)
    stubborn, _, _ = hostile.attacks({"course": "", "repo": "", "submissions": ""}, "")["stubbornloop"]
    for name, nb in {"correct": hostile.submission(), "stubborn": hostile.submission(attack=stubborn)}.items():
        (submissions / name).mkdir(parents=True)
        nbformat.write(nb, str(submissions / name / f"{ASSIGNMENT}.ipynb"))
    proc = subprocess.run([str(NNCOURSE), "grade", ASSIGNMENT, str(submissions), "--course", str(course), "--workers", "2",
                           "--timeout", "60", "--submission-timeout", "8", "--quiet"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stdout[-3000:] + proc.stderr[-3000:]
    with open(course / "grades.csv", newline="", encoding="utf-8") as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f) if r["assignment"] == ASSIGNMENT}
    assert rows["correct"]["status"] == "graded" and float(rows["correct"]["score"]) == notebook.max_auto_points(ASSIGNMENT)
    assert rows["stubborn"]["status"] == "error" and "longer than 8 s" in rows["stubborn"]["reason"]
    assert "NOT graded" in proc.stdout and _sandbox_processes() == []
