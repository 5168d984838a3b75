import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from origami import bounds, constructions, counting, kinks, regions_1d, regions_2d


@pytest.mark.parametrize("n", [2, 4, 8])
def test_maximum_network_computes_the_max(n):
    net = constructions.maximum(n)
    x = np.random.default_rng(n).normal(size=(200, n))
    np.testing.assert_allclose(net(x)[:, 0], x.max(axis=1), atol=1e-12)
    assert len(net.hidden_widths) == int(np.log2(n))


@settings(max_examples=40, deadline=None)
@given(values=st.lists(st.floats(-5, 5), min_size=2, max_size=12))
def test_interpolant_passes_through_every_knot(values):
    knots = np.linspace(-1, 2, len(values))
    net = constructions.interpolant(knots, values)
    np.testing.assert_allclose(net(knots[:, None])[:, 0], values, atol=1e-9)
    assert set(np.round(kinks(net, (-1, 2)), 9)) <= set(np.round(knots[1:-1], 9))


def test_tent_map_folds_the_unit_interval_onto_itself():
    net = constructions.tent_map(3)
    x = np.linspace(0, 1, 101)[:, None]
    y = net(x)[:, 0]
    assert y.min() >= -1e-12 and y.max() <= 1 + 1e-12


@pytest.mark.parametrize("call", [lambda: constructions.tent_map(0), lambda: constructions.maximum(3), lambda: constructions.interpolant([0, 0], [1, 2])])
def test_constructions_reject_bad_arguments(call):
    with pytest.raises(ValueError):
        call()


@pytest.mark.parametrize("m", [1, 2, 3, 5, 8])
def test_yarotsky_square_interpolates_x_squared_with_error_four_to_the_minus_m_plus_one(m):
    net = constructions.yarotsky_square(m)
    dyadic = np.arange(2**m + 1) / 2**m
    midpoints = (dyadic[:-1] + dyadic[1:]) / 2
    assert np.array_equal(net(dyadic[:, None])[:, 0], dyadic**2)  # exact at the knots
    assert np.abs(net(midpoints[:, None])[:, 0] - midpoints**2).max() == 4.0 ** -(m + 1)
    assert len(kinks(net, (0.0, 1.0))) == 2**m - 1
    assert net.hidden_widths == [2] + [4] * (m - 1)


@pytest.mark.parametrize("m", [0, -1, 2.5, True])
def test_yarotsky_square_needs_a_positive_whole_depth(m):
    with pytest.raises(ValueError, match="m must be a positive integer"):
        constructions.yarotsky_square(m)


# ----------------------------------------------------------------------------- the fold
@given(p=st.integers(3, 12))
def test_sawtooth_alternates_between_zero_and_one_at_its_kinks(p):
    g = constructions.sawtooth(p)
    t = np.arange(1, p + 1) / (p + 1)
    assert np.allclose(g(t[:, None])[:, 0], np.arange(p) % 2, atol=1e-12)


@given(p=st.integers(3, 12))
def test_every_piece_of_the_sawtooth_covers_the_unit_interval(p):
    g = constructions.sawtooth(p)
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
        constructions.sawtooth(2)


# ------------------------------------------------------------------- the folding network
@settings(max_examples=30, deadline=None)
@given(hidden=st.lists(st.integers(3, 6), min_size=1, max_size=4))
def test_folding_network_reaches_the_one_input_maximum_on_the_whole_line(hidden):
    net = constructions.folding_network(1, hidden)
    expected = bounds.serra_upper(1, hidden)
    assert counting.count_on_line(net) == expected
    assert len(regions_1d(net, (0.0, 1.0))) == expected


@settings(max_examples=15, deadline=None)
@given(first=st.lists(st.integers(6, 9), min_size=0, max_size=2), last=st.integers(1, 9))
def test_folding_network_reaches_its_claimed_count_in_the_plane(first, last):
    hidden = [*first, last]
    assume(bounds.serra_lower(2, hidden) <= 20000)
    net = constructions.folding_network(2, hidden)
    inside = len(regions_2d(net, (0.0, 1.0, 0.0, 1.0)))
    assert inside == bounds.serra_lower(2, hidden)
    # Every region meets the unit square, so a larger box finds no more.
    assert len(regions_2d(net, (-3.0, 4.0, -3.0, 4.0))) == inside


@pytest.mark.parametrize("n0, hidden", [(3, [9, 9]), (2, [5, 6]), (1, [2, 3])])
def test_folding_network_rejects_unsupported_architectures(n0, hidden):
    with pytest.raises(ValueError):
        constructions.folding_network(n0, hidden)
