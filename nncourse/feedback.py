"""The student's feedback page, without the hidden tests.

nbgrader's own ``generate_feedback`` renders the autograded notebook, hidden
tests and their tracebacks included. Here the page is built from that notebook
with, for every test cell:

- its visible part only (the lines between ``### BEGIN HIDDEN TESTS`` and
  ``### END HIDDEN TESTS`` are replaced by one comment);
- its result and, when it failed, the error's name and message, never the
  traceback (a traceback quotes the failing line of the test);

and, in every output of the notebook, each line of a hidden test that is not
also a visible line is blanked out (a student's function could print the code
that called it). Everything the student wrote is escaped: no HTML or script of
theirs reaches the page, whose Content-Security-Policy forbids scripts anyway.
Encoded copies of the hidden tests (base64, ...) are not recognised: see
GRADING.md. A page stays under ``MAX_PAGE`` bytes (output text and pictures
are cut first).
"""

import base64
import html
import re

import mistune

from . import cells

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
MAX_TEXT = 5000  # characters of output shown per cell
MAX_PICTURES = 4 * 1024 * 1024  # bytes of pictures per page
MAX_PAGE = 10 * 1024 * 1024
HEAD_ROOM = 1024 * 1024  # bytes of a page that are not the notebook's cells
BEGIN, END = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"
RULE = ("A test passes when it runs to its end without an error; what your code prints, warnings and log "
        "messages cost nothing. Hidden tests are not shown: a failed one says which part failed and why.")

STYLE = """
body { font-family: sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.4; }
pre { background: #f6f8fa; padding: .5rem; overflow-x: auto; white-space: pre-wrap; }
pre.error { background: #fdecea; } pre.test { border-left: 4px solid #888; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .2rem .5rem; vertical-align: top; }
tr.failed { background: #fdecea; } tr.passed { background: #eaf7ea; }
.graded { border: 1px solid #ddd; padding: .5rem; margin: .5rem 0; } .score { font-weight: bold; }
td pre { margin: 0; background: none; padding: 0; } img { max-width: 100%; }
"""


def split_hidden(source, begin=BEGIN, end=END):
    """(visible source with a placeholder, list of hidden lines)."""
    visible, hidden, inside = [], [], False
    for line in source.splitlines():
        if begin in line:
            inside = True
            visible.append("# (hidden tests: not shown)")
        elif end in line:
            inside = False
        elif inside:
            hidden.append(line)
        else:
            visible.append(line)
    return "\n".join(visible), hidden


def redactor(nb, begin=BEGIN, end=END):
    """A function that blanks, in a text, every line of the notebook's hidden tests that is not also a
    visible line (12 characters or more); the feedback pages and the class report use it."""
    visible_lines, hidden_lines = set(), set()
    for cell in nb.cells:
        shown, hidden = split_hidden(cell.source, begin, end)
        visible_lines.update(line.strip() for line in shown.splitlines())
        hidden_lines.update(line.strip() for line in hidden)
    secret = sorted((line for line in hidden_lines - visible_lines if len(line) >= 12), key=len, reverse=True)

    def redact(text):
        for line in secret:
            if line in text:
                text = text.replace(line, "[hidden test]")
        return text
    return redact


def _text(output):
    if output.output_type == "stream":
        return output.get("text", "")
    if output.output_type in ("execute_result", "display_data"):
        return output.get("data", {}).get("text/plain", "")
    if output.output_type == "error":
        return f"{output.get('ename', '')}: {output.get('evalue', '')}"
    return ""


class _Page:
    """The parts of one page as it is built, with its budgets for text and pictures."""

    def __init__(self, redact):
        self.redact, self.pictures = redact, 0

    def picture(self, output):
        png = output.get("data", {}).get("image/png") if output.output_type == "display_data" else None
        if not isinstance(png, str) or self.pictures + len(png) > MAX_PICTURES:
            return None
        try:
            base64.b64decode(png, validate=True)
        except ValueError:
            return None
        self.pictures += len(png)
        return f'<img alt="a figure your code drew" src="data:image/png;base64,{png}">'

    def outputs(self, cell, role):
        parts, shown = [], 0
        for output in cell.get("outputs", []):
            if role == cells.TEST and output.output_type != "error":
                continue  # what a test cell prints is not the student's to see
            if output.output_type == "error" and role != cells.TEST:
                text = "\n".join(ANSI.sub("", line) for line in output.get("traceback", [])) or _text(output)
            else:
                text = ANSI.sub("", _text(output))
            picture = self.picture(output) if role != cells.TEST else None
            if picture:
                parts.append(picture)
                continue
            if not text:
                continue
            text = self.redact(text)
            if shown + len(text) > MAX_TEXT:
                text = text[: max(0, MAX_TEXT - shown)] + "\n... (output shortened)"
            shown += len(text)
            kind = "error" if output.output_type == "error" or output.get("name") == "stderr" else "out"
            parts.append(f'<pre class="{kind}">{html.escape(text)}</pre>')
            if shown >= MAX_TEXT:
                break
        return "".join(parts)


def _verdict(cell, grade, role, redact):
    """(status, score text, message) of one graded cell."""
    if grade.needs_manual_grade or grade.auto_score is None:
        return "to be graded by hand", "", ""
    if grade.auto_score >= grade.max_score:
        return "passed", f"{grade.auto_score:g}", ""
    errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
    message = redact(ANSI.sub("", _text(errors[-1]))) if errors else "no answer" if role == cells.WRITTEN else ""
    return "failed", f"{grade.auto_score:g}", message


def _summary(grades, withheld):
    if withheld:
        return ("Your submission is being reviewed by your instructor: its autograded score is withheld until then. "
                "The results below are those of the tests as they ran.")
    auto = [g for g in grades if g.cell_type == "code"]
    by_hand = [g for g in grades if g.cell_type != "code"]
    got = sum(g.auto_score or 0 for g in auto)
    out_of = sum(g.max_score for g in auto)
    text = f"Autograded: <b>{got:g} / {out_of:g}</b> points."
    if by_hand:
        text += f" Graded by hand: {sum(g.max_score for g in by_hand):g} points (your written answers), later."
    return text


def render(nb, grades, assignment, student, markers=(BEGIN, END), withheld=False):
    """The feedback page of one notebook, as a string.

    Parameters
    ----------
    nb : NotebookNode
        The autograded notebook.
    grades : list of messages.Grade
        This notebook's graded cells.
    markers : (str, str)
        The course's hidden-test delimiters.
    withheld : bool
        The score is withheld (the submission is for review).
    """
    begin, end = markers
    markdown = mistune.create_markdown(escape=True)
    redact = redactor(nb, begin, end)
    page = _Page(redact)
    by_name = {g.name: g for g in grades}
    rows, body, size, cut = [], [], 0, False
    for index, cell in enumerate(nb.cells):
        role, grade_id = cells.role(cell), cells.grade_id(cell)
        if cell.cell_type == "markdown":
            part = f'<div class="md">{markdown(cell.source)}</div>'
        else:
            source = split_hidden(cell.source, begin, end)[0] if role == cells.TEST else cell.source
            part = f'<pre class="code {role}">{html.escape(source)}</pre>' + page.outputs(cell, role)
        grade = by_name.get(grade_id)
        if grade is not None:
            status, score, message = _verdict(cell, grade, role, redact)
            rows.append(f'<tr class="{status.split()[0]}"><td><a href="#c{index}">{html.escape(grade_id)}</a></td>'
                        f'<td>{score} / {grade.max_score:g}</td><td>{status}</td>'
                        f'<td><pre>{html.escape(message[:MAX_TEXT])}</pre></td></tr>')
            verdict = f"{html.escape(grade_id)}: {status}, {score or '?'} / {grade.max_score:g}"
            part = f'<div id="c{index}" class="graded">{part}<p class="score">{verdict}</p></div>'
        size += len(part.encode("utf-8", "surrogatepass"))
        if size < MAX_PAGE - HEAD_ROOM:  # the header and the table of results (a row per graded cell) fit in the rest
            body.append(part)
        elif not cut:
            cut = True
            body.append("<p>(the rest of the notebook is not shown here: the page would be too large)</p>")
    title = html.escape(f"{assignment}: feedback for {student}")
    out = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<style>{STYLE}</style></head><body>
<h1>{title}</h1>
<p>{_summary(grades, withheld)}</p>
<p>{html.escape(RULE)}</p>
<table><tr><th>part</th><th>points</th><th>result</th><th>message</th></tr>
{''.join(rows)}
</table>
<hr>
{''.join(body)}
</body></html>
"""
    return out
