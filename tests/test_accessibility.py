"""Accessibility (issue 15, item 1): WCAG 2.1 AA on every page of both editions.

The accessibility engine axe-core (a test-only npm package, pinned in ``tests/package.json`` and
``tests/package-lock.json``, installed into ``tests/node_modules`` by ``make .venv/.test``, which runs
``npm ci``; never part of the site) is injected into every page of the built site, full edition and
student edition, at a phone's (375 px) and a desktop's (1280 px) width, and run with the rules of
WCAG 2.0 and 2.1, levels A and AA. No page may have a *serious* or *critical* violation; a failure
lists, per page, each rule, its impact and the elements that break it. At the end of the run a
table gives the count of offending elements per page.

The same rules run in the theme's dark mode (1280 px), colour contrast above all: a reader can switch to it.

Keyboard use, which axe cannot judge:

- the first Tab on a page shows the "Skip to main content" link, and Enter on it moves the focus
  into the page's main content (the next Tab reaches the article's first link, not the sidebar);
- every control a reader reaches by Tab on a chapter page shows a visible focus indicator
  (an outline or a box shadow), in both editions, at both widths.

The fixes live in ``book/assets/css/accessibility.css`` and ``book/assets/js/accessibility.js``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO_ROOT, OfflinePage
from test_site import built_pages

pytestmark = [pytest.mark.book, pytest.mark.browser]

#: axe-core, installed by ``npm ci`` in tests/ (``make .venv/.test``).
AXE = REPO_ROOT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
#: The rule sets of WCAG 2.0 and 2.1, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: The impacts that fail the test (axe's scale: minor, moderate, serious, critical).
BLOCKING = ("serious", "critical")

WIDTHS = [375, 1280]
HEIGHT = 900
EDITIONS = ["full", "student"]
#: The chapter whose controls are tabbed through (both editions have it; it has figures,
#: hidden code cells, admonitions, exercises and, in the full edition, solutions).
CHAPTER = "book/counting"
#: At most this many Tabs through a page (the chapter has a few hundred stops).
MAX_TABS = 1500

#: The page is final: MathJax has typeset it, images and fonts have loaded.
WAIT_UNTIL_SETTLED = """async () => {
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
    for (const img of document.images) img.loading = "eager";
    await Promise.all(Array.from(document.images, img => img.decode().catch(() => null)));
    await document.fonts.ready;
}"""

#: axe's violations of the WCAG rules on the whole page, reduced to what a report needs.
RUN_AXE = """async (tags) => {
    const results = await axe.run(document, {
        runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
    });
    return results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({impact: n.impact, target: n.target.map(String).join(" "),
                                   summary: (n.failureSummary || "").split("\\n").slice(0, 3).join(" ")})),
    }));
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(
            f"{AXE.relative_to(REPO_ROOT)} is missing: run `make .venv/.test` (or `npm ci` in tests/)",
            pytrace=False,
        )
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module", params=EDITIONS)
def edition(request) -> tuple[str, Path, str]:
    """(name, site folder, server URL) of one edition."""
    if request.param == "full":
        return "full", request.getfixturevalue("site"), request.getfixturevalue("server")
    return "student", request.getfixturevalue("student_site"), request.getfixturevalue("student_server")


#: The views of each page axe checks: (colour mode, width). The page is loaded once, at the
#: first width; the others are reached as a reader does, by narrowing the window and by the
#: theme's colour-mode switch (which sets ``data-theme`` on the root element).
VIEWS = [("light", 1280), ("light", 375), ("dark", 1280)]

SET_MODE = """(mode) => {
    document.documentElement.dataset.mode = mode;
    document.documentElement.dataset.theme = mode;
}"""

#: The view has settled: the theme's resize handlers have run (they wait 300 ms after the
#: last resize, e.g. to make scrollable code blocks focusable) and colour transitions are over.
SETTLE_VIEW = """async () => {
    const sleep = ms => new Promise(done => setTimeout(done, ms));
    await sleep(400);
    const moving = () => document.getAnimations().some(
        a => a.playState === "running" && Number.isFinite(a.effect?.getComputedTiming().endTime));
    for (const end = performance.now() + 3000; moving() && performance.now() < end;) await sleep(50);
}"""


def open_page(browser, server: str, docname: str, width: int) -> OfflinePage:
    offline = OfflinePage(browser, server, width=width, height=HEIGHT)
    offline.page.goto(f"{server}/{docname}.html", wait_until="load")
    offline.page.evaluate(WAIT_UNTIL_SETTLED)
    return offline


def page_violations(browser, server: str, docname: str, source: str) -> dict[tuple[str, int], list[dict]]:
    """axe's WCAG violations (every impact) on one page, in each of ``VIEWS``."""
    offline = open_page(browser, server, docname, VIEWS[0][1])
    page = offline.page
    found = {}
    try:
        page.add_script_tag(content=source)
        for mode, width in VIEWS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            page.evaluate(SET_MODE, mode)
            page.evaluate(SETTLE_VIEW)
            found[(mode, width)] = page.evaluate(RUN_AXE, WCAG_TAGS)
    finally:
        offline.close()
    return found


@pytest.fixture(scope="module")
def axe_results(edition, browser, axe_source, request) -> dict[tuple[str, int], dict[str, list[dict]]]:
    """{view: {page: violations}} for every page of one edition; prints a table of counts."""
    name, site, server = edition
    pages = sorted(built_pages(site))
    assert len(pages) >= 10, f"{name}: only {len(pages)} pages built: {pages}"
    results: dict[tuple[str, int], dict[str, list[dict]]] = {view: {} for view in VIEWS}
    for docname in pages:
        for view, violations in page_violations(browser, server, docname, axe_source).items():
            results[view][docname] = violations
    lines = ["", f"axe-core, {name} edition: serious + critical violations (offending elements) per page",
             f"  {'page':24s}" + "".join(f" {f'{mode} {width}':>11s}" for mode, width in VIEWS)]
    for docname in pages:
        lines.append(f"  {docname:24s}" + "".join(
            f" {sum(len(v['nodes']) for v in blocking(results[view][docname])):>11d}" for view in VIEWS))
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print("\n".join(lines))
    return results


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in BLOCKING]


def describe(docname: str, violations: list[dict], targets: int = 8) -> str:
    lines = [f"{docname}:"]
    for v in violations:
        lines.append(f"  {v['id']} ({v['impact']}, {len(v['nodes'])} elements): {v['help']}")
        for node in v["nodes"][:targets]:
            lines.append(f"      {node['target']}  -- {node['summary'][:200]}")
        if len(v["nodes"]) > targets:
            lines.append(f"      ... and {len(v['nodes']) - targets} more")
    return "\n".join(lines)


@pytest.mark.parametrize("view", VIEWS, ids=[f"{mode}-{width}" for mode, width in VIEWS])
def test_every_page_meets_wcag_21_aa(edition, view, axe_results):
    """axe-core finds no serious or critical WCAG 2.0/2.1 A or AA violation on any page."""
    failures = [describe(docname, blocking(found)) for docname, found in axe_results[view].items() if blocking(found)]
    mode, width = view
    assert not failures, (
        f"{edition[0]} edition, {width} px, {mode} mode: serious or critical WCAG 2.1 AA violations "
        f"(axe-core):\n" + "\n".join(failures)
    )


# --------------------------------------------------------------------------------------
# Keyboard: the skip link and a visible focus on every control

#: The focused element: what it is, where it is, and how its focus is drawn.
FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el), box = el.getBoundingClientRect();
    const main = document.querySelector("#main-content");
    const transparent = c => /rgba\\(.*,\\s*0\\)$/.test(c) || c === "transparent";
    return {
        tag: el.tagName, text: (el.innerText || el.getAttribute("aria-label") || el.value || "").trim().slice(0, 60),
        id: el.id, cls: String(el.className || "").slice(0, 80),
        path: [el, el.parentElement, el.parentElement && el.parentElement.parentElement]
            .filter(Boolean).map(n => n.tagName.toLowerCase() + (n.id ? "#" + n.id : "")).join(" < "),
        inMain: Boolean(main && main.contains(el)), onScreen: box.width > 0 && box.height > 0
            && box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth,
        outline: style.outlineStyle !== "none" && !transparent(style.outlineColor) ? parseFloat(style.outlineWidth) : 0,
        shadow: style.boxShadow,
    };
}"""


def visible_focus(focused: dict) -> bool:
    return focused["outline"] >= 1 or focused["shadow"] not in ("", "none")


@pytest.mark.parametrize("width", WIDTHS)
def test_skip_link_moves_the_focus_into_the_main_content(edition, width, browser):
    name, _, server = edition
    offline = open_page(browser, server, CHAPTER, width)
    page = offline.page
    try:
        page.keyboard.press("Tab")
        page.evaluate(SETTLE_VIEW)  # the skip link slides in
        first = page.evaluate(FOCUSED)
        page.keyboard.press("Enter")
        after_enter = page.evaluate(FOCUSED)
        page.keyboard.press("Tab")
        after_tab = page.evaluate(FOCUSED)
    finally:
        offline.close()
    where = f"{name} edition, {width} px"
    assert first and first["text"] == "Skip to main content", f"{where}: the first Tab focused {first}"
    assert first["onScreen"] and visible_focus(first), f"{where}: the skip link is not shown when focused: {first}"
    assert after_enter and after_enter["inMain"], f"{where}: Enter on the skip link left the focus on {after_enter}"
    assert after_tab and after_tab["inMain"], f"{where}: the Tab after the skip link went to {after_tab}"


@pytest.mark.parametrize("width", WIDTHS)
def test_every_control_shows_a_visible_keyboard_focus(edition, width, browser):
    """Tab through a whole chapter page: each focused element draws an outline or a box shadow."""
    name, _, server = edition
    offline = open_page(browser, server, CHAPTER, width)
    page = offline.page
    seen, bad = [], []
    try:
        for _ in range(MAX_TABS):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            if focused is None:  # past the last control: the focus left the page
                break
            key = json.dumps([focused["path"], focused["text"], focused["cls"]])
            if seen and key == seen[0]:  # back at the first control
                break
            seen.append(key)
            if not visible_focus(focused):
                bad.append(focused)
    finally:
        offline.close()
    assert len(seen) >= 20, f"{name} edition, {width} px: only {len(seen)} controls reached by Tab"
    assert not bad, (
        f"{name} edition, {width} px: {len(bad)} of {len(seen)} focused controls show no visible focus:\n"
        + "\n".join(f"  {b['tag']} {b['text']!r} ({b['path']}, class {b['cls']!r}): outline {b['outline']}, "
                    f"shadow {b['shadow']!r}" for b in bad[:30])
    )
