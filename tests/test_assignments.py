"""Autograding with otter-grader: the assignments built from the chapters, and a grading walk-through.

The slow test builds every chapter's assignment as ``make assignments`` does and grades three
submissions of one chapter with ``otter run`` (local grading, no Docker): the solution notebook,
the blank student notebook and a typical wrong answer.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from origami_book import assignments, syllabus
from test_book import REPO_ROOT, TOC

TEACHING = [chapter for chapter in syllabus.read_book(TOC) if chapter.exercises]
OTTER = Path(sys.executable).with_name("otter")


@pytest.mark.parametrize("chapter", TEACHING, ids=lambda c: c.docname)
def test_every_check_call_of_an_exercise_is_made_in_its_solution(chapter):
    # so the solution notebook passes its own tests; raises otherwise
    master = assignments.master_notebook(REPO_ROOT / f"{chapter.docname}.md")
    sources = [cell.source for cell in master.cells]
    for exercise in chapter.exercises:
        name = assignments.question_name(exercise.label)
        opened = [s for s in sources if s.startswith("# BEGIN QUESTION") and f"name: {name}\n" in s]
        assert len(opened) == 1, f"{exercise.label}: not one question"
        tests = [s for s in sources if s.startswith("_feedback = ") and any(call in s for call in exercise.checks)]
        assert len(tests) == len(exercise.checks)
        assert ("manual: true" in opened[0]) == (not exercise.checks)


@pytest.mark.parametrize("chapter", TEACHING, ids=lambda c: c.docname)
def test_every_computational_and_construction_exercise_is_autograded(chapter):
    for exercise in chapter.exercises:
        if exercise.kind == "computational" or (exercise.kind == "construction" and exercise.label != "ex-counting-three"):
            assert exercise.checks, f"{exercise.label}: no origami.check call to grade it with"


def test_a_check_call_missing_from_its_solution_is_named(tmp_path):
    page = tmp_path / "chapter.md"
    page.write_text(
        "# C\n\n```{exercise} Count (computational, ★★, 10 min)\n:label: ex-count\n\nCount.\n\n"
        "**Check yourself:** `origami.check.region_count(my_n, net, box)`\n```\n\n"
        "```{solution-start} ex-count\n:class: dropdown\n```\n\n```{code-cell} ipython3\nmy_n = 4\n```\n\n"
        "```{solution-end}\n```\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="ex-count"):
        assignments.master_notebook(page)


def test_a_solution_away_from_its_exercise_is_refused_rather_than_handed_out(tmp_path):
    page = tmp_path / "chapter.md"
    page.write_text(
        "# C\n\n```{exercise} Say (conceptual, ★, 5 min)\n:label: ex-say\n\nSay.\n```\n\nText between.\n\n"
        "```{solution-start} ex-say\n:class: dropdown\n```\n\n```{code-cell} ipython3\nanswer = 42\n```\n\n"
        "```{solution-end}\n```\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="does not follow its exercise"):
        assignments.master_notebook(page)


def test_answer_names_are_the_my_names_of_the_checks():
    exercise = next(e for c in TEACHING for e in c.exercises if e.label == "ex-theory-nonconvex")
    assert assignments.answer_names(exercise.checks) == ["my_fold", "my_pieces"]


def _score(folder: Path) -> tuple[float, float]:
    tests = json.loads((folder / "results.json").read_text())["tests"]
    graded = [t for t in tests if "max_score" in t and t["max_score"] is not None]
    return sum(t["score"] for t in graded), sum(t["max_score"] for t in graded)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Every chapter's assignment, built as `make assignments` builds it."""
    out = tmp_path_factory.mktemp("assignments")
    done = subprocess.run([sys.executable, "-m", "origami_book.assignments", str(TOC), str(out)],
                          capture_output=True, text=True, cwd=REPO_ROOT, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


@pytest.mark.book
def test_make_assignments_writes_a_student_notebook_and_an_autograder_zip_per_chapter(built):
    for chapter in TEACHING:
        name = Path(chapter.docname).name
        student = nbformat.read(built / name / "student" / f"{name}.ipynb", as_version=4)
        code = "\n".join(cell.source for cell in student.cells if cell.cell_type == "code")
        with zipfile.ZipFile(built / name / "autograder" / f"{name}-autograder.zip") as zipped:
            names = zipped.namelist()
            environment = zipped.read("environment.yml").decode()
        assert {"run_autograder", "setup.sh", "files/origami/check.py"} <= set(names)  # what Gradescope runs
        assert "numpy==" in environment and "otter-grader" in environment  # the book's pins
        for exercise in chapter.exercises:
            if exercise.checks:
                question = assignments.question_name(exercise.label)
                assert f"tests/{question}.py" in names
                assert f'grader.check("{question}")' in code
                for answer in assignments.answer_names(exercise.checks):
                    assert f"{answer} = ..." in code
        # no solution reaches the student: no check call is made, no solution prose is left
        assert "_feedback" not in code and "{solution-start}" not in json.dumps(student)
    with (built / "rubrics.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for chapter in TEACHING:
        for exercise in chapter.exercises:
            if exercise.kind in syllabus.RUBRIC_KINDS:
                points = sum(int(r["points"]) for r in rows if r["exercise"] == exercise.label)
                assert points == exercise.rubric_points > 0, exercise.label


@pytest.mark.book
def test_otter_grades_the_solution_full_the_blank_zero_and_a_wrong_answer_in_part(built, tmp_path):
    folder = built / "theory"
    autograder = folder / "autograder" / "theory-autograder.zip"
    solution = nbformat.read(folder / "autograder" / "theory.ipynb", as_version=4)
    assert "my_pieces = len(fold_pieces)" in "\n".join(c.source for c in solution.cells)
    # the typical mistake the check names: activation regions counted as linear pieces
    wrong = nbformat.read(folder / "autograder" / "theory.ipynb", as_version=4)
    at = next(i for i, cell in enumerate(wrong.cells) if "my_pieces = len(fold_pieces)" in cell.source)
    wrong.cells.insert(at + 1, nbformat.v4.new_code_cell("my_pieces = len(fold_regions)"))
    nbformat.write(wrong, tmp_path / "theory.ipynb")
    submissions = {
        "solution": folder / "autograder" / "theory.ipynb",
        "blank": folder / "student" / "theory.ipynb",
        "wrong": tmp_path / "theory.ipynb",
    }
    runs = {}
    for name, notebook in submissions.items():  # side by side: each runs the chapter in a kernel
        (tmp_path / name).mkdir()
        runs[name] = subprocess.Popen([str(OTTER), "run", "-a", str(autograder), "-o", str(tmp_path / name),
                                       str(notebook)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    logs = {name: run.communicate(timeout=600)[0] for name, run in runs.items()}
    scores = {name: _score(tmp_path / name) for name in submissions}
    assert scores["solution"][0] == scores["solution"][1] == 3, logs["solution"]
    assert scores["blank"] == (0, 3), logs["blank"]
    assert scores["wrong"] == (2, 3), logs["wrong"]
