"""The student repository and the student bundle, made from a built student edition.

Both hold the notebooks that the student edition offers for download (executed, with their
outputs, without solutions, with an empty answer cell after each exercise):

- :func:`export_repository` writes a folder a teacher pushes as the course's repository (the
  ``REPOSITORY`` of ``make student``): the chapters as notebooks in ``book/``, the library and
  the book's tooling with its Sphinx extensions, the pinned requirements, Binder's files, ``_config.yml`` and ``_toc.yml`` (it builds as a book of
  the student edition) and a README for students;
- :func:`export_bundle` writes a zip to hand out: the notebooks, the library ``origami`` as a wheel
  (without ``origami_book``: the notebooks do not use it), a pinned
  ``requirements.txt`` that installs it, and a README.

``make student-repository`` and ``make student-bundle`` run them on ``make student``'s output::

    python -m origami_book.handout repository SITE OUT [--repository URL]
    python -m origami_book.handout bundle SITE OUT.zip
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import yaml

from origami_book import edition

__all__ = [
    "ROOT",
    "BOOK_ONLY",
    "COPIED",
    "BOOK_FOLDERS",
    "BUNDLE_FOLDER",
    "student_pages",
    "runtime_requirements",
    "export_repository",
    "build_wheel",
    "export_bundle",
    "main",
]
__dir__ = __all__.copy  # dir() lists the public names only

#: The repository's root (the clone the library is installed from).
ROOT = Path(__file__).resolve().parents[2]
#: Requirements that only build the website; a student running the notebooks needs none of them.
BOOK_ONLY = ("jupyter-book", "sphinx-proof", "sphinx-exercise", "sphinxcontrib-bibtex")
#: Files of the repository copied as they are into the student repository.
COPIED = ("pyproject.toml", "requirements.txt", "runtime.txt", "postBuild", "book/references.bib")
#: Folders of the book copied into the student repository: its web assets and Sphinx extensions.
BOOK_FOLDERS = ("book/assets", "book/_ext")
#: The bundle's top folder (and the zip's name stem in the README).
BUNDLE_FOLDER = "relu-origami-student"

_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")


def student_pages(site: Path, root: Path = ROOT) -> list[tuple[str, Path]]:
    """The student edition's pages, in book order, each with its download (``.ipynb`` if any).

    Parameters
    ----------
    site : Path
        The built student edition (``_build/student/_build/html``).
    root : Path
        The book's repository (for ``_toc.yml``).

    Raises
    ------
    ValueError
        If ``site`` is not a built student edition (no downloads, or a solution in one).
    """
    site = Path(site)
    sources = site / "_sources"
    if not sources.is_dir():
        raise ValueError(f"site: {site} has no _sources folder; build it with make student")
    toc = edition.student_toc(yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8")))
    if not _is_student(site):
        raise ValueError(f"site: {site} is not a student edition; build it with make student")
    pages = []
    for docname in _docnames(toc):
        found = [sources / f"{docname}{suffix}" for suffix in (".ipynb", ".md")]
        found = [path for path in found if path.is_file()]
        if not found:
            raise ValueError(f"site: {site} offers no download of {docname}; build it with make student")
        text = found[0].read_text(encoding="utf-8")
        if re.search(r"\{solution(-start)?\}", text):
            raise ValueError(f"site: {site} is not a student edition ({docname} has solutions); use make student")
        pages.append((docname, found[0]))
    return pages


def _is_student(site: Path) -> bool:
    """Whether a built site is a student edition (its pages carry the notice)."""
    return any(edition.STUDENT_NOTICE in page.read_text(encoding="utf-8") for page in site.glob("book/*.html"))


def _docnames(toc: dict) -> list[str]:
    names = [toc["root"]]

    def walk(entries: list) -> None:
        for entry in entries:
            if "file" in entry:
                names.append(entry["file"])
            for key in ("parts", "chapters", "sections"):
                walk(entry.get(key, []))

    for key in ("parts", "chapters", "sections"):
        walk(toc.get(key, []))
    return names


def runtime_requirements(root: Path = ROOT) -> list[str]:
    """The pinned requirements a student needs to run the notebooks (no book builder, no library).

    Parameters
    ----------
    root : Path
        The project's root folder, holding ``requirements.txt``.

    Returns
    -------
    list of str
        Lines ``name==version``.

    Examples
    --------
    >>> any(line.startswith("numpy==") for line in runtime_requirements())
    True
    """
    lines = []
    for line in (root / "requirements.txt").read_text(encoding="utf-8").splitlines():
        requirement = line.split("#")[0].strip()
        name = re.split(r"[=<>!~\[ ]", requirement)[0].lower()
        if requirement and not requirement.startswith("-") and name not in BOOK_ONLY:
            lines.append(requirement)
    return lines


def _student_config(root: Path, repository: str | None) -> str:
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    if repository:
        config["repository"] = {"url": repository, "branch": "main", "path_to_book": ""}
    else:
        config.pop("repository", None)
        config.pop("launch_buttons", None)
        for key in ("use_repository_button", "use_issues_button", "use_edit_page_button"):
            config.get("html", {}).pop(key, None)
    sphinx_config = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx_config["origami_edition"] = "student"
    sphinx_config["origami_repository"] = repository or ""
    header = ("# Jupyter Book configuration of the student edition of ReLU Origami (no solutions).\n"
              "# Build the website: jupyter-book build .   (into _build/html)\n")
    return header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def _readme(repository: str | None, pages: list[tuple[str, Path]], bundle: bool) -> str:
    chapters = "\n".join(f"- `{'' if bundle else 'book/'}{path.name}`" for _, path in pages)
    if bundle:
        where = f"Unzip the bundle and open a terminal in its folder (`{BUNDLE_FOLDER}`)."
    elif repository:
        where = (f"Open it in the cloud: [Binder](https://mybinder.org/v2/gh/{repository.split('github.com/')[1]}/main)"
                 f" (no installation). Or on your computer, in a terminal:\n\n"
                 f"```bash\ngit clone {repository}.git\ncd {repository.rstrip('/').split('/')[-1]}\n```")
    else:
        where = "Open a terminal in this repository's folder."
    return f"""# ReLU Origami — student edition

An open, executable textbook on why a neural network with ReLU activations computes a continuous
piecewise linear function. This edition has every exercise and no solutions. Each chapter is a
Jupyter notebook with its outputs; an empty cell follows each exercise, for your answer, and
every computational exercise ends with an `origami.check` call that tells you whether your
answer is right.

## Run the chapters

{where}

You need Python 3.10 or newer. In the folder:

```bash
python -m venv .venv
.venv/bin/pip install -r requirements.txt   # on Windows: .venv\\Scripts\\pip install -r requirements.txt
.venv/bin/jupyter lab                       # on Windows: .venv\\Scripts\\jupyter lab
```

JupyterLab opens in your browser; open a chapter there. The requirements include
jupyterlab-myst, so exercises, theorems and maths show as on the book's website. Save your work
in the notebook (File → Save): it keeps your answers and their outputs.

## The chapters

{chapters}

Text and figures: CC BY 4.0. Code: MIT.
"""


def export_repository(site: Path, out: Path, repository: str | None = None, root: Path = ROOT) -> Path:
    """Write the student repository into ``out`` (replaced if it exists) and return it.

    Parameters
    ----------
    site : Path
        The built student edition whose downloads become the chapters.
    out : Path
        The folder to write.
    repository : str, optional
        The URL the repository will be pushed to (``REPOSITORY``); its launch buttons and README
        point there.
    root : Path
        The book's repository.

    Raises
    ------
    ValueError
        If ``site`` is not a built student edition, or ``repository`` not a GitHub URL.
    """
    repository = edition.repository(repository or "")
    pages = student_pages(site, root)
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    (out / "book").mkdir(parents=True)
    for docname, path in pages:
        shutil.copy2(path, out / docname.split("/")[0] / path.name if "/" in docname else out / path.name)
    shutil.copytree(root / "code", out / "code", ignore=_IGNORED)  # the library and the book's tooling
    for folder in BOOK_FOLDERS:
        shutil.copytree(root / folder, out / folder, ignore=_IGNORED)
    for name in COPIED:
        shutil.copy2(root / name, out / name)
    (out / "_config.yml").write_text(_student_config(root, repository), encoding="utf-8")
    toc = edition.student_toc(yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8")))
    (out / "_toc.yml").write_text("# Table of contents of the student edition.\n"
                                  + yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    (out / "README.md").write_text(_readme(repository, pages, bundle=False), encoding="utf-8")
    (out / ".gitignore").write_text("_build/\n.venv/\n.ipynb_checkpoints/\n__pycache__/\n", encoding="utf-8")
    return out


def build_wheel(folder: Path, root: Path = ROOT) -> Path:
    """Build the ``origami`` wheel of the project in ``root`` into ``folder`` with pip; return its path.

    Parameters
    ----------
    folder : Path
        Where the wheel is written (created by pip if missing).
    root : Path
        The project's root folder, holding ``pyproject.toml``.

    Returns
    -------
    Path
        The wheel file.

    Raises
    ------
    RuntimeError
        If pip fails or writes no wheel; the message holds the end of pip's output.
    """
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(folder), str(root)],
                          capture_output=True, text=True)
    wheels = sorted(folder.glob("origami-*.whl"))
    if done.returncode or not wheels:
        raise RuntimeError(f"pip wheel failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return wheels[-1]


def export_bundle(site: Path, out: Path, root: Path = ROOT) -> Path:
    """Write the student bundle, a zip with one folder :data:`BUNDLE_FOLDER`, and return its path.

    Parameters
    ----------
    site : Path
        The built student edition whose downloads become the notebooks.
    out : Path
        The zip file to write (replaced if it exists).
    root : Path
        The book's repository (the library and its requirements).

    Raises
    ------
    ValueError
        If ``site`` is not a built student edition.
    """
    pages = [(docname, path) for docname, path in student_pages(site, root) if path.suffix == ".ipynb"]
    out = Path(out)
    readme = _readme(None, pages, bundle=True)
    with tempfile.TemporaryDirectory() as scratch:
        # the wheel from the library alone (students run notebooks; the book's tooling,
        # origami_book, builds and hands out the book and works on a clone only) and the
        # students' README (its description), not this repository's
        source = Path(scratch) / "source"
        shutil.copytree(root / "code" / "origami", source / "code" / "origami", ignore=_IGNORED)
        shutil.copy2(root / "pyproject.toml", source / "pyproject.toml")
        (source / "README.md").write_text(readme, encoding="utf-8")
        wheel = build_wheel(Path(scratch) / "wheel", source)
        requirements = ["# Everything the notebooks need, pinned to the versions the book was built with.",
                        "# In this folder: pip install -r requirements.txt", *runtime_requirements(root),
                        f"./{wheel.name}  # the origami library"]
        files = {f"{BUNDLE_FOLDER}/{path.name}": path.read_bytes() for _, path in pages}
        files[f"{BUNDLE_FOLDER}/{wheel.name}"] = wheel.read_bytes()
        files[f"{BUNDLE_FOLDER}/requirements.txt"] = ("\n".join(requirements) + "\n").encode()
        files[f"{BUNDLE_FOLDER}/README.md"] = readme.encode()
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in sorted(files.items()):
                archive.writestr(name, data)
    return out


def main(argv: list[str] | None = None) -> None:
    """The command line of ``make student-repository`` and ``make student-bundle``.

    Parameters
    ----------
    argv : list of str, optional
        The command-line arguments (default: ``sys.argv[1:]``): the command, ``repository`` or
        ``bundle``, and its options (``--help`` lists them).
    """
    parser = argparse.ArgumentParser(prog="python -m origami_book.handout", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    repo = commands.add_parser("repository", help="export the student repository")
    repo.add_argument("site", type=Path)
    repo.add_argument("out", type=Path)
    repo.add_argument("--repository", default="")
    bundle = commands.add_parser("bundle", help="export the student bundle (zip)")
    bundle.add_argument("site", type=Path)
    bundle.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    if args.command == "repository":
        written = export_repository(args.site, args.out, args.repository)
    else:
        written = export_bundle(args.site, args.out)
    print(f"wrote {written}")


if __name__ == "__main__":
    main()
