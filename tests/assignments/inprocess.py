"""Run a notebook's code cells in this process and score them as nbgrader does.

nbgrader runs every cell of a submission in a fresh kernel, goes on after a
cell fails, and gives a test cell its points when the cell raises nothing.
:func:`score` does the same in a fresh namespace (``exec`` of each code
cell, in order), which is a hundred times faster than a kernel and is what
the mutation test needs to try hundreds of answers. ``test_exercises``
checks that both give the same scores.
"""

import contextlib
import functools
import io
import signal
import warnings

import numpy as np

CELL_TIMEOUT = 10.0  # seconds; nbgrader's own limit (nbgrader_config.py) is 60


class CellTimeout(Exception):
    """A cell ran too long (nbgrader interrupts it; the cell fails)."""


@contextlib.contextmanager
def time_limit(seconds):
    """Raise CellTimeout in this (the main) thread after ``seconds``."""
    def on_alarm(signum, frame):
        raise CellTimeout(f"the cell ran for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@functools.cache
def python_source(source):
    """A cell's source as plain Python: IPython's syntax (``%pip install ...``) turned into calls.

    The notebooks' first cell installs nnlib with ``%pip`` where it is
    missing; here nnlib is installed, so the call is never made.
    """
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager().transform_cell(source)


def run_cell(source, namespace, name="cell", timeout=CELL_TIMEOUT):
    """Execute one cell; return None if it ran, else the exception it raised."""
    try:
        code = compile(python_source(source), f"<{name}>", "exec")
        with time_limit(timeout), contextlib.redirect_stdout(io.StringIO()), \
                contextlib.redirect_stderr(io.StringIO()):
            exec(code, namespace)
    except Exception as err:  # noqa: BLE001 - a failing cell is a result, not an error
        return err
    return None


@contextlib.contextmanager
def kernel_like_state():
    """numpy's and warnings' default settings, as in a fresh kernel; restored afterwards."""
    with warnings.catch_warnings(record=True), np.errstate(all="warn", under="ignore"):
        warnings.resetwarnings()
        warnings.simplefilter("default")
        yield


def run(cells, replacements=None, stop_at_first_failure=False):
    """Run a notebook's setup, answer and test cells in order, in a fresh namespace.

    Parameters
    ----------
    cells : list of notebook.Cell
        The source notebook (answers, visible and hidden tests).
    replacements : dict of str to str, optional
        grade_id of an answer cell -> the source to run in its place.
    stop_at_first_failure : bool
        Stop after the first failing test cell (enough to know marks were lost).

    Returns
    -------
    dict of str to (Exception or None)
        grade_id of each test cell run -> what it raised, or None if it passed.
    """
    replacements = replacements or {}
    namespace = {"__name__": "__main__"}
    outcome = {}
    with kernel_like_state():
        for cell in cells:
            if cell.role not in ("setup", "answer", "test"):
                continue
            source = replacements.get(cell.grade_id, cell.source) if cell.role == "answer" else cell.source
            error = run_cell(source, namespace, cell.grade_id or "setup")
            if cell.role == "test":
                outcome[cell.grade_id] = error
                if error is not None and stop_at_first_failure:
                    break
    return outcome


def score(cells, replacements=None, stop_at_first_failure=False):
    """grade_id of each test cell run -> the points it earns (all or nothing, as in nbgrader)."""
    points = {c.grade_id: c.points for c in cells if c.role == "test"}
    outcome = run(cells, replacements, stop_at_first_failure)
    return {g: points[g] if error is None else 0.0 for g, error in outcome.items()}


def failures(cells, replacements=None):
    """grade_id -> "ExceptionType: message" for each failing test cell."""
    return {g: f"{type(e).__name__}: {e}" for g, e in run(cells, replacements).items() if e is not None}
