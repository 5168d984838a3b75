"""Finding one's way around the book (issue 17), in both editions, as a reader's browser does it.

Each test runs at a phone's (375 px), a tablet's (800 px) and a desktop's (1280 px) width, with
the network blocked, on the full edition and on the student edition (the ``student_build``
fixture of ``conftest.py``, the same build ``test_editions.py`` uses):

1. the sidebar buttons in the article header show and hide the chapter list and the page's
   contents (``book/assets/js/navigation.js``);
2. a link to something inside a closed solution or ``<details>`` block opens the block and shows
   the target, on load and on ``hashchange``;
3. a click anywhere on a solution's title bar opens the solution; the exercise keeps a small link;
4. search: the page a reader lands on highlights the words and reveals a match hidden in a closed
   block; snippets show the searched word even when the search stems it (``book/assets/js/search.js``);
   from the file system, results are listed with no error;
5. the solution toggle shows a keyboard focus ring, and no image is described by its file name
   or a generic word (the student edition here; the full edition in ``test_site.py``).

The student edition has no solutions: there, 2 uses a hidden code cell's ``<details>`` (given an
id by the test, as no element inside one has an id), 3 is skipped, and 4 and 5 use the hidden
code cells. Chromium opens a ``<details>`` for a fragment by itself and the theme draws a focus
ring on its summary, so those student-edition cases passed before the fix as well; the
solutions' cases (full edition) did not.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import OfflinePage, allowed_browser_error
from test_book import CHAPTERS, soup
from test_site import bad_alt_text

pytestmark = [pytest.mark.book, pytest.mark.browser]

WIDTHS = [375, 800, 1280]
HEIGHT = 800
EDITIONS = ["full", "student"]

#: A small page with both sidebars (the chapter list and the page's contents), in both editions.
LIGHT_PAGE = "book/synthesis"
#: The issue's page for solution titles (four solutions), and a lighter one with solutions for focus.
TITLES_PAGE = "book/theory"
FOCUS_PAGE = "book/counting"

#: The proof index links to this proposition, which lives inside a solution (issue 17, item 2).
PROOF_INDEX = "prf-prf"
PROPOSITION_IN_A_SOLUTION = ("book/one_dimension", "prop-onedim-gain")

#: A word the search stems to something the text does not contain (zaslavsky -> zaslavski).
STEMMED_WORD = "Zaslavsky"

#: The search page has listed every result (searchtools.js then writes its summary line).
SEARCH_DONE = "() => /found|did not match/i.test(document.querySelector('#search-results .search-summary')?.innerText || '')"

#: True when `element` (or its first child box) is on screen and not covered by the sticky header.
SHOWN = """(el) => {
    const box = el.getBoundingClientRect();
    if (box.height <= 0 || box.width <= 0 || box.top < 0 || box.top >= window.innerHeight) return false;
    const x = Math.min(box.left + 8, window.innerWidth - 1), y = Math.min(box.top + 4, window.innerHeight - 1);
    const seen = document.elementFromPoint(x, y);
    return Boolean(seen) && (el.contains(seen) || seen.contains(el));
}"""

#: The collapsed blocks (closed togglebutton admonitions, closed <details>) around an element.
CLOSED_AROUND = """(el) => {
    const closed = [];
    for (let n = el.parentElement; n; n = n.parentElement) {
        if ((n.tagName === "DETAILS" && !n.open) || (n.classList.contains("toggle-hidden"))) closed.push(n.tagName);
    }
    return closed;
}"""


@pytest.fixture(scope="module", params=EDITIONS)
def edition(request) -> tuple[str, Path, str]:
    """(name, site folder, server URL) of one edition."""
    if request.param == "full":
        return "full", request.getfixturevalue("site"), request.getfixturevalue("server")
    return "student", request.getfixturevalue("student_site"), request.getfixturevalue("student_server")


#: The page's layout is final: MathJax (where loaded) has typeset the page.
WAIT_UNTIL_SETTLED = """async () => {
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
}"""


def open_page(browser, server: str, path: str, width: int, settle: bool = True) -> OfflinePage:
    """The page at ``path``, loaded; ``settle``: and typeset (the text no longer moves)."""
    offline = OfflinePage(browser, server, width=width, height=HEIGHT)
    offline.page.goto(f"{server}/{path}", wait_until="load")
    if settle:
        offline.page.evaluate(WAIT_UNTIL_SETTLED)
    return offline


def page_errors(offline: OfflinePage) -> list[str]:
    return [e for e in offline.errors + offline.console if not allowed_browser_error(e)]


# --------------------------------------------------------------------------------------
# 1. Sidebar buttons


#: How many links matching a selector are on screen.
VISIBLE_LINKS = """(selector) => Array.from(document.querySelectorAll(selector)).filter(a => {
    const box = a.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && box.left >= 0 && box.left < window.innerWidth;
}).length"""


@pytest.mark.parametrize("width", sorted(WIDTHS + [1000]))  # 1000 px: chapter list inline, contents not
def test_sidebar_buttons_show_and_hide_the_sidebars(edition, width, browser):
    name, _, server = edition
    offline = open_page(browser, server, f"{LIGHT_PAGE}.html", width, settle=False)
    page = offline.page
    checked = []
    try:
        for kind, links in [("primary", "nav.bd-docs-nav a"), ("secondary", "nav.page-toc a")]:
            button = page.locator(f".bd-header-article button.{kind}-toggle")
            sidebar = page.locator(f"#pst-{kind}-sidebar")
            dialog = page.locator(f"#pst-{kind}-sidebar-modal")
            if not button.is_visible():
                # No button at this width: the sidebar must then be on screen by itself.
                assert sidebar.is_visible() and page.evaluate(VISIBLE_LINKS, links) > 0, (
                    f"{name}, {width} px: no {kind} sidebar button and no {kind} sidebar"
                )
                continue
            before = page.evaluate(VISIBLE_LINKS, links)
            button.click()
            page.wait_for_timeout(400)  # the theme's open/close animation
            after = page.evaluate(VISIBLE_LINKS, links)
            if dialog.evaluate("d => d.open"):
                assert after > 0, f"{name}, {width} px: the {kind} sidebar dialog opened with no links"
                page.keyboard.press("Escape")
                page.wait_for_timeout(400)
                assert not dialog.evaluate("d => d.open"), f"{name}, {width} px: Escape left the {kind} dialog open"
            else:
                assert (before > 0) != (after > 0), (
                    f"{name}, {width} px: 'Toggle {kind} sidebar' changed nothing ({before} links shown before, {after} after)"
                )
                button.click()
                page.wait_for_timeout(400)
                assert (page.evaluate(VISIBLE_LINKS, links) > 0) == (before > 0), (
                    f"{name}, {width} px: a second click on 'Toggle {kind} sidebar' did not undo the first"
                )
            checked.append(kind)
    finally:
        offline.close()
    assert "primary" in checked, f"{name}, {width} px: the primary sidebar button is not shown"
    assert not page_errors(offline), page_errors(offline)


# --------------------------------------------------------------------------------------
# 2. Links into closed blocks


def closed_block_target(site: Path) -> tuple[str, str] | None:
    """A (page, id) inside a closed solution or <details> block, preferring the issue's example."""
    docname, anchor = PROPOSITION_IN_A_SOLUTION
    path = site / f"{docname}.html"
    if path.is_file():
        target = soup(path).find(id=anchor)
        if target is not None and target.find_parent(class_="dropdown"):
            return docname, anchor
    for docname in CHAPTERS:
        if not (site / f"{docname}.html").is_file():  # the student edition has no instructors page
            continue
        document = soup(site / f"{docname}.html")
        for block in document.select("details, .admonition.dropdown"):
            for element in block.find_all(id=True):
                unique = len(document.find_all(id=element["id"])) == 1
                if unique and element.find_parent("summary") is None and "admonition-title" not in element.get("class", []):
                    return docname, element["id"]
    return None


def page_with_hidden_code(site: Path) -> str:
    """A chapter with a collapsed code cell (``hide-input``): the target of a same-page link."""
    for docname in CHAPTERS:
        path = site / f"{docname}.html"
        if path.is_file() and soup(path).select("article details .cell_input pre"):
            return docname
    raise AssertionError("no chapter has a collapsed code cell to link into")


def test_the_proof_index_links_to_the_proposition_inside_a_solution(site):
    docname, anchor = PROPOSITION_IN_A_SOLUTION
    hrefs = {a["href"] for a in soup(site / f"{PROOF_INDEX}.html").find_all("a", href=True)}
    assert f"{docname}.html#{anchor}" in hrefs, f"{PROOF_INDEX}.html no longer links to {docname}.html#{anchor}"
    assert closed_block_target(site) == PROPOSITION_IN_A_SOLUTION


#: Gives an id to the first line of code inside the first closed <details> block (the student
#: edition has no element with an id inside a closed block; a reader's link could still point there).
MARK_A_HIDDEN_LINE = """() => {
    const line = document.querySelector("article details:not([open]) .cell_input pre");
    line.id = "origami-test-hidden-line";
    return line.id;
}"""


#: Closes the blocks around the target again, leaves its fragment and goes back to the top.
CLOSE_AROUND_AND_LEAVE = """(id) => {
    const el = document.getElementById(id);
    for (let n = el; n; n = n.parentElement) {
        if (n.tagName === "DETAILS") n.open = false;
        if (n.classList.contains("toggle") && !n.classList.contains("toggle-hidden")) {
            n.querySelector(":scope > .admonition-title").click();
        }
    }
    history.replaceState(null, "", location.pathname);
    window.scrollTo(0, 0);
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_a_link_into_a_closed_block_opens_it_and_shows_the_target(edition, width, browser):
    name, site, server = edition
    found = closed_block_target(site)
    docname, anchor = found if found else (page_with_hidden_code(site), None)
    url = f"{docname}.html" + (f"#{anchor}" if anchor else "")
    offline = open_page(browser, server, url, width)
    page = offline.page
    outcomes = {}
    try:
        if anchor:  # on load: the address names the target
            element = page.locator(f"[id='{anchor}']")
            outcomes["load"] = (element.evaluate(CLOSED_AROUND), element.evaluate(SHOWN))
            page.evaluate(CLOSE_AROUND_AND_LEAVE, anchor)
        # on hashchange: a link on the same page
        target = anchor or page.evaluate(MARK_A_HIDDEN_LINE)
        element = page.locator(f"[id='{target}']")
        assert element.evaluate(CLOSED_AROUND), f"{name}: #{target} is not inside a closed block"
        page.evaluate("(id) => { location.hash = id; }", target)
        page.wait_for_timeout(300)
        outcomes["hashchange"] = (element.evaluate(CLOSED_AROUND), element.evaluate(SHOWN))
    finally:
        offline.close()
    assert not page_errors(offline), page_errors(offline)
    for how, (closed, shown) in outcomes.items():
        assert not closed and shown, (
            f"{name}, {width} px, {docname}#{target} on {how}: blocks left closed around it {closed}, "
            f"target on screen: {shown}"
        )


# --------------------------------------------------------------------------------------
# 3. Solution title bars

#: Fractions of a title bar's width at which it is clicked (each click must open the solution).
CLICK_POINTS = [0.1, 0.4, 0.7]

#: Scrolls a solution's title bar to the middle of the screen; [x, y, on the exercise link] per fraction.
CLICK_TARGETS = """([id, fractions]) => {
    const bar = document.getElementById(id).querySelector(":scope > .admonition-title");
    bar.scrollIntoView({block: "center"});
    const box = bar.getBoundingClientRect();
    return fractions.map(f => {
        const x = box.left + f * box.width, y = box.top + box.height / 2;
        return [x, y, Boolean(document.elementFromPoint(x, y)?.closest("a[href^='#']"))];
    });
}"""

#: Records each opening and closing of a solution in window.titleClicks.
RECORD_TOGGLES = """(id) => {
    const solution = document.getElementById(id);
    window.titleClicks = [];
    if (window.titleClickObserver) window.titleClickObserver.disconnect();
    let hidden = solution.classList.contains("toggle-hidden");
    window.titleClickObserver = new MutationObserver(() => {
        const now = solution.classList.contains("toggle-hidden");
        if (now !== hidden) window.titleClicks.push(now ? "closed" : "open");
        hidden = now;
    });
    window.titleClickObserver.observe(solution, {attributes: true, attributeFilter: ["class"]});
}"""

SOLUTION_TITLES = """() => Array.from(document.querySelectorAll(".solution.dropdown > .admonition-title"), t => {
    const link = t.querySelector("a[href^='#']");
    const box = t.getBoundingClientRect(), lb = link ? link.getBoundingClientRect() : null;
    return {id: t.parentElement.id, area: box.width * box.height,
            link: link ? link.getAttribute("href") : null, linkArea: lb ? lb.width * lb.height : 0};
})"""


@pytest.mark.parametrize("width", WIDTHS)
def test_a_click_anywhere_on_a_solution_title_opens_it(edition, width, browser):
    name, site, server = edition
    page_name = TITLES_PAGE
    if name == "student":
        assert not soup(site / f"{page_name}.html").select(".solution"), "the student edition shows a solution"
        pytest.skip("the student edition has no solutions")
    offline = open_page(browser, server, f"{page_name}.html", width)
    page = offline.page
    failures = []
    try:
        titles = page.evaluate(SOLUTION_TITLES)
        assert titles, f"{page_name} has no solutions; choose another page"
        for title in titles:
            # The exercise stays one click away, on a small part of the bar.
            if not (title["link"] and page.locator(f"[id='{title['link'][1:]}']").count() == 1):
                failures.append(f"{title['id']}: no link to its exercise ({title['link']})")
            elif title["linkArea"] > 0.2 * title["area"]:
                failures.append(f"{title['id']}: the link to the exercise covers {title['linkArea'] / title['area']:.0%} of the bar")
            # Scroll the bar to the middle of the screen; where to click, and whether that is the link.
            points = page.evaluate(CLICK_TARGETS, [title["id"], CLICK_POINTS])
            for fraction, (x, y, on_link) in zip(CLICK_POINTS, points):
                if on_link:
                    continue  # the small link to the exercise
                url = page.url
                page.evaluate(RECORD_TOGGLES, title["id"])
                page.mouse.click(x, y)
                if page.url != url:
                    failures.append(f"{title['id']} at {fraction:.0%}: went to {page.url.split('#')[-1]}")
                    page.goto(url)
                    page.evaluate(WAIT_UNTIL_SETTLED)
                    continue
                page.mouse.click(x, y)  # and again, which closes it
                states = page.evaluate("() => window.titleClicks")
                if states[:1] != ["open"]:
                    failures.append(f"{title['id']} at {fraction:.0%}: the solution stayed closed")
                elif states != ["open", "closed"]:
                    failures.append(f"{title['id']} at {fraction:.0%}: a second click did not close it ({states})")
    finally:
        offline.close()
    assert not failures, f"{name}, {width} px: " + "; ".join(failures)
    assert not page_errors(offline), page_errors(offline)


# --------------------------------------------------------------------------------------
# 4. Search


def search_terms(site: Path) -> set[str]:
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    return set(json.loads(text[text.index("(") + 1 : text.rindex(")")])["terms"])


def hidden_word(site: Path) -> tuple[str, str]:
    """A (page, word) where the word is in the search index and, on that page, only inside closed blocks.

    Solutions are preferred (the word then appears in no other kind of closed block on the page);
    the student edition has none, and its word is in a hidden code cell's ``<details>``.
    """
    terms = search_terms(site)
    pages = []
    for docname in CHAPTERS:
        if not (site / f"{docname}.html").is_file():  # the student edition has no instructors page
            continue
        page = BeautifulSoup((site / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")  # changed below
        article = page.select_one("article.bd-article")
        if article is None:
            continue
        for tag in article.select("script, style"):
            tag.decompose()
        hidden = {"solution": "", "details": ""}
        for block in article.select(".admonition.dropdown, details"):
            heading = block.select_one("summary, .admonition-title")
            if heading is not None:
                heading.extract()
            kind = "details" if block.name == "details" else "solution"
            hidden[kind] += " " + block.extract().get_text(" ").lower()
        pages.append((docname, article.get_text(" ").lower(), hidden))
    for kind, other in [("solution", "details"), ("details", "solution")]:
        for docname, shown, hidden in pages:
            for word in sorted(set(re.findall(r"\b[a-z]{7,}\b", hidden[kind]))):
                if word in terms and word not in shown and word not in hidden[other]:
                    return docname, word
    raise AssertionError("no word is found only inside closed blocks on any chapter")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_search_result_highlights_the_words_and_reveals_a_hidden_match(edition, width, browser):
    name, site, server = edition
    docname, word = hidden_word(site)
    offline = open_page(browser, server, f"search.html?q={word}", width)
    page = offline.page
    try:
        page.wait_for_function(SEARCH_DONE, timeout=30_000)
        result = page.locator(f"#search-results ul.search li a[href^='{docname}.html']").first
        assert result.count(), f"{name}: searching {word!r} does not list {docname}"
        result.click()
        page.wait_for_load_state("load")
        page.evaluate(WAIT_UNTIL_SETTLED)
        page.wait_for_timeout(100)
        marks = page.locator("article span.highlighted")
        count = marks.count()
        first = marks.first
        closed = first.evaluate(CLOSED_AROUND) if count else None
        shown = first.evaluate(SHOWN) if count else False
        hide_link = page.locator("#searchbox .highlight-link").count()
    finally:
        offline.close()
    assert count, f"{name}, {width} px: {docname} highlights no {word!r} after the search"
    assert not closed and shown, (
        f"{name}, {width} px: the match of {word!r} on {docname} is not revealed (closed blocks around it: {closed})"
    )
    assert hide_link, f"{name}, {width} px: no 'Hide Search Matches' link"
    assert not page_errors(offline), page_errors(offline)


SNIPPETS = """() => Array.from(document.querySelectorAll('#search-results ul.search li'), li => ({
    href: li.querySelector('a').getAttribute('href'),
    snippet: li.querySelector('p.context') ? li.querySelector('p.context').innerText : null,
    descr: Boolean(li.querySelector(':scope > span')),
}))"""


@pytest.mark.parametrize("width", WIDTHS)
def test_search_snippets_show_a_stemmed_word(edition, width, browser):
    name, _, server = edition
    offline = open_page(browser, server, f"search.html?q={STEMMED_WORD}", width)
    page = offline.page
    try:
        page.wait_for_function(SEARCH_DONE, timeout=30_000)
        page.wait_for_function(
            "() => Array.from(document.querySelectorAll('#search-results ul.search li'))"
            ".every(li => li.querySelector('p.context') || li.querySelector(':scope > span'))",
            timeout=30_000,
        )
        results = page.evaluate(SNIPPETS)
    finally:
        offline.close()
    snippets = [r for r in results if not r["descr"]]
    assert snippets, f"{name}: searching {STEMMED_WORD!r} lists no page"
    stem = STEMMED_WORD.lower()[:-1]
    bad = [f"{r['href']}: {r['snippet'][:80]!r}" for r in snippets if stem not in r["snippet"].lower()]
    assert not bad, f"{name}, {width} px: snippets without {STEMMED_WORD!r}: {bad}"
    assert not page_errors(offline), page_errors(offline)


@pytest.mark.parametrize("width", WIDTHS)
def test_search_from_the_file_system_lists_results_without_errors(edition, width, browser):
    """Opened from the file system (no server), where browsers refuse to fetch the result pages."""
    name, site, _ = edition
    errors: list[str] = []
    context = browser.new_context(viewport={"width": width, "height": HEIGHT})
    try:
        context.route(re.compile(r"^(?!file:|data:|blob:)"), lambda route: route.abort())  # no network
        page = context.new_page()
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto((site / "search.html").as_uri() + "?q=kink", wait_until="load")
        page.wait_for_function(SEARCH_DONE, timeout=30_000)
        page.wait_for_timeout(500)  # let every result's (refused) page request settle
        listed = page.locator("#search-results ul.search li").count()
    finally:
        context.close()
    assert listed > 0, f"{name}, {width} px: no results listed from the file system"
    errors = [e for e in errors if not allowed_browser_error(e)]
    assert not errors, f"{name}, {width} px: errors from the file system: {errors[:5]}"


# --------------------------------------------------------------------------------------
# 5. Keyboard focus and image descriptions

#: The focus ring of the focused element: its outline, or a box shadow.
FOCUS_RING = """() => {
    const el = document.activeElement, style = getComputedStyle(el);
    return {tag: el.tagName, cls: el.className && String(el.className), focusVisible: el.matches(':focus-visible'),
            outline: style.outlineStyle !== 'none' ? parseFloat(style.outlineWidth) : 0, shadow: style.boxShadow};
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_collapsible_toggles_show_a_keyboard_focus_ring(edition, width, browser):
    name, site, server = edition
    docname = FOCUS_PAGE
    offline = open_page(browser, server, f"{docname}.html", width, settle=False)
    page = offline.page
    try:
        solutions = page.locator(".solution.dropdown > .admonition-title")
        if solutions.count():
            # Tab from the last link of the title onto the solution's toggle button.
            title = solutions.first
            title.scroll_into_view_if_needed()
            title.locator("a").last.focus()
            page.keyboard.press("Tab")
            ring = page.evaluate(FOCUS_RING)
            assert "toggle-button" in ring["cls"], f"{name}: Tab from the title went to {ring}"
            page.keyboard.press("Enter")
            opened = not title.evaluate("t => t.parentElement.classList.contains('toggle-hidden')")
        else:
            assert name == "student", f"{docname} has no solutions to focus"
            summary = page.locator("article details > summary").first
            summary.scroll_into_view_if_needed()
            page.keyboard.press("Tab")  # a keyboard user: focus rings show from now on
            summary.focus()
            ring = page.evaluate(FOCUS_RING)
            page.keyboard.press("Enter")
            opened = summary.evaluate("s => s.parentElement.open")
    finally:
        offline.close()
    assert ring["focusVisible"] and (ring["outline"] >= 2 or ring["shadow"] not in ("", "none")), (
        f"{name}, {width} px: no visible focus ring on the toggle: {ring}"
    )
    assert opened, f"{name}, {width} px: Enter on the focused toggle did not open it"


def test_student_edition_images_have_real_descriptions(student_site):
    bad = []
    for page in sorted(student_site.rglob("*.html")):
        for image in soup(page).find_all("img"):
            problem = bad_alt_text(image.get("alt", ""), image.get("src", ""))
            if problem:
                bad.append(f"{page.relative_to(student_site)}: {image.get('src', '')[:60]} ({problem})")
    assert not bad, "images without a real description:\n" + "\n".join(bad)
