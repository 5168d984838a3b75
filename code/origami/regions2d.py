"""Exact activation regions of a network on a 2-D box (or a 2-D slice of a larger input).

:func:`regions_2d` cuts the box exactly (:mod:`origami.mesh2d` keeps the polygon mesh while it
is cut) and returns a :class:`Regions2D`: the regions as polygons, each with its activation
pattern and affine map.

Tolerances (all in :mod:`origami.tolerances`): a vertex counts as on a unit's zero set when
the unit's value there is within :data:`~origami.tolerances.ZERO_RTOL` of its largest value over
the mesh (plus a bound on its rounding error), so regions thinner than about ``1e-10`` of the
box are merged into a neighbour. The only other tolerances are those of :func:`crossing_box`
(parallel lines) and of :attr:`Region.vertices` (collinear corners are dropped).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate, tolerances
from .affine_regions import AffineRegions, pattern_keys
from .mesh2d import PolygonMesh, next_corner
from .network import ReLUNetwork, restrict_to_plane

__all__ = ["Region", "Regions2D", "MeshEdges", "regions_2d", "crossing_box", "crease_units"]
__dir__ = __all__.copy  # dir() lists the public names only


@dataclass(frozen=True)
class Region:
    """One activation region: a convex polygon on which the network is one affine map.

    Tolerance: ``vertices`` are float64 corners, exact up to the tolerance of
    :func:`regions_2d`. Boundary points: the polygon is closed; neighbouring regions share
    their edges.

    Attributes
    ----------
    index : int
        Position in the :class:`Regions2D` it belongs to.
    vertices : ndarray, shape (k, 2)
        Corners in counter-clockwise order (no two consecutive edges collinear).
    pattern : ndarray of bool, shape (N,)
        Activation pattern shared by every interior point.
    A : ndarray, shape (out, 2)
    c : ndarray, shape (out,)
        The network equals ``A @ x + c`` on the region.
    area : float
    centroid : ndarray, shape (2,)
    """

    index: int
    vertices: np.ndarray
    pattern: np.ndarray
    A: np.ndarray
    c: np.ndarray
    area: float
    centroid: np.ndarray


class Regions2D(AffineRegions):
    """The activation regions of a network over a box, as a planar mesh.

    Build it with :func:`regions_2d`. It is a sequence of :class:`Region` (``len`` is the
    number of regions) and also exposes the whole mesh as arrays for fast plotting.

    Tolerance: that of :func:`regions_2d`, which built it. Boundary points: the polygons are
    closed and cover the box; to find the region of a point, :meth:`locate`.

    Attributes
    ----------
    net : ReLUNetwork
        The network as a function of the two plane coordinates.
    bounds : tuple of float
        ``(xmin, xmax, ymin, ymax)``.
    points : ndarray, shape (V, 2)
        Mesh vertices.
    corners : ndarray of int, shape (C,)
        Vertex indices of all polygons, concatenated, each polygon counter-clockwise.
    starts : ndarray of int, shape (F + 1,)
        Polygon ``f`` is ``corners[starts[f]:starts[f + 1]]``.
    patterns : ndarray of bool, shape (F, N)
    values : ndarray, shape (V, out)
        The network's output at each mesh vertex.
    """

    def __init__(self, net, bounds, points, corners, starts, patterns, values):
        self.net = net
        self.bounds = bounds
        self.points = points
        self.corners = corners
        self.starts = starts
        self.patterns = patterns
        self.values = values

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __getitem__(self, f: int) -> Region:
        if not -len(self) <= f < len(self):
            raise IndexError(f"region index {f} out of range for {len(self)} regions")
        f = f % len(self)
        return Region(
            index=f,
            vertices=_drop_collinear(self.polygon(f)),
            pattern=self.patterns[f],
            A=self.A[f],
            c=self.c[f],
            area=float(self.areas[f]),
            centroid=self.centroids[f],
        )

    def __iter__(self):
        return (self[f] for f in range(len(self)))

    def __repr__(self) -> str:
        return f"Regions2D({len(self)} regions of {self.net!r} over {self.bounds})"

    def polygon(self, f: int) -> np.ndarray:
        """Mesh vertices of region ``f``, shape (k, 2), counter-clockwise.

        Tolerance: none (the mesh's own vertices). Boundary points: the polygon is
        closed.

        Parameters
        ----------
        f : int
            Region index in ``range(len(self))``; not checked, and unlike ``self[f]`` it takes no
            negative index (use ``self[f].vertices`` for the checked, simplified polygon).

        Returns
        -------
        ndarray, shape (k, 2)
            Rows of ``points``, with every mesh vertex on its sides (collinear ones included).
        """
        return self.points[self.corners[self.starts[f] : self.starts[f + 1]]]

    def polygons(self) -> list[np.ndarray]:
        """All region polygons, as a list of (k, 2) arrays.

        Tolerance: none (the mesh's own vertices). Boundary points: the polygons are
        closed.
        """
        return np.split(self.points[self.corners], self.starts[1:-1])

    @cached_property
    def face_of_corner(self) -> np.ndarray:
        """Region index of each corner, shape (C,)."""
        return np.repeat(np.arange(len(self)), np.diff(self.starts))

    @cached_property
    def next_corner(self) -> np.ndarray:
        """Index of the following corner in the same polygon, shape (C,)."""
        return next_corner(self.starts)

    @cached_property
    def areas(self) -> np.ndarray:
        """Area of every region, shape (F,)."""
        return self._moments[0]

    @cached_property
    def centroids(self) -> np.ndarray:
        """Centroid of every region, shape (F, 2)."""
        return self._moments[1]

    @cached_property
    def _moments(self) -> tuple[np.ndarray, np.ndarray]:
        # Shoelace sums about each polygon's first corner, not the origin: a tiny polygon far
        # from the origin would otherwise lose its area and centroid to cancellation.
        # For a box so large (or small) that products of coordinates could overflow (or
        # underflow), coordinates are divided by the box's size first.
        heads = self.starts[:-1]
        anchor = self.points[self.corners[heads]]
        shift = anchor[self.face_of_corner]
        xmin, xmax, ymin, ymax = self.bounds
        size = max(xmax - xmin, ymax - ymin)
        size = size if (size > 1e100 or size < 1e-100) else 1.0
        p = (self.points[self.corners] - shift) / size
        q = (self.points[self.corners[self.next_corner]] - shift) / size
        cross = p[:, 0] * q[:, 1] - q[:, 0] * p[:, 1]
        area = 0.5 * np.add.reduceat(cross, heads)
        cx = np.add.reduceat((p[:, 0] + q[:, 0]) * cross, heads) / (6 * area)
        cy = np.add.reduceat((p[:, 1] + q[:, 1]) * cross, heads) / (6 * area)
        with np.errstate(over="ignore"):  # an area beyond the largest double is inf
            return area * size * size, anchor + size * np.stack([cx, cy], axis=1)

    @cached_property
    def edges(self) -> "MeshEdges":
        """Every mesh edge once, with the regions on either side."""
        return _mesh_edges(self)

    def locate(self, x: ArrayLike) -> NDArray[np.int_]:
        """Index of the region containing each point, read off its activation pattern.

        Boundary points: a point strictly inside a region gets that region. A point on a
        crease gets the region whose pattern it has: units at exactly zero count as inactive
        (:meth:`ReLUNetwork.activation_pattern`), so it joins the region on the inactive side
        of each unit it lies on. The box is closed: points on its sides are inside. No
        tolerance is involved.

        Parameters
        ----------
        x : array_like, shape (n, 2)

        Returns
        -------
        ndarray of int, shape (n,)
            ``-1`` for points outside the box, and for the rare points (on creases, a set of
            area zero) whose pattern is that of no region with an interior.

        Raises
        ------
        ValueError
            If ``x`` is not of shape (n, 2).

        Examples
        --------
        >>> net = ReLUNetwork([[[1.0, 0.0]], [[1.0]]], [[0.0], [0.0]])  # one crease, x1 = 0
        >>> regions = regions_2d(net, (-1, 1, -1, 1))
        >>> [int(regions.patterns[f][0]) for f in regions.locate([[0.5, 0.0], [-0.5, 0.0], [0.0, 0.3]])]
        [1, 0, 0]
        >>> regions.locate([[5.0, 5.0], [1.0, 1.0]]).tolist()  # outside the box; a corner
        [-1, 0]
        """
        x = _validate.finite_array(x, "x", ndim=2)
        if x.shape[1] != 2:
            raise ValueError(f"x must have shape (n, 2), got {x.shape}")
        xmin, xmax, ymin, ymax = self.bounds
        inside = (x[:, 0] >= xmin) & (x[:, 0] <= xmax) & (x[:, 1] >= ymin) & (x[:, 1] <= ymax)
        found = self.index_of_patterns(self.net.activation_pattern(x))
        return np.where(inside, found, -1)

    def index_of_patterns(self, patterns: ArrayLike) -> NDArray[np.int_]:
        """The region with each activation pattern.

        Tolerance: none; patterns are matched bit for bit. Boundary points: a pattern
        seen only on a crease is no region's and gets ``-1``.

        Parameters
        ----------
        patterns : array_like of bool, shape (n, N)

        Returns
        -------
        ndarray of int, shape (n,)
            ``-1`` for a pattern that is no region's.

        Raises
        ------
        ValueError
            If ``patterns`` is not of shape (n, N) for the ``N`` hidden units.
        """
        patterns = np.asarray(patterns, dtype=bool)
        if patterns.ndim != 2 or patterns.shape[1] != self.patterns.shape[1]:
            raise ValueError(
                f"patterns must have shape (n, {self.patterns.shape[1]}), got {patterns.shape}"
            )
        lookup = self._pattern_lookup
        keys, inverse = np.unique(pattern_keys(patterns), return_inverse=True)
        index = np.array([lookup.get(k.tobytes(), -1) for k in keys], dtype=int)
        return index[inverse.ravel()] if len(patterns) else np.zeros(0, dtype=int)

    @cached_property
    def _pattern_lookup(self) -> dict:
        return {k.tobytes(): f for f, k in enumerate(pattern_keys(self.patterns))}


@dataclass(frozen=True)
class MeshEdges:
    """The edges of a region mesh.

    Tolerance: none (edges are read off the mesh).

    Attributes
    ----------
    ends : ndarray of int, shape (E, 2)
        Vertex indices of each edge.
    left, right : ndarray of int, shape (E,)
        The regions on either side; ``right`` is ``-1`` on the box boundary.
    """

    ends: np.ndarray
    left: np.ndarray
    right: np.ndarray

    @property
    def interior(self) -> np.ndarray:
        """Boolean mask of edges shared by two regions, shape (E,)."""
        return self.right >= 0


def regions_2d(net: ReLUNetwork, bounds, plane=None) -> Regions2D:
    """All activation regions with non-empty interior inside a box, computed exactly.

    Parameters
    ----------
    net : ReLUNetwork
        A network with 2 inputs, or any input size when ``plane`` is given.
    bounds : tuple of float
        ``(xmin, xmax, ymin, ymax)``; in plane coordinates when ``plane`` is given.
    plane : tuple of array_like, optional
        ``(origin, u, v)``, each of shape (d,): the slice ``origin + s u + t v``. Regions,
        maps and vertices are then expressed in the coordinates ``(s, t)``.

    Returns
    -------
    Regions2D
        A sequence of :class:`Region`; ``len()`` is the number of regions.

    Raises
    ------
    ValueError
        If ``net`` is not a network with 2 inputs (or ``plane`` is malformed), ``bounds`` is
        not a non-empty box, or the network's values over the box are too large to compute
        in float64 (:func:`origami.tolerances.check_range`).

    Notes
    -----
    Tolerance (:mod:`origami.tolerances`): a vertex whose value for a unit is within
    ``ZERO_RTOL = 1e-10`` of that unit's largest value over the mesh (plus a bound on the
    rounding error of the value) counts as on the unit's zero set, so regions thinner than
    about ``1e-10`` of the box are merged into a neighbour instead of being reported as
    slivers. The tolerance is relative, so the regions do not change when the box and the
    first layer are rescaled or translated together, or when the output is scaled or
    shifted.

    Boundary points: regions are closed polygons that cover the box and meet only along
    edges. Only regions with a non-empty interior are reported; a pattern that occurs only
    on a crease (a segment or a point) is not a region. A crease along a side of the box
    adds no region. To find the region of a point, see :meth:`Regions2D.locate`.

    Examples
    --------
    >>> net = ReLUNetwork.random([2, 4, 1], seed=0)
    >>> regions = regions_2d(net, (-10, 10, -10, 10))
    >>> len(regions) <= 11
    True
    """
    if not isinstance(net, ReLUNetwork):
        raise ValueError(f"net must be a ReLUNetwork, got {type(net).__name__}")
    box = _validate.box(bounds)
    if plane is not None:
        if len(plane) != 3:
            raise ValueError("plane must be (origin, u, v)")
        net = restrict_to_plane(net, *plane)
    elif net.input_dim != 2:
        raise ValueError(
            f"net has {net.input_dim} inputs; regions_2d needs 2, or a plane=(origin, u, v) "
            "to slice its input space"
        )
    tolerances.check_range(net, max(abs(v) for v in box))
    return PolygonMesh(box).cut(net)


def _mesh_edges(regions: Regions2D) -> MeshEdges:
    a = regions.corners
    b = regions.corners[regions.next_corner]
    face = regions.face_of_corner
    n = len(regions.points)
    key = np.minimum(a, b) * n + np.maximum(a, b)
    order = np.argsort(key, kind="stable")
    key, face, a, b = key[order], face[order], a[order], b[order]
    first = np.concatenate([[True], key[1:] != key[:-1]])
    idx = np.flatnonzero(first)
    has_twin = np.zeros(len(idx), dtype=bool)
    twin_of = idx + 1
    has_twin[:] = (twin_of < len(key)) & (key[np.minimum(twin_of, len(key) - 1)] == key[idx])
    right = np.full(len(idx), -1)
    right[has_twin] = face[twin_of[has_twin]]
    return MeshEdges(ends=np.stack([a[idx], b[idx]], axis=1), left=face[idx], right=right)


def _drop_collinear(poly: np.ndarray) -> np.ndarray:
    if len(poly) == 0:
        return poly
    span = np.ptp(poly, axis=0).max()
    unit = (poly - poly[0]) / (span if span > 0 else 1.0)  # scale-free: no overflow, no underflow
    prev = np.roll(unit, 1, axis=0)
    nxt = np.roll(unit, -1, axis=0)
    cross = (unit[:, 0] - prev[:, 0]) * (nxt[:, 1] - unit[:, 1]) - (unit[:, 1] - prev[:, 1]) * (
        nxt[:, 0] - unit[:, 0]
    )
    return poly[np.abs(cross) > tolerances.COLLINEAR_RTOL]


def crossing_box(weights: ArrayLike, biases: ArrayLike, margin: float = 1.0) -> tuple[float, float,
                 float, float]:
    """A square box, centred at the origin, that shows every cell of an arrangement of lines.

    The lines are ``w_i . x + b_i = 0`` (the zero sets of a first layer). Let ``rho`` be the
    largest coordinate (in absolute value) of the points where two lines cross and of each
    line's point nearest the origin. The box is ``[-r, r]**2`` with ``r = 2 rho + margin``: it
    holds every crossing and every line, so each cell of the arrangement meets it and
    :func:`regions_2d` over this box counts all of them. The box reaches beyond the farthest
    crossing by at least as much again as that crossing's distance from the origin, so a
    cell beyond a crossing of two nearly parallel lines is a wedge at least about
    ``sin(angle) / 4`` of the box wide, not a sliver that :func:`regions_2d` would merge.

    Boundary points: every crossing, and each line's point nearest the origin, lies strictly
    inside the box, at least ``rho + margin`` from its sides.

    Parameters
    ----------
    weights : array_like, shape (n, 2)
        One non-zero row ``w_i`` per line, e.g. ``net.weights[0]``.
    biases : array_like, shape (n,)
    margin : float
        Positive extra distance added to the half-width.

    Returns
    -------
    tuple of float
        ``(-r, r, -r, r)``.

    Raises
    ------
    ValueError
        For a zero row, bad shapes or margin, and when two lines cross at an angle whose sine
        is below ``MIN_CROSSING_SINE = 1e-8`` (:mod:`origami.tolerances`): the cells beyond
        their crossing would be thinner than float64 regions resolve.

    Notes
    -----
    Tolerance: lines with ``|det(w_i, w_j)| <= PARALLEL_RTOL |w_i| |w_j|`` (``1e-12``) are
    parallel and never cross. Everything is relative, so rescaling the weights or the biases
    of all lines by one factor rescales the box and nothing else.

    Examples
    --------
    >>> crossing_box([[1.0, 0.0], [0.0, 1.0]], [-2.0, 1.0])  # x = 2 and y = -1 cross at (2, -1)
    (-5.0, 5.0, -5.0, 5.0)
    """
    w = _validate.finite_array(weights, "weights", ndim=2)
    b = _validate.finite_array(biases, "biases", ndim=1)
    if w.shape[1] != 2 or len(b) != len(w) or len(w) == 0:
        raise ValueError(
            f"weights must have shape (n, 2) and biases (n,), n >= 1; got {w.shape} and {b.shape}"
        )
    norms = np.hypot(w[:, 0], w[:, 1])
    if np.any(norms == 0):
        raise ValueError("weights has a zero row: that unit is constant and has no line")
    margin = float(_validate.finite_array(margin, "margin", ndim=0))
    if not margin > 0:
        raise ValueError(f"margin must be a positive number, got {margin!r}")
    feet = -b[:, None] * w / norms[:, None] ** 2
    i, j = np.triu_indices(len(w), k=1)
    det = w[i, 0] * w[j, 1] - w[i, 1] * w[j, 0]
    sine = np.abs(det) / (norms[i] * norms[j])
    crossing = sine > tolerances.PARALLEL_RTOL  # parallel lines never cross
    steep = crossing & (sine < tolerances.MIN_CROSSING_SINE)
    if np.any(steep):
        k = int(np.argmax(steep))
        raise ValueError(
            f"weights: lines {i[k]} and {j[k]} cross at an angle of {float(sine[k]):.2g} rad; the cells "
            "beyond their crossing are too thin for float64 regions to resolve in a box that holds it "
            f"(the smallest angle crossing_box accepts is {tolerances.MIN_CROSSING_SINE:g})"
        )
    i, j, det = i[crossing], j[crossing], det[crossing]
    crossings = np.column_stack([
        (w[i, 1] * b[j] - w[j, 1] * b[i]) / det,
        (w[j, 0] * b[i] - w[i, 0] * b[j]) / det,
    ])
    r = 2.0 * float(np.abs(np.vstack([feet, crossings])).max()) + margin
    return (-r, r, -r, r)


def crease_units(regions: Regions2D) -> NDArray[np.int_]:
    """The hidden unit whose zero set each mesh edge lies on.

    Across an interior edge the activation patterns of the two regions differ; the edge lies
    on the zero set of the (lowest-numbered) unit that flips there. Units are numbered
    layer by layer, as in the patterns.

    Tolerance: none; read off the patterns of the regions on either side.

    Parameters
    ----------
    regions : Regions2D

    Returns
    -------
    ndarray of int, shape (E,)
        Unit index per edge of ``regions.edges``; ``-1`` on the box boundary.

    Examples
    --------
    >>> net = ReLUNetwork([[[1.0, 0.0]], [[1.0]]], [[0.0], [0.0]])
    >>> int(crease_units(regions_2d(net, (-1, 1, -1, 1))).max())
    0
    """
    e = regions.edges
    units = np.full(len(e.left), -1)
    inner = e.interior
    flips = regions.patterns[e.left[inner]] ^ regions.patterns[e.right[inner]]
    if flips.size:  # (no interior edge, or no hidden unit: every edge is on the box)
        units[inner] = np.where(flips.any(axis=1), np.argmax(flips, axis=1), -1)
    return units
