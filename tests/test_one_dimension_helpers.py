"""Tests for the helpers added for the chapter "The 1-D example" (book/one_dimension.md)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import assume, given, settings  # noqa: E402

from origami import ReLUNetwork, constructions, kinks, palette, plots1d, regions_1d  # noqa: E402
from origami.regions1d import kink_sources  # noqa: E402

from strategies import networks  # noqa: E402

INTERVAL = (-3.0, 3.0)


@settings(max_examples=40, deadline=None)
@given(net=networks(input_dim=1, max_depth=3, max_width=10))
def test_breakpoints_are_the_piece_ends_and_their_kinks_are_the_kinks(net):
    found = kink_sources(net, INTERVAL)
    pieces = regions_1d(net, INTERVAL)
    np.testing.assert_array_equal(found.x, [p.right for p in pieces[:-1]])
    np.testing.assert_array_equal(found.x[found.is_kink], kinks(net, INTERVAL))


@settings(max_examples=40, deadline=None)
@given(net=networks(input_dim=1, max_depth=3, max_width=10))
def test_the_source_unit_has_zero_preactivation_at_its_breakpoint(net):
    found = kink_sources(net, INTERVAL)
    assume(len(found) > 0)
    z = net.preactivations(found.x[:, None])
    at_source = np.array([z[l][i, u] for i, (l, u) in enumerate(zip(found.layer, found.unit))])
    scale = max(1.0, max(float(np.abs(zl).max()) for zl in z))
    assert np.all(np.abs(at_source) <= 1e-9 * scale)
    assert np.all(found.unit < np.array(net.hidden_widths)[found.layer])


def test_one_hidden_layer_breakpoints_come_from_the_unit_at_minus_b_over_w():
    w, b = np.array([1.0, -2.0, 0.5]), np.array([0.5, 1.0, -0.5])
    net = ReLUNetwork([w[:, None], [[1.0, 1.0, 0.0]]], [b, [0.0]])
    found = kink_sources(net, INTERVAL)
    order = np.argsort(-b / w)
    np.testing.assert_allclose(found.x, (-b / w)[order])
    np.testing.assert_array_equal(found.unit, order)
    np.testing.assert_array_equal(found.layer, [0, 0, 0])
    # The third unit has outgoing weight zero: a breakpoint, not a kink.
    np.testing.assert_array_equal(found.is_kink, order != 2)


def test_tent_map_breakpoints_come_from_every_layer():
    found = kink_sources(constructions.tent_map(3), (0.0, 1.0))
    assert len(found) == 2**3 - 1 and found.is_kink.all()
    np.testing.assert_array_equal(np.bincount(found.layer), [1, 2, 4])


def test_plot_kink_sources_marks_every_breakpoint():
    net = ReLUNetwork.random([1, 6, 6, 1], seed=2, bias_std=1.5)
    ax = plots1d.plot_kink_sources(net, INTERVAL, plt.figure().add_subplot())
    xs = np.concatenate([line.get_xdata() for line in ax.lines if line.get_marker() in palette.LAYER_MARKERS])
    np.testing.assert_allclose(np.sort(xs), kink_sources(net, INTERVAL).x)
    plt.close("all")


def test_plot_preactivations_draws_the_exact_polyline_and_rejects_a_bad_layer():
    net = ReLUNetwork.random([1, 5, 4, 1], seed=3, bias_std=1.5)
    ax = plots1d.plot_preactivations_1d(net, INTERVAL, 1, plt.figure().add_subplot())
    x = ax.lines[0].get_xdata()
    mid = (x[:-1] + x[1:]) / 2
    z = net.preactivations(mid[:, None])[1]
    drawn = np.column_stack([line.get_ydata() for line in ax.lines[:4]])
    np.testing.assert_allclose((drawn[:-1] + drawn[1:]) / 2, z, atol=1e-12)
    with pytest.raises(ValueError, match="layer"):
        plots1d.plot_preactivations_1d(net, INTERVAL, 2)
    plt.close("all")
