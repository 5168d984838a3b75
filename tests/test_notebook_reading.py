"""A chapter opened as a notebook in JupyterLab reads as on the website (jupyterlab-myst).

JupyterLab (started as in ``test_live_widgets.py``) opens a student notebook, as the bundle and
the student repository hold it, and the ``.md`` chapter, as Binder opens it through jupytext.
Each exercise must be rendered (jupyterlab-myst's exercise box with its number and title), no
MyST markup may show as raw text, cross-references must be links, and in the student notebook the
glued figures show and an empty answer cell follows each exercise.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.request

import pytest
from conftest import REPO_ROOT

# the JupyterLab server fixture, with the settings Binder gets from postBuild
from test_live_widgets import jupyterlab  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.book]
PlaywrightTimeout = pytest.importorskip("playwright.sync_api").TimeoutError

CHAPTER = "theory"
SCREENSHOTS = REPO_ROOT / "_build" / "screenshots"
#: The notebook on show (JupyterLab may restore other tabs, hidden).
SHOWN = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def exercises_in(markdown: str) -> list[str]:
    """The titles of the exercises in MyST markdown."""
    return re.findall(r"^(?:`{3,}|:{3,})\{exercise\}\s*(.+?)\s*$", markdown, re.M)


def test_jupyterlab_myst_loads_with_the_pinned_jupyterlab():
    listed = subprocess.run([sys.executable, "-m", "jupyter", "labextension", "list"],
                            capture_output=True, text=True, check=True)
    text = listed.stdout + listed.stderr
    assert re.search(r"jupyterlab-myst v[\d.]+ \S*enabled\S* \S*OK", text), text


def upload(url: str, token: str, path: str, notebook: dict | None) -> None:
    """Put a notebook (or, for ``None``, a folder) into the JupyterLab server's folder (contents API)."""
    model = {"type": "directory"} if notebook is None else {"type": "notebook", "format": "json", "content": notebook}
    body = json.dumps(model).encode()
    request = urllib.request.Request(f"{url}/api/contents/{path}?token={token}", data=body, method="PUT",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status in (200, 201)


def rendered(browser, url: str, token: str, path: str, exercises: int):
    """Open a notebook in JupyterLab; return the page once its exercises are rendered (or after 2 min)."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith((url, "data:", "blob:")) else r.abort())
    page = context.new_page()
    page.goto(f"{url}/lab/tree/{path}?token={token}&reset")
    page.wait_for_selector(f"{SHOWN} .jp-MarkdownCell", timeout=120_000)
    try:
        # count exercise boxes only: the .md chapter's solutions render as the same kind of box, so
        # counting every box can stop the wait while some exercises are still being rendered
        page.wait_for_function(
            "([shown, n]) => [...document.querySelectorAll(`${shown} .jp-MarkdownCell aside.myst-exercise .myst-exercise-title`)]"
            ".filter(title => title.textContent.trim().startsWith('Exercise')).length >= n",
            arg=[SHOWN, exercises], timeout=120_000)
    except PlaywrightTimeout:
        pass  # the assertions say what is missing
    return context, page


@pytest.mark.parametrize("kind", ["student notebook", "md chapter"])
def test_a_chapter_opened_as_a_notebook_shows_rendered_exercises(kind, jupyterlab, browser, student_build):  # noqa: F811
    url, token = jupyterlab
    source = (REPO_ROOT / "book" / f"{CHAPTER}.md").read_text(encoding="utf-8")
    titles = exercises_in(source)
    assert titles, f"{CHAPTER} has no exercise"
    if kind == "student notebook":
        notebook = json.loads((student_build / "_sources" / "book" / f"{CHAPTER}.ipynb").read_text(encoding="utf-8"))
        path = f"student/{CHAPTER}.ipynb"
        upload(url, token, "student", None)
        upload(url, token, path, notebook)
    else:
        path = f"book/{CHAPTER}.md"  # the fixture's copy of book/, opened through jupytext
    context, page = rendered(browser, url, token, path, len(titles))
    try:
        boxes = [" ".join(t.split()) for t in
                 page.locator(f"{SHOWN} .jp-MarkdownCell aside.myst-exercise .myst-exercise-title").all_inner_texts()]
        shown = [title for title in boxes if title.startswith("Exercise")]  # the .md chapter has solutions too
        assert len(shown) == len(titles), f"{kind}: {len(shown)} rendered exercises, {len(titles)} in the chapter"
        if kind == "student notebook":
            assert boxes == shown, f"not an exercise in the student notebook: {set(boxes) - set(shown)}"
        for number, (title, text) in enumerate(zip(titles, shown), start=1):
            assert text == f"Exercise {number} ({title})", text
        prose = " ".join(page.locator(f"{SHOWN} .jp-MarkdownCell .myst").all_inner_texts())
        raw = re.findall(r"\{(?:exercise|prf:ref|prf:theorem|solution[\w-]*)\}|:label:|```", prose)
        assert not raw, f"{kind}: raw MyST in the rendered notebook: {sorted(set(raw))}"
        links = page.locator(f"{SHOWN} .jp-MarkdownCell .myst a[href^='#thm-']").count()
        assert links > 0, f"{kind}: no theorem reference rendered as a link"
        if kind == "student notebook":
            # the glued figures are images in the text (myst-nb's glue is unknown to JupyterLab)
            figures = sum(len(cell.get("attachments", {})) for cell in notebook["cells"])
            count = ("([shown, n]) => [...document.querySelectorAll(`${shown} .jp-MarkdownCell .myst img`)]"
                     ".filter(img => img.complete && img.naturalWidth > 0).length >= n")
            try:
                page.wait_for_function(count, arg=[SHOWN, figures], timeout=60_000)
            except PlaywrightTimeout:
                pass  # the assertion says how many
            shown_images = page.evaluate(
                "shown => [...document.querySelectorAll(`${shown} .jp-MarkdownCell .myst img`)]"
                ".filter(img => img.complete && img.naturalWidth > 0).length", SHOWN)
            assert figures and shown_images >= figures, f"{shown_images} figures shown, {figures} in the chapter"
            assert "Unknown Directive" not in prose and "glue" not in prose
            # the cell after each exercise is empty, for the answer
            followers = page.evaluate(
                """shown => [...document.querySelectorAll(`${shown} .jp-Cell`)].flatMap((cell, i, cells) =>
                       cell.querySelector('aside.myst-exercise') && cells[i + 1]
                       ? [cells[i + 1].querySelector('.cm-content').textContent.trim()] : [])""", SHOWN)
            assert followers == [""] * len(titles), followers
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)  # for review, next to the website's
        page.screenshot(path=str(SCREENSHOTS / f"jupyterlab-{CHAPTER}-{kind.replace(' ', '-')}.png"))
    finally:
        context.close()
