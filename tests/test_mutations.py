"""Do the exercise tests grade the right thing? Mutation testing of every answer.

For every graded answer of every assignment (``solutions/``), against the
notebook's own test cells, hidden tests included:

- typical wrong answers (``tests/assignments/spec_<assignment>.py``: a missing
  bias, a wrong sign, the wrong axis, ...) must each lose marks, and so must
  an answer that only calls nnlib's own implementation;
- other correct answers (loops, other formulas) must each keep full marks;
- small automatic mutations of the solution (``assignments.mutate``) must lose
  marks, unless they are equivalent (the same results as the solution on the
  spec's probe inputs), and then they must keep full marks.

The notebooks run in this process (``assignments.inprocess``), scored as
nbgrader scores them; ``test_exercises`` checks that the two agree. The
catch rates are printed; ``solutions/README.md`` has the table.

The answers written from the statements (``tests/assignments/variants_<assignment>.py``)
run here too, every one of them, in seconds; ``test_fair_grading`` grades
them through ``nncourse grade``.
"""

import functools
import time
from dataclasses import dataclass, field

import pytest

from assignments import inprocess, mutate, notebook, spec, variants

ASSIGNMENTS = notebook.assignments()
OVERALL_CATCH_RATE = 0.90


@dataclass
class Result:
    assignment: str
    wrong: list = field(default_factory=list)  # (answer, label, caught)
    right: list = field(default_factory=list)  # (answer, label, failures)
    mutants: list = field(default_factory=list)  # (answer, description, caught)
    equivalent: list = field(default_factory=list)  # (answer, description, failures)
    seconds: float = 0.0

    def caught(self, rows):
        return sum(1 for row in rows if row[2]), len(rows)


def _lost_marks(cells, replacements):
    earned = inprocess.score(cells, replacements, stop_at_first_failure=True)
    points = {c.grade_id: c.points for c in cells if c.role == "test"}
    return any(earned[g] < points[g] for g in earned)


@functools.cache
def analyse(assignment):
    start = time.perf_counter()
    cells = notebook.cells(notebook.source_notebook(assignment))
    answers = spec.load(assignment) or {}
    result = Result(assignment)
    for grade_id, answer in answers.items():
        cell = next(c for c in cells if c.grade_id == grade_id)
        for label, source in [*answer.wrong.items(), ("only calls nnlib", answer.nnlib)]:
            result.wrong.append((grade_id, label, _lost_marks(cells, {grade_id: source})))
        for label, source in answer.right.items():
            result.right.append((grade_id, label, inprocess.failures(cells, {grade_id: source})))
        reference = mutate.outputs(cells, answer.function, answer.probes)
        for mutant in mutate.mutants(cell):
            outputs = mutate.outputs(cells, answer.function, answer.probes, {grade_id: mutant.source})
            if mutate.equivalent(reference, outputs):
                result.equivalent.append((grade_id, mutant.description, inprocess.failures(cells, {grade_id: mutant.source})))
            else:
                result.mutants.append((grade_id, mutant.description, _lost_marks(cells, {grade_id: mutant.source})))
    result.seconds = time.perf_counter() - start
    return result


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_answer_cell_has_a_spec(assignment):
    answers = spec.load(assignment)
    assert answers is not None, f"tests/assignments/spec_{assignment}.py is missing"
    cells = notebook.answer_cells(assignment)
    assert set(answers) == set(cells), (
        f"spec_{assignment}.ANSWERS must cover exactly the answer cells {sorted(cells)}, has {sorted(answers)}")
    for grade_id, answer in answers.items():
        assert f"def {answer.function}(" in cells[grade_id].source, f"{grade_id} does not define {answer.function}"
        assert answer.probes and answer.wrong and answer.right, f"{grade_id}: probes, wrong and right answers are all needed"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_solution_scores_full_marks_in_process(assignment):
    cells = notebook.cells(notebook.source_notebook(assignment))
    assert inprocess.failures(cells) == {}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_other_correct_answers_keep_full_marks(assignment):
    unfair = [f"{answer} ({label}): {failures}" for answer, label, failures in analyse(assignment).right if failures]
    assert not unfair, "correct answers written another way lost marks:\n" + "\n".join(unfair)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_typical_wrong_answers_lose_marks(assignment):
    missed = [f"{answer}: {label}" for answer, label, caught in analyse(assignment).wrong if not caught]
    assert not missed, "wrong answers that kept full marks:\n" + "\n".join(missed)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_equivalent_mutants_keep_full_marks(assignment):
    # A mutant that behaves like the solution on every probe but loses marks means a
    # test checks something the assignment does not ask for (or the probes miss a case).
    unfair = [f"{answer} ({description}): {failures}"
              for answer, description, failures in analyse(assignment).equivalent if failures]
    assert not unfair, "equivalent mutants that lost marks:\n" + "\n".join(unfair)


def test_catch_rate(capsys):
    results = [analyse(a) for a in ASSIGNMENTS]
    lines = ["", "Mutation test: share of wrong answers that lose marks",
             f"{'assignment':<16}{'typical mistakes':>18}{'automatic mutants':>19}{'equivalent':>12}{'all wrong':>12}{'s':>6}"]
    total_caught = total = 0
    for r in results:
        wc, wn = r.caught(r.wrong)
        mc, mn = r.caught(r.mutants)
        total_caught, total = total_caught + wc + mc, total + wn + mn
        rate = (wc + mc) / (wn + mn) if wn + mn else 1.0
        lines.append(f"{r.assignment:<16}{f'{wc}/{wn}':>18}{f'{mc}/{mn}':>19}{len(r.equivalent):>12}{rate:>12.1%}{r.seconds:>6.1f}")
    overall = total_caught / total if total else 1.0
    lines.append(f"{'overall':<16}{'':>18}{'':>19}{'':>12}{overall:>12.1%}")
    survivors = [f"  {r.assignment} {answer}: {description}" for r in results
                 for answer, description, caught in r.mutants if not caught]
    if survivors:
        lines += ["Automatic mutants that kept full marks:", *survivors]
    with capsys.disabled():
        print("\n".join(lines))
    assert overall >= OVERALL_CATCH_RATE, f"only {overall:.1%} of the wrong answers lose marks"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_variants_written_from_the_statements(assignment):
    # Correct ones keep every point; a mistake loses points on its own function, and a later
    # test that fails because of it names it ("... does not pass its own tests yet").
    by_function = variants.test_cells_by_function(assignment)
    problems = []
    for sub in variants.submissions(assignment):
        outcome = inprocess.run(variants.cells(assignment, sub.sources))
        failed = {g: f"{type(e).__name__}: {e}" for g, e in outcome.items() if e is not None}
        if sub.kind != "wrong":
            problems += [f"{sub.labels} lost {g}: {message[:300]}" for g, message in failed.items()]
            continue
        if not set(failed) & set(by_function[sub.target]):
            problems.append(f"{sub.labels[0]}: kept the points of {sub.target}")
        problems += [f"{sub.labels[0]} -> {g} does not blame it: {message[:300]}" for g, message in failed.items()
                     if g not in by_function[sub.target] and "does not pass its own tests yet" not in message]
    assert not problems, "\n".join(problems)
