"""Attacks on the grade, on the grader's own directories and output, and on the instructor's browser.

Each source is Python a student could put in an answer cell of ``01_neurons``
(:mod:`grading.hostile` places them). The attacks on the grade come with blank
or wrong answers, so that every point they would earn is forged.
"""

import copy
import json

import nbformat

# -- the grade itself: name -> (code put at the end of the last answer cell, answers replaced) --

WRONG = {  # answers that run and return the wrong thing
    "mcculloch_pitts": "def mcculloch_pitts(X, threshold, inhibitory=()):\n    return np.zeros(len(X), dtype=int)\n",
    "threshold_unit": "def threshold_unit(X, weights, threshold):\n    return np.zeros(len(X), dtype=int)\n",
    "xor_network": "def xor_network(X):\n    return np.zeros(len(X), dtype=int)\n",
    "majority": "def majority(X):\n    return np.zeros(len(X), dtype=int)\n",
}

GRADE_ATTACKS = {
    # nbgrader reads partial credit from the first value a test cell displays: display one in every cell
    "displayvalue": ('import sys\nsys.addaudithook(lambda event, args: sys.displayhook(1e9) if event == "exec" else None)\n',
                     None),
    # the student's functions display a value when the tests call them
    "displayfromanswer": ("import sys\ndef _wrong(*args, **kwargs):\n    sys.displayhook(100.0)\n    return None\n"
                          "mcculloch_pitts = threshold_unit = xor_network = majority = _wrong\n", None),
    # the checks replaced: every test passes
    "patchchecks": ("import nnlib.checks as checks\n"
                    "checks.student = lambda f, *args, **kwargs: (lambda *a, **k: None)\n"
                    "for name in ('check', 'check_close', 'check_equal', 'check_raises', 'check_no_warnings'):\n"
                    "    setattr(checks, name, lambda *a, **k: None)\n", None),
    # a numpy function the checks call, patched: wrong answers pass
    "patchnumpy": ("import numpy\nnumpy.any = lambda *args, **kwargs: False\nnumpy.allclose = lambda *a, **k: True\n", WRONG),
    # failures hidden from the outputs and from the kernel's reply
    "forgereply": ("ip = get_ipython()\nip.showtraceback = lambda *args, **kwargs: None\n_run_cell = ip.run_cell\n"
                   "def run_cell(*args, **kwargs):\n    result = _run_cell(*args, **kwargs)\n"
                   "    result.error_in_exec = result.error_before_exec = None\n    return result\n"
                   "ip.run_cell = run_cell\n", None),
    # the kernel's execute_reply forged: status "ok" whatever happened
    "forgekernel": ("ip = get_ipython()\nip.showtraceback = lambda *args, **kwargs: None\nkernel = ip.kernel\n"
                    "_do_execute = kernel.do_execute\n"
                    "async def do_execute(*args, **kwargs):\n    reply = _do_execute(*args, **kwargs)\n"
                    "    if hasattr(reply, '__await__'):\n        reply = await reply\n"
                    "    return dict(reply, status='ok', user_expressions={}, payload=[])\n"
                    "kernel.do_execute = do_execute\n", None),
    # tracebacks hidden by an IPython handler; the reply still says error
    "customexc": ("get_ipython().set_custom_exc((Exception,), lambda *args, **kwargs: None)\n", WRONG),
}
HIDE_FAILURES = {"patchchecks", "patchnumpy", "forgereply", "forgekernel"}  # these must be caught: review
HONEST_SCORE = {"displayvalue": 0.0, "displayfromanswer": 0.0, "customexc": 0.0}  # these gain nothing

# -- the grader's directories and output --

SOCKET_DIR = '''
import glob, os
from ipykernel.connect import get_connection_file
folder = os.path.dirname(get_connection_file())  # the one host folder bound into the sandbox: its sockets
for what, attempt in [("create", lambda: open(os.path.join(folder, "x"), "w")),
                      ("mkdir", lambda: os.mkdir(os.path.join(folder, "deep"))),
                      ("unlink", lambda: os.unlink(sorted(glob.glob(os.path.join(folder, "s-*")))[0])),
                      ("symlink", lambda: os.symlink("/run/dbus/system_bus_socket", os.path.join(folder, "s-99")))]:
    try:
        attempt()
        print("WROTE", what, folder)
    except OSError as error:
        print("blocked:", what, type(error).__name__)
'''

DEEP_DISK = '''
import os
home = os.open(".", os.O_RDONLY)
for base in ("/tmp", "/dev/shm", "."):
    try:
        os.chdir(base)
        for _ in range(3000):  # deeper than any recursive cleanup can walk
            os.mkdir("d")
            os.chdir("d")
        with open("fill", "wb") as f:
            while True:  # until the disk is full
                f.write(b"x" * (1 << 20))
    except OSError as error:
        print("stopped:", base, type(error).__name__)
    finally:
        os.fchdir(home)
'''

FD_WRITER = '''
import os
for fd in map(int, os.listdir("/proc/self/fd")):  # the files the kernel inherited: write 70 MB into each
    try:
        target = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        continue
    if fd == 0 or target.startswith(("socket:", "anon_inode:", "pipe:")):
        continue
    try:
        for _ in range(70):
            os.write(fd, b"z" * (1 << 20))
        print("wrote into", target)
    except OSError as error:
        print("stopped:", target, type(error).__name__)
'''

DISPLAY_FLOOD = '''
handle = display("start", display_id=True)
for _ in range(100_000):  # 10 GB of display updates
    handle.update("y" * 100_000)
'''

# -- the instructor's browser: scripts in outputs and in a written answer --

ACTIVE_OUTPUT = '''
from IPython.display import HTML, SVG, Javascript, Markdown, display
display(HTML("<b>hi</b><script>window.__pwned = 'html'; document.title = 'PWNED'</script>"
             "<img src=x onerror=\\"window.__pwned = 'img'\\">"))
display(Javascript("window.__pwned = 'javascript'"))
display(SVG('<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned = \\'svg\\'"><circle r="5"/></svg>'))
display(Markdown("<img src=x onerror=\\"window.__pwned = 'markdown'\\">"))
display({"text/html": "<iframe srcdoc=\\"<script>parent.__pwned = 'iframe'</script>\\"></iframe>"}, raw=True)
'''
ACTIVE_MARKDOWN = ("My answer. <script>window.__pwned = 'written'</script>\n\n"
                   "<img src=x onerror=\"window.__pwned = 'written image'\"> and a < b.")


def result_flood(nb):
    """Twelve cells at the end whose results are 4 MB strings each (execute_result, not streams)."""
    nb = copy.deepcopy(nb)
    nb.cells += [nbformat.v4.new_code_cell(f"'r' * 4_000_000  # {i}") for i in range(12)]
    return nb


# -- nbgrader's metadata: stripped, altered, duplicated --

def _graded(nb):
    return [c for c in nb.cells if "nbgrader" in c.metadata]


def metadata_attacks(correct):
    """[(name, notebook or JSON text, reason word)] from a correct submission."""
    stripped = copy.deepcopy(correct)
    for cell in stripped.cells:
        cell.metadata = {}
    renamed = copy.deepcopy(correct)
    for i, cell in enumerate(_graded(renamed)):
        cell.metadata.nbgrader["grade_id"] = f"cell-{i}"
    turned = copy.deepcopy(correct)
    test = next(c for c in turned.cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code")
    test.metadata.nbgrader.update(solution=True, grade=False, locked=False)
    test.source = "pass  # no more tests"
    duplicated = copy.deepcopy(correct)
    answer = next(c for c in duplicated.cells if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code")
    twin = copy.deepcopy(answer)
    twin.source = "print('this cell claims to be the answer')"
    twin["id"] = "twin-cell"
    duplicated.cells.insert(1, twin)
    surrogate = copy.deepcopy(correct)
    surrogate.cells.insert(1, nbformat.v4.new_markdown_cell("a lone surrogate: \ud800 (not UTF-8)"))
    return [("stripped", stripped, "restored"), ("renamedids", renamed, "restored"),
            ("testturnedsolution", turned, "restored"), ("duplicateids", duplicated, "restored"),
            ("surrogate", json.dumps(surrogate, ensure_ascii=True), "")]  # nbformat would refuse to write it
