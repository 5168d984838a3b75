"""Where a unit's zero set crosses the edges of a mesh: the new vertices (private; shared by
:mod:`origami.mesh2d` and :mod:`origami.regionsnd`)."""

from __future__ import annotations

import numpy as np

__all__ = ["add_crossings"]
__dir__ = __all__.copy


def add_crossings(points: np.ndarray, values: np.ndarray, k: int, lo: np.ndarray, hi: np.ndarray,
                  start: int) -> None:
    """Write the zero of unit ``k`` on each edge ``(lo[i], hi[i])`` as vertex ``start + i``.

    The unit's value is affine along an edge, so its zero and every value there follow by
    linear interpolation between the ends; the unit's own value is set to exactly 0.

    Parameters
    ----------
    points : ndarray, shape (capacity, d)
        Vertex coordinates; rows ``start, start + 1, ...`` are written.
    values : ndarray, shape (units, capacity)
        The current layer's values at the vertices; columns from ``start`` are written.
    k : int
        The unit whose zero set cuts the edges.
    lo, hi : ndarray of int, shape (m,)
        The ends of each crossing edge, where unit ``k`` has opposite signs.
    start : int
        The index of the first new vertex.
    """
    zk = values[k]
    t = zk[lo] / (zk[lo] - zk[hi])
    fresh = slice(start, start + len(lo))
    points[fresh] = points[lo] + t[:, None] * (points[hi] - points[lo])
    z_lo = values[:, lo]
    values[:, fresh] = z_lo + t * (values[:, hi] - z_lo)
    values[k, fresh] = 0.0
