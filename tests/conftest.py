"""Shared fixtures: the book, built once per test session.

``built_book`` runs ``make book``, which builds into the repository's
``_build/html`` and reuses the execution cache in ``_build/.jupyter_cache``
(an unchanged chapter is not executed again), and returns the output folder.
The build log is kept for the tests that read it.
"""

import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"


@dataclass
class BuiltBook:
    html: Path  # _build/html
    log: str  # stdout and stderr of the build
    seconds: float


@pytest.fixture(scope="session")
def built_book():
    """Build the book once with ``make book`` and return where it is.

    The Makefile is the one place that says how the book is built: it installs
    what is missing, vendors the JavaScript, runs the chapters again when nnlib
    changed since they were executed, and builds with warnings as errors.
    """
    start = time.perf_counter()
    proc = subprocess.run(["make", "--no-print-directory", "book"], cwd=ROOT,
                          capture_output=True, text=True, timeout=1800)
    seconds = time.perf_counter() - start
    log = proc.stdout + proc.stderr
    print(f"\nbook built in {seconds:.1f} s")
    if proc.returncode != 0:
        pytest.fail(f"make book failed (exit {proc.returncode}):\n{log[-6000:]}")
    return BuiltBook(html=HTML, log=log, seconds=seconds)


def toc_pages():
    """The docnames in _toc.yml, in reading order (root first)."""
    import yaml  # comes with jupyter-book; imported here so other tests do not need it

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]

    def walk(entries):
        for entry in entries or ():
            if "file" in entry:
                pages.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    walk(toc.get("chapters"))
    for part in toc.get("parts") or ():
        walk(part.get("chapters"))
    return [str(Path(p).with_suffix("")) for p in pages]


# Pages of the site that are not in the toc but are served too.
EXTRA_PAGES = ["index", "search", "genindex"]


def pytest_generate_tests(metafunc):
    """``toc_page``: every page of the toc; ``site_page``: those and the extra pages."""
    if "toc_page" in metafunc.fixturenames:
        metafunc.parametrize("toc_page", toc_pages())
    if "site_page" in metafunc.fixturenames:
        metafunc.parametrize("site_page", toc_pages() + EXTRA_PAGES)
