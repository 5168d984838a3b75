import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from origami import ReLUNetwork
from origami.pruning import prune, stable_units

from strategies import networks


def cluster(seed, n=60, d=2, spread=0.3):
    rng = np.random.default_rng(seed)
    return rng.normal(0.0, 1.0, d) + spread * rng.normal(size=(n, d))


@settings(max_examples=60, deadline=None)
@given(net=networks(max_depth=4, max_width=16), seed=st.integers(0, 10_000),
       spread=st.sampled_from([0.02, 0.3, 2.0]))
def test_pruned_network_computes_the_same_function_on_the_data(net, seed, spread):
    X = cluster(seed, spread=spread)
    result = prune(net, X)
    scale = max(1.0, float(np.abs(net(X)).max()))
    assert np.abs(result.net(X) - net(X)).max() <= 1e-12 * scale


@settings(max_examples=40, deadline=None)
@given(net=networks(max_depth=3, max_width=16), seed=st.integers(0, 10_000))
def test_pruned_network_agrees_wherever_the_stable_units_keep_their_state(net, seed):
    X = cluster(seed, spread=0.2)
    result = prune(net, X)
    probe = np.random.default_rng(seed + 1).normal(0.0, 2.0, (2000, 2))
    states = net.activation_pattern(probe)[:, result.stable]
    in_omega = np.all(states == result.always_on[result.stable], axis=1)
    scale = max(1.0, float(np.abs(net(probe)).max()))
    inside = probe[in_omega]
    assert np.abs(result.net(inside) - net(inside)).max(initial=0.0) <= 1e-12 * scale


@settings(max_examples=40, deadline=None)
@given(net=networks(max_depth=3, max_width=16), seed=st.integers(0, 10_000))
def test_kept_units_are_the_surviving_units(net, seed):
    result = prune(net, cluster(seed, spread=0.1))
    assert result.net.n_hidden == int(result.kept.sum())
    assert result.removed == net.n_hidden - result.net.n_hidden
    assert not np.any(result.always_on & result.always_off)


def test_stable_units_read_the_patterns_of_the_data():
    net = ReLUNetwork.random([2, 10, 1], seed=3)
    X = cluster(4)
    on, off = stable_units(net, X)
    patterns = net.activation_pattern(X)
    np.testing.assert_array_equal(on, patterns.all(axis=0))
    np.testing.assert_array_equal(off, ~patterns.any(axis=0))


def test_always_off_units_are_deleted():
    net = ReLUNetwork([[[1.0], [1.0], [-1.0]], [[2.0, 3.0, 5.0]]], [[0.0, -10.0, -10.0], [1.0]])
    X = np.linspace(-1.0, 1.0, 11)[:, None]  # units 2 and 3 are never active here
    result = prune(net, X)
    assert result.net.widths == [1, 1, 1]
    np.testing.assert_allclose(result.net(X), net(X), atol=1e-15)


def test_a_layer_that_is_always_on_is_merged_into_the_next():
    net = ReLUNetwork([[[1.0], [2.0]], [[1.0, 1.0], [1.0, -1.0]], [[1.0, 1.0]]],
                      [[5.0, 5.0], [0.0, 0.0], [0.0]])
    X = np.linspace(-1.0, 1.0, 21)[:, None]  # the first layer is positive on [-1, 1]
    result = prune(net, X)
    assert result.merged_layers == (0,)
    assert len(result.net.weights) == 2
    np.testing.assert_allclose(result.net(X), net(X), atol=1e-12)


def test_always_on_units_fold_down_to_the_input_dimension():
    rng = np.random.default_rng(0)
    w = rng.normal(size=(6, 2))
    net = ReLUNetwork([w, rng.normal(size=(3, 6)), rng.normal(size=(1, 3))],
                      [np.array([0.0, 50, 50, 50, 50, 50]), rng.normal(size=3), np.zeros(1)])
    X = rng.uniform(-1, 1, (30, 2))  # unit 0 switches on the data, units 1-5 are always on
    result = prune(net, X)
    assert 0 not in result.merged_layers
    assert result.net.hidden_widths[0] == 3  # unit 0 and a basis of two always-on rows
    np.testing.assert_allclose(result.net(X), net(X), atol=1e-12 * np.abs(net(X)).max())


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: prune(ReLUNetwork.random([2, 3, 1]), np.ones((4, 3))),
         r"X must have shape \(n, 2\)"),
        (lambda: prune(ReLUNetwork.random([2, 3, 1]), np.ones((0, 2))), "n >= 1"),
        (lambda: prune(ReLUNetwork.random([2, 3, 1]), [[np.nan, 0.0]]), "X contains NaN"),
        (lambda: prune(ReLUNetwork.random([2, 3, 1]), np.ones((4, 2)), rtol=0.0), "rtol must be"),
        (lambda: stable_units("net", np.ones((4, 2))), "net must be a ReLUNetwork"),
    ],
)
def test_bad_input_is_rejected_with_the_argument_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()
