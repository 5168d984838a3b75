"""The full edition shows every solution; the student edition (``make student``) shows none.

The student edition is built once per session with ``ORIGAMI_EDITION=student``, from the
execution cache of the session's full build (the code is the same, so nothing runs twice;
the ``student_build`` fixture is in ``conftest.py``, shared with ``test_navigation.py``).
Every file of its site is searched — pages, the ``.md`` and ``.ipynb`` downloads, the search
index — for text taken from each solution of the full edition.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO_ROOT
from test_book import CHAPTERS

pytestmark = pytest.mark.book

SOLUTION_MARKERS = re.compile(r"solution-start|solution-end|\{solution\}|Solution to")


def source_solution_count(docname: str) -> int:
    text = (REPO_ROOT / f"{docname}.md").read_text(encoding="utf-8")
    return len(re.findall(r"^\s*(?:`{3,}|:{3,})\{solution(?:-start)?\}", text, re.M))


def solutions(html: Path, docname: str) -> list[list[str]]:
    """For each solution on a page of the full edition, some lines of its text (no math)."""
    document = BeautifulSoup((html / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
    found = []
    for box in document.select("div.solution"):
        for title in box.select(".admonition-title"):  # "Solution to Exercise 2.1 (...)" names the exercise
            title.decompose()
        lines = [" ".join(line.split()) for line in box.get_text("\n").splitlines()]
        plain = [line for line in lines if len(line) >= 25 and not re.search(r"[\\$]", line)]
        found.append(plain[:4])
    return found


def site_text(html: Path) -> dict[Path, str]:
    """The text a reader can get from every file of a site (page text for HTML)."""
    texts = {}
    for path in sorted(html.rglob("*")):
        if path.suffix == ".html":
            text = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text("\n")
        elif path.suffix in {".md", ".txt", ".ipynb", ".js", ".json"} and "_static" not in path.parts:
            text = path.read_text(encoding="utf-8", errors="replace")
        else:
            continue
        texts[path] = " ".join(text.split())
    return texts


@pytest.mark.parametrize("docname", CHAPTERS)
def test_full_edition_shows_every_solution(book_build, docname):
    shown = solutions(book_build.html, docname)
    assert len(shown) == source_solution_count(docname), (
        f"{docname}: {len(shown)} solutions on the page, {source_solution_count(docname)} in the source"
    )
    assert all(shown), f"{docname}: a solution on the page has no text"


def test_student_edition_has_the_exercises_and_no_solution(book_build, student_build):
    texts = site_text(student_build)
    snippets = {
        (docname, line) for docname in CHAPTERS for lines in solutions(book_build.html, docname) for line in lines
    }
    assert snippets, "the full edition has no solution text to look for"
    leaks = [
        f"{path.relative_to(student_build)}: {line!r} ({docname})"
        for docname, line in sorted(snippets) for path, text in texts.items() if line in text
    ]
    assert not leaks, "solution text in the student edition:\n" + "\n".join(leaks[:20])
    # the pages and downloads of the chapters with exercises (the API page documents the markers)
    teaching = [d for d in CHAPTERS if "{exercise}" in (REPO_ROOT / f"{d}.md").read_text(encoding="utf-8")]
    own = [student_build / f"{d}.html" for d in teaching] + [
        student_build / "_sources" / f"{d}{suffix}" for d in teaching for suffix in (".md", ".ipynb")
    ]
    markers = [f"{p.relative_to(student_build)}: {m.group(0)}" for p in own for m in [SOLUTION_MARKERS.search(texts[p])] if m]
    assert teaching and not markers, f"solution markers in the student edition: {markers}"
    for docname in CHAPTERS:
        full = BeautifulSoup((book_build.html / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
        student = BeautifulSoup((student_build / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
        assert len(student.select("div.exercise")) == len(full.select("div.exercise")), f"{docname}: exercises lost"
        if full.select("div.exercise"):
            assert "student edition" in student.get_text().lower(), f"{docname}: no student-edition notice"


def test_student_edition_downloads_are_complete_notebooks_without_solutions(student_build, book_build):
    for notebook in sorted((book_build.html / "_sources").rglob("*.ipynb")):
        twin = student_build / notebook.relative_to(book_build.html)
        assert twin.is_file(), f"the student edition offers no {twin.name} download"
        text = twin.read_text(encoding="utf-8")
        assert '"cells"' in text and "solution-start" not in text
    assert "solution-start" in "".join(p.read_text(encoding="utf-8") for p in (book_build.html / "_sources").rglob("*.md"))


def test_student_edition_has_no_links_to_the_full_sources(student_build):
    for docname in CHAPTERS:
        page = (student_build / f"{docname}.html").read_text(encoding="utf-8")
        assert "mybinder.org" not in page and "/edit/" not in page, f"{docname} links to the full sources"


@pytest.mark.parametrize("docname", CHAPTERS)
def test_every_chapter_offers_its_notebook_and_source_for_download(book_build, docname):
    page = book_build.html / f"{docname}.html"
    links = {a["href"] for a in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all("a", href=True)}
    name = docname.split("/")[-1]
    wanted = [".md"] + ([".ipynb"] if "{code-cell}" in (REPO_ROOT / f"{docname}.md").read_text(encoding="utf-8") else [])
    for suffix in wanted:
        href = f"../_sources/{docname}{suffix}" if "/" in docname else f"_sources/{docname}{suffix}"
        assert href in links, f"{docname}: no download link to {name}{suffix}"
        assert (page.parent / href).resolve().is_file(), f"{docname}: {href} is not in the site"
