import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from origami import constructions, kinks


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
