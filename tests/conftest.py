"""Shared fixtures: the book, built once per test session.

``built_book`` runs ``jupyter-book build . --all --warningiserror --keep-going`` into
the repository's ``_build/html``, reusing the execution cache in
``_build/.jupyter_cache`` (an unchanged chapter is not executed again), and
returns the output folder. The build log is kept for the tests that read it.
"""

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
VENDOR_STAMP = ROOT / "book" / "_extra" / "vendor" / ".done"
CACHE = ROOT / "_build" / ".jupyter_cache"  # execute: cache in _config.yml
STAMP = CACHE / ".nnlib-stamp"


@dataclass
class BuiltBook:
    html: Path  # _build/html
    log: str  # stdout and stderr of the build
    seconds: float


@pytest.fixture(scope="session")
def built_book():
    """Build the book once (warnings are errors) and return where it is."""
    if not VENDOR_STAMP.exists():
        pytest.fail("the vendored JavaScript is missing: run `make assets` (npm ci + copy) first, "
                    "or run the tests with `make test`")
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    if not jupyter_book.exists():
        pytest.fail(f"{jupyter_book} not found: run `make install` first")
    env = dict(os.environ)
    # The notebooks' kernel and the tools it calls come from the venv's bin/.
    env["PATH"] = f"{jupyter_book.parent}{os.pathsep}{env.get('PATH', '')}"
    _drop_stale_execution_cache()
    started = time.time()
    start = time.perf_counter()
    proc = subprocess.run(
        # --all: Sphinx skips copying html_extra_path (the vendored scripts) when no
        # page changed; rereading every page is cheap, executing is cached.
        [str(jupyter_book), "build", ".", "--all", "--warningiserror", "--keep-going"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800,
    )
    seconds = time.perf_counter() - start
    log = proc.stdout + proc.stderr
    print(f"\nbook built in {seconds:.1f} s")
    if proc.returncode != 0:
        pytest.fail(f"jupyter-book build failed (exit {proc.returncode}):\n{log[-6000:]}")
    CACHE.mkdir(parents=True, exist_ok=True)
    STAMP.touch()
    os.utime(STAMP, (started, started))  # nnlib edited during the build is still "newer"
    return BuiltBook(html=HTML, log=log, seconds=seconds)


def _drop_stale_execution_cache():
    """jupyter-cache keys executed notebooks on their own text: a change to nnlib
    would leave stale outputs in the book. Drop the cache when nnlib is newer than
    the last build that stamped it (the Makefile's book target does the same)."""
    if not CACHE.exists():
        return
    sources = [p for p in (ROOT / "nnlib").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    if not STAMP.exists() or max(p.stat().st_mtime for p in sources) > STAMP.stat().st_mtime:
        print("\nnnlib changed since the chapters were executed: running them again")
        shutil.rmtree(CACHE)


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
