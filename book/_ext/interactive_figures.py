"""Sphinx extension: the book's interactive figures as static HTML, light on the network.

Registered in ``_config.yml`` (``sphinx: local_extensions: interactive_figures: book/_ext``).

* It sets ``ORIGAMI_INTERACTIVE=static`` (unless already set) for the kernels that execute
  the chapters, so that :func:`origami.interactive` writes every frame into the cell's output
  (:mod:`origami.static_html`) instead of a live widget.
* On each page with such a figure it writes the frames to files,
  ``_static/interactive/frames/<sha256>.png`` (one file per distinct picture, shared by all
  pages), and leaves only their URLs in the page (:func:`origami.static_html.externalize`):
  the page loads its starting frames (lazily) and the script fetches the others when the
  figure is used or comes into view. Plain ``<img>`` URLs work from ``file://`` as well.
* Every ``<img>`` of a page's text gets ``loading="lazy"``: pictures below the fold load
  when the reader nears them (the browser loads those in view at once).
* It links ``interactive/origami-interactive.js`` and ``.css`` (copied from
  ``book/assets/interactive/``) from the pages that show a figure.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from origami.interactive_figure import MODE_ENV
from origami.static_html import HTML_CLASS, externalize

#: Where the script and style sheet live, relative to the book's root.
ASSETS = "book/assets/interactive"
ASSET_FILES = ("origami-interactive.js", "origami-interactive.css")
#: Where the frames go, under the output folder.
FRAMES = "_static/interactive/frames"
_SUFFIX = {"image/png": "png", "image/svg+xml": "svg"}


def _check_assets(app, config) -> None:
    from sphinx.errors import ConfigError

    source = Path(app.srcdir) / config.origami_interactive_assets
    missing = [name for name in ASSET_FILES if not (source / name).is_file()]
    if missing:
        raise ConfigError(f"interactive_figures: {', '.join(missing)} not found in {source}")


_IMG = re.compile(r"<img (?![^>]*\bloading=)")


def _page(app, pagename, templatename, context, doctree) -> None:
    if app.builder.format != "html" or "body" not in context:
        return
    # every picture of the text loads when it nears the screen, not with the page
    context["body"] = body = _IMG.sub('<img loading="lazy" ', context["body"])
    if f'class="{HTML_CLASS}"' not in body:
        return
    folder = Path(app.outdir) / FRAMES
    folder.mkdir(parents=True, exist_ok=True)

    def save(data: bytes, mime: str) -> str:
        name = f"{hashlib.sha256(data).hexdigest()[:24]}.{_SUFFIX[mime]}"
        path = folder / name
        if not path.exists():
            path.write_bytes(data)
        return context["pathto"](f"{FRAMES}/{name}", 1)

    context["body"] = externalize(body, save)
    app.add_css_file("interactive/origami-interactive.css")
    app.add_js_file("interactive/origami-interactive.js", defer="defer")


def _copy_assets(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    source = Path(app.srcdir) / app.config.origami_interactive_assets
    target = Path(app.outdir) / "_static" / "interactive"
    target.mkdir(parents=True, exist_ok=True)
    for name in ASSET_FILES:
        (target / name).write_bytes((source / name).read_bytes())


def setup(app) -> dict:
    """Register the extension (see the module docstring)."""
    os.environ.setdefault(MODE_ENV, "static")
    app.add_config_value("origami_interactive_assets", ASSETS, "html")
    app.connect("config-inited", _check_assets)
    app.connect("html-page-context", _page)
    app.connect("build-finished", _copy_assets)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
