"""Shared pytest configuration: the ``book`` marker and a strict build of the book.

The ``book_build`` fixture builds the whole Jupyter Book once per test session, the way
CI and the publishing workflow do (``jupyter-book build --all -W -n --keep-going``), into
a temporary ``--path-output``. The execution cache therefore starts empty and every
chapter really runs; nothing is written into the repository's own ``_build/``.

Tests that build or execute the book are marked ``book``; deselect them with
``pytest -m "not book"`` for a quick run of the library tests.
"""

from __future__ import annotations

import dataclasses
import functools
import http.server
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

# Seconds the whole strict build may take before the fixture gives up. Each cell is
# also limited by `execute: timeout` in _config.yml. Override with BOOK_BUILD_TIMEOUT.
BUILD_TIMEOUT = int(os.environ.get("BOOK_BUILD_TIMEOUT", "1800"))

# Lines of the build log shown when the build fails.
LOG_TAIL_LINES = 40

_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# Sphinx's "path:line: WARNING: ..." and "ERROR: ..." lines (not the kernel's "[IPKernelApp] WARNING |").
_PROBLEM = re.compile(r"\b(WARNING|ERROR|CRITICAL|SEVERE):")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "book: builds or executes the Jupyter Book (slow); deselect with -m 'not book'",
    )
    config.addinivalue_line("markers", "browser: drives Debian's chromium with Playwright")


@dataclasses.dataclass(frozen=True)
class BookBuild:
    """The result of one strict build of the book."""

    source: Path  # the book's root (the repository root)
    output: Path  # the --path-output folder
    html: Path  # the built site, output/_build/html
    log: str  # stdout and stderr of the build, ANSI colours removed
    seconds: float  # wall-clock time of the build


def jupyter_book_command() -> list[str]:
    """The ``jupyter-book`` command of the Python that runs the tests."""
    return [sys.executable, "-c", "import sys; from jupyter_book.cli.main import main; sys.exit(main())"]


def log_tail(log: str, lines: int = LOG_TAIL_LINES) -> str:
    return "\n".join(log.splitlines()[-lines:])


def _execution_reports(output: Path) -> str:
    """The tracebacks myst-nb saved for chapters whose execution failed."""
    reports = sorted((output / "_build" / "html" / "reports").rglob("*.err.log"))
    return "".join(
        f"\n\n--- {report.name} (tail) ---\n{log_tail(_ANSI_ESCAPE.sub('', report.read_text(errors='replace')), 40)}"
        for report in reports
    )


@pytest.fixture(scope="session")
def book_build(tmp_path_factory: pytest.TempPathFactory) -> BookBuild:
    """Build the whole book strictly, once, with an empty execution cache."""
    output = tmp_path_factory.mktemp("book")
    command = jupyter_book_command() + [
        "build",
        "--all",  # rebuild every page
        "-W",  # warnings are errors
        "-n",  # nitpicky: every cross-reference must resolve
        "--keep-going",  # report all warnings, not only the first
        str(REPO_ROOT),
        "--path-output",
        str(output),
    ]
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    start = time.perf_counter()
    # A session of its own, so that a timeout also ends the kernels the build started.
    process = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        out, _ = process.communicate(timeout=BUILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, _ = process.communicate()
        pytest.fail(
            f"jupyter-book build took more than {BUILD_TIMEOUT} s (BOOK_BUILD_TIMEOUT); "
            f"log tail:\n{log_tail(_ANSI_ESCAPE.sub('', out or ''))}",
            pytrace=False,
        )
    seconds = time.perf_counter() - start
    log = _ANSI_ESCAPE.sub("", out)
    (output / "build.log").write_text(log, encoding="utf-8")
    if process.returncode != 0:
        problems = [line for line in log.splitlines() if _PROBLEM.search(line)]
        pytest.fail(
            f"jupyter-book build failed (exit {process.returncode}) after {seconds:.0f} s; "
            f"full log in {output / 'build.log'}\n\n"
            + ("problems:\n" + "\n".join(problems[:60]) + "\n\n" if problems else "")
            + f"log tail:\n{log_tail(log)}"
            + _execution_reports(output),
            pytrace=False,
        )
    html = output / "_build" / "html"
    if not (html / "index.html").is_file():
        pytest.fail(f"the build wrote no {html / 'index.html'}; log tail:\n{log_tail(log)}", pytrace=False)
    return BookBuild(source=REPO_ROOT, output=output, html=html, log=log, seconds=seconds)


# --------------------------------------------------------------------------------------
# The built site in a browser (shared by the browser test modules)

CHROMIUM = "/usr/bin/chromium"  # Debian's chromium (.ci/run installs it), never a downloaded browser
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def site(request: pytest.FixtureRequest) -> Path:
    """The built website: the session's strict build, or ``ORIGAMI_SITE=/path/to/_build/html``."""
    if os.environ.get("ORIGAMI_SITE"):
        return Path(os.environ["ORIGAMI_SITE"])
    return request.getfixturevalue("book_build").html


#: Console and script errors that are not ours and harm nothing. Nothing else is allowed.
ALLOWED_BROWSER_ERRORS = [
    # sphinx-thebe 0.3.1 puts its configuration <script> on every page twice; the second
    # copy fails to redeclare a `const`. Thebe still works (it reads the first copy).
    re.compile(r"Identifier 'THEBE_JS_URL' has already been declared"),
]


def allowed_browser_error(message: str) -> bool:
    return any(pattern.search(message) for pattern in ALLOWED_BROWSER_ERRORS)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass


def _serve(directory: Path):
    """Serves ``directory`` on a free loopback port, from a thread of this process."""
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory))
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def server(site: Path):
    """The site served on a free loopback port, from a thread of this process."""
    yield from _serve(site)


# --------------------------------------------------------------------------------------
# The student edition, built twice per session from the full build's execution cache (nothing
# runs again, so each build takes seconds): ``student_build`` has no repository (``make student``:
# no launch or repository buttons at all); ``named_student_build`` names one, as a teacher does
# (``make student REPOSITORY=...``). Shared by the edition, handout, reading and navigation tests.

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


@pytest.fixture(scope="session")
def student_site(request: pytest.FixtureRequest) -> Path:
    """The student edition's website: ``student_build``, or ``ORIGAMI_STUDENT_SITE=/path/to/html``."""
    if os.environ.get("ORIGAMI_STUDENT_SITE"):
        return Path(os.environ["ORIGAMI_STUDENT_SITE"])
    return request.getfixturevalue("student_build")


@pytest.fixture(scope="session")
def student_server(student_site: Path):
    """The student edition served like ``server``."""
    yield from _serve(student_site)


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module (Playwright's sync API runs one at a time)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class OfflinePage:
    """A browser page that may only talk to the local server; records what it loaded.

    Every request to another host is aborted and listed in ``blocked``; script errors
    go to ``errors``, console errors to ``console``, failed or 4xx/5xx requests to
    ``failed``, and the size of every response from the site to ``loaded``.
    """

    def __init__(self, browser, server: str, width: int = 1280, height: int = 1000):
        self.server = server
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.console: list[str] = []
        self.failed: list[str] = []
        self.loaded: dict[str, int] = {}
        self.context.route("**/*", self._route)
        self.page.on("pageerror", lambda err: self.errors.append(f"{err}\n{err.stack or ''}"))
        self.page.on("console", self._console)
        self.page.on("requestfinished", self._finished)
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith((self.server + "/", "data:", "blob:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def _console(self, message) -> None:
        if message.type == "error":
            self.console.append(message.text)

    def _finished(self, request) -> None:
        if not request.url.startswith(self.server):
            return
        response = request.response()
        if response is None:
            return
        if response.status >= 400:
            self.failed.append(f"{response.status} {request.url}")
            return
        try:
            self.loaded[request.url] = len(response.body())
        except Exception:  # the page closed before the body was read: count its declared size
            self.loaded[request.url] = int(response.headers.get("content-length", 0))

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="session")
def page_weights(request: pytest.FixtureRequest):
    """Collects the weight of each page; printed at the end of the session."""
    weights: dict[str, tuple[int, int, int]] = {}
    yield weights
    if not weights:
        return
    lines = [
        "",
        "page weight, MB as served (uncompressed): page = its HTML (with any embedded frames) and its",
        "images; first visit adds the shared theme, scripts, fonts, MathJax and search index",
        f"  {'page':28s} {'page':>7s} {'first visit':>12s} {'images':>7s}",
    ]
    for name, (own, total, images) in sorted(weights.items()):
        lines.append(f"  {name:28s} {own / 1e6:7.2f} {total / 1e6:12.2f} {images:7d}")
    heaviest = max(weights, key=lambda name: weights[name][0])
    lines.append(f"  heaviest page: {heaviest} ({weights[heaviest][0] / 1e6:.2f} MB)")
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print("\n".join(lines))


# Property tests draw the same examples on every run and machine, so that CI is reproducible
# (a failure found locally is found again in CI, and CI does not stumble on a new one).
# `HYPOTHESIS_PROFILE=explore` draws new random examples instead, to hunt for edge cases; pin
# what it finds with `@example` next to the test.
from hypothesis import settings  # noqa: E402

settings.register_profile("reproducible", derandomize=True, deadline=None)
settings.register_profile("explore", derandomize=False, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "reproducible"))
