"""Counting regions: exact counts along whole lines, and over many random networks.

The measurements the chapter on counting compares with the bounds of :mod:`origami.bounds`
(and with the network of :func:`origami.constructions.folding_network`, which attains one).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate, tolerances
from .network import ReLUNetwork, restrict_to_line
from .regions1d import Region1D, regions_1d
from .regions2d import regions_2d

__all__ = [
    "line_regions",
    "count_on_line",
    "random_line_counts",
    "random_region_counts",
    "region_counts",
]
__dir__ = __all__.copy  # dir() lists the public names only


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
    return np.concatenate(zeros) if zeros else np.zeros(0)


def line_regions(net: ReLUNetwork, origin: ArrayLike | None = None,
                 direction: ArrayLike | None = None, max_rounds: int = 64) -> list[Region1D]:
    """The activation regions along a whole line, exactly (not only inside a window).

    Regions are computed on a window ``[-R, R]`` of the line parameter ``t``. On the last
    piece every pre-activation is affine in ``t`` as long as the pattern holds, so the next
    breakpoint beyond ``R``, if any, is the nearest zero of those affine functions; the
    window grows until no zero lies beyond it (likewise on the left).

    Tolerance: that of :func:`origami.regions_1d`. Boundary points: the two rays are
    reported as the first and last pieces; a unit that switches exactly at the window's end
    is found by the next round.

    Parameters
    ----------
    net : ReLUNetwork
    origin, direction : array_like, shape (d,), optional
        The line ``origin + t * direction``; omit both for a network with one input.
    max_rounds : int
        Safety limit on the number of times the window grows.

    Returns
    -------
    list of Region1D
        Consecutive pieces in ``t``; the first and last stand for the two unbounded rays (their
        outer ends are the window's ends, beyond every breakpoint).

    Raises
    ------
    RuntimeError
        If the window around the line's crossings still grew after ``max_rounds`` rounds.
    """
    line = _line_net(net, origin, direction)
    w0 = np.abs(line.weights[0][:, 0])
    first = np.abs(line.biases[0][w0 > 0]) / w0[w0 > 0]
    R = 1.0 + (float(first.max()) if first.size else 0.0)
    for _ in range(_validate.whole_number(max_rounds, "max_rounds", minimum=1)):
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


def count_on_line(net: ReLUNetwork, origin: ArrayLike | None = None,
                  direction: ArrayLike | None = None, interval=None) -> int:
    """The number of activation regions met by a line (or by a segment of it), exactly.

    Tolerance: that of :func:`origami.regions_1d`. Boundary points: a unit switching exactly
    at ``a`` or ``b`` adds no region.

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

    Raises
    ------
    ValueError
        If ``origin`` or ``direction`` does not fit the network's inputs, ``direction`` is zero, or
        ``interval`` is not ``(a, b)`` with ``a < b``.

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
    tolerances.check_range(net, max(abs(a), abs(b)), "interval")
    x = np.array([a, b])
    for depth in range(len(net.weights) - 1):
        z = net.weights[0] @ x[None, :] + net.biases[0][:, None]  # (units, points)
        error = tolerances.layer_error(net.weights[0], net.biases[0], np.abs(x).max(keepdims=True), np.zeros(1))
        for w, bias in zip(net.weights[1 : depth + 1], net.biases[1 : depth + 1]):
            size = tolerances.activated_size(*tolerances.value_range(z), net.negative_slope)
            error = tolerances.layer_error(w, bias, size, error)
            z = w @ net.activate(z) + bias[:, None]
        tol = tolerances.zero_tolerance(*tolerances.value_range(z), error)[:, None]
        sign = np.where(np.abs(z) <= tol, 0, np.sign(z))
        unit, seg = np.nonzero(sign[:, :-1] * sign[:, 1:] < 0)
        if len(seg) == 0:
            continue
        t = z[unit, seg] / (z[unit, seg] - z[unit, seg + 1])
        x = np.union1d(x, x[seg] + t * (x[seg + 1] - x[seg]))
    return len(x) - 1


# -------------------------------------------------------------- random networks, many seeds
def _seeds(seeds) -> list[int]:
    if isinstance(seeds, (int, np.integer)) and not isinstance(seeds, (bool, np.bool_)):
        seeds = range(_validate.whole_number(seeds, "seeds", minimum=1))
    seeds = [_validate.whole_number(s, "seeds[]", minimum=0) for s in seeds]
    if len(seeds) == 0:
        raise ValueError("seeds must be a positive count or a non-empty list of integers")
    return seeds


def random_line_counts(
    n0: int,
    hidden: Sequence[int],
    seeds: int | Iterable[int],
    length: float = 6.0,
    bias_std: float = 0.5,
) -> NDArray[np.int_]:
    """Regions met by a segment through the origin, for many He-initialised networks.

    For each seed, ``ReLUNetwork.random([n0, *hidden, 1], seed, bias_std)`` is cut by the
    segment ``t * u``, ``|t| <= length / 2``, with ``u`` a random unit vector (drawn from its
    own generator seeded by ``seed``), and its regions there are counted exactly.

    Tolerance: that of :func:`origami.regions_1d`. Boundary points: a unit switching exactly
    at an end of the segment adds no region.

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

    Raises
    ------
    ValueError
        If ``length`` is not positive, or the widths are not positive whole numbers.

    References
    ----------
    B. Hanin and D. Rolnick, "Complexity of linear regions in deep networks", ICML 2019
    (``hanin2019`` in the book's bibliography).
    """
    n0, hidden = _validate.widths(n0, hidden)
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
) -> NDArray[np.int_]:
    """Exact numbers of regions inside a box for many He-initialised 2-input networks.

    A count inside a box is a lower bound on the count over all of ``R**2``: regions that
    do not meet the box are missed.

    Tolerance: that of :func:`origami.regions_2d`. Boundary points: a region that only
    touches the box (along a side or at a corner) is not counted.

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

    Raises
    ------
    ValueError
        If ``hidden`` is not a non-empty list of positive whole numbers, or ``bounds`` not a box.

    References
    ----------
    B. Hanin and D. Rolnick, "Complexity of linear regions in deep networks", ICML 2019
    (``hanin2019`` in the book's bibliography).
    """
    _, hidden = _validate.widths(2, hidden)
    return np.array(
        [
            len(regions_2d(ReLUNetwork.random([2, *hidden, 1], seed=s, bias_std=bias_std), bounds))
            for s in _seeds(seeds)
        ],
        dtype=int,
    )


def region_counts(nets: Iterable[ReLUNetwork], bounds) -> NDArray[np.int_]:
    """The exact number of regions inside one box for each of several 2-input networks.

    Tolerance: that of :func:`origami.regions_2d`. Boundary points: a region that only
    touches the box is not counted.

    Parameters
    ----------
    nets : iterable of ReLUNetwork
        E.g. the snapshots of a training run.
    bounds : tuple of float
        ``(xmin, xmax, ymin, ymax)``.

    Returns
    -------
    ndarray of int, shape (len(nets),)

    Raises
    ------
    ValueError
        As :func:`origami.regions_2d`: if a network does not have 2 inputs or ``bounds`` is not a
        box.
    """
    return np.array([len(regions_2d(net, bounds)) for net in nets], dtype=int)
