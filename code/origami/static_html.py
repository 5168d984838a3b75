"""The static HTML of an interactive figure: its controls, its starting frame, every frame's data.

The figure is a ``<div class="origami-interactive">`` holding

* its controls, each with a visible ``<label>`` (range inputs, selects, checkboxes with a
  ``data-control`` index), disabled until the script can swap frames;
* a ``<picture>`` with the starting frame: an ``<img class="origami-frame">`` whose alt text
  describes the frame, and, for a figure with a narrow layout, a ``<source>`` for screens
  narrower than 600 px;
* a ``<p class="origami-description" aria-live="polite">`` saying what the frame shows;
* a ``<script type="application/json" class="origami-data">`` with every frame, base64 encoded
  (the notebook output is self-contained). On the website the Sphinx extension
  ``book/_ext/interactive_figures.py`` writes the frames to files and puts their URLs in
  their place (:func:`externalize`), so that a page loads only its starting frames.

``book/assets/interactive/origami-interactive.js`` reads the data (format below) and swaps
the picture, its alt text and the description as the reader moves a control::

    {version, name, mime, alt, controls: [{name, kind, labels, default}], shape: [n0, ...],
     text: [description of each grid point, row-major, last control fastest],
     wide: {index: [distinct frame of each grid point], frames: [base64, ...] or urls: [...]},
     narrow: null or like wide}
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from .controls import Control
from .frames import Frame

if TYPE_CHECKING:
    from .interactive_figure import InteractiveFigure

__all__ = ["figure_html", "externalize", "HTML_CLASS", "DATA_VERSION", "NARROW_MEDIA"]
__dir__ = __all__.copy  # dir() lists the public names only

#: Class of the element that holds a static interactive figure in the HTML.
HTML_CLASS = "origami-interactive"
#: Version of the data format shared by the HTML and the script.
DATA_VERSION = 2
#: Media query of the narrow layout.
NARROW_MEDIA = "(max-width: 599.98px)"

_DATA = re.compile(r'(<script type="application/json" class="origami-data">)(.*?)(</script>)', re.S)
_PICTURE = re.compile(r"<picture>.*?</picture>", re.S)
_DATA_URI = re.compile(r'data:image/(?:png|svg\+xml);base64,[A-Za-z0-9+/=]+')


def _control_html(prefix: str, i: int, c: Control) -> str:
    name, ident = html.escape(c.name), f"{prefix}-{i}"
    label = f'<label class="origami-name" for="{ident}">{name}</label>'
    if c.kind == "slider":
        shown = html.escape(c.labels[c.default])
        return (
            f'<div class="origami-control origami-slider">{label}'
            f'<input type="range" id="{ident}" data-control="{i}" min="0" max="{len(c) - 1}" step="1" '
            f'value="{c.default}" aria-valuetext="{name} = {shown}" autocomplete="off" disabled>'
            f'<output class="origami-readout" for="{ident}" aria-hidden="true">{shown}</output></div>'
        )
    if c.kind == "checkbox":
        checked = " checked" if c.default else ""
        return (
            f'<div class="origami-control origami-checkbox"><input type="checkbox" id="{ident}" '
            f'data-control="{i}" autocomplete="off"{checked} disabled>{label}</div>'
        )
    options = "".join(
        f'<option value="{k}"{" selected" if k == c.default else ""}>{html.escape(text)}</option>'
        for k, text in enumerate(c.labels)
    )
    return (
        f'<div class="origami-control origami-dropdown">{label}'
        f'<select id="{ident}" data-control="{i}" autocomplete="off" disabled>{options}</select></div>'
    )


def _size(frame: Frame) -> str:
    size = frame.size
    return f' width="{size[0]}" height="{size[1]}"' if size else ""


def figure_html(figure: InteractiveFigure) -> str:
    """The static HTML of ``figure``: controls, starting frame, description and data.

    Parameters
    ----------
    figure : InteractiveFigure
        Every frame of its grid (both layouts, if it has a narrow one) is rendered.

    Returns
    -------
    str
        An HTML fragment: the controls, the starting frame as an image, its description and the
        frame data as JSON, for ``book/assets/interactive/origami-interactive.js`` to drive.

    Raises
    ------
    ValueError
        If the frames exceed the figure's byte budget, or ``describe`` returns no text.
    """
    layouts = {"wide": figure.frames()}
    if figure.narrow is not None:
        layouts["narrow"] = figure.frames(narrow=True)
    start = figure.flat_index(figure.default_index)
    first = {key: frames[index[start]] for key, (frames, index) in layouts.items()}
    texts = [figure.description(**figure.values_at(k)) for k in figure.grid()]
    data = {
        "version": DATA_VERSION,
        "name": figure.name,
        "mime": first["wide"].mime,
        "alt": figure.alt,
        "controls": [
            {"name": c.name, "kind": c.kind, "labels": list(c.labels), "default": c.default}
            for c in figure.controls
        ],
        "shape": list(figure.shape),
        "text": texts,
        **{
            key: {"index": index, "frames": [f.base64 for f in frames]}
            for key, (frames, index) in layouts.items()
        },
    }
    data.setdefault("narrow", None)
    payload = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
    prefix = "origami-" + hashlib.sha256(payload.encode()).hexdigest()[:10]
    controls = "\n".join(_control_html(prefix, i, c) for i, c in enumerate(figure.controls))
    source = ""
    if "narrow" in first:
        narrow = first["narrow"]
        source = f'<source media="{NARROW_MEDIA}" srcset="{narrow.data_uri}"{_size(narrow)}>'
    wide = first["wide"]
    alt = figure.alt_text(**figure.values_at(figure.default_index))
    n_bytes = sum(len(f.data) for frames, _ in layouts.values() for f in frames)
    n_distinct = sum(len(frames) for frames, _ in layouts.values())
    return (
        f'<div class="{HTML_CLASS}" role="group" aria-label="Interactive figure: {html.escape(figure.alt)}" '
        f'data-frames="{figure.n_frames}" data-distinct-frames="{n_distinct}" data-bytes="{n_bytes}">\n'
        f'<div class="origami-controls">\n{controls}\n</div>\n'
        f'<picture>{source}<img class="origami-frame" src="{wide.data_uri}"{_size(wide)} '
        f'alt="{html.escape(alt)}"></picture>\n'
        f'<p class="origami-description" aria-live="polite">{html.escape(texts[start])}</p>\n'
        f'<script type="application/json" class="origami-data">{payload}</script>\n'
        "</div>"
    )


def externalize(page: str, save: Callable[[bytes, str], str]) -> str:
    """Move the frames of every static interactive figure of an HTML page out into files.

    Parameters
    ----------
    page : str
        HTML with figures made by :func:`figure_html`.
    save : callable
        ``save(data, mime)`` stores one frame and returns the URL the page loads it from.

    Returns
    -------
    str
        The page, with each ``frames`` list replaced by ``urls`` and each starting frame's
        ``data:`` URI by its file's URL (lazy-loaded: the browser fetches it when the
        figure nears the screen). Pages without figures come back unchanged.
    """
    if HTML_CLASS not in page:
        return page
    saved: dict[str, str] = {}

    def url_of(data_uri: str) -> str:
        if data_uri not in saved:
            mime, encoded = data_uri[5:].split(";base64,", 1)
            saved[data_uri] = save(base64.b64decode(encoded), mime)
        return saved[data_uri]

    def move_frames(match: re.Match) -> str:
        data = json.loads(match.group(2))
        for key in ("wide", "narrow"):
            layout = data.get(key)
            if layout and "frames" in layout:
                layout["urls"] = [url_of(f"data:{data['mime']};base64,{b}") for b in layout.pop("frames")]
        payload = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
        return match.group(1) + payload + match.group(3)

    page = _DATA.sub(move_frames, page)
    page = _PICTURE.sub(lambda m: _DATA_URI.sub(lambda uri: url_of(uri.group(0)), m.group(0)), page)
    return re.sub(r'<img (?![^>]*\bloading=)([^>]*class="origami-frame")', r'<img loading="lazy" \1', page)
