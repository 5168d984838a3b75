"""The interactive figures of the built website work in a real browser, offline, for every reader.

Debian's chromium, driven by Playwright, opens every page of the built book that shows an
interactive figure, served from a local folder on 127.0.0.1 with every request to another
host aborted. For every figure it moves each control by keyboard and checks that the picture
shown is the frame the figure's data names for the new control values (a file the browser
fetched and decoded), that the words under it (an ``aria-live`` region) and its alt text
follow, that every control has a visible label and a visible keyboard focus, and that the
page asked no other host for anything. At a phone's width (375 px) every figure is shown at
least at half its pixel size (a multi-panel figure switches to its narrow layout). The
first-visit weight of every page is measured by ``test_site.py``.

The site, server, browser and ``OfflinePage`` come from ``conftest.py``.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from conftest import OfflinePage, allowed_browser_error

pytestmark = [pytest.mark.browser, pytest.mark.book]

REPO = Path(__file__).resolve().parent.parent
PHONE_WIDTH = 375
#: Least scale (shown width / pixel width) of a figure at a phone's width: below it labels are unreadable.
LEAST_PHONE_SCALE = 0.5
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
                   const words = el.querySelector('.origami-description');
                   return {src: img.getAttribute('src'), current: img.currentSrc, complete: img.complete,
                           width: img.naturalWidth, shown: img.getBoundingClientRect().width, alt: img.alt,
                           words: words ? words.textContent : null,
                           live: words ? words.getAttribute('aria-live') : null}; }"""
    )


def _move(page, figure, control: dict, i: int, position: int) -> int:
    """Move control ``i`` by keyboard, as a reader without a mouse would; return its new position."""
    n = len(control["labels"])
    element = figure.locator(f'[data-control="{i}"]')
    element.focus()
    if control["kind"] == "checkbox":
        page.keyboard.press("Space")
        return 1 - position
    if position < n - 1:
        page.keyboard.press("ArrowRight" if control["kind"] == "slider" else "ArrowDown")
        return position + 1
    page.keyboard.press("ArrowLeft" if control["kind"] == "slider" else "ArrowUp")
    return position - 1


def _flat(data: dict, positions: list[int]) -> int:
    flat = 0
    for k, n in zip(positions, data["shape"]):
        flat = flat * n + k
    return flat


def _expected_src(data: dict, positions: list[int], layout: str = "wide") -> str:
    return data[layout]["urls"][data[layout]["index"][_flat(data, positions)]]


def _expected_alt(data: dict, positions: list[int]) -> str:
    return data["alt"].rstrip(". ") + ". " + data["text"][_flat(data, positions)]


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
                    "(is the interactive_figures Sphinx extension enabled?)")
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
            page.wait_for_function(  # the starting frame loads lazily, as the figure comes into view
                "el => { const img = el.querySelector('img.origami-frame'); return img.complete && img.naturalWidth > 0; }",
                arg=figure.element_handle(), timeout=5_000,
            )
            data = _figure_data(figure)
            positions = [c["default"] for c in data["controls"]]
            where = f"{chapter}, figure {f + 1} ({data['name']})"
            shown = _shown(figure)
            assert shown["src"] == _expected_src(data, positions), f"{where}: not on its starting frame"
            assert shown["complete"] and shown["width"] > 0, f"{where}: starting frame not decoded"
            assert shown["live"] == "polite", f"{where}: no aria-live text under the figure"
            assert shown["words"] == data["text"][_flat(data, positions)], f"{where}: words of the start"
            assert shown["alt"] == _expected_alt(data, positions), f"{where}: alt text of the start"
            _check_labels_and_focus(page, figure, where)
            for i, control in enumerate(data["controls"]):
                before = _shown(figure)["src"]
                picture_before = figure.locator("img.origami-frame").screenshot()
                positions[i] = _move(page, figure, control, i, positions[i])
                expected = _expected_src(data, positions)
                page.wait_for_function(
                    "([el, src]) => el.querySelector('img.origami-frame').getAttribute('src') === src",
                    arg=[figure.element_handle(), expected],
                    timeout=5_000,
                )
                page.wait_for_function(
                    "el => { const img = el.querySelector('img.origami-frame'); return img.complete && img.naturalWidth > 0; }",
                    arg=figure.element_handle(), timeout=5_000,
                )
                shown = _shown(figure)
                label = control["labels"][positions[i]]
                assert shown["complete"] and shown["width"] > 0, f"{where}: frame not decoded after moving {control['name']}"
                assert shown["words"] == data["text"][_flat(data, positions)], (
                    f"{where}: the words under the figure did not follow {control['name']}: {shown['words']!r}"
                )
                assert shown["alt"] == _expected_alt(data, positions), f"{where}: alt text did not follow {control['name']}"
                if control["kind"] == "slider":
                    readout = figure.locator(f'[data-control="{i}"] ~ output').inner_text()
                    assert readout == label, f"{where}: readout of {control['name']} shows {readout!r}, not {label!r}"
                    valuetext = figure.locator(f'[data-control="{i}"]').get_attribute("aria-valuetext")
                    assert valuetext == f"{control['name']} = {label}", f"{where}: aria-valuetext {valuetext!r}"
                if expected != before:  # the picture on screen changed, not only its source
                    assert figure.locator("img.origami-frame").screenshot() != picture_before, (
                        f"{where}: moving {control['name']} did not change the picture on screen"
                    )
        assert not offline.blocked, f"{chapter} asked other hosts for: {offline.blocked}"
        assert not offline.failed, f"{chapter}: failed requests: {offline.failed}"
        ours = [e for e in offline.errors if not allowed_browser_error(e)]
        assert not ours, f"{chapter}: script errors: {ours}"
    finally:
        offline.close()


def _check_labels_and_focus(page, figure, where: str) -> None:
    """Every control has a visible label naming it and, reached by Tab, a visible focus ring."""
    controls = figure.locator("[data-control]")
    for i in range(controls.count()):
        control = controls.nth(i)
        label = control.evaluate(
            "el => { const l = el.labels && el.labels[0]; if (!l) return null; const box = l.getBoundingClientRect();"
            " return {text: l.textContent.trim(), visible: box.width > 0 && box.height > 0}; }"
        )
        assert label and label["text"] and label["visible"], f"{where}: control {i} has no visible label"
        control.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # reached by keyboard: :focus-visible applies
        ring = control.evaluate(
            "el => { const s = getComputedStyle(el); return document.activeElement === el && "
            "s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; }"
        )
        assert ring, f"{where}: control {i} ({label['text']}) shows no visible keyboard focus"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_figures_are_readable_on_a_phone(chapter, site, server, browser):
    """At 375 px each figure is shown at least at half its pixel size; narrow layouts take over."""
    html = site / Path(chapter).with_suffix(".html")
    n_figures = html.read_text(encoding="utf-8").count('class="origami-interactive"')
    offline = OfflinePage(browser, server, width=PHONE_WIDTH, height=800)
    page = offline.page
    try:
        page.goto(f"{server}/{Path(chapter).with_suffix('.html').as_posix()}", wait_until="load")
        page.wait_for_function(
            f"document.querySelectorAll('{FIGURE}[data-origami-ready]').length === {n_figures}", timeout=15_000
        )
        figures = page.locator(FIGURE)
        for f in range(n_figures):
            figure = figures.nth(f)
            figure.scroll_into_view_if_needed()
            page.wait_for_function(
                "el => { const img = el.querySelector('img.origami-frame'); return img.complete && img.naturalWidth > 0; }",
                arg=figure.element_handle(), timeout=5_000,
            )
            data, shown = _figure_data(figure), _shown(figure)
            where = f"{chapter}, figure {f + 1} ({data['name']})"
            positions = [c["default"] for c in data["controls"]]
            if data["narrow"]:
                narrow = _expected_src(data, positions, "narrow")
                assert shown["current"].endswith(narrow.lstrip("./")), f"{where}: not the narrow layout at 375 px"
            scale = shown["shown"] / shown["width"]
            assert scale >= LEAST_PHONE_SCALE, (
                f"{where}: shown at {scale:.2f} of its size at {PHONE_WIDTH} px ({shown['shown']:.0f} of "
                f"{shown['width']} px): give it a narrow layout"
            )
        assert not offline.failed, f"{chapter}: failed requests: {offline.failed}"
    finally:
        offline.close()


def test_static_figure_script_needs_no_other_file(site):
    """The script and style sheet are copied to the site and have no imports or URLs."""
    folder = site / "_static" / "interactive"
    script = (folder / "origami-interactive.js").read_text(encoding="utf-8")
    style = (folder / "origami-interactive.css").read_text(encoding="utf-8")
    assert not re.search(r"https?://|\bimport\b|require\(|fetch\(|XMLHttpRequest", script)  # file:// works
    assert not re.search(r"url\(|@import", style)


def _fetched(page, frames, names: set[str], seconds: float = 30.0) -> set[str]:
    """The frame files fetched so far, waiting (up to ``seconds``) until ``names`` are among them:
    a lazy image starts loading only after the browser has laid out the scrolled page."""
    deadline = time.monotonic() + seconds
    while True:
        seen = {u.rsplit("/", 1)[-1] for u in frames()}
        if names <= seen or time.monotonic() > deadline:
            return seen
        page.wait_for_timeout(200)


def test_frames_are_files_fetched_when_the_figure_is_used(site, server, browser):
    """The page holds no frame; the starting frame loads as the figure comes into view, and
    moving a control fetches its frame and prefetches the frames one step further."""
    chapter = "book/one_dimension.md"
    html = (site / Path(chapter).with_suffix(".html")).read_text(encoding="utf-8")
    assert "data:image" not in html, f"{chapter}: frames are still inlined in the page"
    offline = OfflinePage(browser, server)
    page = offline.page
    frames = lambda: {u for u in offline.loaded if "/_static/interactive/frames/" in u}  # noqa: E731
    try:
        page.goto(f"{server}/{Path(chapter).with_suffix('.html').as_posix()}", wait_until="load")
        page.wait_for_load_state("networkidle")
        assert not frames(), f"frames loaded before the figure came into view: {sorted(frames())}"
        figure = page.locator(FIGURE).first
        figure.scroll_into_view_if_needed()
        data = _figure_data(figure)
        start = [c["default"] for c in data["controls"]]
        first = _expected_src(data, start).rsplit("/", 1)[-1]
        seen = _fetched(page, frames, {first})
        assert first in seen, f"the starting frame did not load in view; fetched {sorted(seen)}"
        positions = list(start)
        positions[0] = _move(page, figure, data["controls"][0], 0, positions[0])
        ahead = list(positions)
        ahead[0] += 1 if positions[0] > start[0] else -1
        wanted = {tuple(w): _expected_src(data, w).rsplit("/", 1)[-1] for w in (positions, ahead)
                  if 0 <= w[0] < data["shape"][0]}
        seen = _fetched(page, frames, set(wanted.values()))
        for position, name in wanted.items():
            assert name in seen, f"frame {list(position)} not fetched after the move; fetched {sorted(seen)}"
        assert len(seen) < len(set(data["wide"]["urls"])), "every frame was fetched"
    finally:
        offline.close()


def test_figures_work_from_the_file_system_offline(site, browser):
    """Opened as a file (file://, no server, no network), a figure still swaps its frames."""
    chapter = "book/one_dimension.md"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)
    page = context.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    try:
        page.goto((site / Path(chapter).with_suffix(".html")).resolve().as_uri(), wait_until="load")
        figure = page.locator(FIGURE).first
        figure.scroll_into_view_if_needed()
        data = _figure_data(figure)
        positions = [c["default"] for c in data["controls"]]
        positions[0] = _move(page, figure, data["controls"][0], 0, positions[0])
        expected = _expected_src(data, positions)
        page.wait_for_function(
            "([el, src]) => { const img = el.querySelector('img.origami-frame');"
            " return img.getAttribute('src') === src && img.complete && img.naturalWidth > 0; }",
            arg=[figure.element_handle(), expected], timeout=5_000,
        )
        assert not failed, f"requests that failed from file://: {failed}"
    finally:
        context.close()
