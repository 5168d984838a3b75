import numpy as np
import pytest

from origami import ReLUNetwork, kinks, regions_1d, regions_2d, restrict_to_line, verify

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
