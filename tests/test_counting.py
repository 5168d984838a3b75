import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from origami import ReLUNetwork, bounds, counting, regions_1d
from origami.constructions import tent_map

from strategies import networks

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
