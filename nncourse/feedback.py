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
theirs reaches the page. Encoded copies of the hidden tests (base64, ...) are
not recognised: see GRADING.md.
"""

import base64
import html
import re
from pathlib import Path

import nbformat

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
MAX_TEXT = 5000  # characters of output shown per cell
BEGIN, END = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"


def _role(cell):
    meta = cell.metadata.get("nbgrader", {})
    grade, solution = meta.get("grade", False), meta.get("solution", False)
    if cell.cell_type == "code":
        return "test" if grade and not solution else "answer" if solution else "code"
    return "written" if grade and solution else "markdown"


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


def _redactor(nb, begin, end):
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


def _outputs_html(cell, role, redact):
    parts, shown = [], 0
    for output in cell.get("outputs", []):
        if role == "test" and output.output_type != "error":
            continue  # what a test cell prints is not the student's to see
        if output.output_type == "error" and role != "test":
            text = "\n".join(ANSI.sub("", line) for line in output.get("traceback", [])) or _text(output)
        else:
            text = ANSI.sub("", _text(output))
        png = output.get("data", {}).get("image/png") if output.output_type == "display_data" else None
        if png and role != "test" and len(png) < 400_000:
            try:
                base64.b64decode(png, validate=True)
                parts.append(f'<img alt="figure" src="data:image/png;base64,{png}">')
                continue
            except ValueError:
                pass
        if not text:
            continue
        text = redact(text)
        if shown + len(text) > MAX_TEXT:
            text = text[: max(0, MAX_TEXT - shown)] + "\n... (output shortened)"
        shown += len(text)
        kind = "error" if output.output_type == "error" or output.get("name") == "stderr" else "out"
        parts.append(f'<pre class="{kind}">{html.escape(text)}</pre>')
        if shown >= MAX_TEXT:
            break
    return "".join(parts)


def render(nb, grades, assignment, student, begin=BEGIN, end=END):
    """The feedback page of one notebook, as a string."""
    import mistune

    markdown = mistune.create_markdown(escape=True)
    redact = _redactor(nb, begin, end)
    by_name = {g["name"]: g for g in grades}
    auto = [g for g in grades if g["auto_score"] is not None and not g["needs_manual_grade"]]
    got = sum(g["auto_score"] for g in auto)
    out_of = sum(g["max_score"] for g in auto)
    pending = sum(g["max_score"] for g in grades if g["needs_manual_grade"])
    rows, body = [], []
    for index, cell in enumerate(nb.cells):
        role = _role(cell)
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        grade = by_name.get(grade_id)
        if role in ("markdown", "written"):
            body.append(f'<div class="md">{markdown(cell.source)}</div>')
        else:
            source = split_hidden(cell.source, begin, end)[0] if role == "test" else cell.source
            body.append(f'<pre class="code {role}">{html.escape(source)}</pre>' + _outputs_html(cell, role, redact))
        if grade is None:
            continue
        if grade["needs_manual_grade"]:
            status, message = "to be graded by hand", ""
        elif grade["auto_score"] >= grade["max_score"]:
            status, message = "passed", ""
        else:
            status = "failed"
            errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
            stderr = [o for o in cell.get("outputs", []) if o.output_type == "stream" and o.get("name") == "stderr"]
            shown = errors[-1:] or stderr[:1]
            message = redact(ANSI.sub("", _text(shown[0]))) if shown else "no answer" if role == "written" else ""
        score = "" if grade["needs_manual_grade"] else f"{grade['auto_score']:g}"
        rows.append(f'<tr class="{status.split()[0]}"><td><a href="#c{index}">{html.escape(grade_id)}</a></td>'
                    f'<td>{score} / {grade["max_score"]:g}</td><td>{status}</td>'
                    f'<td><pre>{html.escape(message[:MAX_TEXT])}</pre></td></tr>')
        verdict = f"{html.escape(grade_id)}: {status}, {score or '?'} / {grade['max_score']:g}"
        body[-1] = f'<div id="c{index}" class="graded">{body[-1]}<p class="score">{verdict}</p></div>'
    title = html.escape(f"{assignment}: feedback for {student}")
    summary = f"Autograded: <b>{got:g} / {out_of:g}</b> points." + (f" Graded by hand later: {pending:g} points." if pending else "")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<style>
body {{ font-family: sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.4; }}
pre {{ background: #f6f8fa; padding: .5rem; overflow-x: auto; white-space: pre-wrap; }}
pre.error {{ background: #fdecea; }} pre.test {{ border-left: 4px solid #888; }}
table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #ccc; padding: .2rem .5rem; vertical-align: top; }}
tr.failed {{ background: #fdecea; }} tr.passed {{ background: #eaf7ea; }}
.graded {{ border: 1px solid #ddd; padding: .5rem; margin: .5rem 0; }} .score {{ font-weight: bold; }}
td pre {{ margin: 0; background: none; padding: 0; }}
</style></head><body>
<h1>{title}</h1>
<p>{summary} Hidden tests are not shown: a failed one says which part failed and why.</p>
<table><tr><th>part</th><th>points</th><th>result</th><th>message</th></tr>
{''.join(rows)}
</table>
<hr>
{''.join(body)}
</body></html>
"""


def write_feedback(job_dir, assignment, student, grades, settings):
    """Write ``feedback/<student>/<assignment>/<notebook>.html`` in ``job_dir``; return that folder."""
    job_dir = Path(job_dir)
    folder = job_dir / "feedback" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    begin, end = settings.get("hidden_begin", BEGIN), settings.get("hidden_end", END)
    for path in sorted((job_dir / "autograded" / student / assignment).glob("*.ipynb")):
        nb = nbformat.read(str(path), as_version=4)
        mine = [g for g in grades if g["notebook"] == path.stem]
        (folder / f"{path.stem}.html").write_text(render(nb, mine, assignment, student, begin, end), encoding="utf-8")
    return folder
