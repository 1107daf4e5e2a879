"""How a test cell's score is decided: it passes when it ran without an error.

nbgrader's own rule (``nbgrader.utils.determine_grade``) gives a test cell zero
when it wrote anything to stderr, and reads partial credit from the first
value the cell displays, a negative or non-numeric one counting as full marks.
Both let the student's code decide a score: a warning from a correct answer
costs the points, and a displayed number sets them. This course has no partial
credit, and here:

    a test cell earns all its points when its execution ended without an error
    (no exception in the kernel's reply, no error in its outputs), else none.

With :class:`nncourse.execute.SandboxedExecute` (``nncourse grade``) the
verdicts come from the execution itself (``resources["nncourse"]``); with
nbgrader's plain ``Execute`` (``nbgrader autograde``) from the cell's outputs.
The course's ``nbgrader_config.py`` puts :class:`SaveAutoGrades` in place of
nbgrader's, so that both grade alike.
"""

from nbgrader.preprocessors import SaveAutoGrades as NbgraderSaveAutoGrades

from . import cells


def passed(cell, resources=None):
    """Whether a test cell passed: the execution's verdict when there is one, else no error output."""
    run = (resources or {}).get("nncourse")
    verdicts = getattr(run, "verdicts", {})
    if cells.grade_id(cell) in verdicts:
        return verdicts[cells.grade_id(cell)]
    return not any(output.get("output_type") == "error" for output in cell.get("outputs", []))


class SaveAutoGrades(NbgraderSaveAutoGrades):
    """nbgrader's SaveAutoGrades, with test cells scored by :func:`passed`."""

    def _add_score(self, cell, resources):
        if cells.role(cell) != cells.TEST:
            return super()._add_score(cell, resources)
        grade = self.gradebook.find_grade(cells.grade_id(cell), self.notebook_id, self.assignment_id, self.student_id)
        grade.auto_score = cells.points(cell) if passed(cell, resources) else 0.0
        grade.needs_manual_grade = grade.manual_score is not None
        self.gradebook.db.commit()
