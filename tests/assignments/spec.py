"""What a spec module (``spec_<assignment>.py``) declares about an assignment.

A spec module defines ``ANSWERS``, a dict from the grade_id of each answer
cell in ``solutions/<assignment>/<assignment>.ipynb`` to an :class:`Answer`.
Every answer cell must have one (``test_mutations`` checks).
"""

import functools
import importlib
import textwrap
from dataclasses import dataclass, field


def code(source):
    """Dedent a triple-quoted answer cell and strip the surrounding blank lines."""
    return textwrap.dedent(source).strip("\n") + "\n"


@dataclass
class Answer:
    """How to attack one answer cell.

    Attributes
    ----------
    function : str
        The function the cell defines (the one the probes call).
    probes : list of (tuple, dict)
        ``(args, kwargs)`` inputs that pin down the specified behaviour: the
        visible and hidden test cases and more, edge cases included. An
        automatic mutant that gives the solution's results on all of them is
        equivalent and not counted. Leave out inputs where the assignment
        leaves the result open (e.g. ReLU's derivative at exactly 0).
    nnlib : str
        The whole cell written as a call to nnlib's own implementation; it
        must score nothing (the tests switch nnlib's implementation off).
    wrong : dict of str to str
        Typical mistakes (description -> the whole cell); each must lose marks.
    right : dict of str to str
        Other correct answers (loops, other formulas, other return types
        that the assignment allows); each must keep full marks.
    """

    function: str
    probes: list
    nnlib: str
    wrong: dict = field(default_factory=dict)
    right: dict = field(default_factory=dict)


def load(assignment):
    """The ``ANSWERS`` of ``spec_<assignment>``, or None if there is no spec module."""
    try:
        module = importlib.import_module(f"{__package__}.spec_{assignment}")
    except ModuleNotFoundError as err:
        if err.name == f"{__package__}.spec_{assignment}":
            return None
        raise
    return module.ANSWERS


@functools.cache
def solution(assignment):
    """The namespace of the source notebook's setup and answer cells, run (no tests).

    For probes that need the solution's own output, such as the ``cache`` a
    forward function hands to its backward function: the layout of a cache is
    the solution's choice, so a spec should not write it out by hand.
    """
    from . import mutate, notebook

    return mutate.answer_namespace(notebook.cells(notebook.source_notebook(assignment)))
