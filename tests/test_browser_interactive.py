"""The interactive figures of the built website work in a real browser, offline.

Debian's chromium, driven by Playwright, opens every page of the built book that shows an
interactive figure, served from a local folder on 127.0.0.1 with every request to another
host aborted. For every figure it moves each control and checks that the picture shown is
the frame the figure's embedded data holds for the new control values, that the browser
decoded it, and that the page asked no other host for anything. It also checks the
chapter's own weight (HTML with the embedded frames, and its images) against the 5 MB target.

The site, server, browser and ``OfflinePage`` come from ``conftest.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import OfflinePage, allowed_browser_error

pytestmark = [pytest.mark.browser, pytest.mark.book]

REPO = Path(__file__).resolve().parent.parent
#: Target weight of one chapter with all its frames: its HTML (which embeds the frames) and its
#: images. The theme's scripts, styles and fonts, MathJax and the search index are shared by
#: every page and cached after the first; they are reported by test_site.py, not counted.
PAGE_WEIGHT_TARGET = 5_000_000
SHARED = ("/_static/", "/searchindex.js")
FIGURE = ".origami-interactive"


def chapters_with_interactive_figures() -> list[str]:
    """Chapter sources (relative to the repository) that call origami.interactive."""
    return sorted(
        str(p.relative_to(REPO))
        for p in (REPO / "book").rglob("*.md")
        if not any(part.startswith((".", "_")) for part in p.relative_to(REPO).parts)
        and re.search(r"\binteractive\(", p.read_text(encoding="utf-8", errors="replace"))
    )


CHAPTERS = chapters_with_interactive_figures()


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
def test_moving_each_control_shows_the_expected_frame(chapter, site, server, browser):
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
        for f in range(n_figures):
            figure = figures.nth(f)
            figure.scroll_into_view_if_needed()
            data = _figure_data(figure)
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
        own = sum(n for url, n in offline.loaded.items() if not url[len(server):].startswith(SHARED))
        assert not offline.blocked, f"{chapter} asked other hosts for: {offline.blocked}"
        ours = [e for e in offline.errors if not allowed_browser_error(e)]
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
