"""Exact distances: from an input to the boundary of its region, and to the decision boundary.

Inside its activation region a ReLU network is one affine map, and the region itself is a
convex polyhedron cut out by one half-space per hidden unit. Both facts turn robustness
questions into elementary geometry: the distance to the region boundary is a minimum over
hyperplanes, and in 2-D the decision boundary is a finite union of segments, one per region.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate, tolerances
from .network import ReLUNetwork
from .regions2d import Regions2D

__all__ = [
    "ORDS",
    "BoundaryPoint",
    "Certificate",
    "dual_norm",
    "steepest_direction",
    "unit_affine_maps",
    "region_distance",
    "local_certificate",
    "decision_boundary",
    "decision_distance",
]
__dir__ = __all__.copy  # dir() lists the public names only

#: The norms supported by :func:`region_distance` and :func:`local_certificate`.
ORDS = _validate.ORDS


@dataclass(frozen=True)
class BoundaryPoint:
    """The nearest point of a boundary to an input ``x0``.

    Tolerance: that of the function that returned it.

    Attributes
    ----------
    distance : float
        ``||point - x0||`` in the requested norm; ``inf`` when no boundary exists.
    point : ndarray, shape (d,)
        A nearest boundary point (NaN when ``distance`` is infinite).
    direction : ndarray, shape (d,)
        ``(point - x0) / distance``: a direction of norm 1 along which the boundary is
        reached after exactly ``distance`` (zero when ``distance`` is 0 or infinite).
    index : int
        The hidden unit whose hyperplane is reached (:func:`region_distance`) or the region
        whose piece of the decision boundary is reached (:func:`decision_distance`);
        ``-1`` when there is none.
    exact : bool
        ``True`` when ``distance`` is the exact distance over all of input space (see the
        function that returned it).
    """

    distance: float
    point: np.ndarray
    direction: np.ndarray
    index: int
    exact: bool = True


@dataclass(frozen=True)
class Certificate:
    """A robustness radius read off the region of ``x0`` alone (:func:`local_certificate`).

    Tolerance: none (see :func:`local_certificate`).

    Attributes
    ----------
    radius : float
        No input closer than ``radius`` to ``x0`` is classified differently.
    exact : bool
        ``True`` when ``radius`` is the exact distance to the decision boundary (the local
        affine map reaches its zero before ``x0``'s region ends).
    region_radius : float
        Distance from ``x0`` to the boundary of its activation region.
    linear_radius : float
        Distance from ``x0`` to the zero set of its region's affine map.
    """

    radius: float
    exact: bool
    region_radius: float
    linear_radius: float


def _check_net(net) -> ReLUNetwork:
    if not isinstance(net, ReLUNetwork):
        raise ValueError(f"net must be a ReLUNetwork, got {type(net).__name__}")
    return net


def _check_point(net: ReLUNetwork, x0, name: str = "x0") -> np.ndarray:
    x0 = _validate.finite_array(x0, name, ndim=1)
    if x0.shape != (net.input_dim,):
        raise ValueError(f"{name} must have shape ({net.input_dim},), got {x0.shape}")
    return x0


def dual_norm(a: ArrayLike, ord: float = 2) -> NDArray[np.float64]:
    """The dual norm of each row of ``a``: the norm that measures gradients against ``ord``.

    For a linear function ``x -> a . x``, ``sup |a . x|`` over ``||x|| <= 1`` is the dual norm
    of ``a``: the 2-norm for ``ord=2``, the 1-norm for ``ord=np.inf`` and the max-norm for
    ``ord=1``. So the distance from ``x0`` to the line ``a . x + b = 0`` is
    ``|a . x0 + b| / dual_norm(a, ord)``, and the Lipschitz constant of an affine map is
    ``dual_norm`` of its gradient.

    Tolerance: none; no boundary cases (a zero row has dual norm 0).

    Parameters
    ----------
    a : array_like, shape (..., d)
    ord : {1, 2, np.inf}
        The norm on the input space.

    Returns
    -------
    ndarray, shape (...)

    Raises
    ------
    ValueError
        If ``a`` is not a finite array or ``ord`` not 1, 2 or ``np.inf``.

    Examples
    --------
    >>> dual_norm([[3.0, -4.0]], ord=np.inf)
    array([7.])
    """
    ord = _validate.norm_order(ord)
    a = _validate.finite_array(a, "a")
    if ord == 2:
        return np.linalg.norm(a, axis=-1)
    if ord == np.inf:
        return np.abs(a).sum(axis=-1)
    return np.abs(a).max(axis=-1)


def steepest_direction(a: ArrayLike, ord=2) -> NDArray[np.float64]:
    """A direction ``u`` with ``||u||_ord = 1`` along which ``x -> a . x`` rises fastest.

    ``a . u`` equals :func:`dual_norm` ``(a, ord)``: the closest point of the hyperplane
    ``a . x + b = 0`` to ``x0`` lies along ``-sign(a . x0 + b) u``.

    Tolerance: none. Boundary points: for a zero ``a`` every direction is steepest; the result
    is then ``nan`` (``ord=2``) or zero.

    Parameters
    ----------
    a : array_like, shape (d,)
    ord : {1, 2, np.inf}
        The norm on the input space.

    Returns
    -------
    ndarray, shape (d,)

    Raises
    ------
    ValueError
        If ``a`` is not a finite vector or ``ord`` is not 1, 2 or ``np.inf``.

    Examples
    --------
    >>> steepest_direction([3.0, -4.0], ord=np.inf)
    array([ 1., -1.])
    """
    ord = _validate.norm_order(ord)
    a = _validate.finite_array(a, "a", ndim=1)
    if ord == 2:
        return a / np.linalg.norm(a)
    if ord == np.inf:
        return np.sign(a)
    u = np.zeros_like(a)
    k = int(np.argmax(np.abs(a)))
    u[k] = np.sign(a[k])
    return u


def unit_affine_maps(net: ReLUNetwork, pattern: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Every hidden unit's pre-activation as an affine function of the input, for one pattern.

    On the activation region with pattern ``p``, unit ``i`` receives ``a_i . x + b_i``. The
    region is the polyhedron ``{x : s_i (a_i . x + b_i) >= 0 for every i}`` (its closure), with
    ``s_i = +1`` for active and ``-1`` for inactive units.

    Tolerance: none (float64 products). Boundary points: the half-spaces are closed, so the
    polyhedron includes the region's boundary.

    Parameters
    ----------
    net : ReLUNetwork
    pattern : array_like of bool, shape (N,)

    Returns
    -------
    a : ndarray, shape (N, d)
    b : ndarray, shape (N,)

    Raises
    ------
    ValueError
        If ``pattern`` is not of shape (N,) for the ``N`` hidden units.

    Examples
    --------
    >>> net = ReLUNetwork.random([2, 3, 2, 1], seed=0)
    >>> x = np.array([0.3, -0.2])
    >>> a, b = unit_affine_maps(net, net.activation_pattern(x))
    >>> bool(np.allclose(a @ x + b, np.concatenate(net.preactivations(x), axis=1)[0]))
    True
    """
    net = _check_net(net)
    pattern = np.asarray(pattern)
    if pattern.shape != (net.n_hidden,):
        raise ValueError(f"pattern must have shape ({net.n_hidden},), got {pattern.shape}")
    pattern = pattern.astype(bool)
    rows_a, rows_b = [], []
    a, b = net.weights[0], net.biases[0]
    start = 0
    for w, bias in zip(net.weights[1:], net.biases[1:]):
        rows_a.append(a)
        rows_b.append(b)
        width = a.shape[0]
        gate = np.where(pattern[start : start + width], 1.0, net.negative_slope)
        start += width
        a, b = w @ (gate[:, None] * a), w @ (gate * b) + bias
    d = net.input_dim
    if not rows_a:
        return np.zeros((0, d)), np.zeros(0)
    return np.concatenate(rows_a), np.concatenate(rows_b)


def region_distance(net: ReLUNetwork, x0: ArrayLike, ord=2) -> BoundaryPoint:
    """The exact distance from ``x0`` to the boundary of its activation region.

    With ``z_i = a_i . x0 + b_i`` the pre-activations of ``x0`` (:func:`unit_affine_maps`), the
    region is an intersection of half-spaces, so its complement is the union of their
    complements and ::

        distance = min_i |z_i| / ||a_i||_*

    over units with ``a_i != 0`` (``||.||_*`` is the dual norm of ``ord``). Every input closer
    than ``distance`` has the pattern of ``x0``; the returned point, at exactly ``distance``,
    lies on the hyperplane of unit ``index``, where the pattern changes.

    Tolerance: none. Boundary points: ``x0`` on a crease (a unit at exactly zero) gets
    distance 0 and that unit's index.

    Parameters
    ----------
    net : ReLUNetwork
    x0 : array_like, shape (d,)
    ord : {2, np.inf, 1}
        The norm in which distance is measured.

    Returns
    -------
    BoundaryPoint
        ``index`` is the hidden unit (0 .. N - 1) whose hyperplane is nearest; ``distance`` is
        ``inf`` (and ``index`` is ``-1``) when no unit varies on the region, which is then all
        of input space.

    Raises
    ------
    ValueError
        If ``net`` is not a :class:`~origami.ReLUNetwork`, ``x0`` not a finite point of shape (d,)
        for its ``d`` inputs, or ``ord`` not 1, 2 or ``np.inf``.

    References
    ----------
    M. Jordan, J. Lewis and A. G. Dimakis, "Provable certificates for adversarial examples:
    fitting a ball in the union of polytopes", NeurIPS 2019 (``jordan2019`` in the book's
    bibliography).

    Examples
    --------
    >>> net = ReLUNetwork([[[1.0, 0.0], [0.0, 1.0]], [[1.0, 1.0]]], [[0.0, -1.0], [0.0]])
    >>> region_distance(net, [0.5, 0.2]).distance  # nearest line: x1 = 0
    0.5
    """
    net = _check_net(net)
    x0 = _check_point(net, x0)
    ord = _validate.norm_order(ord)
    a, b = unit_affine_maps(net, net.activation_pattern(x0))
    z = a @ x0 + b
    scale = dual_norm(a, ord)
    ratio = np.full(len(z), np.inf)
    varies = scale > 0
    ratio[varies] = np.abs(z[varies]) / scale[varies]
    d = net.input_dim
    if not np.any(varies):
        return BoundaryPoint(np.inf, np.full(d, np.nan), np.zeros(d), -1)
    i = int(np.argmin(ratio))
    dist = float(ratio[i])
    direction = -np.sign(z[i]) * steepest_direction(a[i], ord) if z[i] != 0 else np.zeros(d)
    return BoundaryPoint(dist, x0 + dist * direction, direction, i)


def local_certificate(
    net: ReLUNetwork, x0: ArrayLike, ord=2, output: int = 0, threshold: float = 0.0
) -> Certificate:
    """A robustness radius from the region of ``x0`` alone, in any input dimension.

    The class of ``x`` is the side of ``threshold`` on which ``net(x)[output]`` lies. On the
    region of ``x0`` the network is ``g(x) = A x + c``. Let ``r`` be the distance to the region
    boundary and ``delta = |g(x0) - threshold| / ||A||_*`` the distance to the zero set of the
    local map. Then:

    * if ``delta <= r``, the nearest point of that zero set lies in the region, so ``delta`` is
      the exact distance to the decision boundary;
    * otherwise the ball of radius ``r`` lies in the region and ``g`` keeps its sign on it, so
      the decision boundary is at least ``r`` away (a lower bound only).

    Tolerance: none. Boundary points: on a crease the region radius is 0, so the radius is 0
    unless the local map's zero set passes through ``x0`` too.

    Parameters
    ----------
    net : ReLUNetwork
    x0 : array_like, shape (d,)
    ord : {2, np.inf, 1}
    output : int
        Which output decides the class.
    threshold : float
        The decision threshold (0 for a logit).

    Returns
    -------
    Certificate
        ``radius = min(delta, r)`` and ``exact = delta <= r``.

    Raises
    ------
    ValueError
        If ``net`` is not a :class:`~origami.ReLUNetwork`, ``x0`` not a finite point of shape (d,)
        for its ``d`` inputs, ``ord`` not 1, 2 or ``np.inf``, ``output`` not one of its outputs, or
        ``threshold`` not a finite number.

    References
    ----------
    M. Jordan, J. Lewis and A. G. Dimakis, "Provable certificates for adversarial examples:
    fitting a ball in the union of polytopes", NeurIPS 2019 (``jordan2019`` in the book's
    bibliography).

    F. Croce, M. Andriushchenko and M. Hein, "Provable robustness of ReLU networks via
    maximization of linear regions", AISTATS 2019 (``croce2019`` in the book's bibliography).
    """
    net = _check_net(net)
    x0 = _check_point(net, x0)
    ord = _validate.norm_order(ord)
    output = _validate.output_index(net, output)
    threshold = _check_threshold(threshold)
    r = region_distance(net, x0, ord).distance
    A, c = net.local_affine(x0)
    norm = float(dual_norm(A[output], ord))
    gap = abs(float(A[output] @ x0 + c[output]) - threshold)
    delta = gap / norm if norm > 0 else (np.inf if gap > 0 else 0.0)
    return Certificate(
        radius=float(min(delta, r)), exact=bool(delta <= r), region_radius=r, linear_radius=delta
    )


def _check_threshold(threshold) -> float:
    try:
        value = float(threshold)
    except (TypeError, ValueError):
        raise ValueError(f"threshold must be a real number, got {threshold!r}") from None
    if not np.isfinite(value):
        raise ValueError(f"threshold must be finite, got {threshold!r}")
    return value


def decision_boundary(
    regions: Regions2D, output: int = 0, threshold: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """The decision boundary of a 2-D network inside a box, exactly, as line segments.

    On region polygon ``P`` the network is ``A x + c``, so the set where
    ``net(x)[output] == threshold`` meets ``P`` in a segment (the polygon clipped by a line),
    found from the signs of ``A x + c - threshold`` at the polygon's corners. The union of
    these segments is the decision boundary inside the box.

    Tolerance: a corner whose value is within ``VALUE_RTOL = 1e-12`` of the size of its
    terms (:mod:`origami.tolerances`) counts as on the boundary. Boundary points: a segment
    that runs along a region's edge appears in both regions; a region whose output is
    constant holds none.

    Parameters
    ----------
    regions : Regions2D
        The exact regions of the network over a box (:func:`origami.regions_2d`).
    output : int
        Which output decides the class.
    threshold : float

    Returns
    -------
    segments : ndarray, shape (k, 2, 2)
        ``segments[j]`` holds the two end points of the ``j``-th segment (equal for a segment
        that degenerates to a corner).
    owner : ndarray of int, shape (k,)
        The region each segment lies in. Regions on which the output is constant hold none.
    """
    owner, lo, hi, base, along = _zero_segments(regions, output, threshold)
    start = base[owner] + lo[owner, None] * along[owner]
    stop = base[owner] + hi[owner, None] * along[owner]
    ends = np.stack([start, stop], axis=1)
    return ends, owner


def _zero_segments(regions, output, threshold, x0=None):
    """Per region: the zero line of ``A x + c - threshold`` as ``base + s * along``, and its
    segment ``lo <= s <= hi`` inside the polygon; ``base`` is the foot of the perpendicular
    from ``x0`` (or from the origin)."""
    if not isinstance(regions, Regions2D):
        raise ValueError(
            "regions must be a Regions2D (from origami.regions_2d), "
            f"got {type(regions).__name__}"
        )
    net = regions.net
    output = _validate.output_index(net, output)
    threshold = _check_threshold(threshold)
    x0 = np.zeros(2) if x0 is None else x0
    a = regions.A[:, output, :]  # (F, 2)
    c = regions.c[:, output] - threshold  # (F,)
    face = regions.face_of_corner
    p = regions.points[regions.corners]
    q = regions.points[regions.corners[regions.next_corner]]
    gp = np.einsum("cj,cj->c", a[face], p) + c[face]
    gq = np.einsum("cj,cj->c", a[face], q) + c[face]
    norm = np.linalg.norm(a, axis=1)
    # A corner is on the zero line when its value is zero up to the size of the value's terms.
    tol = tolerances.VALUE_RTOL * (norm[face] * np.linalg.norm(p, axis=1) + np.abs(c[face]))
    # Points of the zero set on each polygon's boundary: edge crossings and zero corners.
    crosses = gp * gq < 0
    t = np.where(crosses, gp / np.where(crosses, gp - gq, 1.0), 0.0)
    hits = p + t[:, None] * (q - p)
    on_zero = (crosses | (np.abs(gp) <= tol)) & (norm[face] > 0)
    safe = np.where(norm > 0, norm, 1.0)
    unit_a = a / safe[:, None]
    along = np.stack([-unit_a[:, 1], unit_a[:, 0]], axis=1)
    base = x0 - ((a @ x0 + c) / safe)[:, None] * unit_a
    s = np.einsum("cj,cj->c", hits[on_zero] - base[face[on_zero]], along[face[on_zero]])
    lo = np.full(len(regions), np.inf)
    hi = np.full(len(regions), -np.inf)
    np.minimum.at(lo, face[on_zero], s)
    np.maximum.at(hi, face[on_zero], s)
    owner = np.flatnonzero(np.isfinite(lo))
    return owner, lo, hi, base, along


def decision_distance(
    regions: Regions2D, x0: ArrayLike, output: int = 0, threshold: float = 0.0
) -> BoundaryPoint:
    """The exact Euclidean distance from ``x0`` to the decision boundary of a 2-D network.

    The decision boundary is the set where ``net(x)[output] == threshold``; inside the box it
    is the union of the segments of :func:`decision_boundary`, one per region, and the answer
    is the nearest point over all of them (the foot of the perpendicular from ``x0`` to the
    segment's line, clamped to the segment). Every input closer to ``x0`` lies on the same
    side of ``threshold`` as ``x0`` (by continuity), and just beyond the returned point the
    class changes (for a boundary crossed transversally).

    Tolerance: that of :func:`decision_boundary`. Boundary points: ``x0`` on the decision
    boundary gets distance 0.

    Parameters
    ----------
    regions : Regions2D
        The exact regions of the network over a box (:func:`origami.regions_2d`).
    x0 : array_like, shape (2,)
        In the coordinates of ``regions`` (plane coordinates for a slice).
    output : int
    threshold : float

    Returns
    -------
    BoundaryPoint
        ``index`` is the region that holds the nearest point. The search covers the box only:
        ``exact`` is ``True`` when the ball of radius ``distance`` around ``x0`` lies inside the
        box, so that no point outside it can be closer. ``distance`` is ``inf`` when the
        decision boundary does not meet the box.

    Raises
    ------
    ValueError
        If ``regions`` is not a :class:`~origami.Regions2D`, or ``x0`` not a point of the plane.

    Examples
    --------
    >>> from origami import regions_2d
    >>> net = ReLUNetwork([[[1.0, 0.0]], [[1.0]]], [[0.0], [-1.0]])  # relu(x1) - 1
    >>> regions = regions_2d(net, (-3, 3, -3, 3))
    >>> decision_distance(regions, [0.25, 2.0]).distance
    0.75
    """
    if not isinstance(regions, Regions2D):
        raise ValueError(
            "regions must be a Regions2D (from origami.regions_2d), "
            f"got {type(regions).__name__}"
        )
    x0 = _check_point(regions.net, x0)
    owner, lo, hi, base, along = _zero_segments(regions, output, threshold, x0)
    d = 2
    if len(owner) == 0:
        return BoundaryPoint(np.inf, np.full(d, np.nan), np.zeros(d), -1, exact=False)
    s = np.clip(0.0, lo[owner], hi[owner])
    points = base[owner] + s[:, None] * along[owner]
    dist = np.linalg.norm(points - x0, axis=1)
    k = int(np.argmin(dist))
    point, distance = points[k], float(dist[k])
    direction = (point - x0) / distance if distance > 0 else np.zeros(d)
    xmin, xmax, ymin, ymax = regions.bounds
    room = min(x0[0] - xmin, xmax - x0[0], x0[1] - ymin, ymax - x0[1])
    return BoundaryPoint(distance, point, direction, int(owner[k]), exact=bool(distance <= room))
