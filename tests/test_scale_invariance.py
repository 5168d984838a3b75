"""Exact at every scale: answers that follow the geometry, not the units (issue 11).

Regions, linear pieces and kinks depend only on where the network bends. Scaling or shifting
the output, or rescaling or translating the box together with the first layer, moves nothing,
so none of these answers may change. The second half pins every example of the issue.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from origami import (
    ReLUNetwork,
    check,
    crossing_box,
    kinks,
    linear_pieces,
    regions_1d,
    regions_2d,
    robustness,
    verify,
)
from origami.pieces import edge_bends
from origami.regions1d import kink_sources
from strategies import boxes, networks

BOX = (-1.0, 1.0, -1.0, 1.0)
SMALL = dict(max_depth=3, max_width=10)


def with_output(net: ReLUNetwork, scale: float = 1.0, shift: float = 0.0) -> ReLUNetwork:
    """``scale * net(x) + shift``."""
    weights = net.weights[:-1] + [net.weights[-1] * scale]
    biases = net.biases[:-1] + [net.biases[-1] * scale + shift]
    return ReLUNetwork(weights, biases, negative_slope=net.negative_slope)


def moved(net: ReLUNetwork, s: float, t) -> ReLUNetwork:
    """The network read in coordinates ``y = s x + t``: ``net((y - t) / s)``."""
    t = np.broadcast_to(np.asarray(t, dtype=float), (net.input_dim,))
    w0 = net.weights[0] / s
    return ReLUNetwork([w0] + net.weights[1:], [net.biases[0] - w0 @ t] + net.biases[1:],
                       negative_slope=net.negative_slope)


def geometry_2d(net, box):
    regions = regions_2d(net, box)
    pieces = linear_pieces(regions)
    patterns = [tuple(p) for p in regions.patterns]
    piece_of = dict(zip(patterns, pieces.labels))
    # The partition into pieces, written with patterns so that it does not depend on numbering.
    partition = {frozenset(p for p in patterns if piece_of[p] == k) for k in set(pieces.labels)}
    return len(regions), set(patterns), partition


def geometry_1d(net, interval):
    pieces = regions_1d(net, interval)
    return [tuple(p.pattern) for p in pieces], len(linear_pieces(pieces)), kinks(net, interval)


exponents = st.floats(-9, 9)
zoom_exponents = st.floats(-6, 6)
shifts = st.floats(-1e9, 1e9)
translations = st.floats(-1e6, 1e6)


# ----------------------------------------------------------------------- output: scale, shift
@settings(max_examples=100, deadline=None)
@given(net=networks(**SMALL), box=boxes, e=exponents, shift=shifts)
def test_scaling_or_shifting_the_output_changes_no_region_or_piece(net, box, e, shift):
    before = geometry_2d(net, box)
    assert geometry_2d(with_output(net, 10.0**e), box) == before
    assert geometry_2d(with_output(net, 1.0, shift), box) == before


@settings(max_examples=150, deadline=None)
@given(net=networks(input_dim=1, **SMALL), e=exponents, shift=shifts)
def test_scaling_or_shifting_the_output_changes_no_kink(net, e, shift):
    patterns, count, where = geometry_1d(net, (-3.0, 3.0))
    for other in (with_output(net, 10.0**e), with_output(net, 1.0, shift)):
        p2, c2, w2 = geometry_1d(other, (-3.0, 3.0))
        assert (p2, c2) == (patterns, count)
        np.testing.assert_array_equal(w2, where)


# ------------------------------------------------------------- input: rescale, translate
@settings(max_examples=100, deadline=None)
@given(net=networks(**SMALL), box=boxes, e=zoom_exponents)
def test_rescaling_box_and_first_layer_together_changes_no_region_or_piece(net, box, e):
    s = 10.0**e
    assert geometry_2d(moved(net, s, 0.0), tuple(s * v for v in box)) == geometry_2d(net, box)


@settings(max_examples=100, deadline=None)
@given(net=networks(**SMALL), box=boxes, tx=translations, ty=translations)
def test_translating_box_and_first_layer_together_changes_no_region_or_piece(net, box, tx, ty):
    shifted = (box[0] + tx, box[1] + tx, box[2] + ty, box[3] + ty)
    assert geometry_2d(moved(net, 1.0, [tx, ty]), shifted) == geometry_2d(net, box)


@settings(max_examples=150, deadline=None)
@given(net=networks(input_dim=1, **SMALL), e=zoom_exponents, t=translations)
def test_rescaling_or_translating_the_interval_moves_the_kinks_with_it(net, e, t):
    patterns, count, where = geometry_1d(net, (-3.0, 3.0))
    s = 10.0**e
    p2, c2, w2 = geometry_1d(moved(net, s, 0.0), (-3.0 * s, 3.0 * s))
    assert (p2, c2) == (patterns, count)
    np.testing.assert_allclose(w2 / s, where, rtol=0, atol=1e-12)
    p3, c3, w3 = geometry_1d(moved(net, 1.0, t), (t - 3.0, t + 3.0))
    assert (p3, c3) == (patterns, count)
    # Positions near t carry float64 rounding of about eps * |t|, amplified in deep layers.
    np.testing.assert_allclose(w3 - t, where, rtol=0, atol=1e-7)


# -------------------------------------------------------------- the examples, pinned
RELU_SUM = ReLUNetwork([np.eye(2), [[1.0, 1.0]]], [np.zeros(2), [0.0]])  # relu(x1) + relu(x2)


@pytest.mark.parametrize("scale, shift", [(1.0, 1e9), (1e-9, 0.0), (1e9, -1e9), (1.0, 0.0)])
def test_relu_x1_plus_relu_x2_has_four_pieces_at_every_scale(scale, shift):
    net = with_output(RELU_SUM, scale, shift)
    regions = regions_2d(net, BOX)
    assert len(linear_pieces(regions)) == 4
    assert int(edge_bends(regions).sum()) == 4  # the two axes, each cut in two at the origin
    assert check.linear_piece_count(4, net, BOX).correct


def test_a_small_slope_under_a_large_offset_is_a_kink_in_1d():
    net = ReLUNetwork([[[1.0]], [[1e-3]]], [[0.0], [1e6]])  # 1e-3 relu(x) + 1e6
    assert kinks(net, (-1, 1)).tolist() == [0.0]
    assert len(linear_pieces(regions_1d(net, (-1, 1)))) == 2
    assert kink_sources(net, (-1, 1)).is_kink.tolist() == [True]


def test_tiny_slope_changes_are_kinks():
    net = ReLUNetwork([[[1.0], [1.0]], [[1e-9, -1e-9]]], [[0.0, -0.5], [0.0]])  # 1e-9 (relu(x) - relu(x - 0.5))
    assert kinks(net, (-1, 1)).tolist() == [0.0, 0.5]
    assert check.linear_piece_count(3, net, (-1, 1)).correct
    assert len(linear_pieces(regions_2d(with_output(RELU_SUM, 1e-9), BOX))) == 4


def test_cancelling_weights_make_no_kink():
    # 0.1 relu(3x) - 0.3 relu(x) is zero everywhere, though 0.1 * 3 - 0.3 is 5.6e-17 in float64.
    net = ReLUNetwork([[[3.0], [1.0]], [[0.1, -0.3]]], [[0.0, 0.0], [0.0]])
    assert kinks(net, (-1, 1)).size == 0
    assert len(linear_pieces(regions_1d(net, (-1, 1)))) == 1


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("scale, shift", [(1e-8, 0.0), (1.0, 1e8), (1e8, 0.0)])
def test_piece_counts_of_random_networks_do_not_depend_on_the_output_units(seed, scale, shift):
    net = ReLUNetwork.random([2, 6, 6, 1], seed=seed)
    box = (-3.0, 3.0, -3.0, 3.0)
    assert len(linear_pieces(regions_2d(with_output(net, scale, shift), box))) == len(
        linear_pieces(regions_2d(net, box))
    )


def test_crossing_box_shows_every_cell_with_a_nearly_parallel_line():
    W = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1e-6, 1.0]]
    b = [0.0, 0.0, -1.0, -2.0]
    net = ReLUNetwork([W, np.ones((1, 4))], [b, [0.0]])
    assert len(regions_2d(net, crossing_box(W, b))) == 1 + 4 + 6


def test_crossing_box_refuses_lines_too_close_to_parallel_to_resolve():
    with pytest.raises(ValueError, match="angle"):
        crossing_box([[0.0, 1.0], [-1e-11, 1.0]], [0.0, -2.0])


def test_locate_outside_the_box_is_minus_one_and_on_a_crease_is_the_inactive_side():
    net = ReLUNetwork([[[1.0, 0.0]], [[1.0]]], [[0.0], [0.0]])  # one crease, x1 = 0
    regions = regions_2d(net, BOX)
    active = int(np.flatnonzero(regions.patterns[:, 0])[0])
    inactive = 1 - active
    found = regions.locate([[5.0, 5.0], [0.5, 0.0], [-0.5, 0.0], [0.0, 0.2], [1.0, 1.0], [1.0 + 1e-9, 0.0]])
    assert found.tolist() == [-1, active, inactive, inactive, active, -1]


def test_grid_centres_on_a_crease_count_in_the_region_on_its_inactive_side():
    net = ReLUNetwork([[[1.0, 0.0]], [[1.0]]], [[0.0], [0.0]])
    regions = regions_2d(net, BOX)
    hits = verify.grid_hits(regions, 3)  # centres at x1 = -2/3, 0, 2/3
    active = int(np.flatnonzero(regions.patterns[:, 0])[0])
    assert hits[active] == 3 and hits[1 - active] == 6


@pytest.mark.parametrize("R", [5e307, 1e308])
def test_a_box_too_large_for_float64_is_refused(R):
    net = ReLUNetwork.random([2, 3, 1], seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no numpy overflow warning on the way
        with pytest.raises(ValueError, match="float64"):
            regions_2d(net, (-R, R, -R, R))
        with pytest.raises(ValueError, match="float64"):
            regions_1d(ReLUNetwork.random([1, 3, 1], seed=0), (-R, R))


def test_a_large_box_that_fits_in_float64_gives_every_region():
    net = ReLUNetwork([np.eye(2), [[1.0, 1.0]]], [[0.0, 0.0], [0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        regions = regions_2d(net, (-1e300, 1e300, -1e300, 1e300))
    assert len(regions) == 4
    assert np.all(regions.areas > 0) and all(len(r.vertices) == 4 for r in regions)


def test_no_hidden_layer_gives_one_region_everywhere():
    net = ReLUNetwork([[[1.0, 2.0]]], [[3.0]])  # one affine map
    assert net.activation_pattern([[0.0, 0.0], [1.0, 1.0]]).shape == (2, 0)
    A, c = net.local_affine([0.5, 0.5])
    assert A.tolist() == [[1.0, 2.0]] and c.tolist() == [3.0]
    assert robustness.region_distance(net, [0.5, 0.5]).distance == np.inf
    regions = regions_2d(net, BOX)
    assert regions.locate([[0.0, 0.0], [2.0, 0.0]]).tolist() == [0, -1]
    assert verify.grid_hits(regions, 4).tolist() == [16]


# ----------------------------------------------------------------------------- documentation
MODULES = ["network", "regions1d", "regions2d", "pieces", "verify", "bounds", "robustness",
           "constructions", "activations", "counting", "pruning", "training", "regionsnd", "tropical",
           "importers"]


def public_callables():
    import importlib
    import inspect

    for name in MODULES:
        module = importlib.import_module(f"origami.{name}")
        for attr, obj in vars(module).items():
            if attr.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            yield f"{name}.{attr}", obj
            if inspect.isclass(obj):
                for method, f in vars(obj).items():
                    if not method.startswith("_") and callable(f):
                        yield f"{name}.{attr}.{method}", f


@pytest.mark.parametrize("name, obj", list(public_callables()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_public_function_states_its_tolerance_and_boundary_points(name, obj):
    import inspect

    doc = (inspect.getdoc(obj) or "").lower()
    assert "tolerance" in doc, f"{name}: the docstring does not state its tolerance"
    assert "boundar" in doc, f"{name}: the docstring does not say what happens on boundary points"


def small_float_constants(source: str) -> list[str]:
    """The module-level assignments of a literal float below 1e-3 in ``source`` (tolerances)."""
    import ast

    found = []
    for node in ast.parse(source).body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                continue
            if isinstance(value, float) and 0 < abs(value) < 1e-3:
                found.append(ast.unparse(node))
    return found


def test_every_tolerance_is_defined_in_the_tolerances_module_only():
    from pathlib import Path

    import origami

    package = Path(origami.__file__).parent
    assert small_float_constants("SNAP = 1e-10\nMAX_DIM = 16\n") == ["SNAP = 1e-10"]
    elsewhere = {
        path.name: small_float_constants(path.read_text())
        for path in sorted(package.glob("*.py"))
        if path.name != "tolerances.py"
    }
    assert {name: found for name, found in elsewhere.items() if found} == {}


def test_a_box_too_far_from_the_origin_for_its_size_warns():
    net = moved(RELU_SUM, 1.0, [1e12, 1e12])  # creases at x1 = 1e12 and x2 = 1e12
    with pytest.warns(RuntimeWarning, match="float64 places some creases"):
        regions_2d(net, (1e12 - 1e-3, 1e12 + 1e-3, 1e12 - 1e-3, 1e12 + 1e-3))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(regions_2d(net, (1e12 - 1e5, 1e12 + 1e5, 1e12 - 1e5, 1e12 + 1e5))) == 4
