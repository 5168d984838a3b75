"""The student edition: the same book with every solution left out.

A Sphinx extension (listed in ``_config.yml``). The full edition is the default. With
``ORIGAMI_EDITION=student`` in the environment the build

- removes every solution (``{solution}`` and ``{solution-start}`` … ``{solution-end}``, with
  the code cells and outputs between them) from the pages, and so from the search index;
- removes them from the ``.md`` and ``.ipynb`` files that the download button offers;
- leaves out the buttons that lead to the full sources (repository, edit, issues, Binder;
  Thebe, which runs the page's own cells, stays),
  and says on every page that this is the student edition.

``make student`` builds it into ``_build/student/_build/html``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

EDITION_VARIABLE = "ORIGAMI_EDITION"
EDITIONS = ("full", "student")

_OPEN = re.compile(r"^\s*(?P<fence>`{3,}|:{3,})\{(?P<name>solution|solution-start|solution-end)\}")


def edition() -> str:
    """The edition being built: ``"full"`` (default) or ``"student"``, from ``ORIGAMI_EDITION``."""
    value = os.environ.get(EDITION_VARIABLE, "full").strip().lower() or "full"
    if value not in EDITIONS:
        raise ValueError(f"{EDITION_VARIABLE} must be one of {', '.join(EDITIONS)}, got {value!r}")
    return value


class _SolutionFilter:
    """Drops the lines of MyST solutions; keeps its state across notebook cells."""

    def __init__(self) -> None:
        self.inside = False  # between solution-start and solution-end
        self.closing: str | None = None  # the fence that ends the directive being skipped

    def keep(self, line: str) -> bool:
        if self.closing is not None:
            if line.strip() == self.closing:
                self.closing = None
            return False
        match = _OPEN.match(line)
        if match:
            name = match["name"]
            self.inside = name == "solution-start" or (self.inside and name != "solution-end")
            self.closing = match["fence"]
            return False
        return not self.inside

    def lines(self, lines: Iterable[str]) -> Iterator[str]:
        return (line for line in lines if self.keep(line))


def strip_solutions(text: str) -> str:
    """MyST markdown ``text`` without its solutions.

    Examples
    --------
    >>> text = "Q\\n```{solution-start} q\\n:class: dropdown\\n```\\nA\\n```{solution-end}\\n```\\nNext\\n"
    >>> strip_solutions(text)
    'Q\\nNext\\n'
    """
    return "".join(_SolutionFilter().lines(text.splitlines(keepends=True)))


def strip_notebook_solutions(notebook: dict) -> dict:
    """A notebook (as parsed JSON) without its solutions: text in markdown cells, whole code cells."""
    solutions = _SolutionFilter()
    cells = []
    for cell in notebook.get("cells", []):
        source = cell.get("source", "")
        lines = source if isinstance(source, list) else source.splitlines(keepends=True)
        if cell.get("cell_type") == "code":
            if not solutions.inside:
                cells.append(cell)
            continue
        kept = list(solutions.lines(lines))
        if "".join(kept).strip():
            cells.append({**cell, "source": kept if isinstance(source, list) else "".join(kept)})
    return {**notebook, "cells": cells}


def _strip_downloads(folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.suffix in {".md", ".txt"}:
            path.write_text(strip_solutions(path.read_text(encoding="utf-8")), encoding="utf-8")
        elif path.suffix == ".ipynb":
            notebook = json.loads(path.read_text(encoding="utf-8"))
            path.write_text(json.dumps(strip_notebook_solutions(notebook), indent=1), encoding="utf-8")


def _configure(app, config) -> None:
    if edition() != "student":
        return
    config.html_title = f"{config.html_title} — student edition"
    options = dict(config.html_theme_options)
    # Keep Thebe (it runs the page's own cells) and with it the .ipynb download; drop Binder,
    # which opens the full sources.
    launch = {key: value for key, value in options.get("launch_buttons", {}).items()
              if key not in {"binderhub_url", "jupyterhub_url", "colab_url", "jupyterlite_url"}}
    options.update(
        use_repository_button=False,
        use_edit_page_button=False,
        use_issues_button=False,
        launch_buttons=launch,
        announcement="Student edition: the exercises are here, their solutions are not.",
    )
    config.html_theme_options = options


def _remove_solutions(app, doctree) -> None:
    from sphinx_exercise.nodes import solution_end_node, solution_node, solution_start_node

    if edition() != "student":
        return
    for node in list(doctree.findall(lambda n: isinstance(n, (solution_node, solution_start_node, solution_end_node)))):
        node.parent.remove(node)


def _finish(app, exception) -> None:
    if exception is None and edition() == "student" and app.builder.format == "html":
        _strip_downloads(Path(app.outdir) / "_sources")


def setup(app) -> dict:
    """Register the extension with Sphinx."""
    edition()  # a wrong ORIGAMI_EDITION fails the build at once, with its name
    app.setup_extension("sphinx_exercise")
    app.connect("config-inited", _configure)
    app.connect("doctree-read", _remove_solutions)
    app.connect("build-finished", _finish)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
