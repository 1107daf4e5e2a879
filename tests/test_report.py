"""``nncourse report``: item analysis, the page and the class across assignments, on a class known by construction.

The class (``tests/grading/synthetic.py``) is written straight into a gradebook
with nbgrader's API: which test cells each student passed, what each failure
says and where, who was late, who is withheld for review, how long grading
took. Every number of ``items.csv`` is computed here again from that table
alone, with the point-biserial written as the difference of means (the module
uses Pearson's correlation), and the page is opened in Chromium with every
request that is not the page itself refused.
"""

import csv
import html
import math
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path

import nbformat
import pytest

from assignments import notebook
from grading import synthetic

ROOT = Path(__file__).resolve().parent.parent
NNCOURSE = Path(sys.executable).with_name("nncourse")
SCREENSHOTS = ROOT / "_build" / "screenshots"
A = synthetic.ASSIGNMENT


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = synthetic.build(tmp_path_factory.mktemp("report"))
    for args in ([A], ["--all"]):
        proc = subprocess.run([str(NNCOURSE), "report", *args, "--course", str(course.root)], capture_output=True,
                              text=True, timeout=300)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return course


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def expected_items():
    """grade_id -> the row items.csv must have, from the class's table alone."""
    points = synthetic.points()
    scored = {sid: o for sid, o in synthetic.OUTCOMES.items() if o.status != "review"}  # s11's score is withheld
    table = {sid: [points[t] * passed for t, passed in zip(synthetic.TESTS, o.passed)] for sid, o in scored.items()}
    rows = {}
    for j, test in enumerate(synthetic.TESTS):
        x = [row[j] for row in table.values()]
        rest = [sum(row) - row[j] for row in table.values()]
        full = [xi == points[test] for xi in x]
        p = sum(full) / len(x)
        # point-biserial: (mean rest of those with full marks - mean rest of the others) * sqrt(p q) / s_rest
        s_rest = statistics.pstdev(rest)
        if 0 < p < 1 and s_rest > 0:
            m1 = statistics.fmean(r for r, f in zip(rest, full) if f)
            m0 = statistics.fmean(r for r, f in zip(rest, full) if not f)
            discrimination = (m1 - m0) * math.sqrt(p * (1 - p)) / s_rest
        else:
            discrimination = None
        # the first line of each failure, trailing colon dropped, hidden test lines blanked
        messages = Counter(o.failures[test][0].rstrip(":").replace(synthetic.HIDDEN_LINE, "[hidden test]")
                           for o in scored.values() if test in o.failures)
        top = min(messages, key=lambda m: (-messages[m], m)) if messages else ""
        rows[test] = {"max_points": points[test], "submissions": len(x), "mean_points": statistics.fmean(x),
                      "full_marks_rate": p, "discrimination": discrimination, "top_failure": top}
    return rows


def test_items_csv_has_every_number_the_class_implies(course):
    rows = read_csv(course.root / "reports" / A / "items.csv")
    assert list(rows[0]) == ["grade_id", "max_points", "submissions", "mean_points", "full_marks_rate",
                             "discrimination", "top_failure"]
    assert [r["grade_id"] for r in rows] == synthetic.TESTS, "one row per test cell, in notebook order"
    expected = expected_items()
    for row in rows:
        want = expected[row["grade_id"]]
        assert float(row["max_points"]) == want["max_points"]
        assert int(row["submissions"]) == want["submissions"] == 10
        assert float(row["mean_points"]) == pytest.approx(want["mean_points"], abs=1e-6)
        assert float(row["full_marks_rate"]) == pytest.approx(want["full_marks_rate"], abs=1e-6)
        if want["discrimination"] is None:
            assert row["discrimination"] == "", row
        else:
            assert float(row["discrimination"]) == pytest.approx(want["discrimination"], abs=1e-6), row["grade_id"]
        assert row["top_failure"] == want["top_failure"], row["grade_id"]
    by_id = {r["grade_id"]: r for r in rows}
    assert float(by_id["test_majority"]["discrimination"]) < 0, "the class makes this item discriminate the wrong way"
    assert by_id["test_mcculloch_pitts_inhibition"]["top_failure"] == "ValueError: failed at [hidden test]"
    # a tie (2 against 2) goes to the first message in alphabetical order
    assert by_id["test_threshold_unit"]["top_failure"] == "AssertionError: threshold_unit with weights 1, 1"


def _hidden_lines():
    """Lines of the hidden tests (12 characters or more) that appear nowhere in the students' release."""
    release = nbformat.read(str(notebook.release_notebook(A)), as_version=4)
    released = "\n".join(c.source for c in release.cells)
    lines = set()
    for cell in notebook.cells(notebook.source_notebook(A)):
        inside = False
        for line in cell.source.splitlines() if cell.role == "test" else []:
            if "HIDDEN TESTS" in line:
                inside = "BEGIN" in line
            elif inside and len(line.strip()) >= 12 and line.strip() not in released:
                lines.add(line.strip())
    return lines


def test_the_page_says_it_all_first_and_never_shows_a_hidden_test(course):
    page = (course.root / "reports" / A / "index.html").read_text(encoding="utf-8")
    text = html.unescape(page)
    summary = text.split('<p class="summary">', 1)[1].split("</p>", 1)[0]
    # 11 submissions (s12's could not be graded), 3 late (s02, s05, s09; the "zero" method takes their score)
    assert summary.startswith("11 submissions of 01_neurons, mean score 4.7 of 15 (median 4.5), 3 late "
                              "(20 points of penalties), 1 withheld for review, 1 could not be graded."), summary
    assert "Hardest test: test_majority, full marks for 30%" in summary
    assert "discrimination under 0.2): test_majority." in summary
    hidden = _hidden_lines()
    assert len(hidden) > 10 and synthetic.HIDDEN_LINE in hidden
    assert not [line for line in hidden if line in text], "a hidden test line is on the page"
    assert "<script" not in page.lower() and "http://" not in page and "https://" not in page
    assert page.count('<img src="data:image/png;base64,') == 4  # scores, pass rates, difficulty, grading times
    for status, n in {"graded": 6, "problems": 3, "zero": 1, "review": 1, "error": 1}.items():
        assert f"<tr><td>{status}</td><td class=\"num\">{n}</td></tr>" in page, status
    for kind, n in {"time-outs": 2, "crashes": 1, "restored cells": 1, "tampering flags": 1,
                    "unreadable or missing notebook": 1}.items():
        assert f"<tr><td>{kind}</td><td class=\"num\">{n}</td></tr>" in page, kind


def test_the_class_across_assignments(course):
    folder = course.root / "reports"
    assignments = {r["assignment"]: r for r in read_csv(folder / "assignments.csv")}
    assert set(assignments) == {A, synthetic.SECOND}
    second = [o.second for o in synthetic.OUTCOMES.values() if o.second is not None]
    assert int(assignments[synthetic.SECOND]["submissions"]) == len(second) == 6
    assert float(assignments[synthetic.SECOND]["mean_score"]) == pytest.approx(statistics.fmean(map(sum, second)))
    students = {r["student_id"]: r for r in read_csv(folder / "students.csv")}
    assert len(students) == 12
    assert students["s12"]["missed"] == "2" and students["s12"]["behind"] == "True"
    assert students["s11"][A] == "withheld" and students["s08"][synthetic.SECOND] == ""
    # s01: 15 + 10 of 25; s03: 6 + 10 of 25 = 0.64 -> not behind; s04: (7 + 5) / 25 = 0.48 < 0.5 -> behind
    assert (students["s01"]["points"], students["s01"]["behind"]) == ("25.0", "False")
    assert (students["s03"]["points"], students["s03"]["behind"]) == ("16.0", "False")
    assert (float(students["s04"]["share"]), students["s04"]["behind"]) == (0.48, "True")
    page = html.unescape((folder / "index.html").read_text(encoding="utf-8"))
    assert "Hardest: 01_neurons (mean 31% of its points)" in page
    assert "Falling behind (missed an assignment, or under 50% of the points so far): 10 students" in page
    assert f'<a href="{A}/index.html">' in page, "links to the assignment's own report"


def test_reports_open_offline_in_chromium_with_legible_figures(course):
    sync_api = pytest.importorskip("playwright.sync_api")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages = {"report-01_neurons.png": course.root / "reports" / A / "index.html",
             "report-class.png": course.root / "reports" / "index.html"}
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        for shot, path in pages.items():
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            outside, errors = [], []
            page.route("**/*", lambda route: route.continue_() if route.request.url == path.as_uri()
                       or route.request.url.startswith("data:") else (outside.append(route.request.url), route.abort()))
            page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
            page.on("pageerror", lambda err: errors.append(str(err)))
            page.goto(path.as_uri(), wait_until="load")
            images = page.evaluate("() => [...document.images].map(i => [i.complete, i.naturalWidth, i.width])")
            assert images and all(done and natural > 0 for done, natural, _ in images), images
            assert all(800 <= natural <= 1000 and shown <= 1366 for _, natural, shown in images), \
                "figures are drawn 9 inches wide at 100 dpi and shown whole on a laptop screen"
            assert page.evaluate("() => document.documentElement.scrollWidth") <= 1366, "no sideways scrolling"
            assert outside == [] and errors == [], (outside, errors)
            page.screenshot(path=str(SCREENSHOTS / shot), full_page=True)
            page.close()
        browser.close()


# -- the parts, in-process --


def test_point_biserial_by_hand_and_where_it_is_undefined():
    from nncourse.stats import point_biserial

    # item [1, 1, 0, 0], rest [3, 2, 2, 1]: p = 1/2, mean rest 2.5 against 1.5, s_rest = sqrt(1/2):
    # (2.5 - 1.5) * sqrt(1/4) / sqrt(1/2) = sqrt(1/2)
    assert point_biserial([1, 1, 0, 0], [3, 2, 2, 1]) == pytest.approx(math.sqrt(0.5), abs=1e-12)
    assert point_biserial([0, 0, 1, 1], [3, 2, 2, 1]) == pytest.approx(-math.sqrt(0.5), abs=1e-12)
    assert point_biserial([2, 2, 2], [1, 2, 3]) is None, "everyone got the same points"
    assert point_biserial([0, 2, 2], [4, 4, 4]) is None, "everyone has the same rest"
    assert point_biserial([2], [3]) is None
    with pytest.raises(ValueError, match="same length"):
        point_biserial([1, 0], [1, 2, 3])


def test_an_undefined_number_is_an_empty_cell(tmp_path):
    from collections import Counter as C

    from nncourse.report import write_items
    from nncourse.stats import ItemStats

    write_items(tmp_path / "items.csv", [ItemStats("test_a", 2.0, 3, 2.0, 1.0, None, "", C()),
                                         ItemStats("test_b", 3.0, 0, None, None, None, "=HYPERLINK(1)", C())])
    rows = read_csv(tmp_path / "items.csv")
    assert rows[0]["discrimination"] == "" and rows[1]["mean_points"] == rows[1]["full_marks_rate"] == ""
    assert rows[1]["top_failure"] == "'=HYPERLINK(1)", "a spreadsheet must not read a message as a formula"


def test_where_a_test_failed_comes_from_the_line_the_traceback_points_at():
    from nncourse.failures import HIDDEN, NO_ERROR, STOPPED, VISIBLE, cell_failure

    source = next(c for c in nbformat.read(str(notebook.source_notebook(A)), as_version=4).cells
                  if c.metadata.get("nbgrader", {}).get("grade_id") == "test_majority")
    visible, hidden = synthetic.visible_and_hidden_line(source.source)
    cell = nbformat.v4.new_code_cell(source.source)

    def fail(line=None, ename="AssertionError"):
        out = synthetic._error(f"{ename}: majority of [1, 1, 0]:", line or visible)
        if line is None:
            out.traceback = [f"{ename}: not run"]  # the grader's own error: no frame of the cell
        cell.outputs = [out]
        return cell_failure(cell, lambda text: text)

    assert fail(visible).where == VISIBLE and fail(hidden).where == HIDDEN
    assert fail(visible).message == "AssertionError: majority of [1, 1, 0]"
    assert fail(ename="CellTimeoutError").where == STOPPED
    cell.outputs = []
    assert cell_failure(cell, lambda text: text).where == NO_ERROR


def test_reasons_are_counted_by_kind_once_per_submission():
    from nncourse.runlog import Run
    from nncourse.stats import reason_counts, status_counts

    runs = [Run(A, "a", "problems", ["majority: timed out after 10 s (interrupted)",
                                      "xor_network: timed out after 10 s (interrupted)"], 3.0, "a", None),
            Run(A, "b", "error", ["grading took longer than 8 s and was stopped"], None, "b", None),
            Run(A, "c", "problems", ["majority: the kernel died (exit status 1)",
                                     "nbgrader metadata of 2 cell(s) restored from the release"], 1.0, "c", None),
            Run(A, "d", "graded", [], 1.0, "d", None),
            Run(A, "e", "problems", ["majority: output of more than 64 MB at once: dropped"], 1.0, "e", None),
            Run(A, "f", "error", ["the grader failed: RuntimeError: no kernel"], 1.0, "f", None)]
    assert reason_counts(runs) == {"time-outs": 2, "crashes": 1, "restored cells": 1, "output dropped": 1,
                                   "grader failures": 1}
    assert status_counts(runs) == {"graded": 1, "problems": 3, "zero": 0, "review": 0, "error": 2}


def test_items_of_several_notebooks_are_named_by_notebook():
    from nncourse.results import AssignmentResults, Item

    items = [Item("part1", "test_a", 2.0), Item("part2", "test_a", 3.0)]
    assert [AssignmentResults("x", None, 5.0, items, []).label(i) for i in items] == ["part1/test_a", "part2/test_a"]
    assert AssignmentResults("x", None, 2.0, items[:1], []).label(items[0]) == "test_a"


def test_the_page_never_shows_the_gradebooks_password():
    from nncourse.report import _shown_url

    assert "s3cret" not in _shown_url("postgresql://grader:s3cret@db.example/nncourse")
    assert _shown_url("sqlite:////course/gradebook.db") == "sqlite:////course/gradebook.db"
