"""The book builds strictly, every chapter runs on its own, and every built page is clean.

Chapters are read from ``_toc.yml``, so a chapter added there is tested without
changing this file. All tests here are marked ``book`` (see ``conftest.py``).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jupytext
import pytest
from bs4 import BeautifulSoup
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from origami_book import syllabus

pytestmark = pytest.mark.book

REPO_ROOT = Path(__file__).resolve().parent.parent
TOC = REPO_ROOT / "_toc.yml"
CELL_TIMEOUT = 600  # seconds, as `execute: timeout` in _config.yml

# Lines of the build log that contain "WARNING" but come from the kernel, not from
# Sphinx, and do not fail a `-W` build (ipykernel 7 prints this at every start).
HARMLESS_LOG_LINES = [
    re.compile(r"^\[IPKernelApp\] WARNING \| Kernel is running over TCP without encryption"),
]

# Code that draws a figure: a page whose code cells match one of these must show one.
FIGURE_CODE = [
    re.compile(r"\bplt\."),  # matplotlib.pyplot
    re.compile(r"\borigami\.plots?\."),  # origami.plots.region_map(...)
    re.compile(r"(?<![\w.])plots?\.[A-Za-z_]\w*\("),  # after `from origami import plots`
    re.compile(r"(?<![\w.])classifier_plots\.[A-Za-z_]\w*\("),
    re.compile(r"\bglue\([^)\n]*\bfig"),  # glue("name", fig, ...)
]


# --------------------------------------------------------------------------------------
# Chapters


def toc_docnames(toc_path: Path = TOC) -> list[str]:
    """The root and every ``file:`` entry of ``_toc.yml``, in order (none if it is missing)."""
    return syllabus.toc_docnames(toc_path) if toc_path.is_file() else []


CHAPTERS = toc_docnames()


def source_path(docname: str) -> Path:
    for suffix in (".md", ".ipynb"):
        path = REPO_ROOT / f"{docname}{suffix}"
        if path.is_file():
            return path
    raise FileNotFoundError(f"_toc.yml lists {docname!r}, but neither {docname}.md nor .ipynb exists")


@functools.lru_cache(maxsize=None)
def code_cells(docname: str) -> tuple[str, ...]:
    notebook = jupytext.read(source_path(docname))
    return tuple(cell.source for cell in notebook.cells if cell.cell_type == "code")


def draws_figures(docname: str) -> bool:
    return any(pattern.search(code) for code in code_cells(docname) for pattern in FIGURE_CODE)


def built_page(build, docname: str) -> Path:
    page = build.html / f"{docname}.html"
    assert page.is_file(), f"{docname}: the build wrote no {page.relative_to(build.html)}"
    return page


@functools.lru_cache(maxsize=None)
def soup(page: Path) -> BeautifulSoup:
    """The parsed page (parsed once; the tests only read it)."""
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def has_class(tag, name: str) -> bool:
    return name in (tag.get("class") or [])


def in_cell_tagged(tag, cell_tag: str) -> bool:
    """Whether the output `tag` belongs to a code cell carrying the tag `cell_tag`."""
    return any(has_class(parent, f"tag_{cell_tag}") for parent in tag.parents)


def shorten(text: str, limit: int = 600) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + " [...]"


# --------------------------------------------------------------------------------------
# The build


def test_toc_lists_chapters():
    assert CHAPTERS, f"no chapters found in {TOC}"
    for docname in CHAPTERS:
        source_path(docname)


def test_book_builds_strictly_without_warnings(book_build):
    flagged = [
        line
        for line in book_build.log.splitlines()
        if ("WARNING" in line or "ERROR" in line or "CRITICAL" in line)
        and not any(pattern.search(line) for pattern in HARMLESS_LOG_LINES)
    ]
    tail = "\n".join(book_build.log.splitlines()[-40:])
    assert not flagged, "the build log has warnings:\n" + "\n".join(flagged) + "\n\nlog tail:\n" + tail
    assert "build succeeded" in book_build.log


def test_built_pages_load_nothing_from_the_network(book_build):
    """Scripts, stylesheets, images and fonts come from the book, not from a CDN."""
    remote = []
    for page in sorted(book_build.html.rglob("*.html")):
        document = soup(page)
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src"), ("source", "src")):
            for element in document.find_all(tag):
                url = element.get(attribute) or ""
                if tag == "link" and not {"stylesheet", "preload", "modulepreload", "icon"} & set(
                    element.get("rel") or []
                ):
                    continue
                if re.match(r"^(https?:)?//", url):
                    remote.append(f"{page.relative_to(book_build.html)}: <{tag} {attribute}={url!r}>")
    assert not remote, "pages load remote resources:\n" + "\n".join(remote)


# --------------------------------------------------------------------------------------
# Each chapter


@pytest.mark.parametrize("docname", CHAPTERS)
def test_chapter_runs_top_to_bottom_in_a_fresh_kernel(docname: str):
    """Run the chapter as Binder would: a new kernel started in the chapter's folder."""
    path = source_path(docname)
    notebook = jupytext.read(path)
    if not any(cell.cell_type == "code" for cell in notebook.cells):
        pytest.skip(f"{docname} has no code cells")
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        client.execute()
    except CellExecutionError as error:
        pytest.fail(f"{docname}: a cell failed in a fresh kernel:\n{error}", pytrace=False)


@pytest.mark.parametrize("docname", CHAPTERS)
def test_built_chapter_shows_no_error_output(book_build, docname: str):
    """No traceback or error output on the page (cells tagged raises-exception excepted)."""
    document = soup(built_page(book_build, docname))
    errors = []
    for output in document.find_all(class_=["output", "cell_output"]):
        if in_cell_tagged(output, "raises-exception"):
            continue
        classes = set(output.get("class") or [])
        text = output.get_text()
        if classes & {"traceback", "error"} or "Traceback (most recent call last)" in text:
            errors.append(shorten(text))
    assert not errors, f"{docname} shows error output:\n\n" + "\n\n".join(errors)


@pytest.mark.parametrize("docname", CHAPTERS)
def test_built_chapter_shows_no_python_warnings(book_build, docname: str):
    """No ``...Warning:`` printed to stderr by a cell (a reader should never see one)."""
    document = soup(built_page(book_build, docname))
    warnings = [
        shorten(output.get_text())
        for output in document.find_all(class_="stderr")
        if re.search(r"\b\w*Warning\b", output.get_text())
    ]
    assert not warnings, f"{docname} shows Python warnings:\n\n" + "\n\n".join(warnings)


@pytest.mark.parametrize("docname", CHAPTERS)
def test_built_chapter_that_draws_shows_its_figures(book_build, docname: str):
    if not draws_figures(docname):
        pytest.skip(f"{docname} draws no figure")
    page = built_page(book_build, docname)
    document = soup(page)
    content = document.find("article") or document
    images, problems = [], []
    for image in content.find_all("img"):
        src = image.get("src") or ""
        if src.startswith("data:image/"):
            images.append(src[:40])
            continue
        if not src or re.match(r"^(https?:)?//", src) or "_static/" in src:
            continue
        file = (page.parent / unquote(urlsplit(src).path)).resolve()
        if file.is_file() and file.stat().st_size > 0:
            images.append(src)
        else:
            problems.append(f"{src} (missing or empty: {file})")
    assert not problems, f"{docname}: broken images: {problems}"
    assert images, f"{docname} has plotting code but its page shows no image"
