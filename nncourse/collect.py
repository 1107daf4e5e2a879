"""Submissions as they come: a folder per student, or a learning platform's zip.

:func:`collect` turns ``SUBMISSIONS`` into one :class:`Submission` per student:

- a folder with one subfolder per student (any name: spaces, accents, quotes,
  ``$(...)``; the student id is a safe version of it, the original is kept),
  holding the notebook(s) at any depth;
- files named as nbgrader's ``zip_collect`` expects (``<student>_<notebook>.ipynb``,
  matched with the course's ``FileNameCollectorPlugin.named_regexp``), at the top
  of the folder or in a zip file;
- a zip file holding either of the above (a single top folder is looked into).

For each notebook the assignment expects, the best candidate is chosen: the
exact name, else a name that contains it (``01_neurons (1).ipynb``), else the
only notebook the student sent; a note says which. Nothing is followed through
a symbolic link, and no file larger than ``max_bytes`` is read.

:func:`prepare_notebook` then reads one candidate: invalid JSON or a file that
is not a notebook gives a zero with its reason; anything else is rebuilt as a
clean nbformat 4 notebook (cell types, sources, well-formed nbgrader metadata:
nothing else of the student's file reaches nbgrader).
"""

import difflib
import json
import os
import re
import stat
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

SKIP = re.compile(r"(^|/)(\.ipynb_checkpoints|__MACOSX|\._[^/]*|\.[^/]*)(/|$)")
DEFAULT_REGEXP = r"^(?:.*/)?(?P<student_id>[^/_]+)_(?P<file_id>[^/]+)$"


@dataclass
class Submission:
    student: str  # safe id: letters, digits, ".", "-", "@", "+"
    original: str  # the folder or file-name prefix it came from
    notebooks: dict = field(default_factory=dict)  # notebook name -> path of the staged copy (or None)
    notes: list = field(default_factory=list)


def safe_id(name):
    """A student id for nbgrader and the file system, from any folder name."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^A-Za-z0-9.@+-]+", "-", text).strip(".-+@")[:64]  # no leading +, -, @: spreadsheet formulas
    return text or "student"


def printable(text):
    """``text`` safe for a terminal and a UTF-8 file: control characters and undecodable bytes escaped."""
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _unique(sid, taken):
    out, n = sid, 2
    while out.lower() in taken:
        out, n = f"{sid}-{n}", n + 1
    taken.add(out.lower())
    return out


def _entries_from_folder(root, max_bytes):
    """(relative posix path, reader) for every regular file under ``root``; never follows links."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not os.path.islink(os.path.join(dirpath, d)))
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            info = os.lstat(path)
            if stat.S_ISREG(info.st_mode):
                rel = PurePosixPath(Path(path).relative_to(root)).as_posix()
                out.append((rel, info.st_size, lambda p=path: _read_file(p, max_bytes)))
    return out


def _read_file(path, max_bytes):
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as f:
        return f.read(max_bytes + 1)


def _entries_from_zip(path, max_bytes):
    zf = zipfile.ZipFile(path)
    out = []
    for info in zf.infolist():
        is_link = (info.external_attr >> 16) & 0o170000 == 0o120000
        if info.is_dir() or is_link:
            continue
        name = info.filename.replace("\\", "/").lstrip("/")
        parts = [p for p in name.split("/") if p not in ("", ".", "..")]

        def read(i=info):
            with zf.open(i) as f:
                return f.read(max_bytes + 1)
        out.append(("/".join(parts), info.file_size, read))
    return out


def _strip_common_folder(entries):
    """An archive that wraps everything in one folder: look inside it."""
    while entries and all("/" in rel for rel, _, _ in entries):
        top = {rel.split("/", 1)[0] for rel, _, _ in entries}
        if len(top) != 1:
            break
        entries = [(rel.split("/", 1)[1], size, read) for rel, size, read in entries]
    return entries


def collect(path, notebooks, staging, regexp=None, max_bytes=20 * 1024 * 1024):
    """One :class:`Submission` per student in ``path`` (a folder or a .zip).

    ``notebooks``: the names the assignment expects; chosen candidates are
    copied to ``staging`` (never more than ``max_bytes`` + 1 bytes of them).
    """
    path, staging = Path(path), Path(staging)
    if path.is_dir():
        entries = _entries_from_folder(path, max_bytes)
        subfolders = sorted(p.name for p in path.iterdir() if p.is_dir() and not p.is_symlink() and not SKIP.search(p.name))
    elif zipfile.is_zipfile(path):
        entries = _strip_common_folder(_entries_from_zip(path, max_bytes))
        subfolders = sorted({rel.split("/", 1)[0] for rel, _, _ in entries if "/" in rel})
    else:
        raise SystemExit(f"{path}: not a folder of submissions or a zip file")
    pattern = re.compile(regexp or DEFAULT_REGEXP)
    by_student = {name: [] for name in subfolders if not SKIP.search(name + "/")}
    for rel, size, read in entries:
        if SKIP.search(rel):
            continue
        if "/" in rel:
            student, inner = rel.split("/", 1)
            if student in by_student:
                by_student[student].append((inner, size, read))
            continue
        m = pattern.match(rel)
        if m:  # zip_collect naming: <student>_<file>
            by_student.setdefault(m.group("student_id"), []).append((m.group("file_id"), size, read))
    staging.mkdir(parents=True, exist_ok=True)
    taken, out = set(), []
    for n, (original, files) in enumerate(sorted(by_student.items())):
        sub = Submission(_unique(safe_id(original), taken), printable(original))
        candidates = [(rel, size, read) for rel, size, read in files if rel.lower().endswith(".ipynb")]
        for name in notebooks:
            chosen, note = _choose(name, candidates, single=len(notebooks) == 1)
            if note:
                sub.notes.append(note)
            if chosen is None:
                sub.notebooks[name] = None
                continue
            rel, size, read = chosen
            target = staging / f"{n:05d}-{name}.ipynb"
            try:
                target.write_bytes(read())
            except (OSError, RuntimeError, NotImplementedError, zipfile.BadZipFile, EOFError) as exc:
                sub.notebooks[name] = None
                sub.notes.append(f"{printable(rel)!r} could not be read ({type(exc).__name__})")
                continue
            sub.notebooks[name] = str(target)
        out.append(sub)
    return out


def _norm(text):
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _choose(name, candidates, single):
    """The candidate graded as ``name.ipynb``, and a note when it is not the obvious one."""
    if not candidates:
        return None, f"no notebook {name}.ipynb (nothing to grade)"
    exact = sorted((c for c in candidates if PurePosixPath(c[0]).name == f"{name}.ipynb"), key=lambda c: c[0].count("/"))
    if exact:
        return exact[0], (f"{len(exact)} copies of {name}.ipynb: graded {printable(exact[0][0])!r}" if len(exact) > 1 else None)
    close = [c for c in candidates if _norm(name) in _norm(PurePosixPath(c[0]).stem)]
    if not close and single:
        close = candidates
    if not close:
        return None, f"no notebook {name}.ipynb (found {printable(', '.join(c[0] for c in candidates))[:200]})"
    best = max(close, key=lambda c: difflib.SequenceMatcher(None, name, PurePosixPath(c[0]).stem).ratio())
    return best, f"graded {printable(best[0])!r} as {name}.ipynb"


# -- reading one notebook --


_VALIDATOR = []


def _valid_nbgrader(cell):
    """Whether the cell's nbgrader metadata is what nbgrader 0.9 accepts (schema 3);
    anything else would stop a whole ``nbgrader autograde`` run."""
    if not _VALIDATOR:
        from nbgrader.nbgraderformat import MetadataValidator

        _VALIDATOR.append(MetadataValidator())
    meta = cell.metadata["nbgrader"]
    if not isinstance(meta, dict) or meta.get("schema_version") != 3:
        return False
    try:
        _VALIDATOR[0].validate_cell(cell)
    except Exception:
        return False
    grade_id = meta.get("grade_id")
    return grade_id is None or (isinstance(grade_id, str) and re.fullmatch(r"[\w-]{1,100}", grade_id) is not None)


def prepare_notebook(path, release_path, max_bytes=20 * 1024 * 1024):
    """(notebook or None, notes) for the staged file ``path``."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_raw_cell

    if path is None:
        return None, []
    data = Path(path).read_bytes()
    if len(data) > max_bytes:
        return None, [f"notebook larger than {max_bytes // (1024 * 1024)} MB: not graded"]
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (ValueError, RecursionError) as exc:
        where = f" (line {exc.lineno})" if isinstance(exc, json.JSONDecodeError) else ""
        return None, [f"not a valid notebook: invalid JSON{where}"]
    cells = raw.get("cells") if isinstance(raw, dict) else None
    if not isinstance(cells, list):  # nbformat 3 keeps cells in worksheets
        sheets = raw.get("worksheets") if isinstance(raw, dict) else None
        cells = sheets[0].get("cells") if isinstance(sheets, list) and sheets and isinstance(sheets[0], dict) else None
    if not isinstance(cells, list):
        return None, ["not a valid notebook: no list of cells"]
    release = nbformat.read(str(release_path), as_version=4)
    nb = new_notebook(metadata={k: release.metadata[k] for k in ("kernelspec", "language_info") if k in release.metadata})
    dropped, seen = 0, set()
    for cell in cells:
        if not isinstance(cell, dict):
            continue
        source = cell.get("source", "")
        source = "".join(s for s in source if isinstance(s, str)) if isinstance(source, list) else str(source)
        kind = cell.get("cell_type")
        new = new_code_cell(source) if kind == "code" else new_markdown_cell(source) if kind == "markdown" else new_raw_cell(source)
        meta = (cell.get("metadata") or {}).get("nbgrader") if isinstance(cell.get("metadata"), dict) else None
        if meta is not None:
            new.metadata["nbgrader"] = nbformat.from_dict(meta) if isinstance(meta, dict) else meta
            grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
            if not _valid_nbgrader(new) or (grade_id is not None and grade_id in seen):
                del new.metadata["nbgrader"]
                dropped += 1
            elif grade_id is not None:
                seen.add(grade_id)
        nb.cells.append(new)
    notes = [f"nbgrader metadata of {dropped} cell(s) was malformed and ignored"] if dropped else []
    notes += _test_cell_notes(nb, release)
    return nb, notes


def _test_cell_notes(nb, release):
    def tests(notebook):
        out = {}
        for cell in notebook.cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
                out[meta.get("grade_id")] = cell.source
        return out

    expected, got = tests(release), tests(nb)
    deleted = [g for g in expected if g not in got]
    edited = [g for g in expected if g in got and got[g].strip() != expected[g].strip()]
    parts = []
    if deleted:
        parts.append(f"{len(deleted)} test cell(s) deleted")
    if edited:
        parts.append(f"{len(edited)} edited")
    return [", ".join(parts) + " (restored from the gradebook)"] if parts else []
