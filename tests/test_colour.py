"""Colour is never the only cue: categories in the library's figures stay apart for every reader.

Each test draws a figure with the library's own plotting function, reads the categories (units,
layers, classes, curves) back from the matplotlib artists it made, and checks every pair of
categories is told apart: by a different line style, a different marker, or colours that still
differ by at least ``THRESHOLD`` in CAM02-UCS (Luo et al. 2006) under simulated deuteranopia and
protanopia (Machado et al. 2009, as implemented by ``colorspacious``, severity 100) and for
normal vision.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from colorspacious import cspace_convert, deltaE  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402

from origami import ReLUNetwork, classifier_plots, palette, plots, plots1d, regions_2d  # noqa: E402

#: Smallest colour difference (CAM02-UCS Delta E') that counts as "told apart" for thin lines and
#: small markers. One unit is about a just-noticeable difference between large patches; lines a
#: point or two wide need far more. The Okabe-Ito colours the book uses for its first four
#: categories differ by at least 15 under both simulations; matplotlib's default orange, green
#: and red differ by 1.6 to 5.2 (they merge into one olive).
THRESHOLD = 12.0
VISIONS = ("normal", "deuteranomaly", "protanomaly")


def seen(color, vision: str) -> np.ndarray:
    """The sRGB colour (0..1) a reader with ``vision`` perceives."""
    rgb = np.asarray(to_rgb(color))
    if vision == "normal":
        return rgb
    space = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}
    return np.clip(cspace_convert(rgb, space, "sRGB1"), 0.0, 1.0)


def colour_difference(a, b) -> float:
    """The smallest CAM02-UCS difference of two colours over normal, deuteran and protan vision."""
    return min(float(deltaE(seen(a, v), seen(b, v), input_space="sRGB1", uniform_space="CAM02-UCS"))
               for v in VISIONS)


@dataclass(frozen=True)
class Cue:
    """What tells one category apart: its colour, line style (normalised) and marker."""

    name: str
    color: tuple
    linestyle: object = None
    marker: object = None


def told_apart(a: Cue, b: Cue) -> bool:
    if a.linestyle is not None and b.linestyle is not None and a.linestyle != b.linestyle:
        return True
    if a.marker not in (None, "None", "") and b.marker not in (None, "None", "") and a.marker != b.marker:
        return True
    return colour_difference(a.color, b.color) >= THRESHOLD


def assert_all_told_apart(cues):
    assert len(cues) >= 2, "the figure should show at least two categories"
    merged = [(a.name, b.name, round(colour_difference(a.color, b.color), 1))
              for a, b in itertools.combinations(cues, 2) if not told_apart(a, b)]
    assert not merged, f"categories told apart by nothing but a colour that merges: {merged}"


def line_cue(line) -> Cue:
    # get_linestyle() names the four standard styles; dash tuples all read "--" (conservative).
    return Cue(line.get_label(), to_rgb(line.get_color()), line.get_linestyle(), line.get_marker())


def collection_cue(name, collection) -> Cue:
    offset, dashes = collection.get_linestyle()[0]
    return Cue(name, tuple(collection.get_edgecolor()[0][:3]), (offset, None if dashes is None else tuple(dashes)))


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# --- the simulation itself --------------------------------------------------------------------

def test_simulation_merges_matplotlibs_orange_green_and_red_for_deuteranopes():
    assert colour_difference("C1", "C2") < THRESHOLD
    assert colour_difference("C2", "C3") < THRESHOLD
    assert float(deltaE(seen("C2", "normal"), seen("C3", "normal"), input_space="sRGB1",
                        uniform_space="CAM02-UCS")) > 50


def test_black_and_white_stay_apart_for_every_reader():
    assert colour_difference("black", "white") > 90


def test_same_colour_same_style_is_not_told_apart():
    cue = Cue("a", to_rgb("C0"), "-", "None")
    assert not told_apart(cue, Cue("b", to_rgb("C0"), "-", "None"))
    assert told_apart(cue, Cue("b", to_rgb("C0"), "--", "None"))


# --- the library's categorical figures ---------------------------------------------------------

def test_the_first_layer_lines_of_a_network_are_told_apart():
    net = ReLUNetwork.random([2, 6, 1], seed=0)
    ax = plots.plot_hyperplanes(net, (-3, 3, -3, 3))
    assert_all_told_apart([line_cue(line) for line in ax.lines])


def test_sign_condition_lines_are_told_apart():
    net = ReLUNetwork.random([2, 4, 1], seed=0)
    ax = plots.plot_sign_conditions(net, [0, 1, 2, 3], [1, -1, 1, -1], (-3, 3, -3, 3))
    assert_all_told_apart([line_cue(line) for line in ax.lines if line.get_label().startswith("unit")])


def test_crease_layers_are_told_apart():
    regions = regions_2d(ReLUNetwork.random([2, 5, 5, 5, 5, 1], seed=1), (-2, 2, -2, 2))
    ax = plots.plot_creases_by_layer(regions)
    layers = [c for c in ax.collections if len(c.get_segments())]
    assert len(layers) == 4
    assert_all_told_apart([collection_cue(f"layer {i + 1}", c) for i, c in enumerate(layers)])
    # and the legend says the same as the lines
    assert_all_told_apart([line_cue(line) for line in ax.lines])


def test_breakpoint_markers_of_the_layers_are_told_apart():
    net = ReLUNetwork.random([1, 6, 6, 6, 1], seed=2)
    ax = plots1d.plot_kink_sources(net, (-3, 3))
    kinks = [line for line in ax.lines if line.get_label().endswith(", kink")]
    assert len(kinks) == 3
    assert_all_told_apart([line_cue(line) for line in kinks])


def test_exact_and_finite_difference_slopes_are_told_apart():
    axes = plots1d.plot_four_panels(ReLUNetwork.random([1, 4, 1], seed=0), (-2, 2))
    exact = [c for c in axes[2].collections if len(c.get_segments())]  # one per piece
    (estimate,) = [line for line in axes[2].lines if line.get_label() == "finite difference"]
    assert len(exact) >= 2
    for piece in exact:
        assert piece.get_linestyle()[0][1] is None  # solid
        assert told_apart(Cue("exact", tuple(piece.get_color()[0][:3]), "-"), line_cue(estimate))


def test_bends_and_non_bends_are_told_apart():
    regions = regions_2d(ReLUNetwork.random([2, 4, 4, 1], seed=0), (-2, 2, -2, 2))
    ax = plots.plot_bends(regions)
    assert_all_told_apart([line_cue(line) for line in ax.lines])


def test_the_two_classes_of_labelled_data_are_told_apart():
    X = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]])
    ax = classifier_plots.plot_labelled_data(X, np.array([0, 1, 0]))
    faces = ax.collections[0].get_facecolors()[:, :3]
    zero, one = faces[0], faces[1]
    np.testing.assert_allclose(faces[2], zero)
    assert colour_difference(tuple(zero), tuple(one)) >= THRESHOLD


def test_palette_categories_are_told_apart_by_style_and_by_colour_alone_for_the_first_four():
    cues = [Cue(str(i), to_rgb(palette.PALETTE[i]), palette.LINESTYLES[i], palette.MARKERS[i])
            for i in range(len(palette.PALETTE))]
    assert_all_told_apart(cues)
    assert len(set(map(str, palette.LINESTYLES))) == len(palette.LINESTYLES)
    assert len(set(palette.MARKERS)) == len(palette.MARKERS)
    for a, b in itertools.combinations(palette.PALETTE[:4], 2):
        assert colour_difference(a, b) >= THRESHOLD, (a, b)
