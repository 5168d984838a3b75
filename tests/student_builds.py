"""The student edition, built twice per session from the full build's execution cache (pytest plugin).

``student_build`` has no repository (``make student``: no launch or repository buttons at all);
``named_student_build`` names one, as a teacher does (``make student REPOSITORY=...``). Nothing
runs again (the code is the full edition's), so each build takes seconds. Test modules that use
them say ``pytest_plugins = ["student_builds"]``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO_ROOT, jupyter_book_command, log_tail

#: The repository a teacher names in these tests.
NAMED = "https://github.com/example-course/relu-origami-2027"


def build_student_edition(book_build, output: Path, repository: str = "") -> Path:
    """Build the student edition into ``output`` from the full build's execution cache."""
    cache = book_build.output / "_build" / ".jupyter_cache"
    if cache.is_dir():
        shutil.copytree(cache, output / "_build" / ".jupyter_cache")
    command = jupyter_book_command() + ["build", "-W", "-n", "--keep-going", str(REPO_ROOT), "--path-output", str(output)]
    done = subprocess.run(
        command, cwd=REPO_ROOT, env=dict(os.environ, ORIGAMI_EDITION="student", ORIGAMI_REPOSITORY=repository),
        capture_output=True, text=True, stdin=subprocess.DEVNULL,
    )
    if done.returncode:
        pytest.fail(f"the student edition failed to build:\n{log_tail(done.stdout + done.stderr)}", pytrace=False)
    return output / "_build" / "html"


@pytest.fixture(scope="session")
def student_build(book_build, tmp_path_factory) -> Path:
    """The student edition without a repository (``make student``)."""
    return build_student_edition(book_build, tmp_path_factory.mktemp("student"))


@pytest.fixture(scope="session")
def named_student_build(book_build, tmp_path_factory) -> Path:
    """The student edition whose buttons open the teacher's repository (``make student REPOSITORY=...``)."""
    return build_student_edition(book_build, tmp_path_factory.mktemp("student-named"), NAMED)
