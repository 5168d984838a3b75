from itertools import combinations
from math import comb

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from origami import ReLUNetwork, bounds, crossing_box, regions_2d, verify

from strategies import boxes, networks

BOX = (-3.0, 3.0, -3.0, 3.0)


def box_area(b):
    return (b[1] - b[0]) * (b[3] - b[2])


@settings(max_examples=60, deadline=None)
@given(net=networks(), box=boxes)
def test_regions_tile_the_box(net, box):
    regions = regions_2d(net, box)
    assert np.all(regions.areas > 0)
    assert regions.areas.sum() == pytest.approx(box_area(box), rel=1e-9)


# Found by hypothesis: a region of area 1.4e-13 near (-0.98, -0.22), whose centroid the
# shoelace sums about the origin put 3e-5 away, outside the region.
TINY_FAR_REGION = ReLUNetwork.random([2, 31, 31, 19, 1], seed=3457402174, negative_slope=0.1)


@settings(max_examples=60, deadline=None)
@given(net=networks(), box=boxes, seed=st.integers(0, 100))
@example(net=TINY_FAR_REGION, box=(-1.0, 1.0, -1.0, 1.0), seed=0)
def test_each_region_map_equals_the_network_inside_it(net, box, seed):
    regions = regions_2d(net, box)
    x, owner = verify.interior_points(regions, per_region=4, seed=seed)
    scale = max(1.0, float(np.abs(regions.values).max()))
    assert verify.affine_map_error(regions, per_region=4, seed=seed) <= 1e-9 * scale
    # The interior points really have their region's pattern (up to points within rounding of a crease).
    agree = (net.activation_pattern(x) == regions.patterns[owner]).all(axis=1)
    assert agree.mean() > 0.999


@settings(max_examples=60, deadline=None)
@given(net=networks(), box=boxes)
def test_adjacent_maps_agree_on_shared_edges(net, box):
    regions = regions_2d(net, box)
    scale = max(1.0, float(np.abs(regions.values).max()))
    assert verify.continuity_error(regions) <= 1e-9 * scale


@settings(max_examples=60, deadline=None)
@given(net=networks(), box=boxes)
def test_no_two_regions_share_a_pattern(net, box):
    regions = regions_2d(net, box)
    assert len(np.unique(regions.patterns, axis=0)) == len(regions)


@settings(max_examples=60, deadline=None)
@given(net=networks())
def test_count_never_exceeds_the_upper_bounds(net):
    regions = regions_2d(net, BOX)
    hidden = net.hidden_widths
    assert len(regions) <= bounds.serra_upper(2, hidden) <= bounds.trivial(2, hidden)


@settings(max_examples=25, deadline=None)
@given(net=networks(max_depth=2, max_width=8))
def test_grid_sampling_finds_a_subset_of_the_patterns(net):
    regions = regions_2d(net, BOX)
    sampled = verify.grid_patterns(net, BOX, resolution=64)
    exact = {row.tobytes() for row in regions.patterns}
    assert {row.tobytes() for row in sampled} <= exact


@settings(max_examples=40, deadline=None)
@given(net=networks(max_depth=3, max_width=12), box=boxes)
def test_polygons_are_convex_and_counter_clockwise(net, box):
    regions = regions_2d(net, box)
    for region in regions:
        v = region.vertices
        d1 = np.roll(v, -1, axis=0) - v
        d2 = np.roll(d1, -1, axis=0)
        cross = d1[:, 0] * d2[:, 1] - d1[:, 1] * d2[:, 0]
        assert len(v) >= 3 and np.all(cross > 0)


@settings(max_examples=40, deadline=None)
@given(net=networks(), box=boxes)
@example(net=TINY_FAR_REGION, box=(-1.0, 1.0, -1.0, 1.0))
def test_every_centroid_lies_inside_its_region(net, box):
    regions = regions_2d(net, box)
    p = regions.points[regions.corners]
    q = regions.points[regions.corners[regions.next_corner]]
    c = regions.centroids[regions.face_of_corner]
    # Inside a counter-clockwise convex polygon, the centroid is left of every edge.
    side = (q[:, 0] - p[:, 0]) * (c[:, 1] - p[:, 1]) - (q[:, 1] - p[:, 1]) * (c[:, 0] - p[:, 0])
    assert np.all(side >= 0)


def test_a_tiny_region_far_from_the_origin_keeps_its_area_and_centroid():
    # Two lines 1e-7 apart, 1000 away from the origin, cut a sliver of height 1e-7.
    net = ReLUNetwork([[[1.0, 0.0], [-1.0, 0.0]], [[1.0, 1.0]]], [[-1000.0, 1000.0 + 1e-7], [0.0]])
    regions = regions_2d(net, (999.0, 1001.0, 999.0, 1001.0))
    sliver = int(np.argmin(regions.areas))
    assert regions.areas[sliver] == pytest.approx(2e-7, rel=1e-6)
    np.testing.assert_allclose(regions.centroids[sliver], [1000.0 + 5e-8, 1000.0], rtol=0, atol=1e-12)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 6, 10, 16])
def test_one_layer_in_general_position_has_zaslavsky_many_regions(n):
    net = ReLUNetwork.random([2, n, 1], seed=n)
    box = crossing_box(net.weights[0], net.biases[0])
    assert len(regions_2d(net, box)) == 1 + n + comb(n, 2) == bounds.zaslavsky(n, 2)


@pytest.mark.parametrize("seed", range(5))
def test_crossing_box_holds_every_crossing(seed):
    w, b = np.random.default_rng(seed).normal(size=(6, 2)), np.random.default_rng(seed + 10).normal(size=6)
    r = crossing_box(w, b, margin=0.5)[1]
    for i, j in combinations(range(6), 2):
        assert np.abs(np.linalg.solve(w[[i, j]], -b[[i, j]])).max() <= r - 0.5 + 1e-9


def test_crossing_box_skips_parallel_lines_and_rejects_bad_input():
    assert crossing_box([[1.0, 0.0], [2.0, 0.0]], [0.0, -4.0]) == (-5.0, 5.0, -5.0, 5.0)  # x = 0, x = 2: 2 * 2 + 1
    with pytest.raises(ValueError, match="zero row"):
        crossing_box([[1.0, 0.0], [0.0, 0.0]], [0.0, 1.0])
    with pytest.raises(ValueError, match="shape"):
        crossing_box([[1.0, 0.0, 0.0]], [0.0])
    with pytest.raises(ValueError, match="margin"):
        crossing_box([[1.0, 0.0]], [0.0], margin=0)


def test_parallel_lines_make_stripes():
    w = [[1.0, 0.0], [1.0, 0.0], [2.0, 0.0]]
    net = ReLUNetwork([w, [[1.0, 1.0, 1.0]]], [[0.0, -1.0, -4.0], [0.0]])
    assert len(regions_2d(net, BOX)) == 4  # x = 0, x = 1, x = 2 cut the box into 4 stripes


def test_coincident_lines_count_once():
    net = ReLUNetwork([[[1.0, 1.0], [2.0, 2.0], [-1.0, -1.0]], [[1.0, 1.0, 1.0]]], [[0.5, 1.0, -0.5], [0.0]])
    regions = regions_2d(net, BOX)
    assert len(regions) == 2
    assert regions.areas.sum() == pytest.approx(36.0)


def test_a_unit_that_is_zero_everywhere_adds_no_region():
    net = ReLUNetwork([[[1.0, 0.0], [0.0, 0.0]], [[1.0, 1.0]]], [[0.0, 0.0], [0.0]])
    regions = regions_2d(net, BOX)
    assert len(regions) == 2 and not regions.patterns[:, 1].any()


def test_lines_through_box_corners():
    # The diagonals pass exactly through all four corners.
    net = ReLUNetwork([[[1.0, -1.0], [1.0, 1.0]], [[1.0, 1.0]]], [[0.0, 0.0], [0.0]])
    regions = regions_2d(net, BOX)
    assert len(regions) == 4
    np.testing.assert_allclose(np.sort(regions.areas), [9.0] * 4)


def test_an_all_dead_layer_leaves_one_region_beyond_it():
    net = ReLUNetwork(
        [[[1.0, 0.0], [0.0, 1.0]], [[1.0, 1.0], [1.0, 1.0]], [[1.0, 1.0]]],
        [[0.0, 0.0], [-100.0, -100.0], [0.0]],
    )
    regions = regions_2d(net, BOX)
    assert len(regions) == 4  # the axes cut; the dead second layer adds nothing
    assert not regions.patterns[:, 2:].any()
    assert np.all(regions.A == 0)


def test_box_that_cuts_regions_into_slivers():
    net = ReLUNetwork([[[1.0, 0.0], [0.0, 1.0]], [[1.0, 1.0]]], [[-1e-7, -2.0 + 1e-7], [0.0]])
    regions = regions_2d(net, (-1.0, 1e-7 + 1e-7, 0.0, 2.0))
    assert len(regions) == 4
    assert regions.areas.sum() == pytest.approx((1.0 + 2e-7) * 2.0, rel=1e-12)


def test_plane_slice_matches_the_network_on_the_plane():
    net = ReLUNetwork.random([5, 12, 12, 1], seed=3)
    rng = np.random.default_rng(0)
    origin, u, v = rng.normal(size=(3, 5))
    regions = regions_2d(net, (-1.0, 1.0, -1.0, 1.0), plane=(origin, u, v))
    x, owner = verify.interior_points(regions, per_region=3)
    full = net(origin + x[:, :1] * u + x[:, 1:] * v)
    predicted = np.einsum("pij,pj->pi", regions.A[owner], x) + regions.c[owner]
    np.testing.assert_allclose(full, predicted, atol=1e-10)
    assert regions.A.shape[1:] == (1, 2)


def test_region_objects_expose_the_documented_fields():
    regions = regions_2d(ReLUNetwork.random([2, 4, 1], seed=0), BOX)
    r = regions[0]
    assert r.vertices.shape[1] == 2 and r.pattern.shape == (4,)
    assert r.A.shape == (1, 2) and r.c.shape == (1,)
    assert r.area == pytest.approx(regions.areas[0]) and r.centroid.shape == (2,)
    assert len(list(regions)) == len(regions)


def test_locate_finds_the_region_of_interior_points():
    regions = regions_2d(ReLUNetwork.random([2, 8, 8, 1], seed=2), BOX)
    x, owner = verify.interior_points(regions, per_region=2)
    assert np.mean(regions.locate(x) == owner) > 0.999
