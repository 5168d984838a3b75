"""Numerical checks of the exact results: finite differences, maps, continuity, sampling."""

from __future__ import annotations

import numpy as np

from . import _validate
from .network import ReLUNetwork
from .regions2d import Regions2D


def derivatives_1d(net: ReLUNetwork, x, h: float = 1e-4) -> tuple[np.ndarray, np.ndarray]:
    """Central finite-difference first and second derivatives of a one-input network.

    Parameters
    ----------
    net : ReLUNetwork
        One input; the first output is differentiated.
    x : array_like, shape (n,)
    h : float
        Step. Inside a linear piece (farther than ``h`` from a kink) the first difference is
        the exact slope and the second difference is zero up to rounding.

    Returns
    -------
    first, second : ndarray, shape (n,)
    """
    x = _validate.finite_array(x, "x", ndim=1)
    if not h > 0:
        raise ValueError(f"h must be positive, got {h}")
    if net.input_dim != 1:
        raise ValueError(f"net must have 1 input, got {net.input_dim}")
    f = lambda t: net(t[:, None])[:, 0]  # noqa: E731
    fm, f0, fp = f(x - h), f(x), f(x + h)
    return (fp - fm) / (2 * h), (fp - 2 * f0 + fm) / h**2


def interior_points(regions: Regions2D, per_region: int = 5, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Random points strictly inside every region.

    Each point is the centroid moved 90 % of the way towards a random convex combination of
    three of the region's corners, so it lies in the interior of the (convex) polygon.

    Returns
    -------
    points : ndarray, shape (F * per_region, 2)
    owner : ndarray of int, shape (F * per_region,)
        The region each point was drawn in.
    """
    rng = np.random.default_rng(seed)
    owner = np.repeat(np.arange(len(regions)), per_region)
    sizes = np.diff(regions.starts)[owner]
    picks = regions.starts[owner][:, None] + (rng.random((len(owner), 3)) * sizes[:, None]).astype(int)
    weights = rng.dirichlet(np.ones(3), size=len(owner))
    target = np.einsum("pk,pkd->pd", weights, regions.points[regions.corners[picks]])
    centre = regions.centroids[owner]
    return centre + 0.9 * (target - centre), owner


def affine_map_error(regions: Regions2D, per_region: int = 5, seed: int = 0) -> float:
    """Largest ``|net(x) - (A x + c)|`` over random interior points of every region."""
    x, owner = interior_points(regions, per_region, seed)
    predicted = np.einsum("pij,pj->pi", regions.A[owner], x) + regions.c[owner]
    return float(np.abs(regions.net(x) - predicted).max())


def continuity_error(regions: Regions2D) -> float:
    """Largest disagreement of neighbouring regions' maps at the ends of their shared edges."""
    e = regions.edges
    inner = e.interior
    left, right = e.left[inner], e.right[inner]
    worst = 0.0
    for end in (0, 1):
        p = regions.points[e.ends[inner, end]]
        fl = np.einsum("eij,ej->ei", regions.A[left], p) + regions.c[left]
        fr = np.einsum("eij,ej->ei", regions.A[right], p) + regions.c[right]
        worst = max(worst, float(np.abs(fl - fr).max(initial=0.0)))
    return worst


def grid_patterns(net: ReLUNetwork, bounds, resolution: int = 1024) -> np.ndarray:
    """The distinct activation patterns seen at the centres of a ``resolution``² grid.

    Returns
    -------
    ndarray of bool, shape (m, N)
        Unique patterns found by sampling: a subset of the exact regions' patterns.
    """
    xmin, xmax, ymin, ymax = _validate.box(bounds)
    if int(resolution) < 1:
        raise ValueError(f"resolution must be a positive integer, got {resolution}")
    n = int(resolution)
    xs = xmin + (np.arange(n) + 0.5) * (xmax - xmin) / n
    ys = ymin + (np.arange(n) + 0.5) * (ymax - ymin) / n
    found = []
    for y in ys:  # row by row keeps memory at n * N booleans
        row = np.column_stack([xs, np.full(n, y)])
        found.append(np.unique(net.activation_pattern(row), axis=0))
    return np.unique(np.concatenate(found), axis=0)
