"""A submitted notebook read against the release (``nncourse.notebooks``), the canaries that
tell an honest kernel from a tampered one (``nncourse.canaries``), and inert output
(``nncourse.sanitize``), in this process: no kernel, no sandbox.
"""

import copy
import json

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


@pytest.mark.parametrize("kind", canaries.KINDS)
def test_an_honest_kernel_fails_every_canary_and_keeps_its_functions(kind):
    namespace = _namespace(hostile.answers())
    original = namespace["majority"]
    for grade_id, source in _tests().items():
        code = canaries.source(canaries.Canary(grade_id, kind), source, canaries.tested_names(source))
        with pytest.raises(Exception):
            exec(code, namespace)
    assert namespace["majority"] is original, "the canary puts the function back"


def test_patched_checks_pass_the_raise_canary_and_patched_numpy_the_fail_canary(monkeypatch):
    import numpy

    import nnlib.checks

    tests = _tests()
    source = tests["test_majority"]
    monkeypatch.setattr(nnlib.checks, "student", lambda f, *a, **k: (lambda *args, **kwargs: None))
    for name in ("check", "check_close", "check_equal"):
        monkeypatch.setattr(nnlib.checks, name, lambda *a, **k: None)
    exec(canaries.source(canaries.Canary("test_majority", canaries.RAISE), source, ["majority"]), _namespace(hostile.answers()))
    monkeypatch.undo()
    monkeypatch.setattr(numpy, "any", lambda *a, **k: False)
    namespace = _namespace(tampering.WRONG)
    exec(source, copy.copy(namespace))  # the wrong answers pass the real test now ...
    exec(canaries.source(canaries.Canary("test_majority", canaries.FAIL), source, ["majority"]), namespace)  # ... and the canary
