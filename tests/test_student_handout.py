"""What a teacher hands out works with nothing else: the student repository and the bundle.

Both are exported from the session's student editions (``make student-repository``,
``make student-bundle``). The bundle is unpacked in an empty folder, installed into a fresh
virtual environment (its pinned requirements and the library's wheel, from the package index or
pip's cache) and every notebook in it runs there. The exported repository's requirements install
into the same environment, and a chapter runs from its ``book/`` folder. JupyterLab loads
jupyterlab-myst in that environment.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import NAMED, REPO_ROOT

from origami_book import handout

pytestmark = pytest.mark.book

#: Seconds to install the requirements, and to run all notebooks.
INSTALL_TIMEOUT = 900
RUN_TIMEOUT = 1200

FULL_REPOSITORY = yaml.safe_load((REPO_ROOT / "_config.yml").read_text(encoding="utf-8"))["repository"]["url"]

# Runs the notebooks given on the command line, each in its own folder, two at a time (the CI
# machine has two cores), in the Python that runs it; prints the seconds each took.
RUN_NOTEBOOKS = """
import sys, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

def run(name):
    import nbclient, nbformat
    path = Path(name).resolve()
    start = time.perf_counter()
    notebook = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}}).execute()
    return f"{path.name}: ran in {time.perf_counter() - start:.0f} s"

if __name__ == "__main__":
    names = sorted(sys.argv[1:], key=lambda name: -Path(name).stat().st_size)  # the longest first
    with ProcessPoolExecutor(2) as pool:
        for line in pool.map(run, names):
            print(line, flush=True)
"""


def run(command: list[str], cwd: Path, timeout: int) -> str:
    """Run a command with a clean environment (no test venv on the path); fail with its output."""
    env = {key: value for key, value in os.environ.items()
           if key not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "ORIGAMI_INTERACTIVE", "MPLBACKEND"}}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if not p.startswith(sys.prefix))
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)
    if done.returncode:
        pytest.fail(f"{' '.join(map(str, command))} failed in {cwd}:\n{(done.stdout + done.stderr)[-4000:]}", pytrace=False)
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def repository(named_student_build, tmp_path_factory) -> Path:
    return handout.export_repository(named_student_build, tmp_path_factory.mktemp("handout") / "repository", NAMED)


@pytest.fixture(scope="module")
def bundle(student_build, tmp_path_factory) -> Path:
    """The bundle, unpacked in an empty folder: the folder it holds."""
    archive = handout.export_bundle(student_build, tmp_path_factory.mktemp("handout") / "student-bundle.zip")
    downloads = tmp_path_factory.mktemp("downloads")
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(downloads)
    return downloads / handout.BUNDLE_FOLDER


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A fresh virtual environment: nothing in it but pip."""
    folder = tmp_path_factory.mktemp("venv") / "env"
    run([sys.executable, "-m", "venv", "--without-scm-ignore-files", str(folder)] if sys.version_info >= (3, 13)
        else [sys.executable, "-m", "venv", str(folder)], REPO_ROOT, 120)
    return folder / "bin"


def text_files(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8", errors="replace")
            for path in sorted(folder.rglob("*")) if path.is_file() and path.suffix not in {".whl", ".png", ".woff", ".woff2", ".ttf", ".eot"}}


def test_the_bundle_holds_the_notebooks_the_wheel_pinned_requirements_and_a_readme(bundle, student_build):
    names = {path.name for path in bundle.iterdir()}
    offered = {path.name for path in (student_build / "_sources" / "book").glob("*.ipynb")}
    assert offered and offered <= names, f"missing notebooks: {offered - names}"
    assert "instructors.ipynb" not in names and "README.md" in names
    wheels = [name for name in names if name.endswith(".whl")]
    assert len(wheels) == 1 and wheels[0].startswith("origami-")
    lines = [line.split("#")[0].strip() for line in (bundle / "requirements.txt").read_text().splitlines()]
    lines = [line for line in lines if line]
    assert f"./{wheels[0]}" in lines and all("==" in line for line in lines if not line.endswith(".whl"))
    assert {"jupyterlab", "jupyterlab-myst", "numpy", "myst-nb"} <= {line.split("==")[0] for line in lines}
    assert not any(line.startswith(("-e", "jupyter-book")) for line in lines)
    for name, text in text_files(bundle).items():
        assert not re.search(r"\{solution(-start)?\}", text), f"{name} has a solution"
        assert FULL_REPOSITORY.split("//")[-1] not in text, f"{name} names the full repository"
    with zipfile.ZipFile(bundle / wheels[0]) as wheel:  # its description is the students' README
        metadata = next(wheel.read(n).decode() for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
        packages = {n.split("/")[0] for n in wheel.namelist() if not n.split("/")[0].endswith(".dist-info")}
    assert "student edition" in metadata and "make student" not in metadata
    assert packages == {"origami"}, packages  # the library only: the notebooks never use the book's tooling
    for name in offered:  # the student edition's downloads, with their outputs and answer cells
        assert (bundle / name).read_bytes() == (student_build / "_sources" / "book" / name).read_bytes()


def test_the_student_repository_builds_from_its_own_files_without_solutions(repository, named_student_build):
    config = yaml.safe_load((repository / "_config.yml").read_text(encoding="utf-8"))
    assert config["repository"]["url"] == NAMED
    assert config["sphinx"]["config"]["origami_edition"] == "student"
    for name in ("requirements.txt", "runtime.txt", "postBuild", "pyproject.toml"):
        assert (repository / name).read_bytes() == (REPO_ROOT / name).read_bytes(), f"{name} differs"
    assert os.access(repository / "postBuild", os.X_OK)
    assert (repository / "code" / "origami" / "__init__.py").is_file()
    assert (repository / "code" / "origami_book" / "edition.py").is_file()  # the edition's rules ...
    assert (repository / "book" / "_ext" / "student_edition.py").is_file()  # ... and its Sphinx extension
    assert (repository / "book" / "assets").is_dir() and (repository / "book" / "references.bib").is_file()
    toc = yaml.safe_load((repository / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    assert "book/instructors" not in files
    for docname in files:
        found = [repository / f"{docname}{suffix}" for suffix in (".ipynb", ".md") if (repository / f"{docname}{suffix}").is_file()]
        assert len(found) == 1, f"_toc.yml lists {docname}: found {found}"
    notebooks = sorted((repository / "book").glob("*.ipynb"))
    assert {path.name for path in notebooks} == {path.name for path in (named_student_build / "_sources" / "book").glob("*.ipynb")}
    readme = (repository / "README.md").read_text(encoding="utf-8")
    assert f"git clone {NAMED}.git" in readme and "pip install -r requirements.txt" in readme
    for name, text in text_files(repository).items():
        if name.startswith("code/"):  # the library documents the solution markers it removes
            continue
        assert not re.search(r"\{solution(-start)?\}", text), f"{name} has a solution"
        assert FULL_REPOSITORY.split("//")[-1] not in text, f"{name} names the full repository"
        assert "instructors.html" not in text and "{doc}`instructors`" not in text, f"{name} links to the instructors page"


def test_the_handouts_refuse_a_full_edition(book_build, tmp_path):
    with pytest.raises(ValueError, match="not a student edition"):
        handout.export_bundle(book_build.html, tmp_path / "bundle.zip")


def test_the_bundle_and_the_repository_run_in_a_fresh_virtual_environment(bundle, repository, venv):
    run([str(venv / "python"), "-m", "pip", "install", "--quiet", "-r", "requirements.txt"], bundle, INSTALL_TIMEOUT)
    extensions = run([str(venv / "jupyter"), "labextension", "list"], bundle, 120)
    assert re.search(r"jupyterlab-myst v[\d.]+ \S*enabled\S* \S*OK", extensions), extensions
    located = run([str(venv / "python"), "-c", "import origami; print(origami.__file__)"], bundle, 60)
    assert "site-packages" in located  # the wheel, not this clone
    notebooks = sorted(path.name for path in bundle.glob("*.ipynb"))
    script = bundle.parent / "run_notebooks.py"
    script.write_text(RUN_NOTEBOOKS, encoding="utf-8")
    ran = run([str(venv / "python"), str(script), *notebooks], bundle, RUN_TIMEOUT)
    assert ran.count("ran in") == len(notebooks) >= 6, ran
    print(ran)  # the seconds each notebook took
    # the repository: its own requirements (the library from its own code), then a chapter in book/
    run([str(venv / "python"), "-m", "pip", "install", "--quiet", "-r", "requirements.txt"], repository, INSTALL_TIMEOUT)
    located = run([str(venv / "python"), "-c", "import origami; print(origami.__file__)"], repository / "book", 60)
    assert str(repository / "code" / "origami") in located, located
    run([str(venv / "python"), str(script), "preface.ipynb"], repository / "book", RUN_TIMEOUT)
    cells = json.loads((repository / "book" / "theory.ipynb").read_text(encoding="utf-8"))["cells"]
    assert any("answer" in cell.get("metadata", {}).get("tags", []) for cell in cells)
