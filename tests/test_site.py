"""Every page of the built website, as a reader's browser sees it, with no network.

Debian's chromium (driven by Playwright, see ``conftest.py``) opens every page of the
session's strict build, served from 127.0.0.1 with every request to another host aborted,
and checks what a reader would notice:

- no script or console errors and no failed requests (allow-list in ``conftest.py``, one entry);
- all mathematics typeset by the vendored MathJax, with no raw TeX left in the text;
- every image decoded and described by alt text (not a generic word, not its file name or path);
- at a phone's width (375 px) the page does not scroll sideways;
- a full-page screenshot of each page is saved in ``_build/screenshots/`` for review, and
  the weight of each page is reported at the end of the run;
- the first visit of every page, in both editions (everything the browser loads before the
  reader touches anything, text counted gzip-compressed as a static host serves it, images
  and fonts as they are), weighs at most 2 MB; a table of them is printed at the end.

Without a browser: every internal link and anchor resolves, and the search page finds
chapters by a word from their text.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import REPO_ROOT, OfflinePage, allowed_browser_error
from test_book import CHAPTERS, soup

pytestmark = [pytest.mark.book, pytest.mark.browser]

#: Pages Sphinx and its extensions generate besides the chapters.
GENERATED_PAGES = ["genindex", "search", "py-modindex", "prf-prf"]
PAGES = CHAPTERS + GENERATED_PAGES

#: Where the full-page screenshots go (``_build/`` is ignored by git).
SCREENSHOTS = REPO_ROOT / "_build" / "screenshots"
#: The longest stretch of a page a review screenshot captures, in CSS pixels.
SCREENSHOT_HEIGHT = 16_000

PHONE_WIDTH = 375

#: TeX that MathJax should have replaced: \( \) \[ \] delimiters, $$, or an inline $...$.
RAW_TEX = re.compile(r"\\\(|\\\)|\\\[|\\\]|\$\$|\$[^$\s][^$\n]*\$|\\begin\{")

#: The page is ready: MathJax (where loaded) has typeset, and every image has loaded.
WAIT_UNTIL_SETTLED = """async () => {
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
        await MathJax.startup.promise;
    }
    for (const img of document.images) img.loading = "eager";
    await Promise.all(Array.from(document.images, img => img.decode().catch(() => null)));
    await document.fonts.ready;
}"""

#: Text of the main article without code, scripts and typeset math: where raw TeX would show.
PROSE_TEXT = """() => {
    const main = document.querySelector("main") || document.body;
    const copy = main.cloneNode(true);
    copy.querySelectorAll("pre, code, script, style, mjx-container, .cell_input, .highlight")
        .forEach(el => el.remove());
    return copy.innerText;
}"""

IMAGES = """() => Array.from(document.images, img => ({
    src: img.getAttribute("src").slice(0, 80), alt: (img.getAttribute("alt") || "").trim(),
    complete: img.complete, width: img.naturalWidth}))"""

#: Elements that stick out to the right of a phone's screen outside any scrolling box
#: (the culprits of sideways scroll).
OVERFLOWING = r"""(width) => {
    const clipped = el => {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
            if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(p).overflowX)) return true;
        }
        return false;
    };
    const out = [];
    for (const el of document.querySelectorAll("body *")) {
        const box = el.getBoundingClientRect();
        if (box.right > width + 1 && box.width > 0 && !clipped(el)) {
            out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
                     (typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\s+/).join(".") : "") +
                     " right=" + Math.round(box.right));
        }
    }
    return out.slice(0, 8);
}"""


#: Display formulas wider than their box (the theorem or exercise box they sit in, else the article).
#: Each is reported with its width and the box's, and whether a scrolling container inside the box
#: holds it (then a reader can scroll it; otherwise it runs out of the box).
WIDE_DISPLAYS = r"""() => {
    const scrolls = el => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
    const out = [];
    for (const el of document.querySelectorAll('mjx-container[display="true"]')) {
        const box = el.closest(".admonition") || el.closest("article") || document.body;
        const b = box.getBoundingClientRect();
        const math = (el.querySelector("mjx-math") || el).getBoundingClientRect();
        if (math.right <= b.right + 1 && math.left >= b.left - 1) continue;
        let held = false;
        for (let p = el; p && p !== box; p = p.parentElement) {
            const h = p.getBoundingClientRect();
            if (scrolls(p) && h.right <= b.right + 1 && h.left >= b.left - 1) { held = true; break; }
        }
        const where = el.closest("[id]");
        out.push({where: where ? where.id : "?", width: Math.round(math.width), box: Math.round(b.width), held});
    }
    return out;
}"""


#: Alt text that names no content: a generic word, or the image's file name or path.
GENERIC_ALT = {
    "image", "img", "picture", "photo", "figure", "fig", "plot", "graph", "chart", "diagram",
    "png", "jpg", "jpeg", "svg", "gif", "icon", "output", "untitled", "alt", "screenshot",
}
FILE_NAME = re.compile(r"\S*\.(?:png|jpe?g|gif|svg|webp|pdf)", re.IGNORECASE)
PATH = re.compile(r"\S*/\S*")


def bad_alt_text(alt: str, src: str = "") -> str | None:
    """Why ``alt`` does not describe the image (None if it may): missing, generic, or a file name or path."""
    alt = alt.strip()
    if not alt:
        return "no alt text"
    if alt.lower().strip(".") in GENERIC_ALT:
        return f"generic alt text {alt!r}"
    if FILE_NAME.fullmatch(alt) or PATH.fullmatch(alt) or (src and alt == src.rsplit("/", 1)[-1]):
        return f"alt text is a file name or path: {alt[:60]!r}"
    return None


def page_url(server: str, docname: str) -> str:
    return f"{server}/{docname}.html"


def open_settled(browser, server: str, docname: str, width: int, height: int) -> OfflinePage:
    offline = OfflinePage(browser, server, width=width, height=height)
    offline.page.goto(page_url(server, docname), wait_until="load")
    offline.page.evaluate(WAIT_UNTIL_SETTLED)
    return offline


# --------------------------------------------------------------------------------------
# The set of pages


def built_pages(site: Path) -> set[str]:
    """Every HTML page of the site, as docnames, except the root's redirect."""
    pages = {page.relative_to(site) for page in site.rglob("*.html")}
    return {
        str(page.with_suffix("")) for page in pages
        if not page.parts[0].startswith("_") and page != Path("index.html")
    }


def test_every_built_page_is_checked(site):
    assert built_pages(site) == set(PAGES), (
        f"pages built but not checked: {sorted(built_pages(site) - set(PAGES))}; "
        f"checked but not built: {sorted(set(PAGES) - built_pages(site))}"
    )


def test_the_root_redirects_to_the_first_chapter(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'http-equiv="refresh"[^>]*url={re.escape(CHAPTERS[0])}\.html', index, re.I), index


# --------------------------------------------------------------------------------------
# Each page in a browser


@pytest.mark.parametrize("docname", PAGES)
def test_page_is_clean_in_a_browser(docname, site, server, browser, page_weights):
    """No errors, math typeset, images loaded and described; a screenshot for review."""
    html = (site / f"{docname}.html").read_text(encoding="utf-8")
    offline = open_settled(browser, server, docname, width=1280, height=900)
    page = offline.page
    try:
        n_math = page.locator("mjx-container").count()
        tex_errors = page.locator("mjx-merror").count()
        prose = page.evaluate(PROSE_TEXT)
        images = page.evaluate(IMAGES)
        wide = page.evaluate(WIDE_DISPLAYS)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        # for review only: the top of a very long page (the API reference is ~100,000 px, which
        # Chromium captures slowly and beyond its texture limit), with time for a busy machine
        height = min(page.evaluate("document.documentElement.scrollHeight"), SCREENSHOT_HEIGHT)
        page.screenshot(path=SCREENSHOTS / f"{docname.replace('/', '__')}.png", full_page=True,
                        clip={"x": 0, "y": 0, "width": 1280, "height": height}, timeout=120_000)
    finally:
        offline.close()

    own = sum(n for url, n in offline.loaded.items() if not urlsplit(url).path.startswith(("/_static/", "/searchindex.js")))
    page_weights[docname] = (own, sum(offline.loaded.values()), len(images))

    assert not offline.blocked, f"{docname} asked other hosts for: {offline.blocked}"
    assert not offline.failed, f"{docname}: failed requests: {offline.failed}"
    errors = [e for e in offline.errors + offline.console if not allowed_browser_error(e)]
    assert not errors, f"{docname}: errors in the browser console: {errors}"
    if 'class="math' in html:
        assert n_math > 0, f"{docname}: the page has math but MathJax typeset none of it"
    assert tex_errors == 0, f"{docname}: MathJax reports {tex_errors} TeX errors"
    raw = sorted({match.group(0) for match in RAW_TEX.finditer(prose)})
    assert not raw, f"{docname}: TeX left untypeset in the text: {raw[:10]}"
    assert not wide, f"{docname}: at 1280 px these displays are wider than their box: {wide}"
    broken = [image["src"] for image in images if not (image["complete"] and image["width"] > 0)]
    assert not broken, f"{docname}: images that did not load: {broken}"
    undescribed = [f"{image['src']} ({bad_alt_text(image['alt'])})" for image in images if bad_alt_text(image["alt"])]
    assert not undescribed, f"{docname}: images without a real description: {undescribed}"


@pytest.mark.parametrize("docname", PAGES)
def test_page_fits_a_phone_screen(docname, server, browser):
    """At 375 px the page does not scroll sideways (wide tables, code and formulas scroll in their box)."""
    offline = open_settled(browser, server, docname, width=PHONE_WIDTH, height=800)
    try:
        scroll_width = offline.page.evaluate("document.documentElement.scrollWidth")
        culprits = offline.page.evaluate(OVERFLOWING, PHONE_WIDTH) if scroll_width > PHONE_WIDTH else []
        wide = offline.page.evaluate(WIDE_DISPLAYS)
    finally:
        offline.close()
    assert scroll_width <= PHONE_WIDTH, (
        f"{docname} is {scroll_width} px wide on a {PHONE_WIDTH} px phone; too wide: {culprits}"
    )
    # on a phone a long formula may scroll, but inside its box
    sticking_out = [display for display in wide if not display["held"]]
    assert not sticking_out, f"{docname}: at {PHONE_WIDTH} px these displays run out of their box: {sticking_out}"


def test_every_image_has_a_real_description(site):
    """Alt text describes the picture: not empty, not a generic word, not the file's name or path."""
    bad = []
    for page in sorted(site.rglob("*.html")):
        if page.relative_to(site).parts[0].startswith("_"):
            continue
        for image in soup(page).find_all("img"):
            problem = bad_alt_text(image.get("alt", ""), image.get("src", ""))
            if problem:
                bad.append(f"{page.relative_to(site)}: {image.get('src', '')[:60]} ({problem})")
    assert not bad, "images without a real description:\n" + "\n".join(bad)


@pytest.mark.parametrize(
    "alt", ["", "image", "PNG", "../_images/39ec9870.png", "plot.png", "figures/regions", "Figure."]
)
def test_bad_alt_text_is_recognised(alt):
    assert bad_alt_text(alt, "../_images/39ec9870.png")


@pytest.mark.parametrize("alt", ["Binder logo", "Two panels: the ReLU and the Leaky ReLU, with slopes 0 and 1/10."])
def test_descriptive_alt_text_is_accepted(alt):
    assert bad_alt_text(alt) is None


# --------------------------------------------------------------------------------------
# First-visit weight

#: Largest first visit of a page (issue 15): 2 MB, text counted gzip-compressed.
FIRST_VISIT_LIMIT = 2_000_000
#: Content types a static host serves gzip-compressed (images and fonts are sent as they are).
COMPRESSED = re.compile(r"text/|javascript|json|xml|svg")


def first_visit(browser, server: str, docname: str, width: int = 1280, height: int = 900) -> dict[str, int]:
    """What a first visit of ``docname`` loads, with nothing cached and nothing touched.

    Returns ``{url: bytes}``, text gzip-compressed (level 6, as nginx and GitHub Pages
    serve it), everything else as served. The page is left alone until the network has been
    idle for half a second: lazy images below the fold and frames not yet wanted stay unloaded.
    """
    offline = OfflinePage(browser, server, width=width, height=height)
    weights: dict[str, int] = {}

    def finished(request) -> None:
        response = request.response()
        if response is None or not request.url.startswith(server) or response.status >= 400:
            return
        try:
            body = response.body()
        except Exception:  # the page went on without it
            return
        kind = response.headers.get("content-type", "")
        weights[request.url] = len(gzip.compress(body, 6)) if COMPRESSED.search(kind) else len(body)

    offline.page.on("requestfinished", finished)
    try:
        offline.page.goto(page_url(server, docname), wait_until="load")
        offline.page.wait_for_load_state("networkidle")
        if offline.page.evaluate("!!(window.MathJax && MathJax.startup && MathJax.startup.promise)"):
            offline.page.evaluate("MathJax.startup.promise")
            offline.page.wait_for_load_state("networkidle")
    finally:
        offline.close()
    assert not offline.failed, f"{docname}: failed requests: {offline.failed}"
    return weights


@pytest.fixture(scope="module")
def first_visits(request):
    """Collects each page's first-visit weight; prints the table at the end of the module."""
    table: dict[tuple[str, str], dict[str, int]] = {}
    yield table
    if not table:
        return
    lines = ["", f"first visit, MB (text gzip-compressed, images and fonts as they are; limit "
                 f"{FIRST_VISIT_LIMIT / 1e6:.0f} MB), and its heaviest file:",
             f"  {'edition':8s} {'page':28s} {'MB':>6s}  heaviest"]
    for (edition, name), weights in sorted(table.items()):
        heaviest = max(weights, key=weights.get)
        lines.append(f"  {edition:8s} {name:28s} {sum(weights.values()) / 1e6:6.2f}  "
                     f"{urlsplit(heaviest).path.rsplit('/', 1)[-1]} {weights[heaviest] / 1e6:.2f}")
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print("\n".join(lines))


def _check_first_visit(edition: str, docname: str, site: Path, server: str, browser, first_visits) -> None:
    if not (site / f"{docname}.html").is_file():
        pytest.skip(f"the {edition} edition has no page {docname}")
    weights = first_visit(browser, server, docname)
    first_visits[(edition, docname)] = weights
    total = sum(weights.values())
    heaviest = sorted(weights.items(), key=lambda item: -item[1])[:5]
    assert total <= FIRST_VISIT_LIMIT, (
        f"{docname} ({edition} edition): the first visit loads {total / 1e6:.2f} MB, over "
        f"{FIRST_VISIT_LIMIT / 1e6:.0f} MB; heaviest: "
        + ", ".join(f"{urlsplit(u).path} {n / 1e6:.2f} MB" for u, n in heaviest)
    )


@pytest.mark.parametrize("docname", PAGES)
def test_first_visit_weighs_at_most_2_mb(docname, site, server, browser, first_visits):
    _check_first_visit("full", docname, site, server, browser, first_visits)


@pytest.mark.parametrize("docname", PAGES)
def test_first_visit_of_the_student_edition_weighs_at_most_2_mb(docname, student_site, student_server, browser,
                                                                 first_visits):
    _check_first_visit("student", docname, student_site, student_server, browser, first_visits)


# --------------------------------------------------------------------------------------
# Links and search


def _ids(page: Path) -> set[str]:
    document = soup(page)
    return {tag["id"] for tag in document.find_all(id=True)} | {
        tag["name"] for tag in document.find_all("a", attrs={"name": True})
    }


def test_every_internal_link_and_anchor_resolves(site):
    ids: dict[Path, set[str]] = {}
    broken, checked = [], 0
    for page in sorted(site.rglob("*.html")):
        if page.relative_to(site).parts[0].startswith("_"):
            continue
        for link in soup(page).find_all("a", href=True):
            href = link["href"]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            if "pdf-edition-link" in (link.get("class") or []):
                continue  # the PDF, printed after the site (make pdf); tests/test_pdf.py checks the link
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            where = f"{page.relative_to(site)}: {href}"
            checked += 1
            if not target.is_file():
                broken.append(f"{where} (no file {target})")
            elif parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = _ids(target)
                if unquote(parts.fragment) not in ids[target]:
                    broken.append(f"{where} (no anchor #{parts.fragment})")
    assert checked > 100, f"only {checked} internal links found; is the site built?"
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(broken[:40])


@pytest.mark.parametrize("term", ["Zaslavsky", "kink", "Montúfar"])
def test_search_finds_the_chapters_that_use_a_term(term, site, server, browser):
    chapters = [
        docname for docname in CHAPTERS
        if term.lower() in soup(site / f"{docname}.html").find("main").get_text().lower()
    ]
    assert chapters, f"no chapter mentions {term!r}; choose another term"
    offline = OfflinePage(browser, server)
    try:
        offline.page.goto(f"{server}/search.html?q={term}", wait_until="load")
        offline.page.wait_for_selector("#search-results ul.search li", timeout=30_000)
        found = offline.page.eval_on_selector_all(
            "#search-results ul.search li a", "links => links.map(a => a.getAttribute('href'))"
        )
    finally:
        offline.close()
    pages = {re.sub(r"\.html.*$", "", href) for href in found}
    assert set(chapters) & pages, f"searching {term!r} found {sorted(pages)}, none of {chapters}"
