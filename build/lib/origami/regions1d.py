"""Exact linear pieces and kinks of a network with one input."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _validate
from .network import ReLUNetwork, batch_affine_maps
from .regions2d import SNAP


@dataclass(frozen=True)
class Piece:
    """One activation region of a 1-D network: an interval with one affine map.

    Attributes
    ----------
    left, right : float
        Endpoints, ``left < right``.
    slope : ndarray, shape (out,)
    intercept : ndarray, shape (out,)
        ``net(x) == slope * x + intercept`` on ``[left, right]``.
    pattern : ndarray of bool, shape (N,)
    """

    left: float
    right: float
    slope: np.ndarray
    intercept: np.ndarray
    pattern: np.ndarray


def regions_1d(net: ReLUNetwork, interval) -> list[Piece]:
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
    list of Piece
        Consecutive pieces covering ``[a, b]``; neighbours have different patterns.

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
    x = np.array([a, b])
    patterns = np.zeros((1, net.n_hidden), dtype=bool)
    z = net.weights[0] @ x[None, :] + net.biases[0][:, None]
    unit = 0
    for w, bias in zip(net.weights[1:], net.biases[1:]):
        scales = np.abs(z).max(axis=1)
        for k in range(z.shape[0]):
            x, z, patterns = _split(x, z, patterns, k, unit, SNAP * scales[k])
            unit += 1
        z = w @ net.activate(z) + bias[:, None]
    A, c = batch_affine_maps(net, patterns)
    return [
        Piece(float(x[i]), float(x[i + 1]), A[i, :, 0], c[i], patterns[i])
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


def kinks(net: ReLUNetwork, interval, rtol: float = 1e-9) -> np.ndarray:
    """Points inside the interval where the slope of the network actually changes.

    Parameters
    ----------
    net : ReLUNetwork
        A network with one input.
    interval : tuple of float
    rtol : float
        Slopes that differ by less than ``rtol`` times the largest slope magnitude count as
        equal (a breakpoint of the activation pattern need not be a kink).

    Returns
    -------
    ndarray, shape (k,)
        Sorted kink locations.
    """
    pieces = regions_1d(net, interval)
    slopes = np.array([p.slope for p in pieces])
    scale = max(1.0, float(np.abs(slopes).max()))
    jump = np.abs(np.diff(slopes, axis=0)).max(axis=1) > rtol * scale
    return np.array([p.right for p in pieces[:-1]])[jump]


@dataclass(frozen=True)
class Breakpoints:
    """Where the activation pattern of a one-input network changes, and which unit changes it.

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


def kink_sources(net: ReLUNetwork, interval, rtol: float = 1e-9) -> Breakpoints:
    """Every breakpoint of the activation pattern on an interval, with the unit that creates it.

    Neighbouring pieces of :func:`regions_1d` differ in the bit of the unit whose
    pre-activation crosses zero at their common end; that unit is the breakpoint's source. If
    several units switch at the same point (not the generic case), the one in the earliest
    layer (then the lowest index) is reported.

    Parameters
    ----------
    net : ReLUNetwork
        A network with one input.
    interval : tuple of float
        ``(a, b)`` with ``a < b``.
    rtol : float
        As in :func:`kinks`: slopes closer than ``rtol`` times the largest slope magnitude
        (at least 1) count as equal.

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
    pieces = regions_1d(net, interval)
    patterns = np.array([p.pattern for p in pieces], dtype=bool).reshape(len(pieces), -1)
    slopes = np.array([p.slope for p in pieces])
    scale = max(1.0, float(np.abs(slopes).max()))
    is_kink = np.abs(np.diff(slopes, axis=0)).max(axis=1) > rtol * scale
    flipped = patterns[1:] != patterns[:-1]
    source = np.argmax(flipped, axis=1)  # first flipped bit: earliest layer, lowest index
    starts = np.cumsum([0] + net.hidden_widths)
    layer = np.searchsorted(starts, source, side="right") - 1
    return Breakpoints(
        x=np.array([p.right for p in pieces[:-1]], dtype=float),
        layer=layer.astype(int),
        unit=(source - starts[layer]).astype(int),
        is_kink=is_kink,
    )
