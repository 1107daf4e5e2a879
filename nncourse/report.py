"""``nncourse report ASSIGNMENT``: what the class got right and wrong, from the gradebook.

Writes ``<course>/reports/<assignment>/``:

- ``items.csv``: one row per autograded test cell, with the columns of
  :data:`ITEM_COLUMNS` (:mod:`nncourse.stats` defines each number);
- ``index.html``: a page that opens offline and runs no script, with a summary
  sentence first, the grade histogram, the pass rate of every test cell and
  where its failures happened (visible or hidden tests), difficulty against
  discrimination, the statuses and reasons of the last ``nncourse grade``
  (time-outs, crashes, restored cells, tampering flags), grading times, and the
  late submissions.

Every number comes from the course gradebook (:mod:`nncourse.results`); the
failure messages come from the autograded notebooks, hidden tests blanked
(:mod:`nncourse.failures`).
"""

import csv
import datetime

from . import cells, failures, figures, htmlpage, results, stats
from .gradesheet import spreadsheet_cell

ITEM_COLUMNS = ["grade_id", "max_points", "submissions", "mean_points", "full_marks_rate", "discrimination",
                "top_failure"]


def _round(value):
    return "" if value is None else round(value, 6)


def write_items(path, item_stats):
    """``items.csv``: one row per test cell; an undefined number is an empty cell."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(ITEM_COLUMNS)
        for s in item_stats:
            writer.writerow([s.grade_id, f"{s.max_points:g}", s.submissions, _round(s.mean_points),
                             _round(s.full_marks_rate), _round(s.discrimination), spreadsheet_cell(s.top_failure)])


def item_order(course, assignment):
    """The grade_ids of the assignment's test cells in notebook order (from its source notebooks)."""
    import nbformat

    order = []
    for name in course.notebooks(assignment):
        nb = nbformat.read(str(course.source(assignment) / f"{name}.ipynb"), as_version=4)
        order += [cells.grade_id(c) for c in nb.cells if cells.role(c) == cells.TEST]
    return order


def summary_sentence(res, item_stats):
    """What a busy instructor reads first: scores, lateness, review, the hardest test and weak tests."""
    subs, scored = res.submissions, stats.scored(res)
    mean, median = stats.describe(s.score for s in scored)
    parts = [f"{len(subs)} submission{'s' if len(subs) != 1 else ''} of {res.name}"]
    if scored:
        parts.append(f"mean score {mean:.1f} of {res.max_score:g} (median {median:g})")
    late = [s for s in subs if s.seconds_late > 0]
    if late:
        parts.append(f"{len(late)} late ({sum(s.penalty for s in late):g} points of penalties)")
    withheld = len(subs) - len(scored)
    if withheld:
        parts.append(f"{withheld} withheld for review")
    errors = stats.status_counts(res.runs.values())["error"]
    if errors:
        parts.append(f"{errors} could not be graded")
    sentence = ", ".join(parts) + "."
    rated = [s for s in item_stats if s.full_marks_rate is not None]
    if rated:
        hardest = min(rated, key=lambda s: s.full_marks_rate)
        sentence += f" Hardest test: {hardest.grade_id}, full marks for {htmlpage.percent(hardest.full_marks_rate)}"
        sentence += f" (most common failure: “{hardest.top_failure}”)." if hardest.top_failure else "."
    weak = [s.grade_id for s in item_stats if s.discrimination is not None and s.discrimination < figures.WEAK_DISCRIMINATION]
    if weak:
        sentence += (f" {len(weak)} test{'s' if len(weak) != 1 else ''} barely separate{'s' if len(weak) == 1 else ''} "
                     f"strong from weak submissions (discrimination under {figures.WEAK_DISCRIMINATION}): {', '.join(weak)}.")
    return sentence


def _scores_section(res):
    scored = stats.scored(res)
    if not scored:
        return "<p>No submission has a score yet.</p>"
    mean, median = stats.describe(s.score for s in scored)
    hand = sum(s.waits_for_hand_grading for s in res.submissions)
    note = (f'<p class="why">{hand} submission(s) still have cells to grade by hand (written answers): '
            "they count 0 until graded in the formgrader.</p>" if hand else "")
    return (htmlpage.figure(figures.score_histogram([s.score for s in scored], res.max_score), "histogram of the scores")
            + htmlpage.table(["submissions", "with a score", "withheld for review", "mean", "median", "max", "out of"],
                             [[len(res.submissions), len(scored), len(res.submissions) - len(scored),
                               htmlpage.number(mean, 1), f"{median:g}", f"{max(s.score for s in scored):g}",
                               f"{res.max_score:g}"]], numeric=range(7)) + note)


def _tests_section(item_stats):
    if not item_stats or not item_stats[0].submissions:
        return "<p>No autograded test cell with a score yet.</p>"
    undefined = [s.grade_id for s in item_stats if s.discrimination is None]
    rows = [[s.grade_id, f"{s.max_points:g}", s.submissions, htmlpage.number(s.mean_points),
             htmlpage.percent(s.full_marks_rate), htmlpage.number(s.discrimination),
             s.where.get(failures.VISIBLE, 0), s.where.get(failures.HIDDEN, 0),
             s.where.get(failures.STOPPED, 0) + s.where.get(failures.NO_ERROR, 0), s.top_failure] for s in item_stats]
    weak = {i for i, s in enumerate(item_stats) if s.discrimination is not None and s.discrimination < figures.WEAK_DISCRIMINATION}
    return (htmlpage.figure(figures.pass_rates(item_stats), "pass rate of every test cell")
            + htmlpage.figure(figures.difficulty_discrimination(item_stats), "difficulty against discrimination")
            + (f'<p class="why">Discrimination undefined (everyone scored the same) for: {htmlpage.esc(", ".join(undefined))}.</p>'
               if undefined else "")
            + htmlpage.table(["test cell", "points", "submissions", "mean points", "full marks", "discrimination",
                              "failed visible", "failed hidden only", "stopped or no error", "most common failure"],
                             rows, numeric=range(1, 9), flagged=weak)
            + '<p class="why">Highlighted: discrimination under 0.2. Failure messages are the first line of the '
              "error, with hidden tests blanked as on the students' feedback pages.</p>")


def _grading_section(res):
    runs = list(res.runs.values())
    if not runs:
        return "<p>No run of <code>nncourse grade</code> is recorded in this gradebook.</p>"
    statuses = stats.status_counts(runs)
    reasons = stats.reason_counts(runs)
    body = (htmlpage.table(["status", "submissions"], list(statuses.items()), numeric={1})
            + htmlpage.table(["reason", "submissions"], [[k, reasons.get(k, 0)] for k in stats.REASON_KINDS],
                             numeric={1}))
    seconds = [r.seconds for r in runs if r.seconds is not None]
    if seconds:
        body += htmlpage.figure(figures.grading_times(seconds), "grading time per submission")
    unusual = [r for r in runs if r.reasons or r.status != "graded"]
    if unusual:
        body += htmlpage.table(["student", "submitted as", "status", "seconds", "reasons"],
                               [[r.student, r.submitted_as or "", r.status, htmlpage.number(r.seconds, 1),
                                 "; ".join(r.reasons)] for r in unusual], numeric={3})
    return body


def _late_section(res):
    if res.duedate is None:
        return ('<p>No due date is set for this assignment, so nothing is late. Set one in the gradebook '
                f"(<code>nbgrader db assignment add {htmlpage.esc(res.name)} --duedate=...</code>) and grade again.</p>")
    late = [s for s in res.submissions if s.seconds_late > 0]
    if not late:
        return f"<p>Due {htmlpage.esc(res.duedate)} UTC: every submission with a time came in on time.</p>"
    rows = [[s.student, str(datetime.timedelta(seconds=round(s.seconds_late))), f"{s.penalty:g}",
             "withheld" if s.score is None else f"{s.score:g}"] for s in late]
    return (f"<p>Due {htmlpage.esc(res.duedate)} UTC (plus any extension given to a student).</p>"
            + htmlpage.table(["student", "late by", "penalty", "score after penalty"], rows, numeric={2, 3}))


def _shown_url(db_url):
    """The gradebook's URL without its password."""
    from sqlalchemy.engine import make_url

    return make_url(db_url).render_as_string(hide_password=True)


def render(res, item_stats, meta):
    """The report page of one assignment, as a string."""
    return htmlpage.page(f"{res.name}: class report", summary_sentence(res, item_stats), meta, [
        ("Scores", _scores_section(res)),
        ("Tests", _tests_section(item_stats)),
        ("How grading went", _grading_section(res)),
        ("Late submissions", _late_section(res)),
    ])


def report(course, assignment):
    """Write ``reports/<assignment>/items.csv`` and ``index.html`` into the course folder; returns the folder."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(course.db_url, course.course_id or "default_course") as gb:
        try:
            res = results.read_assignment(gb, assignment, item_order(course, assignment)
                                          if course.source(assignment).is_dir() else ())
        except MissingEntry:
            known = ", ".join(results.assignment_names(gb)) or "none"
            raise SystemExit(f"nncourse report: the gradebook has no assignment {assignment!r} (it has: {known})") from None
    if not res.submissions:
        raise SystemExit(f"nncourse report: no submission of {assignment} in the gradebook yet: grade it first")
    item_stats = stats.item_stats(res, failures.read(course.root, res, course.hidden_markers()))
    folder = course.root / "reports" / assignment
    folder.mkdir(parents=True, exist_ok=True)
    write_items(folder / "items.csv", item_stats)
    meta = f"From the gradebook {_shown_url(course.db_url)} on {datetime.datetime.now():%Y-%m-%d %H:%M}."
    (folder / "index.html").write_text(render(res, item_stats, meta), encoding="utf-8")
    return folder
