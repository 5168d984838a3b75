"""The convex decomposition f = g - h of a ReLU network into max-affine functions."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from origami import ReLUNetwork, bounds
from origami.tropical import MaxAffine, convex_decomposition


@st.composite
def small_networks(draw):
    """Networks small enough to split: 1 to 3 inputs, 1 or 2 hidden layers of up to 5 units."""
    d = draw(st.integers(1, 3))
    hidden = draw(st.lists(st.integers(1, 5), min_size=1, max_size=2))
    slope = draw(st.sampled_from([0.0, 0.2]))
    seed = draw(st.integers(0, 2**32 - 1))
    return ReLUNetwork.random([d, *hidden, 1], seed=seed, negative_slope=slope)


def _somewhere_largest(g: MaxAffine, i: int) -> bool:
    """An independent check: some x makes term i beat every other term by a margin."""
    others = np.delete(np.arange(len(g)), i)
    if len(others) == 0:
        return True
    a = np.column_stack([g.slopes[others] - g.slopes[i], np.ones(len(others))])
    b = g.offsets[i] - g.offsets[others]
    res = linprog(-np.eye(g.input_dim + 1)[-1], A_ub=a, b_ub=b,
                  bounds=[(None, None)] * g.input_dim + [(None, 1.0)], method="highs")
    return res.status == 0 and -res.fun > 1e-9


@settings(max_examples=25, deadline=None)
@given(net=small_networks(), seed=st.integers(0, 1000))
def test_the_difference_of_the_convex_parts_is_the_network(net, seed):
    g, h = convex_decomposition(net)
    x = np.random.default_rng(seed).normal(0, 10, (500, net.input_dim))
    scale = 1 + np.abs(net(x)).max()
    assert np.abs(g(x) - h(x) - net(x)[:, 0]).max() <= 1e-9 * scale


@settings(max_examples=12, deadline=None)
@given(net=small_networks())
def test_every_term_of_each_part_is_the_largest_somewhere(net):
    for part in convex_decomposition(net):
        assert all(_somewhere_largest(part, i) for i in range(len(part)))


@pytest.mark.parametrize("n, d", [(4, 2), (6, 2), (5, 3), (7, 1)])
def test_one_layer_with_positive_output_weights_is_one_convex_part_with_zaslavsky_terms(n, d):
    # f = sum_i v_i relu(w_i x + b_i) with v_i > 0 is convex: h is the zero function, and the
    # terms of g are the cells of the arrangement (the vertices of a zonotope, Zhang et al. 2018).
    rng = np.random.default_rng(n + d)
    net = ReLUNetwork([rng.normal(size=(n, d)), rng.uniform(0.5, 2, (1, n))],
                      [rng.normal(size=n), np.zeros(1)])
    g, h = convex_decomposition(net)
    assert len(h) == 1 and np.all(h.slopes == 0) and np.all(h.offsets == 0)
    assert len(g) == bounds.zaslavsky(n, d)


def test_a_network_with_no_hidden_layer_is_its_own_convex_part():
    net = ReLUNetwork([[[2.0, -1.0]]], [[0.5]])
    g, h = convex_decomposition(net)
    assert g.slopes.tolist() == [[2.0, -1.0]] and g.offsets.tolist() == [0.5] and len(h) == 1


def test_the_second_output_can_be_split():
    net = ReLUNetwork.random([2, 4, 2], seed=1)
    g, h = convex_decomposition(net, output=1)
    x = np.random.default_rng(0).normal(size=(100, 2))
    assert np.abs(g(x) - h(x) - net(x)[:, 1]).max() < 1e-12


@pytest.mark.parametrize("output", [2, -1, 0.5])
def test_an_output_that_does_not_exist_is_rejected(output):
    with pytest.raises(ValueError, match="output must be an integer"):
        convex_decomposition(ReLUNetwork.random([2, 3, 2], seed=0), output=output)


def test_a_non_network_is_rejected():
    with pytest.raises(ValueError, match="net must be an origami.ReLUNetwork"):
        convex_decomposition([[1.0]])


def test_evaluating_at_points_of_the_wrong_dimension_is_rejected():
    g, _ = convex_decomposition(ReLUNetwork.random([2, 3, 1], seed=0))
    with pytest.raises(ValueError, match=r"x must have shape \(n, 2\)"):
        g(np.zeros((4, 3)))


@pytest.mark.parametrize("slope_scale", [1e-11, 1.0, 1e11])
def test_pruning_keeps_the_leading_term_whatever_the_slopes_scale(slope_scale):
    # max(1, ±s x): the constant term leads near the origin, the slopes far out, at any scale s.
    from origami.tropical import _pruned

    kept = _pruned(np.array([[0.0, 1.0], [slope_scale, 0.0], [-slope_scale, 0.0], [0.0, 0.5]]))
    assert sorted(map(tuple, kept.newton_points.tolist())) == [
        (-slope_scale, 0.0), (0.0, 1.0), (slope_scale, 0.0)]
