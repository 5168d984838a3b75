"""The student edition's solution stripping, on MyST text and notebooks (no build needed)."""

import json
import sys
from pathlib import Path

import pytest

from origami_book import edition

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "book" / "_ext"))  # as _config.yml's local_extensions
import student_edition  # noqa: E402

CHAPTER = """# Exercises

```{exercise} Kinks (computational, ★)
:label: ex-a

Find the kinks.
```

```{solution-start} ex-a
:class: dropdown
```

The kinks are at the hinges.

```{code-cell} ipython3
print("secret answer")
```

```{solution-end}
```

````{exercise} Proof (proof, ★★)
:label: ex-b
Prove it.
````

:::{solution} ex-b
:class: dropdown
Because of the lemma.
:::

Where next.
"""


def test_strip_solutions_keeps_exercises_and_drops_every_solution():
    kept = edition.strip_solutions(CHAPTER)
    assert "Find the kinks." in kept and "Prove it." in kept and "Where next." in kept
    for secret in ("hinges", "secret answer", "lemma", "solution", "dropdown"):
        assert secret not in kept


def test_strip_solutions_leaves_a_text_without_solutions_unchanged():
    text = CHAPTER.split("```{solution-start}")[0]
    assert edition.strip_solutions(text) == text


def test_strip_notebook_solutions_drops_code_cells_inside_a_solution():
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": "```{exercise} A\n:label: a\nQ\n```\n\n```{solution-start} a\n```\nWhy"},
            {"cell_type": "code", "source": "print('secret')", "outputs": []},
            {"cell_type": "markdown", "source": ["```{solution-end}\n", "```\n", "After\n"]},
            {"cell_type": "code", "source": "print('kept')", "outputs": []},
        ],
        "metadata": {},
    }
    text = json.dumps(edition.strip_notebook_solutions(notebook))
    assert "secret" not in text and "Why" not in text
    assert "kept" in text and "After" in text and "Q" in text


def test_an_unknown_edition_is_named(monkeypatch):
    monkeypatch.setenv(edition.EDITION_VARIABLE, "teacher")
    with pytest.raises(ValueError, match="ORIGAMI_EDITION must be one of full, student, got 'teacher'"):
        edition.edition()
    monkeypatch.setenv(edition.EDITION_VARIABLE, "Student")
    assert edition.edition() == "student"


# --------------------------------------------------------------------------------------
# Text that differs between the editions

EDITIONED = """Intro.

::::{edition} full
Clone {{ repository }}.git, then `make book`; see {doc}`instructors`.
::::
::::{edition} student repository
```bash
git clone {{ repository }}.git
cd {{ repository_name }}
```
::::
::::{edition} student no-repository
Unzip the bundle.
::::
Outro {{ repository }}.
"""


def test_each_edition_keeps_its_own_blocks_with_its_repository():
    full = edition.edition_text(EDITIONED, edition.build_tags("full", "https://github.com/a/book"), "https://github.com/a/book")
    assert "Clone https://github.com/a/book.git" in full and "git clone" not in full and "bundle" not in full
    named = edition.edition_text(EDITIONED, edition.build_tags("student", "https://github.com/me/course"),
                                 "https://github.com/me/course")
    assert "git clone https://github.com/me/course.git\ncd course\n" in named
    assert "make book" not in named and "instructors" not in named and "bundle" not in named
    alone = edition.edition_text(EDITIONED, edition.build_tags("student", None))
    assert alone == "Intro.\n\nUnzip the bundle.\nOutro {{ repository }}.\n"  # substituted in blocks only


def test_an_edition_block_with_an_unknown_word_is_named():
    with pytest.raises(ValueError, match="must name words of full, student, repository, no-repository, got 'teacher'"):
        edition.edition_text("```{edition} teacher\nx\n```\n", {"full"})


def test_edition_notebook_drops_code_cells_of_another_edition_and_solutions():
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": "::::{edition} full\nOnly for teachers"},
            {"cell_type": "code", "source": "print('teachers')", "outputs": []},
            {"cell_type": "markdown", "source": "::::\nShared"},
            {"cell_type": "code", "source": "print('shared')", "outputs": []},
        ],
        "metadata": {},
    }
    student = json.dumps(edition.edition_notebook(notebook, edition.build_tags("student", None), drop_solutions=True))
    assert "teachers" not in student and "shared" in student and "Shared" in student
    full = json.dumps(edition.edition_notebook(notebook, edition.build_tags("full", "u")))
    assert "Only for teachers" in full and "print('teachers')" in full and "::::" not in full


def test_an_answer_cell_follows_each_exercise_code_for_computations_text_for_proofs():
    notebook = {"cells": [
        {"cell_type": "markdown", "id": "m", "metadata": {}, "source": edition.strip_solutions(CHAPTER)},
        {"cell_type": "code", "id": "c", "metadata": {}, "source": "x = 1", "outputs": [], "execution_count": 1},
    ], "metadata": {}}
    cells = edition.add_answer_cells(notebook)["cells"]
    kinds = [(cell["cell_type"], "answer" in cell.get("metadata", {}).get("tags", [])) for cell in cells]
    assert kinds == [("markdown", False), ("code", True), ("markdown", False), ("markdown", True),
                     ("markdown", False), ("code", False)]
    assert cells[0]["source"].rstrip().endswith("Find the kinks.\n```".rstrip())
    assert cells[1]["source"] == "" and cells[1]["outputs"] == [] and cells[1]["id"] == "answer-ex-a"
    assert cells[3]["source"] == "" and cells[3]["id"] == "answer-ex-b"
    assert cells[4]["source"].strip() == "Where next." and cells[4]["id"] == "m-2"
    assert len({cell["id"] for cell in cells}) == len(cells)


def test_the_student_toc_leaves_out_the_instructors_page():
    toc = {"root": "book/preface", "parts": [{"caption": "Back", "chapters": [
        {"file": "book/instructors"}, {"file": "book/notation"}]}]}
    assert edition.student_toc(toc)["parts"][0]["chapters"] == [{"file": "book/notation"}]
    assert toc["parts"][0]["chapters"][0] == {"file": "book/instructors"}  # the input is unchanged


@pytest.mark.parametrize("url", ["git@github.com:me/course.git", "https://gitlab.com/me/course", "github.com/me"])
def test_a_repository_that_binder_cannot_launch_is_named(url):
    with pytest.raises(ValueError, match="REPOSITORY"):
        edition.repository(url)


def test_no_repository_means_none(monkeypatch):
    monkeypatch.delenv(edition.REPOSITORY_VARIABLE, raising=False)
    assert edition.repository() is None and edition.repository("  ") is None


def test_book_file_is_found_next_to_book_and_from_anywhere_in_a_clone(tmp_path):
    root = Path(edition.__file__).resolve().parents[2]
    assert edition.book_file("_toc.yml", root / "book") == root / "_toc.yml"
    assert edition.book_file("_toc.yml", tmp_path) == root / "_toc.yml"  # the clone of the editable install
    with pytest.raises(FileNotFoundError, match="no-such-file.yml"):
        edition.book_file("no-such-file.yml", tmp_path)


class _Config(dict):
    __getattr__ = dict.__getitem__
    __setattr__ = dict.__setitem__


class _App:
    def __init__(self, srcdir, doctreedir):
        self.srcdir, self.doctreedir = str(srcdir), str(doctreedir)


def _configured(tmp_path, monkeypatch, named):
    monkeypatch.setenv(edition.EDITION_VARIABLE, "student")
    monkeypatch.setenv(edition.REPOSITORY_VARIABLE, named)
    root = Path(edition.__file__).resolve().parents[2]
    config = _Config(
        origami_edition="", origami_repository="", html_title="ReLU Origami", external_toc_path="_toc.yml",
        thebe_config={"selector": ".cell"},
        html_theme_options={"repository_url": "https://github.com/relu-origami/relu-origami", "repository_branch": "main",
                            "use_repository_button": True, "use_issues_button": True, "use_edit_page_button": True,
                            "launch_buttons": {"notebook_interface": "jupyterlab", "binderhub_url": "https://mybinder.org",
                                               "thebe": True}},
    )
    student_edition._configure(_App(root, tmp_path), config)
    return config


def test_a_student_edition_without_repository_has_no_launch_or_repository_button(tmp_path, monkeypatch):
    config = _configured(tmp_path, monkeypatch, "")
    options = config.html_theme_options
    assert options["launch_buttons"] == {} and "repository_url" not in options
    assert not (options["use_repository_button"] or options["use_issues_button"] or options["use_edit_page_button"])
    assert "relu-origami/relu-origami" not in json.dumps(config)
    assert "book/instructors" not in Path(config.external_toc_path).read_text(encoding="utf-8")


def test_a_student_edition_launches_the_named_repository(tmp_path, monkeypatch):
    config = _configured(tmp_path, monkeypatch, "https://github.com/me/course")
    options = config.html_theme_options
    assert options["repository_url"] == config.thebe_config["repository_url"] == "https://github.com/me/course"
    assert options["launch_buttons"]["binderhub_url"] and options["use_repository_button"]
    assert not (options["use_issues_button"] or options["use_edit_page_button"])


def test_glued_values_and_figures_are_written_into_the_downloaded_notebook():
    record = "application/papermill.record/"
    notebook = {"cells": [
        {"cell_type": "code", "source": "glue(...)", "execution_count": 1, "outputs": [
            {"output_type": "display_data", "metadata": {"scrapbook": {"name": "err", "mime_prefix": record}},
             "data": {record + "text/plain": "1.3877787807814457e-15"}},
            {"output_type": "display_data", "metadata": {"scrapbook": {"name": "fig-a", "mime_prefix": record}},
             "data": {record + "image/png": "iVBORw0", record + "text/plain": "<Figure>"}}]},
        {"cell_type": "markdown", "metadata": {}, "source":
            "Error {glue:text}`err:.1e`, {glue:text}`missing`.\n\n```{glue:figure} fig-a\n:name: fig-a\n"
            ":alt: Two [lines]\n\nThe caption, {glue:text}`err:.0e`.\n```\nAfter.\n"},
    ], "metadata": {}}
    cell = edition.resolve_glue(notebook)["cells"][1]
    assert cell["source"] == ("Error 1.4e-15, {glue:text}`missing`.\n\n![Two (lines)](attachment:fig-a.png)\n\n"
                              "\nThe caption, 1e-15.\nAfter.\n")
    assert cell["attachments"] == {"fig-a.png": {"image/png": "iVBORw0"}}
