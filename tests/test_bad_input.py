import numpy as np
import pytest

from origami import (
    ReLUNetwork,
    bounds,
    constructions,
    kinks,
    linear_pieces,
    regions_1d,
    regions_2d,
    restrict_to_line,
    training,
    verify,
)

NET2 = ReLUNetwork.random([2, 4, 1], seed=0)


@pytest.mark.parametrize(
    "weights, biases, message",
    [
        ([np.ones((3, 2))], [np.ones(2)], r"biases\[0\] must have shape \(3,\)"),
        ([np.ones((3, 2)), np.ones((1, 4))], [np.ones(3), np.ones(1)], r"weights\[1\] must have 3 columns"),
        ([np.ones(3)], [np.ones(3)], r"weights\[0\] must have 2 dimension"),
        ([[[np.nan, 1.0]]], [[0.0]], r"weights\[0\] contains NaN"),
        ([[[1.0, 1.0]]], [[np.inf]], r"biases\[0\] contains NaN or infinite"),
        ([np.ones((2, 2))], [np.ones(2), np.ones(1)], "one entry per layer"),
        ([], [], "at least one layer"),
    ],
)
def test_malformed_networks_are_rejected_with_a_named_argument(weights, biases, message):
    with pytest.raises(ValueError, match=message):
        ReLUNetwork(weights, biases)


def test_negative_slope_must_be_below_one():
    with pytest.raises(ValueError, match="negative_slope"):
        ReLUNetwork([[[1.0]]], [[0.0]], negative_slope=1.5)


@pytest.mark.parametrize("x", [np.ones((4, 3)), np.ones(3), np.full((2, 2), np.nan), np.ones((2, 2, 2))])
def test_bad_inputs_to_the_network_name_x(x):
    with pytest.raises(ValueError, match="x "):
        NET2(x)


@pytest.mark.parametrize(
    "box, message",
    [
        ((1.0, -1.0, 0.0, 1.0), "non-empty box"),
        ((0.0, 0.0, 0.0, 1.0), "non-empty box"),
        ((0.0, 1.0, 0.0), "xmin, xmax, ymin, ymax"),
        ((0.0, np.nan, 0.0, 1.0), "NaN"),
    ],
)
def test_empty_or_malformed_boxes_are_rejected(box, message):
    with pytest.raises(ValueError, match=message):
        regions_2d(NET2, box)


def test_regions_2d_needs_two_inputs_or_a_plane():
    with pytest.raises(ValueError, match="needs 2, or a plane"):
        regions_2d(ReLUNetwork.random([3, 4, 1], seed=0), (-1, 1, -1, 1))


@pytest.mark.parametrize(
    "plane, message",
    [
        ((np.zeros(3), np.zeros(3), np.ones(3)), "direction u must be non-zero"),
        ((np.zeros(3), np.ones(3), 2 * np.ones(3)), "linearly independent"),
        ((np.zeros(2), np.ones(3), np.eye(3)[0]), r"origin must have shape \(3,\)"),
        ((np.zeros(3), np.ones(3)), r"\(origin, u, v\)"),
    ],
)
def test_bad_planes_are_rejected(plane, message):
    with pytest.raises(ValueError, match=message):
        regions_2d(ReLUNetwork.random([3, 4, 1], seed=0), (-1, 1, -1, 1), plane=plane)


def test_zero_line_direction_is_rejected():
    with pytest.raises(ValueError, match="direction must be non-zero"):
        restrict_to_line(NET2, np.zeros(2), np.zeros(2))


@pytest.mark.parametrize("interval", [(1.0, 1.0), (2.0, -1.0), (0.0, np.inf), (0.0,)])
def test_bad_intervals_are_rejected(interval):
    with pytest.raises(ValueError, match="interval"):
        regions_1d(ReLUNetwork.random([1, 3, 1], seed=0), interval)


def test_one_dimensional_calls_need_one_input():
    with pytest.raises(ValueError, match="1 input"):
        kinks(NET2, (0, 1))


def test_non_networks_are_rejected():
    with pytest.raises(ValueError, match="ReLUNetwork"):
        regions_2d([[1.0, 2.0]], (-1, 1, -1, 1))


def test_pattern_of_the_wrong_length_is_rejected():
    with pytest.raises(ValueError, match=r"pattern must have shape \(4,\)"):
        NET2.affine_map(np.ones(3, bool))


def test_grid_resolution_must_be_positive():
    with pytest.raises(ValueError, match="resolution"):
        verify.grid_patterns(NET2, (-1, 1, -1, 1), resolution=0)


# ---------------------------------------------------------------- no silent coercion (issue 11)
@pytest.mark.parametrize(
    "weights, biases, message",
    [
        ([[[1.0 + 2.0j, 1.0]], [[1.0]]], [[0.0], [0.0]], r"weights\[0\] must be real, got complex"),
        ([[[1.0, 1.0]], [[1.0]]], [[0.0j], [0.0]], r"biases\[0\] must be real"),
        ([[["1", "2"]], [[1.0]]], [[0.0], [0.0]], r"weights\[0\] must be an array of real numbers"),
    ],
)
def test_complex_or_text_weights_are_refused_not_truncated(weights, biases, message):
    with pytest.raises(ValueError, match=message):
        ReLUNetwork(weights, biases)


def test_complex_inputs_and_slopes_are_refused():
    with pytest.raises(ValueError, match="x must be real"):
        NET2(np.array([[1.0 + 1.0j, 0.0]]))
    with pytest.raises(ValueError, match="negative_slope"):
        ReLUNetwork([[[1.0]]], [[0.0]], negative_slope=0.1j)
    with pytest.raises(ValueError, match="bounds must be real"):
        regions_2d(NET2, (-1 + 0j, 1, -1, 1))


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: ReLUNetwork.random([2, 3.7, 1]), r"widths\[1\] must be a whole number, got 3.7"),
        (lambda: ReLUNetwork.random([2, True, 1]), r"widths\[1\] must be a whole number"),
        (lambda: ReLUNetwork.random([2, 3, 1], seed=1.5), "seed must be a whole number"),
        (lambda: bounds.serra_upper(2, [3.7]), r"hidden\[0\] must be a whole number"),
        (lambda: bounds.trivial(2.5, [3]), "n0 .* must be a whole number"),
        (lambda: bounds.zaslavsky(4.5, 2), "n must be a whole number"),
        (lambda: constructions.tent_map(2.5), "depth must be a whole number"),
        (lambda: constructions.maximum(4.0000001), "n must be a whole number"),
        (lambda: constructions.sawtooth(3.5), "p must be a whole number"),
        (lambda: verify.grid_hits(regions_2d(NET2, (-1, 1, -1, 1)), 10.5), "resolution must be a whole number"),
        (lambda: verify.grid_patterns(NET2, (-1, 1, -1, 1), 10.5), "resolution must be a whole number"),
        (lambda: training.train(NET2, np.zeros((4, 2)), np.zeros(4), steps=2.5), "steps must be a whole number"),
        (lambda: linear_pieces(regions_2d(NET2, (-1, 1, -1, 1)), rtol=-1e-9), r"rtol must be a real number in \[0, 1\)"),
        (lambda: kinks(ReLUNetwork.random([1, 3, 1]), (-1, 1), rtol=1j), "rtol must be a real number"),
    ],
)
def test_fractional_counts_are_refused_not_rounded(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_whole_valued_floats_are_still_accepted():
    assert ReLUNetwork.random([2.0, 3.0, 1]).widths == [2, 3, 1]
    assert bounds.serra_upper(2, np.array([3, 4])) == bounds.serra_upper(2, [3, 4])
