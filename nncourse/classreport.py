"""``nncourse report --all``: the class across assignments, from the gradebook.

Writes ``<course>/reports/``:

- ``assignments.csv``: one row per assignment with at least one submission
  (:data:`ASSIGNMENT_COLUMNS`); the *hardest* assignment is the one with the
  lowest mean score as a share of its points;
- ``students.csv``: one row per student (:data:`STUDENT_COLUMNS`): the score
  of every assignment (empty: no submission; ``withheld``: under review), the
  points earned out of the points of the assignments graded so far, how many
  of them the student missed, and whether the student is *falling behind*:
  missed one, or earned less than :data:`BEHIND` of the points (withheld
  scores are left out of both sums);
- ``index.html``: a summary sentence, the scores of every assignment side by
  side, the assignments and the students falling behind, and links to each
  assignment's own report when it has been written.
"""

import csv
import datetime

from . import figures, htmlpage, results, stats
from .gradesheet import spreadsheet_cell

BEHIND = 0.5  # share of the points below which a student is falling behind
ASSIGNMENT_COLUMNS = ["assignment", "duedate", "max_score", "submissions", "missing", "withheld", "late",
                      "mean_score", "median_score", "mean_share"]
STUDENT_COLUMNS = ["student_id", "last_name", "first_name"]  # then one column per assignment, then TOTAL_COLUMNS
TOTAL_COLUMNS = ["points", "possible", "share", "missed", "behind"]


def _assignment_row(res, n_students):
    scores = [s.score for s in stats.scored(res)]
    mean, median = stats.describe(scores)
    return {"assignment": res.name, "duedate": res.duedate or "", "max_score": res.max_score,
            "submissions": len(res.submissions), "missing": n_students - len(res.submissions),
            "withheld": len(res.submissions) - len(scores), "late": sum(s.seconds_late > 0 for s in res.submissions),
            "mean_score": mean, "median_score": median,
            "mean_share": mean / res.max_score if mean is not None and res.max_score else None}


def _student_row(student, graded):
    """A student's scores over the graded assignments (``AssignmentResults``): a missed one counts 0 of its
    points, a withheld one is left out."""
    row = {"student_id": student.id, "last_name": student.last_name, "first_name": student.first_name}
    points = possible = 0.0
    missed = 0
    for res in graded:
        sub = res.by_student.get(student.id)
        row[res.name] = "" if sub is None else "withheld" if sub.score is None else sub.score
        missed += sub is None
        if sub is None or sub.score is not None:
            points += 0.0 if sub is None else sub.score
            possible += res.max_score
    share = points / possible if possible else None
    row.update(points=points, possible=possible, share=share, missed=missed,
               behind=missed > 0 or (share is not None and share < BEHIND))
    return row


def _write(path, columns, rows):
    def value(v):
        return "" if v is None else round(v, 6) if isinstance(v, float) else spreadsheet_cell(v)

    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows({k: value(row.get(k)) for k in columns} for row in rows)


def summary_sentence(students, graded, assignment_rows, behind):
    if not graded:
        return "No assignment has a submission yet."
    hardest = min((r for r in assignment_rows if r["mean_share"] is not None), key=lambda r: r["mean_share"],
                  default=None)
    sentence = f"{len(students)} students, {len(graded)} assignment{'s' if len(graded) != 1 else ''} graded."
    if hardest is not None:
        sentence += (f" Hardest: {hardest['assignment']} (mean {htmlpage.percent(hardest['mean_share'])} "
                     "of its points).")
    if behind:
        names = ", ".join(r["student_id"] for r in behind[:10]) + (", ..." if len(behind) > 10 else "")
        sentence += (f" Falling behind (missed an assignment, or under {htmlpage.percent(BEHIND)} of the points so far): "
                     f"{len(behind)} student{'s' if len(behind) != 1 else ''}, {names}.")
    else:
        sentence += " Nobody is falling behind."
    return sentence


def report_class(course):
    """Write ``reports/index.html``, ``assignments.csv`` and ``students.csv``; returns the folder."""
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url, course.course_id or "default_course") as gb:
        students = results.read_students(gb)
        graded = [res for res in (results.read_assignment(gb, name) for name in results.assignment_names(gb))
                  if res.submissions]
    assignment_rows = [_assignment_row(res, len(students)) for res in graded]
    student_rows = sorted((_student_row(s, graded) for s in students),
                          key=lambda r: (-r["missed"], r["share"] if r["share"] is not None else 0.0, r["student_id"]))
    behind = [r for r in student_rows if r["behind"]]
    folder = course.root / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    _write(folder / "assignments.csv", ASSIGNMENT_COLUMNS, assignment_rows)
    names = [res.name for res in graded]
    _write(folder / "students.csv", STUDENT_COLUMNS + names + TOTAL_COLUMNS, student_rows)
    sections = []
    if graded:
        shares = [[s.score / res.max_score for s in stats.scored(res)] if res.max_score else [] for res in graded]
        links = [f'<a href="{htmlpage.esc(n)}/index.html">{htmlpage.esc(n)}</a>' if (folder / n / "index.html").is_file()
                 else htmlpage.esc(n) for n in names]
        sections += [
            ("Assignments", htmlpage.figure(figures.assignment_scores(names, shares), "scores of every assignment")
             + htmlpage.table(ASSIGNMENT_COLUMNS, [[_shown(r[c]) for c in ASSIGNMENT_COLUMNS] for r in assignment_rows],
                              numeric=range(2, len(ASSIGNMENT_COLUMNS)))
             + f"<p>Reports of each assignment: {', '.join(links)}.</p>"),
            ("Students", htmlpage.table(STUDENT_COLUMNS + names + TOTAL_COLUMNS,
                                        [[_shown(r[c]) for c in STUDENT_COLUMNS + names + TOTAL_COLUMNS]
                                         for r in student_rows],
                                        numeric=range(3, 3 + len(names) + len(TOTAL_COLUMNS)),
                                        flagged={i for i, r in enumerate(student_rows) if r["behind"]})
             + f'<p class="why">Highlighted: falling behind (missed an assignment, or under '
               f"{htmlpage.percent(BEHIND)} of the points of the assignments graded so far). Empty: no submission.</p>"),
        ]
    meta = f"From the gradebook on {datetime.datetime.now():%Y-%m-%d %H:%M}."
    (folder / "index.html").write_text(
        htmlpage.page("The class across assignments", summary_sentence(students, graded, assignment_rows, behind),
                      meta, sections), encoding="utf-8")
    return folder


def _shown(value):
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return f"{value:.2f}" if value % 1 else f"{value:g}"
    return "" if value is None else value
