"""The book's two editions: the full one, and the student edition with no route to the solutions.

The text and notebook transformations of the two editions; the Sphinx extension
``book/_ext/student_edition.py`` (listed in ``_config.yml``) applies them during a build. The full
edition is the default. With
``ORIGAMI_EDITION=student`` in the environment (or ``origami_edition: student`` in the Sphinx
configuration, as in an exported student repository) the build

- removes every solution (``{solution}`` and ``{solution-start}`` … ``{solution-end}``, with the
  code cells and outputs between them) from the pages, the search index and the downloads, and
  forgets their labels, so that neither ``objects.inv`` nor the proof index points into them;
- leaves out the pages for instructors (:data:`INSTRUCTOR_PAGES`), from the table of contents too;
- points its launch buttons (Binder, Thebe) and its repository button at the repository the
  teacher names (``ORIGAMI_REPOSITORY``, ``make student REPOSITORY=<url>``), and has none of
  them when no repository is named; never an edit or issues button;
- says on every page that this is the student edition, and puts an empty answer cell after each
  exercise of the downloadable notebooks.

In both editions

- ``{edition}`` blocks hold the text that differs between them: the block
  ``{edition} student repository`` is kept in a student edition with a named repository, and so
  on (:func:`build_tags` lists the words). ``{{ repository }}`` and ``{{ repository_name }}`` in
  such a block (code blocks included) become the repository of the edition;
- the downloadable ``.ipynb`` files are the executed notebooks with their outputs, also when the
  chapter came from the execution cache (myst-nb writes them without outputs then), with the
  glued values and figures written into their text (:func:`resolve_glue`; JupyterLab knows no glue).

``make student`` builds the student edition into ``_build/student/_build/html``;
:mod:`origami_book.handout` turns it into a repository and a bundle for students.
"""

from __future__ import annotations

import ast
import copy
import os
import re
from collections.abc import Iterable
from pathlib import Path

__all__ = [
    "EDITION_VARIABLE",
    "REPOSITORY_VARIABLE",
    "EDITIONS",
    "INSTRUCTOR_PAGES",
    "EDITION_WORDS",
    "STUDENT_NOTICE",
    "edition",
    "repository",
    "build_tags",
    "substitutions",
    "substitute",
    "block_wanted",
    "edition_text",
    "strip_solutions",
    "edition_notebook",
    "strip_notebook_solutions",
    "add_answer_cells",
    "book_file",
    "resolve_glue",
    "student_toc",
]
__dir__ = __all__.copy  # dir() lists the public names only

EDITION_VARIABLE = "ORIGAMI_EDITION"
REPOSITORY_VARIABLE = "ORIGAMI_REPOSITORY"
EDITIONS = ("full", "student")
#: Pages of the full edition only (docnames).
INSTRUCTOR_PAGES = ("book/instructors",)
#: The words an ``{edition}`` block may name; it is kept when the build has all of its words.
EDITION_WORDS = ("full", "student", "repository", "no-repository")
#: The notice at the top of every page of the student edition.
STUDENT_NOTICE = "Student edition: the exercises are here, their solutions are not."

_DIRECTIVE = re.compile(r"^\s*(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}[ \t]*(?P<argument>[^\n]*?)\s*$")
_SOLUTIONS = ("solution", "solution-start", "solution-end")
_OPTION = re.compile(r"^\s*:(?P<key>[\w-]+):\s*(?P<value>.*?)\s*$")
_KIND = re.compile(r"\((?P<kind>[a-z]+)\s*,[^)]*\)\s*$")
_GITHUB = re.compile(r"^https://github\.com/[A-Za-z0-9][\w.-]*/[\w.-]+$")


def edition(value: str | None = None) -> str:
    """The edition being built: ``"full"`` (default) or ``"student"``.

    Parameters
    ----------
    value : str, optional
        The edition; by default ``ORIGAMI_EDITION`` from the environment (case-insensitive).

    Raises
    ------
    ValueError
        If it is neither ``full`` nor ``student``.
    """
    if value is None:
        value = os.environ.get(EDITION_VARIABLE, "")
    value = value.strip().lower() or "full"
    if value not in EDITIONS:
        raise ValueError(f"{EDITION_VARIABLE} must be one of {', '.join(EDITIONS)}, got {value!r}")
    return value


def repository(value: str | None = None) -> str | None:
    """The repository a student edition's launch buttons open, or ``None`` for no buttons.

    Parameters
    ----------
    value : str, optional
        A GitHub repository URL, ``https://github.com/ORG/NAME``; by default
        ``ORIGAMI_REPOSITORY`` from the environment (``make student REPOSITORY=...``). Empty
        means none.

    Raises
    ------
    ValueError
        If it is not a GitHub repository URL (Binder and Thebe need one).

    Examples
    --------
    >>> repository("https://github.com/my-course/relu-origami-2027.git/")
    'https://github.com/my-course/relu-origami-2027'
    """
    if value is None:
        value = os.environ.get(REPOSITORY_VARIABLE, "")
    value = value.strip().rstrip("/").removesuffix(".git")
    if not value:
        return None
    if not _GITHUB.match(value):
        raise ValueError(
            f"REPOSITORY ({REPOSITORY_VARIABLE}) must be a GitHub repository URL such as "
            f"https://github.com/ORG/NAME (Binder and Thebe launch from GitHub), got {value!r}"
        )
    return value


def build_tags(edition_name: str, repository_url: str | None) -> frozenset[str]:
    """The words of :data:`EDITION_WORDS` that hold for a build.

    ``repository`` holds when the edition has a repository to point readers to (the full
    edition's own, or the one named for a student edition), ``no-repository`` otherwise.

    Parameters
    ----------
    edition_name : str
        The edition being built: ``full`` or ``student``.
    repository_url : str or None
        The repository a student edition points to (None: none named).

    Returns
    -------
    frozenset of str

    Examples
    --------
    >>> sorted(build_tags("student", None))
    ['no-repository', 'student']
    """
    return frozenset({edition(edition_name), "repository" if repository_url else "no-repository"})


def substitutions(repository_url: str | None) -> dict[str, str]:
    """The values of ``{{ repository }}`` and ``{{ repository_name }}`` in ``{edition}`` blocks.

    Parameters
    ----------
    repository_url : str or None
        The repository's address, such as ``https://github.com/me/course`` (None: both values
        are empty).

    Returns
    -------
    dict of str to str
        ``repository`` and ``repository_name``.
    """
    url = repository_url or ""
    return {"repository": url, "repository_name": url.rstrip("/").split("/")[-1]}


def substitute(line: str, values: dict[str, str]) -> str:
    """``line`` with ``{{ repository }}`` and ``{{ repository_name }}`` replaced by ``values``.

    Parameters
    ----------
    line : str
        A line of an ``{edition}`` block.
    values : dict of str to str
        The substitutions, from :func:`substitutions`.

    Returns
    -------
    str

    Examples
    --------
    >>> substitute("clone {{ repository }}", substitutions("https://github.com/me/course"))
    'clone https://github.com/me/course'
    """
    return re.sub(r"\{\{\s*(repository(?:_name)?)\s*\}\}", lambda m: values[m[1]], line)


def block_wanted(argument: str, tags: frozenset[str]) -> bool:
    """Whether an ``{edition}`` block with words ``argument`` is kept in a build with ``tags``.

    Parameters
    ----------
    argument : str
        The words after ``{edition}``, separated by spaces (``student``, ``full repository``...).
    tags : frozenset of str
        The words that hold for the build (:func:`build_tags`).

    Raises
    ------
    ValueError
        If ``argument`` names no word, or a word not in :data:`EDITION_WORDS`.

    Examples
    --------
    >>> block_wanted("student repository", build_tags("student", None))
    False
    """
    words = argument.split()
    unknown = [word for word in words if word not in EDITION_WORDS]
    if not words or unknown:
        raise ValueError(
            f"an {{edition}} block must name words of {', '.join(EDITION_WORDS)}, got {argument!r}"
        )
    return set(words) <= tags


class _EditionFilter:
    """Resolves the ``{edition}`` blocks of MyST lines and, optionally, drops the solutions.

    Keeps its state across the cells of a notebook.
    """

    def __init__(self, tags: frozenset[str], values: dict[str, str], drop_solutions: bool) -> None:
        self.tags, self.values, self.drop_solutions = tags, values, drop_solutions
        self.inside = False  # between solution-start and solution-end
        self.skipping: str | None = None  # the fence that ends the directive being dropped
        self.unwrapped: list[str] = []  # the fences that end the kept edition blocks

    @property
    def dropping(self) -> bool:
        return self.inside or self.skipping is not None

    def line(self, line: str) -> str | None:
        if self.skipping is not None:
            if line.strip() == self.skipping:
                self.skipping = None
            return None
        if self.unwrapped and line.strip() == self.unwrapped[-1]:
            self.unwrapped.pop()
            return None
        match = _DIRECTIVE.match(line)
        if match and match["name"] == "edition":
            if block_wanted(match["argument"], self.tags) and not self.inside:
                self.unwrapped.append(match["fence"])
            else:
                self.skipping = match["fence"]
            return None
        if match and self.drop_solutions and match["name"] in _SOLUTIONS:
            name = match["name"]
            self.inside = name == "solution-start" or (self.inside and name != "solution-end")
            self.skipping = match["fence"]
            return None
        if self.inside:
            return None
        return substitute(line, self.values) if self.unwrapped else line

    def lines(self, lines: Iterable[str]) -> list[str]:
        return [kept for kept in map(self.line, lines) if kept is not None]


def edition_text(text: str, tags: Iterable[str], repository_url: str | None = None,
                 drop_solutions: bool = False) -> str:
    """MyST markdown ``text`` as an edition shows it.

    Parameters
    ----------
    text : str
        MyST markdown.
    tags : iterable of str
        The words that hold for the edition (:func:`build_tags`).
    repository_url : str, optional
        The value of ``{{ repository }}`` in the kept blocks.
    drop_solutions : bool
        Leave out every solution too (the student edition).

    Examples
    --------
    >>> text = "A\\n```{edition} student\\nB {{ repository_name }}\\n```\\n```{edition} full\\nC\\n```\\n"
    >>> edition_text(text, {"student", "repository"}, "https://github.com/me/course")
    'A\\nB course\\n'
    """
    edition_filter = _EditionFilter(frozenset(tags), substitutions(repository_url), drop_solutions)
    return "".join(edition_filter.lines(text.splitlines(keepends=True)))


def strip_solutions(text: str) -> str:
    """MyST markdown ``text`` without its solutions (``{edition}`` blocks as in the full edition).

    Parameters
    ----------
    text : str
        MyST markdown.

    Returns
    -------
    str

    Examples
    --------
    >>> text = "Q\\n```{solution-start} q\\n:class: dropdown\\n```\\nA\\n```{solution-end}\\n```\\nNext\\n"
    >>> strip_solutions(text)
    'Q\\nNext\\n'
    """
    return edition_text(text, build_tags("full", "x"), drop_solutions=True)


def _source_lines(cell: dict) -> list[str]:
    source = cell.get("source", "")
    return list(source) if isinstance(source, list) else source.splitlines(keepends=True)


def _with_source(cell: dict, lines: list[str], like: object) -> dict:
    return {**cell, "source": lines if isinstance(like, list) else "".join(lines)}


def edition_notebook(notebook: dict, tags: Iterable[str], repository_url: str | None = None,
                     drop_solutions: bool = False) -> dict:
    """A notebook (parsed JSON) as an edition shows it: :func:`edition_text` on its markdown cells.

    Code cells inside a dropped block (a solution, another edition's text) are left out whole.

    Parameters
    ----------
    notebook : dict
        A notebook as parsed JSON (nbformat 4); it is not changed.
    tags : iterable of str
        The words that hold for the edition (:func:`build_tags`).
    repository_url : str, optional
        The value of ``{{ repository }}`` in the kept blocks.
    drop_solutions : bool
        Leave out every solution too (the student edition).

    Returns
    -------
    dict
        A new notebook.
    """
    edition_filter = _EditionFilter(frozenset(tags), substitutions(repository_url), drop_solutions)
    cells = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            if not edition_filter.dropping:
                cells.append(cell)
            continue
        kept = edition_filter.lines(_source_lines(cell))
        if "".join(kept).strip():
            cells.append(_with_source(cell, kept, cell.get("source")))
    return {**notebook, "cells": cells}


def strip_notebook_solutions(notebook: dict) -> dict:
    """A notebook (as parsed JSON) without its solutions: text in markdown cells, whole code cells.

    Parameters
    ----------
    notebook : dict
        A notebook as parsed JSON (nbformat 4); it is not changed.

    Returns
    -------
    dict
        A new notebook.
    """
    return edition_notebook(notebook, build_tags("full", "x"), drop_solutions=True)


def _answer_cell(kind: str, number: int, label: str | None) -> dict:
    """An empty cell for the answer to an exercise: code for computations, text otherwise."""
    cell_id = re.sub(r"[^\w-]", "-", f"answer-{label or number}")[:64]
    metadata = {"tags": ["answer"]}
    if kind in {"computational", "construction"}:
        return {"cell_type": "code", "execution_count": None, "id": cell_id, "metadata": metadata,
                "outputs": [], "source": ""}
    return {"cell_type": "markdown", "id": cell_id, "metadata": metadata, "source": ""}


def add_answer_cells(notebook: dict) -> dict:
    """The notebook with an empty answer cell after each ``{exercise}``.

    A markdown cell is split after each exercise it holds. Computational and construction
    exercises (the kind in the title's parentheses, e.g. ``(computational, ★★)``) get a code
    cell; conceptual and proof exercises a markdown cell. Answer cells are tagged ``answer``.

    Parameters
    ----------
    notebook : dict
        A notebook as parsed JSON (nbformat 4); it is not changed.

    Returns
    -------
    dict
        A new notebook.

    Examples
    --------
    >>> cell = {"cell_type": "markdown", "id": "x", "metadata": {},
    ...         "source": "```{exercise} Sum (computational, ★)\\n:label: ex-sum\\nAdd.\\n```\\nNext"}
    >>> [(c["cell_type"], c["source"]) for c in add_answer_cells({"cells": [cell]})["cells"]]
    [('markdown', '```{exercise} Sum (computational, ★)\\n:label: ex-sum\\nAdd.\\n```\\n'), ('code', ''), ('markdown', 'Next')]
    """
    cells: list[dict] = []
    number = 0
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "markdown":
            cells.append(cell)
            continue
        chunk: list[str] = []
        closing: str | None = None
        kind, label, part = "", None, 0

        def flush(chunk: list[str]) -> None:
            nonlocal part
            if "".join(chunk).strip():
                piece = _with_source(cell, chunk, cell.get("source"))
                if part and "id" in cell:
                    piece["id"] = f"{cell['id']}-{part}"[:64]
                cells.append(piece)
                part += 1

        for line in _source_lines(cell):
            chunk.append(line)
            if closing is None:
                match = _DIRECTIVE.match(line)
                if match and match["name"] == "exercise":
                    closing = match["fence"]
                    found = _KIND.search(match["argument"])
                    kind, label = (found["kind"] if found else ""), None
            elif line.strip() == closing:
                closing = None
                number += 1
                flush(chunk)
                chunk = []
                cells.append(_answer_cell(kind, number, label))
            else:
                option = _OPTION.match(line)
                if option and option["key"] == "label" and label is None:
                    label = option["value"]
        flush(chunk)
    return {**notebook, "cells": cells}


def book_file(name: str, here: Path | None = None) -> Path:
    """A file at the root of the book's repository, as a notebook of the book finds it.

    Parameters
    ----------
    name : str
        The file's path relative to the repository root, e.g. ``"_toc.yml"``.
    here : Path, optional
        The notebook's folder (default: the current directory). Inside ``book/`` the file is
        ``../name``; a downloaded notebook, run anywhere, finds it in the clone the library is
        installed from (``pip install -e .``, as ``requirements.txt`` does).

    Raises
    ------
    FileNotFoundError
        If neither place has it (the library was installed from a wheel, not a clone).
    """
    here = Path.cwd() if here is None else Path(here)
    candidates = [here.parent / name, Path(__file__).resolve().parents[2] / name]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"{name} is neither in {candidates[0].parent} nor in the repository the library was installed "
        f"from; run this notebook in a clone of the book's repository after pip install -r requirements.txt"
    )


_GLUE_ROLE = re.compile(r"\{glue(?::(?:text|md|any))?\}`(?P<name>[^`:]+)(?::(?P<format>[^`]*))?`")


def _glued(notebook: dict) -> dict[str, dict]:
    """The values a notebook glued (myst-nb ``glue``), by name: mime type -> data."""
    found = {}
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            scrap = output.get("metadata", {}).get("scrapbook")
            if scrap and "name" in scrap:
                prefix = scrap.get("mime_prefix", "")
                found[scrap["name"]] = {kind[len(prefix):]: value for kind, value in output.get("data", {}).items()
                                        if kind.startswith(prefix)}
    return found


def _glue_text(data: dict, spec: str | None) -> str:
    text = "".join(data.get("text/markdown") or data.get("text/plain", ""))
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    try:
        return format(value, spec or "")
    except (TypeError, ValueError):
        return text


def resolve_glue(notebook: dict) -> dict:
    """The notebook with its glued values written into the text, for reading outside the book.

    JupyterLab does not know myst-nb's ``{glue:text}`` role or ``{glue:figure}`` directive.
    Each role becomes its value (formatted as the role asks); each figure becomes a markdown
    image (a cell attachment) followed by its caption. Names that were not glued are left as
    they are.

    Parameters
    ----------
    notebook : dict
        An executed notebook as parsed JSON, whose outputs hold myst-nb's glued values; it is
        not changed.

    Returns
    -------
    dict
        A new notebook.
    """
    glued = _glued(notebook)
    cells = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "markdown":
            cells.append(cell)
            continue
        lines, attachments = [], dict(cell.get("attachments", {}))
        figure: dict | None = None
        for line in _source_lines(cell):
            line = _GLUE_ROLE.sub(
                lambda m: _glue_text(glued[m["name"]], m["format"]) if m["name"] in glued else m[0], line)
            if figure is not None:
                if line.strip() == figure["fence"]:
                    data = glued.get(figure["name"], {})
                    if "image/png" in data:
                        attachments[f"{figure['name']}.png"] = {"image/png": data["image/png"]}
                        lines.append(f"![{figure['alt']}](attachment:{figure['name']}.png)\n\n")
                    lines += figure["caption"]
                    figure = None
                else:
                    option = _OPTION.match(line)
                    if option and not figure["caption"]:
                        if option["key"] == "alt":
                            figure["alt"] = option["value"].replace("]", ")").replace("[", "(")
                    else:
                        figure["caption"].append(line)
                continue
            match = _DIRECTIVE.match(line)
            if match and match["name"] == "glue:figure" and match["argument"] in glued:
                figure = {"fence": match["fence"], "name": match["argument"], "alt": "", "caption": []}
                continue
            lines.append(line)
        resolved = _with_source(cell, lines, cell.get("source"))
        if attachments:
            resolved["attachments"] = attachments
        cells.append(resolved)
    return {**notebook, "cells": cells}


def student_toc(toc: dict) -> dict:
    """A Jupyter Book table of contents (parsed ``_toc.yml``) without :data:`INSTRUCTOR_PAGES`.

    Parameters
    ----------
    toc : dict
        The parsed ``_toc.yml`` (sphinx-external-toc format); it is not changed.

    Returns
    -------
    dict
        A new table of contents.
    """
    toc = copy.deepcopy(toc)

    def prune(entries: list) -> list:
        kept = []
        for entry in entries:
            if isinstance(entry, dict) and entry.get("file") in INSTRUCTOR_PAGES:
                continue
            if isinstance(entry, dict):
                for key in ("parts", "chapters", "sections"):
                    if key in entry:
                        entry[key] = prune(entry[key])
            kept.append(entry)
        return kept

    for key in ("parts", "chapters", "sections"):
        if key in toc:
            toc[key] = prune(toc[key])
    return toc
