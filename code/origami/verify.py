"""Numerical checks of the exact results: finite differences, maps, continuity, sampling."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate
from .network import ReLUNetwork
from .regions2d import Regions2D

__all__ = [
    "derivatives_1d",
    "interior_points",
    "affine_map_error",
    "continuity_error",
    "grid_patterns",
    "grid_hits",
    "distance_to_boundary",
    "second_differences_2d",
]
__dir__ = __all__.copy  # dir() lists the public names only


def derivatives_1d(net: ReLUNetwork, x: ArrayLike, h: float = 1e-4) -> tuple[np.ndarray,
                   np.ndarray]:
    """Central finite-difference first and second derivatives of a one-input network.

    Tolerance: none. Boundary points: a point within ``h`` of a kink mixes the slopes of
    both sides, so its second difference is not zero there.

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

    Raises
    ------
    ValueError
        If ``h`` is not positive or ``net`` does not have 1 input.
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

    Boundary points: none; every point lies strictly inside its (convex) region, 10 % of the
    way from a random interior point to the centroid. Tolerance: none.

    Parameters
    ----------
    regions : Regions2D
        Exact regions from :func:`origami.regions_2d`.
    per_region : int, default 5
        Points drawn in each region (0 gives none; not otherwise checked).
    seed : int, default 0
        Seed of the ``numpy.random.default_rng`` that draws the corners and the weights.

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
    """Largest ``|net(x) - (A x + c)|`` over random interior points of every region.

    Tolerance: none; the raw float64 error is returned. Boundary points: only interior
    points are sampled (:func:`interior_points`).

    Parameters
    ----------
    regions : Regions2D
        Exact regions; their network and each region's map ``(A, c)`` are compared.
    per_region : int, default 5
        Random interior points per region (:func:`interior_points`).
    seed : int, default 0
        Seed of those points, so the same regions give the same error.

    Returns
    -------
    float
        The largest absolute difference over all points and outputs, in the output's units
        (rounding error only, when every map is right).
    """
    x, owner = interior_points(regions, per_region, seed)
    predicted = np.einsum("pij,pj->pi", regions.A[owner], x) + regions.c[owner]
    return float(np.abs(regions.net(x) - predicted).max())


def continuity_error(regions: Regions2D) -> float:
    """Largest disagreement of neighbouring regions' maps at the ends of their shared edges.

    Tolerance: none; the raw float64 disagreement is returned. Boundary points: it is
    measured exactly at the ends of the shared edges.

    Parameters
    ----------
    regions : Regions2D
        Exact regions; every interior edge (one shared by two regions) is checked.

    Returns
    -------
    float
        The largest absolute difference of the two maps over both ends of every shared edge
        and every output; 0.0 for a single region. Exact regions give rounding error only.
    """
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


def grid_patterns(net: ReLUNetwork, bounds, resolution: int = 1024) -> NDArray[np.bool_]:
    """The distinct activation patterns seen at the centres of a ``resolution`` × ``resolution`` grid.

    Tolerance: none. Boundary points: a centre on a crease has that unit inactive
    (:meth:`origami.ReLUNetwork.activation_pattern`), so it shows the pattern of the region on the
    inactive side.

    Parameters
    ----------
    net : ReLUNetwork
        A network with 2 inputs.
    bounds : tuple of float
        The box ``(xmin, xmax, ymin, ymax)``.
    resolution : int, default 1024
        Grid cells per side: ``resolution**2`` samples, evaluated one grid row at a time.

    Returns
    -------
    ndarray of bool, shape (m, N)
        Unique patterns found by sampling: a subset of the exact regions' patterns.

    Raises
    ------
    ValueError
        If ``bounds`` is not a box, ``resolution`` not a positive whole number, or ``net``
        does not have 2 inputs.
    """
    xmin, xmax, ymin, ymax = _validate.box(bounds)
    n = _validate.whole_number(resolution, "resolution", minimum=1)
    xs = xmin + (np.arange(n) + 0.5) * (xmax - xmin) / n
    ys = ymin + (np.arange(n) + 0.5) * (ymax - ymin) / n
    found = []
    for y in ys:  # row by row keeps memory at n * N booleans
        row = np.column_stack([xs, np.full(n, y)])
        found.append(np.unique(net.activation_pattern(row), axis=0))
    return np.unique(np.concatenate(found), axis=0)


def grid_hits(regions: Regions2D, resolution: int = 1024, chunk: int = 1 << 17) -> NDArray[np.int_]:
    """How many centres of a ``resolution`` × ``resolution`` grid over the box fall in each exact region.

    The fast way to ask what :func:`grid_patterns` would find: each centre's activation pattern
    is matched to the regions' patterns (:meth:`origami.Regions2D.locate`), a block of grid rows at a
    time.

    Parameters
    ----------
    regions : Regions2D
        Exact regions from :func:`origami.regions_2d`; the grid covers ``regions.bounds``.
    resolution : int
        Grid points per side; the grid has ``resolution**2`` cells.
    chunk : int
        Roughly how many points to evaluate at once (memory ~ ``chunk * N`` bytes).

    Returns
    -------
    ndarray of int, shape (F,)
        ``hits[f]`` grid centres lie in region ``f``; ``hits[f] == 0`` means the grid misses
        region ``f``. Tolerance: none. Boundary points: a centre lying exactly on a crease is
        counted in the region whose pattern it has (units at exactly zero count as inactive, as in
        :meth:`origami.Regions2D.locate`), and a centre whose pattern is no region's (possible only
        on a crease) is counted nowhere, so ``hits.sum()`` can fall short of
        ``resolution**2`` only by such centres.

    Raises
    ------
    ValueError
        If ``resolution`` is not a positive whole number.

    Examples
    --------
    >>> from origami import ReLUNetwork, regions_2d
    >>> regions = regions_2d(ReLUNetwork.random([2, 8, 1], seed=0), (-1, 1, -1, 1))
    >>> int(grid_hits(regions, 64).sum())
    4096
    """
    n = _validate.whole_number(resolution, "resolution", minimum=1)
    rows = max(1, _validate.whole_number(chunk, "chunk", minimum=1) // n)
    xmin, xmax, ymin, ymax = regions.bounds
    xs = xmin + (np.arange(n) + 0.5) * (xmax - xmin) / n
    ys = ymin + (np.arange(n) + 0.5) * (ymax - ymin) / n
    hits = np.zeros(len(regions) + 1, dtype=np.int64)  # the last bin: centres in no region
    for start in range(0, n, rows):
        X, Y = np.meshgrid(xs, ys[start : start + rows])
        points = np.column_stack([X.ravel(), Y.ravel()])
        owner = regions.index_of_patterns(regions.net.activation_pattern(points))
        hits += np.bincount(np.where(owner >= 0, owner, len(regions)), minlength=len(regions) + 1)
    return hits[:-1]


def distance_to_boundary(regions: Regions2D, x: ArrayLike, owner: ArrayLike) -> NDArray[np.float64]:
    """Distance from each point to the boundary of the (convex) region that contains it.

    Tolerance: none (float64). A point on its region's boundary gets 0; outside it, a
    negative value.

    Parameters
    ----------
    regions : Regions2D
    x : array_like, shape (n, 2)
        Points, each inside the region ``owner[i]``.
    owner : array_like of int, shape (n,)
        Region index of each point (e.g. from :func:`interior_points`).

    Returns
    -------
    ndarray, shape (n,)
        ``min`` over the region's edges of the signed distance to the edge's line: positive
        inside, so a disc of that radius around ``x[i]`` stays in region ``owner[i]``.

    Raises
    ------
    ValueError
        If ``x`` is not of shape (n, 2) and ``owner`` of shape (n,).
    """
    x = _validate.finite_array(x, "x", ndim=2)
    owner = np.asarray(owner, dtype=int)
    if x.shape[1] != 2 or owner.shape != (len(x),):
        raise ValueError(f"x must have shape (n, 2) and owner shape (n,), got {x.shape} and {owner.shape}")
    sizes = np.diff(regions.starts)[owner]
    point = np.repeat(np.arange(len(x)), sizes)
    first = np.repeat(np.cumsum(sizes) - sizes, sizes)
    corner = regions.starts[owner][point] + np.arange(sizes.sum()) - first
    p = regions.points[regions.corners[corner]]
    q = regions.points[regions.corners[regions.next_corner[corner]]]
    edge = q - p
    rel = x[point] - p
    signed = (edge[:, 0] * rel[:, 1] - edge[:, 1] * rel[:, 0]) / np.hypot(edge[:, 0], edge[:, 1])
    return np.minimum.reduceat(signed, np.cumsum(sizes) - sizes)


def second_differences_2d(net: ReLUNetwork, x: ArrayLike, h) -> NDArray[np.float64]:
    """Finite-difference second derivatives of a two-input network's first output.

    Tolerance: none. Boundary points: near a crease (closer than ``h * sqrt(2)``) the
    estimates see the bend.

    Parameters
    ----------
    net : ReLUNetwork
        Two inputs.
    x : array_like, shape (n, 2)
    h : float or array_like of shape (n,)
        Step per point. The stencil stays within distance ``h * sqrt(2)`` of ``x``; if that
        disc lies inside one region the three estimates are zero up to rounding.

    Returns
    -------
    ndarray, shape (n, 3)
        Estimates of ``f_11``, ``f_22`` and ``f_12`` (central differences).

    Raises
    ------
    ValueError
        If ``net`` and ``x`` do not have 2 inputs, or ``h`` is not positive.
    """
    x = _validate.finite_array(x, "x", ndim=2)
    if net.input_dim != 2 or x.shape[1] != 2:
        raise ValueError(f"net and x must have 2 inputs, got {net.input_dim} and shape {x.shape}")
    h = np.broadcast_to(np.asarray(h, dtype=float), (len(x),))
    if not np.all(h > 0):
        raise ValueError("h must be positive")
    e1 = np.column_stack([h, np.zeros_like(h)])
    e2 = np.column_stack([np.zeros_like(h), h])
    f = lambda p: net(p)[:, 0]  # noqa: E731
    f0 = f(x)
    f11 = (f(x + e1) - 2 * f0 + f(x - e1)) / h**2
    f22 = (f(x + e2) - 2 * f0 + f(x - e2)) / h**2
    f12 = (f(x + e1 + e2) - f(x + e1 - e2) - f(x - e1 + e2) + f(x - e1 - e2)) / (4 * h**2)
    return np.column_stack([f11, f22, f12])
