"""The book's PDF edition: Chromium prints the built website as one document.

Why this route (and not Sphinx's LaTeX builder): the website is what the tests check page by page
(executed outputs, vendored MathJax, numbered theorems, the static interactive figures), so printing
it needs no second renderer to keep in step, no TeX installation in CI (Debian's TeX packages for
Sphinx's LaTeX builder are several hundred megabytes and a LaTeX run per edition), and reuses the
Chromium and Playwright the browser tests already install. It also needs no second Sphinx build:
the PDF is made from the pages of ``make book`` (or ``make student``) in well under a minute.

How: :func:`assemble` reads the built site (no Sphinx): the order of the pages and the part
captions from the root page's sidebar (so the student edition, which has no instructors page,
prints without it), then takes each page's article, gives every ``id`` a prefix of its page
(``book/theory`` → ``book-theory--…``) so that the pages can share one document, and turns links
between pages into links inside the document. Interactive figures keep the picture of their starting
frame (the ``<img>`` elements the page shows before the reader touches anything) and get a line saying
that they are interactive online; their controls go. Hidden code cells go; closed blocks (solutions
in the full edition) are printed open. A title page and a table of contents with page numbers and
links come first. :func:`print_pdf` opens that document in Chromium from memory (every request is
answered from the site folder, any other request is refused), waits for MathJax to typeset every
formula, for the fonts and for every image, and prints it twice with Playwright's ``page.pdf``
(tagged, with an outline of the headings as bookmarks and page numbers in the footer): once to
learn on which page each chapter starts, once with those numbers in the table of contents.

Run as a script (``make pdf`` and ``make pdf EDITION=student`` do)::

    python book/_ext/pdf_edition.py _build/html _build/pdf/book.pdf
    python book/_ext/pdf_edition.py _build/student/_build/html _build/pdf/book-student.pdf --edition student

As a Sphinx extension (listed in ``_config.yml``) it adds a line to the footer of every page that
links the PDF of the edition being built (:data:`PDF_NAMES`), which ``make pdf`` and the publishing
workflow put at the root of the site.

Requires beautifulsoup4 (parsing), playwright (printing, with Debian's ``/usr/bin/chromium``) and
pypdf (reading back the page numbers); none is imported by the Sphinx extension.
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import mimetypes
import os
import posixpath
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:  # pypdf is imported only where the PDF is read back
    from pypdf import PdfReader

#: The file name of each edition's PDF, at the root of its site.
PDF_NAMES = {"full": "book.pdf", "student": "book-student.pdf"}
#: Environment variable naming the edition being built (as ``origami.edition`` reads it).
EDITION_VARIABLE = "ORIGAMI_EDITION"
#: The class of the footer link (the site's link checker knows the PDF is built after the site).
LINK_CLASS = "pdf-edition-link"
#: Where the assembled document pretends to live; nothing is fetched from the network.
BASE_URL = "http://pdf-edition.invalid/"
DOCUMENT_PATH = "pdf-edition.html"
#: The print style sheet, inlined into the assembled document.
PRINT_CSS = Path(__file__).resolve().parent.parent / "assets" / "css" / "print.css"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
#: The line under every interactive figure.
INTERACTIVE_NOTE = ("Interactive figure: in the web edition its controls{controls} redraw it; "
                    "printed here at its starting frame.")
#: Seconds to wait for MathJax, fonts and images.
TIMEOUT = 300


@dataclasses.dataclass(frozen=True)
class Page:
    """One page of the book, in reading order.

    Attributes
    ----------
    path : str
        The page's path in the site, e.g. ``"book/theory.html"``.
    title : str
        Its title as the sidebar gives it (with the chapter number, e.g. ``"1. Why …"``).
    part : str or None
        The caption of the part it belongs to (``None`` for the root page).
    """

    path: str
    title: str
    part: str | None

    @property
    def anchor(self) -> str:
        """The ``id`` of the page in the assembled document (its path without ``.html``, ``/`` → ``-``)."""
        return re.sub(r"[^A-Za-z0-9_-]", "-", self.path.removesuffix(".html"))


@dataclasses.dataclass(frozen=True)
class Book:
    """What the title page shows and the pages in reading order."""

    title: str
    subtitle: str
    author: str
    copyright: str
    pages: tuple[Page, ...]


def _soup(path: Path):
    from bs4 import BeautifulSoup

    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _text(tag) -> str:
    return " ".join(tag.get_text(" ", strip=True).split()) if tag is not None else ""


def _check_site(site: Path) -> Path:
    site = Path(site)
    if not (site / "index.html").is_file():
        raise ValueError(f"site must be a built website folder with an index.html, got {str(site)!r}")
    return site


def root_page(site: Path) -> str:
    """The path of the book's root page: where the site's ``index.html`` redirects to.

    Raises
    ------
    ValueError
        If ``site`` has no ``index.html``, or it redirects nowhere inside the site.
    """
    site = _check_site(site)
    text = (site / "index.html").read_text(encoding="utf-8")
    found = re.search(r"""url=([^"'>\s]+)""", text, re.IGNORECASE)
    path = found.group(1) if found else "index.html"
    if not (site / path).is_file():
        raise ValueError(f"site's index.html redirects to {path!r}, which is not in the site")
    return path


def read_book(site: Path) -> Book:
    """The pages of the book in reading order, and its title, from the built site.

    The order and the part captions are those of the root page's sidebar (the table of contents
    of the edition that was built).

    Parameters
    ----------
    site : Path
        A built website (``_build/html``, or ``_build/student/_build/html``).

    Raises
    ------
    ValueError
        If ``site`` is not a built site, or its root page has no sidebar of pages.
    """
    root = root_page(site)
    document = _soup(Path(site) / root)
    nav = document.select_one("nav.bd-docs-nav")
    if nav is None:
        raise ValueError(f"site's root page {root!r} has no sidebar (nav.bd-docs-nav) listing the pages")
    pages, part, seen = [], None, set()
    for element in nav.find_all(["p", "a"]):
        if element.name == "p" and "caption" in (element.get("class") or []):
            part = _text(element)
        elif element.name == "a" and element.find_parent("li", class_="toctree-l1") is not None:
            href = urlsplit(element.get("href", "")).path
            path = posixpath.normpath(posixpath.join(posixpath.dirname(root), unquote(href))) if href else root
            if path not in seen and (Path(site) / path).is_file():
                seen.add(path)
                pages.append(Page(path=path, title=_text(element), part=None if path == root else part))
    if len(pages) < 2:
        raise ValueError(f"site's root page {root!r} lists {len(pages)} page(s) in its sidebar; expected the book")
    brand = document.select_one(".navbar-brand .logo__title") or document.find("title")
    heading = _text(document.find("h1")).removesuffix("#").strip()
    title = _text(brand)
    return Book(
        title=title,
        subtitle=heading.split("—", 1)[1].strip() if "—" in heading and heading.startswith(title) else "",
        author=_text(document.select_one(".component-author")).removeprefix("By ").strip(),
        copyright=_text(document.select_one(".copyright")),
        pages=tuple(pages),
    )


# --------------------------------------------------------------------------------------
# Assembling one document from the pages


@dataclasses.dataclass(frozen=True)
class Entry:
    """A line of the table of contents and of the PDF's outline (bookmarks).

    Attributes
    ----------
    anchor : str
        The ``id`` it links to in the assembled document.
    title : str
        Its text.
    level : int
        1 for a page of the book, 2 for a section of it.
    part : str or None
        The part caption a page belongs to (level 1 only).
    """

    anchor: str
    title: str
    level: int
    part: str | None = None


@dataclasses.dataclass(frozen=True)
class Assembled:
    """The book as one HTML document, and the entries of its contents."""

    html: str
    title: str
    author: str
    entries: tuple[Entry, ...]


def _prefixed(page: Page, fragment: str) -> str:
    return f"{page.anchor}--{fragment}" if fragment else page.anchor


def _rewrite_links(article, page: Page, pages: dict[str, Page]) -> None:
    """Ids get the page's prefix; links to pages of the book become links inside the document."""
    for element in article.find_all(id=True):
        element["id"] = _prefixed(page, element["id"])
    for link in article.find_all("a", href=True):
        href = link["href"]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
            continue  # the web: kept as it is
        target = page.path if not parts.path else posixpath.normpath(
            posixpath.join(posixpath.dirname(page.path), unquote(parts.path)))
        if target in pages:
            link["href"] = "#" + _prefixed(pages[target], unquote(parts.fragment))
        else:  # the index, the search page, downloads: nothing to follow on paper
            link.unwrap()
    for element in article.find_all(src=True):
        src = element["src"]
        if not src.startswith("data:") and not urlsplit(src).scheme:
            element["src"] = "/" + posixpath.normpath(posixpath.join(posixpath.dirname(page.path), unquote(src)))
        if element.name == "img":
            for attribute in ("loading", "srcset", "sizes"):
                element.attrs.pop(attribute, None)  # every picture now, at its full size


def _shown(img) -> bool:
    style = img.get("style", "").replace(" ", "").lower()
    return bool(img.get("src")) and not img.has_attr("hidden") and "display:none" not in style


def _print_interactive_figures(article, document) -> int:
    """Each interactive figure keeps the pictures it shows at first, plus a line; returns how many.

    The pictures kept are the figure's ``<img>`` elements that have a ``src`` and are not hidden
    (the starting frame); everything else in the figure (controls, readouts, other frames) goes.
    """
    figures = article.select(".origami-interactive")
    for figure in figures:
        shown = [img for img in figure.find_all("img") if _shown(img)]
        names = [_text(name) for name in figure.select(".origami-name")]
        for img in shown:
            img.extract()
        figure.clear()
        for name in [name for name in figure.attrs if name.startswith("data-")]:
            del figure[name]
        for img in shown:
            figure.append(img)
        note = document.new_tag("p", attrs={"class": "pdf-interactive-note"})
        note.string = INTERACTIVE_NOTE.format(controls=f" ({', '.join(names)})" if names else "")
        figure.append(note)
    return len(figures)


def _clean(article) -> None:
    """What is for the screen only goes; closed blocks open."""
    for selector in ("a.headerlink", "details.hide.above-input", "script", "noscript", "button",
                     "template", ".copybtn"):
        for element in article.select(selector):
            element.decompose()
    for details in article.find_all("details"):
        details["open"] = ""


def _site_path(page: Page, url: str) -> str:
    return "/" + posixpath.normpath(posixpath.join(posixpath.dirname(page.path), unquote(urlsplit(url).path)))


def _head_assets(site: Path, pages: list[Page]) -> tuple[list[str], list[str]]:
    """The style sheets of all pages (site paths, in first-seen order), and MathJax's configuration and script."""
    sheets: list[str] = []
    mathjax: list[str] = []
    for page in pages:
        head = _soup(Path(site) / page.path).head
        for link in head.find_all("link", rel="stylesheet", href=True):
            path = _site_path(page, link["href"])
            if path not in sheets:
                sheets.append(path)
        if not mathjax:
            for script in head.find_all("script"):
                source = script.get("src", "")
                if "mathjax" in source.lower():
                    mathjax.append(f'<script defer src="{html.escape(_site_path(page, source))}"></script>')
                elif script.string and "window.MathJax" in script.string:
                    mathjax.append(f"<script>{script.string}</script>")
    if not any("src=" in script for script in mathjax):
        raise ValueError("site loads no MathJax on its pages; the PDF would show raw TeX")
    return sheets, mathjax


def _toc_line(entry: Entry) -> str:
    return (f'<li class="pdf-toc-entry pdf-toc-level-{entry.level}"><a href="#{entry.anchor}">'
            f'<span class="pdf-toc-title">{html.escape(entry.title)}</span><span class="pdf-toc-dots"></span>'
            f'<span class="pdf-toc-number" data-anchor="{entry.anchor}">000</span></a></li>')


def assemble(site: Path, edition: str = "full") -> Assembled:
    """The whole book as one HTML document, ready to print.

    Parameters
    ----------
    site : Path
        A built website (``_build/html``, or ``_build/student/_build/html``).
    edition : str
        ``"full"`` or ``"student"``: named on the title page.

    Returns
    -------
    Assembled
        The HTML document (its site paths absolute, ``/_images/…``, to be served from ``site``;
        the page numbers of its contents ``000``, filled in by :func:`print_pdf`), and the entries
        of its contents: every page of the book and its sections.

    Raises
    ------
    ValueError
        If ``edition`` is not an edition, ``site`` not a built site, or a page has no article.
    """
    if edition not in PDF_NAMES:
        raise ValueError(f"edition must be one of {', '.join(PDF_NAMES)}, got {edition!r}")
    book = read_book(site)
    by_path = {page.path: page for page in book.pages}
    sheets, mathjax = _head_assets(site, list(book.pages))
    chapters, entries = [], []
    for page in book.pages:
        source = _soup(Path(site) / page.path)
        article = source.select_one("article.bd-article")
        if article is None:
            raise ValueError(f"site page {page.path!r} has no article.bd-article")
        _clean(article)
        _print_interactive_figures(article, source)
        top = article.find("section")
        sections = [(section["id"], _text(section.find("h2"))) for section in
                    (top.find_all("section", recursive=False) if top else []) if section.get("id") and section.find("h2")]
        _rewrite_links(article, page, by_path)
        entries.append(Entry(page.anchor, page.title, 1, page.part))
        entries.extend(Entry(_prefixed(page, anchor), title, 2) for anchor, title in sections)
        chapters.append(f'<section class="pdf-page" id="{page.anchor}">{article.decode_contents()}</section>')
    toc, part = [], None
    for entry in entries:
        if entry.level == 1 and entry.part and entry.part != part:
            toc.append(f'<li class="pdf-toc-part">{html.escape(entry.part)}</li>')
        part = entry.part if entry.level == 1 else part
        toc.append(_toc_line(entry))
    edition_line = ('<p class="pdf-edition-name">Student edition: the exercises are here, their solutions are not.</p>'
                    if edition == "student" else "")
    links = "\n".join(f'<link rel="stylesheet" href="{html.escape(sheet)}">' for sheet in sheets)
    document = f"""<!DOCTYPE html>
<html lang="en" data-theme="light" data-mode="light">
<head>
<meta charset="utf-8">
<title>{html.escape(book.title)}</title>
{links}
<style>{PRINT_CSS.read_text(encoding="utf-8")}</style>
{"".join(mathjax)}
</head>
<body class="pdf-book">
<article class="bd-article">
<section class="pdf-title-page">
<p class="pdf-title">{html.escape(book.title)}</p>
<p class="pdf-subtitle">{html.escape(book.subtitle)}</p>
<p class="pdf-author">{html.escape(book.author)}</p>
{edition_line}
<p class="pdf-copyright">{html.escape(book.copyright)}</p>
</section>
<nav class="pdf-toc" aria-label="Contents">
<p class="pdf-toc-heading" role="heading" aria-level="1">Contents</p>
<ol>{"".join(toc)}</ol>
</nav>
{"".join(chapters)}
</article>
</body>
</html>
"""
    title = book.title + (": student edition" if edition == "student" else "")
    return Assembled(html=document, title=title, author=book.author, entries=tuple(entries))


# --------------------------------------------------------------------------------------
# Printing


_FOOTER = ('<div style="font-size:8pt;width:100%;text-align:center;color:#555;">'
           '<span class="pageNumber"></span></div>')

_READY = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  await document.fonts.ready;
  await Promise.all([...document.images].map(img => img.complete ? null :
      new Promise(done => { img.onload = img.onerror = done; })));
  const raw = [...document.querySelectorAll('.math')].filter(el => !el.querySelector('mjx-container')).length;
  const broken = [...document.images].filter(img => !img.naturalWidth).map(img => img.getAttribute('alt') || img.src.slice(0, 80));
  return {typeset: document.querySelectorAll('mjx-container').length, raw, broken};
}"""

_FILL = """numbers => { for (const span of document.querySelectorAll('.pdf-toc-number')) {
  span.textContent = String(numbers[span.dataset.anchor]); } }"""


def _serve(site: Path, document: str, refused: list[str]):
    """A Playwright route handler: the document, files of ``site``, nothing else (listed in ``refused``)."""
    site = Path(site).resolve()

    def handle(route) -> None:
        url = route.request.url
        if not url.startswith(BASE_URL):
            refused.append(url)
            route.abort()
            return
        path = unquote(urlsplit(url).path).lstrip("/")
        if path == DOCUMENT_PATH:
            route.fulfill(status=200, body=document, content_type="text/html; charset=utf-8")
            return
        file = (site / path).resolve()
        if site not in file.parents or not file.is_file():
            refused.append(url)
            route.fulfill(status=404, body="")
            return
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        route.fulfill(status=200, body=file.read_bytes(), content_type=kind)

    return handle


def _pdf(page, tagged: bool = True) -> bytes:
    return page.pdf(prefer_css_page_size=True, print_background=True, display_header_footer=True,
                    header_template="<span></span>", footer_template=_FOOTER, tagged=tagged)


def _destinations(pdf: bytes) -> tuple[PdfReader, dict[str, tuple[int, float | None]]]:
    """The PDF's reader, and its named destinations: name → (page index, top)."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    found: dict[str, tuple[int, float | None]] = {}
    for name, destination in reader.named_destinations.items():
        page = reader.get_destination_page_number(destination)
        if page is not None:  # None: its page is not in the document, so it leads nowhere
            found[str(name).lstrip("/")] = (page, destination.top)
    return reader, found


def start_pages(pdf: bytes, anchors: list[str]) -> dict[str, int]:
    """The page (1-based) each anchor starts on, from the PDF's named destinations.

    Raises
    ------
    ValueError
        If ``pdf`` has no destination for one of ``anchors``.
    """
    _, found = _destinations(pdf)
    missing = [anchor for anchor in anchors if anchor not in found]
    if missing:
        raise ValueError(f"pdf has no destination for {missing[:5]} (of {len(anchors)} anchors)")
    return {anchor: found[anchor][0] + 1 for anchor in anchors}


def _with_outline(pdf: bytes, assembled: Assembled) -> bytes:
    """The PDF with bookmarks (pages of the book, their sections) and its title and author."""
    import io

    from pypdf import PdfWriter
    from pypdf.generic import Fit

    reader, found = _destinations(pdf)
    writer = PdfWriter(clone_from=reader)
    parent = None
    for entry in assembled.entries:
        index, top = found[entry.anchor]
        item = writer.add_outline_item(title=entry.title, page_number=index,
                                       parent=parent if entry.level == 2 else None, fit=Fit.xyz(top=top))
        if entry.level == 1:
            parent = item
    writer.page_mode = "/UseOutlines"
    writer.add_metadata({"/Title": assembled.title, "/Author": assembled.author})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def print_pdf(site: Path, output: Path, edition: str = "full", chromium: str = CHROMIUM,
              assembled: Assembled | None = None) -> dict:
    """Print the book built in ``site`` to ``output`` (a PDF), with page numbers in its contents.

    Parameters
    ----------
    site : Path
        A built website of the edition.
    output : Path
        The PDF to write (its folder is created).
    edition : str
        ``"full"`` or ``"student"``.
    chromium : str
        The Chromium to print with.
    assembled : Assembled, optional
        The document to print, by default ``assemble(site, edition)``.

    Returns
    -------
    dict
        ``pages`` (of the PDF), ``seconds`` (taken), ``starts`` (page each entry of the contents
        starts on), ``formulas`` (typeset by MathJax), ``steps`` (seconds taken by each step).

    Raises
    ------
    ValueError
        Bad ``site`` or ``edition``, or ``chromium`` not found.
    RuntimeError
        If a formula stays raw, an image does not load, or the document asks for anything off the site.
    """
    from playwright.sync_api import sync_playwright

    if not Path(chromium).exists():
        raise ValueError(f"chromium must be the path of a Chromium, got {chromium!r} (apt-get install chromium)")
    start = time.perf_counter()
    seconds = {}
    assembled = assembled or assemble(site, edition)
    seconds["assemble"] = time.perf_counter() - start
    anchors = [entry.anchor for entry in assembled.entries]
    refused: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.route("**/*", _serve(site, assembled.html, refused))
            page.goto(BASE_URL + DOCUMENT_PATH, wait_until="load", timeout=TIMEOUT * 1000)
            page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise",
                                   timeout=TIMEOUT * 1000)
            state = page.evaluate(_READY)
            seconds["typeset"] = time.perf_counter() - start - sum(seconds.values())
            if state["raw"] or state["broken"]:
                raise RuntimeError(f"{state['raw']} formula(s) left untypeset; images not loaded: {state['broken'][:5]}")
            if refused:
                raise RuntimeError(f"the document asked for {len(refused)} resource(s) not in the site: {refused[:5]}")
            starts = start_pages(_pdf(page, tagged=False), anchors)  # draft: where each entry lands
            page.evaluate(_FILL, {anchor: number for anchor, number in starts.items()})
            pdf = _pdf(page)
            seconds["print"] = time.perf_counter() - start - sum(seconds.values())
        finally:
            browser.close()
    final = start_pages(pdf, anchors)
    if final != starts:  # the numbers take the width of their placeholders, so nothing moves
        moved = {anchor: (starts[anchor], final[anchor]) for anchor in anchors if starts[anchor] != final[anchor]}
        raise RuntimeError(f"filling in the page numbers moved entries of the contents: {moved}")
    pdf = _with_outline(pdf, assembled)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(pdf)
    reader, _ = _destinations(pdf)
    return {"pages": len(reader.pages), "seconds": time.perf_counter() - start, "starts": final,
            "formulas": state["typeset"], "steps": {step: round(value, 1) for step, value in seconds.items()}}


# --------------------------------------------------------------------------------------
# The footer link (Sphinx extension)


def _edition_of(app) -> str:
    value = getattr(app.config, "origami_edition", None) or os.environ.get(EDITION_VARIABLE, "")
    value = (value or "full").strip().lower()
    return value if value in PDF_NAMES else "full"


def _footer_link(app, pagename, templatename, context, doctree) -> None:
    pathto = context.get("pathto")
    if pathto is None:
        return
    name = PDF_NAMES[_edition_of(app)]
    link = (f'<p class="{LINK_CLASS}"><a class="{LINK_CLASS}" href="{pathto(name, 1)}" type="application/pdf">'
            f"The whole book as a PDF ({name})</a></p>")
    context["theme_extra_footer"] = (context.get("theme_extra_footer") or "") + link


def setup(app):
    """Sphinx extension: a footer line on every page linking the edition's PDF."""
    app.connect("html-page-context", _footer_link)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the built book to one PDF with Chromium.")
    parser.add_argument("site", type=Path, help="the built website, e.g. _build/html")
    parser.add_argument("output", type=Path, help="the PDF to write, e.g. _build/pdf/book.pdf")
    parser.add_argument("--edition", default="full", choices=sorted(PDF_NAMES))
    parser.add_argument("--chromium", default=CHROMIUM)
    arguments = parser.parse_args(argv)
    result = print_pdf(arguments.site, arguments.output, arguments.edition, arguments.chromium)
    print(f"{arguments.output}: {result['pages']} pages in {result['seconds']:.0f} s ({result['steps']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
