"""The machinery behind the exercise tests (``tests/test_exercises.py``, ``tests/test_mutations.py``).

An assignment is a folder ``solutions/<NN_name>/`` holding the nbgrader source
notebook ``<NN_name>.ipynb``, and a spec module here, ``spec_<NN_name>.py``,
that says how to attack it. Both tests discover assignments by those names,
so adding ``solutions/06_backprop/06_backprop.ipynb`` and
``tests/assignments/spec_06_backprop.py`` (then ``make release``) is all it
takes to put a new assignment under test.

Modules:

- ``notebook``: the cells of a source notebook by role (setup, answer, test,
  written answer), with points, and the ``### BEGIN/END SOLUTION`` region of
  each answer cell.
- ``inprocess``: runs a notebook's code cells in this process, in a fresh
  namespace, and scores it the way nbgrader does: a test cell earns its
  points if it runs without an exception.
- ``course``: a scratch nbgrader course in a temporary folder (never the
  repository), the "students" submitted to it, the nbgrader commands and the
  gradebook's scores.
- ``mutate``: small automatic mutations of an answer (flipped operators,
  off-by-one constants, a dropped transpose, axis or statement, ...) and the
  check that finds the equivalent ones.
- ``spec``: what a spec module declares (:class:`spec.Answer`).
"""
