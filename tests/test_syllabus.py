"""The syllabus read from the chapters, and the rules every assignable chapter keeps."""

import re

import pytest

from origami import check
from origami_book import edition, syllabus
from test_book import REPO_ROOT

CHAPTERS = syllabus.read_book(REPO_ROOT / "_toc.yml")
TEACHING = [chapter for chapter in CHAPTERS if chapter.exercises]


def test_the_teaching_chapters_are_found():
    assert [c.docname for c in TEACHING] == [
        "book/theory", "book/one_dimension", "book/two_dimensions", "book/counting", "book/representation",
        "book/learning", "book/robustness", "book/real_network",
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
    stars = [exercise.difficulty for exercise in chapter.exercises if exercise.kind != "project"]
    assert stars.count(3) == 1 and stars[-1] == 3, f"{chapter.docname}: difficulties {stars}"


@pytest.mark.parametrize("chapter", TEACHING, ids=lambda c: c.docname)
def test_every_exercise_states_its_minutes_and_the_chapter_sums_them(chapter):
    assert all(exercise.minutes for exercise in chapter.exercises), [e.label for e in chapter.exercises if not e.minutes]
    # the time the chapter states for its exercises is theirs, without the optional challenge
    assert chapter.exercise_minutes == chapter.core_exercise_minutes
    assert not any(exercise.challenge for exercise in chapter.core_exercises)


@pytest.mark.parametrize("chapter", TEACHING, ids=lambda c: c.docname)
def test_every_proof_and_construction_has_a_points_rubric_inside_its_solution(chapter):
    for exercise in chapter.exercises:
        if exercise.kind in syllabus.RUBRIC_KINDS:
            assert exercise.rubric and all(points > 0 for points, _ in exercise.rubric), exercise.label
    text = (REPO_ROOT / f"{chapter.docname}.md").read_text(encoding="utf-8")
    # the student edition drops the solutions: no rubric may stand outside one
    assert "**Rubric**" not in edition.strip_solutions(text)


def test_the_project_has_a_time_and_a_rubric_and_is_in_the_three_week_unit():
    (project,) = [e for c in TEACHING for e in c.exercises if e.kind == "project"]
    assert project.minutes and project.rubric_points > 0
    assert any(project.label in week.projects for week in syllabus.PLANS["three-week unit"])


def test_challenges_are_in_no_plan():
    weeks = [week for plan in syllabus.PLANS.values() for week in plan]
    set_ = {e.label for week in weeks for e in syllabus.week_exercises(week, TEACHING)}
    challenges = {e.label for c in TEACHING for e in c.exercises if e.challenge}
    assert challenges and not challenges & set_


def test_the_plans_are_balanced_within_a_quarter():
    weeks = [week for plan in syllabus.PLANS.values() for week in plan]
    minutes = [syllabus.week_minutes(week, TEACHING) for week in weeks]
    mean = sum(minutes) / len(minutes)
    assert all(0.75 * mean <= m <= 1.25 * mean for m in minutes), dict(zip([w.name for w in weeks], minutes))


def test_the_instructors_page_names_every_exercise_a_plan_sets_by_name():
    page = (REPO_ROOT / "book" / "instructors.md").read_text(encoding="utf-8")
    for week in (week for plan in syllabus.PLANS.values() for week in plan):
        for label in (week.exercises or ()) + week.projects:
            assert f"{{ref}}`{label}`" in page, f"{week.name}: {label} is not on the instructors page"


def test_a_week_that_names_an_unknown_exercise_is_refused():
    with pytest.raises(ValueError, match="no exercise"):
        syllabus.week_minutes(syllabus.Week("w", ("theory",), exercises=("ex-nothing",)), TEACHING)
    with pytest.raises(ValueError, match="no chapter"):
        syllabus.week_minutes(syllabus.Week("w", ("nothing",)), TEACHING)


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
        "```{exercise} Count (computational, ★★, 25 min)\n:label: ex-count\n\nCount.\n\n"
        "**Check yourself:** `origami.check.region_count(my_n, net, box)`, then\n"
        "`origami.check.linear_piece_count(my_p, net, (0, 1))`\n```\n\n"
        "```{exercise} Prove (proof, ★★★, 90 min)\n:label: ex-prove\n\nProve.\n```\n\n"
        "```{solution-start} ex-prove\n:class: dropdown\n```\n\n**Rubric** (5 points)\n\n"
        "- 3 points: the idea,\n  stated\n- 2 points: the details\n\nThe proof.\n\n```{solution-end}\n```\n",
        encoding="utf-8",
    )
    chapter = syllabus.read_chapter(page)
    assert chapter.title == "A chapter"
    assert chapter.objectives == ("one thing", "another, on two lines")
    assert (chapter.reading_minutes, chapter.exercise_minutes, chapter.minutes) == (40, 30, 70)
    count, prove = chapter.exercises
    assert count == syllabus.Exercise(
        "ex-count", "Count", "computational", 2, "origami.check.region_count(my_n, net, box)",
        ("origami.check.region_count(my_n, net, box)", "origami.check.linear_piece_count(my_p, net, (0, 1))"), 25,
    )
    assert prove.rubric == ((3, "the idea, stated"), (2, "the details")) and prove.rubric_points == 5
    assert prove.challenge and chapter.core_exercises == (count,) and chapter.core_exercise_minutes == 25


def test_a_malformed_rubric_item_is_named(tmp_path):
    page = tmp_path / "chapter.md"
    page.write_text(
        "# C\n\n```{exercise} P (proof, ★, 5 min)\n:label: ex-p\n```\n\n```{solution-start} ex-p\n"
        ":class: dropdown\n```\n\n**Rubric**\n\n- three points for the idea\n\n```{solution-end}\n```\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="N points: criterion"):
        syllabus.read_chapter(page)


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
