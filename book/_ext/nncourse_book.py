"""What the course book needs from Sphinx beyond Jupyter Book 1's defaults.

Registered in ``_config.yml`` (``sphinx: local_extensions``); ``book/README.md``
says how chapters use it. It does four jobs:

``{exercise-notebook} NN_name``
    The directive each chapter's *Exercise* section ends with: the released
    notebook's download, Colab and Binder links and how to get set up. Every
    link is built from ``_config.yml``'s ``repository.url`` and
    ``repository.branch``, the one place the repository's address is written.
The chapters as notebooks
    Before the build reads anything, every chapter of the toc is written as a
    Jupyter notebook (``_build/notebooks/NN_name.ipynb``, by jupytext) whose
    first cell installs ``nnlib`` when it is missing; the set-up box links it.
Lighter pages
    After the build, MathJax is taken off pages with no maths or widgets (whose
    labels may hold maths), and the theme's Font Awesome script (1.5 MB) off
    every page: a small stylesheet, ``_static/icons.css``, made from Font
    Awesome's SVG files (npm, ``make assets``), draws exactly the icons the
    pages use.
Small fixes for every page
    ``book/_static/book.css`` and ``book.js`` (see those files).
"""

import base64
import re
from pathlib import Path
from urllib.parse import quote, urlsplit

from sphinx.util.docutils import SphinxDirective

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "_build" / "notebooks"
FONT_AWESOME = ROOT / "node_modules" / "@fortawesome" / "fontawesome-free" / "svgs"
# The icon classes of the theme's <i> elements, and the folder of each style.
ICON_CLASSES = re.compile(r'<i class="([^"]*)"')
ICON_STYLES = {"fa-solid": "solid", "fas": "solid", "fa-brands": "brands", "fab": "brands",
               "fa-regular": "regular", "far": "regular"}
ICON_SIZES = {"fa-lg": 1.25, "fa-xl": 1.5, "fa-2x": 2.0}
# The install cell of the chapter notebooks: the same as the exercise notebooks'.
INSTALL_CELL = """\
try:
    import nnlib
except ImportError:  # not installed here (Colab, a fresh Jupyter): install the course library
    {command}"""


def repository(config):
    """(owner, name, branch) of ``repository.url`` / ``repository.branch`` in ``_config.yml``."""
    options = config.html_theme_options
    url = options.get("repository_url", "")
    parts = urlsplit(url)
    path = parts.path.strip("/").removesuffix(".git").split("/")
    if parts.netloc != "github.com" or len(path) != 2 or not all(path):
        raise ValueError("repository.url in _config.yml must be https://github.com/<owner>/<name>, "
                         f"got {url!r}")
    return path[0], path[1], options.get("repository_branch") or "main"


def install_command(config):
    """The pip line that installs the course library (``nnlib``) from the repository."""
    owner, name, _ = repository(config)
    return f'%pip install --quiet "nncourse @ git+https://github.com/{owner}/{name}"'


def colab_url(config, path):
    """Colab opening the notebook ``path`` of the repository's branch."""
    owner, name, branch = repository(config)
    return f"https://colab.research.google.com/github/{owner}/{name}/blob/{branch}/{path}"


def binder_url(config, path):
    """Binder: JupyterLab on the repository's branch, opened at ``path``."""
    owner, name, branch = repository(config)
    hub = config.html_theme_options.get("launch_buttons", {}).get("binderhub_url") or "https://mybinder.org"
    target = quote(f"lab/tree/{path}", safe="")
    return f"{hub.rstrip('/')}/v2/gh/{owner}/{name}/{branch}?urlpath={target}"


class ExerciseNotebook(SphinxDirective):
    """``{exercise-notebook} NN_name``: the links to a released exercise and the set-up box."""

    required_arguments = 1

    def run(self):
        name = self.arguments[0]
        path = f"exercises/{name}/{name}.ipynb"
        if not (ROOT / path).is_file():
            raise self.error(f"exercise-notebook: {path} does not exist "
                             "(the argument is an assignment's name, NN_name; `make release` makes it)")
        chapter = Path(self.env.docname).name
        text = f"""\
- {{download}}`Download {path} </{path}>` and open it in Jupyter;
- [open it in Colab]({colab_url(self.config, path)}): its first cell installs `nnlib`;
- [open it on Binder]({binder_url(self.config, path)}): JupyterLab in your browser, with `nnlib`.

:::{{dropdown}} How to get set up (on your computer, Binder or Colab)
:class-container: nn-setup

**On your computer.** Clone the repository and run `make install`: it makes a
virtual environment in `.venv` with `nnlib`, Jupyter and nbgrader. Then `make lab`
starts JupyterLab; open `{path}`. This chapter is a notebook too: right-click
`book/{chapter}.md` and choose *Open With → Jupytext Notebook*.

**On Binder.** The links above start JupyterLab on a server with the course
library installed, at the exercise; the rocket button at the top of this page opens
this chapter there, as a notebook. Nothing to install, but the session is lost when
you close it (download your work).

**On Colab, or any Jupyter.** The exercise notebook's first cell installs
`nnlib` when it is missing. So does the first cell of
{{download}}`this chapter as a notebook </_build/notebooks/{chapter}.ipynb>`; on
Colab, upload it with *File → Upload notebook*. The cell runs

```
{install_command(self.config)}
```
:::
"""
        return self.parse_text_to_nodes(text)


def write_chapter_notebooks(app):
    """Every toc page with code, as ``_build/notebooks/<name>.ipynb``, an install cell first."""
    import jupytext
    import nbformat

    NOTEBOOKS.mkdir(parents=True, exist_ok=True)
    cell = nbformat.v4.new_code_cell(INSTALL_CELL.format(command=install_command(app.config)))
    for docname in sorted(app.env.found_docs):
        source = Path(app.srcdir) / f"{docname}.md"
        if not source.is_file() or "```{code-cell}" not in source.read_text(encoding="utf-8"):
            continue
        notebook = jupytext.read(source)
        notebook.cells.insert(0, cell)
        target = NOTEBOOKS / f"{Path(docname).name}.ipynb"
        text = nbformat.writes(notebook)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")  # unchanged files keep their time


FONT_AWESOME_SCRIPT = re.compile(r'<script[^>]*src="[^"]*fontawesome\.js[^"]*"[^>]*></script>\n?')
MATHJAX_SCRIPT = re.compile(r'<script[^>]*src="[^"]*mathjax[^"]*"[^>]*></script>\n?'
                            r'|<script>window\.MathJax = [^<]*</script>\n?', re.I)


def trim_page(html):
    """A page without the scripts it does not use: Font Awesome never, MathJax without maths.

    The theme writes Font Awesome's script into its template and myst-nb's
    MathJax reaches pages with no maths, so the built HTML itself is edited.
    A page keeps MathJax when it has maths or widgets (a widget's label may
    hold maths).
    """
    html = FONT_AWESOME_SCRIPT.sub("", html)
    if 'class="math' not in html and "widget-state+json" not in html:
        html = MATHJAX_SCRIPT.sub("", html)
    return html


def icon_rule(classes):
    """One CSS rule drawing a Font Awesome icon, or None for an <i> that is not an icon."""
    names = classes.split()
    styles = [ICON_STYLES[n] for n in names if n in ICON_STYLES]
    icons = [n for n in names if n.startswith("fa-") and n not in ICON_STYLES and n not in ICON_SIZES]
    if not styles or len(icons) != 1:
        return None
    svg = FONT_AWESOME / styles[0] / f"{icons[0][3:]}.svg"
    if not svg.is_file():
        raise FileNotFoundError(f"{svg} is missing: the theme uses the icon {classes!r} "
                                "(run `make assets`; is @fortawesome/fontawesome-free in package.json?)")
    data = base64.b64encode(svg.read_bytes()).decode("ascii")
    selector = "i." + ".".join(n for n in names if n in ICON_STYLES or n == icons[0])
    return f'{selector}{{--nn-icon:url("data:image/svg+xml;base64,{data}")}}'


def finish_pages(app, exception):
    """Trim every page (``trim_page``) and write ``_static/icons.css`` for the icons they use."""
    if exception or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    found = set()
    for page in outdir.rglob("*.html"):
        if "_static" in page.parts:
            continue
        html = page.read_text(encoding="utf-8")
        trimmed = trim_page(html)
        if trimmed != html:
            page.write_text(trimmed, encoding="utf-8")
        found |= set(ICON_CLASSES.findall(trimmed))
    rules = sorted({rule for rule in map(icon_rule, found) if rule})
    base = ("i.fa-solid,i.fas,i.fa-brands,i.fab,i.fa-regular,i.far{display:inline-block;width:1em;"
            "height:1em;vertical-align:-.125em;background-color:currentColor;"
            "-webkit-mask:var(--nn-icon) center/contain no-repeat;mask:var(--nn-icon) center/contain no-repeat}")
    sizes = [f"i.{name}{{font-size:{scale}em;line-height:.05em;vertical-align:-.2em}}"
             for name, scale in ICON_SIZES.items()]
    (outdir / "_static" / "icons.css").write_text("\n".join([base, *sizes, *rules]) + "\n", encoding="utf-8")


def setup(app):
    app.add_directive("exercise-notebook", ExerciseNotebook)
    app.connect("env-before-read-docs", lambda app, env, docnames: write_chapter_notebooks(app))
    app.connect("build-finished", finish_pages)
    app.add_css_file("icons.css")
    app.add_css_file("book.css")
    app.add_js_file("book.js", loading_method="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
