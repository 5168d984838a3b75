"""Counting regions: exact counts along whole lines, random networks over many seeds, and a
folding construction that reaches a proven number of regions.

The bounds themselves live in :mod:`origami.bounds`; this module adds the lower bound of Serra,
Tjandraatmadja & Ramalingam (2018) and the network that attains it, and the measurements the
chapter on counting compares them with.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from math import prod

import numpy as np

from . import _validate
from .bounds import _check, zaslavsky
from .network import ReLUNetwork, restrict_to_line
from .regions1d import Piece, regions_1d
from .regions2d import SNAP, Regions2D, regions_2d

__all__ = [
    "serra_lower",
    "sawtooth",
    "folding_network",
    "line_regions",
    "count_on_line",
    "random_line_counts",
    "random_region_counts",
    "region_counts",
    "distance_to_points",
    "distance_to_segments",
    "local_density",
    "density_by_distance",
]


# --------------------------------------------------------------------------- the lower bound
def serra_lower(n0: int, hidden: Sequence[int]) -> int:
    """Serra, Tjandraatmadja & Ramalingam (2018): a lower bound on the maximum number of regions.

    ``prod_{l < L} (floor(n_l / n0) + 1)**n0 * sum_{i <= n0} C(n_L, i)``: some network with
    ``n0`` inputs and hidden widths ``(n_1, ..., n_L)`` has at least this many activation
    regions on ``R**n0``. Every hidden layer before the last needs ``n_l >= 3 * n0``;
    :func:`folding_network` builds a network that attains the count for ``n0`` in ``{1, 2}``.
    For ``n0 = 1`` (and every ``n_l >= 3``) it equals ``prod (n_l + 1)``, which is also the
    upper bound :func:`origami.bounds.serra_upper`: the maximum is then known exactly.

    Parameters
    ----------
    n0 : int
        Input dimension.
    hidden : sequence of int
        Hidden widths ``(n_1, ..., n_L)``.

    Returns
    -------
    int

    Examples
    --------
    >>> serra_lower(1, [3, 3, 3])
    64
    >>> serra_lower(2, [6, 6])  # (3 + 1)**2 * (1 + 6 + 15)
    352
    """
    n0, hidden = _check(n0, hidden)
    if any(n < 3 * n0 for n in hidden[:-1]):
        raise ValueError(
            f"serra_lower needs every hidden width before the last to be at least 3 * n0 = {3 * n0}, "
            f"got {hidden}"
        )
    return prod((n // n0 + 1) ** n0 for n in hidden[:-1]) * zaslavsky(hidden[-1], n0)


# ---------------------------------------------------------------------- the folding network
def sawtooth(p: int) -> ReLUNetwork:
    """A fold of the line: ``p >= 3`` ReLU units whose sum has ``p + 1`` pieces, each onto ``[0, 1]``.

    The kinks are at ``t_k = k / (p + 1)``, ``k = 1..p``, where the function alternates
    between 0 and 1 (it is 0 at ``t_1``). Between kinks it rises or falls across ``[0, 1]``,
    and the two unbounded pieces leave ``[0, 1]`` at ``t_1 - 1 / (2 (p + 1))`` and at ``1``.
    So every piece maps a sub-interval of ``[0, 1]`` onto ``[0, 1]``. All units but one face
    right (``relu(x - t_k)``); one faces left (``relu(t_m - x)``) so that no piece is flat —
    with fewer than three units that is impossible.

    Parameters
    ----------
    p : int
        Number of units, at least 3.

    Returns
    -------
    ReLUNetwork
        Widths ``[1, p, 1]``.

    Examples
    --------
    >>> g = sawtooth(3)
    >>> np.round(g(np.array([[0.25], [0.5], [0.75], [1.0]])).ravel(), 12).tolist()
    [0.0, 1.0, 0.0, 1.0]
    """
    p = int(p)
    if p < 3:
        raise ValueError(f"a sawtooth needs at least 3 units (fewer always leave a flat piece), got p={p}")
    t = np.arange(1, p + 1) / (p + 1)
    values = np.arange(p) % 2  # g(t_k): 0, 1, 0, 1, ...
    inner = np.diff(values) * (p + 1.0)  # slopes s_1 .. s_{p-1}
    last = (p + 1.0) * (1 if values[-1] == 0 else -1)  # reaches the other end at x = 1
    m = p - 1 if p % 2 else p - 2  # 0-based index of the left-facing unit
    slopes = np.concatenate([[np.nan], inner, [last]])
    slopes[0] = slopes[m] - slopes[m + 1]  # forced by the units: -2 (p + 1)
    coef = np.diff(slopes)  # jump of the slope at each kink
    w = np.ones(p)
    b = -t.copy()
    w[m], b[m] = -1.0, t[m]
    offset = -coef[m] * (t[m] - t[0])  # makes g(t_1) = 0
    return ReLUNetwork([w[:, None], coef[None, :]], [b, np.array([offset])])


def folding_network(n0: int, hidden: Sequence[int]) -> ReLUNetwork:
    """A network with exactly :func:`serra_lower` ``(n0, hidden)`` regions, for ``n0`` in {1, 2}.

    Every hidden layer but the last splits its units into ``n0`` groups of
    ``p = n_l // n0`` (extra units are switched off); group ``i`` folds the ``i``-th
    coordinate with a :func:`sawtooth`, so the layer maps each of its ``(p + 1)**n0`` cells
    onto ``[0, 1]**n0``. The last hidden layer cuts ``[0, 1]**n0`` with ``n_L`` points
    (``n0 = 1``; a sawtooth when ``n_L >= 3``) or with ``n_L`` lines tangent to a small
    circle (``n0 = 2``, general position, every crossing inside the square). Every region of
    the network meets the open box ``(0, 1)**n0``, so counting inside that box counts all of
    ``R**n0``.

    Parameters
    ----------
    n0 : int
        Input dimension, 1 or 2.
    hidden : sequence of int
        Hidden widths; every one but the last at least ``3 * n0``.

    Returns
    -------
    ReLUNetwork
        Widths ``[n0, *hidden, 1]``.

    Examples
    --------
    >>> from origami import regions_1d
    >>> len(regions_1d(folding_network(1, [3, 3, 3]), (0, 1)))
    64
    """
    n0, hidden = _check(n0, hidden)
    if n0 not in (1, 2):
        raise ValueError(f"folding_network supports input dimension 1 or 2, got n0={n0}")
    serra_lower(n0, hidden)  # validates the widths
    weights, biases = [], []
    # The coordinates the next layer reads: u = A h + c, with h the previous layer's output.
    A, c = np.eye(n0), np.zeros(n0)
    for n in hidden[:-1]:
        p = n // n0
        g = sawtooth(p)
        w, b = g.weights[0][:, 0], g.biases[0]
        W = np.zeros((n, A.shape[1]))
        bias = np.full(n, -1.0)  # spare units: always off
        for i in range(n0):
            rows = slice(i * p, (i + 1) * p)
            W[rows] = np.outer(w, A[i])
            bias[rows] = w * c[i] + b
        weights.append(W)
        biases.append(bias)
        A = np.zeros((n0, n))
        c = np.full(n0, g.biases[1][0])
        for i in range(n0):
            A[i, i * p : (i + 1) * p] = g.weights[1][0]
    n = hidden[-1]
    if n0 == 1 and n >= 3:
        g = sawtooth(n)
        w, b = g.weights[0][:, 0], g.biases[0]
        weights.append(np.outer(w, A[0]))
        biases.append(w * c[0] + b)
        out_w, out_b = g.weights[1], g.biases[1]
    else:
        if n0 == 1:
            normals = np.ones((n, 1))
            offsets = -np.arange(1, n + 1) / (n + 1)
        else:
            theta = np.pi * np.arange(n) / n
            normals = np.stack([np.cos(theta), np.sin(theta)], axis=1)
            radius = 0.4 * np.sin(np.pi / (2 * n)) if n > 1 else 0.25
            offsets = -normals @ np.full(2, 0.5) - radius
            # Every other unit faces the circle, so that (for n >= 5) every cell has active
            # units and neighbouring regions get different affine maps.
            side = np.where(np.arange(n) % 2, -1.0, 1.0)
            normals, offsets = normals * side[:, None], offsets * side
        weights.append(normals @ A)
        biases.append(normals @ c + offsets)
        out_w = (1.0 + np.arange(n) / n)[None, :]
        if n0 == 1:
            out_w = out_w * np.where(np.arange(n) % 2, -1.0, 1.0)
        out_b = np.zeros(1)
    weights.append(out_w)
    biases.append(out_b)
    return ReLUNetwork(weights, biases)


# ------------------------------------------------------------------- exact counts on lines
def _line_net(net: ReLUNetwork, origin, direction) -> ReLUNetwork:
    if not isinstance(net, ReLUNetwork):
        raise ValueError(f"net must be a ReLUNetwork, got {type(net).__name__}")
    if origin is None and direction is None:
        if net.input_dim != 1:
            raise ValueError(
                f"net has {net.input_dim} inputs: give the line's origin and direction, both of shape "
                f"({net.input_dim},)"
            )
        return net
    if origin is None or direction is None:
        raise ValueError("give both origin and direction of the line, or neither (for a 1-input net)")
    return restrict_to_line(net, origin, direction)


def _fixed_pattern_zeros(net: ReLUNetwork, pattern: np.ndarray) -> np.ndarray:
    """Zeros in ``t`` of every hidden unit's pre-activation when the pattern is held fixed."""
    slope, icpt = net.weights[0][:, 0], net.biases[0]
    zeros, start = [], 0
    for w, b in zip(net.weights[1:], net.biases[1:]):
        moving = slope != 0
        zeros.append(-icpt[moving] / slope[moving])
        gate = np.where(pattern[start : start + len(slope)], 1.0, net.negative_slope)
        start += len(slope)
        slope, icpt = w @ (gate * slope), w @ (gate * icpt) + b
    return np.concatenate(zeros)


def line_regions(net: ReLUNetwork, origin=None, direction=None, max_rounds: int = 64) -> list[Piece]:
    """The activation regions along a whole line, exactly (not only inside a window).

    Regions are computed on a window ``[-R, R]`` of the line parameter ``t``. On the last
    piece every pre-activation is affine in ``t`` as long as the pattern holds, so the next
    breakpoint beyond ``R``, if any, is the nearest zero of those affine functions; the
    window grows until no zero lies beyond it (likewise on the left).

    Parameters
    ----------
    net : ReLUNetwork
    origin, direction : array_like, shape (d,), optional
        The line ``origin + t * direction``; omit both for a network with one input.
    max_rounds : int
        Safety limit on the number of times the window grows.

    Returns
    -------
    list of Piece
        Consecutive pieces in ``t``; the first and last stand for the two unbounded rays (their
        outer ends are the window's ends, beyond every breakpoint).
    """
    line = _line_net(net, origin, direction)
    w0 = np.abs(line.weights[0][:, 0])
    first = np.abs(line.biases[0][w0 > 0]) / w0[w0 > 0]
    R = 1.0 + (float(first.max()) if first.size else 0.0)
    for _ in range(int(max_rounds)):
        pieces = regions_1d(line, (-R, R))
        beyond = []
        for piece, sign in ((pieces[-1], 1.0), (pieces[0], -1.0)):
            z = sign * _fixed_pattern_zeros(line, piece.pattern)
            middle = sign * 0.5 * (piece.left + piece.right)
            beyond.append(z[z > middle])  # a zero inside the piece is impossible: it lies at or beyond R
        far = np.concatenate(beyond)
        if far.size == 0:
            return pieces
        R = 2.0 * max(R, float(far.max())) + 1.0
    raise RuntimeError(f"line_regions: the window still grew after {max_rounds} rounds (R = {R:g})")


def count_on_line(net: ReLUNetwork, origin=None, direction=None, interval=None) -> int:
    """The number of activation regions met by a line (or by a segment of it), exactly.

    Parameters
    ----------
    net : ReLUNetwork
    origin, direction : array_like, shape (d,), optional
        The line ``origin + t * direction``; omit both for a network with one input.
    interval : tuple of float, optional
        ``(a, b)``: count only on ``a <= t <= b``. Default: the whole line (see
        :func:`line_regions`).

    Returns
    -------
    int

    Examples
    --------
    >>> net = ReLUNetwork([[[1.0], [1.0]], [[1.0, -2.0]]], [[0.0, -1.0], [0.0]])
    >>> count_on_line(net), count_on_line(net, interval=(-1, 0.5))
    (3, 2)
    """
    if interval is None:
        return len(line_regions(net, origin, direction))
    a, b = _validate.interval(interval)
    return _count_segment(_line_net(net, origin, direction), a, b)


def _count_segment(net: ReLUNetwork, a: float, b: float) -> int:
    """``len(regions_1d(net, (a, b)))``, one layer at a time instead of one unit at a time.

    Every unit of a layer is affine on every piece cut by the earlier layers, so all its
    zeros on all pieces are found at once; the layer's new breakpoints are merged in, and the
    next layer's pre-activations are evaluated exactly at the breakpoints.
    """
    x = np.array([a, b])
    for depth in range(len(net.weights) - 1):
        z = net.weights[0] @ x[None, :] + net.biases[0][:, None]  # (units, points)
        for w, bias in zip(net.weights[1 : depth + 1], net.biases[1 : depth + 1]):
            z = w @ net.activate(z) + bias[:, None]
        tol = SNAP * np.abs(z).max(axis=1, keepdims=True)
        sign = np.where(np.abs(z) <= tol, 0, np.sign(z))
        unit, seg = np.nonzero(sign[:, :-1] * sign[:, 1:] < 0)
        if len(seg) == 0:
            continue
        t = z[unit, seg] / (z[unit, seg] - z[unit, seg + 1])
        x = np.union1d(x, x[seg] + t * (x[seg + 1] - x[seg]))
    return len(x) - 1


# -------------------------------------------------------------- random networks, many seeds
def _seeds(seeds) -> list[int]:
    seeds = [int(s) for s in (range(seeds) if isinstance(seeds, (int, np.integer)) else seeds)]
    if len(seeds) == 0:
        raise ValueError("seeds must be a positive count or a non-empty list of integers")
    return seeds


def random_line_counts(
    n0: int,
    hidden: Sequence[int],
    seeds: int | Iterable[int],
    length: float = 6.0,
    bias_std: float = 0.5,
) -> np.ndarray:
    """Regions met by a segment through the origin, for many He-initialised networks.

    For each seed, ``ReLUNetwork.random([n0, *hidden, 1], seed, bias_std)`` is cut by the
    segment ``t * u``, ``|t| <= length / 2``, with ``u`` a random unit vector (drawn from its
    own generator seeded by ``seed``), and its regions there are counted exactly.

    Parameters
    ----------
    n0 : int
        Input dimension.
    hidden : sequence of int
        Hidden widths.
    seeds : int or iterable of int
        A count ``k`` (seeds ``0..k-1``) or explicit seeds.
    length : float
        Length of the segment.
    bias_std : float
        Standard deviation of the biases (see ``ReLUNetwork.random``).

    Returns
    -------
    ndarray of int, shape (len(seeds),)
    """
    n0, hidden = _check(n0, hidden)
    if not (np.isfinite(length) and length > 0):
        raise ValueError(f"length must be a positive number, got {length}")
    counts = []
    for seed in _seeds(seeds):
        net = ReLUNetwork.random([n0, *hidden, 1], seed=seed, bias_std=bias_std)
        u = np.random.default_rng([seed, 1]).normal(size=n0)
        u /= np.linalg.norm(u)
        counts.append(count_on_line(net, np.zeros(n0), u, (-length / 2, length / 2)))
    return np.array(counts, dtype=int)


def random_region_counts(
    hidden: Sequence[int],
    seeds: int | Iterable[int],
    bounds=(-10.0, 10.0, -10.0, 10.0),
    bias_std: float = 0.5,
) -> np.ndarray:
    """Exact numbers of regions inside a box for many He-initialised 2-input networks.

    A count inside a box is a lower bound on the count over all of ``R**2``: regions that
    do not meet the box are missed.

    Parameters
    ----------
    hidden : sequence of int
        Hidden widths; the networks are ``[2, *hidden, 1]``.
    seeds : int or iterable of int
        A count ``k`` (seeds ``0..k-1``) or explicit seeds.
    bounds : tuple of float
        ``(xmin, xmax, ymin, ymax)``.
    bias_std : float

    Returns
    -------
    ndarray of int, shape (len(seeds),)
    """
    _, hidden = _check(2, hidden)
    return np.array(
        [
            len(regions_2d(ReLUNetwork.random([2, *hidden, 1], seed=s, bias_std=bias_std), bounds))
            for s in _seeds(seeds)
        ],
        dtype=int,
    )


def region_counts(nets: Iterable[ReLUNetwork], bounds) -> np.ndarray:
    """The exact number of regions inside one box for each of several 2-input networks.

    Parameters
    ----------
    nets : iterable of ReLUNetwork
        E.g. the snapshots of a training run.
    bounds : tuple of float
        ``(xmin, xmax, ymin, ymax)``.

    Returns
    -------
    ndarray of int, shape (len(nets),)
    """
    return np.array([len(regions_2d(net, bounds)) for net in nets], dtype=int)


# ------------------------------------------------------------ where do the regions crowd?
def distance_to_points(x, points) -> np.ndarray:
    """Euclidean distance from each of ``x`` to the nearest of ``points``.

    Parameters
    ----------
    x : array_like, shape (n, d)
    points : array_like, shape (m, d), m >= 1

    Returns
    -------
    ndarray, shape (n,)
    """
    x = _validate.finite_array(x, "x", ndim=2)
    points = _validate.finite_array(points, "points", ndim=2)
    if len(points) == 0 or points.shape[1] != x.shape[1]:
        raise ValueError(f"points must have shape (m >= 1, {x.shape[1]}), got {points.shape}")
    out = np.empty(len(x))
    sq = (points**2).sum(1)
    for start in range(0, len(x), 2048):
        chunk = x[start : start + 2048]
        # |x - p|^2 = |x|^2 - 2 x.p + |p|^2: find the nearest point cheaply, then measure exactly.
        nearest = np.argmin(sq[None, :] - 2.0 * chunk @ points.T, axis=1)
        out[start : start + 2048] = np.linalg.norm(chunk - points[nearest], axis=1)
    return out


def distance_to_segments(x, segments) -> np.ndarray:
    """Euclidean distance from each of ``x`` to the nearest of a set of segments.

    Parameters
    ----------
    x : array_like, shape (n, 2)
    segments : array_like, shape (k, 2, 2)
        End points, e.g. from :func:`origami.robustness.decision_boundary`. With ``k = 0``
        every distance is ``inf``.

    Returns
    -------
    ndarray, shape (n,)
    """
    x = _validate.finite_array(x, "x", ndim=2)
    seg = _validate.finite_array(segments, "segments", ndim=3)
    if seg.shape[1:] != (2, x.shape[1]):
        raise ValueError(f"segments must have shape (k, 2, {x.shape[1]}), got {seg.shape}")
    if len(seg) == 0:
        return np.full(len(x), np.inf)
    a, d = seg[:, 0], seg[:, 1] - seg[:, 0]
    dd = np.maximum((d * d).sum(-1), 1e-300)
    out = np.empty(len(x))
    for start in range(0, len(x), 1024):
        rel = x[start : start + 1024, None, :] - a[None]
        s = np.clip((rel * d[None]).sum(-1) / dd, 0.0, 1.0)
        out[start : start + 1024] = np.sqrt(((rel - s[..., None] * d[None]) ** 2).sum(-1).min(1))
    return out


def local_density(regions: Regions2D, x) -> np.ndarray:
    """Regions per unit area around each point: one over the area of the region containing it.

    Averaged over points spread uniformly over a set ``S``, this is the number of regions per
    unit area in ``S``, each region counted with the fraction of its area that lies in ``S``.

    Parameters
    ----------
    regions : Regions2D
    x : array_like, shape (n, 2)
        Points in the box of ``regions``.

    Returns
    -------
    ndarray, shape (n,)
        ``nan`` for points outside the box. A point on a crease belongs to the region whose
        pattern it has (a unit at exactly zero counts as inactive); ``nan`` if that pattern
        belongs to no region with an interior (possible only on a set of area zero).

    Examples
    --------
    >>> net = ReLUNetwork([[[1.0, 0.0]], [[1.0]]], [[0.0], [0.0]])  # one crease, x1 = 0
    >>> local_density(regions_2d(net, (-1, 1, -1, 1)), [[0.5, 0.0], [-0.5, 0.5]]).tolist()
    [0.5, 0.5]
    """
    if not isinstance(regions, Regions2D):
        raise ValueError(f"regions must be a Regions2D (from origami.regions_2d), got {type(regions).__name__}")
    x = _validate.finite_array(x, "x", ndim=2)
    if x.shape[1] != 2:
        raise ValueError(f"x must have shape (n, 2), got {x.shape}")
    owner = regions.locate(x)
    xmin, xmax, ymin, ymax = regions.bounds
    inside = (owner >= 0) & (x[:, 0] >= xmin) & (x[:, 0] <= xmax) & (x[:, 1] >= ymin) & (x[:, 1] <= ymax)
    return np.where(inside, 1.0 / regions.areas[np.maximum(owner, 0)], np.nan)


def density_by_distance(density, distances, edges) -> tuple[np.ndarray, np.ndarray]:
    """Average a local density in bands of distance from something (the data, a decision boundary).

    Parameters
    ----------
    density : array_like, shape (n,)
        :func:`local_density` at sample points spread uniformly over the box (e.g. a grid);
        ``nan`` entries (points on region boundaries) are ignored.
    distances : array_like, shape (n,)
        Distance of each sample point to the set of interest, e.g.
        ``distance_to_points(x, X_train)``; ``inf`` is allowed.
    edges : array_like, shape (B + 1,)
        Increasing band edges; point ``i`` is in band ``j`` when
        ``edges[j] <= distances[i] < edges[j + 1]``.

    Returns
    -------
    mean : ndarray, shape (B,)
        Mean density over the band's sample points: the number of regions per unit area in the
        band (``nan`` for a band without sample points).
    samples : ndarray of int, shape (B,)
        Sample points used in each band.

    Examples
    --------
    >>> density_by_distance([1.0, 3.0, 5.0], [0.1, 0.2, 2.0], [0.0, 1.0, 3.0])[0].tolist()
    [2.0, 5.0]
    """
    dens = np.asarray(density, dtype=float)
    dist = np.asarray(distances, dtype=float)
    if dens.ndim != 1 or dist.shape != dens.shape or np.any(np.isnan(dist)):
        raise ValueError(
            f"density and distances must be 1-D of equal length (distances without nan), got shapes "
            f"{dens.shape} and {dist.shape}"
        )
    edges = _validate.finite_array(edges, "edges", ndim=1)
    if len(edges) < 2 or np.any(np.diff(edges) <= 0):
        raise ValueError("edges must be at least two strictly increasing numbers")
    band = np.searchsorted(edges, dist, side="right") - 1
    ok = (band >= 0) & (band < len(edges) - 1) & np.isfinite(dens)
    samples = np.bincount(band[ok], minlength=len(edges) - 1)
    total = np.bincount(band[ok], weights=dens[ok], minlength=len(edges) - 1)
    mean = np.full(len(edges) - 1, np.nan)
    mean[samples > 0] = total[samples > 0] / samples[samples > 0]
    return mean, samples
