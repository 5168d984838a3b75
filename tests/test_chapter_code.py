"""Code that several chapters need lives in the library, and the chapters show their code.

Measured on the MyST sources ``book/*.md`` (every page with code cells). A cell is hidden when it
is tagged ``remove-input``, ``hide-input`` or ``remove-cell``; a code line is a line that is not
blank and not only a comment. A function handed to ``origami.interactive`` (an interactive
figure's ``draw`` callback, or any other callback such as ``describe=``) belongs to its figure and
is not a helper.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

BOOK = Path(__file__).resolve().parents[1] / "book"
HIDDEN_TAGS = {"remove-input", "hide-input", "remove-cell"}
MAX_HIDDEN_SHARE = 0.30
MAX_HIDDEN_HELPERS = 5
#: Pages that are chapters (numbered parts of ``_toc.yml``) and teach with code.
CHAPTERS = ["theory", "one_dimension", "two_dimensions", "counting", "representation", "learning",
            "robustness", "real_network"]


@dataclass
class Cell:
    page: str
    line: int
    tags: set
    source: str

    @property
    def hidden(self) -> bool:
        return bool(self.tags & HIDDEN_TAGS)

    @property
    def code_lines(self) -> int:
        return sum(1 for s in self.source.splitlines() if s.strip() and not s.strip().startswith("#"))

    def tree(self) -> ast.Module:
        # IPython magics and shell escapes are not Python.
        text = "\n".join(s for s in self.source.splitlines() if not s.lstrip().startswith(("%", "!")))
        return ast.parse(text)


def read_cells(path: Path) -> list[Cell]:
    """The code cells of a MyST notebook, with their tags (``:tags:`` or a YAML header)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    cells, i = [], 0
    while i < len(lines):
        if not lines[i].startswith("```{code-cell}"):
            i += 1
            continue
        start, j, options = i + 1, i + 1, []
        if j < len(lines) and lines[j] == "---":
            j += 1
            while lines[j] != "---":
                options.append(lines[j])
                j += 1
            j += 1
        while j < len(lines) and lines[j].startswith(":"):
            options.append(lines[j])
            j += 1
        k = j
        while not lines[k].startswith("```"):
            k += 1
        tags = set()
        for option in options:
            found = re.search(r"tags:\s*\[(.*?)\]", option)
            if found:
                tags |= {t.strip().strip("'\"") for t in found.group(1).split(",") if t.strip()}
        cells.append(Cell(path.stem, start, tags, "\n".join(lines[j:k])))
        i = k + 1
    return cells


def all_cells() -> list[Cell]:
    return [cell for path in sorted(BOOK.glob("*.md")) for cell in read_cells(path)]


def callbacks(cells) -> set[tuple[str, str]]:
    """(page, name) of every function passed to ``interactive(...)``."""
    found = set()
    for cell in cells:
        for node in ast.walk(cell.tree()):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name == "interactive":
                    for arg in [*node.args, *(k.value for k in node.keywords)]:
                        if isinstance(arg, ast.Name):
                            found.add((cell.page, arg.id))
    return found


def definitions(cells):
    """(cell, name) of every top-level function or class a cell defines."""
    return [(cell, node.name) for cell in cells for node in cell.tree().body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]


def helpers(cells):
    skip = callbacks(cells)
    return [(cell, name) for cell, name in definitions(cells) if (cell.page, name) not in skip]


# --- the measuring tools, on small examples -----------------------------------------------------

EXAMPLE = '''# A page

```{code-cell} ipython3
:tags: [hide-input]

import numpy as np

def helper(x):
    return x  # a comment
```

```{code-cell} ipython3
---
tags: [remove-cell]
---
glue("a", 1)
```

```{code-cell} ipython3
def draw(a):
    return helper(a)


origami.interactive(draw, a=(0, 1))
```
'''


def test_cells_tags_and_code_lines_are_read_from_both_tag_syntaxes(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(EXAMPLE)
    first, second, third = read_cells(page)
    assert first.tags == {"hide-input"} and first.hidden and first.code_lines == 3
    assert second.tags == {"remove-cell"} and second.hidden and second.code_lines == 1
    assert not third.hidden and third.code_lines == 3


def test_a_callback_of_interactive_is_not_a_helper(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(EXAMPLE)
    cells = read_cells(page)
    assert [name for _, name in definitions(cells)] == ["helper", "draw"]
    assert [name for _, name in helpers(cells)] == ["helper"]


# --- the limits on the book ---------------------------------------------------------------------

def test_no_function_is_defined_in_two_chapters():
    pages: dict[str, set[str]] = {}
    for cell, name in helpers(all_cells()):
        pages.setdefault(name, set()).add(cell.page)
    twice = {name: sorted(where) for name, where in pages.items() if len(where) > 1}
    assert not twice, f"defined in several pages, belongs in the library: {twice}"


def test_at_most_five_helpers_are_defined_in_hidden_cells():
    hidden = [f"{cell.page}:{cell.line} {name}" for cell, name in helpers(all_cells()) if cell.hidden]
    print(f"{len(hidden)} helpers in hidden cells: {hidden}")
    assert len(hidden) <= MAX_HIDDEN_HELPERS, hidden


def test_at_most_thirty_percent_of_the_code_lines_are_hidden():
    cells = all_cells()
    total = sum(c.code_lines for c in cells)
    hidden = sum(c.code_lines for c in cells if c.hidden)
    for page in sorted({c.page for c in cells}):
        mine = [c for c in cells if c.page == page]
        print(f"{page:16s} {sum(c.code_lines for c in mine if c.hidden):4d} of "
              f"{sum(c.code_lines for c in mine):4d} code lines hidden")
    print(f"book: {hidden} of {total} ({hidden / total:.0%})")
    assert total > 1000  # the parser found the book's code
    assert hidden / total <= MAX_HIDDEN_SHARE


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_import_cell_of_each_chapter_is_visible(chapter):
    cells = read_cells(BOOK / f"{chapter}.md")
    first = next(c for c in cells if any(isinstance(n, (ast.Import, ast.ImportFrom)) for n in c.tree().body))
    assert not first.hidden, f"{chapter}: the first cell that imports (line {first.line}) is hidden"
