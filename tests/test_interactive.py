"""origami.interactive_figure: the control grid, the budgets, the words, and the same picture in both modes.

The grammar of controls is tested in ``test_controls.py``, the static HTML in ``test_static_html.py``,
the live panel in ``test_live.py``.
"""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest
from interactive_drawings import labelled, line, panels, static_mode  # noqa: F401 (a fixture)

import origami
from origami.interactive_figure import InteractiveFigure


# ----------------------------------------------------------------------- controls and draw
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
def test_mode_comes_from_the_environment(monkeypatch):
    from origami.interactive_figure import mode

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
    assert two != three and len(figure._renderer._layouts) == 1


# ----------------------------------------------------------------------- words
def test_describe_gives_the_words_of_each_frame_from_the_same_values():
    def describe(w, b):
        return f"slope {w:g},   intercept {b:g}"  # runs of spaces are folded

    fig = origami.interactive(line, w=(-1.0, 1.0, 0.5), b=[0.0, 1.0], describe=describe)
    assert fig.description(w=0.5, b=1.0) == "slope 0.5, intercept 1"
    assert fig.description() == "slope 0, intercept 0"  # the starting values
    assert fig.alt_text(w=0.5) == fig.alt + ". slope 0.5, intercept 0"


def test_without_describe_the_words_list_the_control_values():
    fig = origami.interactive(line, w=(-1.0, 1.0, 0.5), b=[0.0, 1.0])
    assert fig.description(w=-0.5, b=1.0) == "w = -0.5, b = 1.0"


@pytest.mark.parametrize("bad", [None, "", "   ", 3])
def test_describe_must_return_text(bad):
    fig = origami.interactive(line, w=(-1.0, 1.0, 0.5), b=[0.0], describe=lambda w, b: bad)
    with pytest.raises(ValueError, match=r"describe\(w=0.0, b=0.0\)"):
        fig.description()


@pytest.mark.parametrize("key", ["describe", "narrow"])
def test_describe_and_narrow_must_be_callable(key):
    with pytest.raises(ValueError, match=key):
        origami.interactive(line, w=(-1.0, 1.0, 0.5), b=[0.0], **{key: "words"})


# ----------------------------------------------------------------------- narrow layout
def test_narrow_layout_is_its_own_picture_at_most_600_pixels_wide():
    fig = origami.interactive(panels, w=(0.0, 1.0, 0.5), b=[0.0, 1.0], fmt="png",
                              narrow=lambda w, b: panels(w, b, columns=2))
    wide, narrow = fig.frame(w=0.5), fig.frame(w=0.5, narrow=True)
    assert wide.size[0] == 800 and wide.size[0] / wide.size[1] > 2.5  # four panels in a row
    assert narrow.size[0] <= 600 and narrow.size[0] / narrow.size[1] < 2  # 2 x 2
    assert fig.frame(w=0.5, narrow=True) is narrow and narrow.data != wide.data


def test_narrow_frame_of_a_figure_without_one_is_an_error():
    with pytest.raises(ValueError, match="narrow"):
        origami.interactive(line, w=(-1.0, 1.0, 0.5), b=[0.0]).frame(narrow=True)


# ----------------------------------------------------------------------- the package's shape
def test_the_interactive_modules_can_be_imported_by_name():
    """The function ``origami.interactive`` hides no module (``import origami.interactive`` gave it)."""
    names = {m.name for m in pkgutil.iter_modules(origami.__path__)}
    modules = {"interactive_figure", "controls", "frames", "static_html", "live"}
    assert modules <= names and "interactive" not in names
    for name in sorted(modules):
        module = importlib.import_module(f"origami.{name}")
        assert getattr(origami, name, module) is module, f"origami.{name} is not the module"
    assert origami.interactive is importlib.import_module("origami.interactive_figure").interactive


def test_no_module_forks_or_sets_signals_by_hand():
    source = Path(origami.__file__).parent
    bad = [
        f"{path.name}: {word}" for path in sorted(source.glob("*.py"))
        for word in ("os.fork", "import select", "import signal", "SIGKILL", "import pickle", "_TRACK")
        if word in path.read_text(encoding="utf-8")
    ]
    assert not bad, bad


def test_making_and_rendering_a_figure_does_not_import_ipywidgets():
    code = (
        "import matplotlib; matplotlib.use('Agg'); import sys, origami, matplotlib.pyplot as plt\n"
        "def draw(w):\n    fig, ax = plt.subplots(); ax.plot([0, w]); return fig\n"
        "origami.interactive(draw, w=(1, 3, 1)).to_html()\n"
        "assert 'ipywidgets' not in sys.modules, 'ipywidgets imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
