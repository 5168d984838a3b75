"""The PDF edition (``make pdf``, ``make pdf EDITION=student``; ``book/_ext/pdf_edition.py``).

Chromium prints the session's built site (full and student editions) to PDF once per module; the
tests read the PDFs back with pypdf: the pages of the book in the order of ``_toc.yml``, bookmarks
for them, page numbers in the contents, typeset mathematics (no TeX left), embedded fonts, text
that can be selected, the interactive figures at their starting frame, and a student edition with
no solution and no page for instructors. Without a browser, the assembled document is checked
too: every id unique, every link inside it lands, nothing fetched from outside the site.

``ORIGAMI_PDF_DIR=_build/pdf`` (with ``ORIGAMI_SITE`` and ``ORIGAMI_STUDENT_SITE``) checks the PDFs
``make pdf`` printed instead of printing them again.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import CHROMIUM, REPO_ROOT
from test_book import CHAPTERS, soup
from test_editions import solutions, text_outside_solutions

pypdf = pytest.importorskip("pypdf")

sys.path.insert(0, str(REPO_ROOT / "book" / "_ext"))
import pdf_edition  # noqa: E402

pytestmark = [pytest.mark.book, pytest.mark.browser]

#: Pages of the full edition only.
INSTRUCTOR_PAGES = ["book/instructors"]
#: TeX that MathJax should have replaced.
RAW_TEX = re.compile(r"\\frac|\\begin\{|\$\$|\\\(|\\\[|\\mathbb|\\sum_|\\left")
#: A sane length for the book (it is ~250 pages of A4 today).
PAGES = range(120, 600)


def _squash(text: str) -> str:
    """Text with no whitespace and no ligatures (PDF text extraction breaks lines its own way, ﬁ for fi)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _title(site: Path, docname: str) -> str:
    heading = soup(site / f"{docname}.html").select_one("article h1")
    for link in heading.select("a.headerlink"):
        link.decompose()
    return " ".join(heading.get_text(" ").split())


class Printed:
    """One printed edition, read back."""

    def __init__(self, site: Path, path: Path, result: dict | None):
        self.site, self.path, self.result = site, path, result
        self.reader = pypdf.PdfReader(path)
        self.pages = [page.extract_text() or "" for page in self.reader.pages]
        self.squashed = [_squash(text) for text in self.pages]
        self.text = "".join(self.squashed)

    def outline(self) -> list[tuple[str, int, list]]:
        """(title, 1-based page, children) for each top-level bookmark."""
        items, entries = self.reader.outline, []
        for index, item in enumerate(items):
            if isinstance(item, list):
                continue
            children = items[index + 1] if index + 1 < len(items) and isinstance(items[index + 1], list) else []
            entries.append((item.title, self.reader.get_destination_page_number(item) + 1, children))
        return entries

    def first_page_with(self, text: str, start: int = 0) -> int:
        """The first page (0-based, from ``start``) whose text has ``text``; -1 if none."""
        needle = _squash(text)
        return next((i for i in range(start, len(self.squashed)) if needle in self.squashed[i]), -1)


def _print(site: Path, folder: Path, edition: str, assembled=None) -> Printed:
    if os.environ.get("ORIGAMI_PDF_DIR"):  # PDFs printed already (make pdf), from the sites given
        return Printed(site, Path(os.environ["ORIGAMI_PDF_DIR"]) / pdf_edition.PDF_NAMES[edition], None)
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    path = folder / pdf_edition.PDF_NAMES[edition]
    result = pdf_edition.print_pdf(site, path, edition, chromium=CHROMIUM, assembled=assembled)
    print(f"\n{path.name}: {result['pages']} pages, {result['formulas']} formulas, in {result['seconds']:.0f} s")
    return Printed(site, path, result)


@pytest.fixture(scope="module")
def assembled(site) -> pdf_edition.Assembled:
    """The full edition as one HTML document (what ``full`` prints)."""
    return pdf_edition.assemble(site)


@pytest.fixture(scope="module")
def full(site, assembled, tmp_path_factory) -> Printed:
    return _print(site, tmp_path_factory.mktemp("pdf"), "full", assembled)


@pytest.fixture(scope="module")
def student(student_site, tmp_path_factory) -> Printed:
    return _print(student_site, tmp_path_factory.mktemp("pdf-student"), "student")


# --------------------------------------------------------------------------------------
# The assembled document (no browser)


def test_the_document_has_unique_ids_and_every_link_in_it_lands(site, assembled):
    document = soup_of(assembled.html)
    ids = Counter(tag["id"] for tag in document.find_all(id=True))
    # ids a page already uses twice (sphinx-proof and sphinx-exercise repeat "proof-content" and
    # the like) stay twice; pages never share one
    own = {f"{page.anchor}--{i}" for page in pdf_edition.read_book(site).pages
           for i, n in Counter(tag["id"] for tag in soup(site / page.path).find_all(id=True)).items() if n > 1}
    duplicates = sorted(i for i, n in ids.items() if n > 1 and i not in own)
    assert not duplicates, f"ids used twice in the document: {duplicates[:10]}"
    targets = set(ids)
    links = [a["href"] for a in document.find_all("a", href=True) if a["href"].startswith("#")]
    assert len(links) > 200, f"only {len(links)} links inside the document"
    broken = sorted({href for href in links if unquote(href[1:]) not in targets})
    assert not broken, f"links inside the document that land nowhere: {broken[:10]}"
    # every other link leaves the book for the web; none points into the site's files
    local = [a["href"] for a in document.find_all("a", href=True)
             if not a["href"].startswith("#") and not urlsplit(a["href"]).scheme]
    assert not local, f"links to files of the site, which the PDF does not have: {local[:10]}"


def test_the_document_has_every_page_and_its_sections_in_order(site, assembled):
    pages = [entry for entry in assembled.entries if entry.level == 1]
    expected = [docname for docname in CHAPTERS if (site / f"{docname}.html").is_file()]
    assert [entry.anchor for entry in pages] == [d.replace("/", "-") for d in expected]
    sections = [entry for entry in assembled.entries if entry.level == 2]
    assert len(sections) >= 5 * len(pages) // 2, f"only {len(sections)} sections in the contents"


def soup_of(text: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(text, "html.parser")


def test_bad_input_names_the_argument(site, tmp_path):
    with pytest.raises(ValueError, match="edition"):
        pdf_edition.assemble(site, edition="teacher")
    with pytest.raises(ValueError, match="site"):
        pdf_edition.assemble(tmp_path)
    with pytest.raises(ValueError, match="chromium"):
        pdf_edition.print_pdf(site, tmp_path / "x.pdf", chromium=str(tmp_path / "no-chromium"))


def test_every_page_links_the_pdf_of_its_edition(site, student_site):
    for html, edition in ((site, "full"), (student_site, "student")):
        for page in sorted(html.rglob("*.html")):
            if page.relative_to(html).parts[0].startswith("_") or page.name == "index.html":
                continue
            links = soup(page).select(f"a.{pdf_edition.LINK_CLASS}")
            assert len(links) == 1, f"{page.relative_to(html)}: {len(links)} links to the PDF"
            target = (page.parent / unquote(urlsplit(links[0]["href"]).path)).resolve()
            assert target == (html / pdf_edition.PDF_NAMES[edition]).resolve(), f"{page.relative_to(html)}: {links[0]}"


# --------------------------------------------------------------------------------------
# The printed PDFs


def test_page_count(full, student):
    assert len(full.reader.pages) in PAGES, f"the full edition has {len(full.reader.pages)} pages"
    assert len(student.reader.pages) in PAGES
    assert len(student.reader.pages) < len(full.reader.pages), "the student edition is not shorter"


@pytest.mark.parametrize("edition", ["full", "student"])
def test_every_page_of_the_book_in_order_with_bookmarks(edition, request):
    printed = request.getfixturevalue(edition)
    docnames = [d for d in CHAPTERS if edition == "full" or d not in INSTRUCTOR_PAGES]
    titles = [_title(printed.site, docname) for docname in docnames]
    outline = printed.outline()
    assert [_squash(title) for title, _, _ in outline] == [_squash(t) for t in titles], (
        f"bookmarks {[t for t, _, _ in outline]} are not the pages {titles}"
    )
    previous = 0
    for (title, page, children) in outline:
        assert page > previous, f"{title!r} starts on page {page}, before the page before it"
        assert _squash(title) in printed.squashed[page - 1], f"{title!r} is not on page {page}, its bookmark"
        previous = page
    chapters = [children for title, _, children in outline if re.match(r"\d+\.", title)]
    assert len(chapters) >= 5 and all(len(children) >= 2 for children in chapters), "chapters without section bookmarks"
    assert sum(len(children) for children in chapters) >= 40, "too few section bookmarks"


def test_contents_give_the_page_of_every_chapter(full):
    contents = unicodedata.normalize("NFKC", "\n".join(full.pages[1:8]))  # after the title page
    for title, page, _ in full.outline():
        line = re.search(re.escape(title[:30]) + r".*?(\d+)\s*$", contents, re.M | re.S)
        assert line and int(line.group(1)) == page, f"the contents do not give page {page} for {title!r}"


@pytest.mark.parametrize("edition", ["full", "student"])
def test_mathematics_typeset_and_text_selectable(edition, request):
    printed = request.getfixturevalue(edition)
    if printed.result is not None:  # (print_pdf fails if a formula stays untypeset)
        assert printed.result["formulas"] > 300, f"only {printed.result['formulas']} formulas typeset"
    raw = [(i + 1, m.group(0)) for i, text in enumerate(printed.pages) for m in RAW_TEX.finditer(text)]
    assert not raw, f"raw TeX in the PDF (page, match): {raw[:10]}"
    # text a reader can select and search: a sentence of the preface, the theorems with their numbers
    first = soup(printed.site / "book/preface.html").select_one("article section > p")
    sentence = " ".join(first.get_text(" ").split())[:60]
    assert printed.first_page_with(sentence) >= 0, f"the preface's first sentence is not text in the PDF: {sentence!r}"
    assert re.search(r"Theorem\s*1\.1", " ".join(printed.pages)), "no numbered theorem"


@pytest.mark.parametrize("edition", ["full", "student"])
def test_fonts_are_embedded(edition, request):
    printed = request.getfixturevalue(edition)
    fonts, missing = 0, set()
    for page in printed.reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            fonts += 1
            if font.get("/Subtype") == "/Type3":
                continue  # drawn by the PDF itself
            descendants = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
            for described in descendants:
                descriptor = described.get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor is not None else {}
                if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                    missing.add(str(font.get("/BaseFont")))
    assert fonts > 0, "no fonts: is the text selectable?"
    assert not missing, f"fonts not embedded: {sorted(missing)}"


def test_interactive_figures_at_their_starting_frame(full, site):
    figures = sum(len(soup(page).select(".origami-interactive")) for page in sorted(site.rglob("book/*.html")))
    assert figures >= 5, f"only {figures} interactive figures on the site"
    note = _squash(pdf_edition.INTERACTIVE_NOTE.split("{")[0])
    pages = [i for i, text in enumerate(full.squashed) for _ in range(text.count(note))]
    assert len(pages) == figures, f"{len(pages)} interactive-figure notes in the PDF, {figures} figures on the site"
    for index in pages:  # the starting frame is printed: a picture on the page of the note (or the one before)
        images = [image for i in (index - 1, index) for image in full.reader.pages[i].images]
        assert images, f"page {index + 1}: an interactive figure's note, but no picture"


def test_student_edition_has_no_solution_and_no_instructors_page(full, student, site):
    snippets = {line for docname in CHAPTERS if (site / f"{docname}.html").is_file()
                for lines in solutions(site, docname) for line in lines}
    outside = " ".join(text_outside_solutions(path) for path in sorted(site.rglob("*.html")))
    snippets = [line for line in snippets if line not in outside]
    assert len(snippets) > 20, "no solution text to look for"
    shown = [line for line in snippets if _squash(line) in full.text]
    assert len(shown) > len(snippets) // 2, "the full edition's PDF lacks most of its solutions"
    leaks = [line for line in snippets if _squash(line) in student.text]
    assert not leaks, f"solution text in the student PDF: {leaks[:5]}"
    assert _squash("Solution to") not in student.text and _squash("Solution to") in full.text
    for docname in INSTRUCTOR_PAGES:
        title = _squash(_title(site, docname))
        assert title in full.text and title not in student.text, f"{docname} in the student PDF"
    assert _squash("Student edition") in student.squashed[0], "the student PDF's title page does not say so"
