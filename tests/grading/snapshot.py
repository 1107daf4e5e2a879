"""What a folder looks like, to tell afterwards whether anything was written in it."""

import hashlib
import os
import stat

VOLATILE = {".git", "node_modules", "_build", ".pytest_cache", "__pycache__", ".ipynb_checkpoints"}


def tree(root, skip=VOLATILE):
    """relative path -> (kind, size, mtime_ns, uid) of everything under ``root`` (links not followed)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if d not in skip]
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            try:
                info = os.lstat(path)
            except FileNotFoundError:
                continue
            kind = "dir" if stat.S_ISDIR(info.st_mode) else "file"
            size_time = (0, 0) if kind == "dir" else (info.st_size, info.st_mtime_ns)
            out[os.path.relpath(path, root)] = (kind, *size_time, info.st_uid)
    return out


def changes(before, after):
    """Sorted lines 'added|removed|changed path'."""
    lines = [f"added {p}" for p in after.keys() - before.keys()]
    lines += [f"removed {p}" for p in before.keys() - after.keys()]
    lines += [f"changed {p}" for p in before.keys() & after.keys() if before[p] != after[p]]
    return sorted(lines)


def digest(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()
