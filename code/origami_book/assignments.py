"""Autograded assignments: otter-grader notebooks built from the chapters' own exercises.

Book tooling, like :mod:`origami_book.syllabus`. For a teaching chapter this module writes an otter
**master notebook**: the chapter itself, read with jupytext, in which

- every exercise with a ``**Check yourself:**`` paragraph becomes an autograded question: the
  exercise is its prompt, its solution block (prose and code) the solution, and each
  ``origami.check`` call of the paragraph one test (one point), which passes when the check
  answers ✅; the student's version keeps a stub ``my_answer = ...`` for every ``my_…`` name
  the checks use;
- every other exercise becomes a manually graded question whose solution is left out of the
  student's version, worth the points of its rubric (see :mod:`origami_book.syllabus`); the written
  part of an autograded proof or construction is marked by hand with its rubric as well;
- everything else (text, the chapter's code) is kept as it is, so a question can use the
  chapter's networks.

``otter assign`` then turns the master into the student notebook and the autograder zip
(Gradescope-compatible; ``otter run`` grades a submission with it locally). Nothing in an
exercise is copied by hand: change the chapter and rebuild. ``make assignments`` runs::

    python -m origami_book.assignments _toc.yml _build/assignments

which writes ``_build/assignments/<chapter>/student/<chapter>.ipynb``,
``.../autograder/<chapter>.ipynb`` (the solution notebook) and
``.../autograder/<chapter>-autograder.zip`` for every teaching chapter, and the graders'
rubrics as ``_build/assignments/rubrics.csv``.
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
from pathlib import Path

from . import syllabus

__all__ = [
    "question_name",
    "answer_names",
    "master_notebook",
    "build_assignment",
    "write_rubrics",
    "main",
]
__dir__ = __all__.copy  # dir() lists the public names only

_FENCE_OPEN = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>exercise|solution-start|solution-end)\}\s*(?P<arg>.*?)\s*$")
_ANSWER = re.compile(r"\bmy_\w+")
_SKIPPED_REQUIREMENTS = re.compile(r"^\s*(-e\b|jupyter-book|sphinx|#)|^\s*$")


def question_name(label: str) -> str:
    """The otter question name of an exercise label: ``ex-theory-p-units`` -> ``ex_theory_p_units``.

    Parameters
    ----------
    label : str
        An exercise label, such as ``ex-theory-p-units``.

    Returns
    -------
    str
    """
    return label.replace("-", "_")


def answer_names(checks) -> list[str]:
    """The ``my_…`` names that the check calls read, in order of first use.

    Parameters
    ----------
    checks : iterable of str
        The source lines of an exercise's check calls (``origami.check.…(...)``).

    Returns
    -------
    list of str
        Each ``my_…`` name once.

    Examples
    --------
    >>> answer_names(["origami.check.kinks(my_kinks(deep, I), deep, I)", "f(my_net, my_kinks)"])
    ['my_kinks', 'my_net']
    """
    names: list[str] = []
    for call in checks:
        names += [name for name in _ANSWER.findall(call) if name not in names]
    return names


def _segments(notebook) -> list[tuple]:
    """The chapter as ("text" | "exercise" | "solution-text" | "code", label, payload) in order.

    ``label`` is the exercise's label for an exercise and for the prose and code of its solution,
    otherwise None; ``payload`` is the markdown text or the code cell.
    """
    out: list[tuple] = []
    solution: str | None = None
    for cell in notebook.cells:
        if cell.cell_type == "code":
            out.append(("code", solution, cell))
            continue
        lines = cell.source.splitlines(keepends=True)
        buffer: list[str] = []

        def flush() -> None:
            if "".join(buffer).strip():
                out.append(("solution-text" if solution else "text", solution, "".join(buffer)))
            buffer.clear()

        i = 0
        while i < len(lines):
            match = _FENCE_OPEN.match(lines[i])
            if not match:
                buffer.append(lines[i])
                i += 1
                continue
            end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == match["fence"]), None)
            if end is None:
                raise ValueError(f"the {match['name']} directive at {lines[i].strip()!r} is not closed in one cell")
            flush()
            block = lines[i : end + 1]
            if match["name"] == "exercise":
                out.append(("exercise", None, "".join(block)))  # labelled in master_notebook
            elif match["name"] == "solution-start":
                solution = match["arg"].split()[0]
            else:
                solution = None
            i = end + 1
        flush()
    return out


def _config(name: str) -> str:
    return "\n".join([
        "# ASSIGNMENT CONFIG",
        f"name: {name}",
        "init_cell: true",
        "check_all_cell: false",
        "export_cell: false",
        "run_tests: false",
        "solutions_pdf: false",
        "requirements: requirements.txt",
        "files:",
        "  - origami",
    ]) + "\n"


def _test_source(call: str) -> str:
    return f"_feedback = {call}\nassert _feedback.correct, str(_feedback)"


def master_notebook(chapter_path: str | Path, name: str | None = None):
    """The otter master notebook of a chapter (an ``nbformat`` notebook).

    Parameters
    ----------
    chapter_path : str or Path
        The chapter's MyST markdown file.
    name : str, optional
        The assignment's name (default: the file name without suffix).

    Raises
    ------
    ValueError
        If the chapter has no exercise, if a solution does not follow its exercise directly (it
        could reach the student's notebook), or if an exercise's check call does not appear in
        its solution (then the solution notebook could not pass its own tests).
    """
    import jupytext
    import nbformat

    path = Path(chapter_path)
    chapter = syllabus.read_chapter(path)
    if not chapter.exercises:
        raise ValueError(f"{path} has no exercises to assign")
    exercises = {exercise.label: exercise for exercise in chapter.exercises}
    notebook = jupytext.read(path, fmt="md:myst")
    v4 = nbformat.v4
    cells = [v4.new_raw_cell(_config(name or path.stem))]
    solved: set[str] = set()
    current: str | None = None  # the question whose solution is being copied

    def close(label: str) -> None:
        exercise = exercises[label]
        cells.append(v4.new_raw_cell("# END SOLUTION"))
        if exercise.checks:
            cells.append(v4.new_raw_cell("# BEGIN TESTS"))
            cells.extend(v4.new_code_cell(_test_source(call)) for call in exercise.checks)
            cells.append(v4.new_raw_cell("# END TESTS"))
        cells.append(v4.new_raw_cell("# END QUESTION"))

    segments = _segments(notebook)
    in_order = iter(chapter.exercises)  # the exercise blocks, as origami_book.syllabus reads them
    for kind, label, payload in segments:
        if kind == "exercise":
            label = next(in_order).label
            if f":label: {label}\n" not in payload:
                raise ValueError(f"{path}: the exercise blocks and {label!r} are out of step")
            if current is not None:
                close(current)
            exercise = exercises[label]
            graded = bool(exercise.checks)
            points = len(exercise.checks) if graded else max(1, exercise.rubric_points)
            config = f"# BEGIN QUESTION\nname: {question_name(label)}\npoints: {points}\n"
            cells.append(v4.new_raw_cell(config + ("" if graded else "manual: true\n")))
            cells.append(v4.new_markdown_cell(payload))
            cells.append(v4.new_raw_cell("# BEGIN SOLUTION"))
            current = label
            if graded:
                stubs = "\n".join(f"{answer} = ..." for answer in answer_names(exercise.checks))
                cells.append(v4.new_code_cell(f'""" # BEGIN PROMPT\n{stubs}\n"""; # END PROMPT'))
                if exercise.kind in syllabus.RUBRIC_KINDS:  # the written part, marked by hand
                    cells.append(v4.new_markdown_cell(
                        "_Your written answer (marked by hand with its rubric)._",
                        metadata={"tags": ["otter_include"]}))
            else:
                cells.append(v4.new_markdown_cell("_Your answer._"))
            continue
        if label is not None and label != current:  # kept as chapter code, it would reach students
            raise ValueError(f"{path}: the solution of {label!r} does not follow its exercise directly")
        if label is not None:
            if kind == "code":
                solved.update(call for call in exercises[label].checks if call in payload.source)
                source = f"# BEGIN SOLUTION NO PROMPT\n{payload.source}\n# END SOLUTION"
                cells.append(v4.new_code_cell(source, metadata=payload.metadata))
            else:
                cells.append(v4.new_markdown_cell(payload))
            continue
        if current is not None:
            close(current)
            current = None
        if kind == "code":
            cells.append(v4.new_code_cell(payload.source, metadata=payload.metadata))
        else:
            cells.append(v4.new_markdown_cell(payload))
    if current is not None:
        close(current)
    if next(in_order, None) is not None:
        raise ValueError(f"{path}: an exercise of the chapter was not found as a block of its own")
    unsolved = [(e.label, call) for e in chapter.exercises for call in e.checks if call not in solved]
    if unsolved:
        raise ValueError(f"{path}: these check calls do not appear in their exercise's solution: {unsolved}")
    return v4.new_notebook(cells=cells, metadata={"kernelspec": notebook.metadata.get("kernelspec", {
        "name": "python3", "display_name": "Python 3", "language": "python"})})


def _requirements(repository: Path) -> str:
    lines = (repository / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not _SKIPPED_REQUIREMENTS.match(line)) + "\n"


def build_assignment(chapter_path: str | Path, out_dir: str | Path, repository: str | Path = ".") -> Path:
    """Write a chapter's otter assignment into ``out_dir`` with ``otter assign``.

    Parameters
    ----------
    chapter_path : str or Path
        The chapter's MyST markdown file.
    out_dir : str or Path
        Receives ``source/`` (the master notebook, the library, the requirements),
        ``student/<name>.ipynb`` and ``autograder/`` (the solution notebook and
        ``<name>-autograder.zip``).
    repository : str or Path
        The book's repository (for ``requirements.txt`` and ``code/origami``).

    Returns
    -------
    Path
        The autograder zip.

    Raises
    ------
    RuntimeError
        If ``otter assign`` fails (naming the chapter).
    """
    import nbformat

    path, out, repository = Path(chapter_path), Path(out_dir), Path(repository)
    name = path.stem
    if out.exists():
        shutil.rmtree(out)
    source = out / "source"
    source.mkdir(parents=True)
    nbformat.write(master_notebook(path, name), source / f"{name}.ipynb")
    (source / "requirements.txt").write_text(_requirements(repository), encoding="utf-8")
    shutil.copytree(repository / "code" / "origami", source / "origami",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    from otter.assign import main as otter_assign  # imported here: only `make assignments` needs it

    try:
        otter_assign(str(source / f"{name}.ipynb"), str(out.resolve()), no_pdfs=True)
    except Exception as exc:  # otter raises many kinds; name the chapter
        raise RuntimeError(f"otter assign failed for {path}: {exc}") from exc
    (zipped,) = (out / "autograder").glob(f"{name}-autograder_*.zip")
    return zipped.rename(zipped.with_name(f"{name}-autograder.zip"))


def write_rubrics(chapters, path: str | Path) -> Path:
    """Write every rubric of the ``chapters`` (``syllabus.Chapter``) as a CSV table for graders.

    Columns: chapter, exercise, title, kind, criterion, points; one row per criterion.

    Parameters
    ----------
    chapters : iterable of syllabus.Chapter
        The chapters whose exercises' rubrics are written.
    path : str or Path
        The CSV file to write (its folder must exist).

    Returns
    -------
    Path
        ``path``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        table = csv.writer(handle)
        table.writerow(["chapter", "exercise", "title", "kind", "criterion", "points"])
        for chapter in chapters:
            for exercise in chapter.exercises:
                for points, criterion in exercise.rubric:
                    table.writerow([chapter.docname, exercise.label, exercise.title, exercise.kind,
                                    criterion, points])
    return path


def main(argv: list[str] | None = None) -> None:
    """Build the assignment of every teaching chapter, and the rubrics, from a ``_toc.yml``.

    Parameters
    ----------
    argv : list of str, optional
        The command-line arguments (default: ``sys.argv[1:]``): the ``_toc.yml``, the output
        folder and any number of ``--chapter NAME``.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("toc", type=Path, help="the book's _toc.yml")
    parser.add_argument("out", type=Path, help="the folder for the assignments, e.g. _build/assignments")
    parser.add_argument("--chapter", action="append", help="only these chapters (file names without suffix)")
    args = parser.parse_args(argv)
    chapters = [chapter for chapter in syllabus.read_book(args.toc) if chapter.exercises]
    repository = args.toc.parent
    chosen = [c for c in chapters if not args.chapter or Path(c.docname).name in args.chapter]
    for chapter in chosen:  # one after the other: otter assign changes the working directory
        name = Path(chapter.docname).name
        print(f"{name}: {build_assignment(repository / f'{chapter.docname}.md', args.out / name, repository)}")
    print(f"rubrics: {write_rubrics(chapters, args.out / 'rubrics.csv')}")


if __name__ == "__main__":
    main()
