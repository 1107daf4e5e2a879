"""The built book in a real browser, at a phone's width and a desktop's.

The book is served from _build/html on 127.0.0.1 and opened in Debian's
Chromium (``make browser`` installs it; Playwright's own browser download is
not used), at 390x844 (a phone) and 1366x900. Every request that leaves the
server's origin is aborted and recorded. Each page must load with no console
error, no page error and no failed request, and:

- its menu (the chapter list) and its page contents open and close;
- it does not scroll sideways;
- MathJax typeset its maths, and no TeX is left in the text;
- every image has alternative text that is not a file name, and every figure
  outside a widget has a number and a caption;
- the smallest text of every figure, as shown, is at least PHONE_TEXT_PX CSS
  pixels on the phone (read from the size each PNG stamps in itself);
- every widget renders; a slider's handle has an accessible name and
  announces the value shown, not its index; no toggle button cuts its label;
  and moving any control changes the frame, with no kernel behind the page;
- it transfers no more than its weight budget (bytes measured by the browser,
  written to _build/page-weights.json; benchmarks/README.md has the table).

Screenshots of every page at both widths land in _build/screenshots/.
"""

import base64
import functools
import http.server
import io
import json
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from PIL import Image

from nnlib.plotting import MIN_FONT_KEY

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-default-apps"]
# Screenshots of every page, kept as test artifacts beside the build (ignored by git).
SCREENSHOTS = ROOT / "_build" / "screenshots"
WEIGHTS = ROOT / "_build" / "page-weights.json"
# Known, harmless console warnings (not errors). The widget manager compiles its
# JSON schema with ajv in strict mode, which warns about a union type in it.
ALLOWED_WARNINGS = [re.compile(r"^strict mode: use allowUnionTypes")]
TIMEOUT = 30_000  # ms: generous, for a machine shared with other builds
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
PHONE_TEXT_PX = 9.0  # the smallest figure text a phone may show, in CSS pixels
# Bytes a page may transfer (its HTML and everything it loads, uncompressed, from
# an empty cache). A page with widgets loads the widget manager (1.9 MB) and MathJax (1.2 MB).
WEIGHT_BUDGET = {"plain": 1_200_000, "maths": 2_500_000, "widgets": 6_000_000}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site(built_book):
    """The built book served over HTTP on 127.0.0.1 (a free port); yields its base URL."""
    handler = functools.partial(QuietHandler, directory=str(built_book.html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")  # not longer: an open sync Playwright makes every later sync_playwright() fail
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: run `make browser` (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageLog:
    """Everything that went wrong while a page was open."""

    def __init__(self, page, origin):
        self.external, self.console_errors, self.warnings = [], [], []
        self.page_errors, self.failed = [], []
        page.route("**/*", functools.partial(self._route, origin=origin))
        page.on("console", self._console)
        page.on("pageerror", lambda err: self.page_errors.append(str(err)))
        page.on("requestfailed", lambda req: self.failed.append(f"{req.url} ({req.failure})"))
        page.on("response", lambda res: res.status >= 400 and self.failed.append(f"{res.url} (HTTP {res.status})"))

    def _route(self, route, origin):
        url = route.request.url
        if url.startswith(origin) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def _console(self, msg):
        if msg.type == "error":
            self.console_errors.append(f"{msg.text} ({msg.location.get('url', '')})")
        elif msg.type == "warning" and not any(p.search(msg.text) for p in ALLOWED_WARNINGS):
            self.warnings.append(msg.text)

    def problems(self):
        # Requests aborted by the route also show up as failed requests: report them once.
        failed = [f for f in self.failed if not any(f.startswith(e) for e in self.external)]
        out = [f"request to another origin: {u}" for u in self.external]
        out += [f"console error: {e}" for e in self.console_errors]
        out += [f"console warning: {w}" for w in self.warnings]
        out += [f"page error: {e}" for e in self.page_errors]
        out += [f"failed request: {f}" for f in failed]
        return out


@pytest.fixture
def open_page(browser, site):
    """open_page(docname, viewport) -> (page, log): the page loaded, its scripts settled."""
    contexts = []

    def _open(docname, viewport="desktop"):
        context = browser.new_context(viewport=VIEWPORTS[viewport], service_workers="block")
        contexts.append(context)
        page = context.new_page()
        log = PageLog(page, site)
        page.goto(f"{site}{docname}.html", wait_until="load", timeout=TIMEOUT)
        page.wait_for_load_state("networkidle", timeout=TIMEOUT)
        return page, log

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def page_weights():
    """Bytes transferred per page and viewport, written to _build/page-weights.json at the end."""
    weights = {}
    yield weights
    if weights:
        WEIGHTS.write_text(json.dumps(weights, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def has_maths(page):
    return page.locator(".math, div.math, span.math").count() > 0


def frame_html(viewer):
    """What the viewer shows now: the HTML of its Stack (the last child of the box)."""
    return viewer.evaluate("box => box.lastElementChild.innerHTML")


def move(control, page):
    """Move one control of a frame viewer to another value; return a description."""
    handle = control.locator(".noUi-handle")
    if handle.count():  # a slider: keyboard on its handle
        at_end = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        handle.focus()
        page.keyboard.press("ArrowLeft" if at_end else "ArrowRight")
        return f"slider {control.locator('.widget-label').inner_text()!r}"
    select = control.locator("select")
    if select.count():  # a dropdown
        options = select.locator("option").all_inner_texts()
        current = select.evaluate("s => s.selectedIndex")
        select.select_option(index=(current + 1) % len(options))
        return "dropdown"
    buttons = control.locator("button")
    if buttons.count() > 1:  # toggle buttons
        current = next(i for i in range(buttons.count()) if "mod-active" in (buttons.nth(i).get_attribute("class") or ""))
        buttons.nth((current + 1) % buttons.count()).click()
        return "toggle buttons"
    raise AssertionError("a frame viewer control that is neither a slider, a dropdown nor toggle buttons")


def wait_until(page, log, script, what, arg=None, timeout=TIMEOUT):
    """Wait for ``script`` to be true in the page; on time-out, fail saying what and why."""
    try:
        page.wait_for_function(script, arg=arg, timeout=timeout)
    except Exception as exc:  # playwright's TimeoutError
        problems = "\n".join(log.problems()) or "(the console said nothing)"
        pytest.fail(f"{what} ({type(exc).__name__}); what went wrong in the page:\n{problems}")


# -- what every page must do --

def check_menus(page, log, docname, viewport):
    """The chapter list and the page contents open (and close) from their visible buttons."""
    page.evaluate("() => { window.SEEN = {visibilityProperty: true, opacityProperty: true}; }")
    for toggle, modal, required in ((".primary-toggle", "#pst-primary-sidebar-modal", True),
                                    (".secondary-toggle", "#pst-secondary-sidebar-modal", False)):
        buttons = page.locator(f"{toggle}:visible")
        if viewport == "desktop" and toggle == ".primary-toggle":
            # wide screens: the button hides and shows the sidebar in place
            assert buttons.count() >= 1, f"{docname}: no visible menu button"
            sidebar = page.locator("#pst-primary-sidebar")
            assert sidebar.is_visible(), f"{docname}: the chapter list is not shown on a wide screen"
            buttons.first.click()
            wait_until(page, log, "() => !document.querySelector('#pst-primary-sidebar').checkVisibility(SEEN)",
                       f"{docname}: the menu button does not hide the sidebar", timeout=5_000)
            buttons.first.click()
            wait_until(page, log, "() => document.querySelector('#pst-primary-sidebar').checkVisibility(SEEN)",
                       f"{docname}: the menu button does not show the sidebar again", timeout=5_000)
            continue
        if buttons.count() == 0:
            assert not required, f"{docname}: no visible button opens the chapter list at {viewport} width"
            continue
        buttons.first.click()
        wait_until(page, log, "m => { const d = document.querySelector(m); return d && d.open && "
                   "[...d.querySelectorAll('a')].some(a => a.checkVisibility()); }",
                   f"{docname}: {toggle} does not open its panel at {viewport} width", arg=modal, timeout=5_000)
        page.keyboard.press("Escape")
        wait_until(page, log, "m => !document.querySelector(m).open",
                   f"{docname}: Escape does not close {modal}", arg=modal, timeout=5_000)


def check_no_sideways_scroll(page, docname, viewport):
    wide = page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        const clipped = e => {  // inside a box that scrolls or clips by itself
            for (let p = e.parentElement; p; p = p.parentElement) {
                if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true;
            }
            return false;
        };
        const over = [...document.querySelectorAll('.bd-main *')]
            .filter(e => e.getBoundingClientRect().right > width + 1 && !clipped(e)).slice(0, 5)
            .map(e => `<${e.tagName.toLowerCase()} class="${e.className}"> ${e.textContent.trim().slice(0, 50)}`);
        return {scroll: document.documentElement.scrollWidth, width, over};
    }""")
    assert wide["scroll"] <= wide["width"], (
        f"{docname} scrolls sideways at {viewport} width: {wide['scroll']} px of content in "
        f"{wide['width']} px; what sticks out: {wide['over']}")


FILE_NAME = re.compile(r"\S*[/\\]\S*|\S+\.(png|jpe?g|svg|gif|webp)")
RAW_TEX = re.compile(r"\$[^$\s][^$]*\$|\$\$|\\[a-zA-Z]{2,}|\\[()\[\]]")


def check_no_raw_tex(page, docname):
    """The article's text, without code and typeset maths, has no $...$ or \\commands left."""
    problems = page.evaluate("""() => {
        const article = document.querySelector('.bd-article');
        if (!article) return {text: '', errors: 0};
        const copy = article.cloneNode(true);
        copy.querySelectorAll('pre, code, script, style, mjx-container, .MathJax').forEach(e => e.remove());
        return {text: copy.textContent, errors: article.querySelectorAll('mjx-merror').length};
    }""")
    assert problems["errors"] == 0, f"{docname}: MathJax reports {problems['errors']} TeX errors"
    left = sorted({m.group(0)[:40] for m in RAW_TEX.finditer(problems["text"])})
    assert not left, f"{docname}: TeX left unrendered in the text: {left}"


def check_images(page, docname, viewport, html_dir):
    """Alt text on every image; numbered captions on figures; legible figure text on a phone."""
    images = page.evaluate("""() => [...document.querySelectorAll('.bd-article img')].map(img => ({
        src: img.getAttribute('src'), alt: img.getAttribute('alt'), shown: img.clientWidth,
        natural: img.naturalWidth, widget: !!img.closest('.nnlib-frames, .jupyter-widgets'),
        caption: (img.closest('figure')?.querySelector('figcaption')?.textContent || '').trim(),
        number: (img.closest('figure')?.querySelector('.caption-number')?.textContent || '').trim(),
    }))""")
    for img in images:
        where = f"{docname}: image {img['src'][:60]}"
        alt = (img["alt"] or "").strip()
        assert alt, f"{where} has no alt text"
        assert not FILE_NAME.fullmatch(alt), f"{where} has a file name as alt text: {alt!r}"
        assert len(alt.split()) >= 4, f"{where}: alt text {alt!r} does not say what the image shows"
        if not img["widget"]:
            assert img["caption"], f"{where} has no caption"
            assert re.match(r"Fig\. \d+(\.\d+)*", img["number"]), f"{where} has no figure number: {img['number']!r}"
        if viewport == "phone" and img["shown"]:
            png = image_bytes(img["src"], page.url, html_dir)
            info = Image.open(io.BytesIO(png)).info
            assert MIN_FONT_KEY in info, f"{where} was not drawn with the book's style (use_book_style or figure_png)"
            dpi = info["dpi"][0]
            px = float(info[MIN_FONT_KEY]) / 72 * dpi * img["shown"] / img["natural"]
            assert px >= PHONE_TEXT_PX, (f"{where}: its smallest text is {px:.1f} px on a phone (fewer panels, a "
                                         f"narrower figure or larger fonts; at least {PHONE_TEXT_PX} px)")


def image_bytes(src, page_url, html_dir):
    if src.startswith("data:"):
        return base64.b64decode(src.split(",", 1)[1])
    path = urlsplit(page_url).path.lstrip("/")
    return (html_dir / Path(path).parent / unquote(urlsplit(src).path)).resolve().read_bytes()


def check_widget_controls(page, docname):
    """Sliders say their name and value; read-outs do not look editable; toggles show their labels."""
    controls = page.evaluate("""() => [...document.querySelectorAll('.nnlib-frames')].map(box => ({
        sliders: [...box.querySelectorAll('.widget-slider')].map(s => ({
            name: s.querySelector('.noUi-handle')?.getAttribute('aria-label') || '',
            value: s.querySelector('.noUi-handle')?.getAttribute('aria-valuetext') || '',
            readout: s.querySelector('.widget-readout')?.textContent.trim(),
            border: getComputedStyle(s.querySelector('.widget-readout')).borderTopWidth,
            editable: s.querySelector('.widget-readout').isContentEditable,
        })),
        selects: [...box.querySelectorAll('select')].map(sel =>
            (sel.getAttribute('aria-label') || [...sel.labels].map(l => l.textContent).join(' ')).trim()),
        buttons: [...box.querySelectorAll('.widget-toggle-buttons button')].map(b => ({
            text: b.textContent.trim(), cut: b.scrollWidth > b.clientWidth + 1})),
    }))""")
    for i, box in enumerate(controls):
        for slider in box["sliders"]:
            assert slider["name"], f"{docname}: a slider of widget {i} has no accessible name"
            assert slider["value"] == slider["readout"], (
                f"{docname}: a slider of widget {i} announces {slider['value']!r}, shows {slider['readout']!r}")
            assert slider["border"] == "0px" and not slider["editable"], \
                f"{docname}: the read-out of widget {i} looks like a text box"
        assert all(box["selects"]), f"{docname}: a menu of widget {i} has no accessible name"
        cut = [b["text"] for b in box["buttons"] if b["cut"]]
        assert not cut, f"{docname}: widget {i} cuts the labels of {cut}"


def check_widgets_respond(page, log, docname):
    viewers = page.locator(".nnlib-frames")
    for i in range(viewers.count()):
        viewer = viewers.nth(i)
        viewer.scroll_into_view_if_needed()
        controls = viewer.locator(":scope > .widget-slider, :scope > .widget-dropdown, :scope > .widget-toggle-buttons")
        assert controls.count() >= 1, f"frame viewer {i} has no control"
        for j in range(controls.count()):
            before = frame_html(viewer)
            what = move(controls.nth(j), page)
            wait_until(page, log, "([box, old]) => box.lastElementChild.innerHTML !== old",
                       f"{docname}: moving the {what} of frame viewer {i} did not change the frame",
                       arg=[viewer.element_handle(), before], timeout=10_000)
    # a moved slider announces its new value
    check_widget_controls(page, docname)


def transferred_bytes(page):
    return page.evaluate("""() => performance.getEntriesByType('navigation')
        .concat(performance.getEntriesByType('resource'))
        .reduce((total, e) => total + e.transferSize, 0)""")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_page_in_browser(open_page, site_page, viewport, built_book, page_weights):
    page, log = open_page(site_page, viewport)

    maths = has_maths(page)
    if maths:
        wait_until(page, log, "() => document.querySelector('mjx-container') !== null",
                   f"{site_page}: MathJax typeset nothing")
        wait_until(page, log, "() => !document.querySelector('.MathJax_Processing, mjx-container:empty')",
                   f"{site_page}: MathJax did not finish")

    views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
    if views:
        wait_until(page, log, "n => document.querySelectorAll('.widget-subarea').length >= n",
                   f"{site_page}: not every widget rendered", arg=views)
        # Maths in widget labels is typeset too (the MathJax.Hub shim in js/widgets-setup.js).
        wait_until(page, log,
                   "() => [...document.querySelectorAll('.widget-label')].every(l => !l.textContent.includes('$'))",
                   f"{site_page}: a widget label still shows $...$ (MathJax did not typeset it)")
        page.wait_for_timeout(300)  # the last MathJax passes over the labels
        check_widget_controls(page, site_page)

    page.wait_for_timeout(300)  # late console messages and late requests (fonts)
    kind = "widgets" if views else "maths" if maths else "plain"
    weight = transferred_bytes(page)
    page_weights[f"{site_page} ({viewport})"] = {"bytes": weight, "kind": kind}

    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    page.screenshot(path=str(SCREENSHOTS / f"{viewport}-{site_page.replace('/', '-')}.png"), full_page=True)
    check_no_raw_tex(page, site_page)
    check_images(page, site_page, viewport, built_book.html)
    check_no_sideways_scroll(page, site_page, viewport)
    check_menus(page, log, site_page, viewport)
    if views and viewport == "desktop":
        check_widgets_respond(page, log, site_page)

    assert weight <= WEIGHT_BUDGET[kind], (
        f"{site_page} transfers {weight / 1e6:.2f} MB at {viewport} width, over the {WEIGHT_BUDGET[kind] / 1e6:.1f} MB "
        f"budget of a page with {kind}")
    problems = log.problems()
    assert not problems, f"{site_page} ({viewport}):\n" + "\n".join(problems)


def widget_page(views):
    """A bare HTML page that shows ``views`` (widgets) from their saved state.

    It loads the same three scripts, from the same vendored files, as the
    book's pages with widgets.
    """
    import json

    from ipywidgets.embed import dependency_state

    state = {}
    for view in views:  # the links are not reachable from the views: add them
        state.update(dependency_state([view, *view.links], drop_defaults=True))
    saved = json.dumps({"version_major": 2, "version_minor": 0, "state": state})
    divs = "".join(
        '<div class="view"><script type="application/vnd.jupyter.widget-view+json">'
        + json.dumps({"version_major": 2, "version_minor": 0, "model_id": v.model_id})
        + "</script></div>" for v in views)
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>frame viewers</title>
<script src="js/widgets-setup.js"></script>
<script src="vendor/@jupyter-widgets/html-manager/dist/embed.js"></script>
<script type="application/vnd.jupyter.widget-state+json">{saved}</script>
</head><body>{divs}</body></html>"""


@pytest.fixture
def helper_site(built_book, tmp_path):
    """A site with one page of frame viewers made here, next to the book's scripts."""
    widgets = pytest.importorskip("ipywidgets")
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from nnlib import frame_grid, frame_viewer

    def line(slope):
        fig, ax = plt.subplots(figsize=(3, 2))
        ax.plot([0, 1], [0, slope])
        ax.set_ylim(-2, 2)
        return fig

    viewers = [
        frame_grid([1, 2], [3, 4, 5], lambda a, b: f"<p class='cell'>{a},{b}</p>",
                   descriptions=("a", "b"), controls=("dropdown", "toggle")),
        frame_grid([0.1, 0.5], ["x", "y"], lambda lr, m: f"<p class='cell'>{lr}|{m}</p>",
                   descriptions=(r"$\eta$", "m")),
        frame_viewer([-1.5, 0.0, 1.5], line, description="slope", alt="a line of slope {0}"),
    ]
    assert isinstance(viewers[0], widgets.VBox)
    for name in ("js", "vendor"):
        (tmp_path / name).symlink_to(built_book.html / name, target_is_directory=True)
    (tmp_path / "helpers.html").write_text(widget_page(viewers), encoding="utf-8")
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def test_frame_viewers_and_grids_respond_without_a_kernel(browser, helper_site):
    """Each control of a grid drives the right frame: nested Stacks, linked in the browser."""
    context = browser.new_context()
    page = context.new_page()
    log = PageLog(page, helper_site)
    page.goto(f"{helper_site}helpers.html", wait_until="load", timeout=TIMEOUT)
    wait_until(page, log, "() => document.querySelectorAll('.nnlib-frames').length === 3",
               "the frame viewers did not render")
    grid, second, plots = (page.locator(".nnlib-frames").nth(i) for i in range(3))

    def shows(index, text, what):
        wait_until(page, log, "([i, t]) => document.querySelectorAll('p.cell')[i].innerText === t",
                   f"{what}: the grid does not show {text!r}", arg=[index, text], timeout=5_000)

    shows(0, "1,3", "at the start")
    grid.locator("select").select_option(label="2")
    shows(0, "2,3", "first control (dropdown) to 2")
    grid.locator(".widget-toggle-buttons button", has_text="5").click()
    shows(0, "2,5", "second control (toggle buttons) to 5")
    grid.locator("select").select_option(label="1")
    shows(0, "1,5", "first control back to 1: its row must follow the second control too")

    shows(1, "0.1|x", "second grid at the start")
    handles = second.locator(".noUi-handle")
    handles.nth(1).focus()
    page.keyboard.press("ArrowRight")
    handles.nth(0).focus()
    page.keyboard.press("ArrowRight")
    shows(1, "0.5|y", "both sliders of the second grid moved")

    first = plots.locator("img").get_attribute("src")
    assert first.startswith("data:image/png;base64,")
    plots.locator(".noUi-handle").focus()
    page.keyboard.press("End")
    wait_until(page, log, "old => document.querySelectorAll('.nnlib-frames')[2].querySelector('img').src !== old",
               "the slider over figures did not change the figure", arg=first, timeout=5_000)
    assert plots.locator(".widget-readout").inner_text() == "1.5"

    page.wait_for_timeout(300)
    page.screenshot(path=str(SCREENSHOTS / "frame-helpers.png"), full_page=True)
    context.close()
    assert not log.problems(), log.problems()
