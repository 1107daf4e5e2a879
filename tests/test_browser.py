"""The built book in a real browser: offline, a clean console, live maths and widgets.

The book is served from _build/html on 127.0.0.1 and opened in Debian's
Chromium (``make browser`` installs it; Playwright's own browser download is
not used). Every request that leaves the server's origin is aborted and
recorded. Each page must load with no console error, no page error and no
failed request; MathJax must have typeset its maths; every widget must render,
and moving a frame viewer's control must change the frame it shows, with no
kernel behind the page.
"""

import functools
import http.server
import re
import threading
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-default-apps"]
# Screenshots of every page, kept as test artifacts beside the build (ignored by git).
SCREENSHOTS = Path(__file__).resolve().parent.parent / "_build" / "screenshots"
# Known, harmless console warnings (not errors). The widget manager compiles its
# JSON schema with ajv in strict mode, which warns about a union type in it.
ALLOWED_WARNINGS = [re.compile(r"^strict mode: use allowUnionTypes")]
TIMEOUT = 15_000  # ms


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
    """open_page(docname) -> (page, log): the page loaded, its scripts settled."""
    contexts = []

    def _open(docname):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
        contexts.append(context)
        page = context.new_page()
        log = PageLog(page, site)
        page.goto(f"{site}{docname}.html", wait_until="load", timeout=TIMEOUT)
        page.wait_for_load_state("networkidle", timeout=TIMEOUT)
        return page, log

    yield _open
    for context in contexts:
        context.close()


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


def test_page_in_browser(open_page, site_page):
    page, log = open_page(site_page)

    if has_maths(page):
        wait_until(page, log, "() => document.querySelector('mjx-container') !== null",
                   f"{site_page}: MathJax typeset nothing")

    views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
    if views:
        wait_until(page, log, "n => document.querySelectorAll('.widget-subarea').length >= n",
                   f"{site_page}: not every widget rendered", arg=views)
        # Maths in widget labels is typeset too (the MathJax.Hub shim in js/widgets-setup.js).
        wait_until(page, log,
                   "() => [...document.querySelectorAll('.widget-label')].every(l => !l.textContent.includes('$'))",
                   f"{site_page}: a widget label still shows $...$ (MathJax did not typeset it)")

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
                       f"{site_page}: moving the {what} of frame viewer {i} did not change the frame",
                       arg=[viewer.element_handle(), before], timeout=5_000)

    page.wait_for_timeout(300)  # late console messages
    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    page.screenshot(path=str(SCREENSHOTS / f"nncourse-{site_page.replace('/', '-')}.png"), full_page=True)
    problems = log.problems()
    assert not problems, f"{site_page}:\n" + "\n".join(problems)


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
<script src="vendor/requirejs/require.js"></script>
<script src="vendor/@jupyter-widgets/html-manager/dist/embed-amd.js"></script>
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
        frame_viewer([-1.5, 0.0, 1.5], line, description="slope"),
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
    page.screenshot(path=str(SCREENSHOTS / "nncourse-frame-helpers.png"), full_page=True)
    context.close()
    assert not log.problems(), log.problems()
