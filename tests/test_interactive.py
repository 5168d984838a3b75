"""origami.interactive: the control grid, the budgets, and the same picture in both modes."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest

import origami
from origami.interactive import InteractiveFigure, parse_control


def line(w, b):
    """A tiny figure whose picture depends on both values."""
    fig, ax = plt.subplots(figsize=(2.0, 1.5))
    ax.plot([-1, 1], [b - w, b + w], color="k")
    ax.set_xlim(-1, 1)
    ax.set_ylim(-3, 3)
    return fig


def labelled(n, kind):
    fig, ax = plt.subplots(figsize=(1.5, 1.0))
    ax.text(0.5, 0.5, f"{kind}{n}", ha="center")
    ax.set_axis_off()
    return fig


@pytest.fixture
def static_mode(monkeypatch):
    monkeypatch.setenv("ORIGAMI_INTERACTIVE", "static")


@pytest.fixture
def live_mode(monkeypatch):
    monkeypatch.setenv("ORIGAMI_INTERACTIVE", "live")


def embedded(html: str) -> dict:
    return json.loads(re.search(r'class="origami-data">(.*?)</script>', html, re.S).group(1))


# ----------------------------------------------------------------------- controls
def test_float_slider_grid_has_clean_values_and_labels():
    c = parse_control("w", (-2.0, 2.0, 0.25, 1.0))
    assert c.kind == "slider" and len(c) == 17
    assert c.values[0] == -2.0 and c.values[-1] == 2.0 and c.values[12] == 1.0
    assert c.labels[12] == "1.00" and c.default == 12


def test_tenths_slider_values_have_no_rounding_noise():
    c = parse_control("b", (0.0, 1.0, 0.1))
    assert c.values[3] == 0.3 and c.labels[3] == "0.3"


def test_integer_slider_gives_ints_and_starts_in_the_middle():
    c = parse_control("depth", (1, 5, 1))
    assert c.values == (1, 2, 3, 4, 5) and all(type(v) is int for v in c.values)
    assert c.default == 2


def test_slider_max_off_the_grid_stops_at_the_last_step():
    assert parse_control("w", (0.0, 1.0, 0.3)).values == (0.0, 0.3, 0.6, 0.9)


def test_list_is_a_dropdown_starting_at_the_first_option():
    c = parse_control("width", [2, 4, 8])
    assert c.kind == "dropdown" and c.values == (2, 4, 8) and c.labels == ("2", "4", "8") and c.default == 0


def test_dict_and_pairs_give_labelled_dropdowns():
    assert parse_control("act", {"ReLU": 0.0, "leaky": 0.1}).labels == ("ReLU", "leaky")
    assert parse_control("act", [("ReLU", 0.0), ("leaky", 0.1)]).values == (0.0, 0.1)


def test_bool_is_a_checkbox():
    c = parse_control("edges", True)
    assert c.kind == "checkbox" and c.values == (False, True) and c.default == 1


@pytest.mark.parametrize(
    "spec",
    [
        (2.0, -2.0, 0.5),  # min > max
        (-2.0, 2.0, 0.0),  # step 0
        (-2.0, 2.0, -0.5),
        (-2.0, 2.0, 5.0),  # one point
        (-2.0, 2.0, 0.5, 3.0),  # value outside
        (-2.0, float("nan"), 0.5),
        (-2.0, 2.0),  # too short
        ("a", "b", "c"),
        [],
        None,
        "abc",
        [1, "1"],  # duplicate labels
    ],
)
def test_bad_control_raises_value_error_naming_it(spec):
    with pytest.raises(ValueError, match="'weight'"):
        parse_control("weight", spec)


def test_control_that_draw_does_not_take_is_named():
    with pytest.raises(ValueError, match="'bias'"):
        origami.interactive(line, w=(-1.0, 1.0, 0.5), bias=(-1.0, 1.0, 0.5))


def test_draw_must_be_callable():
    with pytest.raises(TypeError, match="callable"):
        origami.interactive("line", w=(-1.0, 1.0, 0.5))


# ----------------------------------------------------------------------- grid and budgets
def test_grid_is_the_product_of_the_controls_in_row_major_order():
    fig = origami.interactive(line, w=(-1.0, 1.0, 0.5), b=[0.0, 1.0])
    assert fig.shape == (5, 2) and fig.n_frames == 10
    assert fig.values_at((4, 1)) == {"w": 1.0, "b": 1.0}
    assert fig.flat_index((1, 0)) == 2 and fig.flat_index((4, 1)) == 9
    assert fig.index_of({"w": 0.5}) == (3, 0)


def test_frame_budget_error_names_every_control_and_the_count():
    with pytest.raises(ValueError, match=r"121 frames \(w: 11 × b: 11\).*frame_budget=100"):
        origami.interactive(line, w=(-1.0, 1.0, 0.2), b=(-1.0, 1.0, 0.2), frame_budget=100)


def test_byte_budget_stops_rendering_with_a_clear_error(static_mode):
    fig = origami.interactive(line, w=(-1.0, 1.0, 0.5), b=(-1.0, 1.0, 0.5), byte_budget=5_000)
    with pytest.raises(ValueError, match=r"exceed byte_budget=5000 bytes after \d+ of 25 frames"):
        fig.to_html()


def test_value_off_the_grid_is_rejected():
    fig = origami.interactive(line, w=(-1.0, 1.0, 0.5), b=(-1.0, 1.0, 0.5))
    with pytest.raises(ValueError, match="'w'"):
        fig.frame(w=0.3)
    with pytest.raises(ValueError, match="'c'"):
        fig.frame(c=0.0)


def test_frames_cover_the_grid_and_equal_values_share_one_frame():
    def draw(n, unused):
        return labelled(n, "n")

    fig = origami.interactive(draw, n=[1, 2, 3], unused=[0, 1], fmt="png")
    frames, index = fig.frames()
    assert len(index) == 6 and len(frames) == 3
    assert index == [0, 0, 1, 1, 2, 2]


def test_draw_errors_say_which_values_failed():
    def draw(w):
        if w > 0:
            raise RuntimeError("boom")
        return labelled(w, "w")

    fig = origami.interactive(draw, w=(-1, 1, 1), fmt="png")
    with pytest.raises(RuntimeError, match="boom") as info:
        fig.frames()
    assert "draw(w=1)" in "".join(getattr(info.value, "__notes__", []))


def test_draw_may_return_axes():
    def draw(w):
        _, ax = plt.subplots(figsize=(1, 1))
        ax.plot([0, w])
        return ax

    assert origami.interactive(draw, w=(1, 3, 1)).frame(w=2).data


def test_rendering_closes_every_figure():
    before = plt.get_fignums()
    origami.interactive(line, w=(-1.0, 1.0, 0.5), b=[0.0, 1.0]).frames()
    assert plt.get_fignums() == before


def test_parallel_rendering_gives_the_same_frames_as_serial(monkeypatch):
    monkeypatch.setenv("ORIGAMI_INTERACTIVE_JOBS", "1")
    serial = origami.interactive(line, w=(-1.0, 1.0, 0.25), b=[0.0, 1.0], fmt="png").frames()
    monkeypatch.setenv("ORIGAMI_INTERACTIVE_JOBS", "3")
    parallel = origami.interactive(line, w=(-1.0, 1.0, 0.25), b=[0.0, 1.0], fmt="png").frames()
    assert [f.data for f in parallel[0]] == [f.data for f in serial[0]] and parallel[1] == serial[1]


def test_frames_a_worker_process_fails_to_render_are_rendered_here(monkeypatch):
    parent = os.getpid()

    def draw(w):
        if os.getpid() != parent:
            os._exit(3)  # a worker dies without a word
        return labelled(w, "w")

    monkeypatch.setenv("ORIGAMI_INTERACTIVE_JOBS", "2")
    frames, index = origami.interactive(draw, w=(0, 20, 1), fmt="png").frames()
    assert len(index) == 21 and len(frames) == 21


def test_jobs_setting_must_be_a_positive_integer(monkeypatch):
    from origami.interactive import _jobs

    monkeypatch.setenv("ORIGAMI_INTERACTIVE_JOBS", "0")
    with pytest.raises(ValueError, match="ORIGAMI_INTERACTIVE_JOBS"):
        _jobs()


# ----------------------------------------------------------------------- formats
def test_png_frames_are_palette_pngs_of_the_figure_size():
    frame = origami.interactive(line, w=(-1.0, 1.0, 0.5), b=[0.0], fmt="png", dpi=50).frame()
    assert frame.mime == "image/png" and frame.data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = (int.from_bytes(frame.data[i : i + 4], "big") for i in (16, 20))
    assert (width, height) == (100, 75)
    assert frame.data[25] == 3  # colour type 3: palette


def test_wide_figures_are_rendered_at_most_max_width_pixels_wide():
    def wide(w):
        fig, ax = plt.subplots(figsize=(12.0, 2.0))
        ax.plot([0, w])
        return fig

    frame = origami.interactive(wide, w=(1, 2, 1), fmt="png", max_width=600).frame()
    assert int.from_bytes(frame.data[16:20], "big") == 600
    assert int.from_bytes(frame.data[20:24], "big") == 100


def test_svg_frames_are_deterministic():
    a = origami.interactive(line, w=(-1.0, 1.0, 0.5), b=[0.0], fmt="svg").frame(w=0.5).data
    b = origami.interactive(line, w=(-1.0, 1.0, 0.5), b=[0.0], fmt="svg").frame(w=0.5).data
    assert a.startswith(b"<?xml") and a == b


def test_auto_format_picks_the_smaller_picture():
    fig = origami.interactive(line, w=(-1.0, 1.0, 0.5), b=[0.0])
    sizes = {fmt: len(origami.interactive(line, w=(-1.0, 1.0, 0.5), b=[0.0], fmt=fmt).frame().data) for fmt in ("png", "svg")}
    assert fig.format == min(sizes, key=sizes.get)


# ----------------------------------------------------------------------- the two modes
def test_static_mode_offers_html_with_every_frame_and_no_widget(static_mode):
    fig = origami.interactive(line, w=(-1.0, 1.0, 0.5, 0.5), b=[0.0, 1.0], fmt="png")
    bundle = fig._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" not in bundle
    data = embedded(bundle["text/html"])
    assert data["shape"] == [5, 2] and len(data["index"]) == 10
    assert [c["name"] for c in data["controls"]] == ["w", "b"] and data["controls"][0]["default"] == 3
    for grid_index in np.ndindex(*fig.shape):
        shown = base64.b64decode(data["frames"][data["index"][fig.flat_index(grid_index)]])
        assert shown == fig.frame(**fig.values_at(grid_index)).data
    # a still picture of the starting frame for PDF and other front ends
    assert base64.b64decode(bundle["image/png"]) == fig.frame(w=0.5, b=0.0).data


def test_static_html_starts_on_the_default_frame_with_disabled_controls(static_mode):
    fig = origami.interactive(line, w=(-1.0, 1.0, 0.5, 0.5), b=[0.0, 1.0], fmt="png")
    html = fig.to_html()
    src = re.search(r'<img class="origami-frame" src="([^"]+)"', html).group(1)
    assert src == fig.frame(w=0.5, b=0.0).data_uri
    assert html.count("disabled") == 2  # enabled by the script once it can swap frames


def test_live_mode_offers_the_widget_view(live_mode):
    fig = origami.interactive(line, w=(-1.0, 1.0, 0.5), b=[0.0, 1.0])
    bundle = fig._repr_mimebundle_()
    view = bundle["application/vnd.jupyter.widget-view+json"]
    assert view["model_id"] == fig.widget.model_id
    assert "text/html" not in bundle


def test_live_widget_shows_the_same_bytes_as_the_static_frame(live_mode):
    live = origami.interactive(line, w=(-1.0, 1.0, 0.5), b=[0.0, 1.0], fmt="png")
    static = origami.interactive(line, w=(-1.0, 1.0, 0.5), b=[0.0, 1.0], fmt="png")
    frames, index = static.frames()
    panel = live.widget
    sliders, image = panel.children[0].children, panel.children[1]
    assert isinstance(image, widgets.Image)
    sliders[0].value = 1.0
    sliders[1].value = 1  # dropdown options are (label, position)
    assert image.value == frames[index[static.flat_index((4, 1))]].data
    assert [entry[0] for entry in live.redraw_log] == [{"w": 1.0, "b": 0.0}, {"w": 1.0, "b": 1.0}]


def test_live_widgets_match_the_controls(live_mode):
    def draw(w, depth, width, edges):
        return labelled(depth, "d")

    panel = origami.interactive(draw, w=(-1.0, 1.0, 0.25, 0.5), depth=(1, 4, 1), width=[2, 4], edges=False).widget
    w, depth, width, edges = panel.children[0].children
    assert isinstance(w, widgets.FloatSlider) and (w.min, w.max, w.step, w.value) == (-1.0, 1.0, 0.25, 0.5)
    assert w.readout_format == ".2f"
    assert isinstance(depth, widgets.IntSlider) and depth.value == 2
    assert isinstance(width, widgets.Dropdown) and width.label == "2"
    assert isinstance(edges, widgets.Checkbox) and edges.value is False


def test_live_widget_prefetches_the_neighbouring_frames_while_idle(live_mode):
    async def session():
        fig = origami.interactive(line, w=(-1.0, 1.0, 0.5), b=[0.0, 1.0], fmt="png")
        slider = fig.widget.children[0].children[0]
        for _ in range(500):  # the kernel's event loop is idle: neighbours get rendered
            if not fig.prefetching:
                break
            await asyncio.sleep(0.01)
        assert set(fig._cache) >= {(2, 0), (1, 0), (3, 0), (2, 1)}
        slider.value = 0.5  # one step: its frame is ready
        return fig.redraw_log[-1]

    values, _, cached = asyncio.run(session())
    assert values == {"w": 0.5, "b": 0.0} and cached


def test_live_widget_shows_a_failing_draw_and_keeps_the_picture(live_mode):
    def draw(w):
        if w > 0:
            raise RuntimeError("no positive weights")
        return labelled(w, "w")

    fig = origami.interactive(draw, w=(-1, 1, 1, 0), fmt="png")
    slider, image, error = fig.widget.children[0].children[0], fig.widget.children[1], fig.widget.children[2]
    before = image.value
    slider.value = 1
    assert image.value == before and "no positive weights" in error.value and "draw(w=1)" in error.value
    assert error.layout.display is None
    slider.value = -1
    assert error.layout.display == "none" and image.value != before


def test_mode_comes_from_the_environment(monkeypatch):
    from origami.interactive import mode

    monkeypatch.delenv("ORIGAMI_INTERACTIVE", raising=False)
    assert mode() == "live"
    monkeypatch.setenv("ORIGAMI_INTERACTIVE", "static")
    assert mode() == "static"
    monkeypatch.setenv("ORIGAMI_INTERACTIVE", "sometimes")
    with pytest.raises(ValueError, match="ORIGAMI_INTERACTIVE"):
        mode()


def test_same_values_give_byte_identical_pictures_in_a_new_figure():
    a = origami.interactive(line, w=(-1.0, 1.0, 0.5), b=[0.0, 1.0], fmt="png").frame(w=-0.5, b=1.0)
    b = origami.interactive(line, w=(-1.0, 1.0, 0.5), b=[0.0, 1.0], fmt="png").frame(w=-0.5, b=1.0)
    assert a.data == b.data


def test_interactive_figure_repr_lists_the_grid():
    fig = origami.interactive(line, w=(-1.0, 1.0, 0.5), b=[0.0, 1.0])
    assert isinstance(fig, InteractiveFigure)
    assert repr(fig) == "<interactive figure line(): w: 5 × b: 2 = 10 frames>"


def _constrained(scale, panels=2):
    fig, axes = plt.subplots(1, panels, figsize=(6, 2.5), layout="constrained")
    for ax in np.atleast_1d(axes):
        ax.plot([0, 1], [0, 1000 * scale])  # tick labels of changing width
        ax.set_title(f"scale {scale}")
    return fig


def test_a_layout_engine_runs_once_and_frames_do_not_depend_on_drawing_order():
    forward = InteractiveFigure(_constrained, {"scale": [1, 10, 100]}, fmt="png", prefetch=False)
    backward = InteractiveFigure(_constrained, {"scale": [1, 10, 100]}, fmt="png", prefetch=False)
    first = [forward.frame(scale=s).data for s in (1, 10, 100)]
    second = [backward.frame(scale=s).data for s in (100, 10, 1)][::-1]
    assert first == second
    assert len(set(first)) == 3


def test_a_frame_with_other_axes_gets_its_own_layout():
    figure = InteractiveFigure(lambda panels: _constrained(1, panels), {"panels": [2, 3]}, fmt="png", prefetch=False)
    two, three = figure.frame(panels=2).data, figure.frame(panels=3).data
    assert two != three and len(figure._layouts) == 1
