"""The book's syllabus, read from its chapters: objectives, reading times and exercises.

The instructors page shows what every chapter teaches and asks, taken from the chapters
themselves so that it can never disagree with them. A chapter states

- its objectives as the bullet list after a line ``**What you will learn**``;
- its time as ``Time to read: about N minutes`` followed by ``plus M minutes`` (or
  ``add M minutes``) ``for the exercises``;
- each exercise as ``{exercise} Title (kind, ★★)``, with kind one of ``KINDS``, and for
  a computational exercise a ``**Check yourself:**`` paragraph naming an ``origami.check`` call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

KINDS = ("conceptual", "computational", "proof", "construction")

_TITLE = re.compile(r"^#\s+(?P<title>.+?)\s*$", re.M)
_OBJECTIVES = re.compile(r"^\*\*What you will learn\*\*\s*\n\s*\n(?P<items>(?:[-*] .*\n(?:[ \t]+\S.*\n)*)+)", re.M)
_TIME = re.compile(
    r"Time to read: about (?P<reading>\d+) minutes(?:[,;]? (?:plus|add) (?P<exercises>\d+) minutes for the exercises)?"
)
_EXERCISE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{exercise\}\s+(?P<title>.+?)\s+\((?P<kind>[a-z]+),\s*(?P<stars>★+)\)\s*\n"
    r"(?P<body>(?:.*\n)*?)(?P=fence)\s*$",
    re.M,
)
_LABEL = re.compile(r"^:label:\s*(\S+)", re.M)
_CHECK = re.compile(r"\*\*Check yourself:\*\*\s*`(?P<call>origami\.check\.\w+\([^`]*\))`")


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
        The self-check call shown to students, for a computational exercise.
    """

    label: str
    title: str
    kind: str
    difficulty: int
    check: str | None


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
        The times the chapter states.
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


def _objectives(text: str) -> tuple[str, ...]:
    match = _OBJECTIVES.search(text)
    if not match:
        return ()
    items = re.split(r"^[-*] ", match["items"], flags=re.M)
    return tuple(" ".join(item.split()) for item in items if item.strip())


def _exercise(match: re.Match, path: Path) -> Exercise:
    label = _LABEL.search(match["body"])
    if label is None:
        raise ValueError(f"{path}: the exercise {match['title']!r} has no :label:")
    if match["kind"] not in KINDS:
        raise ValueError(f"{path}: the exercise {match['title']!r} has kind {match['kind']!r}, not one of {KINDS}")
    if len(match["stars"]) > 3:
        raise ValueError(f"{path}: the exercise {match['title']!r} has more than three stars")
    check = _CHECK.search(match["body"])
    return Exercise(label[1], match["title"], match["kind"], len(match["stars"]), check["call"] if check else None)


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
    exercises = tuple(_exercise(m, path) for m in _EXERCISE.finditer(text))
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
    """The root and every ``file:`` of a Jupyter Book ``_toc.yml``, in order, without suffix."""
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
    """Every chapter listed in a Jupyter Book ``_toc.yml`` (the root first), in reading order."""
    toc = Path(toc)
    return [read_chapter(toc.parent / f"{docname}.md", docname) for docname in toc_docnames(toc)]
