"""A hostile class for ``nncourse grade``: honest students and every attack we know of.

Most attacks sit at the top of ONE answer cell (``majority``, 3 of the 12
autograded points of ``01_neurons``), in front of the correct answer, so that
they "break" that part only: the other parts must still be graded. The
attacks that try to read what they must not read define ``majority`` only
from what they stole, so a leak would show up as full marks; the ones that try
to write print ``WROTE`` for every write that succeeded. File names carry a
per-run ``token``. The attacks on the grade itself (:mod:`grading.tampering`)
come with blank or wrong answers: any point they earn is a forged one. The
attacks on collection are folder names and layouts.

:func:`build` writes the class and returns what each submission must get.
"""

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for the assignments helpers
from assignments import notebook  # noqa: E402
from grading import tampering  # noqa: E402

ASSIGNMENT = "01_neurons"
TARGET = "majority"  # the answer cell the attacks break
TARGET_POINTS = 3.0


@dataclass
class Expect:
    auto: float | None  # autograded score expected (None: no score: nothing graded, or withheld for review)
    status: tuple  # the statuses allowed: graded, problems, zero, review, error
    reason: str | tuple = ""  # a word the one-line reason must contain (or one of several)
    only_target: bool = False  # every part but TARGET's keeps its points, TARGET's loses them
    written: bool = True  # it has a written answer, which waits for a human grader


def answers():
    """grade_id -> solution source, for the answer cells and the written answer."""
    source = notebook.cells(notebook.source_notebook(ASSIGNMENT))
    out = {c.grade_id: c.source for c in source if c.role == "answer"}
    out.update({c.grade_id: "A written answer." for c in source if c.role == "written"})
    return out


def blank():
    return nbformat.read(str(notebook.release_notebook(ASSIGNMENT)), as_version=4)


def submission(replace=None, attack=None):
    """The release with the correct answers, ``replace`` (grade_id -> source) and ``attack`` in TARGET's cell."""
    nb = blank()
    sources = {**answers(), **(replace or {})}
    if attack is not None:
        sources[TARGET] = attack
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in sources:
            cell.source = sources[grade_id]
    return nb


def attacks(paths, token):
    """name -> (source of the TARGET cell, expected autograded score, reason word).

    ``paths``: course, repo, submissions (absolute strings).
    """
    solution = answers()[TARGET]
    full = notebook.max_auto_points(ASSIGNMENT)
    broken = full - TARGET_POINTS
    course, repo, subs = paths["course"], paths["repo"], paths["submissions"]
    steal = f'''
import json
for path in [{course!r} + "/solutions/{ASSIGNMENT}/{ASSIGNMENT}.ipynb", {repo!r} + "/solutions/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"]:
    try:
        cells = json.load(open(path))["cells"]
    except Exception as error:
        print("blocked:", type(error).__name__)
        continue
    print("LEAKED", path)
    exec("".join(next(c["source"] for c in cells if c["metadata"].get("nbgrader", {{}}).get("grade_id") == "{TARGET}")))
'''
    snoop = f'''
import glob, os, socket, sqlite3
for path in [{course!r} + "/gradebook.db", {course!r} + "/solutions", {course!r} + "/nbgrader_config.py",
             {course!r} + "/autograded", {course!r} + "/submitted", {repo!r} + "/solutions", {repo!r} + "/README.md",
             {subs!r} + "/correct/{ASSIGNMENT}.ipynb"]:
    if os.path.exists(path):
        print("LEAKED exists", path)
try:
    rows = sqlite3.connect("file:" + {course!r} + "/gradebook.db?mode=ro", uri=True).execute("select source from source_cell").fetchall()
    print("LEAKED gradebook", rows)
except Exception as error:
    print("blocked:", type(error).__name__)
found = [p for pattern in ("/tmp/**/*.ipynb", "/tmp/**/*.db") for p in glob.glob(pattern, recursive=True)]
if found:
    print("LEAKED found", found[:5])
for pid in [p for p in os.listdir("/proc") if p.isdigit()]:
    try:
        if any(word in open(f"/proc/{{pid}}/cmdline", "rb").read() for word in (b"nncourse.worker", b"pytest", b"nncourse grade")):
            print("LEAKED process", pid)
    except OSError:
        pass
if "NNCOURSE_TEST_SECRET" in os.environ:
    print("LEAKED environment")
try:
    socket.create_connection(("1.1.1.1", 53), timeout=1)
    print("LEAKED network")
except OSError as error:
    print("blocked:", type(error).__name__)
''' + solution
    write = f'''
import os
targets = ["/tmp/PWNED-{token}", {repo!r} + "/PWNED-{token}", {course!r} + "/PWNED-{token}", {subs!r} + "/PWNED-{token}",
           {repo!r} + "/nnlib/PWNED-{token}.py", os.path.join(os.path.dirname(os.__file__), "PWNED-{token}.py"),
           {course!r} + "/nbgrader_config.py", {repo!r} + "/nnlib/__init__.py", "/etc/PWNED-{token}",
           os.path.expanduser("~/PWNED-{token}")]
import sys
targets.append(os.path.join(sys.prefix, "lib", "python%d.%d" % sys.version_info[:2], "site-packages", "PWNED-{token}.pth"))
for path in targets:
    try:
        with open(path, "a") as f:
            f.write("import os  # pwned {token}\\n")
        print("WROTE", path)
    except OSError as error:
        print("blocked:", type(error).__name__)
with open("my-own-scratch-file.txt", "w") as f:  # the working folder is writable (a tmpfs)
    f.write("fine")
''' + solution
    return {
        "infiniteloop": ("while True:\n    pass\n" + solution, broken, "timed out"),
        "stubbornloop": ("import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass\n" + solution,
                         broken, "restarted"),
        "exits": ("import os\nos._exit(1)\n" + solution, broken, "kernel died"),
        "segfault": ("import ctypes\nctypes.string_at(0)\n" + solution, broken, "SIGSEGV"),
        "memorybomb": ("hog = []\nwhile True:\n    hog.append(bytearray(64 * 1024 * 1024))\n" + solution, broken, "MemoryError"),
        "forkbomb": ("import os, time\nfor _ in range(9):  # bounded: 2**9 processes at most\n    try:\n        os.fork()\n"
                     "    except OSError:\n        pass\ntime.sleep(600)\n" + solution, broken, ("timed out", "time budget")),
        # a terabyte in megabyte lines: dropped by the grader, or the kernel's buffer hits the memory limit
        "flood": ("for _ in range(10 ** 6):\n    print('x' * 1_000_000)\n" + solution, broken, ("output", "MemoryError")),
        # one 300 MB message: dropped by the grader (or the kernel runs out of memory sending it)
        "floodonce": ("print('y' * 300_000_000)\n" + solution, full, None),
        # an honest student who prints more than the cap (1 MB in these tests): dropped, no test lost
        "bigprinter": ("for _ in range(3):\n    print('p' * 600_000)\n" + solution, full, "output"),
        "thief": (steal, broken, ""),
        "snoop": (snoop, full, ""),
        "writer": (write, full, ""),
        # the kernel's only host directory, its connection directory, is locked once the kernel is ready
        "socketdir": (tampering.SOCKET_DIR + solution, full, ""),
        # fill every place it may write, very deep: its own tmpfs mounts, gone with the kernel
        "deepdisk": (tampering.DEEP_DISK + solution, full, ""),
        # the files it inherited (the worker's log, once): nowhere to fill
        "fdwriter": (tampering.FD_WRITER + solution, full, ""),
        "displayflood": (tampering.DISPLAY_FLOOD + solution, broken, "output"),
    }


def _edit_tests(nb):
    """Delete the first test cell; gut the last one."""
    tests = [c for c in nb.cells if notebook.role(c) == "test"]
    tests[-1].source = "pass  # my own tests"
    tests[-1].metadata.nbgrader["points"] = 100.0
    nb.cells.remove(tests[0])
    return nb


HIDDEN_FAIL = """def xor_network(X):
    X = np.asarray(X)
    return (X[:, 0] != X[:, 1]).astype(int)  # a rule for 0/1 inputs, not the network
"""
HIDDEN_FAIL_MESSAGE = "xor_network on real-valued inputs"  # the hidden test's own message

ODD_NAME = "Zoë O'Brien; $(touch PWNED) `id` \"quoted\" & ünïcode"


def _tampered(name):
    """A submission whose answers are blank or wrong, with a tampering attack at the end of the last answer cell."""
    attack, wrong = tampering.GRADE_ATTACKS[name]
    nb = blank()
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in (wrong or {}):
            cell.source = wrong[grade_id]
    last = [c for c in nb.cells if notebook.role(c) == "answer"][-1]
    last.source = last.source.replace("raise NotImplementedError()", "pass") + "\n" + attack
    return nb


def build(folder, paths, token):
    """Write the class into ``folder``; returns folder name -> Expect."""
    folder = Path(folder)
    full = notebook.max_auto_points(ASSIGNMENT)
    expect = {}

    def put(name, nb, filename=f"{ASSIGNMENT}.ipynb"):
        (folder / name).mkdir(parents=True, exist_ok=True)
        if isinstance(nb, str):
            (folder / name / filename).write_text(nb, encoding="utf-8")
        else:
            nbformat.write(nb, str(folder / name / filename))

    put("correct", submission())
    expect["correct"] = Expect(full, ("graded",))
    put("blank", blank())
    expect["blank"] = Expect(0.0, ("graded",), written=False)
    for name, (source, score, reason) in attacks(paths, token).items():
        put(name, submission(attack=source))
        status = ("graded", "problems") if reason is None else ("problems",) if reason else ("graded",)
        expect[name] = Expect(score, status, reason or "", only_target=score < full)
    for name, (_, _) in tampering.GRADE_ATTACKS.items():  # forged points: none, or the score withheld for review
        put(name, _tampered(name))
        hides = name in tampering.HIDE_FAILURES
        expect[name] = Expect(None if hides else tampering.HONEST_SCORE[name], ("review",) if hides else ("graded",),
                              "tampering" if hides else "", written=False)
    for name, make, reason in tampering.metadata_attacks(submission()):
        put(name, make)
        expect[name] = Expect(full, ("problems",) if reason else ("graded",), reason)
    put("activeoutput", submission(attack=tampering.ACTIVE_OUTPUT + answers()[TARGET]))
    expect["activeoutput"] = Expect(full, ("graded",))
    put("activemarkdown", submission(replace={"written_answer": tampering.ACTIVE_MARKDOWN}))
    expect["activemarkdown"] = Expect(full, ("graded",))
    put("resultflood", tampering.result_flood(submission()))
    expect["resultflood"] = Expect(full, ("problems",), "output")
    # passes the visible tests of xor_network, fails its hidden ones: feedback says so, without showing them
    put("hiddenfail", submission(replace={"xor_network": HIDDEN_FAIL}))
    expect["hiddenfail"] = Expect(full - 3.0, ("graded",))
    put("editedtests", _edit_tests(submission()))
    expect["editedtests"] = Expect(full, ("problems",), "restored")
    (folder / "invalidjson").mkdir()
    (folder / "invalidjson" / f"{ASSIGNMENT}.ipynb").write_text(nbformat.writes(submission())[:3000])
    expect["invalidjson"] = Expect(None, ("zero",), "invalid JSON")
    (folder / "missing").mkdir()
    (folder / "missing" / "notes.txt").write_text("no notebook here\n")
    expect["missing"] = Expect(None, ("zero",), "no notebook")
    put("misnamed", submission(), filename="Untitled (1).ipynb")
    expect["misnamed"] = Expect(full, ("problems",), "Untitled")
    put(ODD_NAME, submission())
    expect[ODD_NAME] = Expect(full, ("graded",))
    # names that must not take each other's ids, a hidden folder, a linked one, an empty one
    for name, nb, score in [("-bob", submission(), full), ("bob", blank(), 0.0), ("Carol", submission(), full),
                            ("carol", blank(), 0.0), (".dave", submission(), full)]:
        put(name, nb)
        expect[name] = Expect(score, ("graded",), written=score > 0)
    elsewhere = folder.parent / "elsewhere"
    (elsewhere / "eve").mkdir(parents=True, exist_ok=True)
    nbformat.write(submission(), str(elsewhere / "eve" / f"{ASSIGNMENT}.ipynb"))
    os.symlink(elsewhere / "eve", folder / "eve")
    expect["eve"] = Expect(None, ("zero",), "symbolic link")
    (folder / "frank").mkdir()
    expect["frank"] = Expect(None, ("zero",), "no notebook")
    return expect
