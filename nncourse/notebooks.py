"""A submitted notebook, read defensively and rebuilt against the release.

:func:`prepare_notebook` turns the bytes a student sent into the notebook that
nbgrader grades:

- invalid JSON, or JSON that is not a notebook, scores zero with its reason;
- everything else is rebuilt as a clean nbformat 4 notebook: cell types and
  sources only (outputs, attachments other than pictures, and all metadata are
  dropped); text that cannot be written as UTF-8 (a lone surrogate) is replaced;
  markdown the student wrote is made inert (:mod:`nncourse.sanitize`);
- **nbgrader's metadata always comes from the release**, never from the
  student: a cell that names a ``grade_id`` of the release (with the right cell
  type) gets that release cell's metadata, whatever the student's copy says
  (a test cell turned into a solution cell is a test cell again); cells whose
  metadata was stripped, duplicated or altered are found by their place and
  content (:func:`_align`): test cells and locked cells by their source, answer
  cells by the function they define, written answers by their place between
  the cells around them. A note says what was restored. nbgrader then puts
  every test cell back from the gradebook, and adds the ones still missing.
"""

import difflib
import json
import re
from dataclasses import dataclass

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_raw_cell

from . import cells
from .sanitize import inert_markdown

MB = 1024 * 1024
MAX_SOURCE = 2 * MB  # characters of source in all, once outputs are dropped
PICTURES = ("image/png", "image/jpeg", "image/gif")


@dataclass
class Prepared:
    notebook: object  # nbformat.NotebookNode, or None when there is nothing to grade
    notes: list


def clean_text(text):
    """``text`` as writable UTF-8: lone surrogates and other unencodable characters become U+FFFD."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _source(cell):
    source = cell.get("source", "")
    if isinstance(source, list):
        source = "".join(s for s in source if isinstance(s, str))
    return clean_text(source if isinstance(source, str) else str(source))


def _cells_of(raw):
    """The list of cell dicts of a parsed notebook (nbformat 4, or 3's first worksheet), or None."""
    if not isinstance(raw, dict):
        return None
    found = raw.get("cells")
    if isinstance(found, list):
        return found
    sheets = raw.get("worksheets")
    if isinstance(sheets, list) and sheets and isinstance(sheets[0], dict) and isinstance(sheets[0].get("cells"), list):
        return sheets[0]["cells"]
    return None


def _rebuild(cell):
    """A clean cell from a student's cell dict: type and source (and pictures attached to markdown)."""
    kind, text = cell.get("cell_type"), _source(cell)
    if kind == "code":
        return new_code_cell(text)
    if kind == "markdown":
        new = new_markdown_cell(text)
        attachments = cell.get("attachments")
        if isinstance(attachments, dict):
            kept = {name: {m: v for m, v in bundle.items() if m in PICTURES and isinstance(v, str)}
                    for name, bundle in attachments.items() if isinstance(bundle, dict) and isinstance(name, str)}
            kept = {name: bundle for name, bundle in kept.items() if bundle}
            if kept:
                new["attachments"] = kept
        return new
    return new_raw_cell(text)


def _claimed_id(cell):
    meta = cell.get("metadata")
    meta = meta.get("nbgrader") if isinstance(meta, dict) else None
    grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
    return grade_id if isinstance(grade_id, str) else None


def _defined(source):
    return set(re.findall(r"^def\s+([A-Za-z_]\w*)\s*\(", source, flags=re.MULTILINE))


def _similar(a, b):
    a, b = a.strip(), b.strip()
    return a == b or (len(a) > 20 and difflib.SequenceMatcher(None, a, b, autojunk=False).quick_ratio() > 0.9
                      and difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() > 0.9)


def _align(submitted, claimed, release):
    """{submitted cell index: release cell index} for the release's cells with nbgrader metadata.

    Parameters
    ----------
    submitted : list of NotebookNode
        The rebuilt cells (no metadata).
    claimed : list of str or None
        The ``grade_id`` each submitted cell claimed.
    release : list of NotebookNode
        The release's cells.
    """
    graded = {cells.grade_id(c): i for i, c in enumerate(release) if cells.grade_id(c) is not None}
    match = {}  # submitted index -> release index
    taken = set()

    def fits(s, r):
        return submitted[s].cell_type == release[r].cell_type and r not in taken and s not in match

    claims = {}  # 1. the grade_id a cell claims, when it fits; of several claimants, the one that fits best
    for s, grade_id in enumerate(claimed):
        r = graded.get(grade_id)
        if r is not None and fits(s, r) and (cells.role(release[r]) != cells.LOCKED
                                             or _similar(submitted[s].source, release[r].source)):
            claims.setdefault(r, []).append(s)
    for r, claimants in claims.items():
        match[_best(claimants, release[r], submitted)], taken = r, taken | {r}
    for r in sorted(set(graded.values()) - taken):  # 2. test and locked cells by their source
        if cells.role(release[r]) in (cells.TEST, cells.LOCKED, cells.TASK):
            s = next((s for s in range(len(submitted)) if fits(s, r) and _similar(submitted[s].source, release[r].source)), None)
            if s is not None:
                match[s], taken = r, taken | {r}
    for r in sorted(set(graded.values()) - taken):  # 3. answers and written answers by their place
        lo, hi = _bounds(r, match, len(submitted))
        window = [s for s in range(lo, hi) if fits(s, r)]
        if cells.role(release[r]) == cells.ANSWER:
            wanted = _defined(release[r].source)
            window = [s for s in window if wanted and wanted <= _defined(submitted[s].source)] or \
                ([s for s in window if not _defined(submitted[s].source) - wanted] if not wanted else [])
        elif cells.role(release[r]) == cells.WRITTEN:
            statements = {c.source.strip() for c in release if c.cell_type == "markdown"}
            window = [s for s in window if submitted[s].source.strip() not in statements]
        else:
            window = []
        if window:
            match[window[-1]], taken = r, taken | {r}
    return match


def _best(claimants, release_cell, submitted):
    """Of the cells that claim the same release cell, the one whose content fits it best (the last on a tie)."""
    if cells.role(release_cell) == cells.ANSWER:
        wanted = _defined(release_cell.source)
        score = lambda s: bool(wanted) and wanted <= _defined(submitted[s].source)  # noqa: E731
    else:  # a test or locked cell: the most like the release's; a written answer: the least like its blank
        sign = -1 if cells.role(release_cell) == cells.WRITTEN else 1
        score = lambda s: sign * difflib.SequenceMatcher(None, submitted[s].source, release_cell.source).quick_ratio()  # noqa: E731
    return max(reversed(claimants), key=score) if len(claimants) > 1 else claimants[0]


def _bounds(r, match, n):
    """The submitted cells between the matched cells just before and just after release cell ``r``."""
    before = [s for s, rr in match.items() if rr < r]
    after = [s for s, rr in match.items() if rr > r]
    return (max(before) + 1 if before else 0), (min(after) if after else n)


def prepare_notebook(data, release, max_bytes=20 * MB):
    """The notebook to grade from a submitted file's bytes, and notes on what was done to it.

    Parameters
    ----------
    data : bytes or None
        The file as submitted (None: no file).
    release : NotebookNode
        The released notebook of the assignment (its nbgrader metadata is the truth).
    max_bytes : int
        Larger files are not read.

    Returns
    -------
    Prepared
        ``notebook`` is None when there is nothing to grade; ``notes`` are one-line reasons.
    """
    if data is None:
        return Prepared(None, [])
    if len(data) > max_bytes:
        return Prepared(None, [f"notebook larger than {max_bytes // MB} MB: not graded"])
    try:
        raw = json.loads(data.decode("utf-8-sig", errors="replace"))
    except (ValueError, RecursionError) as exc:
        where = f" (line {exc.lineno})" if isinstance(exc, json.JSONDecodeError) else ""
        return Prepared(None, [f"not a valid notebook: invalid JSON{where}"])
    found = _cells_of(raw)
    if found is None:
        return Prepared(None, ["not a valid notebook: no list of cells"])
    found = [c for c in found if isinstance(c, dict)]
    rebuilt = [_rebuild(c) for c in found]
    if sum(len(c.source) for c in rebuilt) > MAX_SOURCE:
        return Prepared(None, [f"more than {MAX_SOURCE // MB} MB of source text in the notebook: not graded"])
    claimed = [_claimed_id(c) for c in found]
    match = _align(rebuilt, claimed, release.cells)
    restored = 0  # cells whose metadata is not what the student's file said
    for s, cell in enumerate(rebuilt):
        original = found[s].get("metadata")
        original = original.get("nbgrader") if isinstance(original, dict) else None
        if s in match:
            truth = release.cells[match[s]].metadata["nbgrader"]
            cell.metadata["nbgrader"] = nbformat.from_dict(json.loads(json.dumps(truth)))
            restored += original != truth
        elif original is not None:
            restored += 1
        if cell.cell_type == "markdown" and cells.role(cell) not in (cells.LOCKED, cells.TEST):
            cell.source = inert_markdown(cell.source)
    nb = new_notebook(cells=rebuilt, metadata={k: release.metadata[k] for k in ("kernelspec", "language_info")
                                               if k in release.metadata})
    notes = [f"nbgrader metadata of {restored} cell(s) restored from the release"] if restored else []
    return Prepared(nb, notes + _test_cell_notes(nb, release))


def _test_cell_notes(nb, release):
    def tests(notebook):
        return {cells.grade_id(c): c.source for c in notebook.cells if cells.role(c) == cells.TEST}

    expected, got = tests(release), tests(nb)
    deleted = [g for g in expected if g not in got]
    edited = [g for g in expected if g in got and got[g].strip() != expected[g].strip()]
    parts = ([f"{len(deleted)} test cell(s) deleted"] if deleted else []) + ([f"{len(edited)} edited"] if edited else [])
    return [", ".join(parts) + " (restored from the gradebook)"] if parts else []
