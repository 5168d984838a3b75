"""The full edition shows every solution; the student edition (``make student``) has no route to them.

The student edition is built twice per session with ``ORIGAMI_EDITION=student``, from the
execution cache of the session's full build (the code is the same, so nothing runs again; each
build takes seconds): once without a repository (no launch or repository buttons at all) and
once with ``REPOSITORY`` named, as a teacher builds it. Every file of both sites is searched —
pages, the ``.md`` and ``.ipynb`` downloads, the search index, ``objects.inv`` — for text taken
from each solution of the full edition and for any route to the full repository.
"""

from __future__ import annotations

import json
import re
import shutil
import zlib
from pathlib import Path

import nbclient
import nbformat
import pytest
import test_site
import yaml
from bs4 import BeautifulSoup
from conftest import NAMED, REPO_ROOT
from test_book import CHAPTERS, soup

pytestmark = pytest.mark.book

SOLUTION_MARKERS = re.compile(r"solution-start|solution-end|\{solution\}|Solution to")
#: The full edition's own repository, from _config.yml.
FULL_REPOSITORY = yaml.safe_load((REPO_ROOT / "_config.yml").read_text(encoding="utf-8"))["repository"]["url"]
INSTRUCTORS = "book/instructors"
STUDENT_PAGES = [docname for docname in CHAPTERS if docname != INSTRUCTORS]


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


def notebook_text(notebook: dict) -> str:
    """A notebook's cells and textual outputs (not the base64 of its images)."""
    parts = []
    for cell in notebook["cells"]:
        parts.append("".join(cell["source"]))
        for output in cell.get("outputs", []):
            parts.append("".join(output.get("text", "")))
            data = output.get("data", {})
            parts += ["".join(value) for kind, value in data.items() if kind.startswith("text/")]
    return "\n".join(parts)


def text_outside_solutions(page: Path) -> str:
    """The text of a page of the full edition with its solutions taken out."""
    document = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for box in document.select("div.solution"):
        box.decompose()
    return " ".join(document.get_text("\n").split())


def site_text(html: Path) -> dict[Path, str]:
    """The text a reader can get from every file of a site (page text for HTML)."""
    texts = {}
    for path in sorted(html.rglob("*")):
        if path.suffix == ".html":
            text = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text("\n")
        elif path.suffix == ".ipynb":
            text = notebook_text(json.loads(path.read_text(encoding="utf-8")))
        elif path.suffix in {".md", ".txt", ".js", ".json"} and "_static" not in path.parts:
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


@pytest.mark.parametrize("which", ["student_build", "named_student_build"])
def test_student_edition_has_the_exercises_and_no_solution(book_build, which, request):
    student_build = request.getfixturevalue(which)
    texts = site_text(student_build)
    snippets = {
        (docname, line) for docname in CHAPTERS for lines in solutions(book_build.html, docname) for line in lines
    }
    assert snippets, "the full edition has no solution text to look for"
    # a line the full edition also prints outside its solutions (a title in the bibliography,
    # say) is not solution text
    outside = " ".join(text_outside_solutions(path) for path in sorted(book_build.html.rglob("*.html")))
    snippets = {(docname, line) for docname, line in snippets if line not in outside}
    leaks = [
        f"{path.relative_to(student_build)}: {line!r} ({docname})"
        for docname, line in sorted(snippets) for path, text in texts.items() if line in text
    ]
    assert not leaks, "solution text in the student edition:\n" + "\n".join(leaks[:20])
    # the pages and downloads of the chapters with exercises (the API page documents the markers)
    teaching = [d for d in STUDENT_PAGES if "{exercise}" in (REPO_ROOT / f"{d}.md").read_text(encoding="utf-8")]
    own = [student_build / f"{d}.html" for d in teaching] + [
        student_build / "_sources" / f"{d}{suffix}" for d in teaching for suffix in (".md", ".ipynb")
    ]
    markers = [f"{p.relative_to(student_build)}: {m.group(0)}" for p in own for m in [SOLUTION_MARKERS.search(texts[p])] if m]
    assert teaching and not markers, f"solution markers in the student edition: {markers}"
    for docname in STUDENT_PAGES:
        full = BeautifulSoup((book_build.html / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
        student = BeautifulSoup((student_build / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
        assert len(student.select("div.exercise")) == len(full.select("div.exercise")), f"{docname}: exercises lost"
        if full.select("div.exercise"):
            assert "student edition" in student.get_text().lower(), f"{docname}: no student-edition notice"


def test_student_edition_downloads_are_complete_notebooks_without_solutions(student_build, book_build):
    for notebook in sorted((book_build.html / "_sources").rglob("*.ipynb")):
        if notebook.stem == INSTRUCTORS.split("/")[-1]:
            continue
        twin = student_build / notebook.relative_to(book_build.html)
        assert twin.is_file(), f"the student edition offers no {twin.name} download"
        text = twin.read_text(encoding="utf-8")
        assert '"cells"' in text and "solution-start" not in text
    assert "solution-start" in "".join(p.read_text(encoding="utf-8") for p in (book_build.html / "_sources").rglob("*.md"))


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


# --------------------------------------------------------------------------------------
# No route to the full repository; the pages that differ between the editions


def raw_files(html: Path) -> dict[str, str]:
    """Every file a reader can fetch from a site, as text (objects.inv decompressed), but the theme's assets."""
    files = {}
    for path in sorted(html.rglob("*")):
        name = path.relative_to(html).as_posix()
        if not path.is_file() or name.startswith("_static/") or path.suffix in {".png", ".svg", ".jpg", ".woff2"}:
            continue
        data = path.read_bytes()
        if path.name == "objects.inv":  # four header lines, then zlib
            *header, packed = data.split(b"\n", 4)
            data = b"\n".join(header) + b"\n" + zlib.decompress(packed)
        files[name] = data.decode("utf-8", errors="replace")
    return files


def routes(text: str) -> list[str]:
    """What in a file leads to a repository or launches one: links to GitHub or Binder (in HTML or
    markdown), Binder URLs, clone commands, Thebe's repository, edit and issue links."""
    return re.findall(
        r"""(?:href=["']|\]\()(?:https?:)?//(?:www\.)?(?:github\.com|gitlab\.com)[^"')\s]*"""
        r"""|(?:https?:)?//mybinder\.org[^"'<>)\s]*|git clone \S+|repo: "[^"]*"|/edit/[^"'\s]*|/issues/?[^"'\s]*""",
        text,
    )


def test_the_student_edition_without_repository_has_no_route_to_any_repository(student_build):
    files = raw_files(student_build)
    assert "searchindex.js" in files and "objects.inv" in files and any(n.endswith(".ipynb") for n in files)
    found = [f"{name}: {route}" for name, text in files.items() for route in routes(text)]
    assert not found, "routes to a repository in the student edition:\n" + "\n".join(found[:30])
    for name, text in files.items():
        assert "x-thebe-config" not in text and "launch-buttons" not in text, f"{name} can launch a repository"
        assert FULL_REPOSITORY.split("//")[-1] not in text, f"{name} names the full repository"


def test_the_named_student_edition_leads_to_the_named_repository_only(named_student_build):
    files = raw_files(named_student_build)
    found = {route for text in files.values() for route in routes(text)}
    own = NAMED.split("github.com/")[1]
    assert any("mybinder.org" in route for route in found), "no Binder button to the named repository"
    assert f'repo: "{own}"' in found, "Thebe does not launch the named repository"
    assert f"git clone {NAMED}.git" in found, "the preface does not clone the named repository"
    assert any(route.startswith(("href=", "](")) and own in route for route in found), "no link to the named repository"
    others = sorted(route for route in found if own not in route)
    assert not others, f"routes to other repositories: {others[:20]}"
    assert not any(FULL_REPOSITORY.split("//")[-1] in text for text in files.values())
    theory = BeautifulSoup(files["book/theory.html"], "html.parser")
    binder = [a["href"] for a in theory.find_all("a", href=True) if "mybinder.org" in a["href"]]
    # the exported repository holds the chapters as notebooks
    assert binder == [f"https://mybinder.org/v2/gh/{own}/main?urlpath=lab/tree/book/theory.ipynb"], binder


@pytest.mark.parametrize("which", ["student_build", "named_student_build"])
def test_the_student_edition_has_no_instructors_page_and_no_dead_link(which, request):
    site = request.getfixturevalue(which)
    assert not (site / f"{INSTRUCTORS}.html").exists()
    assert not list((site / "_sources").rglob("instructors.*"))
    assert '"book/instructors"' not in (site / "searchindex.js").read_text(encoding="utf-8")
    test_site.test_every_internal_link_and_anchor_resolves(site)  # the proof index too


def inventory(html: Path) -> dict[str, str]:
    """``objects.inv``: each entry's name and role, with the page and anchor it links to."""
    data = (html / "objects.inv").read_bytes().split(b"\n", 4)[4]
    entries = {}
    for line in zlib.decompress(data).decode("utf-8").splitlines():
        match = re.match(r"(.+?)\s+(\S+:\S+)\s+-?\d+\s+(\S+)", line)
        if match:
            name, role, uri = match.groups()
            entries[f"{role} {name}"] = uri.replace("$", name)
    return entries


def test_the_student_inventory_lists_no_solution_label_and_every_entry_resolves(book_build, student_build):
    full, student = inventory(book_build.html), inventory(student_build)
    inside = {}  # page -> the ids inside its solutions
    for page in {uri.partition("#")[0] for uri in full.values()}:
        if page.endswith(".html") and (book_build.html / page).is_file():
            boxes = soup(book_build.html / page).select("div.solution")
            inside[page] = {tag["id"] for box in boxes for tag in [box, *box.find_all(id=True)] if tag.get("id")}
    inside_solutions = {key for key, uri in full.items() if uri.partition("#")[2] in inside.get(uri.partition("#")[0], ())}
    assert len(inside_solutions) >= 20, f"expected the full edition to label its solutions, found {len(inside_solutions)}"
    assert not inside_solutions & set(student), sorted(inside_solutions & set(student))
    assert not [key for key in student if "instructors" in key]
    dead = []
    for key, uri in student.items():
        page, _, anchor = uri.partition("#")
        target = student_build / page
        if not target.is_file() or (anchor and f'id="{anchor}"' not in target.read_text(encoding="utf-8")):
            dead.append(f"{key} -> {uri}")
    assert not dead, "objects.inv entries that lead nowhere:\n" + "\n".join(dead[:20])


def preface_text(html: Path) -> str:
    main = BeautifulSoup((html / "book" / "preface.html").read_text(encoding="utf-8"), "html.parser").select_one("main")
    return " ".join(main.get_text(" ").split())


def test_the_preface_matches_each_edition(book_build, student_build, named_student_build):
    full = preface_text(book_build.html)
    assert f"git clone {FULL_REPOSITORY}.git" in full and "make book" in full and "collapsed" in full
    assert "instructors.html" in (book_build.html / "book" / "preface.html").read_text(encoding="utf-8")
    for site in (student_build, named_student_build):
        text = preface_text(site)
        assert "make book" not in text and "collapsed" not in text and "instructors" not in text.lower()
        assert "This edition has no solutions" in text
    assert "git clone" not in preface_text(student_build) and "bundle" in preface_text(student_build)
    assert "Binder" not in preface_text(student_build) and "Binder" in preface_text(named_student_build)
    assert f"git clone {NAMED}.git" in preface_text(named_student_build)


# --------------------------------------------------------------------------------------
# Downloads: executed notebooks, answer cells, runnable where they are downloaded


def notebooks(html: Path) -> dict[str, dict]:
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted((html / "_sources").rglob("*.ipynb"))}


def is_answer(cell: dict) -> bool:
    return "answer" in cell.get("metadata", {}).get("tags", [])


@pytest.mark.parametrize("which", ["book_build", "student_build"])
def test_downloaded_notebooks_keep_their_outputs(which, request):
    # the student edition comes from the execution cache: myst-nb alone writes no outputs then
    build = request.getfixturevalue(which)
    html = getattr(build, "html", build)
    found = notebooks(html)
    assert {"preface", "theory", "one_dimension"} <= set(found)
    for name, notebook in found.items():
        code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code" and not is_answer(cell)]
        unrun = [cell["source"][:60] for cell in code if cell.get("execution_count") is None]
        assert code and not unrun, f"{name}.ipynb: cells without execution: {unrun[:3]}"
        assert sum(bool(cell.get("outputs")) for cell in code) >= len(code) // 2, f"{name}.ipynb has lost its outputs"
        # JupyterLab does not know myst-nb's glue: the values and figures are written in
        text = "".join("".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "markdown")
        assert not re.findall(r"\{glue(?::text|:figure)?\}", text), f"{name}.ipynb: glue left for JupyterLab"


def test_an_empty_answer_cell_follows_each_exercise_of_the_student_notebooks(student_build):
    checked = 0
    for name, notebook in notebooks(student_build).items():
        cells = notebook["cells"]
        exercises = sum(len(re.findall(r"^(?:`{3,}|:{3,})\{exercise\}", "".join(c["source"]), re.M))
                        for c in cells if c["cell_type"] == "markdown")
        answers = [i for i, cell in enumerate(cells) if is_answer(cell)]
        assert len(answers) == exercises, f"{name}: {exercises} exercises, {len(answers)} answer cells"
        for i in answers:
            assert "".join(cells[i]["source"]) == "" and not cells[i].get("outputs")
            assert "{exercise}" in "".join(cells[i - 1]["source"]), f"{name}: an answer cell follows no exercise"
        checked += exercises
    assert checked >= 20, f"only {checked} exercises in the student notebooks"


def test_full_edition_notebooks_without_answer_cells(book_build):
    assert not any(is_answer(cell) for notebook in notebooks(book_build.html).values() for cell in notebook["cells"])


@pytest.mark.parametrize("which", ["book_build", "student_build"])
def test_no_downloaded_notebook_reads_a_file_next_to_the_book(which, request):
    build = request.getfixturevalue(which)
    for name, notebook in notebooks(getattr(build, "html", build)).items():
        for cell in notebook["cells"]:
            if cell["cell_type"] == "code":
                assert not re.search(r"""["']\.\./""", "".join(cell["source"])), f"{name}.ipynb reads ../: {cell['source'][:200]}"


@pytest.mark.parametrize("name", ["instructors", "preface"])
def test_full_edition_downloads_run_where_they_are_downloaded(book_build, name, tmp_path):
    """The download folder is anywhere; the library is the clone's editable install."""
    path = tmp_path / f"{name}.ipynb"
    shutil.copy(book_build.html / "_sources" / "book" / f"{name}.ipynb", path)
    notebook = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
