"""A submitted notebook read against the release (``nncourse.notebooks``), the canaries that
tell an honest kernel from a tampered one (``nncourse.canaries``), and inert output
(``nncourse.sanitize``), in this process: no kernel, no sandbox.
"""

import copy
import json
import re

import nbformat
import pytest

from assignments import inprocess, notebook
from grading import hostile, tampering
from nncourse import canaries, cells
from nncourse.notebooks import prepare_notebook
from nncourse.sanitize import SAFE_TYPES, inert_markdown, inert_output_data

ASSIGNMENT = hostile.ASSIGNMENT
RELEASE = nbformat.read(str(notebook.release_notebook(ASSIGNMENT)), as_version=4)


def _roles(nb):
    return [(cells.role(c), cells.grade_id(c)) for c in nb.cells if cells.grade_id(c)]


def _prepare(nb):
    data = nb.encode() if isinstance(nb, str) else nbformat.writes(nb).encode()
    return prepare_notebook(data, RELEASE)


def test_a_normal_submission_keeps_its_cells_and_gets_no_note():
    prepared = _prepare(hostile.submission())
    assert prepared.notes == [] and _roles(prepared.notebook) == _roles(RELEASE)


@pytest.mark.parametrize("name, nb, word", tampering.metadata_attacks(hostile.submission()))
def test_nbgrader_metadata_comes_back_from_the_release(name, nb, word):
    prepared = _prepare(nb)
    assert prepared.notebook is not None, prepared.notes
    if name == "testturnedsolution":  # the gutted test cell is a test cell again (nbgrader restores its source)
        assert {g for r, g in _roles(prepared.notebook) if r == "test"} == {g for r, g in _roles(RELEASE) if r == "test"}
    else:
        assert _roles(prepared.notebook) == _roles(RELEASE), name
    answers = {cells.grade_id(c): c.source for c in prepared.notebook.cells if cells.role(c) == "answer"}
    assert answers == {k: v for k, v in hostile.answers().items() if k in answers} and len(answers) == 4
    assert (word in " ".join(prepared.notes)) if word else prepared.notes == [], prepared.notes


def test_a_lone_surrogate_becomes_a_replacement_character():
    text = dict((name, nb) for name, nb, _ in tampering.metadata_attacks(hostile.submission()))["surrogate"]
    assert "\\ud800" in text
    with pytest.raises(UnicodeEncodeError):
        nbformat.writes(nbformat.reads(text, as_version=4)).encode("utf-8")  # what stopped nbgrader
    written = nbformat.writes(_prepare(text).notebook).encode("utf-8")
    assert "\ufffd".encode() in written


def test_unreadable_files_score_zero_with_their_reason():
    for data, word in [(b'{"cells": [', "invalid JSON"), (b"[1, 2, 3]", "no list of cells"), (b"\x00\xff\xfe", "invalid JSON"),
                       (b'{"metadata": {}}', "no list of cells")]:
        prepared = prepare_notebook(data, RELEASE)
        assert prepared.notebook is None and word in prepared.notes[0], (data, prepared.notes)
    assert prepare_notebook(b" " * 2048, RELEASE, max_bytes=1024).notebook is None
    assert prepare_notebook(None, RELEASE).notebook is None


def test_outputs_and_foreign_metadata_are_dropped_and_markdown_made_inert():
    nb = hostile.submission(replace={"written_answer": tampering.ACTIVE_MARKDOWN})
    nb.cells[3].outputs = [nbformat.v4.new_output("stream", text="x" * 10_000)] if nb.cells[3].cell_type == "code" else []
    nb.cells[0].metadata["tags"] = ["remove-input"]
    nb.metadata["widgets"] = {"state": "x" * 1000}
    prepared = _prepare(nb)
    assert not any(c.get("outputs") for c in prepared.notebook.cells)
    assert "widgets" not in prepared.notebook.metadata and "tags" not in prepared.notebook.cells[0].metadata
    written = next(c for c in prepared.notebook.cells if cells.role(c) == "written")
    assert "<script" not in written.source and "&lt;script" in written.source and "a < b" in written.source


def test_active_output_is_kept_as_text():
    data = {"text/html": "<script>alert(1)</script>", "application/javascript": "alert(2)", "image/png": "iVBORw0KGgo="}
    inert = inert_output_data(data)
    assert set(inert) <= set(SAFE_TYPES) and inert["image/png"] == "iVBORw0KGgo="
    assert "<script>alert(1)</script>" in inert["text/plain"] and "shown as text" in inert["text/plain"]
    assert inert_markdown("<img src=x onerror=alert(1)> and 2 < 3") == "&lt;img src=x onerror=alert(1)> and 2 < 3"


# -- canaries --

def _namespace(answer_sources):
    """A namespace as a kernel would have it after the setup and answer cells (run here)."""
    namespace = {"__name__": "__main__"}
    for cell in notebook.cells(notebook.release_notebook(ASSIGNMENT)):
        if cell.role == "setup":
            exec(inprocess.python_source(cell.source), namespace)  # the install cell's %pip, as IPython reads it
        elif cell.role == "answer":
            exec(answer_sources.get(cell.grade_id, cell.source), namespace)
    return namespace


def _tests():
    return {c.grade_id: c.source for c in notebook.cells(notebook.source_notebook(ASSIGNMENT)) if c.role == "test"}


def test_a_test_cells_tested_functions_are_found():
    tests = _tests()
    # test_majority also checks mcculloch_pitts through student(), to blame it when it is the cause
    assert canaries.tested_names(tests["test_majority"]) == ["majority", "mcculloch_pitts"]
    assert canaries.tested_names("def broken(:") == []
    assert all(canaries.tested_names(source) for source in tests.values()), "every test cell can serve as a canary"


def _canary(namespace, kind, grade_id, source):
    """Run a canary as the grader does (setup, the test cell word for word, restore); True if the test failed."""
    setup, token = canaries.setup_source(canaries.Canary(grade_id, kind), canaries.tested_names(source))
    exec(setup, namespace)
    try:
        exec(source, namespace)
        failed = False
    except Exception:
        failed = True
    exec(canaries.restore_source(token), namespace)
    return failed


@pytest.mark.parametrize("kind", canaries.KINDS)
def test_an_honest_kernel_fails_every_canary_and_keeps_its_functions(kind):
    namespace = _namespace(hostile.answers())
    before = {name: (value, getattr(value, "__code__", None)) for name, value in namespace.items()}
    for grade_id, source in _tests().items():
        assert _canary(namespace, kind, grade_id, source), f"{grade_id} passed its {kind} canary in an honest kernel"
        changed = [name for name, (value, code) in before.items()
                   if namespace.get(name) is not value or getattr(value, "__code__", None) is not code]
        assert not changed, f"the canary left {changed} changed"
    helpers = [name for name in namespace if re.fullmatch(r"_[a-z]+[0-9a-f]{8}", name)]
    assert not helpers, f"the canaries' helpers were left behind: {helpers}"


def test_tampering_passes_the_canaries(monkeypatch):
    import numpy

    import nnlib.checks

    source = _tests()["test_majority"]
    monkeypatch.setattr(nnlib.checks, "student", lambda f, *a, **k: (lambda *args, **kwargs: None))
    for name in ("check", "check_close", "check_equal"):
        monkeypatch.setattr(nnlib.checks, name, lambda *a, **k: None)
    assert not _canary(_namespace(hostile.answers()), canaries.RAISE, "test_majority", source)
    monkeypatch.undo()
    monkeypatch.setattr(numpy, "any", lambda *a, **k: False)
    namespace = _namespace(tampering.WRONG)
    exec(source, copy.copy(namespace))  # the wrong answers pass the real test now ...
    assert not _canary(namespace, canaries.FAIL, "test_majority", source)  # ... and the canary
    monkeypatch.undo()
    # checks patched, and functions that return nothing: nothing to perturb, a wrong object in its place
    for name in ("check", "check_close", "check_equal"):
        monkeypatch.setattr(nnlib.checks, name, lambda *a, **k: None)
    namespace = _namespace({g: f"def {g}(*args, **kwargs):\n    pass\n" for g in tampering.WRONG})
    assert not _canary(namespace, canaries.FAIL, "test_majority", source)


@pytest.mark.parametrize("kind", canaries.KINDS)
def test_one_function_under_two_names_is_changed_once_and_put_back(kind):
    # the red team's returnnothing: `mcculloch_pitts = ... = majority = lambda *args, **kwargs: None`;
    # test_majority tests both names
    namespace = _namespace(hostile.answers())
    exec("mcculloch_pitts = majority = lambda *args, **kwargs: None", namespace)
    function, code = namespace["majority"], namespace["majority"].__code__
    for _ in range(2):
        _canary(namespace, kind, "test_majority", _tests()["test_majority"])
        assert namespace["majority"] is namespace["mcculloch_pitts"] is function
        assert function.__code__ is code, "the canary left its stub in place"
        assert function() is None


def test_a_canary_keeps_the_functions_identity():
    # student code that gives the real tests nnlib's answers only when called with its own function object
    namespace = _namespace(hostile.answers())
    mine = namespace["majority"]
    _canary(namespace, canaries.RAISE, "test_majority", "seen = majority is mine\n")
    namespace["mine"] = mine
    exec(canaries.setup_source(canaries.Canary("t", canaries.RAISE), ["majority"])[0], namespace)
    assert namespace["majority"] is mine


def test_a_notebook_of_thousands_of_cells_is_cut_and_still_graded():
    nb = hostile.submission()
    test = next(c for c in nb.cells if cells.role(c) == "test")
    shuffled = "\n".join(reversed(test.source.splitlines()))  # nearly a test cell: costly to compare, many times
    nb.cells += [nbformat.v4.new_code_cell(shuffled) for _ in range(2000)]
    prepared = _prepare(nb)
    assert prepared.notebook is not None and len(prepared.notebook.cells) <= len(RELEASE.cells) + 1000
    assert any("not graded" in note for note in prepared.notes) and _roles(prepared.notebook) == _roles(RELEASE)


def test_a_raw_cell_becomes_inert_markdown():
    nb = hostile.submission()
    nb.cells.append(nbformat.v4.new_raw_cell('<div class="panel">12 / 12</div><script>x()</script>'))
    cell = _prepare(nb).notebook.cells[-1]
    assert cell.cell_type == "markdown" and "<div" not in cell.source and "<script" not in cell.source
