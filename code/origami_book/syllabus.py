"""The book's syllabus, read from its chapters: objectives, reading times and exercises.

The instructors page shows what every chapter teaches and asks, taken from the chapters
themselves so that it can never disagree with them. A chapter states

- its objectives as the bullet list after a line ``**What you will learn**``;
- its time as ``Time to read: about N minutes`` followed by ``plus M minutes`` (or
  ``add M minutes``) ``for the exercises``;
- each exercise as ``{exercise} Title (kind, ★★, 20 min)``, with kind one of ``KINDS`` and the
  minutes a student needs, and for a computational exercise a ``**Check yourself:**``
  paragraph naming ``origami.check`` calls;
- for a proof, construction or project, a points rubric inside its solution block (so the
  student edition, which drops the solutions, drops it too): a line ``**Rubric**`` followed
  by items ``- 3 points: what earns them``.

★★★ exercises are optional challenges: they are not part of a chapter's exercise time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

__all__ = [
    "KINDS",
    "RUBRIC_KINDS",
    "Exercise",
    "Chapter",
    "read_chapter",
    "toc_docnames",
    "read_book",
    "Week",
    "PLANS",
    "week_exercises",
    "week_minutes",
]
__dir__ = __all__.copy  # dir() lists the public names only

KINDS = ("conceptual", "computational", "proof", "construction", "project")
#: The kinds graded by hand with a rubric.
RUBRIC_KINDS = ("proof", "construction", "project")

_TITLE = re.compile(r"^#\s+(?P<title>.+?)\s*$", re.M)
_OBJECTIVES = re.compile(r"^\*\*What you will learn\*\*\s*\n\s*\n(?P<items>(?:[-*] .*\n(?:[ \t]+\S.*\n)*)+)", re.M)
_TIME = re.compile(
    r"Time to read: about (?P<reading>\d+) minutes(?:[,;]? (?:plus|add) (?P<exercises>\d+) minutes for the exercises)?"
)
_EXERCISE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{exercise\}\s+(?P<title>.+?)\s+\((?P<kind>[a-z]+),\s*(?P<stars>★+)"
    r"(?:,\s*(?P<minutes>\d+)\s*min)?\)\s*\n"
    r"(?P<body>(?:.*\n)*?)(?P=fence)\s*$",
    re.M,
)
_LABEL = re.compile(r"^:label:\s*(\S+)", re.M)
_SOLUTION = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{solution-start\}\s+(?P<label>\S+)[^\n]*\n(?P<body>(?:.*\n)*?)^(`{3,}|:{3,})\{solution-end\}",
    re.M,
)
_RUBRIC = re.compile(r"^\*\*Rubric\*\*[^\n]*\n\s*\n(?P<items>(?:[-*] .*\n(?:[ \t]+\S.*\n)*)+)", re.M)
_RUBRIC_ITEM = re.compile(r"^(?P<points>\d+) points?: (?P<criterion>.+)$", re.S)
_CHECK_PARAGRAPH = re.compile(r"\*\*Check yourself:\*\*(?P<text>(?:.+\n?)+)")
_CALL = re.compile(r"`(origami\.check\.\w+\([^`]*\))`")


@dataclass(frozen=True)
class Exercise:
    """One exercise of a chapter.

    Attributes
    ----------
    label : str
        Its cross-reference label, e.g. ``"ex-onedim-interpolant"``.
    title : str
    kind : str
        One of ``KINDS``.
    difficulty : int
        1 to 3 (the number of stars).
    check : str or None
        The (first) self-check call shown to students, for a computational exercise.
    checks : tuple of str
        Every ``origami.check`` call of its ``**Check yourself:**`` paragraph, in order.
    minutes : int or None
        The time a student needs, from its title.
    rubric : tuple of (int, str)
        Points and criterion of each item of its rubric (in its solution block).
    """

    label: str
    title: str
    kind: str
    difficulty: int
    check: str | None
    checks: tuple[str, ...] = ()
    minutes: int | None = None
    rubric: tuple[tuple[int, str], ...] = ()

    @property
    def rubric_points(self) -> int:
        """The points its rubric awards in all (0 without a rubric)."""
        return sum(points for points, _ in self.rubric)

    @property
    def challenge(self) -> bool:
        """Whether it is a ★★★ problem, an optional challenge outside the weekly load."""
        return self.difficulty == 3


@dataclass(frozen=True)
class Chapter:
    """What a chapter teaches and asks.

    Attributes
    ----------
    docname : str
        The chapter's path in the book without suffix, e.g. ``"book/theory"``.
    title : str
    objectives : tuple of str
        The bullets of "What you will learn" (MyST markdown, one line each).
    reading_minutes, exercise_minutes : int or None
        The times the chapter states; the exercise time covers every exercise except the
        ★★★ challenges and projects.
    exercises : tuple of Exercise
    """

    docname: str
    title: str
    objectives: tuple[str, ...]
    reading_minutes: int | None
    exercise_minutes: int | None
    exercises: tuple[Exercise, ...]

    @property
    def minutes(self) -> int:
        """Reading and exercise time together (0 for a chapter that states none)."""
        return (self.reading_minutes or 0) + (self.exercise_minutes or 0)

    @property
    def core_exercises(self) -> tuple[Exercise, ...]:
        """The exercises of the weekly load, without the ★★★ challenges and the projects."""
        return tuple(e for e in self.exercises if not e.challenge and e.kind != "project")

    @property
    def core_exercise_minutes(self) -> int:
        """The minutes of :attr:`core_exercises`, summed from their titles."""
        return sum(e.minutes or 0 for e in self.core_exercises)


def _objectives(text: str) -> tuple[str, ...]:
    match = _OBJECTIVES.search(text)
    if not match:
        return ()
    items = re.split(r"^[-*] ", match["items"], flags=re.M)
    return tuple(" ".join(item.split()) for item in items if item.strip())


def _rubric(body: str) -> tuple[tuple[int, str], ...]:
    match = _RUBRIC.search(body)
    if not match:
        return ()
    items = []
    for item in re.split(r"^[-*] ", match["items"], flags=re.M):
        if not item.strip():
            continue
        parsed = _RUBRIC_ITEM.match(" ".join(item.split()))
        if parsed is None:
            raise ValueError(f"a rubric item must read '- N points: criterion', got {item.strip()!r}")
        items.append((int(parsed["points"]), parsed["criterion"]))
    return tuple(items)


def _exercise(match: re.Match, path: Path, rubrics: dict[str, tuple]) -> Exercise:
    label = _LABEL.search(match["body"])
    if label is None:
        raise ValueError(f"{path}: the exercise {match['title']!r} has no :label:")
    if match["kind"] not in KINDS:
        raise ValueError(f"{path}: the exercise {match['title']!r} has kind {match['kind']!r}, not one of {KINDS}")
    if len(match["stars"]) > 3:
        raise ValueError(f"{path}: the exercise {match['title']!r} has more than three stars")
    paragraph = _CHECK_PARAGRAPH.search(match["body"])
    checks = tuple(_CALL.findall(paragraph["text"])) if paragraph else ()
    return Exercise(
        label[1], match["title"], match["kind"], len(match["stars"]), checks[0] if checks else None, checks,
        int(match["minutes"]) if match["minutes"] else None, rubrics.get(label[1], ()),
    )


def read_chapter(path: str | Path, docname: str | None = None) -> Chapter:
    """Read a chapter's objectives, times and exercises from its MyST markdown source.

    Parameters
    ----------
    path : str or Path
        The chapter's ``.md`` file.
    docname : str, optional
        Its name in the book (default: the file name without suffix).

    Raises
    ------
    ValueError
        If an exercise title names no kind and difficulty, or an unknown kind, or has no label.
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"no chapter file {path}")
    text = path.read_text(encoding="utf-8")
    title = _TITLE.search(text)
    time = _TIME.search(" ".join(text.split()))
    rubrics = {m["label"]: _rubric(m["body"]) for m in _SOLUTION.finditer(text)}
    exercises = tuple(_exercise(m, path, rubrics) for m in _EXERCISE.finditer(text))
    unlabelled = len(re.findall(r"^(`{3,}|:{3,})\{exercise\}", text, re.M)) - len(exercises)
    if unlabelled:
        raise ValueError(f"{path}: {unlabelled} exercise title(s) do not end in '(kind, ★…)'")
    return Chapter(
        docname=docname or path.stem,
        title=title["title"] if title else path.stem,
        objectives=_objectives(text),
        reading_minutes=int(time["reading"]) if time else None,
        exercise_minutes=int(time["exercises"]) if time and time["exercises"] else None,
        exercises=exercises,
    )


def toc_docnames(toc: str | Path) -> list[str]:
    """The root and every ``file:`` of a Jupyter Book ``_toc.yml``, in order, without suffix.

    Parameters
    ----------
    toc : str or Path
        The book's ``_toc.yml``.

    Returns
    -------
    list of str
        Paths relative to the book's root, such as ``book/theory``.

    Raises
    ------
    ValueError
        If ``toc`` is not a file.
    """
    toc = Path(toc)
    if not toc.is_file():
        raise ValueError(f"no table of contents {toc}")
    tree = yaml.safe_load(toc.read_text(encoding="utf-8"))
    names = [tree["root"]]

    def walk(node) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("file"), str):
                names.append(node["file"])
            for key, value in node.items():
                if key != "file":
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({key: value for key, value in tree.items() if key != "root"})
    return [re.sub(r"\.(md|ipynb)$", "", name) for name in names]


def read_book(toc: str | Path) -> list[Chapter]:
    """Every chapter listed in a Jupyter Book ``_toc.yml`` (the root first), in reading order.

    Parameters
    ----------
    toc : str or Path
        The book's ``_toc.yml``; chapter paths are read relative to its folder.

    Returns
    -------
    list of Chapter

    Raises
    ------
    ValueError
        As :func:`toc_docnames`, and if a chapter's exercises or rubrics are malformed.
    """
    toc = Path(toc)
    return [read_chapter(toc.parent / f"{docname}.md", docname) for docname in toc_docnames(toc)]


@dataclass(frozen=True)
class Week:
    """One week of a teaching plan.

    Attributes
    ----------
    name : str
    chapters : tuple of str
        The chapters read (file names without suffix, e.g. ``"theory"``).
    exercises : tuple of str or None
        The exercises set (labels); None sets every exercise of the weekly load
        (:attr:`Chapter.core_exercises`) of ``chapters``.
    projects : tuple of str
        Project exercises (labels) done this week.
    """

    name: str
    chapters: tuple[str, ...]
    exercises: tuple[str, ...] | None = None
    projects: tuple[str, ...] = ()


#: The plans of the instructors page; ★★★ challenges are in none of them, they are optional.
PLANS: dict[str, tuple[Week, ...]] = {
    "one-week module": (
        Week("the week", ("theory", "one_dimension", "two_dimensions"),
             exercises=("ex-theory-three-lines", "ex-theory-nonconvex", "ex-onedim-interpolant",
                        "ex-twod-grid", "ex-onedim-width-one")),
    ),
    "three-week unit": (
        Week("week 1", ("theory", "one_dimension")),
        Week("week 2", ("two_dimensions", "counting", "representation")),
        Week("week 3", ("learning", "robustness"), projects=("ex-impl-project",)),
    ),
}


def week_exercises(week: Week, chapters: list[Chapter]) -> list[Exercise]:
    """The exercises a week sets (its projects included), read from ``chapters``.

    Parameters
    ----------
    week : Week
        The week of a plan (:data:`PLANS`).
    chapters : list of Chapter
        The book's chapters (:func:`read_book`).

    Returns
    -------
    list of Exercise

    Raises
    ------
    ValueError
        If the week names a chapter or an exercise that ``chapters`` do not have.
    """
    by_name = {Path(chapter.docname).name: chapter for chapter in chapters}
    missing = [name for name in week.chapters if name not in by_name]
    if missing:
        raise ValueError(f"{week.name}: no chapter {missing}")
    everything = {e.label: e for chapter in chapters for e in chapter.exercises}
    labels = list(week.exercises if week.exercises is not None else
                  [e.label for name in week.chapters for e in by_name[name].core_exercises])
    labels += list(week.projects)
    unknown = [label for label in labels if label not in everything]
    if unknown:
        raise ValueError(f"{week.name}: no exercise {unknown}")
    return [everything[label] for label in labels]


def week_minutes(week: Week, chapters: list[Chapter]) -> int:
    """A week's student time: reading its chapters plus the minutes of its exercises and projects.

    Parameters
    ----------
    week : Week
        The week of a plan (:data:`PLANS`).
    chapters : list of Chapter
        The book's chapters (:func:`read_book`).

    Returns
    -------
    int
        Minutes.

    Raises
    ------
    ValueError
        As :func:`week_exercises`.
    """
    by_name = {Path(chapter.docname).name: chapter for chapter in chapters}
    reading = sum(by_name[name].reading_minutes or 0 for name in week.chapters if name in by_name)
    return reading + sum(e.minutes or 0 for e in week_exercises(week, chapters))
