"""Checks that a kernel reports failures honestly: canaries.

A test cell earns its points when it runs without an exception
(:mod:`nncourse.scoring`). The student's code runs in the same Python process
as the tests, so it can change that: replace the checks, patch numpy, hide
exceptions, forge the kernel's replies. No output of the kernel can be trusted
on its own; what can be checked is whether the kernel still reports a failure
that must happen. A canary re-runs one of the assignment's own test cells, with
the function it tests (every name it passes to ``student(...)``) replaced:

``raise``
    the function raises an exception of a class that no test expects: an
    honest kernel reports an error;
``fail``
    the function's results are perturbed (0.3721 added to every number,
    booleans flipped): an honest kernel reports the test's failed checks.

A canary that passes means the kernel hides failures: the submission is flagged
for review and its autograded score withheld. Which test cells can serve as
canaries is found by running every candidate on the reference solution first
(the preflight in :mod:`nncourse.grade`): a canary counts only where the honest
reference fails it.

The canaries re-run a test cell's own source through ``exec``; student code
that inspects what runs can tell them apart, so they catch blanket tampering
(the class of attack), not a student who studied this module. GRADING.md says so.
"""

import ast
import secrets
from dataclasses import dataclass

RAISE, FAIL = "raise", "fail"
KINDS = (RAISE, FAIL)


@dataclass(frozen=True)
class Canary:
    """One canary: re-run the test cell ``grade_id`` with its functions made to ``kind``."""

    grade_id: str
    kind: str  # RAISE or FAIL


@dataclass
class CanaryOutcome:
    canary: Canary
    failed: bool  # True: the kernel reported the failure, as an honest kernel must
    note: str = ""  # why it could not be judged (the kernel died, time ran out): never a tampering flag


def tested_names(source):
    """Names of the functions a test cell tests: first arguments of its ``student(...)`` calls, in order.

    >>> tested_names("f = student(majority, forbid=['step'])\\ncheck(f(X))")
    ['majority']
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Name):
            func = node.func.id if isinstance(node.func, ast.Name) else node.func.attr \
                if isinstance(node.func, ast.Attribute) else None
            if func == "student" and node.args[0].id not in names:
                names.append(node.args[0].id)
    return names


_PERTURB = """
def {p}(value, hit):
    import numpy
    if isinstance(value, (bool, numpy.bool_)):
        hit.append(1)
        return not value
    if isinstance(value, (int, float, numpy.number)):
        hit.append(1)
        return value + 0.3721
    if isinstance(value, numpy.ndarray) and value.dtype.kind in "biuf" and value.size:
        hit.append(1)
        return ~value if value.dtype.kind == "b" else value + 0.3721
    if isinstance(value, (tuple, list)):
        return type(value)({p}(v, hit) for v in value)
    if isinstance(value, dict):
        return {{k: {p}(v, hit) for k, v in value.items()}}
    try:  # anything else numpy reads as numbers (an array-like object)
        array = numpy.asarray(value)
    except Exception:
        return value
    return {p}(array, hit) if array.dtype.kind in "biuf" and array.size else value
"""

_RAISE = """
class {e}(Exception):
    pass
def {r}(*args, **kwargs):
    raise {e}({message!r})
"""


def source(canary, test_source, names):
    """The code that runs ``canary``: the test cell's own source with ``names`` replaced, then restored.

    For a ``fail`` canary whose results could not be perturbed (the function
    returned no numbers), the code raises at the end: no verdict, never a flag.
    """
    t = secrets.token_hex(4)
    saved, hit, p, e, r = f"_s{t}", f"_h{t}", f"_p{t}", f"_E{t}", f"_r{t}"
    if canary.kind == RAISE:
        setup = _RAISE.format(e=e, r=r, message=secrets.token_hex(6))
        replace = f"    globals()[_n] = {r}"
    else:
        setup = _PERTURB.format(p=p)
        replace = (f"    if _n in {saved}:\n"
                   f"        globals()[_n] = (lambda f: lambda *a, **k: {p}(f(*a, **k), {hit}))({saved}[_n])")
    check = f"    if not {hit}:\n        raise RuntimeError('nothing to perturb')\n" if canary.kind == FAIL else ""
    return (f"{saved} = {{n: globals()[n] for n in {names!r} if n in globals()}}\n{hit} = []\n{setup.strip()}\n"
            f"for _n in {names!r}:\n{replace}\n"
            f"try:\n    exec(compile({test_source!r}, '<test>', 'exec'), globals())\n"
            f"finally:\n    for _n in {names!r}:\n        globals().pop(_n, None)\n"
            f"    globals().update({saved})\n{check}")
