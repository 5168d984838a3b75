import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from origami import ReLUNetwork, restrict_to_line, restrict_to_plane

from strategies import networks


def test_weights_follow_the_out_in_convention():
    net = ReLUNetwork.random([3, 5, 2], seed=0)
    assert [w.shape for w in net.weights] == [(5, 3), (2, 5)]
    assert net.widths == [3, 5, 2] and net.n_hidden == 5


def test_single_input_returns_single_output():
    net = ReLUNetwork.random([2, 4, 3], seed=1)
    x = np.array([0.3, -0.2])
    assert net(x).shape == (3,)
    np.testing.assert_allclose(net(x), net(x[None, :])[0])


def test_relu_is_applied_after_every_layer_but_the_last():
    net = ReLUNetwork([[[1.0]], [[1.0]]], [[0.0], [-5.0]])
    assert net([[2.0]])[0, 0] == -3.0  # no ReLU on the output
    assert net([[-2.0]])[0, 0] == -5.0  # ReLU on the hidden unit


def test_leaky_relu_keeps_a_slope_for_negative_inputs():
    net = ReLUNetwork([[[1.0]], [[1.0]]], [[0.0], [0.0]], negative_slope=0.1)
    assert net([[-2.0]])[0, 0] == pytest.approx(-0.2)


def test_random_is_deterministic_for_a_seed():
    a, b = ReLUNetwork.random([2, 8, 1], seed=7), ReLUNetwork.random([2, 8, 1], seed=7)
    assert all(np.array_equal(u, v) for u, v in zip(a.weights, b.weights))


@settings(max_examples=40, deadline=None)
@given(net=networks(input_dim=3), seed=st.integers(0, 1000))
def test_local_affine_equals_the_network_on_the_region(net, seed):
    rng = np.random.default_rng(seed)
    x0 = rng.normal(size=3)
    A, c = net.local_affine(x0)
    pattern = net.activation_pattern(x0)
    nearby = x0 + 1e-3 * rng.normal(size=(50, 3))
    same = (net.activation_pattern(nearby) == pattern).all(axis=1)
    np.testing.assert_allclose(net(nearby[same]), nearby[same] @ A.T + c, atol=1e-10)
    np.testing.assert_allclose(net(x0), A @ x0 + c, atol=1e-10)


@settings(max_examples=30, deadline=None)
@given(net=networks(input_dim=4, max_depth=3))
def test_plane_restriction_is_the_network_on_the_plane(net):
    rng = np.random.default_rng(0)
    origin, u, v = rng.normal(size=(3, 4))
    st_ = rng.normal(size=(20, 2))
    on_plane = restrict_to_plane(net, origin, u, v)
    np.testing.assert_allclose(on_plane(st_), net(origin + st_[:, :1] * u + st_[:, 1:] * v), atol=1e-12)
    line = restrict_to_line(net, origin, u)
    np.testing.assert_allclose(line(st_[:, :1]), net(origin + st_[:, :1] * u), atol=1e-12)
