"""How well networks approximate a function: the error of the piecewise linear interpolant and its rate.

The interpolant with ``p`` pieces (:func:`origami.constructions.interpolant`) is a one-hidden-layer
network; its largest error on an interval, and how fast that error falls as ``p`` grows, are the
measurements of the chapter on learning (``book/learning.md``) and of :func:`origami.check.interpolation_rate`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate
from .constructions import interpolant

__all__ = ["SAMPLES", "interpolation_error", "interpolation_errors", "convergence_rate"]
__dir__ = __all__.copy  # dir() lists the public names only

#: Points at which :func:`interpolation_error` measures by default, equally spaced.
SAMPLES = 20001


def interpolation_error(f: Callable[[np.ndarray], np.ndarray], knots: ArrayLike,
                        x: ArrayLike | None = None) -> float:
    """The largest error ``max |f(x) - I f(x)|`` of the piecewise linear interpolant of ``f``.

    Tolerance: none; the maximum is taken over the points ``x``, so it is a lower bound on the
    supremum that is sharp when the points are dense (or include where the error peaks).

    Parameters
    ----------
    f : callable
        Vectorised over a 1-D array.
    knots : array_like, shape (p + 1,)
        Strictly increasing knots; the interpolant goes through ``(knots, f(knots))``.
    x : array_like, shape (n,), optional
        Where to measure; by default :data:`SAMPLES` equally spaced points from the first knot
        to the last.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If the knots are not strictly increasing (as :func:`origami.constructions.interpolant`
        needs), or ``x`` is not a finite 1-D array.

    Examples
    --------
    >>> round(interpolation_error(np.square, [0.0, 1.0]), 6)  # x - x**2 peaks at 1/2
    0.25
    """
    knots = _validate.finite_array(knots, "knots", ndim=1)
    net = interpolant(knots, f(knots))
    x = np.linspace(knots[0], knots[-1], SAMPLES) if x is None else _validate.finite_array(x, "x", ndim=1)
    return float(np.abs(net(x[:, None])[:, 0] - f(x)).max())


def interpolation_errors(f: Callable[[np.ndarray], np.ndarray], interval, pieces: Sequence[int],
                         knot_map: Callable[[np.ndarray], np.ndarray] | None = None) -> NDArray[np.float64]:
    """:func:`interpolation_error` for each number of pieces, with knots spread by ``knot_map``.

    Parameters
    ----------
    f : callable
        Vectorised over a 1-D array.
    interval : tuple of float
        ``(a, b)`` with ``a < b``.
    pieces : sequence of int
        Numbers of pieces ``p``, each at least 1.
    knot_map : callable, optional
        Maps ``s = i / p`` in ``[0, 1]`` to a knot in ``[0, 1]`` (e.g. ``lambda s: s**4``);
        the default spaces the knots equally.

    Returns
    -------
    ndarray, shape (len(pieces),)
        Each error measured at :data:`SAMPLES` equally spaced points of ``[a, b]``.

    Raises
    ------
    ValueError
        If ``interval`` is not ``(a, b)`` with ``a < b``, or ``pieces`` is not a list of
        positive integers.

    Examples
    --------
    >>> errors = interpolation_errors(np.square, (0, 1), [1, 2])  # (1 / 2p)**2
    >>> np.round(errors, 6).tolist()
    [0.25, 0.0625]
    """
    a, b = _validate.interval(interval)
    counts = np.asarray(pieces)
    if counts.ndim != 1 or len(counts) == 0 or counts.dtype.kind not in "iu" or np.any(counts < 1):
        raise ValueError(f"pieces must be a list of positive integers, got {counts.tolist()!r}")
    warp = knot_map or (lambda s: s)
    x = np.linspace(a, b, SAMPLES)
    return np.array([
        interpolation_error(f, a + (b - a) * np.asarray(warp(np.linspace(0, 1, p + 1)), dtype=float), x)
        for p in counts
    ])


def convergence_rate(pieces: Sequence[int], errors: ArrayLike) -> float:
    """The rate ``r`` of ``error ~ C p^(-r)``: minus the slope of a least-squares line in log-log.

    Parameters
    ----------
    pieces : sequence of int, length >= 2
    errors : array_like, shape (len(pieces),)
        Positive errors.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If there are fewer than two points, the lengths differ, or a value is not positive.

    Examples
    --------
    >>> round(convergence_rate([1, 2, 4], [1.0, 0.25, 0.0625]), 12)
    2.0
    """
    p = _validate.finite_array(pieces, "pieces", ndim=1)
    e = _validate.finite_array(errors, "errors", ndim=1)
    if len(p) < 2 or e.shape != p.shape or np.any(p <= 0) or np.any(e <= 0):
        raise ValueError(
            f"pieces and errors must be positive, of equal length at least 2, got {p.tolist()} and {e.tolist()}"
        )
    return float(-np.polyfit(np.log(p), np.log(e), 1)[0])
