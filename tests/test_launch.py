"""How a reader runs the code: the repository's address agrees everywhere, and Binder installs.

The repository's URL is written once, in _config.yml (``repository.url``,
``repository.branch``). The book's launch and Colab links are built from it
(book/_ext/nncourse_book.py; tests/test_book_content.py checks the built
pages). Every other file that spells a GitHub address of the project must
spell the same one, so that changing it in _config.yml and running the tests
finds the rest. The Binder environment (binder/) is installed into a fresh
virtual environment, as mybinder.org would, and must give a working nnlib and
JupyterLab that opens the Markdown chapters.
"""

import json
import os
import re
import shutil
import subprocess
import venv
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GITHUB = re.compile(r"github\.com/([A-Za-z0-9_.-]+)/([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*?)(?:\.git)?(?![A-Za-z0-9_-])")
# GitHub addresses that are not the project's own (the style guide's models, actions).
OTHERS = {("actions", "checkout"), ("actions", "setup-python"), ("actions", "setup-node"),
          ("actions", "upload-pages-artifact"), ("actions", "deploy-pages")}


def repository():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["repository"]
    match = GITHUB.search(config["url"])
    assert match and config["url"].rstrip("/") == f"https://github.com/{match[1]}/{match[2]}", \
        f"repository.url must be https://github.com/<owner>/<name>, got {config['url']!r}"
    return (match[1], match[2]), config.get("branch", "main")


def files_that_spell_the_address():
    """README, the Binder files, the workflows, the released and source notebooks, the book's sources."""
    yield ROOT / "README.md"
    yield from sorted((ROOT / "binder").iterdir())
    yield from sorted((ROOT / ".github").rglob("*.yml"))
    yield from sorted((ROOT / "exercises").rglob("*.ipynb"))
    yield from sorted((ROOT / "solutions").rglob("*.ipynb"))
    yield from sorted((ROOT / "book").rglob("*.md"))


def test_every_file_spells_the_repository_as_config_does():
    (owner, name), _ = repository()
    wrong, found = [], 0
    for path in files_that_spell_the_address():
        for match in GITHUB.finditer(path.read_text(encoding="utf-8", errors="replace")):
            if (match[1], match[2]) in OTHERS:
                continue
            found += 1
            if (match[1], match[2]) != (owner, name):
                wrong.append(f"{path.relative_to(ROOT)}: github.com/{match[1]}/{match[2]}")
    assert not wrong, (f"_config.yml says github.com/{owner}/{name}, but these files say otherwise "
                       "(change them with it):\n" + "\n".join(wrong))
    assert found, "no file spells the repository's address: is the README's clone command gone?"


def test_install_cells_install_from_the_configured_repository():
    """The notebooks' install cell, where it exists, points at the configured repository."""
    (owner, name), _ = repository()
    cells = []
    for path in sorted((ROOT / "exercises").rglob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        cells += [(path, m[0]) for m in re.finditer(r"pip install[^\"\\]*git\+https://github\.com/[^\"\\ ]+", text)]
    for path, cell in cells:
        assert f"git+https://github.com/{owner}/{name}" in cell, f"{path.relative_to(ROOT)}: {cell}"


def test_binder_files_are_what_mybinder_reads():
    requirements = (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8")
    packages = [line.split("#")[0].strip() for line in requirements.splitlines() if line.split("#")[0].strip()]
    names = {re.split(r"[<>=\[ ]", p)[0].lower() for p in packages}
    assert {"jupyterlab", "jupytext", "matplotlib", "ipywidgets"} <= names, names
    post = ROOT / "binder" / "postBuild"
    assert os.access(post, os.X_OK), "binder/postBuild must be executable (repo2docker runs it as a program)"
    assert "pip install" in post.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory):
    """A fresh virtual environment with binder/requirements.txt and binder/postBuild run in it.

    They run in a copy of the repository, as on Binder, so that the build leaves
    nothing (``build/``) in this one.
    """
    base = tmp_path_factory.mktemp("binder")
    repo = base / "repo"
    shutil.copytree(ROOT, repo, ignore=shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "_build", "build", "*.egg-info", "__pycache__", ".pytest_cache"))
    env = base / "venv"
    venv.EnvBuilder(with_pip=True).create(env)
    bin_dir = env / "bin"
    path = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "VIRTUAL_ENV": str(env),
            "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    path.pop("PYTHONPATH", None)
    steps = [[str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "-r", "binder/requirements.txt"],
             ["bash", "binder/postBuild"]]
    for step in steps:
        proc = subprocess.run(step, cwd=repo, env=path, capture_output=True, text=True, timeout=900)
        assert proc.returncode == 0, f"{' '.join(step)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return bin_dir, path


def test_binder_environment_runs_nnlib_and_opens_the_chapters(binder_env, tmp_path):
    bin_dir, env = binder_env
    code = ("import nnlib, numpy as np\n"
            "from nnlib import Perceptron, logic_gate\n"
            "X, y = logic_gate('and')\n"
            "assert (Perceptron(shuffle=False).fit(X, y).predict(X) == y).all()\n"
            "assert 'site-packages' in nnlib.__file__, nnlib.__file__\n"
            "import jupytext, matplotlib, ipywidgets\n"
            f"nb = jupytext.read({str(ROOT / 'book' / '01_neurons.md')!r})\n"
            "assert any(c.cell_type == 'code' for c in nb.cells)\n"
            "print('ok')\n")
    # run away from the repository, so that `import nnlib` finds the installed copy
    proc = subprocess.run([str(bin_dir / "python"), "-c", code], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr[-3000:]
    lab = subprocess.run([str(bin_dir / "jupyter"), "lab", "--version"], env=env, capture_output=True,
                         text=True, timeout=120)
    assert lab.returncode == 0 and lab.stdout.strip().startswith("4."), lab.stdout + lab.stderr
    # a chapter (book/*.md) opens as a notebook, not as text
    overrides = bin_dir.parent / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    viewers = json.loads(overrides.read_text(encoding="utf-8"))["@jupyterlab/docmanager-extension:plugin"]
    assert viewers["defaultViewers"]["markdown"] == "Jupytext Notebook"
