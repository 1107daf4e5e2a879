"""Late penalties in the course gradebook, by nbgrader's own settings.

nbgrader keeps an assignment's due date in the gradebook (``nbgrader db
assignment add NAME --duedate="2025-03-01 17:00:00 UTC"``, or the formgrader),
a student's extension on their submission, and computes a notebook's penalty
with the course's ``AssignLatePenalties.plugin_class`` (a
``LateSubmissionPlugin``: ``penalty_method = "none"`` or ``"zero"`` by
default, or a plugin of the instructor's, such as the ``SubtractPlugin`` of
nbgrader's documentation).

``nncourse grade`` grades each submission in a scratch gradebook that knows
neither the due date nor the student's extension, so the coordinator computes
the penalty where both are, in the course gradebook, as nbgrader's
``AssignLatePenalties`` does: for each notebook of the submission, no penalty
when it was on time, else the plugin's penalty for the notebook's score and
the seconds late, kept between 0 and the score.
"""


def plugin(config):
    """The course's late-submission plugin (``AssignLatePenalties.plugin_class``), configured."""
    from nbgrader.preprocessors import AssignLatePenalties
    from traitlets import TraitError

    try:
        step = AssignLatePenalties(config=config)
        step.init_plugin()
    except TraitError as error:
        raise SystemExit(f"nncourse: the course's late-submission plugin cannot be used ({error}). Define it in "
                         "nbgrader_config.py itself or in an installed module: nncourse does not import from the "
                         "course folder (see GRADING.md, Due dates and late penalties).") from None
    return step.plugin_inst


def assign_penalties(gradebook, late_plugin, assignment, student):
    """Set the late penalty of every notebook of a submission (None when it was on time); commit.

    Parameters
    ----------
    gradebook : nbgrader.api.Gradebook
        The course gradebook, the submission's scores already in it.
    late_plugin : nbgrader.plugins.BasePlugin
        From :func:`plugin`.
    """
    submission = gradebook.find_submission(assignment, student)
    seconds_late = submission.total_seconds_late  # against the due date plus the student's extension
    for notebook in submission.notebooks:
        penalty = late_plugin.late_submission_penalty(student, notebook.score, seconds_late) if seconds_late > 0 else None
        notebook.late_submission_penalty = None if penalty is None else min(max(penalty, 0.0), notebook.score)
    gradebook.db.commit()
