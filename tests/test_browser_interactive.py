"""The interactive figures of the built website work in a real browser, offline.

Debian's chromium, driven by Playwright, opens every page of the built book that shows an
interactive figure, served from a local folder on 127.0.0.1 with every request to another
host aborted. For every figure it moves each control and checks that the picture shown is
the frame the figure's embedded data holds for the new control values, that the browser
decoded it, and that the page asked no other host for anything. It also reports the weight
of each page with its frames, and checks the chapter's own weight (HTML with the embedded
frames, and its images) against the 5 MB target.

The pages come from the session's strict build of the book (``book_build`` in conftest.py);
set ``ORIGAMI_SITE=/path/to/_build/html`` to test an existing build instead.
"""

from __future__ import annotations

import http.server
import os
import re
import subprocess
import sys
import threading
from functools import partial
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.book]

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
#: Target weight of one chapter with all its frames: its HTML (which embeds the frames) and its
#: images. The theme's scripts, styles and fonts, MathJax and the search index are shared by
#: every page and cached after the first; they are reported, not counted.
PAGE_WEIGHT_TARGET = 5_000_000
SHARED = ("/_static/", "/searchindex.js")
FIGURE = ".origami-interactive"
# Errors the theme and sphinx-thebe log on every page (see JUPYTER_BOOK_NOTES.md).
KNOWN_PAGE_ERRORS = ("THEBE_JS_URL",)


def chapters_with_interactive_figures() -> list[str]:
    """Chapter sources (relative to the repository) that call origami.interactive."""
    return sorted(
        str(p.relative_to(REPO))
        for p in (REPO / "book").rglob("*.md")
        if not any(part.startswith((".", "_")) for part in p.relative_to(REPO).parts)
        and re.search(r"\binteractive\(", p.read_text(encoding="utf-8", errors="replace"))
    )


CHAPTERS = chapters_with_interactive_figures()


@pytest.fixture(scope="session")
def site(request) -> Path:
    """The built website (``_build/html``)."""
    if os.environ.get("ORIGAMI_SITE"):
        return Path(os.environ["ORIGAMI_SITE"])
    try:
        return request.getfixturevalue("book_build").html
    except pytest.FixtureLookupError:  # no shared build fixture: build the book here
        out = request.getfixturevalue("tmp_path_factory").mktemp("site")
        command = [sys.executable, "-c", "import sys; from jupyter_book.cli.main import main; sys.exit(main())",
                   "build", "--all", "-W", "-n", "--keep-going", str(REPO), "--path-output", str(out)]
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if done.returncode:
            pytest.fail(f"book build failed:\n{(done.stdout + done.stderr)[-5000:]}", pytrace=False)
        return out / "_build" / "html"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(site):
    """The site served on 127.0.0.1 (a free port), from a thread of this process."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module (Playwright's sync API runs one at a time)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def page_weights(request):
    """Collects the weight of each page; printed at the end of the session."""
    weights: dict[str, tuple[int, int, int, int]] = {}
    yield weights
    if not weights:
        return
    lines = ["", "page weight, MB as served (uncompressed): chapter = its HTML with the embedded frames",
             "and its images; first visit adds the shared theme, MathJax and search index",
             f"  {'page':32s} {'chapter':>8s} {'frames':>7s} {'first visit':>12s} {'figures':>8s}"]
    for name, (own, frames, total, figures) in sorted(weights.items()):
        lines.append(f"  {name:32s} {own / 1e6:8.2f} {frames / 1e6:7.2f} {total / 1e6:12.2f} {figures:8d}")
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print("\n".join(lines))


class OfflinePage:
    """A browser page that may only talk to the local server; records what it loaded."""

    def __init__(self, browser, server: str):
        self.server = server
        self.context = browser.new_context(viewport={"width": 1280, "height": 1000})
        self.page = self.context.new_page()
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.loaded: dict[str, int] = {}
        self.context.route("**/*", self._route)
        self.page.on("pageerror", lambda err: self.errors.append(f"{err}\n{err.stack or ''}"))
        self.page.on("requestfinished", self._finished)

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.server + "/") or url.startswith("data:") or url.startswith("blob:"):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def _finished(self, request):
        if request.url.startswith(self.server):
            response = request.response()
            if response is not None:
                self.loaded[request.url] = len(response.body())

    def close(self):
        self.context.close()


def _figure_data(figure) -> dict:
    return figure.evaluate("el => JSON.parse(el.querySelector('script.origami-data').textContent)")


def _shown(figure) -> dict:
    return figure.evaluate(
        """el => { const img = el.querySelector('img.origami-frame');
                   return {src: img.getAttribute('src'), complete: img.complete,
                           width: img.naturalWidth, alt: img.alt}; }"""
    )


def _move(figure, control: dict, i: int, position: int) -> int:
    """Move control ``i`` as a reader would; return its new position."""
    n = len(control["labels"])
    element = figure.locator(f'[data-control="{i}"]')
    if control["kind"] == "slider":
        element.focus()
        key = "ArrowRight" if position < n - 1 else "ArrowLeft"
        element.press(key)
        return position + (1 if key == "ArrowRight" else -1)
    if control["kind"] == "checkbox":
        element.click()
        return 1 - position
    target = (position + 1) % n
    element.select_option(index=target)
    return target


def _expected_src(data: dict, positions: list[int]) -> str:
    flat = 0
    for k, n in zip(positions, data["shape"]):
        flat = flat * n + k
    return f"data:{data['mime']};base64,{data['frames'][data['index'][flat]]}"


def test_some_chapter_has_an_interactive_figure():
    assert CHAPTERS, "no chapter in book/ calls origami.interactive"


def test_every_page_with_figures_comes_from_a_tested_chapter(site):
    pages = {
        str(p.relative_to(site).with_suffix(".md"))
        for p in site.rglob("*.html")
        if 'class="origami-interactive"' in p.read_text(encoding="utf-8", errors="replace")
    }
    assert pages <= set(CHAPTERS), f"pages with interactive figures not tested: {pages - set(CHAPTERS)}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_moving_each_control_shows_the_expected_frame(chapter, site, server, browser, page_weights):
    html = site / Path(chapter).with_suffix(".html")
    assert html.is_file(), f"{chapter} was not built to {html}"
    n_figures = html.read_text(encoding="utf-8").count('class="origami-interactive"')
    if n_figures == 0:
        pytest.fail(f"{chapter} calls interactive() but its page shows no static interactive figure "
                    "(is the origami.interactive Sphinx extension enabled?)")
    offline = OfflinePage(browser, server)
    page = offline.page
    try:
        page.goto(f"{server}/{Path(chapter).with_suffix('.html').as_posix()}", wait_until="load")
        page.wait_for_function(
            f"document.querySelectorAll('{FIGURE}[data-origami-ready]').length === {n_figures}",
            timeout=15_000,
        )
        figures = page.locator(FIGURE)
        frame_bytes = 0
        for f in range(n_figures):
            figure = figures.nth(f)
            figure.scroll_into_view_if_needed()
            data = _figure_data(figure)
            frame_bytes += sum(len(b) for b in data["frames"])
            positions = [c["default"] for c in data["controls"]]
            where = f"{chapter}, figure {f + 1} ({data['name']})"
            shown = _shown(figure)
            assert shown["src"] == _expected_src(data, positions), f"{where}: not on its starting frame"
            assert shown["complete"] and shown["width"] > 0, f"{where}: starting frame not decoded"
            for i, control in enumerate(data["controls"]):
                before = _shown(figure)["src"]
                picture_before = figure.locator("img.origami-frame").screenshot()
                positions[i] = _move(figure, control, i, positions[i])
                expected = _expected_src(data, positions)
                page.wait_for_function(
                    "([el, src]) => el.querySelector('img.origami-frame').getAttribute('src') === src",
                    arg=[figure.element_handle(), expected],
                    timeout=5_000,
                )
                shown = _shown(figure)
                label = control["labels"][positions[i]]
                assert shown["complete"] and shown["width"] > 0, f"{where}: frame not decoded after moving {control['name']}"
                assert f"{control['name']} = {label}" in shown["alt"], f"{where}: alt text misses {control['name']}"
                if control["kind"] == "slider":
                    readout = figure.locator(f'[data-control="{i}"] ~ output').inner_text()
                    assert readout == label, f"{where}: readout of {control['name']} shows {readout!r}, not {label!r}"
                if expected != before:  # the picture on screen changed, not only its source
                    assert figure.locator("img.origami-frame").screenshot() != picture_before, (
                        f"{where}: moving {control['name']} did not change the picture on screen"
                    )
        total = sum(offline.loaded.values())
        own = sum(n for url, n in offline.loaded.items() if not url[len(server):].startswith(SHARED))
        page_weights[chapter] = (own, frame_bytes, total, n_figures)
        assert not offline.blocked, f"{chapter} asked other hosts for: {offline.blocked}"
        ours = [e for e in offline.errors if not any(k in e for k in KNOWN_PAGE_ERRORS)]
        assert not ours, f"{chapter}: script errors: {ours}"
        assert own <= PAGE_WEIGHT_TARGET, (
            f"{chapter} weighs {own / 1e6:.2f} MB with its frames and images, over the "
            f"{PAGE_WEIGHT_TARGET / 1e6:.0f} MB target; use coarser controls or smaller figures"
        )
    finally:
        offline.close()


def test_static_figure_script_needs_no_other_file(site):
    """The script and style sheet are copied to the site and have no imports or URLs."""
    folder = site / "_static" / "interactive"
    script = (folder / "origami-interactive.js").read_text(encoding="utf-8")
    style = (folder / "origami-interactive.css").read_text(encoding="utf-8")
    assert not re.search(r"https?://|\bimport\b|require\(|fetch\(|XMLHttpRequest", script)
    assert not re.search(r"url\(|@import", style)
