"""The density of regions: regions per unit area around a point, and by distance to data or a boundary.

:func:`local_density` is the number of regions per unit area around a point;
:func:`density_by_distance` averages it in bands of distance from a set, measured with
:func:`distance_to_points` (e.g. the training data) or :func:`distance_to_segments` (e.g. a
decision boundary from :func:`origami.robustness.decision_boundary`).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate
from .regions2d import Regions2D

__all__ = ["distance_to_points", "distance_to_segments", "local_density", "density_by_distance"]
__dir__ = __all__.copy  # dir() lists the public names only


def distance_to_points(x: ArrayLike, points: ArrayLike) -> NDArray[np.float64]:
    """Euclidean distance from each of ``x`` to the nearest of ``points``.

    Tolerance: none (the nearest point is found, then its distance computed directly); no
    boundary cases (a point of ``points`` gets 0).

    Parameters
    ----------
    x : array_like, shape (n, d)
    points : array_like, shape (m, d), m >= 1

    Returns
    -------
    ndarray, shape (n,)

    Raises
    ------
    ValueError
        If ``points`` is empty or its rows are not the length of those of ``x``.
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


def distance_to_segments(x: ArrayLike, segments: ArrayLike) -> NDArray[np.float64]:
    """Euclidean distance from each of ``x`` to the nearest of a set of segments.

    Tolerance: none. A point on a segment gets 0.

    Parameters
    ----------
    x : array_like, shape (n, 2)
    segments : array_like, shape (k, 2, 2)
        End points, e.g. from :func:`origami.robustness.decision_boundary`. With ``k = 0``
        every distance is ``inf``.

    Returns
    -------
    ndarray, shape (n,)

    Raises
    ------
    ValueError
        If ``segments`` is not of shape (k, 2, d) for the ``d`` columns of ``x``.
    """
    x = _validate.finite_array(x, "x", ndim=2)
    seg = _validate.finite_array(segments, "segments", ndim=3)
    if seg.shape[1:] != (2, x.shape[1]):
        raise ValueError(f"segments must have shape (k, 2, {x.shape[1]}), got {seg.shape}")
    if len(seg) == 0:
        return np.full(len(x), np.inf)
    a, d = seg[:, 0], seg[:, 1] - seg[:, 0]
    dd = (d * d).sum(-1)
    dd = np.where(dd > 0, dd, 1.0)  # a segment of length zero: s = 0, its first end
    out = np.empty(len(x))
    for start in range(0, len(x), 1024):
        rel = x[start : start + 1024, None, :] - a[None]
        s = np.clip((rel * d[None]).sum(-1) / dd, 0.0, 1.0)
        out[start : start + 1024] = np.sqrt(((rel - s[..., None] * d[None]) ** 2).sum(-1).min(1))
    return out


def local_density(regions: Regions2D, x: ArrayLike) -> NDArray[np.float64]:
    """Regions per unit area around each point: one over the area of the region containing it.

    Averaged over points spread uniformly over a set ``S``, this is the number of regions per
    unit area in ``S``, each region counted with the fraction of its area that lies in ``S``.

    Tolerance: none. Boundary points: as in :meth:`origami.Regions2D.locate`.

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

    Raises
    ------
    ValueError
        If ``regions`` is not a :class:`~origami.Regions2D`, or ``x`` not of shape (n, 2).

    Examples
    --------
    >>> from origami import ReLUNetwork, regions_2d
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


def density_by_distance(density: ArrayLike, distances: ArrayLike,
                        edges: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Average a local density in bands of distance from something (the data, a decision boundary).

    Tolerance: none.

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

    Raises
    ------
    ValueError
        If ``density`` and ``distances`` are not 1-D of one length (``distances`` without nan), or
        ``edges`` not at least two strictly increasing numbers.

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
