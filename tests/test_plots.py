import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from origami import ReLUNetwork, classifier_plots, palette, plots, plots1d, regions_2d  # noqa: E402


def test_a_region_keeps_its_colour_across_figures():
    regions = regions_2d(ReLUNetwork.random([2, 6, 1], seed=0), (-2, 2, -2, 2))
    first = palette.pattern_colors(regions.patterns)
    again = palette.pattern_colors(regions.patterns[::-1])[::-1]
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
    axes = plots1d.plot_four_panels(ReLUNetwork.random([1, 4, 1], seed=0), (-2, 2))
    assert len(axes) == 4
    plt.close("all")


def test_decision_boundary_segments_lie_on_the_zero_set():
    net = ReLUNetwork.random([2, 8, 8, 1], seed=3)
    regions = regions_2d(net, (-2, 2, -2, 2))
    fig, ax = plt.subplots()
    assert classifier_plots.plot_decision_boundary(regions, ax, linewidths=1.0) is ax
    (lines,) = ax.collections
    segments = lines.get_segments()
    assert len(segments) > 0
    ends = np.concatenate(segments)
    np.testing.assert_allclose(net(ends)[:, 0], 0.0, atol=1e-9)
    plt.close(fig)


def test_labelled_data_fills_label_one_and_leaves_label_zero_hollow():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    ax = classifier_plots.plot_labelled_data(X, np.array([1.0, 0.0, 1.0]))
    (points,) = ax.collections
    faces = points.get_facecolors()[:, :3]
    np.testing.assert_allclose(faces, [[0, 0, 0], [1, 1, 1], [0, 0, 0]])
    np.testing.assert_allclose(points.get_offsets(), X)
    plt.close("all")


@pytest.mark.parametrize(
    ("X", "y", "word"),
    [(np.zeros((3, 3)), np.zeros(3), "X"), (np.zeros((3, 2)), np.zeros(2), "y"),
     (np.zeros((2, 2)), np.array([0, 2]), "y")],
)
def test_labelled_data_rejects_bad_input_by_name(X, y, word):
    with pytest.raises(ValueError, match=word):
        classifier_plots.plot_labelled_data(X, y)


def test_classifier_figure_draws_regions_boundary_and_data():
    net = ReLUNetwork.random([2, 8, 1], seed=3)
    regions = regions_2d(net, (-2, 2, -2, 2))
    X = np.array([[0.5, 0.5], [-1.0, 1.0]])
    fig, ax = plt.subplots()
    assert classifier_plots.plot_classifier(regions, X, np.array([0, 1]), ax) is ax
    regions_fill, creases, boundary, points = ax.collections
    assert len(regions_fill.get_paths()) == len(regions)
    np.testing.assert_allclose(net(np.concatenate(boundary.get_segments()))[:, 0], 0.0, atol=1e-9)
    np.testing.assert_allclose(points.get_offsets(), X)
    plt.close(fig)


def test_category_style_cycles_through_palette_styles_and_markers():
    n = len(palette.PALETTE)
    assert palette.category_style(0) == {"color": palette.PALETTE[0], "ls": "-", "marker": "o"}
    assert palette.category_style(n) == palette.category_style(0)
    with pytest.raises(ValueError, match="i"):
        palette.category_style(-1)


def test_hyperplanes_get_one_style_per_unit_unless_colours_are_given():
    net = ReLUNetwork.random([2, 4, 1], seed=0)
    box = (-5, 5, -5, 5)
    default = plots.plot_hyperplanes(net, box)
    assert len({line.get_linestyle() for line in default.lines}) == len(default.lines) == 4
    grey = plots.plot_hyperplanes(net, box, plt.figure().add_subplot(), colors=["0.3"])
    assert {line.get_linestyle() for line in grey.lines} == {"-"}
    plt.close("all")


@pytest.mark.parametrize("seed", range(12))
def test_a_surface_draws_with_finite_numbers_only(seed):
    # Regions have different numbers of corners. mplot3d pads such polygons in a buffer it
    # does not initialise (matplotlib#32272), and drawing read those numbers: overflow
    # warnings and, now and then, a failed build. No floating-point error may occur now.
    regions = regions_2d(ReLUNetwork.random([2, 6 + seed, 1], seed=seed), (-3, 3, -3, 3))
    assert len({len(p) for p in regions.polygons()}) > 1  # ragged, as in the book
    fig = plt.figure()
    ax3 = fig.add_subplot(projection="3d")
    with np.errstate(all="raise"):
        plots.plot_surface(regions, ax3)
        fig.canvas.draw()
    assert ax3.get_xlim3d() == (-3, 3) and ax3.get_ylim3d() == (-3, 3)
    plt.close(fig)


def test_a_slice_is_drawn_flat_at_its_height_within_the_given_limits():
    regions = regions_2d(ReLUNetwork.random([2, 5, 1], seed=4), (-2, 2, -2, 2))
    fig = plt.figure()
    ax3 = fig.add_subplot(projection="3d")
    ax3.set(xlim=(-3, 3), ylim=(-3, 3), zlim=(-1, 1))
    with np.errstate(all="raise"):
        plots.plot_surface(regions, ax3, height=0.5)
        fig.canvas.draw()
    assert ax3.get_zlim3d() == (-1, 1) and ax3.get_xlim3d() == (-3, 3)
    (facets,) = ax3.collections
    assert len(facets.get_facecolor()) == len(regions)
    plt.close(fig)


def test_patterns_one_unit_apart_differ_clearly_in_hue():
    # neighbouring regions differ in one unit: their colours must not look alike
    import colorsys

    rng = np.random.default_rng(0)
    for n_units in (3, 16, 200):
        patterns = rng.random((50, n_units)) < 0.5
        hues = [colorsys.rgb_to_hls(*c)[0] for c in palette.pattern_colors(patterns)]
        for unit in range(n_units):
            flipped = patterns.copy()
            flipped[:, unit] = ~flipped[:, unit]
            other = [colorsys.rgb_to_hls(*c)[0] for c in palette.pattern_colors(flipped)]
            turn = np.abs(np.subtract(hues, other)) % 1.0
            assert np.all(np.minimum(turn, 1 - turn) >= palette.MIN_HUE_STEP - 1e-6), (n_units, unit)
