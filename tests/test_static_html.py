"""origami.static_html: the static figure's markup, its words, and its frames moved out into files."""

from __future__ import annotations

import base64
import re

import numpy as np
import pytest
from interactive_drawings import embedded, line, panels, static_mode  # noqa: F401 (a fixture)

import origami
from origami.static_html import externalize


def _figure(**options):
    def draw(w=0.5, b=0.0):
        return line(w, b)

    return origami.interactive(draw, w=(-1.0, 1.0, 0.5), b=[0.0, 1.0], fmt="png",
                               describe=lambda w, b: f"slope {w:g} and intercept {b:g}", **options)


def test_static_mode_offers_html_with_every_frame_and_no_widget(static_mode):
    fig = _figure()
    bundle = fig._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" not in bundle
    data = embedded(bundle["text/html"])
    assert data["shape"] == [5, 2] and len(data["wide"]["index"]) == 10 and data["narrow"] is None
    assert [c["name"] for c in data["controls"]] == ["w", "b"] and data["controls"][0]["default"] == 3
    for grid_index in np.ndindex(*fig.shape):
        flat = fig.flat_index(grid_index)
        shown = base64.b64decode(data["wide"]["frames"][data["wide"]["index"][flat]])
        assert shown == fig.frame(**fig.values_at(grid_index)).data
        assert data["text"][flat] == fig.description(**fig.values_at(grid_index))
    # a still picture of the starting frame for PDF and other front ends
    assert base64.b64decode(bundle["image/png"]) == fig.frame(w=0.5, b=0.0).data


def test_static_html_starts_on_the_default_frame_with_disabled_labelled_controls(static_mode):
    fig = _figure()
    html = fig.to_html()
    src = re.search(r'<img class="origami-frame" src="([^"]+)"', html).group(1)
    assert src == fig.frame(w=0.5, b=0.0).data_uri
    assert html.count(" disabled") == 2  # enabled by the script once it can swap frames
    for ident in re.findall(r'<(?:input|select) [^>]*id="([^"]+)"', html):
        assert f'<label class="origami-name" for="{ident}">' in html


def test_the_words_of_the_starting_frame_are_live_text_and_alt_text(static_mode):
    html = _figure(alt="A line").to_html()
    assert '<p class="origami-description" aria-live="polite">slope 0.5 and intercept 0</p>' in html
    assert 'alt="A line. slope 0.5 and intercept 0"' in html
    assert 'role="group" aria-label="Interactive figure: A line"' in html
    assert 'aria-valuetext="w = 0.5"' in html


def test_a_narrow_layout_is_a_source_for_small_screens(static_mode):
    fig = origami.interactive(panels, w=(0.0, 1.0, 0.5), b=[0.0, 1.0], fmt="png",
                              narrow=lambda w, b: panels(w, b, columns=2))
    html = fig.to_html()
    source = re.search(r'<picture><source media="\(max-width: 599.98px\)" srcset="([^"]+)" width="(\d+)"', html)
    assert source.group(1) == fig.frame(narrow=True).data_uri and int(source.group(2)) <= 600
    data = embedded(html)
    assert len(data["narrow"]["index"]) == fig.n_frames
    assert base64.b64decode(data["narrow"]["frames"][data["narrow"]["index"][-1]]) == fig.frame(w=1.0, b=1.0, narrow=True).data


def test_externalize_moves_every_frame_into_a_file_and_keeps_the_rest(static_mode):
    fig = origami.interactive(panels, w=(0.0, 1.0, 0.5), b=[0.0, 1.0], fmt="png",
                              narrow=lambda w, b: panels(w, b, columns=2))
    other = '<img src="data:image/png;base64,iVBORw0KGgo=" alt="another picture">'
    page = f"<main>{other}{fig.to_html()}</main>"
    files: dict[str, bytes] = {}

    def save(data: bytes, mime: str) -> str:
        assert mime == "image/png"
        url = f"frames/{len(files)}.png"
        files[url] = data
        return url

    out = externalize(page, save)
    assert other in out  # not a figure's frame
    assert "data:image/png;base64,iVBORw0KGgo=" not in out.replace(other, "")
    data = embedded(out)
    assert "frames" not in data["wide"] and "frames" not in data["narrow"]
    wide = [files[u] for u in data["wide"]["urls"]]
    assert wide == [f.data for f in fig.frames()[0]]
    assert [files[u] for u in data["narrow"]["urls"]] == [f.data for f in fig.frames(narrow=True)[0]]
    start = fig.flat_index(fig.default_index)
    assert f'<img loading="lazy" class="origami-frame" src="{data["wide"]["urls"][data["wide"]["index"][start]]}"' in out
    assert f'srcset="{data["narrow"]["urls"][data["narrow"]["index"][start]]}"' in out
    assert len(files) == len(fig.frames()[0]) + len(fig.frames(narrow=True)[0])  # each file once


def test_externalize_leaves_a_page_without_figures_alone():
    page = '<p><img src="data:image/png;base64,AAAA" alt="x"></p>'
    assert externalize(page, lambda data, mime: pytest.fail("nothing to save")) == page
