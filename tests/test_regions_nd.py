"""Exact regions in any input dimension: origami.regions_nd."""

import sys
from itertools import combinations, product

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from origami import ReLUNetwork, bounds, constructions, regions_1d, regions_2d, regions_nd
from origami import robustness


@st.composite
def small_networks(draw, dims=(1, 2, 3, 4), max_units=14):
    """He-initialised networks small enough for d up to 4: 1 to 3 hidden layers."""
    d = draw(st.sampled_from(dims))
    depth = draw(st.integers(1, 3))
    per_layer = max(1, max_units // depth)
    hidden = draw(st.lists(st.integers(1, per_layer), min_size=depth, max_size=depth))
    slope = draw(st.sampled_from([0.0, 0.1]))
    seed = draw(st.integers(0, 2**32 - 1))
    return ReLUNetwork.random([d, *hidden, 2], seed=seed, negative_slope=slope)


@st.composite
def nets_and_boxes(draw, **kwargs):
    net = draw(small_networks(**kwargs))
    lows = draw(st.lists(st.floats(-4, -0.5), min_size=net.input_dim, max_size=net.input_dim))
    highs = draw(st.lists(st.floats(0.5, 4), min_size=net.input_dim, max_size=net.input_dim))
    return net, list(zip(lows, highs))


def box_volume(box):
    return float(np.prod([hi - lo for lo, hi in box]))


def pattern_set(patterns):
    return {p.tobytes() for p in np.asarray(patterns, bool)}


def neighbour_pairs(regions):
    """Adjacent pairs (i < j) read off every region's facets one region at a time."""
    pairs = set()
    for i in range(len(regions)):
        for j in regions.neighbours(i):
            if j >= 0:
                pairs.add((min(i, int(j)), max(i, int(j))))
    return pairs


def region_polytope(net, pattern, box):
    """Rows [a, b] with a . x <= b of the region of ``pattern`` in ``box``, from scratch."""
    a, b = robustness.unit_affine_maps(net, pattern)
    s = np.where(pattern, 1.0, -1.0)
    d = net.input_dim
    lo, hi = np.array(box).T
    A = np.vstack([-s[:, None] * a, np.eye(d), -np.eye(d)])
    rhs = np.concatenate([s * b, hi, -lo])
    return A, rhs


def chebyshev_radius(A, rhs, strict=None):
    """Largest ball inside ``A x <= rhs`` (an LP; HiGHS); -1 if empty.

    A row with ``A = 0`` is a unit constant on the region: it holds when ``0 <= rhs``, or
    ``0 < rhs`` where ``strict`` (an active unit must be positive, not zero).
    """
    norms = np.linalg.norm(A, axis=1)
    keep = norms > 0
    strict = np.zeros(len(rhs), bool) if strict is None else strict
    flat_rhs, flat_strict = rhs[~keep], strict[~keep]
    if np.any(flat_rhs < 0) or np.any(flat_strict & (flat_rhs <= 0)):
        return -1.0
    A, rhs, norms = A[keep], rhs[keep], norms[keep]
    d = A.shape[1]
    res = linprog(
        np.r_[np.zeros(d), -1.0],
        A_ub=np.column_stack([A, norms]),
        b_ub=rhs,
        bounds=[(None, None)] * d + [(None, 1.0)],
        method="highs",
    )
    return -res.fun if res.status == 0 else -1.0


def brute_force_patterns(net, box, margin=1e-7):
    """Every pattern whose region contains a ball of radius > margin: 2^N linear programs."""
    found = []
    for bits in product([False, True], repeat=net.n_hidden):
        p = np.array(bits)
        strict = np.concatenate([p, np.zeros(2 * net.input_dim, bool)])
        if chebyshev_radius(*region_polytope(net, p, box), strict) > margin:
            found.append(p)
    return pattern_set(found)


# ------------------------------------------------------------------ agreement in d = 1, 2
@settings(max_examples=40, deadline=None)
@given(nb=nets_and_boxes(dims=(1,), max_units=30))
def test_agrees_with_regions_1d(nb):
    net, box = nb
    mine = regions_nd(net, box)
    theirs = regions_1d(net, box[0])
    assert len(mine) == len(theirs)
    assert pattern_set(mine.patterns) == pattern_set([p.pattern for p in theirs])
    lengths = sorted(p.right - p.left for p in theirs)
    assert np.allclose(sorted(mine.volumes), lengths, rtol=1e-9, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(nb=nets_and_boxes(dims=(2,), max_units=30))
def test_agrees_with_regions_2d(nb):
    net, box = nb
    mine = regions_nd(net, box)
    theirs = regions_2d(net, (*box[0], *box[1]))
    assert len(mine) == len(theirs)
    assert pattern_set(mine.patterns) == pattern_set(theirs.patterns)
    same = mine.locate(theirs.centroids)  # the region of mine holding each polygon
    assert np.array_equal(mine.patterns[same], theirs.patterns)
    assert np.allclose(mine.volumes[same], theirs.areas, rtol=1e-8, atol=1e-12 * box_volume(box))


def test_more_labels_than_one_machine_word():
    # 80 units and 4 box sides: the label bitsets take two 64-bit words per vertex.
    net = ReLUNetwork.random([2, 40, 40, 1], seed=1)
    mine = regions_nd(net, [(-3.0, 3.0)] * 2)
    assert mine.labels.shape[1] == 2
    assert pattern_set(mine.patterns) == pattern_set(regions_2d(net, (-3, 3, -3, 3)).patterns)


def test_a_network_without_hidden_units_has_one_region():
    net = ReLUNetwork([np.eye(3)], [np.zeros(3)])
    regions = regions_nd(net, [(-1.0, 1.0), (0.0, 2.0), (0.0, 0.5)])
    assert len(regions) == 1 and regions.patterns.shape == (1, 0)
    assert regions.volumes.tolist() == pytest.approx([2.0])
    assert regions.halfspaces(0).shape == (6, 4) and len(regions.adjacency) == 0


def test_maximum_of_four_inputs_is_degenerate_but_exact():
    # max(x1, .., x4) = b + relu(a - b), b = relu(b) - relu(-b), in a tournament: units with
    # the same zero set, and planes through the origin, all meeting there: vertices on more than
    # d facets. The brute force over all 2^9 patterns finds the same regions.
    net = constructions.maximum(4)
    box = [(-1.0, 1.0)] * 4
    regions = regions_nd(net, box)
    assert pattern_set(regions.patterns) == brute_force_patterns(net, box)
    assert regions.volumes.sum() == pytest.approx(16.0, rel=1e-9)
    for i in range(len(regions)):
        rows = regions.halfspaces(i)
        assert len(np.unique(np.round(rows, 9), axis=0)) == len(rows)  # one row per facet
        inner = regions.facet_units(i) >= 0
        assert np.all(regions.neighbours(i)[inner] >= 0)  # across two units at once, too
        assert np.all(regions.neighbours(i)[~inner] == -1)
    assert set(map(tuple, regions.adjacency.tolist())) == neighbour_pairs(regions)


def build_with(net, box, pairs_per_key):
    """regions_nd with its choice of edge search forced (0: sort keys; huge: test all pairs)."""
    module = sys.modules["origami.regionsnd"]
    saved = module.PAIRS_PER_KEY
    module.PAIRS_PER_KEY = pairs_per_key
    try:
        return regions_nd(net, box)
    finally:
        module.PAIRS_PER_KEY = saved


def same_complex(a, b):
    assert np.array_equal(a.points, b.points) and np.array_equal(a.patterns, b.patterns)
    for i in range(len(a)):
        assert set(a.vertex_ids[a.starts[i] : a.starts[i + 1]]) == set(
            b.vertex_ids[b.starts[i] : b.starts[i + 1]]
        )


@settings(max_examples=30, deadline=None)
@given(nb=nets_and_boxes(dims=(1, 2, 3, 4, 5)))
def test_both_edge_searches_find_the_same_edges(nb):
    net, box = nb
    same_complex(build_with(net, box, 0), build_with(net, box, 10**9))


def test_both_edge_searches_on_degenerate_networks():
    # Vertices on more than d facets: the key search falls back to testing their pairs.
    for net, d in [(constructions.maximum(4), 4),
                   (ReLUNetwork.random([3, 5, 4, 1], seed=3, bias_std=0.0), 3)]:
        box = [(-1.0, 1.0)] * d
        keyed = build_with(net, box, 0)
        same_complex(keyed, build_with(net, box, 10**9))
        assert pattern_set(keyed.patterns) == brute_force_patterns(net, box)


# ---------------------------------------------------------------------- exactness
@settings(max_examples=40, deadline=None)
@given(nb=nets_and_boxes())
def test_volumes_tile_the_box(nb):
    net, box = nb
    regions = regions_nd(net, box)
    assert np.all(regions.volumes > 0)
    assert regions.volumes.sum() == pytest.approx(box_volume(box), rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(nb=nets_and_boxes(), seed=st.integers(0, 1000))
def test_every_point_of_the_box_lies_in_one_region(nb, seed):
    net, box = nb
    regions = regions_nd(net, box)
    lo, hi = np.array(box).T
    x = np.random.default_rng(seed).uniform(lo, hi, size=(200, len(box)))
    owner = regions.locate(x)
    assert np.all(owner >= 0)
    for j in range(0, 200, 20):
        rows = regions.halfspaces(owner[j])
        assert np.all(rows[:, :-1] @ x[j] <= rows[:, -1] + 1e-9)


@settings(max_examples=40, deadline=None)
@given(nb=nets_and_boxes())
def test_each_map_equals_the_network_at_its_interior_point(nb):
    net, box = nb
    regions = regions_nd(net, box)
    x = regions.interior_points
    assert np.array_equal(regions.locate(x), np.arange(len(regions)))
    predicted = np.einsum("nod,nd->no", regions.A, x) + regions.c
    scale = max(1.0, float(np.abs(predicted).max()))
    assert np.abs(predicted - net(x)).max() <= 1e-9 * scale


@settings(max_examples=30, deadline=None)
@given(nb=nets_and_boxes())
def test_neighbouring_maps_agree_on_their_shared_facet(nb):
    net, box = nb
    regions = regions_nd(net, box)
    assert set(map(tuple, regions.adjacency.tolist())) == neighbour_pairs(regions)
    for i, j in regions.adjacency:
        shared = np.intersect1d(
            regions.vertex_ids[regions.starts[i] : regions.starts[i + 1]],
            regions.vertex_ids[regions.starts[j] : regions.starts[j + 1]],
        )
        assert len(shared) >= len(box)  # a (d-1)-face has at least d vertices
        x = regions.points[shared]
        gi = x @ regions.A[i].T + regions.c[i]
        gj = x @ regions.A[j].T + regions.c[j]
        scale = max(1.0, float(np.abs(gi).max()))
        assert np.abs(gi - gj).max() <= 1e-9 * scale
        assert (regions.patterns[i] ^ regions.patterns[j]).sum() == 1


@settings(max_examples=40, deadline=None)
@given(nb=nets_and_boxes())
def test_no_pattern_twice_and_counts_within_the_upper_bounds(nb):
    net, box = nb
    regions = regions_nd(net, box)
    assert len(pattern_set(regions.patterns)) == len(regions)
    assert len(regions) <= bounds.serra_upper(net.input_dim, net.hidden_widths)


def flats_meeting_open_box(w, b, box):
    """1 + the number of intersection flats of the hyperplanes w x + b = 0 meeting the open box."""
    d = w.shape[1]
    lo, hi = np.array(box).T
    count = 1
    for k in range(1, d + 1):
        for subset in combinations(range(len(w)), k):
            s = list(subset)
            # maximise t with lo + t <= x <= hi - t on the flat
            res = linprog(
                np.r_[np.zeros(d), -1.0],
                A_ub=np.vstack([np.column_stack([-np.eye(d), np.ones(d)]),
                                np.column_stack([np.eye(d), np.ones(d)])]),
                b_ub=np.r_[-lo, hi],
                A_eq=np.column_stack([w[s], np.zeros(k)]),
                b_eq=-b[s],
                bounds=[(None, None)] * d + [(None, 1.0)],
                method="highs",
            )
            count += res.status == 0 and -res.fun > 1e-9
    return count


@settings(max_examples=25, deadline=None)
@given(nb=nets_and_boxes(dims=(2, 3, 4), max_units=7))
def test_one_layer_counts_the_flats_that_meet_the_box(nb):
    net, box = nb
    net = ReLUNetwork(net.weights[:1] + [np.ones((1, net.weights[0].shape[0]))],
                      net.biases[:1] + [np.zeros(1)])
    expected = flats_meeting_open_box(net.weights[0], net.biases[0], box)
    assert len(regions_nd(net, box)) == expected
    assert expected <= bounds.zaslavsky(net.n_hidden, net.input_dim)


@settings(max_examples=15, deadline=None)
@given(nb=nets_and_boxes(dims=(2, 3, 4), max_units=7))
def test_brute_force_over_every_pattern_agrees(nb):
    net, box = nb
    assert pattern_set(regions_nd(net, box).patterns) == brute_force_patterns(net, box)


@settings(max_examples=10, deadline=None)
@given(d=st.integers(2, 4), hidden=st.lists(st.integers(2, 4), min_size=1, max_size=2),
       seed=st.integers(0, 2**32 - 1), slope=st.sampled_from([0.0, 0.1]))
def test_zero_biases_all_planes_through_the_centre_brute_force(d, hidden, seed, slope):
    # Without biases every first-layer plane passes through the origin, the centre of the box,
    # and with slope 0 whole regions have units that are exactly zero: a degenerate network.
    net = ReLUNetwork.random([d, *hidden, 1], seed=seed, bias_std=0.0, negative_slope=slope)
    box = [(-1.0, 1.0)] * d
    regions = regions_nd(net, box)
    assert pattern_set(regions.patterns) == brute_force_patterns(net, box)
    assert regions.volumes.sum() == pytest.approx(2.0**d, rel=1e-9)


# ------------------------------------------------------------- H- and V-representation
@settings(max_examples=20, deadline=None)
@given(nb=nets_and_boxes(dims=(2, 3, 4)))
def test_halfspaces_are_irredundant_and_hold_the_vertices(nb):
    net, box = nb
    regions = regions_nd(net, box)
    d = len(box)
    for i in range(min(len(regions), 12)):
        rows, verts = regions.halfspaces(i), regions.vertices(i)
        a, b = rows[:, :d], rows[:, d]
        assert np.allclose(np.linalg.norm(a, axis=1), 1.0)
        slack = b[:, None] - a @ verts.T  # (k, m)
        assert slack.min() >= -1e-9
        assert np.all((np.abs(slack) <= 1e-9).sum(axis=1) >= d)  # each row is a facet
        # The same polytope as every unit's and box's inequality together (nothing lost) ...
        full_a, full_b = region_polytope(net, regions.patterns[i], box)
        assert np.all(full_a @ verts.T <= full_b[:, None] + 1e-9)
        # ... and dropping any row enlarges it (nothing redundant).
        for k in range(len(rows)):
            others = np.delete(np.arange(len(rows)), k)
            wide = [(lo - 1.0, hi + 1.0) for lo, hi in box]  # keeps the LP bounded
            res = linprog(-a[k], A_ub=a[others], b_ub=b[others], method="highs", bounds=wide)
            assert res.status == 0, res.message
            assert -res.fun > b[k] + 1e-9


def test_vertices_of_a_cube_cut_by_one_plane():
    net = ReLUNetwork([[[1.0, 1.0, 1.0]], [[1.0]]], [[-1.0], [0.0]])  # x + y + z = 1
    regions = regions_nd(net, [(0.0, 1.0)] * 3)
    assert len(regions) == 2
    small = int(np.argmin(regions.volumes))
    assert regions.volumes[small] == pytest.approx(1 / 6)
    corners = {tuple(v) for v in np.round(regions.vertices(small), 12)}
    assert corners == {(0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1)}
    assert len(regions.halfspaces(small)) == 4
    assert regions.adjacency.tolist() == [[0, 1]]
    assert regions[small].neighbours.tolist().count(1 - small) == 1


# ----------------------------------------------------------------------- distances
@settings(max_examples=20, deadline=None)
@given(nb=nets_and_boxes(dims=(2, 3, 4)), ord=st.sampled_from([1, 2, np.inf]))
def test_distance_to_boundary_matches_robustness_where_exact(nb, ord):
    net, box = nb
    regions = regions_nd(net, box)
    x = regions.interior_points[:10]
    found = regions.distance_to_boundary(x, ord=ord)
    for j in range(len(x)):
        ref = robustness.region_distance(net, x[j], ord=ord).distance
        if found.exact[j]:
            assert found.distance[j] == pytest.approx(ref, rel=1e-9, abs=1e-12)
        else:  # the nearest facet is a side of the box: a lower bound
            assert found.distance[j] <= ref * (1 + 1e-9)
    # The nearest point is on the region's boundary: the pattern changes just beyond it.
    for j in np.flatnonzero(found.exact & (found.distance > 1e-6)):
        step = found.point[j] + 1e-7 * (found.point[j] - x[j]) / found.distance[j]
        assert not np.array_equal(net.activation_pattern(step), regions.patterns[j])
        assert found.neighbour[j] == regions.locate(step[None, :])[0]


def test_distance_to_the_nearest_plane_of_a_cube():
    net = ReLUNetwork([[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], [[1.0, 1.0]]], [[0.0, -0.5], [0.0]])
    regions = regions_nd(net, [(-2.0, 2.0)] * 3)
    found = regions.distance_to_boundary([[0.3, 0.1, 0.0]])
    assert found.distance[0] == pytest.approx(0.3)
    assert found.unit[0] == 0 and found.exact[0]
    assert np.allclose(found.point[0], [0.0, 0.1, 0.0])
    far = regions.distance_to_boundary([[1.9, 1.9, 0.0]])  # the side x = 2 is nearer
    assert not far.exact[0] and far.distance[0] == pytest.approx(0.1)
    assert far.unit[0] == -1 and far.neighbour[0] == -1


# ------------------------------------------------------------------- locate, errors
def test_locate_outside_the_box_and_on_a_boundary():
    net = ReLUNetwork([[[1.0, 0.0, 0.0]], [[1.0]]], [[0.0], [0.0]])
    regions = regions_nd(net, [(-1.0, 1.0)] * 3)
    found = regions.locate([[0.5, 0, 0], [-0.5, 0, 0], [3.0, 0, 0]])
    assert found[0] != found[1] and min(found[:2]) >= 0 and found[2] == -1
    with pytest.raises(ValueError, match="x must have shape"):
        regions.locate([[0.0, 0.0]])


@pytest.mark.parametrize(
    "bad, message",
    [
        ([(-1, 1), (-1, 1)], "one \\(low, high\\) pair per input"),
        ([(-1, 1)] * 4, "one \\(low, high\\) pair per input"),
        ([(-1, 1), (1, -1), (-1, 1)], "bounds\\[1\\].*inverted"),
        ([(-1, 1), (-1, 1), (0.5, 0.5)], "bounds\\[2\\].*empty"),
        ([(-1, np.nan), (-1, 1), (-1, 1)], "NaN"),
        ([-1, 1, -1], "pairs"),
        ("abc", "bounds"),
    ],
)
def test_bad_bounds_are_named(bad, message):
    net = ReLUNetwork.random([3, 4, 1], seed=0)
    with pytest.raises(ValueError, match=message):
        regions_nd(net, bad)


def test_bad_distance_arguments_and_indices():
    regions = regions_nd(ReLUNetwork.random([3, 4, 1], seed=0), [(-1, 1)] * 3)
    with pytest.raises(ValueError, match="ord must be one of"):
        regions.distance_to_boundary([[0.0, 0.0, 0.0]], ord=3)
    with pytest.raises(ValueError, match="x must have shape"):
        regions.distance_to_boundary([[0.0, 0.0]])
    for method in (regions.halfspaces, regions.vertices, regions.volume, regions.neighbours):
        with pytest.raises(IndexError, match="out of range"):
            method(len(regions))
    assert np.array_equal(regions.vertices(-1), regions.vertices(len(regions) - 1))


def test_bad_network_is_named():
    with pytest.raises(ValueError, match="net must be a ReLUNetwork"):
        regions_nd("net", [(-1, 1)])
    with pytest.raises(ValueError, match="net has 64 inputs.*at most d = 16"):
        regions_nd(ReLUNetwork.random([64, 3, 1], seed=0), [(0, 1)] * 64)
