import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from origami import ReLUNetwork, regions_1d, regions_2d, restrict_to_line
from origami.robustness import (
    decision_boundary,
    decision_distance,
    local_certificate,
    region_distance,
    unit_affine_maps,
)

from strategies import networks

NET = ReLUNetwork.random([2, 6, 5, 1], seed=0)
BOX = (-3.0, 3.0, -3.0, 3.0)
points = st.tuples(st.floats(-1.5, 1.5), st.floats(-1.5, 1.5)).map(np.array)


def same_pattern(net, x, y):
    return np.array_equal(net.activation_pattern(x), net.activation_pattern(y))


@settings(max_examples=40, deadline=None)
@given(net=networks(input_dim=3, max_depth=3, max_width=8), seed=st.integers(0, 1000))
def test_unit_affine_maps_reproduce_every_preactivation(net, seed):
    x = np.random.default_rng(seed).normal(size=3)
    a, b = unit_affine_maps(net, net.activation_pattern(x))
    z = np.concatenate(net.preactivations(x), axis=1)[0]
    np.testing.assert_allclose(a @ x + b, z, atol=1e-10)


@settings(max_examples=60, deadline=None)
@given(net=networks(max_depth=3, max_width=12), x0=points, ord=st.sampled_from([2, np.inf, 1]))
def test_pattern_changes_exactly_at_the_region_distance(net, x0, ord):
    edge = region_distance(net, x0, ord)
    assume(np.isfinite(edge.distance) and edge.distance > 1e-6)
    assert np.linalg.norm(edge.direction, ord) == pytest.approx(1.0)
    assert same_pattern(net, x0, x0 + (1 - 1e-9) * edge.distance * edge.direction)
    assert not same_pattern(net, x0, x0 + (1 + 1e-9) * edge.distance * edge.direction)


@settings(max_examples=40, deadline=None)
@given(net=networks(max_depth=3, max_width=12), x0=points)
def test_region_distance_is_the_first_pattern_change_along_its_direction(net, x0):
    edge = region_distance(net, x0)
    assume(np.isfinite(edge.distance) and edge.distance > 1e-6)
    line = restrict_to_line(net, x0, edge.direction)
    first = regions_1d(line, (0.0, 2 * edge.distance + 1.0))[0].right
    assert first == pytest.approx(edge.distance, rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(net=networks(input_dim=3, max_depth=3, max_width=12), seed=st.integers(0, 1000))
def test_no_direction_changes_the_pattern_sooner(net, seed):
    rng = np.random.default_rng(seed)
    x0 = rng.normal(size=3)
    edge = region_distance(net, x0)
    assume(np.isfinite(edge.distance) and edge.distance > 1e-6)
    for u in rng.normal(size=(20, 3)):
        line = restrict_to_line(net, x0, u / np.linalg.norm(u))
        first = regions_1d(line, (0.0, 2 * edge.distance + 1.0))[0].right
        assert first >= edge.distance * (1 - 1e-9)


def test_region_distance_of_a_two_line_network_is_the_nearer_line():
    net = ReLUNetwork([[[1.0, 0.0], [0.0, 1.0]], [[1.0, 1.0]]], [[0.0, -1.0], [0.0]])
    edge = region_distance(net, [0.5, 0.2])
    assert edge.distance == 0.5 and edge.index == 0
    np.testing.assert_allclose(edge.point, [0.0, 0.2])
    assert region_distance(net, [0.5, 0.2], ord=np.inf).distance == 0.5


def test_a_region_without_varying_units_is_unbounded():
    net = ReLUNetwork([[[0.0, 0.0]], [[1.0]]], [[1.0], [0.0]])
    edge = region_distance(net, [0.3, 0.4])
    assert edge.distance == np.inf and edge.index == -1


@settings(max_examples=30, deadline=None)
@given(net=networks(max_depth=3, max_width=10), x0=points)
def test_decision_distance_is_exact_and_the_class_flips_there(net, x0):
    regions = regions_2d(net, BOX)
    hit = decision_distance(regions, x0)
    f0 = net(x0)[0]
    assume(np.isfinite(hit.distance) and hit.distance > 1e-6 and abs(f0) > 1e-9)
    scale = max(1.0, np.abs(regions.values).max())
    assert abs(net(hit.point)[0]) <= 1e-9 * scale
    step = hit.point - x0
    assert np.sign(net(x0 + (1 - 1e-9) * step)[0]) == np.sign(f0)
    # Nothing closer is on the other side: dense samples of the disc keep the class.
    rng = np.random.default_rng(0)
    u = rng.normal(size=(4000, 2))
    u /= np.linalg.norm(u, axis=1, keepdims=True)
    disc = x0 + (1 - 1e-9) * hit.distance * np.sqrt(rng.random((4000, 1))) * u
    inside = np.all((disc >= -3) & (disc <= 3), axis=1)
    assert np.all(np.sign(net(disc[inside])[:, 0]) == np.sign(f0))


@settings(max_examples=30, deadline=None)
@given(net=networks(max_depth=3, max_width=10), x0=points)
def test_the_local_certificate_never_exceeds_the_true_distance(net, x0):
    hit = decision_distance(regions_2d(net, BOX), x0)
    assume(hit.exact)
    cert = local_certificate(net, x0)
    assert cert.radius <= hit.distance * (1 + 1e-9) + 1e-12
    if cert.exact:
        assert cert.radius == pytest.approx(hit.distance, rel=1e-9, abs=1e-12)


def test_decision_boundary_segments_lie_on_the_zero_set_inside_the_box():
    regions = regions_2d(NET, BOX)
    segments, owner = decision_boundary(regions)
    ends = segments.reshape(-1, 2)
    assert len(segments) == len(owner) > 0
    assert np.all((ends >= -3 - 1e-12) & (ends <= 3 + 1e-12))
    assert np.abs(NET(ends)[:, 0]).max() < 1e-9


def test_threshold_moves_the_decision_boundary():
    net = ReLUNetwork([[[1.0, 0.0]], [[1.0]]], [[0.0], [0.0]])  # relu(x1)
    regions = regions_2d(net, BOX)
    assert decision_distance(regions, [2.0, 0.0], threshold=1.5).distance == pytest.approx(0.5)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: region_distance(NET, [0.0, 0.0], ord=3), "ord must be one of"),
        (lambda: region_distance(NET, [0.0, 0.0, 0.0]), r"x0 must have shape \(2,\)"),
        (lambda: region_distance(NET, [np.nan, 0.0]), "x0 contains NaN"),
        (lambda: region_distance("net", [0.0, 0.0]), "net must be a ReLUNetwork"),
        (lambda: unit_affine_maps(NET, np.ones(3, bool)), r"pattern must have shape \(11,\)"),
        (lambda: local_certificate(NET, [0.0, 0.0], output=1), "output must be an integer"),
        (lambda: local_certificate(NET, [0.0, 0.0], threshold=np.inf), "threshold must be finite"),
        (lambda: decision_distance(NET, [0.0, 0.0]), "regions must be a Regions2D"),
        (lambda: decision_boundary(regions_2d(NET, BOX), output=-1), "output must be an integer"),
        (lambda: decision_distance(regions_2d(NET, BOX), [0.0]), r"x0 must have shape \(2,\)"),
    ],
)
def test_bad_input_is_rejected_with_the_argument_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()

