"""Checks that a kernel reports failures honestly: canaries.

A test cell earns its points when it runs without an exception
(:mod:`nncourse.scoring`). The student's code runs in the same Python process
as the tests, so it can change that: replace the checks, patch numpy, hide
exceptions, rewrite the test cells as they run, forge the kernel's replies. No
output of the kernel can be trusted on its own; what can be checked is whether
the kernel still reports a failure that must happen. A canary re-runs one of
the assignment's own test cells, word for word, with the functions it tests
(the names it passes to ``student(...)``) changed:

``raise``
    the function raises an exception of a class that no test expects: an
    honest kernel reports an error;
``fail``
    the function's results are made wrong (0.3721 added to every number,
    booleans flipped, anything else replaced by an object every use of which
    raises): an honest kernel reports the test's failed checks.

A canary runs as three executions: :func:`setup_source` changes the functions,
the test cell's own source runs unchanged, :func:`restore_source` puts them
back. The functions stay the same objects: their code is swapped, so student
code that checks ``majority is my_majority`` or reads the test cell's text sees
a test cell like any other. A canary that passes means the kernel hides
failures: the submission is flagged for review and its autograded score
withheld. Which test cells can serve is found by running every candidate on the
reference solution first (the preflight in :mod:`nncourse.grade`): a canary
counts only where the honest reference fails it.

Student code that watches every execution can still tell the setup apart, so
canaries catch blanket tampering (the class of attack), not a student who
studied this module. GRADING.md says so.
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


_HELPERS = '''
import types as {t}
class {err}(Exception):
    pass
class {poison}:
    """A wrong result: every use of it raises."""
    def __getattr__(self, name):
        raise TypeError("a wrong result")
    def _no(self, *args, **kwargs):
        raise TypeError("a wrong result")
    __array__ = __len__ = __iter__ = __eq__ = __ne__ = __lt__ = __float__ = __int__ = __bool__ = __getitem__ = _no
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __matmul__ = __index__ = _no
def {wrong}(value):
    import numpy
    if isinstance(value, (bool, numpy.bool_)):
        return not value
    if isinstance(value, (int, float, numpy.number)):
        return value + 0.3721
    if isinstance(value, numpy.ndarray) and value.dtype.kind in "biuf" and value.size:
        return ~value if value.dtype.kind == "b" else value + 0.3721
    if isinstance(value, (tuple, list)):
        return type(value)({wrong}(v) for v in value)
    if isinstance(value, dict):
        return {{k: {wrong}(v) for k, v in value.items()}}
    return {poison}()
def {raiser}(*args, **kwargs):
    raise {err}({message!r})
{saved} = {{}}
'''

_SWAP = '''
for {n} in {names!r}:
    {f} = globals().get({n})
    {swap} = isinstance({f}, {t}.FunctionType) and not {f}.__code__.co_freevars
    if {swap} and any({f} is kept for kept, _ in {saved}.values()):
        continue  # one function under two names: changed once, else the second save would keep the stub
    {original} = {t}.FunctionType({f}.__code__, {f}.__globals__, {f}.__name__, {f}.__defaults__, {f}.__closure__) \\
        if {swap} else {f}
    if {swap}:
        {original}.__kwdefaults__ = {f}.__kwdefaults__
    {saved}[{n}] = ({f}, ({f}.__code__, {f}.__defaults__, {f}.__kwdefaults__) if {swap} else None)
    {stub}
    if {swap}:  # the stub's code takes (*args, **kwargs): the original's defaults must not apply to it
        {f}.__defaults__ = {f}.__kwdefaults__ = None
        {f}.__code__ = {g}.__code__
    else:
        globals()[{n}] = {g}
'''

_STUBS = {
    RAISE: "{g} = {raiser}",
    # a function that calls the original and makes its result wrong; the names it uses are globals, so that
    # its code can stand in for that of a function without a closure
    FAIL: "{originals}[{n}] = {original}\n"
          "    {g} = eval('lambda *args, **kwargs: {wrong}({originals}[' + repr({n}) + '](*args, **kwargs))')",
}

_RESTORE = '''
def {restore}(saved, namespace):
    for name, (function, code) in saved.items():
        if code is not None:
            function.__code__, function.__defaults__, function.__kwdefaults__ = code
        elif function is None:
            namespace.pop(name, None)
        else:
            namespace[name] = function
    for name in [k for k in namespace if k.startswith("_") and k.endswith({token!r})]:
        del namespace[name]
{restore}({saved}, globals())
'''


def _names(token):
    """The helpers' global names: each ends with the token, so that the restore can remove them all."""
    keys = ("t", "err", "poison", "wrong", "raiser", "saved", "n", "f", "swap", "original", "originals", "g", "restore")
    return {key: f"_{key}{token}" for key in keys}


def setup_source(canary, names, token=None):
    """Code that changes the functions ``names`` for ``canary`` (run before the test cell's own source).

    Returns (source, token); the token names what :func:`restore_source` must put back.
    """
    token = token or secrets.token_hex(4)
    v = _names(token)
    helpers = _HELPERS.format(message=secrets.token_hex(6), **v)
    stub = _STUBS[canary.kind].format(**v)
    swap = _SWAP.format(names=list(names), **{**v, "stub": stub})
    return f"{helpers}{v['originals']} = {{}}\n{swap}", token


def restore_source(token):
    """Code that puts back the functions :func:`setup_source` changed, and removes its helpers."""
    v = _names(token)
    return _RESTORE.format(restore=v["restore"], saved=v["saved"], token=token)
