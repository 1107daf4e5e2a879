"""Submissions as they come: a folder per student, or a learning platform's zip.

:func:`collect` turns ``SUBMISSIONS`` into one :class:`Submission` per student:

- a folder with one subfolder per student (any name: spaces, accents, quotes,
  ``$(...)``, a leading dash or dot), holding the notebook(s) at any depth;
- files named as nbgrader's ``zip_collect`` expects (``<student>_<notebook>.ipynb``,
  matched with the course's ``FileNameCollectorPlugin.named_regexp``);
- a zip file holding either of the above. Folders that only wrap the class
  (``archive/``, with perhaps a ``readme.txt`` beside it) are looked into.

Every student found gets exactly one Submission, with an id from
:mod:`nncourse.ids`; what could not be used says why in its notes (a damaged
zip entry, a link that was not followed, no notebook). System clutter
(``__MACOSX``, ``.DS_Store``, ``.ipynb_checkpoints``) is ignored; any other file
that belongs to no student is listed in :attr:`Collection.stray`.

For each notebook the assignment expects, the best candidate is chosen: the
exact name, else a name that contains it (``01_neurons (1).ipynb``), else the
only notebook the student sent; a note says which. Nothing is followed through
a symbolic link, no file larger than ``max_bytes`` is read, zip paths are never
used as paths, and the submission time is read from nbgrader's
``timestamp.txt`` or, in a zip, from the notebook's entry.
"""

import datetime
import difflib
import os
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .ids import assign, printable

CLUTTER = re.compile(r"(^|/)(__MACOSX|\.ipynb_checkpoints|\.git|\.DS_Store|Thumbs\.db|desktop\.ini|\._[^/]*)(/|$)")
DEFAULT_REGEXP = r"^(?:.*/)?(?P<student_id>[^/_]+)_(?P<file_id>[^/]+)$"


@dataclass
class Entry:
    """One file of the submissions: where it is, and how to read it."""

    path: str  # relative, posix
    size: int
    read: object  # () -> bytes (at most max_bytes + 1 of them); None for a link or a folder
    mtime: datetime.datetime | None = None  # a zip entry's time (the upload, for a learning platform's zip)
    kind: str = "file"  # "file", "link" (never followed) or "folder" (an empty one: a student who sent nothing)


@dataclass
class Submission:
    student: str  # the id (nncourse.ids)
    original: str  # the folder or file-name prefix it came from, printable
    notebooks: dict = field(default_factory=dict)  # notebook name -> path of the staged copy (or None)
    notes: list = field(default_factory=list)
    timestamp: str | None = None  # nbgrader's format, UTC


@dataclass
class Collection:
    submissions: list
    stray: list  # files that belong to no student, printable


def _read_file(path, max_bytes):
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as f:
        return f.read(max_bytes + 1)


def _entries_from_folder(root, max_bytes):
    """Every file, link and empty folder under ``root``; links are never followed."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        if dirpath != str(root) and not dirnames and not filenames:
            out.append(Entry(PurePosixPath(Path(dirpath).relative_to(root)).as_posix(), 0, None, None, "folder"))
        for name in sorted(filenames) + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            path = os.path.join(dirpath, name)
            rel = PurePosixPath(Path(path).relative_to(root)).as_posix()
            info = os.lstat(path)  # a file's own time says when it was copied, not submitted: timestamp.txt does
            if stat.S_ISLNK(info.st_mode):
                out.append(Entry(rel, 0, None, None, "link"))
            elif stat.S_ISREG(info.st_mode):
                out.append(Entry(rel, info.st_size, lambda p=path: _read_file(p, max_bytes)))
    return out


def _entries_from_zip(path, max_bytes):
    try:
        zf = zipfile.ZipFile(path)
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise SystemExit(f"{path}: the zip file cannot be read at all ({type(exc).__name__}: {exc})") from None
    out = []
    for info in infos:
        parts = [p for p in info.filename.replace("\\", "/").split("/") if p not in ("", ".", "..")]
        if info.is_dir():
            if not any(other.filename.startswith(info.filename) and other is not info for other in infos):
                out.append(Entry("/".join(parts), 0, None, None, "folder"))
            continue
        is_link = (info.external_attr >> 16) & 0o170000 == 0o120000
        try:
            mtime = datetime.datetime(*info.date_time, tzinfo=datetime.timezone.utc)
        except ValueError:
            mtime = None

        def read(i=info):
            with zf.open(i) as f:
                return f.read(max_bytes + 1)
        out.append(Entry("/".join(parts), info.file_size, None if is_link else read, mtime,
                         "link" if is_link else "file"))
    return out


def _unwrap(entries, notebooks, pattern):
    """Look into folders that only wrap the class (``archive/``, ``submissions/``).

    A single top folder, with no notebook beside it, wraps the class when it holds
    no notebook of the assignment directly (that would be one student's folder)
    and holds either notebooks named as zip_collect names them or several folders.
    Returns the entries relative to the class, and the files left beside the
    wrapping folders (a readme), which are stray.
    """
    expected = {f"{name}.ipynb" for name in notebooks}
    stray = []
    while True:
        tops = {e.path.split("/", 1)[0] for e in entries if "/" in e.path}
        loose = [e for e in entries if "/" not in e.path]
        if len(tops) != 1 or any(e.path.lower().endswith(".ipynb") or e.kind != "file" for e in loose):
            return entries, stray
        inside = [Entry(e.path.split("/", 1)[1], e.size, e.read, e.mtime, e.kind) for e in entries if "/" in e.path]
        direct = [e.path for e in inside if "/" not in e.path]
        folders = {e.path.split("/", 1)[0] for e in inside if "/" in e.path}
        named = [p for p in direct if p.lower().endswith(".ipynb") and pattern.match(p) and p not in expected]
        if expected & set(direct) or not (named or len(folders) > 1):
            return entries, stray
        stray += [e.path for e in loose]
        entries = inside


def collect(path, notebooks, staging, regexp=None, max_bytes=20 * 1024 * 1024):
    """One :class:`Submission` per student in ``path`` (a folder or a .zip).

    Parameters
    ----------
    path : str or Path
        The submissions.
    notebooks : list of str
        The names (without ``.ipynb``) the assignment expects.
    staging : Path
        Where the chosen notebooks are copied (never more than ``max_bytes`` + 1 bytes of each).
    regexp : str, optional
        The course's ``FileNameCollectorPlugin.named_regexp``.

    Returns
    -------
    Collection
    """
    path, staging = Path(path), Path(staging)
    if path.is_dir():
        entries = _entries_from_folder(path, max_bytes)
    elif zipfile.is_zipfile(path):
        entries = _entries_from_zip(path, max_bytes)
    else:
        raise SystemExit(f"{path}: not a folder of submissions or a zip file")
    entries = [e for e in entries if e.path and not CLUTTER.search(e.path)]
    pattern = re.compile(regexp or DEFAULT_REGEXP)
    entries, stray = _unwrap(entries, notebooks, pattern)
    expected = {f"{name}.ipynb" for name in notebooks}
    by_student = {}  # original name -> [(path inside the student's part, Entry)]
    for entry in entries:
        m = pattern.match(entry.path) if "/" not in entry.path and entry.kind != "folder" else None
        if "/" in entry.path:
            student, inner = entry.path.split("/", 1)
            by_student.setdefault(student, []).append((inner, entry))
        elif m and m.group("student_id") and entry.path not in expected:  # zip_collect naming: <student>_<file>
            by_student.setdefault(m.group("student_id"), []).append((m.group("file_id"), entry))
        elif entry.kind != "file":  # a student's folder that is empty or a link
            by_student.setdefault(entry.path, []).append(("", entry))
        else:
            stray.append(entry.path)
    staging.mkdir(parents=True, exist_ok=True)
    ids = assign(by_student)
    out = []
    for n, original in enumerate(sorted(by_student, key=lambda name: ids[name])):
        out.append(_submission(ids[original], original, by_student[original], notebooks, staging / f"{n:05d}"))
    return Collection(out, [printable(p) for p in stray])


def _submission(student, original, files, notebooks, staging_prefix):
    sub = Submission(student, printable(original))
    sub.notes += [f"{printable(e.path)!r} is a symbolic link: not followed" for _, e in files if e.kind == "link"]
    readable = [(inner, e) for inner, e in files if e.kind == "file"]
    candidates = [(inner, e) for inner, e in readable if inner.lower().endswith(".ipynb")]
    for name in notebooks:
        chosen, note = _choose(name, candidates, single=len(notebooks) == 1)
        if note:
            sub.notes.append(note)
        sub.notebooks[name] = None
        if chosen is None:
            continue
        inner, entry = chosen
        target = Path(f"{staging_prefix}-{name}.ipynb")
        try:
            target.write_bytes(entry.read())
        except Exception as exc:  # a damaged zip entry (bad CRC, truncated data, unknown compression)
            sub.notes.append(f"{printable(inner)!r} could not be read ({type(exc).__name__}: {printable(str(exc))[:100]})")
            continue
        sub.notebooks[name] = str(target)
        sub.timestamp = sub.timestamp or _timestamp(readable, entry)
    return sub


def _timestamp(files, notebook):
    """nbgrader's ``timestamp.txt`` beside the notebook if there is one, else the notebook's own time."""
    for inner, entry in files:
        if PurePosixPath(inner).name == "timestamp.txt" and entry.size < 200:
            try:
                text = entry.read().decode("utf-8").strip()
                _parse_time(text)
                return text
            except Exception:  # not a time nbgrader can read: ignored, as if there were none
                break
    return notebook.mtime.strftime("%Y-%m-%d %H:%M:%S.%f UTC") if notebook.mtime else None


def _parse_time(text):
    from nbgrader.utils import parse_utc

    return parse_utc(text)


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
