import numpy as np
import pytest

from origami import ReLUNetwork, check, kinks, linear_pieces, regions_2d
from origami.constructions import interpolant
from origami.robustness import region_distance
from origami.verify import grid_hits

NET1 = ReLUNetwork.random([1, 6, 1], seed=2)
NET2 = ReLUNetwork.random([2, 4, 1], seed=0)
BOX = (-3, 3, -3, 3)


def test_right_kinks_are_accepted_in_any_order():
    truth = kinks(NET1, (-3, 3))
    feedback = check.kinks(truth[::-1], NET1, (-3, 3))
    assert feedback.correct and str(feedback).startswith("✅")


def test_a_missing_kink_is_pointed_at_without_giving_all_of_them():
    truth = kinks(NET1, (-3, 3))
    feedback = check.kinks(truth[1:], NET1, (-3, 3))
    assert not feedback.correct
    assert f"{len(truth) - 1} kinks; there are {len(truth)}" in feedback.message
    assert f"1 of {len(truth)} is missing: look near x = {truth[0]:.1f}" in feedback.message
    assert f"{truth[2]:.3f}" not in feedback.message  # the other kinks stay hidden


def test_how_many_kinks_are_missing_is_counted():
    truth = kinks(NET1, (-3, 3))
    feedback = check.kinks(truth[2:], NET1, (-3, 3))
    assert not feedback.correct and f"2 of {len(truth)} are missing" in feedback.message


def test_a_spurious_kink_is_named_without_saying_why_it_is_not_one():
    feedback = check.kinks(list(kinks(NET1, (-3, 3))) + [2.9], NET1, (-3, 3))
    assert not feedback.correct and "2.9" in feedback.message
    # the interpolant exercise asks students to explain why a knot is no kink: not answered here
    assert "weight" not in feedback.message and "outside" not in feedback.message


def test_a_kink_listed_twice_is_rejected():
    truth = kinks(NET1, (-3, 3))
    feedback = check.kinks(np.r_[truth, truth[0] + 1e-9], NET1, (-3, 3))
    assert not feedback.correct
    assert "listed twice" in feedback.message and "missing" not in feedback.message


def test_rounded_kinks_are_told_to_be_computed_not_reported_missing():
    knots = np.linspace(0, 2 * np.pi, 9)
    sine = interpolant(knots, np.sin(knots))
    truth = kinks(sine, (0, 2 * np.pi))
    feedback = check.kinks(np.round(truth, 2), sine, (0, 2 * np.pi))
    assert not feedback.correct
    assert "missing" not in feedback.message and "near x = 0.8" not in feedback.message
    assert "compute" in feedback.message and "rounding" in feedback.message


def test_kinks_in_units_of_pi_are_not_reported_as_one_missing():
    knots = np.linspace(0, 2 * np.pi, 9)
    sine = interpolant(knots, np.sin(knots))
    truth = kinks(sine, (0, 2 * np.pi))
    feedback = check.kinks(truth / np.pi, sine, (0, 2 * np.pi))
    assert not feedback.correct
    assert "missing" not in feedback.message and "units of π" in feedback.message


def test_region_count_right_and_wrong():
    n = len(regions_2d(NET2, BOX))
    assert check.region_count(n, NET2, BOX).correct
    assert "too few" in check.region_count(n - 1, NET2, BOX).message
    assert "too many" in check.region_count(16, NET2, BOX).message


def test_affine_map_right_and_wrong():
    x0 = np.array([0.1, 0.2])
    A, c = NET2.local_affine(x0)
    assert check.affine_map(A, c, NET2, x0).correct
    assert not check.affine_map(2 * A, c, NET2, x0).correct
    assert "c is" in check.affine_map(A, c + 1, NET2, x0).message
    assert "entries" in check.affine_map(np.ones(5), c, NET2, x0).message


def test_linear_piece_count_on_an_interval_right_and_wrong():
    n = len(kinks(NET1, (-3, 3))) + 1
    assert check.linear_piece_count(n, NET1, (-3, 3)).correct
    assert "more than" in check.linear_piece_count(n - 2, NET1, (-3, 3)).message


def test_linear_piece_count_needs_an_interval_or_a_box():
    with pytest.raises(ValueError, match="domain"):
        check.linear_piece_count(3, NET2, (-1, 1, 0))


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: check.kinks([np.nan], NET1, (-3, 3)), "NaN"),
        (lambda: check.kinks([[0.1, 0.2]], NET1, (-3, 3)), "dimension"),
        (lambda: check.kinks("three", NET1, (-3, 3)), "real numbers"),
        (lambda: check.kinks(..., NET1, (-3, 3)), "No answer yet"),
        (lambda: check.region_count([3, 4], NET2, BOX), "dimension"),
        (lambda: check.affine_map(..., 0.0, NET2, [0.1, 0.2]), "No answer yet"),
        (lambda: check.same_function(np.abs, np.abs, (-1, 1)), "ReLUNetwork"),
        (lambda: check.same_function(..., np.abs, (-1, 1)), "No answer yet"),
        (lambda: check.boundary_distance([1.0, 2.0], NET2, [0.1, 0.2]), "dimension"),
        (lambda: check.lipschitz_constant(np.inf, SUM_OF_RELUS, BOX), "infinite"),
        (lambda: check.interpolation_rate(None, np.sqrt, (0, 1), [4, 8]), "No answer yet"),
    ],
)
def test_an_unusable_answer_gets_a_cross_not_a_traceback(call, words):
    feedback = call()
    assert not feedback.correct and str(feedback).startswith("❌") and words in feedback.message


def test_a_count_that_is_not_a_whole_number_is_wrong():
    n = len(regions_2d(NET2, BOX))
    assert check.region_count(float(n), NET2, BOX).correct
    feedback = check.region_count(n + 0.9, NET2, BOX)  # int() would round it down to the right count
    assert not feedback.correct and "whole number" in feedback.message
    pieces = len(linear_pieces(regions_2d(NET2, BOX)))
    assert "whole number" in check.linear_piece_count(pieces + 0.9, NET2, BOX).message


def test_piece_and_missed_counts_are_whole_and_not_negative():
    n = len(kinks(NET1, (-3, 3))) + 1
    assert "whole number" in check.linear_piece_count(n + 0.5, NET1, (-3, 3)).message
    assert "never negative" in check.linear_piece_count(-n, NET1, (-3, 3)).message
    assert "whole number" in check.grid_missed(0.5, NET2, BOX, 8).message


def test_a_rounded_distance_or_lipschitz_constant_is_told_to_be_computed():
    x0 = np.array([0.1, 0.2])
    truth = region_distance(NET2, x0, ord=np.inf).distance
    feedback = check.boundary_distance(round(truth, 3), NET2, x0, ord=np.inf)
    assert round(truth, 3) != truth and not feedback.correct and "instead of rounding" in feedback.message
    feedback = check.lipschitz_constant(2.24, SUM_OF_RELUS, BOX)  # sqrt(5) = 2.2360...
    assert not feedback.correct and "instead of rounding" in feedback.message


def test_a_wrong_problem_still_raises_naming_the_argument():
    with pytest.raises(ValueError, match="interval"):
        check.kinks([0.0], NET1, (3, -3))
    with pytest.raises(ValueError, match="hidden_layers"):
        check.same_function(NET1, NET1, (-1, 1), hidden_layers=1.5)


def test_same_function_can_require_the_shape_an_exercise_asks_for():
    absolute = ReLUNetwork([[[1.0], [-1.0]], [[1.0, 1.0]]], [[0.0, 0.0], [0.0]])
    # the same function with three hidden layers: |x| = relu(relu(relu(x))) + relu(relu(relu(-x)))
    three = ReLUNetwork([[[1.0], [-1.0]], np.eye(2), np.eye(2), [[1.0, 1.0]]], [np.zeros(2)] * 3 + [[0.0]])
    assert check.same_function(three, np.abs, (-1, 1)).correct  # no shape asked: the function is right
    feedback = check.same_function(three, np.abs, (-1, 1), hidden_layers=1)
    assert not feedback.correct and "asks for 1 hidden layer; your network has 3" in feedback.message
    assert check.same_function(absolute, np.abs, (-1, 1), hidden_layers=1, units=2).correct
    wide = ReLUNetwork([[[1.0], [-1.0], [1.0]], [[1.0, 1.0, 0.0]]], [[0.0, 0.0, 0.0], [0.0]])
    feedback = check.same_function(wide, np.abs, (-1, 1), hidden_layers=1, units=2)
    assert not feedback.correct and "2 hidden units in all; your network has 3" in feedback.message


def test_region_count_on_a_slice_of_a_higher_dimensional_input():
    net = ReLUNetwork.random([5, 6, 1], seed=1)
    plane = (np.zeros(5), np.eye(5)[0], np.eye(5)[1])
    n = len(regions_2d(net, BOX, plane=plane))
    assert check.region_count(n, net, BOX, plane=plane).correct
    assert not check.region_count(n + 1, net, BOX, plane=plane).correct


def test_linear_piece_count_tells_regions_from_pieces():
    # the seed-like network with two dead outgoing weights: fewer pieces than regions
    net = ReLUNetwork([NET2.weights[0], NET2.weights[1] * np.array([1, 0, 0, 1])], NET2.biases)
    regions = regions_2d(net, BOX)
    pieces = len(linear_pieces(regions))
    assert pieces < len(regions)
    assert check.linear_piece_count(pieces, net, BOX).correct
    assert "activation regions" in check.linear_piece_count(len(regions), net, BOX).message
    assert not check.linear_piece_count(pieces + 1, net, BOX).correct


def test_same_function_is_exact_in_one_dimension():
    from origami.constructions import interpolant, tent_map

    deep = tent_map(3)
    knots = np.linspace(0, 1, 9)
    shallow = interpolant(knots, deep(knots[:, None])[:, 0])
    assert check.same_function(shallow, deep, (0, 1)).correct
    # a change between sample points is still found: it moves a kink, which is checked exactly
    nudged = interpolant(knots, deep(knots[:, None])[:, 0] + np.where(np.arange(9) == 3, 1e-4, 0))
    feedback = check.same_function(nudged, deep, (0, 1))
    assert not feedback.correct and "near x = 0.375" in feedback.message


def test_same_function_against_a_plain_function_and_in_two_dimensions():
    absolute = ReLUNetwork([[[1.0], [-1.0]], [[1.0, 1.0]]], [[0.0, 0.0], [0.0]])
    assert check.same_function(absolute, np.abs, (-1, 1)).correct
    assert "most of the domain" in check.same_function(absolute, lambda x: 2 * np.abs(x), (-1, 1)).message
    assert check.same_function(NET2, NET2.__call__, BOX).correct
    other = ReLUNetwork(NET2.weights, [NET2.biases[0], NET2.biases[1] + 0.5])
    assert not check.same_function(other, NET2, BOX).correct
    with pytest.raises(ValueError, match="domain"):
        check.same_function(absolute, np.abs, (0, 1, 2))
    assert "inputs" in check.same_function(absolute, np.abs, BOX).message


def test_grid_missed_right_and_wrong():
    net = ReLUNetwork.random([2, 8, 8, 1], seed=0)
    hits = grid_hits(regions_2d(net, BOX), 32)
    missed = int(np.sum(hits == 0))
    assert missed > 0  # a coarse grid does miss regions of this network
    assert check.grid_missed(missed, net, BOX, 32).correct
    feedback = check.grid_missed(missed - 1, net, BOX, 32)
    # the grid exercise asks why a fine enough grid can still miss a region: not answered here
    assert not feedback.correct and "thin" not in feedback.message
    with pytest.raises(ValueError, match="resolution"):
        check.grid_missed(0, net, BOX, 0)


def test_boundary_distance_right_too_far_and_too_close():
    x0 = np.array([0.1, 0.2])
    truth = region_distance(NET2, x0, ord=np.inf).distance
    assert check.boundary_distance(truth, NET2, x0, ord=np.inf).correct
    assert "Too far" in check.boundary_distance(2 * truth, NET2, x0, ord=np.inf).message
    assert "Too close" in check.boundary_distance(truth / 2, NET2, x0, ord=np.inf).message


def test_interpolation_rate_of_a_smooth_and_a_singular_function():
    pieces = [4, 8, 16, 32, 64]
    assert check.interpolation_rate(2.0, np.sin, (0, np.pi), pieces).correct
    assert check.interpolation_rate(0.5, np.sqrt, (0, 1), pieces).correct
    assert not check.interpolation_rate(2.0, np.sqrt, (0, 1), pieces).correct
    assert check.interpolation_rate(2.0, np.sqrt, (0, 1), pieces, knot_map=lambda s: s**4).correct
    assert "positive" in check.interpolation_rate(-0.5, np.sqrt, (0, 1), pieces).message


def _sampled_lipschitz(net, box, dual_ord=2):
    """The steepest slope of the first output, from the network's values alone.

    An oracle independent of the regions' affine maps (which the library's constant is read
    from): at every point of a 81 x 81 grid of the box and at the centroid of every exact region
    (so that no region is too small to be sampled), the gradient is a central difference of the
    network's own outputs, with a step halved until both neighbours share the point's activation
    pattern, where the output is affine and the difference exact up to rounding. Points on a
    crease (no such step) are skipped. The largest gradient, in the dual norm ``dual_ord``.
    """
    xmin, xmax, ymin, ymax = box
    gx, gy = np.meshgrid(np.linspace(xmin, xmax, 81), np.linspace(ymin, ymax, 81))
    points = np.vstack([np.column_stack([gx.ravel(), gy.ravel()]), regions_2d(net, box).centroids])
    pattern = net.activation_pattern(points)
    gradient = np.full(points.shape, np.nan)
    for axis in range(2):
        step = np.zeros(2)
        step[axis] = 1.0
        h = np.full(len(points), 1e-2)
        for _ in range(40):
            ahead, behind = points + h[:, None] * step, points - h[:, None] * step
            same = ((net.activation_pattern(ahead) == pattern).all(1)
                    & (net.activation_pattern(behind) == pattern).all(1))
            todo = np.isnan(gradient[:, axis]) & same
            gradient[todo, axis] = (net(ahead[todo])[:, 0] - net(behind[todo])[:, 0]) / (2 * h[todo])
            h[~same] /= 2
    gradient = gradient[~np.isnan(gradient).any(axis=1)]
    assert len(gradient) > 0.9 * len(points)  # only points on creases are skipped
    return np.linalg.norm(gradient, ord=dual_ord, axis=1).max()


def _spectral_product(net):
    return np.prod([np.linalg.norm(w, 2) for w in net.weights])


SUM_OF_RELUS = ReLUNetwork([np.eye(2), [[1.0, 2.0]]], [np.zeros(2), [0.0]])  # relu(x) + 2 relu(y)


def test_lipschitz_constant_right_and_wrong():
    net = ReLUNetwork.random([2, 16, 16, 1], seed=0)
    truth = _sampled_lipschitz(net, BOX)
    feedback = check.lipschitz_constant(truth, net, BOX)
    assert feedback.correct and str(feedback).startswith("✅")
    assert "Too small" in check.lipschitz_constant(0.9 * truth, net, BOX).message
    assert "Too large" in check.lipschitz_constant(1.1 * truth, net, BOX).message
    assert "never negative" in check.lipschitz_constant(-truth, net, BOX).message


def test_lipschitz_constant_names_the_product_of_spectral_norms():
    net = ReLUNetwork.random([2, 16, 16, 1], seed=0)
    feedback = check.lipschitz_constant(_spectral_product(net), net, BOX)
    assert not feedback.correct and "product of the layers' norms" in feedback.message


@pytest.mark.parametrize("seed", range(6))
def test_product_of_spectral_norms_bounds_the_exact_constant(seed):
    net = ReLUNetwork.random([2, 16, 16, 1], seed=seed)
    assert _spectral_product(net) >= _sampled_lipschitz(net, BOX)


def test_lipschitz_constant_of_a_sum_of_relus_is_known():
    # gradients (0, 0), (1, 0), (0, 2), (1, 2) in the four quadrants around the origin
    assert check.lipschitz_constant(np.sqrt(5), SUM_OF_RELUS, BOX).correct
    assert check.lipschitz_constant(3.0, SUM_OF_RELUS, BOX, ord=np.inf).correct  # dual: 1-norm
    assert check.lipschitz_constant(2.0, SUM_OF_RELUS, BOX, ord=1).correct  # dual: max-norm
    # only relu(x) varies on a box with y < 0
    assert check.lipschitz_constant(1.0, SUM_OF_RELUS, (1, 3, -3, -1)).correct
    # here the product of spectral norms, 1 * sqrt(5), is tight
    assert np.isclose(_spectral_product(SUM_OF_RELUS), np.sqrt(5))


def test_lipschitz_constant_in_the_wrong_norm_is_named():
    feedback = check.lipschitz_constant(np.sqrt(5), SUM_OF_RELUS, BOX, ord=np.inf)
    assert not feedback.correct
    assert "ord=2" in feedback.message and "1-norm" in feedback.message


def test_lipschitz_constant_rejects_unusable_input():
    with pytest.raises(ValueError, match="2 inputs"):
        check.lipschitz_constant(1.0, ReLUNetwork.random([3, 4, 1], seed=0), BOX)
    with pytest.raises(ValueError, match="ord"):
        check.lipschitz_constant(1.0, SUM_OF_RELUS, BOX, ord=3)
    with pytest.raises(ValueError, match="bounds"):
        check.lipschitz_constant(1.0, SUM_OF_RELUS, (1, -1, 0, 1))


def test_no_pair_of_points_in_the_box_is_steeper_than_the_exact_constant():
    net = ReLUNetwork.random([2, 16, 16, 1], seed=1)
    rng = np.random.default_rng(0)
    x, y = rng.uniform(-3, 3, (2, 5000, 2))
    slopes = np.abs(net(x)[:, 0] - net(y)[:, 0]) / np.linalg.norm(x - y, axis=1)
    assert slopes.max() <= _sampled_lipschitz(net, BOX) * (1 + 1e-9)
