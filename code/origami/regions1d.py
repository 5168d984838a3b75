"""Exact linear pieces and kinks of a network with one input."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from . import _validate, tolerances
from .network import ReLUNetwork, batch_affine_maps

__all__ = ["Region1D", "regions_1d", "kinks", "Breakpoints", "kink_sources"]
__dir__ = __all__.copy  # dir() lists the public names only


@dataclass(frozen=True)
class Region1D:
    """One activation region of a 1-D network: an interval with one activation pattern.

    Not a linear piece: neighbouring regions can share their affine map (then they lie in one
    linear piece, :func:`origami.linear_pieces`). Boundary points: regions are closed
    intervals; neighbours share an end.

    Attributes
    ----------
    left, right : float
        Endpoints, ``left < right``.
    slope : ndarray, shape (out,)
    intercept : ndarray, shape (out,)
        ``net(x) == slope * x + intercept`` on ``[left, right]``.
    pattern : ndarray of bool, shape (N,)
    magnitude : ndarray, shape (out,)
        The scale of ``slope``: the same products of weights with every term made
        non-negative (:func:`origami.tolerances.slope_magnitudes`). Slopes of neighbouring
        regions are compared against it.
    """

    left: float
    right: float
    slope: np.ndarray
    intercept: np.ndarray
    pattern: np.ndarray
    magnitude: np.ndarray


def regions_1d(net: ReLUNetwork, interval) -> list[Region1D]:
    """The activation regions of a one-input network on an interval, in order.

    Each hidden unit, layer by layer, is affine on every current piece, so its zero inside a
    piece is found exactly and the piece is split there.

    Parameters
    ----------
    net : ReLUNetwork
        A network with one input.
    interval : tuple of float
        ``(a, b)`` with ``a < b``.

    Returns
    -------
    list of Region1D
        Consecutive regions covering ``[a, b]``; neighbours have different patterns.

    Raises
    ------
    ValueError
        If ``net`` does not have one input, ``interval`` is not ``(a, b)`` with ``a < b``, or
        the network's values on it are too large to compute in float64.

    Notes
    -----
    Tolerance (:mod:`origami.tolerances`): a point whose value for a unit is within
    ``ZERO_RTOL = 1e-10`` of that unit's largest value over the current points (plus a bound
    on its rounding error) counts as the unit's zero, so pieces shorter than about ``1e-10`` of
    the interval are merged into a neighbour. The tolerance is relative: the pieces do not
    change when the interval and the first layer are rescaled or translated together, or when
    the output is scaled or shifted.

    Boundary points: pieces are closed intervals that meet at their ends; a unit that is zero
    only at a single point splits nothing there unless it changes sign, and a unit that is
    zero on a whole piece counts as inactive on it. A zero at ``a`` or ``b`` adds no piece.

    Examples
    --------
    >>> net = ReLUNetwork([[[1.0], [1.0]], [[1.0, -2.0]]], [[0.0, -1.0], [0.0]])
    >>> [(p.left, p.right) for p in regions_1d(net, (-1, 2))]
    [(-1.0, 0.0), (0.0, 1.0), (1.0, 2.0)]
    """
    if not isinstance(net, ReLUNetwork):
        raise ValueError(f"net must be a ReLUNetwork, got {type(net).__name__}")
    if net.input_dim != 1:
        raise ValueError(f"net must have 1 input for regions_1d, got {net.input_dim}")
    a, b = _validate.interval(interval)
    tolerances.check_range(net, max(abs(a), abs(b)), "interval")
    x = np.array([a, b])
    patterns = np.zeros((1, net.n_hidden), dtype=bool)
    z = net.weights[0] @ x[None, :] + net.biases[0][:, None]
    error = tolerances.layer_error(net.weights[0], net.biases[0], np.abs(x).max(keepdims=True), np.zeros(1))
    unit = 0
    first: np.ndarray | None = net.weights[0]  # the first layer's weights, then None
    for w, bias in zip(net.weights[1:], net.biases[1:]):
        top, bottom = tolerances.value_range(z)
        tol = tolerances.zero_tolerance(top, bottom, error)
        tolerances.warn_unresolved(top, bottom, error, tol, "regions_1d", first)
        first = None
        for k in range(z.shape[0]):
            x, z, patterns = _split(x, z, patterns, k, unit, tol[k])
            unit += 1
        size = tolerances.activated_size(top, bottom, net.negative_slope)
        error = tolerances.layer_error(w, bias, size, error)
        z = w @ net.activate(z) + bias[:, None]
    A, c = batch_affine_maps(net, patterns)
    M = tolerances.slope_magnitudes(net, patterns)
    return [
        Region1D(float(x[i]), float(x[i + 1]), A[i, :, 0], c[i], patterns[i], M[i, :, 0])
        for i in range(len(patterns))
    ]


def _split(x, z, patterns, k, unit, tol):
    sign = np.sign(z[k]).astype(np.int8)
    sign[np.abs(z[k]) <= tol] = 0
    left, right = sign[:-1], sign[1:]
    crossing = left * right < 0
    idx = np.flatnonzero(crossing)
    t = z[k, idx] / (z[k, idx] - z[k, idx + 1])
    new_x = x[idx] + t * (x[idx + 1] - x[idx])
    new_z = z[:, idx] + t * (z[:, idx + 1] - z[:, idx])
    new_z[k] = 0.0
    active = (np.maximum(left, right) > 0) & ~crossing
    # A crossing segment becomes two: the half next to the positive end is active.
    x = np.insert(x, idx + 1, new_x)
    z = np.insert(z, idx + 1, new_z, axis=1)
    patterns = np.repeat(patterns, 1 + crossing, axis=0)
    bits = np.repeat(active, 1 + crossing)
    starts = idx + np.arange(len(idx))
    bits[starts] = left[idx] > 0
    bits[starts + 1] = right[idx] > 0
    patterns[:, unit] = bits
    return x, z, patterns


def kinks(net: ReLUNetwork, interval, rtol: float = tolerances.SLOPE_RTOL) -> NDArray[np.float64]:
    """Points inside the interval where the slope of the network actually changes.

    Parameters
    ----------
    net : ReLUNetwork
        A network with one input.
    interval : tuple of float
        ``(a, b)`` with ``a < b``.
    rtol : float
        Slopes of neighbouring pieces of :func:`regions_1d` count as equal when they differ by
        at most ``rtol`` times the magnitude of the products that made them
        (:func:`origami.tolerances.slope_magnitudes`): slopes against slopes, so neither a
        large output offset nor a small output scale hides a kink (a breakpoint of the
        activation pattern need not be a kink).

    Returns
    -------
    ndarray, shape (k,)
        Sorted kink locations, strictly inside ``(a, b)``. Boundary points: a kink at ``a``
        or ``b`` is not reported. Locations carry the tolerance of :func:`regions_1d`.

    Examples
    --------
    >>> net = ReLUNetwork([[[1.0]], [[1e-3]]], [[0.0], [1e6]])  # 1e-3 relu(x) + 1e6
    >>> kinks(net, (-1, 1)).tolist()
    [0.0]
    """
    return _breaks(net, interval, rtol)[1]


def _breaks(net: ReLUNetwork, interval, rtol: float):
    """The pieces of :func:`regions_1d`, their breakpoints and which of them are kinks."""
    rtol = tolerances.check_rtol(rtol)
    pieces = regions_1d(net, interval)
    slopes = np.array([p.slope for p in pieces])
    scales = np.array([p.magnitude for p in pieces])
    is_kink = tolerances.slopes_differ(slopes[:-1], slopes[1:], scales[:-1], scales[1:], rtol)
    x = np.array([p.right for p in pieces[:-1]], dtype=float)
    return pieces, x[is_kink], x, is_kink


@dataclass(frozen=True)
class Breakpoints:
    """Where the activation pattern of a one-input network changes, and which unit changes it.

    Tolerance: that of :func:`regions_1d` for ``x`` and of :func:`kinks` for ``is_kink``.
    Boundary points: breakpoints at the interval's ends are not listed.

    Attributes
    ----------
    x : ndarray, shape (k,)
        Sorted breakpoints strictly inside the interval (the ends of the pieces of
        :func:`regions_1d`).
    layer : ndarray of int, shape (k,)
        Hidden layer of the unit that switches there, counted from 0 (the index into
        ``net.preactivations(x)``).
    unit : ndarray of int, shape (k,)
        Index of that unit within its layer.
    is_kink : ndarray of bool, shape (k,)
        Whether the slope of the network changes there (a breakpoint need not be a kink).
    """

    x: np.ndarray
    layer: np.ndarray
    unit: np.ndarray
    is_kink: np.ndarray

    def __len__(self) -> int:
        return len(self.x)


def kink_sources(net: ReLUNetwork, interval, rtol: float = tolerances.SLOPE_RTOL) -> Breakpoints:
    """Every breakpoint of the activation pattern on an interval, with the unit that creates it.

    Neighbouring pieces of :func:`regions_1d` differ in the bit of the unit whose
    pre-activation crosses zero at their common end; that unit is the breakpoint's source. If
    several units switch at the same point (not the generic case), the one in the earliest
    layer (then the lowest index) is reported.

    Tolerance: as :func:`regions_1d` (positions) and :func:`kinks` (which breakpoints are
    kinks). Boundary points: a unit switching exactly at ``a`` or ``b`` adds no breakpoint.

    Parameters
    ----------
    net : ReLUNetwork
        A network with one input.
    interval : tuple of float
        ``(a, b)`` with ``a < b``.
    rtol : float
        As in :func:`kinks`: slopes against the magnitude of the products that made them.

    Returns
    -------
    Breakpoints
        ``x[is_kink]`` equals ``kinks(net, interval, rtol)``.

    Examples
    --------
    >>> net = ReLUNetwork([[[1.0], [1.0]], [[1.0, 0.0]]], [[0.0, -1.0], [0.0]])
    >>> b = kink_sources(net, (-2, 2))
    >>> b.x.tolist(), b.unit.tolist(), b.is_kink.tolist()
    ([0.0, 1.0], [0, 1], [True, False])
    """
    pieces, _, x, is_kink = _breaks(net, interval, rtol)
    patterns = np.array([p.pattern for p in pieces], dtype=bool).reshape(len(pieces), -1)
    flipped = patterns[1:] != patterns[:-1]
    # The first flipped bit: earliest layer, lowest index (no bit at all without hidden units).
    source = np.argmax(flipped, axis=1) if flipped.size else np.zeros(len(flipped), dtype=int)
    starts = np.cumsum([0] + net.hidden_widths)
    layer = np.searchsorted(starts, source, side="right") - 1
    return Breakpoints(
        x=x,
        layer=layer.astype(int),
        unit=(source - starts[layer]).astype(int),
        is_kink=is_kink,
    )
