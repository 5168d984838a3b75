import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from origami import ReLUNetwork, plots, regions_2d  # noqa: E402


def test_a_region_keeps_its_colour_across_figures():
    regions = regions_2d(ReLUNetwork.random([2, 6, 1], seed=0), (-2, 2, -2, 2))
    first = plots.pattern_colors(regions.patterns)
    again = plots.pattern_colors(regions.patterns[::-1])[::-1]
    np.testing.assert_array_equal(first, again)
    assert len({tuple(c) for c in np.round(first, 6)}) == len(regions)


def test_plotting_functions_draw_on_the_given_axes_and_return_them():
    net = ReLUNetwork.random([2, 4, 1], seed=1)
    regions = regions_2d(net, (-2, 2, -2, 2))
    fig, ax = plt.subplots()
    assert plots.plot_regions(regions, ax) is ax
    assert len(ax.collections) == 2  # filled regions and creases
    ax3 = fig.add_subplot(projection="3d")
    assert plots.plot_surface(regions, ax3) is ax3
    axes = plots.plot_four_panels(ReLUNetwork.random([1, 4, 1], seed=0), (-2, 2))
    assert len(axes) == 4
    plt.close("all")


def test_decision_boundary_segments_lie_on_the_zero_set():
    net = ReLUNetwork.random([2, 8, 8, 1], seed=3)
    regions = regions_2d(net, (-2, 2, -2, 2))
    fig, ax = plt.subplots()
    assert plots.plot_decision_boundary(regions, ax, linewidths=1.0) is ax
    (lines,) = ax.collections
    segments = lines.get_segments()
    assert len(segments) > 0
    ends = np.concatenate(segments)
    np.testing.assert_allclose(net(ends)[:, 0], 0.0, atol=1e-9)
    plt.close(fig)
