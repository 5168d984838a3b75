"""The interactive figures are live widgets in JupyterLab, as Binder runs them.

The test starts JupyterLab on 127.0.0.1 (a temporary copy of ``book/``, its own config and
settings folders, autosave off, MyST markdown opened as a notebook through jupytext, the
default viewer that ``jupytext-config set-default-viewer`` sets on Binder). Debian's chromium,
driven by Playwright, opens each chapter that calls ``origami.interactive``, runs all its
cells, then moves every control of every interactive figure and checks that the kernel
redrew the picture. When the static website of the same session is at hand, each live
picture must also be byte for byte the frame the website shows for the same control values,
with the same words under it.
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from pathlib import Path

import pytest

# the chapters with interactive figures are those of the static-site test; the browser
# and the built site come from conftest.py
from test_browser_interactive import CHAPTERS, REPO

pytestmark = [pytest.mark.browser, pytest.mark.book]
PlaywrightTimeout = pytest.importorskip("playwright.sync_api").TimeoutError

#: Seconds a chapter may take to run in JupyterLab.
RUN_TIMEOUT = 300
#: Seconds one redraw may take in the live kernel before the test gives up.
REDRAW_TIMEOUT = 30

LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension:plugin": {
        "autosave": False,
        # what `jupytext-config set-default-viewer markdown myst` sets
        "defaultViewers": {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"},
    },
    # every cell in the DOM, so the test sees every output
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def jupyterlab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 serving a copy of the book; yields (url, token)."""
    pytest.importorskip("jupyterlab")
    pytest.importorskip("jupytext")
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(REPO / "book", root / "book", ignore=shutil.ignore_patterns("_build", ".*"))
    for name in ("_config.yml", "_toc.yml"):  # as in Binder, which has the whole repository
        shutil.copy(REPO / name, root / name)
    config = root / ".config"
    (config / "labconfig").mkdir(parents=True)
    (config / "labconfig" / "default_setting_overrides.json").write_text(json.dumps(LAB_SETTINGS))
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(config),
        JUPYTERLAB_SETTINGS_DIR=str(root / ".settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(root / ".workspaces"),
        JUPYTER_RUNTIME_DIR=str(root / ".runtime"),
        ORIGAMI_INTERACTIVE="live",  # never the build's static mode
        MPLBACKEND="module://matplotlib_inline.backend_inline",
    )
    log = (root / "lab.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         "--LabApp.expose_app_in_browser=True", "--allow-root", "--LabApp.news_url=", "--ServerApp.open_browser=False"],
        cwd=root, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not start:\n{(root / 'lab.log').read_text()[-3000:]}", pytrace=False)
            time.sleep(0.5)
        yield url, token
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="session")
def static_figures(request):
    """The embedded data of each chapter's static figures, if the website was built."""
    try:
        site = request.getfixturevalue("site")
    except pytest.FixtureLookupError:
        return {}
    found = {}
    for chapter in CHAPTERS:
        page = site / Path(chapter).with_suffix(".html")
        if page.is_file():
            found[chapter] = []
            for m in re.findall(r'class="origami-data">(.*?)</script>', page.read_text(), re.S):
                data = json.loads(m)
                # the website's frames are files (relative URLs): their bytes, base64, as the live image's
                data["frames"] = [base64.b64encode((page.parent / url).read_bytes()).decode("ascii")
                                  for url in data["wide"]["urls"]]
                data["index"] = data["wide"]["index"]
                found[chapter].append(data)
    return found


def _local_only(url: str):
    def route(r):
        if r.request.url.startswith(url) or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            r.abort()

    return route


_IMAGE_BYTES = """async img => {
    const buffer = await (await fetch(img.src)).arrayBuffer();
    let s = ''; const bytes = new Uint8Array(buffer);
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
}"""


def _move(control, kind: str, position: int) -> int:
    """Move one ipywidgets control as a reader would; return its new position."""
    if kind == "slider":
        handle = control.locator(".noUi-handle")
        before = handle.get_attribute("aria-valuenow")
        at_max = float(before) >= float(handle.get_attribute("aria-valuemax"))
        for _attempt in range(3):  # a key pressed before the handle has focus is lost: press again
            handle.focus()
            handle.press("ArrowLeft" if at_max else "ArrowRight")
            deadline = time.monotonic() + 5
            while handle.get_attribute("aria-valuenow") == before and time.monotonic() < deadline:
                time.sleep(0.1)
            if handle.get_attribute("aria-valuenow") != before:
                return position + (-1 if at_max else 1)
        raise AssertionError(f"the slider stayed at {before} after three key presses")
    if kind == "checkbox":
        control.locator("input[type=checkbox]").click()
        return 1 - position
    select = control.locator("select")
    target = (position + 1) % select.locator("option").count()
    select.select_option(index=target)
    return target


def _kind(control) -> str:
    classes = control.get_attribute("class") or ""
    if "widget-slider" in classes:
        return "slider"
    if "widget-checkbox" in classes:
        return "checkbox"
    return "dropdown"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_live_widget_redraws_when_a_control_moves(chapter, jupyterlab, browser, static_figures):
    url, token = jupyterlab
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.route("**/*", _local_only(url))
    page = context.new_page()
    try:
        page.goto(f"{url}/lab/tree/{chapter}?token={token}&reset")
        # the notebook is open and its kernel connected: then run every cell (not awaited:
        # the promise of a command can outlive the test's interest in it)
        page.wait_for_function(
            """() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
                       const kernel = w && w.sessionContext && w.sessionContext.session
                                      && w.sessionContext.session.kernel;
                       return !!(kernel && w.sessionContext.isReady && kernel.connectionStatus === 'connected'
                                 && kernel.status === 'idle' && w.content && w.content.widgets.length); }""",
            timeout=120_000,
        )
        page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
        # every code cell has run when none shows the busy prompt [*] and the kernel is idle
        page.wait_for_function(
            """() => { const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
                       return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent))
                           && document.querySelector(".jp-Notebook-ExecutionIndicator[data-status='idle']"); }""",
            timeout=RUN_TIMEOUT * 1000,
        )
        errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'] pre, "
                              ".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']")
        tracebacks = [t for t in errors.all_inner_texts() if "Traceback" in t or "Error" in t]
        assert not tracebacks, f"{chapter} failed in JupyterLab:\n{tracebacks[0][-3000:]}"
        panels = page.locator(".widget-vbox.origami-interactive")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.widget-vbox.origami-interactive img.origami-frame')]"
            ".every(img => img.complete && img.naturalWidth > 0)",
            timeout=REDRAW_TIMEOUT * 1000,
        )
        count = panels.count()
        assert count > 0, f"{chapter}: no live interactive figure after running all cells"
        static = static_figures.get(chapter)
        if static is not None and len(static) != count:
            warnings.warn(f"{chapter}: {count} live figures but {len(static)} on the website; "
                          "only checking that the live pictures change")
            static = None
        for f in range(count):
            panel = panels.nth(f)
            panel.scroll_into_view_if_needed()
            img = panel.locator("img.origami-frame")
            controls = panel.locator(".widget-hbox > .widget-inline-hbox")
            data = static[f] if static else None
            positions = [c["default"] for c in data["controls"]] if data else None
            if data:
                assert controls.count() == len(data["controls"])
                start = data["frames"][data["index"][_flat(positions, data["shape"])]]
                assert img.evaluate(_IMAGE_BYTES) == start, f"{chapter}, figure {f + 1}: live start differs from the website"
            for i in range(controls.count()):
                control = controls.nth(i)
                kind = _kind(control)
                src = img.get_attribute("src")
                shown = img.evaluate(_IMAGE_BYTES)
                if data:
                    position = positions[i]
                elif kind == "checkbox":
                    position = int(control.locator("input").is_checked())
                elif kind == "dropdown":
                    position = control.locator("select").evaluate("s => s.selectedIndex")
                else:
                    position = 0  # only its change matters
                new = _move(control, kind, position)
                expected = None
                if data:
                    positions[i] = new
                    expected = data["frames"][data["index"][_flat(positions, data["shape"])]]
                    if expected == shown:
                        continue  # this move leads to the same picture
                try:
                    page.wait_for_function(
                        "([img, src]) => img.getAttribute('src') !== src && img.complete && img.naturalWidth > 0",
                        arg=[img.element_handle(), src],
                        timeout=REDRAW_TIMEOUT * 1000,
                    )
                except PlaywrightTimeout:
                    status = page.evaluate(_KERNEL_STATUS)
                    shown_error = panel.inner_text()[-2000:]
                    pytest.fail(f"{chapter}, figure {f + 1}: no redraw {REDRAW_TIMEOUT} s after moving control "
                                f"{i + 1} ({kind}); kernel {status}; the panel shows:\n{shown_error}")
                live = img.evaluate(_IMAGE_BYTES)
                assert live != shown, f"{chapter}, figure {f + 1}: moving control {i + 1} did not change the picture"
                if expected is not None:
                    assert live == expected, (
                        f"{chapter}, figure {f + 1}: after moving {data['controls'][i]['name']} the live picture "
                        "differs from the website's frame for the same values"
                    )
                    words = panel.locator(".origami-description").inner_text().strip()
                    assert words == data["text"][_flat(positions, data["shape"])], (
                        f"{chapter}, figure {f + 1}: the live panel says {words!r}, not the website's words"
                    )
    finally:
        context.close()


_KERNEL_STATUS = """() => { const w = window.jupyterapp.shell.currentWidget;
    const k = w && w.sessionContext.session && w.sessionContext.session.kernel;
    return k ? `${k.status}, ${k.connectionStatus}` : 'gone'; }"""


def _flat(positions, shape) -> int:
    flat = 0
    for k, n in zip(positions, shape):
        flat = flat * n + k
    return flat
