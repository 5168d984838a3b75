"""The library against exact rational arithmetic, on thousands of small degenerate networks.

The oracle cuts the box with ``fractions.Fraction``: every polygon (interval in 1-D) is split
by each hidden unit, layer by layer, along the exact zero of the unit's affine
pre-activation on it, and parts of zero area (length) are dropped. Nothing is rounded, so
parallel, concurrent and duplicate creases, creases through corners, zero units and dead
layers are decided exactly. The networks have small-integer or one-decimal weights: the
decimals (0.1, 0.3, ...) are not binary fractions, so the library sees them rounded to float64
while the oracle sees them exact, and degenerate coincidences survive only in the oracle.
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from origami import ReLUNetwork, kinks, linear_pieces, regions_1d, regions_2d

WEIGHTS = [F(v) for v in ("-2", "-1", "-1/2", "0", "1/2", "1", "2", "-3/10", "1/10", "7/10", "3/2")]
BIASES = [F(v) for v in ("-2", "-1", "-1/2", "0", "1/2", "1", "2", "3/10", "-7/10")]
SLOPES = [F(0), F(0), F(1, 10), F(1, 2)]  # ReLU twice as often as each Leaky ReLU
BOXES = [(F(-1), F(1), F(-1), F(1)), (F(-2), F(1), F(-1), F(1, 2)), (F(-1, 2), F(3, 2), F(0), F(1))]


# ------------------------------------------------------------------------ the networks
def random_network(rng: np.random.Generator, d: int):
    """Small rational weights with degeneracies planted on purpose.

    Returns the exact layers ``[(W, b), ...]`` (lists of Fractions) and the negative slope.
    """
    depth = int(rng.integers(1, 4))
    widths = [d] + [int(rng.integers(1, 5 if depth == 1 else 4)) for _ in range(depth)] + [1]
    layers = []
    for fan_in, fan_out in zip(widths[:-1], widths[1:]):
        W = [[WEIGHTS[rng.integers(len(WEIGHTS))] for _ in range(fan_in)] for _ in range(fan_out)]
        b = [BIASES[rng.integers(len(BIASES))] for _ in range(fan_out)]
        for i in range(1, fan_out):
            kind = rng.integers(6)
            j = int(rng.integers(i))
            if kind == 0:  # a duplicate unit
                W[i], b[i] = list(W[j]), b[j]
            elif kind == 1:  # a parallel (or anti-parallel) unit
                k = [F(2), F(-1), F(1, 2)][rng.integers(3)]
                W[i] = [k * w for w in W[j]]
            elif kind == 2:  # a zero unit
                W[i], b[i] = [F(0)] * fan_in, F(0)
        layers.append((W, b))
    if depth > 1 and rng.random() < 0.15:  # a dead hidden layer: every unit off everywhere
        l = int(rng.integers(1, depth))
        W, b = layers[l]
        layers[l] = ([[F(0)] * len(W[0]) for _ in W], [F(-1)] * len(b))
    slope = SLOPES[rng.integers(len(SLOPES))]
    return layers, slope


def float_network(layers, slope, scale: float = 1.0, shift: float = 0.0) -> ReLUNetwork:
    """The network in float64, its output multiplied by ``scale`` and shifted by ``shift``
    (which changes no region, piece or kink)."""
    weights = [np.array([[float(w) for w in row] for row in W]) for W, _ in layers]
    biases = [np.array([float(v) for v in b]) for _, b in layers]
    weights[-1] = weights[-1] * scale
    biases[-1] = biases[-1] * scale + shift
    return ReLUNetwork(weights, biases, negative_slope=float(slope))


def zoom(layers, box, s: F):
    """The same network on the box scaled by ``s`` (the first layer divided by ``s``), exactly."""
    (W, b), rest = layers[0], layers[1:]
    return [([[w / s for w in row] for row in W], b)] + rest, tuple(v * s for v in box)


#: Output scales and shifts, and input zooms, that must change nothing.
SCALES = [1.0, 1e-9, 1e9, 3e-5]
SHIFTS = [0.0, 1e9, -1e6]
ZOOMS = [F(1), F(1), F(1000), F(1, 1000), F(10**6)]


# ----------------------------------------------------------------------------- the oracle
def dot(u, v):
    return sum(a * b for a, b in zip(u, v))


def compose(W, b, A, c):
    """The map x -> W (A x + c) + b, as (rows, offsets)."""
    cols = list(zip(*A))
    return [[dot(row, col) for col in cols] for row in W], [dot(row, c) + bi for row, bi in zip(W, b)]


def gate(A, c, bits, slope):
    g = [F(1) if bit else slope for bit in bits]
    return [[gi * a for a in row] for gi, row in zip(g, A)], [gi * ci for gi, ci in zip(g, c)]


def area(poly):
    return sum(p[0] * q[1] - q[0] * p[1] for p, q in zip(poly, poly[1:] + poly[:1])) / 2


def clip(poly, a, c):
    """The parts of a convex polygon where a . x + c >= 0 and where it is <= 0."""
    pos, neg = [], []
    for p, q in zip(poly, poly[1:] + poly[:1]):
        gp, gq = dot(a, p) + c, dot(a, q) + c
        if gp >= 0:
            pos.append(p)
        if gp <= 0:
            neg.append(p)
        if gp * gq < 0:
            t = gp / (gp - gq)
            r = tuple(pi + t * (qi - pi) for pi, qi in zip(p, q))
            pos.append(r)
            neg.append(r)
    return pos, neg


def oracle_regions_2d(layers, slope, box):
    """Exact regions: a list of (polygon, pattern, (A, c)) with (A, c) the output map."""
    xmin, xmax, ymin, ymax = box
    square = [(xmin, ymin), (xmax, ymin), (xmax, ymax), (xmin, ymax)]
    cells = [(square, (), ([[F(1), F(0)], [F(0), F(1)]], [F(0), F(0)]))]
    for W, b in layers[:-1]:
        grown = []
        for poly, bits, (A, c) in cells:
            Z, z0 = compose(W, b, A, c)
            parts = [(poly, bits)]
            for a, c0 in zip(Z, z0):
                split = []
                for q, qb in parts:
                    if all(dot(a, p) + c0 == 0 for p in q):  # zero on the whole cell: inactive
                        split.append((q, qb + (False,)))
                        continue
                    pos, neg = clip(q, a, c0)
                    if area(pos) > 0:
                        split.append((pos, qb + (True,)))
                    if area(neg) > 0:
                        split.append((neg, qb + (False,)))
                parts = split
            for q, qb in parts:
                grown.append((q, qb, gate(Z, z0, qb[len(bits):], slope)))
        cells = grown
    W, b = layers[-1]
    return [(q, qb, compose(W, b, A, c)) for q, qb, (A, c) in cells]


def share_an_edge(P, Q) -> bool:
    """Whether two convex polygons meet along a segment of positive length."""
    for p0, p1 in zip(P, P[1:] + P[:1]):
        e = (p1[0] - p0[0], p1[1] - p0[1])
        ee = dot(e, e)
        if ee == 0:
            continue
        for q0, q1 in zip(Q, Q[1:] + Q[:1]):
            rel0 = (q0[0] - p0[0], q0[1] - p0[1])
            rel1 = (q1[0] - p0[0], q1[1] - p0[1])
            if e[0] * rel0[1] - e[1] * rel0[0] or e[0] * rel1[1] - e[1] * rel1[0]:
                continue  # not on the line of this edge
            t0, t1 = dot(rel0, e) / ee, dot(rel1, e) / ee
            if min(1, max(t0, t1)) > max(0, min(t0, t1)):
                return True
    return False


def components(n, pairs):
    parent = list(range(n))

    def root(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for i, j in pairs:
        parent[root(i)] = root(j)
    return [root(i) for i in range(n)]


def oracle_pieces_2d(cells):
    """Linear pieces: neighbours with the same exact map, joined transitively."""
    pairs = [
        (i, j)
        for i in range(len(cells))
        for j in range(i + 1, len(cells))
        if cells[i][2] == cells[j][2] and share_an_edge(cells[i][0], cells[j][0])
    ]
    return components(len(cells), pairs)


def oracle_regions_1d(layers, slope, interval):
    """Exact pieces in order: a list of (left, right, pattern, (slope, intercept))."""
    a, b = interval
    pieces = [(a, b, (), ([[F(1)]], [F(0)]))]
    for W, bias in layers[:-1]:
        grown = []
        for left, right, bits, (A, c) in pieces:
            Z, z0 = compose(W, bias, A, c)
            parts = [(left, right, bits)]
            for (s,), c0 in zip(Z, z0):
                split = []
                for l, r, pb in parts:
                    gl, gr = s * l + c0, s * r + c0
                    if gl * gr < 0:
                        root = l + gl / (gl - gr) * (r - l)
                        split += [(l, root, pb + (gl > 0,)), (root, r, pb + (gr > 0,))]
                    else:
                        split.append((l, r, pb + (max(gl, gr) > 0,)))
                parts = split
            grown += [(l, r, pb, gate(Z, z0, pb[len(bits):], slope)) for l, r, pb in parts]
        pieces = grown
    W, bias = layers[-1]
    return [(l, r, pb, compose(W, bias, A, c)) for l, r, pb, (A, c) in pieces]


# ------------------------------------------------------------------------- the comparison
def same_partition(labels_a, labels_b) -> bool:
    pairs = set(zip(labels_a, labels_b))
    return len(pairs) == len(set(labels_a)) == len(set(labels_b))


def check_2d(layers, slope, box, scale=1.0, shift=0.0):
    net = float_network(layers, slope, scale, shift)
    cells = oracle_regions_2d(layers, slope, box)
    regions = regions_2d(net, tuple(float(v) for v in box))
    truth = {qb: k for k, (_, qb, _) in enumerate(cells)}
    mine = [tuple(bool(v) for v in p) for p in regions.patterns]
    assert len(regions) == len(cells), f"{len(regions)} regions, exactly {len(cells)}"
    assert set(mine) == set(truth), "the activation patterns differ"
    exact_labels = oracle_pieces_2d(cells)
    pieces = linear_pieces(regions)
    assert len(pieces) == len(set(exact_labels)), f"{len(pieces)} linear pieces, exactly {len(set(exact_labels))}"
    assert same_partition(list(pieces.labels), [exact_labels[truth[p]] for p in mine])


def check_1d(layers, slope, interval, scale=1.0, shift=0.0):
    net = float_network(layers, slope, scale, shift)
    exact = oracle_regions_1d(layers, slope, interval)
    pieces = regions_1d(net, tuple(float(v) for v in interval))
    assert len(pieces) == len(exact), f"{len(pieces)} pieces, exactly {len(exact)}"
    assert [tuple(bool(v) for v in p.pattern) for p in pieces] == [e[2] for e in exact]
    size = float(interval[1] - interval[0])
    ends = np.array([float(e[1]) for e in exact[:-1]])
    np.testing.assert_allclose([p.right for p in pieces[:-1]], ends, rtol=0, atol=1e-12 * size)
    exact_kinks = [float(e[1]) for e, f in zip(exact, exact[1:]) if e[3][0] != f[3][0]]
    found = kinks(net, tuple(float(v) for v in interval))
    assert len(found) == len(exact_kinks), f"{len(found)} kinks, exactly {len(exact_kinks)}"
    np.testing.assert_allclose(found, exact_kinks, rtol=0, atol=1e-12 * size)
    assert len(linear_pieces(pieces)) == len(exact_kinks) + 1


# ------------------------------------------------------------------------------ the tests
def test_the_oracle_counts_a_known_arrangement():
    # x = 0, y = 0 and x + y = 0 are concurrent: 6 regions, not 7; relu(x) + relu(y) has 4 pieces
    # and the third unit, with output weight 0, bends nothing.
    layers = [([[F(1), F(0)], [F(0), F(1)], [F(1), F(1)]], [F(0)] * 3), ([[F(1), F(1), F(0)]], [F(0)])]
    cells = oracle_regions_2d(layers, F(0), BOXES[0])
    assert len(cells) == 6 and len(set(oracle_pieces_2d(cells))) == 4
    assert sum(area(q) for q, _, _ in cells) == 4


@pytest.mark.parametrize("block", range(4))
def test_regions_and_pieces_match_exact_arithmetic_in_2d(block):
    rng = np.random.default_rng([11, block])
    for trial in range(250):
        layers, slope = random_network(rng, 2)
        layers, box = zoom(layers, BOXES[rng.integers(len(BOXES))], ZOOMS[rng.integers(len(ZOOMS))])
        scale, shift = SCALES[rng.integers(len(SCALES))], SHIFTS[rng.integers(len(SHIFTS))]
        try:
            check_2d(layers, slope, box, scale, shift)
        except AssertionError as exc:
            raise AssertionError(
                f"block {block}, trial {trial}: {layers}, slope {slope}, box {box}, "
                f"output * {scale} + {shift}: {exc}"
            ) from None


@pytest.mark.parametrize("block", range(4))
def test_pieces_and_kinks_match_exact_arithmetic_in_1d(block):
    rng = np.random.default_rng([12, block])
    intervals = [(F(-1), F(1)), (F(-2), F(1, 2)), (F(0), F(3, 10))]
    for trial in range(400):
        layers, slope = random_network(rng, 1)
        layers, interval = zoom(layers, intervals[rng.integers(len(intervals))], ZOOMS[rng.integers(len(ZOOMS))])
        scale, shift = SCALES[rng.integers(len(SCALES))], SHIFTS[rng.integers(len(SHIFTS))]
        try:
            check_1d(layers, slope, interval, scale, shift)
        except AssertionError as exc:
            raise AssertionError(
                f"block {block}, trial {trial}: {layers}, slope {slope}, {interval}, "
                f"output * {scale} + {shift}: {exc}"
            ) from None
