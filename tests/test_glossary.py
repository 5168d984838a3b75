"""The glossary (book/glossary.md): enough terms, each one linked from the text, and each chapter
links the book's core vocabulary where it uses it (read from the MyST sources, no build needed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

BOOK = Path(__file__).resolve().parents[1] / "book"
CHAPTERS = ["theory", "one_dimension", "two_dimensions", "counting", "representation", "learning",
            "robustness", "real_network"]
# Terms with one technical meaning in every chapter; a chapter that uses one links it at least once.
CORE = ["activation pattern", "activation region", "linear piece", "kink", "crease", "pre-activation",
        "decision boundary", "general position", "certified radius", "hyperplane arrangement", "ReLU"]
TERM_ROLE = re.compile(r"\{term\}`(?:[^`<]*<)?([^`>]+)>?`")


def glossary_terms() -> list[str]:
    text = (BOOK / "glossary.md").read_text(encoding="utf-8")
    body = text.split("```{glossary}", 1)[1].split("\n```", 1)[0]
    return [line.strip() for line in body.splitlines() if line.strip() and not line.startswith(" ")]


def prose(name: str) -> str:
    """The chapter's text outside code cells, directive options and labels."""
    kept, in_code = [], False
    for line in (BOOK / f"{name}.md").read_text(encoding="utf-8").splitlines():
        if re.match(r"^`{3,}\{code-cell\}", line):
            in_code = True
        elif in_code and re.fullmatch(r"`{3,}", line.strip()):
            in_code = False
        elif not in_code and not line.startswith(":"):
            kept.append(line)
    return "\n".join(kept)


def linked_terms(text: str) -> set[str]:
    return {" ".join(match.group(1).split()).lower() for match in TERM_ROLE.finditer(text)}


def chapters() -> list[str]:
    return [name for name in CHAPTERS if (BOOK / f"{name}.md").exists()]


def test_the_glossary_has_at_least_25_terms():
    assert len(glossary_terms()) >= 25


def test_every_glossary_term_is_linked_from_the_text():
    pages = [path for path in BOOK.glob("*.md") if path.name != "glossary.md"]
    linked = set().union(*(linked_terms(path.read_text(encoding="utf-8")) for path in pages))
    missing = [term for term in glossary_terms() if term.lower() not in linked]
    assert not missing, f"glossary terms no page links: {missing}"


def test_links_name_glossary_terms():
    terms = {term.lower() for term in glossary_terms()}
    for name in chapters():
        unknown = linked_terms(prose(name)) - terms
        assert not unknown, f"{name}: {unknown}"


@pytest.mark.parametrize("name", CHAPTERS)
def test_each_chapter_links_the_core_terms_it_uses(name):
    if not (BOOK / f"{name}.md").exists():
        pytest.skip(f"no chapter {name}")
    text = prose(name)
    plain = TERM_ROLE.sub(" ", text)
    used = [term for term in CORE if re.search(rf"\b{re.escape(term)}s?\b", plain, re.IGNORECASE)]
    unlinked = [term for term in used if term.lower() not in linked_terms(text)]
    assert not unlinked, f"{name} uses but never links: {unlinked}"
