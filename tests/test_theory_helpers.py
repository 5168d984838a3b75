"""Tests for the helpers added for the chapter "Why ReLU networks are piecewise linear" (book/theory.md)."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from origami import ReLUNetwork, constructions, linear_pieces, plots, regions_2d  # noqa: E402
from origami.pieces import edge_bends  # noqa: E402
from origami.regions2d import crease_units  # noqa: E402

X = np.random.default_rng(0).normal(size=(300, 2))


def test_compose_computes_outer_of_inner():
    inner = ReLUNetwork.random([2, 5, 3], seed=1)
    outer = ReLUNetwork.random([3, 4, 4, 1], seed=2)
    net = constructions.compose(outer, inner)
    np.testing.assert_allclose(net(X), outer(inner(X)), atol=1e-12)
    assert net.hidden_widths == [5, 4, 4]


def test_stack_runs_networks_side_by_side():
    f = ReLUNetwork.random([2, 3, 2, 1], seed=3)
    g = ReLUNetwork.random([2, 6, 5, 2], seed=4)
    net = constructions.stack(f, g)
    np.testing.assert_allclose(net(X), np.hstack([f(X), g(X)]), atol=1e-12)
    assert net.widths == [2, 9, 7, 3]


def test_max_of_two_networks_is_a_network():
    f = ReLUNetwork.random([2, 4, 4, 1], seed=5)
    g = ReLUNetwork.random([2, 3, 6, 1], seed=6)
    net = constructions.compose(constructions.maximum(2), constructions.stack(f, g))
    np.testing.assert_allclose(net(X)[:, 0], np.maximum(f(X), g(X))[:, 0], atol=1e-12)


@pytest.mark.parametrize(
    "call",
    [
        lambda: constructions.compose(ReLUNetwork.random([2, 3, 1]), ReLUNetwork.random([2, 3, 3])),
        lambda: constructions.stack(ReLUNetwork.random([2, 3, 1]), ReLUNetwork.random([2, 3, 3, 1])),
        lambda: constructions.stack(ReLUNetwork.random([2, 3, 1]), ReLUNetwork.random([3, 3, 1])),
        lambda: constructions.stack(),
    ],
)
def test_compose_and_stack_reject_mismatched_networks(call):
    with pytest.raises(ValueError):
        call()


def test_crease_units_name_the_unit_that_flips_across_each_edge():
    regions = regions_2d(ReLUNetwork.random([2, 4, 3, 1], seed=7), (-3, 3, -3, 3))
    units = crease_units(regions)
    e = regions.edges
    assert np.all(units[~e.interior] == -1)
    inner = np.flatnonzero(e.interior)
    flipped = regions.patterns[e.left[inner], units[inner]] != regions.patterns[e.right[inner], units[inner]]
    assert flipped.all()
    # The pre-activation of that unit vanishes at both ends of the edge.
    z = np.concatenate(regions.net.preactivations(regions.points), axis=1)
    scale = np.abs(z).max()
    for end in (0, 1):
        assert np.abs(z[e.ends[inner, end], units[inner]]).max() < 1e-9 * scale


def test_edge_bends_are_false_inside_a_linear_piece():
    net = ReLUNetwork.random([2, 4, 1], seed=0)
    net.weights[1][0, 3] = 0.0  # unit 4 no longer reaches the output: its line is no kink
    regions = regions_2d(net, (-20, 20, -20, 20))
    bends = edge_bends(regions)
    units = crease_units(regions)
    assert not bends[units == 3].any()
    assert bends[(units >= 0) & (units != 3)].all()
    assert len(linear_pieces(regions)) < len(regions)


def test_crease_and_bend_plots_draw_on_the_given_axes():
    regions = regions_2d(ReLUNetwork.random([2, 5, 5, 1], seed=8), (-2, 2, -2, 2))
    fig, ax = plt.subplots()
    assert plots.plot_creases_by_layer(regions, ax) is ax
    assert len(ax.collections) == 2  # one LineCollection per hidden layer
    fig, ax = plt.subplots()
    assert plots.plot_bends(regions, ax) is ax
    assert len(ax.collections) == 2  # kinks and non-kinks
    plt.close("all")
