r"""Feedback for the exercises: checks that say what went wrong, and why.

The test cells of the exercise notebooks (``exercises/``) use these helpers so
that a failing test tells the student which case failed, what was expected,
what came, and a hint at the usual mistake, rather than a bare
``AssertionError``::

    from nnlib.checks import check_close, student

    f = student(sigmoid, forbid=["sigmoid"])   # the student's own function
    check_close(f(np.array([0.0])), [0.5], what="sigmoid(0)",
                hint="sigmoid(x) = 1 / (1 + exp(-x))")

:func:`student` wraps the function under test: every call gets copies of its
arguments and runs while nnlib's own implementations of the graded thing are
switched off (:func:`forbid`), so a function that merely calls
``nnlib.sigmoid`` fails its test. The expected values may still be computed
with nnlib, outside the call.

``mistakes`` maps a typical mistake to the value it produces; when the
student's result equals one of them, the message names that mistake.
"""

import contextlib
import copy
import functools
import types
import warnings

import numpy as np

__all__ = [
    "NotAllowedError",
    "check",
    "check_close",
    "check_equal",
    "check_no_warnings",
    "check_raises",
    "forbid",
    "student",
]


class NotAllowedError(RuntimeError):
    """Raised by an nnlib implementation that an exercise has switched off."""


# -- comparing results --


def _show(value):
    """A short, readable rendering of a value for a message."""
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=6, threshold=40, edgeitems=4, separator=", ").replace("\n", "\n            ")
    text = repr(value)
    return text if len(text) < 300 else text[:300] + " ..."


def _fail(what, lines, hint=None, mistake=None):
    __tracebackhide__ = True  # IPython's tracebacks show the test's line, not these internals
    message = [f"{what}:"] + [f"  {line}" for line in lines]
    if mistake is not None:
        message.append(f"  This is exactly what you get when {mistake}.")
    if hint:
        message.append(f"  Hint: {hint}")
    raise AssertionError("\n".join(message))


def _as_array(got, what, hint):
    """``got`` as a numeric array, or a failure that says why it is not one."""
    __tracebackhide__ = True
    if got is None:
        _fail(what, ["got None: the function returned nothing (is a `return` missing?)"], hint)
    try:
        arr = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        _fail(what, [f"expected numbers, got {type(got).__name__}: {_show(got)}"], hint)
    return arr


def _matches(arr, value, rtol, atol):
    value = np.asarray(value, dtype=np.float64)
    if value.shape != arr.shape:
        return False
    return bool(np.allclose(arr, value, rtol=rtol, atol=atol, equal_nan=False))


def _compare(got, expected, what, hint, mistakes, rtol, atol, exact):
    __tracebackhide__ = True
    expected = np.asarray(expected, dtype=np.float64)
    arr = _as_array(got, what, hint)
    if expected.ndim == 0 and arr.size == 1:
        arr = arr.reshape(())  # a float, a 0-d array and a 1-element array are all fine for a number
    mistake = None
    for description, value in (mistakes or {}).items():
        if _matches(arr, value, rtol, atol) and not _matches(arr, expected, rtol, atol):
            mistake = description
            break
    if arr.shape != expected.shape:
        _fail(what, [f"expected an array of shape {expected.shape}, got shape {arr.shape}",
                     f"expected: {_show(expected)}", f"got:      {_show(arr)}"], hint, mistake)
    if not np.all(np.isfinite(arr)) and np.all(np.isfinite(expected)):
        bad = int(arr.size - np.count_nonzero(np.isfinite(arr)))
        _fail(what, [f"got {bad} NaN or infinite value(s) (an overflow?)",
                     f"expected: {_show(expected)}", f"got:      {_show(arr)}"], hint, mistake)
    if exact:
        wrong = arr != expected
    else:
        wrong = ~np.isclose(arr, expected, rtol=rtol, atol=atol)
    if np.any(wrong):
        lines = [f"expected: {_show(expected)}", f"got:      {_show(arr)}"]
        if expected.ndim > 0:
            index = tuple(int(i) for i in np.argwhere(wrong)[0])
            where = index[0] if len(index) == 1 else index
            lines.append(f"first difference at index {where}: expected {expected[index]:.6g}, got {arr[index]:.6g}"
                         f" ({int(wrong.sum())} of {wrong.size} entries differ)")
        _fail(what, lines, hint, mistake)


def check_close(got, expected, what, hint=None, mistakes=None, rtol=1e-6, atol=1e-9):
    """Fail unless ``got`` has the shape of ``expected`` and equal values within a tolerance.

    Parameters
    ----------
    got : array_like or number
        What the student's function returned.
    expected : array_like or number
        The right answer.
    what : str
        The case, as the student will read it, e.g. ``"sigmoid(x) for x = [-1, 0, 1]"``.
    hint : str, optional
        The usual mistake, shown when the values differ.
    mistakes : dict of str to array_like, optional
        ``{"you forgot the bias": value, ...}``: what typical mistakes produce.
        When ``got`` equals one of them, the message names it.
    rtol, atol : float
        Tolerances as in ``numpy.isclose``.
    """
    __tracebackhide__ = True
    _compare(got, expected, what, hint, mistakes, rtol, atol, exact=False)


def check_equal(got, expected, what, hint=None, mistakes=None):
    """Like :func:`check_close` but exact: for labels, counts and 0/1 outputs."""
    __tracebackhide__ = True
    _compare(got, expected, what, hint, mistakes, 0.0, 0.0, exact=True)


def check(condition, what, hint=None, got=None, expected=None):
    """Fail with a readable message unless ``condition`` holds.

    For properties that are not a single expected value (rows sum to one,
    a list has the right length, ...).
    """
    __tracebackhide__ = True
    if not condition:
        lines = []
        if expected is not None:
            lines.append(f"expected: {_show(expected)}")
        if got is not None:
            lines.append(f"got:      {_show(got)}")
        _fail(what, lines or ["the check failed"], hint)


def check_raises(exception, func, *args, what, hint=None, **kwargs):
    """Fail unless ``func(*args, **kwargs)`` raises ``exception`` (a class or a tuple of classes)."""
    __tracebackhide__ = True
    name = getattr(exception, "__name__", None) or " or ".join(e.__name__ for e in exception)
    try:
        result = func(*args, **kwargs)
    except exception:
        return
    except AssertionError:
        raise
    except Exception as err:  # noqa: BLE001 - any other error is the student's to see
        _fail(what, [f"expected a {name}, got a {type(err).__name__}: {err}"], hint)
    _fail(what, [f"expected a {name}, but the call returned {_show(result)}"], hint)


def check_no_warnings(func, *args, what, hint=None, **kwargs):
    """Call ``func`` and fail if it emits any warning (overflow, division by zero, ...); return its result."""
    __tracebackhide__ = True
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn", under="ignore"):
        warnings.simplefilter("always")
        result = func(*args, **kwargs)
    if caught:
        first = caught[0]
        _fail(what, [f"expected no warning, got {len(caught)}: {first.category.__name__}: {first.message}"], hint)
    return result


# -- the student's function, with nnlib's implementation switched off --


def _resolve(name):
    import nnlib

    obj = nnlib
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj


@functools.lru_cache(maxsize=None)
def _raiser(qualified):
    """A function that raises NotAllowedError; its code can stand in for any function's."""
    source = (
        "def _not_allowed(*args, **kwargs):\n"
        "    from nnlib.checks import NotAllowedError\n"
        f"    raise NotAllowedError({qualified!r})\n"
    )
    namespace = {}
    exec(compile(source, "<nnlib.checks>", "exec"), namespace)
    return namespace["_not_allowed"]


@functools.lru_cache(maxsize=None)
def _method_raiser(qualified):
    """Like :func:`_raiser`, for a method: names the class of the object it was called on.

    Two switched-off classes may share an nnlib base class (``MaxPool2D`` and
    ``AvgPool2D``, ``RNN`` and ``LSTM``); the base's methods then say which
    of the two was used, not the one switched off last.
    """
    def _not_allowed(*args, **kwargs):
        owner = type(args[0]) if args else None
        if owner is not None and owner.__module__.startswith("nnlib"):
            raise NotAllowedError(f"nnlib.{owner.__name__}")
        raise NotAllowedError(qualified)

    return _not_allowed


# Base classes that every layer or loss shares; switching them off would also
# switch off what an exercise allows.
_SHARED_BASES = ("Layer", "Loss", "object")


def _methods(cls):
    """(class, name, function) for the methods of an nnlib class and its own nnlib bases."""
    found = []
    for klass in cls.__mro__:
        if klass.__name__ in _SHARED_BASES or not klass.__module__.startswith("nnlib"):
            continue
        for attr, value in vars(klass).items():
            if isinstance(value, types.FunctionType) and (not attr.startswith("__") or attr in ("__init__", "__call__")):
                found.append((klass, attr, value))
    return found


@contextlib.contextmanager
def forbid(*names):
    """Switch off nnlib implementations for the duration of a ``with`` block.

    Every named function raises :class:`NotAllowedError` when called, however
    it was imported (its code is swapped, so ``from nnlib import sigmoid``
    done earlier is caught too); every named class raises when it is
    instantiated or one of its methods is called.

    Parameters
    ----------
    *names : str
        Names in the ``nnlib`` namespace: ``"sigmoid"``, ``"Dense"``,
        ``"activations.softmax"``.
    """
    swapped = []  # (function, original code)
    patched = []  # (class, attribute, original)
    try:
        for name in names:
            obj = _resolve(name)
            qualified = f"nnlib.{name}"
            if isinstance(obj, types.FunctionType):
                if obj.__code__.co_freevars:
                    raise TypeError(f"forbid cannot switch off {qualified}: it is a closure")
                swapped.append((obj, obj.__code__))
                obj.__code__ = _raiser(qualified).__code__
            elif isinstance(obj, type):
                for klass, attr, value in _methods(obj):
                    patched.append((klass, attr, value))
                    setattr(klass, attr, _method_raiser(qualified))
            else:
                raise TypeError(f"forbid takes names of nnlib functions or classes, got {name!r}")
        yield
    finally:
        for func, code in reversed(swapped):
            func.__code__ = code
        for klass, attr, value in reversed(patched):
            setattr(klass, attr, value)


def student(func, forbid=()):
    """Wrap the student's ``func`` for testing.

    Each call gets deep copies of its arguments (the function may change them
    in place without spoiling the next test), runs with the nnlib names in
    ``forbid`` switched off, and turns the two errors every student meets,
    an unwritten function and a forbidden call, into plain messages.
    """
    name = getattr(func, "__name__", None) or repr(func)
    if not callable(func):
        raise AssertionError(f"{name} should be a function, got {type(func).__name__}: did you overwrite it?")
    names = tuple(forbid)

    @functools.wraps(func)
    def call(*args, **kwargs):
        __tracebackhide__ = True
        args, kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
        try:
            with _forbidden(*names):
                return func(*args, **kwargs)
        except NotImplementedError:
            raise AssertionError(
                f"{name} is not written yet: replace `raise NotImplementedError()` with your code "
                f"and run its cell again."
            ) from None
        except NotAllowedError as err:
            raise AssertionError(
                f"{name} called {err}, which this assignment does not allow: the point is to write it "
                f"yourself (numpy is fine)."
            ) from None

    return call


_forbidden = forbid  # `student` has a parameter called forbid
