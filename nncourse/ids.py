"""Student ids: stable, safe for nbgrader and the file system, and never shared.

A submission comes as a folder or a file-name prefix chosen by a person or a
learning platform: ``alice``, ``S1234567``, ``Zoë O'Brien``, ``-bob``, ``.dave``.
Its id is a function of that name alone (the same name gets the same id in
every run and every assignment, whoever else submitted):

- a name that is already safe (letters, digits, ``.``, ``_``, ``@``, ``-``,
  starting with a letter or digit, at most 64 characters) is its own id;
- any other name gets a readable part and a ``+`` with 8 hexadecimal digits of
  its SHA-256: ``-bob`` is ``bob+7d1a...``, so it can never take the id of a
  student called ``bob`` (safe names have no ``+``).

``Carol`` and ``carol`` are two safe names, so two ids. :func:`assign` checks
that no two names of a class share an id.
"""

import hashlib
import re
import unicodedata

SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")


def student_id(name, digits=8):
    """The id of the submission called ``name``."""
    if SAFE.fullmatch(name) and name[-1] not in ".-":
        return name
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    readable = re.sub(r"[^A-Za-z0-9.@-]+", "-", ascii_name).strip(".-@")[:40] or "student"
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{readable}+{digest[:digits]}"


def assign(names):
    """{name: id} for the names of one class; raises ValueError if two names would share an id."""
    ids = {name: student_id(name) for name in names}
    seen = {}
    for name, sid in ids.items():
        if sid in seen:  # two names with the same readable part and 8 equal digits: use all 64
            ids[name], ids[seen[sid]] = student_id(name, 64), student_id(seen[sid], 64)
        seen[sid] = name
    if len(set(ids.values())) != len(ids):
        raise ValueError("two submissions would share a student id")
    return ids


def printable(text):
    """``text`` safe for a terminal and a UTF-8 file: control characters and undecodable bytes escaped."""
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
