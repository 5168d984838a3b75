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
