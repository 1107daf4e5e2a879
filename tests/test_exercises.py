"""Every assignment, round-tripped through nbgrader's own commands in a scratch course.

For each assignment in ``solutions/``, in a copy of the course in a temporary
folder (never the repository):

- the committed release ``exercises/`` is what ``nbgrader generate_assignment``
  makes from ``solutions/`` (cells, sources and metadata);
- five "students" are submitted and graded by ONE ``nbgrader autograde`` call:
  the solution (full marks), the untouched release (zero, no crash), typical
  mistakes, the solution with test cells deleted and tampered with (restored
  from the gradebook: full marks), and a cheater whose answers only call
  nnlib's implementation and who deleted and gutted the tests (zero);
- the scores nbgrader records equal the in-process scores the mutation test
  uses (``assignments.inprocess``);
- for the first assignment, the rest of an instructor's round:
  ``zip_collect`` (submissions come from a zip file), ``generate_feedback``
  and ``export``;
- ``nbgrader validate`` (the student's Validate button) passes every solution
  and fails the untouched release.
"""

import csv
import re
import shutil
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from assignments import course, inprocess, notebook

ASSIGNMENTS = notebook.assignments()
TIMES = {}


@pytest.fixture(scope="session")
def scratch(tmp_path_factory, request):
    """A course with every assignment generated; its nbgrader timings are printed at the end of the session."""
    root = tmp_path_factory.mktemp("course")
    TIMES["generate_assignment (all)"] = course.make_course(root)
    yield root
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line("\nnbgrader round trip, seconds:")
        for what, seconds in TIMES.items():
            reporter.write_line(f"  {what:<45}{seconds:6.1f}")


@dataclass
class Graded:
    root: Path
    scores: dict  # student -> {grade_id: (score, max_score, needs_manual_grade)}
    expected: dict  # student -> answer sources used


_GRADED = {}


def graded(root, assignment):
    """Submit the students of ``assignment`` and autograde them all in one call (once per session)."""
    if assignment in _GRADED:
        return _GRADED[assignment]
    start = time.perf_counter()
    students = course.students(assignment)
    if assignment == ASSIGNMENTS[0]:
        # as an instructor would: the submissions come from the learning platform in a zip file
        archive = root / "downloaded" / assignment / "archive"
        archive.mkdir(parents=True)
        with zipfile.ZipFile(archive / "submissions.zip", "w") as zf:
            for name, (nb, _) in students.items():
                zf.writestr(f"{name}_{assignment}.ipynb", nbformat.writes(nb))
        course.nbgrader(root, "zip_collect", assignment)
    else:
        for name, (nb, _) in students.items():
            course.submit(root, assignment, name, nb)
    course.nbgrader(root, "autograde", assignment)
    result = Graded(root, course.scores(root, assignment), {n: e for n, (_, e) in students.items()})
    TIMES[f"autograde {assignment} ({len(students)} notebooks)"] = time.perf_counter() - start
    _GRADED[assignment] = result
    return result


def ids(assignment, role):
    """grade_ids of the source notebook's cells with this role ("test", "written", ...)."""
    return {c.grade_id for c in notebook.cells(notebook.source_notebook(assignment)) if c.role == role}


def auto(scores, assignment):
    """Sum of the autograded (test cell) scores and of their maxima."""
    cells = {g: s for g, s in scores.items() if g in ids(assignment, "test")}
    return sum(s for s, _, _ in cells.values()), sum(m for _, m, _ in cells.values())


def test_there_are_assignments_and_a_release_for_each():
    assert ASSIGNMENTS[:10] == ["01_neurons", "02_perceptron", "03_adaline", "04_activations", "05_mlp",
                                "06_backprop", "07_losses", "07_training", "08_cnn", "09_rnn"]
    released = sorted(p.name for p in notebook.EXERCISES.iterdir() if p.is_dir())
    assert released == ASSIGNMENTS, "exercises/ must hold exactly the releases of solutions/: run `make release`"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_is_what_nbgrader_generates(scratch, assignment):
    generated, committed = scratch / "exercises" / assignment, notebook.EXERCISES / assignment
    files = lambda d: sorted(str(p.relative_to(d)) for p in d.rglob("*") if p.is_file())  # noqa: E731
    assert files(committed) == files(generated), "run `make release` to regenerate exercises/"
    for name in files(generated):
        if not name.endswith(".ipynb"):
            assert (generated / name).read_bytes() == (committed / name).read_bytes(), name
            continue
        new = nbformat.read(str(generated / name), as_version=4)
        old = nbformat.read(str(committed / name), as_version=4)
        assert old.metadata == new.metadata, f"{name}: notebook metadata differ; run `make release`"
        assert len(old.cells) == len(new.cells), f"{name}: cells differ; run `make release`"
        for i, (a, b) in enumerate(zip(old.cells, new.cells)):
            assert (a.cell_type, a.get("id"), a.source, a.metadata) == (b.cell_type, b.get("id"), b.source, b.metadata), (
                f"{name}, cell {i}: differs from what nbgrader generates; run `make release`")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_notebooks_state_their_points_and_hide_the_solutions(assignment):
    cells = notebook.cells(notebook.source_notebook(assignment))
    tests = [c for c in cells if c.role == "test"]
    written = [c for c in cells if c.role == "written"]
    answers = [c for c in cells if c.role == "answer"]
    assert 3 <= len(answers) <= 5 and tests and written, "3-5 graded functions, their tests, a written answer"
    total = sum(c.points for c in tests + written)
    intro = next(c for c in cells if c.role == "markdown").source
    assert f"**Points: {total:g}**" in intro, f"the introduction must state the total, {total:g} points"
    for c in tests:
        assert "### BEGIN HIDDEN TESTS" in c.source, f"{c.grade_id} has no hidden tests"
    section, stated, counted = None, {}, {}
    for c in cells:  # "## 2. The gradient (3 points)" must match the points of the section's graded cells
        m = re.match(r"## (\d+)\..*\((\d+) points?\)", c.source) if c.role == "markdown" else None
        if m:
            section, stated[m.group(1)], counted[m.group(1)] = m.group(1), float(m.group(2)), 0.0
        elif c.role in ("test", "written") and section:
            counted[section] += c.points
    assert stated == counted, f"points stated in the section titles {stated} != points of their cells {counted}"
    release = nbformat.read(str(notebook.release_notebook(assignment)), as_version=4)
    text = "\n".join(c.source for c in release.cells)
    for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "Model answer"):
        assert marker not in text
    source = nbformat.read(str(notebook.source_notebook(assignment)), as_version=4)
    assert all(not c.get("outputs") for c in source.cells), "keep the notebooks output-free"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_solution_scores_full_marks(scratch, assignment):
    scores = graded(scratch, assignment).scores["solution"]
    got, maximum = auto(scores, assignment)
    assert got == maximum == notebook.max_auto_points(assignment), scores
    assert all(scores[g][2] for g in ids(assignment, "written")), "the written answer is left for the grader"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_untouched_release_scores_zero(scratch, assignment):
    result = graded(scratch, assignment)
    scores = result.scores["blank"]
    assert set(scores) == set(result.scores["solution"]), "every graded cell of the blank release was graded"
    assert sum(s for s, _, _ in scores.values()) == 0, scores
    autograded = scratch / "autograded" / "blank" / assignment / f"{assignment}.ipynb"
    nb = nbformat.read(str(autograded), as_version=4)
    errors = [o.get("ename") for c in nb.cells if notebook.role(c) == "test" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert errors and set(errors) == {"AssertionError"}, f"the tests should fail cleanly, got {errors}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_deleted_and_tampered_test_cells_are_restored_and_nnlib_is_refused(scratch, assignment):
    result = graded(scratch, assignment)
    got, maximum = auto(result.scores["editedsolution"], assignment)
    assert got == maximum == notebook.max_auto_points(assignment), result.scores["editedsolution"]
    got, _ = auto(result.scores["cheater"], assignment)
    assert got == 0, f"answers calling nnlib, tests gutted: {result.scores['cheater']}"
    autograded = scratch / "autograded" / "editedsolution" / assignment / f"{assignment}.ipynb"
    restored = {c.grade_id: c.source for c in notebook.cells(autograded) if c.role == "test"}
    original = {c.grade_id: c.source for c in notebook.cells(notebook.source_notebook(assignment)) if c.role == "test"}
    assert restored.keys() == original.keys()
    for grade_id, source in original.items():
        assert restored[grade_id].endswith(source), f"{grade_id} was not restored with its hidden tests"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_nbgrader_and_the_in_process_runner_agree(scratch, assignment):
    result = graded(scratch, assignment)
    cells = notebook.cells(notebook.source_notebook(assignment))
    for student in ("solution", "blank", "mistakes"):
        by_nbgrader = {g: s for g, (s, _, _) in result.scores[student].items() if g in ids(assignment, "test")}
        assert inprocess.score(cells, result.expected[student]) == by_nbgrader, student


def test_instructor_round_feedback_and_export(scratch):
    assignment = ASSIGNMENTS[0]
    graded(scratch, assignment)
    start = time.perf_counter()
    course.nbgrader(scratch, "generate_feedback", assignment)
    course.nbgrader(scratch, "export")
    TIMES["generate_feedback + export"] = time.perf_counter() - start
    for student in course.students(assignment):
        assert (scratch / "feedback" / student / assignment / f"{assignment}.html").exists()
    with open(scratch / "grades.csv", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["assignment"] == assignment]
    assert {r["student_id"] for r in rows} == set(course.students(assignment))


def test_validate_passes_the_solutions_and_fails_the_release(tmp_path):
    # What a student's Validate button runs (nbgrader validate), on everything at once.
    names = []
    for assignment in ASSIGNMENTS:
        nb, _ = course.students(assignment)["solution"]
        nbformat.write(nb, str(tmp_path / f"{assignment}.ipynb"))
        names.append(f"{assignment}.ipynb")
    shutil.copy(notebook.release_notebook(ASSIGNMENTS[0]), tmp_path / "untouched.ipynb")
    start = time.perf_counter()
    proc = course.nbgrader(tmp_path, "validate", *names, "untouched.ipynb")
    TIMES[f"validate ({len(names) + 1} notebooks)"] = time.perf_counter() - start
    verdicts = re.findall(r"Success! Your notebook passes all the tests|VALIDATION FAILED", proc.stdout)
    assert verdicts == ["Success! Your notebook passes all the tests"] * len(names) + ["VALIDATION FAILED"], proc.stdout[-3000:]


# -- nnlib.checks, the feedback the test cells give --


def test_forbid_switches_nnlib_off_however_it_was_imported_and_restores_it():
    import numpy as np

    import nnlib
    from nnlib import Dense, sigmoid
    from nnlib.checks import NotAllowedError, forbid

    layer = Dense(2, 3, random_state=0)
    with pytest.raises(RuntimeError):
        with forbid("sigmoid", "Dense"):
            for call in (lambda: sigmoid(0.0), lambda: nnlib.activations.sigmoid(0.0), lambda: nnlib.Sigmoid().forward(0.0),
                         lambda: Dense(2, 3), lambda: layer.forward(np.zeros((1, 2)))):
                with pytest.raises(NotAllowedError, match="nnlib"):
                    call()
            raise RuntimeError("an error inside the block")
    assert sigmoid(0.0) == 0.5 and layer.forward(np.zeros((1, 2))).shape == (1, 3)


def test_forbid_names_the_class_used_when_switched_off_classes_share_a_base():
    import numpy as np

    from nnlib import LSTM, RNN, AvgPool2D, MaxPool2D
    from nnlib.checks import NotAllowedError, forbid

    with forbid("MaxPool2D", "AvgPool2D", "RNN", "LSTM"):
        for make, name in [(lambda: MaxPool2D(2), "MaxPool2D"), (lambda: AvgPool2D(2), "AvgPool2D"),
                           (lambda: RNN(2, 3), "RNN"), (lambda: LSTM(2, 3), "LSTM")]:
            with pytest.raises(NotAllowedError, match=f"nnlib.{name}$"):
                make()
    assert MaxPool2D(2).forward(np.ones((1, 1, 2, 2))).shape == (1, 1, 1, 1)
    assert LSTM(2, 3).forward(np.ones((1, 4, 2))).shape == (1, 4, 3)


def test_student_turns_the_usual_errors_into_messages():
    import nnlib
    from nnlib.checks import student

    def unwritten(x):
        raise NotImplementedError()

    def delegating(x):
        return nnlib.relu(x)

    with pytest.raises(AssertionError, match="not written yet"):
        student(unwritten)(1.0)
    with pytest.raises(AssertionError, match="called nnlib.relu"):
        student(delegating, forbid=["relu"])([1.0])


def test_check_close_says_what_came_what_was_expected_and_which_mistake():
    from nnlib.checks import check_close, check_equal, check_raises

    with pytest.raises(AssertionError) as err:
        check_close([1.0, 3.0], [1.0, 2.0], "f(x)", hint="look at the bias", mistakes={"the bias is doubled": [1.0, 3.0]})
    message = str(err.value)
    for part in ("f(x):", "expected: [1., 2.]", "got:      [1., 3.]", "index 1", "the bias is doubled", "look at the bias"):
        assert part in message
    with pytest.raises(AssertionError, match=r"shape \(3,\), got shape \(3, 1\)"):
        check_close([[1.0], [2.0], [3.0]], [1.0, 2.0, 3.0], "g(x)")
    with pytest.raises(AssertionError, match="returned nothing"):
        check_equal(None, [1], "h(x)")
    check_close([2.0 + 1e-9], 2.0, "a number may come as a 1-element array")
    with pytest.raises(AssertionError, match="expected a ValueError, but the call returned 3"):
        check_raises(ValueError, lambda: 3, what="k()")


def test_student_fails_a_function_that_changes_its_arguments_and_names_them():
    import numpy as np

    from nnlib.checks import student

    def update(params, grads, rng, lr=0.1):
        params["W"] -= lr * grads["W"]  # the caller's array, in place
        return params

    params = {"W": np.ones((2, 2)), "b": np.zeros(2)}
    grads = {"W": np.ones((2, 2)), "b": np.ones(2)}
    with pytest.raises(AssertionError, match=r"changed its argument `params` in place: params\['W'\]\[0, 0\] was 1.0 before"):
        student(update)(params, grads, np.random.default_rng(0))
    assert np.array_equal(params["W"], np.ones((2, 2))), "the caller's arrays are never changed: the function gets copies"
    assert student(update, mutates=["params"])(params, grads, np.random.default_rng(0))["W"][0, 0] == 0.9

    def appends(xs):
        xs.append(np.zeros(1))
        return len(xs)

    with pytest.raises(AssertionError, match=r"`xs` in place: xs had 1 items before the call and 2 after it"):
        student(appends)([np.ones(1)])

    def honest(x, cache, rng):
        rng.normal()  # a random generator changes its state: not compared
        return x + cache[0]

    nan = np.array([np.nan, 1.0])
    assert np.allclose(student(honest)(np.arange(3), [nan[1:]], np.random.default_rng(1)), [1.0, 2.0, 3.0])
    assert student(lambda a: a.sum())(nan) != 0, "a NaN that stays a NaN is no change"

    def keyword(x, *, scale):
        scale[0] = 2.0
        return x

    with pytest.raises(AssertionError, match="`scale` in place"):
        student(keyword)(1.0, scale=np.ones(1))


def test_student_turns_warnings_logs_and_stderr_into_notes_on_stdout(capsys):
    import logging
    import sys
    import warnings

    import numpy as np

    from nnlib.checks import student

    logger = logging.getLogger("nnlib-test-notes")
    handler = logging.StreamHandler(sys.stderr)  # what logging.basicConfig() makes: it keeps this stderr
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # pytest's own log capture sits on the root logger

    def noisy(x):
        print("a progress line")
        warnings.warn("did not converge")
        logger.info("epoch 1")
        print("to stderr", file=sys.stderr)
        return np.exp(x)

    try:
        f = student(noisy)
        assert f(np.array([1000.0]))[0] == np.inf
        f(np.array([1000.0]))  # the same notes again: not repeated
    finally:
        logger.removeHandler(handler)
    out, err = capsys.readouterr()
    assert err == "", "nothing may reach stderr: nbgrader's Validate fails a test cell that wrote to it"
    notes = [line for line in out.splitlines() if line.startswith("note:")]
    assert notes == [
        "note: noisy warned UserWarning: did not converge (this costs no points)",
        "note: noisy warned RuntimeWarning: overflow encountered in exp (this costs no points)",
        "note: noisy logged: epoch 1 (this costs no points)",
        "note: noisy wrote to stderr: to stderr (this costs no points)",
    ]
    assert out.count("a progress line") == 2, "what the function prints on stdout is left alone"

    def chatty(n):
        for i in range(n):
            warnings.warn(f"warning number {i} " + "x" * 300)

    student(chatty)(50)
    notes = capsys.readouterr().out.splitlines()
    assert len(notes) == 6 and notes[-1] == "note: more warnings or output were caught; not shown"
    assert all(len(line) < 300 for line in notes), "a note is cut to a readable length"


def test_check_no_warnings_sees_the_warnings_of_a_wrapped_call(capsys):
    import warnings

    import numpy as np

    from nnlib.checks import check_no_warnings, student

    unstable = student(lambda x: 1 / (1 + np.exp(-x)))
    with pytest.raises(AssertionError, match="expected no RuntimeWarning, got 1: RuntimeWarning: overflow"):
        check_no_warnings(unstable, np.array([-1000.0]), what="sigmoid(-1000)")
    assert "note:" not in capsys.readouterr().out, "a warning the check judges is not also called harmless"

    def deprecated(x):
        warnings.warn("row_stack is deprecated", DeprecationWarning)
        return x

    assert check_no_warnings(student(deprecated), 3.0, what="f(3)") == 3.0, "only numerical warnings fail the check"
    assert "DeprecationWarning: row_stack is deprecated" in capsys.readouterr().out
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the check sees warnings whatever the filters say
        with pytest.raises(AssertionError, match="RuntimeWarning"):
            check_no_warnings(lambda x: np.log(x), np.array([0.0]), what="log(0)")


def test_quietly_turns_the_tests_own_warnings_into_notes(capsys):
    import sys
    import warnings

    from nnlib.checks import quietly

    with quietly("load_digits"):
        warnings.warn("joblib will operate in serial mode")
        print("Matplotlib is building the font cache", file=sys.stderr)
    out, err = capsys.readouterr()
    assert err == "" and "note: load_digits warned UserWarning: joblib will operate in serial mode" in out
    assert "note: load_digits wrote to stderr: Matplotlib is building the font cache" in out


def test_uses_blames_the_earlier_function_only_when_it_is_the_cause():
    from nnlib.checks import check_close, check_same_twice, student, uses

    def forward(x, cache=[]):  # noqa: B006 - the classic bug: state kept between calls
        cache.append(x)
        return 2 * x, cache

    def forward_works():
        check_same_twice(student(forward), 1.0, what="forward")

    with pytest.raises(AssertionError) as err:
        with uses({"forward": forward_works}):
            check_close(3.0, 4.0, "backward: dx", hint="sum the contributions of ALL steps")
    message = str(err.value)
    assert message.startswith("this test uses your `forward`, which does not pass its own tests yet: fix `forward` first")
    assert "mutable default argument" in message and "what failed here: backward: dx: expected: 4." in message
    assert "ALL steps" not in message, "the hint about the later function would mislead"

    with pytest.raises(AssertionError, match="^backward: dx:"):
        with uses({"forward": lambda: None}):  # the earlier function is right: the failure is the later one's
            check_close(3.0, 4.0, "backward: dx")
    with uses({"forward": forward_works}):  # the later function is right although the earlier is not
        check_close(4.0, 4.0, "backward: dx")
    with pytest.raises(AssertionError, match="uses your `first`"):  # the first broken one in order is named
        with uses({"first": lambda: 1 / 0, "second": lambda: 1 / 0}):
            raise TypeError("the later function crashed")


def test_the_in_process_runner_reads_ipython_syntax():
    from assignments import inprocess, notebook

    install = next(c for c in notebook.cells(notebook.source_notebook(ASSIGNMENTS[0])) if c.role == "setup")
    assert "%pip install" in install.source, "the first code cell installs nnlib where it is missing"
    namespace = {}
    assert inprocess.run_cell(install.source, namespace) is None and "nnlib" in namespace
