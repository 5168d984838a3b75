import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from origami import ReLUNetwork, bounds, constructions, kinks, regions_1d, verify

from strategies import networks


@settings(max_examples=60, deadline=None)
@given(
    w1=st.lists(st.one_of(st.just(0.0), st.floats(0.05, 3), st.floats(-3, -0.05)), min_size=1, max_size=12),
    seed=st.integers(0, 1000),
)
def test_one_layer_kinks_are_minus_b_over_w(w1, seed):
    rng = np.random.default_rng(seed)
    n = len(w1)
    w1 = np.array(w1)
    b1 = rng.uniform(-3, 3, n)
    w2 = rng.choice([0.0, 1.0, -2.0, 0.5], size=n)
    net = ReLUNetwork([w1[:, None], w2[None, :]], [b1, [0.0]])
    live = (w1 != 0) & (w2 != 0)
    expected = -b1[live] / w1[live]
    expected = np.unique(expected[(expected > -4) & (expected < 4)])
    # Units with the same breakpoint add their slope jumps; they may cancel.
    jumps = np.array([np.sum((w2 * np.abs(w1))[live][np.isclose(-b1[live] / w1[live], k)]) for k in expected])
    expected = expected[np.abs(jumps) > 1e-9]
    np.testing.assert_allclose(kinks(net, (-4, 4)), expected, atol=1e-12)


@pytest.mark.parametrize("depth", range(1, 9))
def test_tent_map_composed_L_times_has_2_to_the_L_pieces(depth):
    net = constructions.tent_map(depth)
    assert len(regions_1d(net, (0.0, 1.0))) == 2**depth
    assert len(kinks(net, (0.0, 1.0))) == 2**depth - 1


@settings(max_examples=50, deadline=None)
@given(net=networks(input_dim=1))
def test_pieces_cover_the_interval_and_match_the_network(net):
    pieces = regions_1d(net, (-3.0, 3.0))
    assert pieces[0].left == -3.0 and pieces[-1].right == 3.0
    assert all(p.right == q.left for p, q in zip(pieces, pieces[1:]))
    assert all(p.left < p.right for p in pieces)
    for p in pieces:
        x = np.linspace(p.left, p.right, 5)[1:-1]
        np.testing.assert_allclose(net(x[:, None])[:, 0], p.slope[0] * x + p.intercept[0], atol=1e-9)


@settings(max_examples=50, deadline=None)
@given(net=networks(input_dim=1))
def test_piece_count_respects_the_exact_one_dimensional_bound(net):
    assert len(regions_1d(net, (-3.0, 3.0))) <= bounds.serra_upper(1, net.hidden_widths)


@settings(max_examples=30, deadline=None)
@given(net=networks(input_dim=1, max_depth=3, max_width=10))
def test_second_difference_vanishes_away_from_kinks(net):
    found = kinks(net, (-3.0, 3.0))
    x = np.linspace(-2.9, 2.9, 400)
    h = 1e-5
    far = np.all(np.abs(x[:, None] - found[None, :]) > 2 * h, axis=1) if len(found) else np.ones_like(x, bool)
    _, second = verify.derivatives_1d(net, x[far], h)
    scale = max(1.0, float(np.abs(net(x[:, None])).max()))
    assert np.all(np.abs(second) <= 1e-5 * scale / h)


def test_breakpoint_without_slope_change_is_not_a_kink():
    # The second unit's output weight is zero: its breakpoint splits a region but not the slope.
    net = ReLUNetwork([[[1.0], [1.0]], [[1.0, 0.0]]], [[0.0, -1.0], [0.0]])
    assert len(regions_1d(net, (-2, 2))) == 3
    np.testing.assert_allclose(kinks(net, (-2, 2)), [0.0])
