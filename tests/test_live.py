"""origami.live: the ipywidgets panel, made from ipywidgets' own abbreviations, with the same words."""

from __future__ import annotations

import asyncio

import ipywidgets as widgets
from interactive_drawings import labelled, line, live_mode  # noqa: F401 (a fixture)

import origami


def _start_half(w=0.5, b=0.0):
    return line(w, b)


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
    sliders[1].value = 1.0  # ipywidgets' dropdown of the options
    assert image.value == frames[index[static.flat_index((4, 1))]].data
    assert [entry[0] for entry in live.redraw_log] == [{"w": 1.0, "b": 0.0}, {"w": 1.0, "b": 1.0}]


def test_live_widgets_match_the_controls(live_mode):
    def draw(w=0.5, depth=2, width=2, edges=False):
        return labelled(depth, "d")

    panel = origami.interactive(draw, w=(-1.0, 1.0, 0.25), depth=(1, 4, 1), width=[2, 4], edges=False).widget
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

    fig = origami.interactive(draw, w=(-1, 1, 1), fmt="png")
    slider, image, error = fig.widget.children[0].children[0], fig.widget.children[1], fig.widget.children[3]
    before = image.value
    slider.value = 1
    assert image.value == before and "no positive weights" in error.value and "draw(w=1)" in error.value
    assert error.layout.display is None
    slider.value = -1
    assert error.layout.display == "none" and image.value != before




def test_live_panel_says_in_words_what_the_frame_shows(live_mode):
    fig = origami.interactive(_start_half, w=(-1.0, 1.0, 0.5), b=[0.0, 1.0],
                              describe=lambda w, b: f"slope {w:g} & intercept {b:g}")
    controls, text = fig.widget.children[0].children, fig.widget.children[2]
    assert isinstance(text, widgets.HTML) and text.value == "slope 0.5 &amp; intercept 0"
    controls[0].value = -1.0
    assert text.value == "slope -1 &amp; intercept 0" == fig.description(w=-1.0).replace("&", "&amp;")


def test_live_controls_are_the_widgets_ipywidgets_makes_from_the_abbreviations(live_mode):
    fig = origami.interactive(_start_half, w=(-1.0, 1.0, 0.5), b={"zero": 0.0, "one": 1.0})
    w, b = fig.widget.children[0].children
    reference = widgets.interactive(lambda w=0.5, b=0.0: None, w=(-1.0, 1.0, 0.5), b={"zero": 0.0, "one": 1.0})
    ref_w, ref_b = reference.children[:2]
    assert (type(w), w.min, w.max, w.step, w.value) == (type(ref_w), ref_w.min, ref_w.max, ref_w.step, ref_w.value)
    assert (type(b), b.options, b.value) == (type(ref_b), ref_b.options, ref_b.value)
    assert w.description == "w" and b.description == "b"
