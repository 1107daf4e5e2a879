"""``nncourse export``: Canvas, Moodle and plain CSV, from a gradebook whose every score is known by construction.

The Canvas file is read back by :func:`canvas_import`, which applies the rules
of Canvas's own gradebook importer (``GradebookImporter`` in canvas-lms): the
header must start ``Student``, ``ID``, ``SIS User ID``, ``SIS Login ID``,
``Section``; a row whose first cell says ``Points Possible`` gives each
assignment column its points; every other row is a student, found by Canvas
id, SIS user id, SIS login id or name, with one grade per assignment column.
"""

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

from grading import synthetic

NNCOURSE = Path(sys.executable).with_name("nncourse")
A, B = synthetic.ASSIGNMENT, synthetic.SECOND


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return synthetic.build(tmp_path_factory.mktemp("export"))


def expected_scores():
    """(student, assignment) -> the score to export ("" for none), from the class's table alone."""
    points = synthetic.points()
    out = {}
    for sid, o in synthetic.OUTCOMES.items():
        if o.status == "review":
            out[sid, A] = ""  # withheld
        elif o.minutes_late is not None and o.minutes_late > 0:
            out[sid, A] = 0.0  # the course's LateSubmissionPlugin takes the whole score ("zero")
        else:
            out[sid, A] = sum(points[t] * p for t, p in zip(synthetic.TESTS, o.passed)) + (o.written or 0)
        out[sid, B] = "" if o.second is None else float(sum(o.second))
    out[synthetic.NO_SUBMISSION, A] = out[synthetic.NO_SUBMISSION, B] = ""
    return out


def canvas_import(path):
    """The assignments' points and each student's grades, read as Canvas's gradebook importer reads the file."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    assert len(header) > 3 and re.search("Student", header[0]) and re.search("ID", header[1]), "Couldn't find header row"
    assert re.search(r"SIS\s+User\s+ID", header[2]) and re.search(r"SIS\s+Login\s+ID", header[3])
    assert re.search("Section", header[4]), "the last student column must be Section"
    titles = header[5:]
    assert not [t for t in titles if re.search("Current Score|Final Score|Final Grade", t)]
    points, students = None, {}
    for row in rows[1:]:
        assert len(row) == len(header), row
        if re.search("Points Possible", row[0]):
            points = dict(zip(titles, map(float, row[5:])))
            continue
        name, canvas_id, sis_user, sis_login, section = row[:5]
        key = canvas_id or sis_user or sis_login or name
        assert key and key not in students, f"a student Canvas cannot find, or found twice: {row}"
        students[key] = {"name": name, "section": section, **dict(zip(titles, row[5:]))}
    assert points is not None, "no Points Possible row"
    assert rows[1][0] == "Points Possible", "the Points Possible row comes right after the header"
    for grades in students.values():
        for title in titles:
            assert grades[title] == "" or 0 <= float(grades[title]) <= points[title], (title, grades)
    return points, students


def write_roster(path, rows, columns=("student_id", "name", "canvas_id", "sis_user_id", "sis_login_id", "section",
                                      "email", "id_number")):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(columns)
        writer.writerows(rows)
    return path


def test_canvas_file_follows_canvas_import_format_and_the_roster(course, tmp_path):
    # the roster lacks s12 and s03, and has a student the gradebook never saw
    roster = [[sid, f"Last{sid[1:]}, First{sid[1:]}", str(1000 + i), f"SIS{sid}", f"{sid}@uni.example", "Section A",
               f"{sid}@uni.example", ""] for i, sid in enumerate(synthetic.OUTCOMES) if sid != "s03"]
    roster.append(["s99", "Nobody, Ann", "1999", "SISs99", "s99@uni.example", "Section B", "", ""])
    out = tmp_path / "canvas.csv"
    proc = subprocess.run([str(NNCOURSE), "export", "--format", "canvas", "--course", str(course.root), "--out", str(out),
                           "--roster", str(write_roster(tmp_path / "roster.csv", roster))],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    points, students = canvas_import(out)
    assert points == {A: 15.0, B: 10.0}
    assert set(students) == {str(1000 + i) for i, sid in enumerate(synthetic.OUTCOMES) if sid != "s03"}
    expected = expected_scores()
    for i, sid in enumerate(synthetic.OUTCOMES):
        if sid == "s03":
            continue
        row = students[str(1000 + i)]
        assert row["name"] == f"Last{sid[1:]}, First{sid[1:]}" and row["section"] == "Section A"
        for assignment in (A, B):
            want = expected[sid, assignment]
            assert (row[assignment] == "") if want == "" else float(row[assignment]) == want, (sid, assignment, row)
    assert "in the gradebook but not in the roster (not exported): s03, s12" in proc.stdout
    assert "in the roster but not in the gradebook (no grade to export): s99" in proc.stdout
    assert "s11, 01_neurons: score withheld for review (left empty)" in proc.stdout
    hand = [sid for sid, o in synthetic.OUTCOMES.items() if o.written is None and o.status != "zero"]
    assert f"{len(hand)} submission(s) have cells still to grade by hand" in proc.stdout


def test_canvas_without_a_roster_names_students_as_canvas_sorts_them(course):
    from nbgrader.api import Gradebook

    from nncourse.export import build

    with Gradebook(course.db_url, course.course_id) as gb:
        export = build(gb, "canvas")
    assert export.preamble == [["Points Possible", "", "", "", "", "15", "10"]]
    assert [row[0] for row in export.rows] == [f"Last{s[1:]}, First{s[1:]}" for s in sorted(synthetic.NAMES)]
    assert any("match students by name only" in note for note in export.notes)


def test_moodle_file_is_matched_by_email(course, tmp_path):
    # s05: the roster has no email (the gradebook's is used); s10: no email anywhere and no ID number
    roster = [[sid, "", "", "", "", "", "" if sid in ("s05", "s10") else f"{sid}@uni.example",
               "" if sid == "s10" else f"N{sid}"] for sid in synthetic.NAMES]
    out = tmp_path / "moodle.csv"
    proc = subprocess.run([str(NNCOURSE), "export", "--format", "moodle", "--course", str(course.root), "--out", str(out),
                           "--roster", str(write_roster(tmp_path / "roster.csv", roster))],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with open(out, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["First name", "Last name", "ID number", "Email address", A, B]
    by_id = {r["ID number"]: r for r in rows}
    assert "" not in by_id and "no email and no ID number, so Moodle cannot match them (not exported): s10" in proc.stdout
    assert len(rows) == len(synthetic.NAMES) - 1
    assert by_id["Ns05"]["Email address"] == "s05@example.org", "the gradebook's email fills in"
    assert by_id["Ns02"]["Email address"] == "s02@uni.example", "the roster's email comes first"
    expected = expected_scores()
    for row in rows:
        sid = row["ID number"][1:]
        for assignment in (A, B):
            want = expected[sid, assignment]
            assert (row[assignment] == "") if want == "" else float(row[assignment]) == want, (sid, assignment)


def test_plain_csv_has_every_student_of_the_gradebook(course, tmp_path):
    # a course folder without a gradebook of its own: --db names the one to read
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "nbgrader_config.py").write_text((course.root / "nbgrader_config.py").read_text())
    out = tmp_path / "grades.csv"
    proc = subprocess.run([str(NNCOURSE), "export", "--format", "csv", "--course", str(elsewhere), "--out", str(out),
                           "--db", course.db_url, "--assignment", B], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with open(out, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["student_id", "first_name", "last_name", "email", B], "only the assignment asked for"
    assert [r["student_id"] for r in rows] == sorted(synthetic.NAMES)
    expected = expected_scores()
    for r in rows:
        want = expected[r["student_id"], B]
        assert (r[B] == "") if want == "" else float(r[B]) == want
        assert r["email"] == ("" if r["student_id"] == synthetic.NO_EMAIL else f"{r['student_id']}@example.org")


@pytest.mark.parametrize("content, message", [
    ("name,email\nAda,ada@x\n", "a roster needs a student_id column"),
    ("student_id,canvas\ns01,12\n", "unknown roster column(s) canvas"),
    ("student_id,email\ns01,a@x\ns01,b@x\n", "student_id 's01' is listed twice"),
    ("student_id,email\n,a@x\n", "line 2: empty student_id"),
])
def test_a_bad_roster_says_what_was_expected(tmp_path, content, message):
    from nncourse.export import read_roster

    path = tmp_path / "roster.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SystemExit, match=re.escape(message)):
        read_roster(path)
