from math import prod

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from origami import ReLUNetwork, bounds, counting, regions_1d, regions_2d
from origami.constructions import tent_map

from strategies import networks


# ------------------------------------------------------------------ the lower bound itself
@given(hidden=st.lists(st.integers(3, 30), min_size=1, max_size=6))
def test_serra_lower_is_the_exact_maximum_for_one_input(hidden):
    assert counting.serra_lower(1, hidden) == bounds.serra_upper(1, hidden) == prod(n + 1 for n in hidden)


@given(n0=st.integers(1, 4), data=st.data())
def test_serra_lower_lies_between_montufar_and_serra_upper(n0, data):
    hidden = data.draw(st.lists(st.integers(3 * n0, 3 * n0 + 12), min_size=1, max_size=5))
    lower = counting.serra_lower(n0, hidden)
    assert bounds.montufar_lower(n0, hidden) <= lower <= bounds.serra_upper(n0, hidden)


def test_serra_lower_rejects_layers_narrower_than_three_inputs():
    with pytest.raises(ValueError, match="3 \\* n0"):
        counting.serra_lower(2, [5, 8])
    assert counting.serra_lower(2, [6, 2]) == 16 * 4  # the last layer may be narrow


# ----------------------------------------------------------------------------- the fold
@given(p=st.integers(3, 12))
def test_sawtooth_alternates_between_zero_and_one_at_its_kinks(p):
    g = counting.sawtooth(p)
    t = np.arange(1, p + 1) / (p + 1)
    assert np.allclose(g(t[:, None])[:, 0], np.arange(p) % 2, atol=1e-12)


@given(p=st.integers(3, 12))
def test_every_piece_of_the_sawtooth_covers_the_unit_interval(p):
    g = counting.sawtooth(p)
    pieces = counting.line_regions(g)
    assert len(pieces) == p + 1
    slopes = np.array([piece.slope[0] for piece in pieces])
    assert np.all(slopes[:-1] * slopes[1:] < 0)  # no flat piece, slopes alternate
    for piece in pieces[1:-1]:
        ends = np.sort([piece.slope[0] * x + piece.intercept[0] for x in (piece.left, piece.right)])
        assert ends == pytest.approx([0.0, 1.0], abs=1e-9)
    outside = np.concatenate([np.linspace(-3, -1e-6, 50), np.linspace(1 + 1e-6, 4, 50)])
    values = g(outside[:, None])[:, 0]
    assert np.all((values <= 1e-9) | (values >= 1 - 1e-9))  # only [0, 1] maps into (0, 1)


def test_sawtooth_needs_three_units():
    with pytest.raises(ValueError, match="at least 3 units"):
        counting.sawtooth(2)


# ------------------------------------------------------------------- the folding network
@settings(max_examples=30, deadline=None)
@given(hidden=st.lists(st.integers(3, 6), min_size=1, max_size=4))
def test_folding_network_reaches_the_one_input_maximum_on_the_whole_line(hidden):
    net = counting.folding_network(1, hidden)
    expected = bounds.serra_upper(1, hidden)
    assert counting.count_on_line(net) == expected
    assert len(regions_1d(net, (0.0, 1.0))) == expected


@settings(max_examples=15, deadline=None)
@given(first=st.lists(st.integers(6, 9), min_size=0, max_size=2), last=st.integers(1, 9))
def test_folding_network_reaches_its_claimed_count_in_the_plane(first, last):
    hidden = [*first, last]
    assume(counting.serra_lower(2, hidden) <= 20000)
    net = counting.folding_network(2, hidden)
    inside = len(regions_2d(net, (0.0, 1.0, 0.0, 1.0)))
    assert inside == counting.serra_lower(2, hidden)
    # Every region meets the unit square, so a larger box finds no more.
    assert len(regions_2d(net, (-3.0, 4.0, -3.0, 4.0))) == inside


@pytest.mark.parametrize("n0, hidden", [(3, [9, 9]), (2, [5, 6]), (1, [2, 3])])
def test_folding_network_rejects_unsupported_architectures(n0, hidden):
    with pytest.raises(ValueError):
        counting.folding_network(n0, hidden)


# --------------------------------------------------------------------- counts on lines
@settings(max_examples=60, deadline=None)
@given(net=networks(input_dim=1, max_depth=4, max_width=12), a=st.floats(-8, -0.1), b=st.floats(0.1, 8))
def test_count_on_a_segment_matches_regions_1d(net, a, b):
    assert counting.count_on_line(net, interval=(a, b)) == len(regions_1d(net, (a, b)))


@settings(max_examples=60, deadline=None)
@given(net=networks(input_dim=1, max_depth=4, max_width=12))
def test_whole_line_count_never_exceeds_the_bounds_and_misses_nothing(net):
    pieces = counting.line_regions(net)
    count = len(pieces)
    assert count <= bounds.serra_upper(1, net.hidden_widths) <= bounds.trivial(1, net.hidden_widths)
    window = max(abs(pieces[0].left), abs(pieces[-1].right))
    assert len(regions_1d(net, (-10 * window, 10 * window))) == count


@settings(max_examples=40, deadline=None)
@given(net=networks(input_dim=3, max_depth=3, max_width=10), seed=st.integers(0, 1000))
def test_line_through_a_deeper_input_space_is_counted_like_its_restriction(net, seed):
    rng = np.random.default_rng(seed)
    origin, direction = rng.normal(size=3), rng.normal(size=3)
    count = counting.count_on_line(net, origin, direction)
    assert count <= bounds.serra_upper(1, net.hidden_widths)
    assert counting.count_on_line(net, origin, direction, (-2.0, 2.0)) <= count


def test_tent_map_has_a_flat_piece_left_of_zero():
    # Two right-facing units: 2**k pieces on [0, 1] plus the flat ray and the last ray.
    assert counting.count_on_line(tent_map(1)) == 3
    assert len(regions_1d(tent_map(3), (0, 1))) == 8 < counting.count_on_line(tent_map(3))


def test_count_on_line_needs_a_line_for_several_inputs():
    net = ReLUNetwork.random([2, 4, 1], seed=0)
    with pytest.raises(ValueError, match="origin and direction"):
        counting.count_on_line(net)
    with pytest.raises(ValueError, match="both"):
        counting.count_on_line(net, origin=[0.0, 0.0])
    with pytest.raises(ValueError, match="ReLUNetwork"):
        counting.count_on_line("not a network")


# --------------------------------------------------------------- random networks, seeds
@settings(max_examples=20, deadline=None)
@given(hidden=st.lists(st.integers(1, 12), min_size=1, max_size=4), n0=st.integers(1, 4))
def test_random_line_counts_never_exceed_the_line_maximum(hidden, n0):
    counts = counting.random_line_counts(n0, hidden, seeds=5)
    assert counts.shape == (5,)
    assert np.all((counts >= 1) & (counts <= bounds.serra_upper(1, hidden)))
    assert np.array_equal(counts, counting.random_line_counts(n0, hidden, seeds=range(5)))


@settings(max_examples=10, deadline=None)
@given(hidden=st.lists(st.integers(1, 8), min_size=1, max_size=3))
def test_random_region_counts_never_exceed_the_upper_bounds(hidden):
    counts = counting.random_region_counts(hidden, seeds=[3, 7], bounds=(-50, 50, -50, 50))
    assert np.all(counts <= bounds.serra_upper(2, hidden))
    assert np.all(counts <= bounds.trivial(2, hidden))
    nets = [ReLUNetwork.random([2, *hidden, 1], seed=s) for s in (3, 7)]
    assert np.array_equal(counts, counting.region_counts(nets, (-50, 50, -50, 50)))


@pytest.mark.parametrize(
    "call",
    [
        lambda: counting.random_line_counts(2, [4], seeds=[]),
        lambda: counting.random_line_counts(2, [4], seeds=3, length=0.0),
        lambda: counting.random_region_counts([0, 3], seeds=2),
    ],
)
def test_random_counts_reject_bad_input(call):
    with pytest.raises(ValueError):
        call()


# ------------------------------------------------------------- where regions crowd
def test_local_density_is_one_over_the_area_of_the_region():
    net = ReLUNetwork([[[1.0, 0.0]], [[1.0]]], [[-0.5], [0.0]])  # crease at x1 = 0.5
    regions = regions_2d(net, (-1, 1, -1, 1))
    density = counting.local_density(regions, [[0.9, 0.0], [0.0, 0.3], [5.0, 0.0]])
    assert density[:2] == pytest.approx([1 / 1.0, 1 / 3.0])
    assert np.isnan(density[2])  # outside the box


@settings(max_examples=15, deadline=None)
@given(net=networks(input_dim=2, max_depth=2, max_width=6, leaky=False))
def test_local_density_integrates_to_the_number_of_regions(net):
    regions = regions_2d(net, (-1, 1, -1, 1))
    grid = (np.arange(200) + 0.5) / 100 - 1
    x = np.column_stack([a.ravel() for a in np.meshgrid(grid, grid)])
    density = counting.local_density(regions, x)
    assume(np.count_nonzero(np.isnan(density)) == 0)
    assume(regions.areas.min() > 0.05)  # every region holds many grid points
    assert np.nansum(density) * (2 / 200) ** 2 == pytest.approx(len(regions), rel=0.1)


def test_density_by_distance_averages_within_bands():
    mean, samples = counting.density_by_distance([1.0, 3.0, np.nan, 5.0], [0.1, 0.2, 0.3, np.inf], [0, 1, 2])
    assert mean[0] == 2.0 and np.isnan(mean[1])
    assert samples.tolist() == [2, 0]
    with pytest.raises(ValueError):
        counting.density_by_distance([1.0], [0.1, 0.2], [0, 1])
    with pytest.raises(ValueError):
        counting.density_by_distance([1.0], [0.1], [1, 0])


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 1000))
def test_distances_agree_with_brute_force(seed):
    rng = np.random.default_rng(seed)
    x, points = rng.normal(size=(30, 2)), rng.normal(size=(7, 2))
    brute = np.linalg.norm(x[:, None] - points[None], axis=2).min(1)
    assert counting.distance_to_points(x, points) == pytest.approx(brute)
    segments = rng.normal(size=(5, 2, 2))
    s = np.linspace(0, 1, 20001)
    dense = segments[:, None, 0] + s[None, :, None] * (segments[:, None, 1] - segments[:, None, 0])
    brute = np.linalg.norm(x[:, None, None] - dense[None], axis=3).min(axis=(1, 2))
    assert counting.distance_to_segments(x, segments) == pytest.approx(brute, abs=1e-3)
    assert np.all(np.isinf(counting.distance_to_segments(x, np.zeros((0, 2, 2)))))
