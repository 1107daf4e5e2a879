"""``nncourse export``: the gradebook's scores for a learning platform, or as plain CSV.

One column per assignment that has a submission, one row per student; a score
is nbgrader's (every graded cell, written answers included) after the late
penalty, as ``nbgrader export`` computes it. A cell is empty when the student
has no submission or when the score is withheld for review, so that an import
never puts a grade nobody gave. What could not be exported is listed in
:attr:`Export.notes`.

Formats:

``canvas``
    Canvas's gradebook import: the columns ``Student`` (``Last, First``),
    ``ID`` (Canvas's user id), ``SIS User ID``, ``SIS Login ID``, ``Section``,
    then one column per assignment, and a ``Points Possible`` row right after
    the header. Canvas finds a student by ``ID``, else by ``SIS User ID`` or
    ``SIS Login ID``, else by name; an assignment by its title (a new column
    creates a new assignment with the points of the ``Points Possible`` row).
``moodle``
    Moodle's grade import (CSV): ``First name``, ``Last name``, ``ID number``,
    ``Email address`` (the headers of Moodle's own grade export), then one
    column per assignment. Moodle matches each row to a user through one
    identifier column chosen at import: map **Email address** to the user's
    email, which every Moodle account has and which is unique, or ``ID
    number`` to the user's ID number where the institution fills it in.
    A student with neither is left out.
``csv``
    ``student_id``, ``first_name``, ``last_name``, ``email``, then one column
    per assignment.

A **roster** (``--roster FILE``, CSV) maps the gradebook's student ids to
names and platform ids: a ``student_id`` column and any of
:data:`ROSTER_COLUMNS`. With a roster, the export holds the roster's students;
students of the gradebook missing from it, and students of the roster missing
from the gradebook, are listed in the notes. Without one, names and emails come
from the gradebook (nbgrader's student table).
"""

import csv
from dataclasses import dataclass, field

from .gradesheet import spreadsheet_cell

FORMATS = ("canvas", "moodle", "csv")
ROSTER_COLUMNS = ("name", "first_name", "last_name", "email", "canvas_id", "sis_user_id", "sis_login_id", "section",
                  "id_number")
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_COLUMNS = ["First name", "Last name", "ID number", "Email address"]
CSV_COLUMNS = ["student_id", "first_name", "last_name", "email"]


@dataclass
class Export:
    header: list
    rows: list  # one list of cells per student
    assignments: list  # the assignments' names, in the order of their columns
    preamble: list = field(default_factory=list)  # rows between the header and the students (Points Possible)
    notes: list = field(default_factory=list)  # one line each: what was left out, and why


def read_roster(path):
    """student_id -> {column: value} from a roster CSV; a clear error for anything else."""
    with open(path, newline="", encoding="utf-8-sig") as f:  # a spreadsheet may add a byte-order mark
        reader = csv.DictReader(f)
        columns = [c.strip() for c in reader.fieldnames or []]
        if "student_id" not in columns:
            raise SystemExit(f"{path}: a roster needs a student_id column (the ids in the gradebook); "
                             f"its columns are: {', '.join(columns) or 'none'}")
        unknown = [c for c in columns if c != "student_id" and c not in ROSTER_COLUMNS]
        if unknown:
            raise SystemExit(f"{path}: unknown roster column(s) {', '.join(unknown)}; expected student_id and any of "
                             f"{', '.join(ROSTER_COLUMNS)}")
        roster = {}
        for line, row in enumerate(reader, start=2):
            row = {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}
            sid = row.pop("student_id")
            if not sid:
                raise SystemExit(f"{path}, line {line}: empty student_id")
            if sid in roster:
                raise SystemExit(f"{path}, line {line}: student_id {sid!r} is listed twice")
            roster[sid] = row
    return roster


def _people(students, roster, notes):
    """The students to export, each as a dict of roster columns (gradebook names and email where the roster has none)."""
    known = {s.id: s for s in students}
    if roster is None:
        return {s.id: {"first_name": s.first_name, "last_name": s.last_name, "email": s.email} for s in students}
    missing = sorted(set(known) - set(roster))
    if missing:
        notes.append(f"in the gradebook but not in the roster (not exported): {', '.join(missing)}")
    unknown = sorted(set(roster) - set(known))
    if unknown:
        notes.append(f"in the roster but not in the gradebook (no grade to export): {', '.join(unknown)}")
    people = {}
    for sid in sorted(set(known) & set(roster)):
        s, entry = known[sid], roster[sid]
        people[sid] = {"first_name": s.first_name, "last_name": s.last_name, "email": s.email,
                       **{k: v for k, v in entry.items() if v}}
    return people


def _display_name(sid, person):
    """The name as Canvas sorts it: ``Last, First`` (the roster's ``name`` when it has one, else the id)."""
    if person.get("name"):
        return person["name"]
    last, first = person.get("last_name", ""), person.get("first_name", "")
    return f"{last}, {first}" if last and first else last or first or sid


def _scores(graded, sid, notes):
    cells = []
    for res in graded:
        sub = res.by_student.get(sid)
        if sub is not None and sub.score is None:
            notes.append(f"{sid}, {res.name}: score withheld for review (left empty)")
        cells.append("" if sub is None or sub.score is None else f"{sub.score:g}")
    return cells


def build(gradebook, fmt, roster=None, assignments=None):
    """The :class:`Export` of the gradebook in format ``fmt`` (one of :data:`FORMATS`).

    Parameters
    ----------
    roster : dict or None
        From :func:`read_roster`.
    assignments : list of str or None
        Only these assignments (default: every one with a submission).
    """
    from . import results  # SQLAlchemy: imported when needed (the command line imports this module to list FORMATS)

    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    names = results.assignment_names(gradebook)
    unknown = sorted(set(assignments or ()) - set(names))
    if unknown:
        raise SystemExit(f"nncourse export: the gradebook has no assignment {', '.join(unknown)} "
                         f"(it has: {', '.join(names) or 'none'})")
    graded = [res for res in (results.read_assignment(gradebook, n) for n in names if not assignments or n in assignments)
              if res.submissions]
    notes = []
    people = _people(results.read_students(gradebook), roster, notes)
    titles = [res.name for res in graded]
    preamble = []
    if fmt == "canvas":
        header, rows = CANVAS_COLUMNS + titles, []
        preamble.append(["Points Possible", "", "", "", ""] + [f"{res.max_score:g}" for res in graded])
        if roster is None:
            notes.append("no --roster: Canvas will match students by name only (Last, First); a roster with "
                         "canvas_id, sis_user_id or sis_login_id matches them exactly")
        for sid, p in people.items():
            rows.append([_display_name(sid, p), p.get("canvas_id", ""), p.get("sis_user_id", ""),
                         p.get("sis_login_id", ""), p.get("section", "")] + _scores(graded, sid, notes))
    elif fmt == "moodle":
        header, rows = MOODLE_COLUMNS + titles, []
        unmatched = [sid for sid, p in people.items() if not p.get("email") and not p.get("id_number")]
        if unmatched:
            notes.append(f"no email and no ID number, so Moodle cannot match them (not exported): {', '.join(unmatched)}")
        for sid, p in people.items():
            if sid not in unmatched:
                rows.append([p.get("first_name", ""), p.get("last_name", ""), p.get("id_number", ""),
                             p.get("email", "")] + _scores(graded, sid, notes))
    else:
        header = CSV_COLUMNS + titles
        rows = [[sid, p.get("first_name", ""), p.get("last_name", ""), p.get("email", "")] + _scores(graded, sid, notes)
                for sid, p in people.items()]
    hand = sorted({f"{s.student} ({res.name})" for res in graded for s in res.submissions if s.waits_for_hand_grading})
    if hand:
        notes.append(f"{len(hand)} submission(s) have cells still to grade by hand, counted as 0 in their score: "
                     + ", ".join(hand[:10]) + (", ..." if len(hand) > 10 else ""))
    return Export(header, rows, titles, preamble, notes)


def write(export, path):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(export.header)
        writer.writerows([spreadsheet_cell(v) for v in row] for row in export.preamble + export.rows)


def main(course, fmt, out=None, roster_path=None, assignments=None):
    """``nncourse export``: write the file, print where it is and every note; returns the exit status."""
    from nbgrader.api import Gradebook

    roster = read_roster(roster_path) if roster_path else None
    with Gradebook(course.db_url, course.course_id or "default_course") as gb:
        export = build(gb, fmt, roster, assignments)
    path = course.root / "exports" / f"{fmt}.csv" if out is None else out
    path.parent.mkdir(parents=True, exist_ok=True)
    write(export, path)
    print(f"{fmt}: {len(export.rows)} student(s), {len(export.assignments)} assignment(s) "
          f"({', '.join(export.assignments) or 'none with a submission'}) -> {path}")
    for note in export.notes:
        print(f"  note: {note}")
    return 0
