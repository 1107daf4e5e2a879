"""The book builds without a warning and its HTML loads nothing from elsewhere.

The browser tests (test_browser.py) open the same build in Chromium; these
checks read the files, so they are fast and say exactly which tag is wrong.
"""

import json
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest

# A page's own HTML (text, saved widget state and inline frames). The shared
# scripts (MathJax, the widget manager) are cached once for the whole site.
PAGE_LIMIT = 1_500_000  # bytes
# A figure, as drawn for the book: text of 10 points or more on a figure at most
# 5.5 inches (550 CSS pixels) wide, so that a phone's 360 px column shows the
# text at 9 px or more (tests/test_browser.py measures it on the page too).
MIN_FONT_PT = 10
MAX_FIGURE_CSS_WIDTH = 560  # px: 5.5 inches at 100 px per inch, and what bbox_inches="tight" adds

# Tags and attributes through which a page loads something (links in <a href>
# only lead elsewhere when clicked, and are fine).
RESOURCE_ATTRS = {
    "script": ("src",), "link": ("href",), "img": ("src", "srcset"), "iframe": ("src",),
    "source": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",),
    "embed": ("src",), "object": ("data",), "input": ("src",), "track": ("src",),
}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class Resources(HTMLParser):
    """Collects the URLs a page loads: (where, url) pairs, and its widget JSON."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls = []
        self.widget_state = []
        self.widget_views = 0
        self._script_type = None
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in RESOURCE_ATTRS.get(tag, ()):
            value = attrs.get(name)
            if value:
                urls = [part.split()[0] for part in value.split(",")] if name == "srcset" else [value]
                self.urls += [(f"<{tag} {name}>", url) for url in urls]
        if "style" in attrs:
            self.urls += [(f"<{tag} style>", u) for u in css_urls(attrs["style"] or "")]
        if tag == "script":
            self._script_type = attrs.get("type")
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._script_type = None
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.urls += [("<style>", u) for u in css_urls(data)]
        elif self._script_type == WIDGET_STATE:
            self.widget_state.append(json.loads(data))
        elif self._script_type == WIDGET_VIEW:
            self.widget_views += 1


def css_urls(css):
    return [a or b for a, b in CSS_URL.findall(css)]


def is_external(url):
    """True for anything with a host (https://…, //…); data: and relative URLs are local."""
    return bool(urlsplit(url.strip()).netloc)


def parse(path):
    parser = Resources()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_pages(html_dir):
    """The site's pages (not the theme's template snippets under _static/)."""
    return sorted(p for p in html_dir.rglob("*.html")
                  if not {"_sources", "_static"} & set(p.relative_to(html_dir).parts))


def widget_frames_html(states):
    """The HTML strings kept in saved widget state (the frames of HTML widgets)."""
    for state in states:
        for model in state.get("state", {}).values():
            value = model.get("state", {}).get("value")
            if isinstance(value, str) and "<" in value:
                yield value


def test_build_has_no_warnings(built_book):
    # Sphinx's "WARNING: ..." / "ERROR: ..." lines (the kernel's own start-up log,
    # "[IPKernelApp] WARNING | ...", is not the book's business).
    lines = [line for line in built_book.log.splitlines()
             if re.search(r"\b(WARNING|ERROR|CRITICAL): ", line)]
    assert not lines, "the build warned:\n" + "\n".join(lines)
    assert "build succeeded" in built_book.log


def test_toc_page_has_html(built_book, toc_page):
    page = built_book.html / f"{toc_page}.html"
    assert page.is_file(), f"{toc_page} is in _toc.yml but {page} was not built"
    text = page.read_text(encoding="utf-8")
    assert "<h1>" in text, f"{page} has no title"


def test_no_page_loads_from_another_origin(built_book):
    offenders = []
    for page in html_pages(built_book.html):
        parser = parse(page)
        found = list(parser.urls)
        for frame in widget_frames_html(parser.widget_state):  # frames inside saved widget state
            inner = Resources()
            inner.feed(frame)
            found += [(f"widget frame {where}", url) for where, url in inner.urls]
        rel = page.relative_to(built_book.html)
        offenders += [f"{rel}: {where} {url}" for where, url in found if is_external(url)]
    for css in built_book.html.rglob("*.css"):
        rel = css.relative_to(built_book.html)
        offenders += [f"{rel}: url({u})" for u in css_urls(css.read_text(encoding="utf-8", errors="replace"))
                      if is_external(u)]
    assert not offenders, "resources from another origin:\n" + "\n".join(offenders)


def test_local_resources_exist(built_book):
    """Every local <script src>, <link href> and <img src> points at a file of the build."""
    missing = []
    for page in html_pages(built_book.html):
        for where, url in parse(page).urls:
            if is_external(url) or url.startswith(("data:", "#")) or "style" in where:
                continue
            target = (page.parent / unquote(urlsplit(url).path)).resolve()
            if not target.exists():
                missing.append(f"{page.relative_to(built_book.html)}: {where} {url}")
    assert not missing, "references to files that are not in the build:\n" + "\n".join(missing)


def test_no_thebe_and_no_cdn_in_inline_scripts(built_book):
    for page in html_pages(built_book.html):
        text = page.read_text(encoding="utf-8")
        assert "THEBE_JS_URL" not in text, f"{page.name}: sphinx-thebe is active"
        for body in re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*widget-state)[^>]*>(.*?)</script>", text, re.S):
            assert "://" not in body, f"{page.name}: an inline script names a URL: {body[:200]}"


def test_vendored_assets_are_in_the_build(built_book):
    html = built_book.html
    for rel in ["vendor/mathjax/tex-chtml.js", "_static/icons.css", "_static/book.css", "_static/book.js",
                "vendor/mathjax/output/chtml/fonts/woff-v2/MathJax_Main-Regular.woff",
                "vendor/mathjax/input/tex/extensions/ams.js",
                "vendor/@jupyter-widgets/html-manager/dist/embed.js",
                "js/widgets-setup.js"]:
        assert (html / rel).is_file(), f"{rel} is missing from the build (make assets)"
    # The icon fonts the widget manager asks for, next to itself (its automatic public path).
    dist = html / "vendor/@jupyter-widgets/html-manager/dist"
    fonts = set(re.findall(r'\.p\+"([0-9a-f]{20}\.(?:woff2?|ttf|eot|svg))"', (dist / "embed.js").read_text()))
    assert fonts, "no font file names found in embed.js: has the bundle changed?"
    assert not [f for f in fonts if not (dist / f).is_file()]
    # Nothing vendored ended up under _static/ (it would be added to every page).
    assert not (html / "_static" / "mathjax").exists()


def test_pages_use_the_local_mathjax_and_widget_manager(built_book):
    pages_with_widgets = 0
    for page in html_pages(built_book.html):
        parser = parse(page)
        scripts = [url for where, url in parser.urls if where == "<script src>"]
        if any("mathjax" in s.lower() for s in scripts):
            assert any(urlsplit(s).path.endswith("vendor/mathjax/tex-chtml.js") for s in scripts), page.name
        if parser.widget_views:
            pages_with_widgets += 1
            assert parser.widget_state, f"{page.name} shows widgets but saved no widget state"
            paths = [urlsplit(s).path for s in scripts]
            order = [next(i for i, p in enumerate(paths) if p.endswith(end)) for end in
                     ("js/widgets-setup.js", "html-manager/dist/embed.js")]
            assert order == sorted(order), f"{page.name}: widget scripts out of order"
    assert pages_with_widgets >= 1, "no page has a widget: the widget pipeline is not exercised"


def test_page_sizes(built_book):
    rows = []
    for page in html_pages(built_book.html):
        parser = parse(page)
        size = page.stat().st_size
        rows.append((size, page.relative_to(built_book.html), parser.widget_views))
    print("\npage sizes (HTML with saved widget state):")
    for size, rel, views in sorted(rows, reverse=True):
        print(f"  {size / 1e3:9.1f} kB  {views:3d} widgets  {rel}")
    too_big = [f"{rel}: {size / 1e6:.1f} MB" for size, rel, _ in rows if size > PAGE_LIMIT]
    assert not too_big, (f"pages over {PAGE_LIMIT / 1e6:.1f} MB (fewer frames or smaller figures in "
                         f"frame_viewer and frame_grid): {too_big}")


def test_pages_load_only_what_they_use(built_book):
    """No Font Awesome script anywhere (icons.css draws the icons), and MathJax only where there is maths."""
    icons = (built_book.html / "_static" / "icons.css").read_text(encoding="utf-8")
    for page in html_pages(built_book.html):
        text = page.read_text(encoding="utf-8")
        scripts = [url for where, url in parse(page).urls if where == "<script src>"]
        rel = page.relative_to(built_book.html)
        assert not [s for s in scripts if "fontawesome" in s], f"{rel} loads the Font Awesome script"
        maths = 'class="math' in text or "widget-state+json" in text
        loads_mathjax = any("mathjax" in s.lower() for s in scripts)
        assert loads_mathjax == maths, f"{rel}: {'no ' if not loads_mathjax else ''}MathJax on a page " \
                                       f"{'with' if maths else 'without'} maths"
        for classes in set(re.findall(r'<i class="([^"]*\bfa-[^"]*)"', text)):
            names = [n for n in classes.split() if n.startswith("fa-") and n not in
                     ("fa-solid", "fa-brands", "fa-regular", "fa-lg", "fa-xl", "fa-2x")]
            assert all(f".{n}{{" in icons or f".{n}." in icons for n in names), \
                f"{rel}: the icon {classes!r} has no rule in _static/icons.css"
    assert not (built_book.html / "book" / "intro.html").read_text(encoding="utf-8").count("tex-chtml.js")


def book_pngs(html_dir):
    """(where, PNG bytes) of every image the pages show: figure files and widget frames."""
    import base64

    for page in html_pages(html_dir):
        parser = parse(page)
        rel = page.relative_to(html_dir)
        for where, url in parser.urls:
            if where == "<img src>" and url.endswith(".png") and not is_external(url):
                yield f"{rel}: {url}", (page.parent / unquote(urlsplit(url).path)).read_bytes()
        for frame in widget_frames_html(parser.widget_state):
            for data in re.findall(r'src="data:image/png;base64,([^"]+)"', frame):
                yield f"a widget frame of {rel}", base64.b64decode(data)


def test_every_figure_is_drawn_for_a_narrow_column(built_book):
    """Each PNG says its smallest text (nnlib.plotting.figure_png): 10 pt or more, at most 5.5 inches wide."""
    import io

    from PIL import Image

    from nnlib.plotting import BOOK_DPI, MIN_FONT_KEY

    problems, count = [], 0
    for where, png in book_pngs(built_book.html):
        count += 1
        image = Image.open(io.BytesIO(png))
        if MIN_FONT_KEY not in image.info:
            problems.append(f"{where}: not drawn with the book's style (no {MIN_FONT_KEY} in the PNG)")
            continue
        css_width = image.width * BOOK_DPI / image.info["dpi"][0]
        if float(image.info[MIN_FONT_KEY]) < MIN_FONT_PT:
            problems.append(f"{where}: text of {image.info[MIN_FONT_KEY]} pt (at least {MIN_FONT_PT})")
        if css_width > MAX_FIGURE_CSS_WIDTH:
            problems.append(f"{where}: {css_width:.0f} px wide (at most {MAX_FIGURE_CSS_WIDTH})")
    assert count > 50, f"only {count} figures found in the build"
    assert not problems, "figures a phone cannot read:\n" + "\n".join(problems)
