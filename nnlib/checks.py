r"""Feedback for the exercises: checks that say what went wrong, and why.

The test cells of the exercise notebooks (``exercises/``) use these helpers so
that a failing test tells the student which case failed, what was expected,
what came, and a hint at the usual mistake, rather than a bare
``AssertionError``::

    from nnlib.checks import check_close, student

    f = student(sigmoid, forbid=["sigmoid"])   # the student's own function
    check_close(f(np.array([0.0])), [0.5], what="sigmoid(0)",
                hint="sigmoid(x) = 1 / (1 + exp(-x))")

A test cell earns its points when it runs to its end without an exception;
what the student's code prints, warns or logs costs nothing. :func:`student`
wraps the function under test so that this holds under nbgrader's *Validate*
button too (which fails a cell that wrote to stderr). Every call

- gets copies of its arguments, so that one check cannot spoil the inputs of
  the next, and afterwards compares them with the caller's: a function that
  changed an array it was given fails with a message that names the argument
  (unless the test allows it: ``mutates=["cache"]``);
- runs with nnlib's own implementations of the graded thing switched off
  (:func:`forbid`), so a function that merely calls ``nnlib.sigmoid`` fails;
- runs with warnings recorded, log records and ``sys.stderr`` captured, and
  reports what it caught as a short ``note:`` on stdout, once per test cell.

:func:`check_no_warnings` still sees the warnings of a wrapped call, for the
statements that require none (a stable sigmoid). :func:`quietly` gives the
test's own code (loading a data set) the same treatment, and :func:`uses`
blames an earlier function when a test fails because of it. The expected
values may be computed with nnlib, outside the call.

``mistakes`` maps a typical mistake to the value it produces; when the
student's result equals one of them, the message names that mistake.
"""

import builtins
import contextlib
import copy
import functools
import inspect
import io
import logging
import sys
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
    "check_same_twice",
    "forbid",
    "quietly",
    "student",
    "uses",
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
    """Fail unless ``func(*args, **kwargs)`` raises ``exception`` (a class or a tuple of classes); return it."""
    __tracebackhide__ = True
    name = getattr(exception, "__name__", None) or " or ".join(e.__name__ for e in exception)
    try:
        result = func(*args, **kwargs)
    except exception as err:
        return err
    except AssertionError:
        raise
    except Exception as err:  # noqa: BLE001 - any other error is the student's to see
        _fail(what, [f"expected a {name}, got a {type(err).__name__}: {err}"], hint)
    _fail(what, [f"expected a {name}, but the call returned {_show(result)}"], hint)


def check_no_warnings(func, *args, what, hint=None, category=RuntimeWarning, **kwargs):
    """Call ``func`` and fail if it emits a warning of ``category``; return its result.

    For the statements that require a numerically stable function: by default
    only numpy's floating-point warnings (``RuntimeWarning``: overflow,
    division by zero, invalid value) fail the check, with numpy set to warn
    about them (underflow aside). Other warnings, such as a
    ``DeprecationWarning``, are reported as notes like any other.

    ``func`` may be a function wrapped by :func:`student`: the warnings that
    the wrapper records during the call are seen here too.

    Parameters
    ----------
    func : callable
    *args, **kwargs
        Passed to ``func``.
    what : str
        The case, as the student will read it.
    hint : str, optional
        Shown when a warning came.
    category : type, default RuntimeWarning
        The warnings that fail the check (and their subclasses).
    """
    __tracebackhide__ = True
    watcher = (category, [])
    _WATCHERS.append(watcher)
    try:
        with warnings.catch_warnings(record=True) as direct, np.errstate(all="warn", under="ignore"):
            warnings.simplefilter("always")
            result = func(*args, **kwargs)
    finally:
        _WATCHERS.remove(watcher)
    bad = watcher[1] + [w for w in direct if issubclass(w.category, category)]
    _report(getattr(func, "__name__", "the call"), [_warning_note(w) for w in direct if w not in bad], key=id(watcher))
    if bad:
        first = bad[0]
        _fail(what, [f"expected no {category.__name__}, got {len(bad)}: {first.category.__name__}: {first.message}"], hint)
    return result


# -- what the student's code prints to stderr, warns and logs: notes on stdout --

_WATCHERS = []  # (category, list): check_no_warnings judges the warnings of this category itself
_NOTE_LIMIT = 5  # distinct notes per test cell
_NOTE_LENGTH = 200  # characters per note
_NOTES = {"cell": None, "seen": set()}  # the notes already given in the current test cell


def _warning_note(record):
    return f"warned {record.category.__name__}: {record.message}"


def _stderr_like(stream):
    """True unless ``stream`` is plainly stdout (a logging handler's stream, say)."""
    stdout = (sys.stdout, sys.__stdout__)
    return stream not in stdout and getattr(stream, "name", None) not in ("stdout", "<stdout>")


def _stream_handlers():
    """The handlers of every logger that write to a stream other than stdout or a file."""
    loggers = [logging.getLogger()] + [lg for lg in logging.Logger.manager.loggerDict.values()
                                       if isinstance(lg, logging.Logger)]
    found = {}
    for logger in loggers:
        for handler in logger.handlers:
            if (isinstance(handler, logging.StreamHandler) and not isinstance(handler, logging.FileHandler)
                    and _stderr_like(handler.stream)):
                found[id(handler)] = handler
    return list(found.values())


@contextlib.contextmanager
def _caught(notes):
    """Record warnings, and capture ``sys.stderr`` and log handlers' streams, into ``notes`` (a list of str).

    A ``logging.basicConfig()`` handler keeps the stream that was ``sys.stderr``
    when it was made, so redirecting ``sys.stderr`` alone would not catch it:
    its stream is swapped for the duration too.
    """
    stderr, logged = io.StringIO(), io.StringIO()
    handlers = _stream_handlers()
    previous = [handler.setStream(logged) for handler in handlers]
    try:
        with contextlib.redirect_stderr(stderr), warnings.catch_warnings(record=True) as recorded:
            warnings.simplefilter("always")
            yield
    finally:
        for handler, stream in zip(handlers, previous):
            if stream is not None:
                handler.setStream(stream)
        judged = [w for w in recorded if any(issubclass(w.category, category) for category, _ in _WATCHERS)]
        for category, collected in _WATCHERS:
            collected.extend(w for w in recorded if issubclass(w.category, category))
        notes.extend(_warning_note(w) for w in recorded if w not in judged)
        notes.extend(f"logged: {line}" for line in logged.getvalue().splitlines() if line.strip())
        notes.extend(f"wrote to stderr: {line}" for line in stderr.getvalue().splitlines() if line.strip())


def _current_cell(default):
    """The IPython cell being run (its execution count), or ``default`` outside IPython."""
    shell = getattr(builtins, "get_ipython", lambda: None)()
    return getattr(shell, "execution_count", default) if shell is not None else default


def _report(name, notes, key):
    """Print each new note once per test cell, at most ``_NOTE_LIMIT`` of them."""
    cell = _current_cell(key)
    if _NOTES["cell"] != cell:
        _NOTES["cell"], _NOTES["seen"] = cell, set()
    seen = _NOTES["seen"]
    for note in notes:
        text = " ".join(note.replace("\r", " ").split())
        text = text if len(text) <= _NOTE_LENGTH else text[:_NOTE_LENGTH] + " ..."
        if text in seen or len(seen) > _NOTE_LIMIT:
            continue
        seen.add(text)
        if len(seen) > _NOTE_LIMIT:
            print("note: more warnings or output were caught; not shown")
        else:
            print(f"note: {name} {text} (this costs no points)")


@contextlib.contextmanager
def quietly(what):
    """Run the test's own code (an import, loading a data set) with its warnings and stderr as notes.

    Anything that writes to stderr in a test cell, a library's warning on
    import included, would fail that cell under nbgrader's Validate button.
    """
    notes = []
    try:
        with _caught(notes):
            yield
    finally:
        _report(what, notes, key=id(notes))


# -- arguments the student's function must leave as they were --


def _difference(before, after, where, moments=("before the call", "after it")):
    """Where ``after`` (what the function was given) no longer equals ``before``, or None.

    Compares what a function can change in place: numpy arrays, and lists,
    tuples and dicts of them; other objects (numbers, random generators) are
    not compared. ``moments`` names the two states in the message.
    """
    then, now = moments
    if isinstance(before, np.ndarray):
        if not isinstance(after, np.ndarray) or before.shape != after.shape:
            return f"{where} had the shape {before.shape} {then} and {np.shape(after)} {now}"
        try:
            same = np.array_equal(before, after, equal_nan=before.dtype.kind in "fc")
        except TypeError:
            same = True  # object arrays whose entries cannot be compared
        if same:
            return None
        if before.ndim == 0:
            return f"{where} was {before.item()!r} {then} and {after.item()!r} {now}"
        k = next(k for k, (b, a) in enumerate(zip(before.flat, after.flat)) if not _equal_entries(b, a))
        index = np.unravel_index(k, before.shape)
        shown = ", ".join(str(int(i)) for i in index)
        return f"{where}[{shown}] was {before[index].item()!r} {then} and {after[index].item()!r} {now}"
    if isinstance(before, (list, tuple)):
        if not isinstance(after, (list, tuple)) or len(before) != len(after):
            return f"{where} had {len(before)} items {then} and {len(after) if isinstance(after, (list, tuple)) else 'not a list'} {now}"
        for i, (b, a) in enumerate(zip(before, after)):
            found = _difference(b, a, f"{where}[{i}]", moments)
            if found:
                return found
        return None
    if isinstance(before, dict):
        if not isinstance(after, dict) or before.keys() != after.keys():
            return f"{where} had the keys {sorted(map(str, before))} {then} and others {now}"
        for key in before:
            found = _difference(before[key], after[key], f"{where}[{key!r}]", moments)
            if found:
                return found
    return None


def _equal_entries(b, a):
    try:
        return bool(b == a) or bool(b != b and a != a)  # NaN stays NaN
    except (TypeError, ValueError):
        return True


def _argument_names(func, args, kwargs):
    """(name, position or key) of each argument as ``func`` receives it."""
    try:
        parameters = list(inspect.signature(func).parameters.values())
    except (TypeError, ValueError):
        parameters = []
    names = []
    for i in range(len(args)):
        p = parameters[i] if i < len(parameters) else None
        names.append((p.name if p is not None and p.kind != p.VAR_POSITIONAL else f"argument {i + 1}", i))
    return names + [(key, key) for key in kwargs]


def _check_untouched(name, func, given, passed, mutates):
    """Fail if the function changed an argument in place, unless its name is in ``mutates``."""
    __tracebackhide__ = True
    (args, kwargs), (passed_args, passed_kwargs) = given, passed
    for argument, slot in _argument_names(func, args, kwargs):
        if argument in mutates:
            continue
        before = args[slot] if isinstance(slot, int) else kwargs[slot]
        after = passed_args[slot] if isinstance(slot, int) else passed_kwargs[slot]
        found = _difference(before, after, argument)
        if found:
            raise AssertionError(
                f"{name} changed its argument `{argument}` in place: {found}.\n"
                f"  Your functions must leave the arrays they are given as they were and return new ones "
                f"(unless the statement says otherwise).\n"
                f"  Hint: `w = w - lr * dw` makes a new array, `w -= lr * dw` changes the caller's; "
                f"`x = x.copy()` first if you want to change x.")


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


def student(func, forbid=(), mutates=()):
    """Wrap the student's ``func`` for testing.

    Each call of the wrapper

    1. passes deep copies of the arguments (the function may not spoil the
       next check's inputs);
    2. runs ``func`` with the nnlib names in ``forbid`` switched off, with
       warnings recorded and log records and ``sys.stderr`` captured (they
       are printed as ``note:`` lines on stdout, once per test cell: output
       costs no points);
    3. fails if ``func`` changed an argument in place, naming it, unless
       the argument's name is in ``mutates``;
    4. turns the two errors every student meets, an unwritten function and a
       forbidden call, into plain messages. Any other exception is the
       student's to see, as it is.

    Parameters
    ----------
    func : callable
        The student's function, named by its global name in the test cell.
    forbid : sequence of str
        nnlib names to switch off during the call (see :func:`forbid`).
    mutates : sequence of str
        Names of the parameters that the statement lets ``func`` change in
        place (a cache that is the student's own, say).

    Returns
    -------
    callable
        The wrapper, with ``func``'s name and signature.
    """
    name = getattr(func, "__name__", None) or repr(func)
    if not callable(func):
        raise AssertionError(f"{name} should be a function, got {type(func).__name__}: did you overwrite it?")
    names, allowed = tuple(forbid), frozenset(mutates)

    @functools.wraps(func)
    def call(*args, **kwargs):
        __tracebackhide__ = True
        passed = copy.deepcopy((args, kwargs))
        notes = []
        try:
            with _caught(notes), _forbidden(*names):
                result = func(*passed[0], **passed[1])
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
        finally:
            _report(name, notes, key=id(call))
        _check_untouched(name, func, (args, kwargs), passed, allowed)
        return result

    return call


_forbidden = forbid  # `student` has a parameter called forbid


# -- tests that build on an earlier function of the student's --


def check_same_twice(func, *args, what, **kwargs):
    """Call ``func`` twice with the same arguments and fail unless both results are equal.

    A forward function that keeps state between calls (a global list, a
    mutable default argument such as ``cache=[]``) returns a different cache
    the second time, and its backward function then fails for no fault of
    its own. Arrays, and lists, tuples and dicts of them, are compared.
    """
    __tracebackhide__ = True
    first = copy.deepcopy(func(*args, **kwargs))  # a copy: the second call may change what the first returned
    second = func(*args, **kwargs)
    found = _difference(first, second, "the result", ("the first time", "the second time"))
    if found:
        _fail(what, [f"called twice with the same inputs, it returned different results: {found}"],
              "does it keep something from one call to the next (a global variable, or a mutable default "
              "argument such as cache=[])? Make every call start afresh.")
    return first


@contextlib.contextmanager
def uses(prerequisites):
    """Blame an earlier function when a test that builds on it fails because of it.

    Put the checks of the later function in a ``with`` block. If the block
    fails (any exception), the earlier functions' own small checks are run
    in order; at the first that fails, the test fails with a message that
    names it ("this test uses your `rnn_forward`, which does not pass its
    own tests yet: fix `rnn_forward` first"), rather than with a hint about
    the later function. If they all pass, the block's own failure is raised
    as it was. A later function that is right although an earlier one is
    wrong (it does not use it) passes.

    Parameters
    ----------
    prerequisites : dict of str to callable
        Name of each earlier function, in the order they build on each
        other -> a function of no arguments that checks it on a small case
        (raises ``AssertionError`` when it is wrong).

    Examples
    --------
    >>> with uses({"rnn_forward": forward_works}):  # doctest: +SKIP
    ...     check_close(backward(dhs, cache)[2], expected, "rnn_backward: dW_ih")
    """
    __tracebackhide__ = True
    try:
        yield
    except Exception as failure:  # noqa: BLE001 - any failure may come from the earlier function
        for earlier, works in prerequisites.items():
            try:
                works()
            except Exception as err:  # noqa: BLE001
                raise AssertionError(
                    f"this test uses your `{earlier}`, which does not pass its own tests yet: fix `{earlier}` first, "
                    f"then run this test again.\n"
                    f"  {earlier}: " + "\n    ".join(str(err).splitlines()[:4] or [type(err).__name__]) + "\n"
                    f"  (what failed here: {_first_line(failure)})") from None
        raise


def _first_line(error):
    """The first line of an error's message, with the next one when it only introduces it (ends with ':')."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()] or [type(error).__name__]
    return lines[0] + (" " + lines[1] if lines[0].endswith(":") and len(lines) > 1 else "")
