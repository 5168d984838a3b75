"""Tests for the helpers added for the chapter "The 2-D surfaces" (book/two_dimensions.md)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import origami  # noqa: E402
from origami import plots, verify  # noqa: E402

BOX = (-3.0, 3.0, -3.0, 3.0)


@pytest.fixture
def seed_net():
    w = [[1.0, 0.3], [-0.7, -0.7], [0.1, -1.0], [-0.7, 0.7]]
    return origami.ReLUNetwork([w, [[1.0, 1.0, -1.0, 1.0]]], [[-0.4, -0.4, 1.3, 0.1], [0.0]])


@pytest.fixture
def deep_regions():
    return origami.regions_2d(origami.ReLUNetwork.random([2, 8, 8, 1], seed=3), BOX)


def test_label_regions_writes_each_pattern_at_its_centroid(seed_net):
    regions = origami.regions_2d(seed_net, BOX)
    ax = plots.label_regions(regions, plt.figure().add_subplot())
    labels = {t.get_text(): t.get_position() for t in ax.texts}
    assert len(labels) == len(regions) == 11
    first = "".join("1" if b else "0" for b in regions.patterns[0])
    np.testing.assert_allclose(labels[first], regions.centroids[0])
    plt.close("all")


def test_label_regions_skips_regions_below_min_area(deep_regions):
    threshold = np.median(deep_regions.areas)
    ax = plots.label_regions(deep_regions, plt.figure().add_subplot(), min_area=threshold)
    assert len(ax.texts) == int(np.sum(deep_regions.areas >= threshold))
    plt.close("all")


def test_gradient_field_draws_one_arrow_per_region(deep_regions):
    ax = plots.plot_gradient_field(deep_regions, plt.figure().add_subplot())
    (quiver,) = ax.collections
    assert quiver.N == len(deep_regions)
    plt.close("all")


def test_pattern_table_shows_every_pattern_and_fills_the_present_ones(seed_net):
    regions = origami.regions_2d(seed_net, BOX)
    ax = plots.plot_pattern_table(regions.patterns, 4, plt.figure().add_subplot())
    assert sorted(t.get_text() for t in ax.texts) == [format(k, "04b") for k in range(16)]
    assert sum(p.get_fill() for p in ax.patches) == len(regions)
    plt.close("all")


def test_sign_conditions_never_all_hold_for_a_missing_pattern(seed_net):
    ax = plots.plot_sign_conditions(seed_net, [0, 1, 3], [1, 1, 1], BOX, plt.figure().add_subplot())
    counts = sorted(int(t.get_text()) for t in ax.texts if t.get_text())
    assert len(counts) == 7 and max(counts) == 2
    plt.close("all")


def test_sign_conditions_reject_bad_signs(seed_net):
    with pytest.raises(ValueError, match="signs"):
        plots.plot_sign_conditions(seed_net, [0, 1], [1, 0], BOX)
    plt.close("all")


def test_grid_hits_find_the_same_patterns_as_grid_patterns(deep_regions):
    hits = verify.grid_hits(deep_regions, 64)
    sampled = {p.tobytes() for p in verify.grid_patterns(deep_regions.net, BOX, 64)}
    found = np.array([p.tobytes() in sampled for p in deep_regions.patterns])
    np.testing.assert_array_equal(hits > 0, found)


def test_grid_hits_count_every_grid_centre_once(deep_regions):
    assert verify.grid_hits(deep_regions, 50, chunk=7).sum() == 50 * 50


def test_distance_to_boundary_gives_a_disc_inside_the_region(deep_regions):
    x, owner = verify.interior_points(deep_regions, per_region=2, seed=1)
    d = verify.distance_to_boundary(deep_regions, x, owner)
    assert np.all(d > 0)
    angles = np.linspace(0, 2 * np.pi, 8, endpoint=False)
    ring = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    for point, radius, f in zip(x, d, owner):
        inside = deep_regions.locate(point + 0.99 * radius * ring)
        assert np.all(inside == f)


def test_distance_to_boundary_of_the_box_centre_is_half_the_side():
    net = origami.ReLUNetwork([[[1.0, 0.0]], [[1.0]]], [[10.0], [0.0]])  # no crease in the box
    regions = origami.regions_2d(net, BOX)
    d = verify.distance_to_boundary(regions, [[0.0, 0.0]], [0])
    np.testing.assert_allclose(d, [3.0])


def test_second_differences_vanish_inside_regions(deep_regions):
    x, owner = verify.interior_points(deep_regions, per_region=2, seed=2)
    d = verify.distance_to_boundary(deep_regions, x, owner)
    big = d > 1e-2
    hess = verify.second_differences_2d(deep_regions.net, x[big], 1e-3)
    assert np.abs(hess).max() < 1e-6


def test_second_differences_detect_a_crease():
    net = origami.ReLUNetwork([[[1.0, 0.0]], [[1.0]]], [[0.0], [0.0]])  # relu(x1): crease at x1 = 0
    hess = verify.second_differences_2d(net, [[0.0, 0.5]], 1e-3)
    assert hess[0, 0] == pytest.approx(1e3)
    assert hess[0, 1] == pytest.approx(0.0)
