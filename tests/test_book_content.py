"""The lectures' worked examples appear, computed, in the rendered book.

Each string below is printed by a chapter's code at build time and checked
against the lecture (or against the correction the chapter explains). If a
chapter's code changes its result, the page no longer shows the lecture's
numbers, and this test says which.
"""

import re

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, toc_pages

CHAPTERS = [page for page in toc_pages() if page.split("/")[-1][:2].isdigit()]

WORKED_NUMBERS = {
    "book/01_neurons": [
        "1*1 + 1*1 = 2 ≥ 1.2     1",  # BHT slide 5: the AND unit on (1, 1)
        "1*0 + 1*1 = 1 < 1.2     0",
        "1*0 + 1*1 - 2*0 = 1 ≥ 0.6 -> 1",  # BHT slide 7: the XOR unit on (0, 1)
        "equals XOR: True",
        "NOR:           [1 0 0 0]",
        "missing: ['XNOR', 'XOR']",  # no single threshold unit computes them
    ],
    "book/02_perceptron": [
        "weights_: [2. 1.]  bias_: -3.0",  # AND learned by the perceptron rule
        "errors_ per epoch: [2, 3, 3, 2, 1, 0]  converged_: True",
    ],
    "book/03_adaline": [
        "Adaline:       w = [0.555676 0.365042]",  # equals the least-squares solution
        "Adaline diverged at epoch 8",  # the learning rate too large
    ],
    "book/04_activations": [
        "bound (1/4)**10 = 9.537e-07",  # sigma' <= 1/4 through ten layers
        "softmax([2, 1, 0.1]) = [0.659 0.242 0.099]",
    ],
    "book/06_backprop": [
        "net_h1 = 0.3775   out_h1 = 0.593269992",  # BHT slides 15-18 = Mazur's forward pass
        "0.75136507 ≈ 0.7514",
        "E_total = 0.298371109 ≈ 0.2984",
        "0.186815602 ≈ 0.1868",  # slide 31 (slide 33 misprints 0.1816)
        "= 0.082167041",  # dE/dw5, slide 33: 0.0821
        "0.35891648 ≈ 0.3589",  # w5 after one step at rate 0.5
        "w2      0.199561432   0.19956143",  # Mazur's updated w2
        "hidden deltas (true backpropagation): -2.654e-03, -8.172e-03",  # SJTU, not the slide's
        "-0.18205",  # SJTU (iii): the error after one step
    ],
    "book/07_training": [
        # BHT slide 21, the shuffling experiment: shuffled trains well (90-99 %),
        # either sorted order ends predicting one class for every point
        "shuffled                  : accuracy after 20 epochs 9",
        "all random points first   : accuracy after 20 epochs 50.0%",
        "all parabola points first : accuracy after 20 epochs 50.0%",
    ],
    "book/08_cnn": [
        "y[0, 0] = 1*1 + 1*0 + 1*1 + 0*0 + 1*1 + 1*0 + 0*1 + 0*0 + 1*1 = 4",  # the slide's 5x5 example
        "Conv2D equals conv2d_naive:      True",
        "10×10 input, 3×3 filter -> 8×8 output",  # SJTU: a 10x10 image and a 3x3 filter give 8x8
        "3 filters -> output of shape (1, 3, 8, 8): 3 maps of 8×8",
    ],
    "book/09_rnn": [
        "equals the loop over RNNCell: True",
        # the trained comparison: the plain RNN recalls over 10 steps, guesses from 20 on; the gated ones do not
        "T = 10:  RNN  98% from epoch 17",
        "T = 20:  RNN  28% never",
        "T = 80:  RNN  28% never         LSTM 100% from epoch  9   GRU 100% from epoch  9",
        "forget gates above 0.9: 5% of them before the marker, 47% after it",
        "input gates above 0.9: 43% of them at the marked step, 15% at the other steps",
    ],
    "book/10_words": [
        # the lecture's CBOW update rules, by hand, and nnlib's CBOW taking the same step
        "e = [ 0.29736  -0.819642  0.381818  0.140463]   EH = [ 0.679179 -0.437823]",
        "one SGD step = the lecture's update rules: True",
        "6123 words, 1146 different; a vocabulary of 366",
        "half the words of the vocabulary occur 6 times or fewer",
        "went:  looked 0.54, ran 0.49, hurried 0.47, swam 0.47",
        "mouse:  dodo 0.65, lory 0.61, duck 0.54",
        "2 of 6 analogies answered right",
        # the character language models against the baselines on unseen text
        "unigram (frequencies)        3.113 nats per character on unseen text, perplexity 22.49",
        "bigram (previous character)  2.628 nats per character on unseen text, perplexity 13.85",
        "RNN, best epoch 9            1.947 nats per character on unseen text, perplexity  7.01",
        "GRU, best epoch 10           1.867 nats per character on unseen text, perplexity  6.47",
        "forget gates on unseen text: mean 0.52, 27% of them above 0.9",
        "was not a bottle was not a bats",  # the samples the prose quotes, at 0.2, 0.5 and 1.0
        "her knowself, and this more",
        "said the licats, as",
    ],
    "book/05_mlp": [
        "[0.3775 0.3925]",  # BHT slides 15 and 17: hidden net inputs
        "[0.7514 0.7729]",  # BHT slide 18: outputs
        "1*1+1*1 = 2 >= 1.2 -> 1",  # BHT slide 7: the AND unit on (1, 1)
        "1*1+1*1-2*1 = 0  < 0.6 -> 0",  # BHT slide 7: the XOR unit on (1, 1)
    ],
}


def page_text(html_dir, page):
    path = html_dir / f"{page}.html"
    assert path.exists(), f"{path} was not built"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text()


@pytest.mark.parametrize("page", sorted(WORKED_NUMBERS))
def test_worked_numbers_are_in_the_rendered_page(built_book, page):
    text = page_text(built_book.html, page)
    missing = [s for s in WORKED_NUMBERS[page] if s not in text]
    assert not missing, f"{page}.html does not show {missing}"


def soup_of(html_dir, page):
    return BeautifulSoup((html_dir / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def config():
    import yaml

    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def repository():
    """(owner, name, branch) from _config.yml, the one place the address is written."""
    repo = config()["repository"]
    owner, name = repo["url"].rstrip("/").split("/")[-2:]
    return owner, name, repo.get("branch", "main")


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_has_the_same_layout(built_book, chapter):
    """Learning goals in a box under the title, then the chapter, a summary, references, the exercise last."""
    soup = soup_of(built_book.html, chapter)
    top = soup.select_one(".bd-article > section")
    assert top is not None and top.find("h1", recursive=False), f"{chapter}: no title section"
    first = top.find(lambda tag: tag.name in ("div", "p", "section"), recursive=False)
    assert first is not None and "admonition" in first.get("class", []) and "tip" in first.get("class", []), \
        f"{chapter}: the first thing under the title must be the 'What you will learn' box"
    assert first.find(class_="admonition-title").get_text(strip=True) == "What you will learn"
    assert first.find("ul") and len(first.find_all("li")) >= 3, f"{chapter}: the box lists what you will learn"
    sections = [sec.get("id") for sec in top.find_all("section", recursive=False)]
    for needed in ("summary", "references", "exercise"):
        assert needed in sections, f"{chapter} has no '{needed}' section"
    assert sections[-3:] == ["summary", "references", "exercise"], \
        f"{chapter}: the chapter must end with Summary, References, Exercise; it ends {sections[-3:]}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_names_its_assignment_and_it_exists(built_book, chapter):
    name = chapter.split("/")[-1]  # e.g. 03_adaline
    section = soup_of(built_book.html, chapter).find("section", id="exercise")
    assert section is not None, f"{chapter} has no Exercise section"
    assert f"exercises/{name}/{name}.ipynb" in section.get_text(), f"{chapter}'s exercise section does not name {name}"
    links = [a["href"] for a in section.find_all("a", href=True) if a["href"].endswith(f"{name}.ipynb")]
    assert links, f"{chapter}'s exercise section does not link the notebook"
    downloaded = (built_book.html / chapter).parent / links[0]
    assert downloaded.read_bytes() == (ROOT / "exercises" / name / f"{name}.ipynb").read_bytes(), \
        f"{links[0]} is not the released notebook"
    for folder in ("solutions", "exercises"):
        assert (ROOT / folder / name / f"{name}.ipynb").exists(), f"{folder}/{name}/{name}.ipynb does not exist"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_exercise_opens_in_colab_and_binder_from_the_configured_repository(built_book, chapter):
    owner, repo, branch = repository()
    name = chapter.split("/")[-1]
    section = soup_of(built_book.html, chapter).find("section", id="exercise")
    hrefs = [a["href"] for a in section.find_all("a", href=True)]
    colab = f"https://colab.research.google.com/github/{owner}/{repo}/blob/{branch}/exercises/{name}/{name}.ipynb"
    assert colab in hrefs, f"{chapter}: no Colab link {colab} (found {hrefs})"
    hub = config()["launch_buttons"]["binderhub_url"].rstrip("/")
    binder = f"{hub}/v2/gh/{owner}/{repo}/{branch}?urlpath=lab%2Ftree%2Fexercises%2F{name}%2F{name}.ipynb"
    assert binder in hrefs, f"{chapter}: no Binder link {binder} (found {hrefs})"
    setup = section.find("details", class_="nn-setup")
    assert setup is not None, f"{chapter}: no 'How to get set up' box"
    text = setup.get_text(" ", strip=True)
    for step in ("make install", "make lab", "Binder", "Colab", f"git+https://github.com/{owner}/{repo}"):
        assert step in text, f"{chapter}: the set-up box does not mention {step!r}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_downloads_as_a_notebook_that_installs_nnlib(built_book, chapter):
    import jupytext
    import nbformat

    owner, repo, _ = repository()
    name = chapter.split("/")[-1]
    section = soup_of(built_book.html, chapter).find("section", id="exercise")
    links = [a["href"] for a in section.find_all("a", href=True)
             if a["href"].endswith(f"/{name}.ipynb") and "this chapter as a notebook" in a.get_text()]
    assert links, f"{chapter}: no link to 'this chapter as a notebook'"
    notebook = nbformat.reads(((built_book.html / chapter).parent / links[0]).read_text(encoding="utf-8"), 4)
    install = notebook.cells[0].source
    assert "import nnlib" in install and "except ImportError" in install
    assert f'%pip install --quiet "nncourse @ git+https://github.com/{owner}/{repo}"' in install
    source = jupytext.read(ROOT / f"{chapter}.md")
    assert [c.source for c in notebook.cells[1:]] == [c.source for c in source.cells], \
        f"{links[0]} is not {chapter}.md with the install cell first"


# The calls that draw a figure or build a widget: a cell with one of them is plumbing, folded.
DRAWS = re.compile(r"plt\.subplots\(|plt\.figure\(|frame_viewer\(|frame_grid\(|\bdraw_[a-z_]+\(")
CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```$", re.S | re.M)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_code_that_only_draws_is_folded(built_book, chapter):
    """A cell that draws a figure or builds a widget is tagged hide-input (or remove-cell), and folded."""
    text = (ROOT / f"{chapter}.md").read_text(encoding="utf-8")
    unfolded, folded = [], 0
    for cell in CELL.findall(text):
        tags = re.search(r"^(?::tags:|tags:) *\[(.*?)\]", cell, re.M)
        tags = {t.strip() for t in tags.group(1).split(",")} if tags else set()
        if "hide-input" in tags:
            folded += 1
        elif DRAWS.search(cell) and "remove-cell" not in tags:
            unfolded.append(cell.strip().splitlines()[0][:70])
    assert not unfolded, f"{chapter}: cells that draw but are not folded (tags: [hide-input]): {unfolded}"
    soup = soup_of(built_book.html, chapter)
    assert len(soup.select("details.hide.above-input")) == folded, f"{chapter}: not every hide-input cell is folded"
    visible = sum(len(pre.get_text().splitlines()) for pre in soup.select("div.cell_input pre")
                  if not pre.find_parent("details"))
    print(f"{chapter}: {visible} lines of code shown, {folded} cells folded")


def test_launch_links_open_what_they_can(built_book):
    """Colab only ever opens a released .ipynb (it cannot open a .md); Binder links use the configured repository."""
    owner, repo, branch = repository()
    for page in [*toc_pages(), "index", "search", "genindex"]:
        soup = soup_of(built_book.html, page)
        for a in soup.find_all("a", href=True):
            href = a["href"]
            if "colab.research.google.com" in href:
                assert href.endswith(".ipynb") and "/exercises/" in href, f"{page}: Colab link to {href}"
            if "/v2/gh/" in href:
                assert f"/v2/gh/{owner}/{repo}/{branch}" in href, f"{page}: Binder link to {href}"


# The chapters that end with pen-and-paper problems (book/README.md, "Layout").
CHAPTERS_WITH_PROBLEMS = ["book/01_neurons", "book/02_perceptron", "book/03_adaline", "book/04_activations",
                          "book/05_mlp", "book/06_backprop", "book/07_losses", "book/07_training", "book/08_cnn",
                          "book/10_words"]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_problems_come_before_the_summary_each_with_its_folded_solution(built_book, chapter):
    """## Problems: three to five numbered problems, each followed by a collapsed 'Solution' block."""
    top = soup_of(built_book.html, chapter).select_one(".bd-article > section")
    sections = [sec.get("id") for sec in top.find_all("section", recursive=False)]
    if chapter in CHAPTERS_WITH_PROBLEMS:
        assert "problems" in sections, f"{chapter} has no Problems section"
    if "problems" not in sections:
        return
    assert sections[-4:] == ["problems", "summary", "references", "exercise"], \
        f"{chapter}: Problems must come right before the Summary; the chapter ends {sections[-4:]}"
    section = top.find("section", id="problems", recursive=False)
    parts = [tag for tag in section.find_all(recursive=False) if tag.name in ("ol", "details")]
    problems = [li for ol in parts if ol.name == "ol" for li in ol.find_all("li", recursive=False)]
    assert 3 <= len(problems) <= 5, f"{chapter}: {len(problems)} problems, expected three to five"
    assert [tag.name for tag in parts] == ["ol", "details"] * len(problems), \
        f"{chapter}: every problem is one numbered item followed by its solution, folded"
    starts = [int(ol.get("start", 1)) for ol in parts[::2]]
    assert starts == list(range(1, len(problems) + 1)), f"{chapter}: problems numbered {starts}"
    for details in parts[1::2]:
        assert "sd-dropdown" in details.get("class", []) and not details.has_attr("open"), \
            f"{chapter}: a solution must be a collapsed dropdown"
        assert details.find("summary").get_text(strip=True) == "Solution"
        assert len(details.get_text(strip=True)) > len("Solution") + 40, f"{chapter}: an empty solution"
