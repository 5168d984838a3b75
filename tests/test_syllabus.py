"""The syllabus read from the chapters, and the rules every assignable chapter keeps."""

import re

import pytest

from origami import check, syllabus
from test_book import REPO_ROOT

CHAPTERS = syllabus.read_book(REPO_ROOT / "_toc.yml")
TEACHING = [chapter for chapter in CHAPTERS if chapter.exercises]


def test_the_teaching_chapters_are_found():
    assert [c.docname for c in TEACHING] == [
        "book/theory", "book/one_dimension", "book/two_dimensions", "book/counting", "book/implications"
    ]


@pytest.mark.parametrize("chapter", TEACHING, ids=lambda c: c.docname)
def test_chapter_states_objectives_and_time(chapter):
    assert len(chapter.objectives) >= 3, f"{chapter.docname}: 'What you will learn' has too few bullets"
    assert chapter.reading_minutes and chapter.exercise_minutes, f"{chapter.docname}: no 'Time to read' sentence"


@pytest.mark.parametrize("chapter", TEACHING, ids=lambda c: c.docname)
def test_chapter_has_graded_exercises_of_every_kind(chapter):
    kinds = {exercise.kind for exercise in chapter.exercises}
    assert len(chapter.exercises) >= 3
    assert {"conceptual", "computational"} <= kinds and kinds & {"proof", "construction"}, kinds
    assert len({exercise.label for exercise in chapter.exercises}) == len(chapter.exercises)


@pytest.mark.parametrize("chapter", TEACHING, ids=lambda c: c.docname)
def test_chapter_ends_with_one_challenge(chapter):
    stars = [exercise.difficulty for exercise in chapter.exercises]
    assert stars.count(3) == 1 and stars[-1] == 3, f"{chapter.docname}: difficulties {stars}"


@pytest.mark.parametrize("chapter", TEACHING, ids=lambda c: c.docname)
def test_every_computational_exercise_shows_a_real_self_check(chapter):
    for exercise in chapter.exercises:
        if exercise.kind != "computational":
            continue
        assert exercise.check, f"{exercise.label}: no '**Check yourself:**' call"
        name = re.match(r"origami\.check\.(\w+)\(", exercise.check)[1]
        assert callable(getattr(check, name, None)), f"{exercise.label}: origami.check has no {name}"


def test_reading_a_chapter_parses_the_conventions(tmp_path):
    page = tmp_path / "chapter.md"
    page.write_text(
        "# A chapter\n\n**What you will learn**\n\n- one thing\n- another,\n  on two lines\n\n"
        "Time to read: about 40 minutes; add 30 minutes for the exercises.\n\n"
        "```{exercise} Count (computational, ★★)\n:label: ex-count\n\nCount.\n\n"
        "**Check yourself:** `origami.check.region_count(my_n, net, box)`\n```\n",
        encoding="utf-8",
    )
    chapter = syllabus.read_chapter(page)
    assert chapter.title == "A chapter"
    assert chapter.objectives == ("one thing", "another, on two lines")
    assert (chapter.reading_minutes, chapter.exercise_minutes, chapter.minutes) == (40, 30, 70)
    (exercise,) = chapter.exercises
    assert exercise == syllabus.Exercise("ex-count", "Count", "computational", 2, "origami.check.region_count(my_n, net, box)")


def test_a_malformed_exercise_is_named(tmp_path):
    page = tmp_path / "chapter.md"
    page.write_text("# C\n\n```{exercise} Unlabelled kind\n:label: ex-x\n```\n", encoding="utf-8")
    with pytest.raises(ValueError, match="do not end in"):
        syllabus.read_chapter(page)
    page.write_text("# C\n\n```{exercise} Odd (homework, ★)\n:label: ex-x\n```\n", encoding="utf-8")
    with pytest.raises(ValueError, match="kind 'homework'"):
        syllabus.read_chapter(page)
    with pytest.raises(ValueError, match="no chapter file"):
        syllabus.read_chapter(tmp_path / "missing.md")
