"""The exact regions of a network in any input dimension, as convex polytopes.

:func:`origami.regions_nd` builds a :class:`RegionsND`: every region stored by its vertices,
with its activation pattern and affine map; from those it answers questions about the
polytopes (volumes, facets, neighbours, which region holds a point, distances to the
boundary). Volumes use qhull (through scipy) and are computed on first access.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate
from .affine_regions import AffineRegions, pattern_keys
from .tolerances import FLAT_RTOL

__all__ = ["RegionND", "BoundaryDistance", "RegionsND"]
__dir__ = __all__.copy  # dir() lists the public names only


@dataclass(frozen=True)
class RegionND:
    """One activation region: a convex polytope on which the network is one affine map.

    Tolerance: that of :func:`regions_nd`, which built it. Boundary points: the polytope is
    closed, and the region across each unit facet (``neighbours``) holds that facet's
    vertices too.

    Attributes
    ----------
    index : int
        Position in the :class:`RegionsND` it belongs to.
    pattern : ndarray of bool, shape (N,)
    A : ndarray, shape (out, d)
    c : ndarray, shape (out,)
        The network equals ``A @ x + c`` on the region.
    interior_point : ndarray, shape (d,)
        A point strictly inside (the mean of the vertices).
    volume : float
        The region's d-dimensional volume (length, area, ...).
    halfspaces : ndarray, shape (k, d + 1)
        Irredundant H-representation: rows ``[a, b]`` with ``a . x <= b``, ``||a||_2 = 1``.
    vertices : ndarray, shape (m, d)
    neighbours : ndarray of int, shape (k,)
        For each row of ``halfspaces``, the region on its other side (``-1`` on the box).
    """

    index: int
    pattern: np.ndarray
    A: np.ndarray
    c: np.ndarray
    interior_point: np.ndarray
    volume: float
    halfspaces: np.ndarray
    vertices: np.ndarray
    neighbours: np.ndarray


@dataclass(frozen=True)
class BoundaryDistance:
    """Distances from points to the boundaries of their regions.

    Returned by :meth:`RegionsND.distance_to_boundary`.

    Tolerance: none beyond that of the regions (:func:`regions_nd`). Boundary points: a point
    on a facet of its region is at distance ``0`` (up to rounding), with ``point`` the point
    itself; a point that :meth:`RegionsND.locate` places in no region has ``region = -1`` and
    ``nan`` distance and point.

    Attributes
    ----------
    distance : ndarray, shape (p,)
        Distance in the requested norm; ``nan`` for points outside the box or in no region.
    point : ndarray, shape (p, d)
        A nearest boundary point (on a facet of the region).
    region : ndarray of int, shape (p,)
        The region containing each point (``-1`` if none).
    unit : ndarray of int, shape (p,)
        The hidden unit whose zero set is reached, or ``-1`` when the nearest facet is a side
        of the box.
    neighbour : ndarray of int, shape (p,)
        The region across the nearest facet (``-1`` on the box boundary).
    exact : ndarray of bool, shape (p,)
        ``True`` when ``distance`` is also the exact distance to the boundary of the region
        over all of input space: the nearest facet is a unit's, not a side of the box. When
        ``False``, ``distance`` is a lower bound on that distance.
    """

    distance: np.ndarray
    point: np.ndarray
    region: np.ndarray
    unit: np.ndarray
    neighbour: np.ndarray
    exact: np.ndarray


class RegionsND(AffineRegions):
    """The activation regions of a network over a box in ``R^d``.

    Build it with :func:`regions_nd`. It is a sequence of :class:`RegionND` (``len`` is the
    number of regions with non-empty interior) and exposes every quantity as arrays over
    regions too. A method that takes a region index ``i`` accepts an integer in
    ``[-len(self), len(self))`` (negative counts from the end) and raises ``IndexError``
    for any other, as a sequence does.

    Tolerance: that of :func:`regions_nd`, which built it
    (:data:`origami.tolerances.ZERO_RTOL`), and :data:`origami.tolerances.FLAT_RTOL` for telling
    facets from lower-dimensional faces. Boundary points: the regions are closed polytopes that
    cover the box and meet face to face; to find the region of a point, :meth:`locate`.

    Attributes
    ----------
    net : ReLUNetwork
    bounds : ndarray, shape (d, 2)
        ``bounds[i] = (low_i, high_i)``.
    points : ndarray, shape (V, d)
        All polytope vertices (shared between neighbouring regions).
    vertex_ids : ndarray of int, shape (C,)
        Vertex indices of all regions, concatenated.
    starts : ndarray of int, shape (n + 1,)
        Region ``i`` has vertices ``points[vertex_ids[starts[i]:starts[i + 1]]]``.
    patterns : ndarray of bool, shape (n, N)
    labels : ndarray of uint64, shape (V, W)
        Bitset per vertex of the facets it lies on: bit ``2 j`` (``2 j + 1``) is the lower
        (upper) side of the box in coordinate ``j``, bit ``2 d + i`` the zero set of unit ``i``.
    facet_mask : ndarray of uint64, shape (n, W)
        Bitset per region of the labels that may be its facets (a superset).
    """

    def __init__(self, net, bounds, points, vertex_ids, starts, patterns, labels, facet_mask):
        self.net = net
        self.bounds = bounds
        self.points = points
        self.vertex_ids = vertex_ids
        self.starts = starts
        self.patterns = patterns
        self.labels = labels
        self.facet_mask = facet_mask

    @property
    def dim(self) -> int:
        """The input dimension ``d``."""
        return self.bounds.shape[0]

    def __len__(self) -> int:
        return len(self.starts) - 1

    def _index(self, i) -> int:
        """``i`` as a region index in ``range(len(self))`` (negative counts from the end)."""
        if isinstance(i, (bool, np.bool_)) or not isinstance(i, (int, np.integer)):
            raise IndexError(f"region index must be an integer, got {i!r}")
        if not -len(self) <= i < len(self):
            raise IndexError(f"region index {i} out of range for {len(self)} regions")
        return int(i) % len(self)

    def __getitem__(self, i: int) -> RegionND:
        i = self._index(i)
        return RegionND(
            index=i,
            pattern=self.patterns[i],
            A=self.A[i],
            c=self.c[i],
            interior_point=self.interior_points[i],
            volume=self.volume(i),
            halfspaces=self.halfspaces(i),
            vertices=self.vertices(i),
            neighbours=self._facets(i)[2],
        )

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __repr__(self) -> str:
        box = [tuple(float(v) for v in row) for row in self.bounds]
        return f"RegionsND({len(self)} regions of {self.net!r} over {box})"

    # ------------------------------------------------------------- per region arrays
    @cached_property
    def region_of_corner(self) -> np.ndarray:
        """Region index of each entry of ``vertex_ids``, shape (C,)."""
        return np.repeat(np.arange(len(self)), np.diff(self.starts))

    @cached_property
    def interior_points(self) -> np.ndarray:
        """A point strictly inside every region (its vertex mean), shape (n, d)."""
        sums = np.add.reduceat(self.points[self.vertex_ids], self.starts[:-1], axis=0)
        return sums / np.diff(self.starts)[:, None]

    def vertices(self, i: int) -> np.ndarray:
        """The vertices of region ``i``, shape (m, d), in the order stored (not sorted).

        Tolerance: none (the stored vertices, placed by :func:`regions_nd`). Boundary points:
        vertices on a face shared with a neighbour are the neighbour's too, the same floats.

        Parameters
        ----------
        i : int
            Region index; negative counts from the end.
        """
        i = self._index(i)
        return self.points[self.vertex_ids[self.starts[i] : self.starts[i + 1]]]

    @cached_property
    def volumes(self) -> np.ndarray:
        """The volume of every region, shape (n,), computed on first access.

        Exact up to rounding (they sum to the volume of the box): the lengths of the intervals
        for ``d = 1``, and the volume of each region's convex hull by qhull
        (``scipy.spatial.ConvexHull``) for ``d >= 2``. Qhull takes about a millisecond per
        region in 3 or 4 dimensions, but up to a tenth of a second per region in 6.
        """
        if self.dim == 1:
            x = self.points[self.vertex_ids, 0]
            heads = self.starts[:-1]
            return np.maximum.reduceat(x, heads) - np.minimum.reduceat(x, heads)
        return np.array([self.volume(i) for i in range(len(self))])

    def volume(self, i: int) -> float:
        """The volume of region ``i`` as a float, in input units to the power ``d``.

        See :attr:`volumes` for how it is computed.

        Tolerance: none of the library's; exact up to rounding, except that qhull joggles a
        nearly flat region's vertices (by about ``1e-11`` of their size) when it cannot
        triangulate them. Boundary points: the boundary has no volume, so the volumes of the
        regions sum to the box's (up to rounding).

        Parameters
        ----------
        i : int
            Which region (its index, as for :meth:`vertices`).
        """
        i = self._index(i)
        if "volumes" in self.__dict__ or self.dim == 1:
            return float(self.volumes[i])
        from scipy.spatial import ConvexHull, QhullError

        # About the region's own vertex mean, so that a small region far from the origin
        # keeps its volume (qhull works in absolute coordinates).
        v = self.vertices(i)
        v = v - v.mean(axis=0)
        try:
            return float(ConvexHull(v).volume)
        except QhullError:  # nearly flat: joggle the input (by about 1e-11 of its size)
            return float(ConvexHull(v, qhull_options="QJ").volume)

    # ----------------------------------------------------------------------- facets
    def _facets(self, i: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Labels, H-rows and neighbours of the facets of region ``i``.

        A label is a facet when the vertices on it span a (d-1)-flat. Labels on the same set
        of vertices (units with one zero set, or a unit's zero set along a side of the box)
        are one facet, with the first label's row. The region across a facet is the other
        region that holds all its vertices (the regions meet face to face).
        """
        i = self._index(i)
        cache = self.__dict__.setdefault("_facet_cache", {})
        if i in cache:
            return cache[i]
        d = self.dim
        ids = self.vertex_ids[self.starts[i] : self.starts[i + 1]]
        bits = _unpack(self.labels[ids] & self.facet_mask[i], 2 * d + self.net.n_hidden)
        candidates = np.flatnonzero(bits.sum(axis=0) >= d)
        simple = bits.sum(axis=1) == d  # on exactly d facets: each of its labels is a facet
        groups: dict[bytes, list[int]] = {}
        for label in candidates:
            on = bits[:, label]
            key = np.packbits(on).tobytes()
            if key not in groups and not simple[on].any():
                if not self._spans_facet(ids[on], np.array([on.sum()]))[0]:
                    continue  # touches the region in a lower-dimensional face only
            groups.setdefault(key, []).append(int(label))
        labels = np.array([g[0] for g in groups.values()], dtype=int)
        rows = np.zeros((len(labels), d + 1))
        neighbours = np.full(len(labels), -1)
        a: np.ndarray | None = None  # the units' affine maps, computed when first needed
        b: np.ndarray | None = None
        for row, label in enumerate(labels):
            if label < 2 * d:
                coord, upper = divmod(label, 2)
                rows[row, coord] = 1.0 if upper else -1.0
                rows[row, d] = self.bounds[coord, 1] if upper else -self.bounds[coord, 0]
                continue
            if a is None or b is None:
                from .robustness import unit_affine_maps  # noqa: PLC0415 (import cycle)

                a, b = unit_affine_maps(self.net, self.patterns[i])
            unit = label - 2 * d
            sign = -1.0 if self.patterns[i, unit] else 1.0  # active: -(a . x) <= b
            scale = np.linalg.norm(a[unit])
            rows[row, :d] = sign * a[unit] / scale
            rows[row, d] = -sign * b[unit] / scale
            neighbours[row] = self._region_across(i, ids[bits[:, label]])
        cache[i] = (labels, rows, neighbours)
        return cache[i]

    @cached_property
    def _regions_of_vertex(self) -> tuple[np.ndarray, np.ndarray]:
        """CSR index from vertex to the regions that hold it: ``(starts, regions)``."""
        order = np.argsort(self.vertex_ids, kind="stable")
        starts = np.zeros(len(self.points) + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.vertex_ids, minlength=len(self.points)), out=starts[1:])
        return starts, self.region_of_corner[order]

    def _region_across(self, i: int, facet: np.ndarray) -> int:
        """The region other than ``i`` that holds every vertex in ``facet`` (or -1)."""
        starts, regions = self._regions_of_vertex
        for j in regions[starts[facet[0]] : starts[facet[0] + 1]]:
            held = self.vertex_ids[self.starts[j] : self.starts[j + 1]]
            if j != i and np.isin(facet, held).all():
                return int(j)
        return -1

    def halfspaces(self, i: int) -> np.ndarray:
        """The irredundant H-representation of region ``i``, shape (k, d + 1), cached.

        Row ``[a, b]`` is the facet ``a . x <= b`` with ``||a||_2 = 1``: one row per side of
        the box and per hidden unit whose zero set bounds the region in a (d-1)-face.

        Tolerance: which vertices lie on a zero set was decided by :func:`regions_nd`; where
        they all lie on more than ``d`` facets, the zero set is a facet when at least ``d - 1``
        singular values of those vertices (taken about one of them) exceed
        :data:`origami.tolerances.FLAT_RTOL` times the box's largest side. Boundary points:
        the inequalities are closed (points on a facet satisfy its row with equality, up to
        rounding); a zero set that touches the region only in a lower-dimensional face gives
        no row, and one that lies along a side of the box gives the box side's row only.

        Parameters
        ----------
        i : int
            The region, by index (negative from the end).
        """
        return self._facets(i)[1]

    def facet_units(self, i: int) -> np.ndarray:
        """For each row of :meth:`halfspaces`, the hidden unit (``-1`` for a box side), shape (k,).

        Tolerance: as :meth:`halfspaces`. Boundary points: a unit whose zero set lies along a
        side of the box is not listed there; that row is the box side's, ``-1``.

        Parameters
        ----------
        i : int
            Index of a region, as in :meth:`halfspaces`.
        """
        labels = self._facets(i)[0]
        return np.where(labels >= 2 * self.dim, labels - 2 * self.dim, -1)

    def neighbours(self, i: int) -> np.ndarray:
        """For each row of :meth:`halfspaces`, the region across it (``-1`` for a box side).

        Tolerance: none beyond :meth:`halfspaces`; the neighbour is the other region that
        holds every vertex of the facet (the regions meet face to face). Boundary points: the
        facet itself belongs to both regions.

        Parameters
        ----------
        i : int
            The region whose neighbours are listed (its index); the result has shape (k,).
        """
        return self._facets(i)[2]

    @cached_property
    def adjacency(self) -> np.ndarray:
        """Every pair of regions that share a (d-1)-face, shape (E, 2), ``i < j``, sorted.

        Two regions are neighbours when the vertices of one of them on a unit's zero set span
        a (d-1)-flat and are exactly the vertices of the other on that zero set (the regions
        meet face to face). In general position their patterns differ in that unit alone.
        Computed for all regions at once, in chunks.
        """
        d, n_labels = self.dim, 2 * self.dim + self.net.n_hidden
        region = self.region_of_corner
        # Every (region, unit label) with at least d vertices on the label: a facet candidate.
        bits = _unpack(self.labels[self.vertex_ids] & self.facet_mask[region], n_labels)
        corner, label = np.nonzero(bits[:, 2 * d :])
        key = region[corner] * n_labels + label
        order = np.argsort(key, kind="stable")
        corner, key = corner[order], key[order]
        heads = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        sizes = np.diff(np.r_[heads, len(key)])
        big = sizes >= d
        heads, sizes, key = heads[big], sizes[big], key[heads[big]]
        if len(heads) == 0:
            return np.zeros((0, 2), dtype=int)
        # Identify each facet by its vertex set: a sum of random 64-bit words per vertex.
        tags = np.random.default_rng(0).integers(0, 2**63, size=len(self.points), dtype=np.uint64)
        start = np.cumsum(sizes) - sizes
        member = np.repeat(np.arange(len(heads)), sizes)
        rows = heads[member] + np.arange(len(member)) - start[member]
        vertex = self.vertex_ids[corner[rows]]
        tag = np.add.reduceat(tags[vertex], start)
        # A label through a simple vertex (on exactly d facets) is one of its facets; only
        # labels whose vertices all lie on more facets need the rank test.
        simple = bits.sum(axis=1) == d
        flat = np.maximum.reduceat(simple[corner[rows]], start)
        doubt = np.flatnonzero(~flat)
        if len(doubt):
            in_doubt = np.isin(member, doubt)
            flat[doubt] = self._spans_facet(vertex[in_doubt], sizes[doubt])
        owner, label = key[flat] // n_labels, key[flat] % n_labels
        tag, size = tag[flat], sizes[flat]
        order = np.lexsort((owner, tag, size, label))
        owner, label, tag, size = owner[order], label[order], tag[order], size[order]
        same = (label[1:] == label[:-1]) & (tag[1:] == tag[:-1]) & (size[1:] == size[:-1])
        pairs = np.column_stack([owner[:-1][same], owner[1:][same]])
        pairs = pairs[pairs[:, 0] != pairs[:, 1]]
        return np.unique(np.sort(pairs, axis=1), axis=0)

    def _spans_facet(self, vertex: np.ndarray, sizes: np.ndarray) -> np.ndarray:
        """For consecutive groups of vertices of the given sizes: do they span a (d-1)-flat?"""
        d = self.dim
        if d == 1:
            return np.ones(len(sizes), dtype=bool)
        scale = np.ptp(self.bounds, axis=1).max()
        groups = np.split(self.points[vertex], np.cumsum(sizes)[:-1])
        return np.array(
            [np.linalg.matrix_rank(g - g[0], tol=FLAT_RTOL * scale) >= d - 1 for g in groups], bool
        )

    # ------------------------------------------------------------------------ lookup
    @cached_property
    def _packed(self) -> tuple[np.ndarray, np.ndarray]:
        keys = pattern_keys(self.patterns)
        order = np.argsort(keys, kind="stable")
        return keys[order], order

    def _lookup(self, patterns: np.ndarray) -> np.ndarray:
        keys, order = self._packed
        q = pattern_keys(patterns)
        pos = np.searchsorted(keys, q)
        pos = np.minimum(pos, len(keys) - 1)
        return np.where(keys[pos] == q, order[pos], -1)

    def locate(self, x: ArrayLike) -> NDArray[np.int_]:
        """Index of the region containing each point (by activation pattern).

        Tolerance: none; the point's pattern (:meth:`ReLUNetwork.activation_pattern`) is
        matched bit for bit against the regions' patterns. Boundary points: a point on a facet
        between two regions gets the one on the inactive side of the unit it lies on (a unit
        at exactly zero counts as inactive). The box is closed: points on its sides are
        inside, and points outside it get ``-1``. A pattern that no region has also gets
        ``-1``: for example a point on a unit's zero set that lies along a side of the box,
        where the region inside has the unit active, or a point in a sliver thinner than the
        tolerance of :func:`regions_nd`, merged into a neighbour.

        Parameters
        ----------
        x : array_like, shape (p, d)

        Returns
        -------
        ndarray of int, shape (p,)
            ``-1`` for points outside the box or whose pattern is no region's.

        Raises
        ------
        ValueError
            If ``x`` is not a finite array of shape (p, d).
        """
        x = _validate.finite_array(x, "x", ndim=2)
        if x.shape[1] != self.dim:
            raise ValueError(f"x must have shape (p, {self.dim}), got {x.shape}")
        found = self._lookup(self.net.activation_pattern(x))
        inside = np.all((x >= self.bounds[:, 0]) & (x <= self.bounds[:, 1]), axis=1)
        return np.where(inside, found, -1)

    def distance_to_boundary(self, x: ArrayLike, ord=2) -> BoundaryDistance:
        """The exact distance from each point to the boundary of its region in the box.

        The region, cut by the box, is the polytope ``{a_k . x <= b_k}`` of :meth:`halfspaces`;
        a point inside is at distance ``min_k (b_k - a_k . x) / ||a_k||_*`` from its boundary
        (``||.||_*`` the dual norm of ``ord``), reached on the nearest facet. When that facet
        is a unit's, this is also the exact distance to the boundary of the activation region
        in all of ``R^d`` (``exact``). When it is a side of the box, the region may go on
        beyond it: the distance is then a lower bound (every point closer has the same
        pattern), and the exact one lies between it and the nearest unit facet's.

        Tolerance: none beyond :meth:`halfspaces` and :meth:`locate`. Boundary points: a point
        on a facet of its region (the one :meth:`locate` gives) is at distance ``0``, up to
        rounding; when several facets are equally near, the first row of :meth:`halfspaces`
        is reported. Points that :meth:`locate` places in no region get ``nan``.

        Parameters
        ----------
        x : array_like, shape (p, d)
        ord : {2, np.inf, 1}
            The norm in which distance is measured.

        Returns
        -------
        BoundaryDistance

        Raises
        ------
        ValueError
            For a bad ``x`` or ``ord``.

        Examples
        --------
        >>> from origami import ReLUNetwork, regions_nd
        >>> net = ReLUNetwork([[[1.0, 0.0, 0.0]], [[1.0]]], [[0.0], [0.0]])  # the plane x1 = 0
        >>> regions = regions_nd(net, [(-2, 2)] * 3)
        >>> found = regions.distance_to_boundary([[0.5, 0.0, 0.0], [1.75, 0.0, 0.0]])
        >>> found.distance.tolist(), found.exact.tolist()
        ([0.5, 0.25], [True, False])
        """
        from .robustness import dual_norm, steepest_direction  # noqa: PLC0415 (robustness may import us)

        ord = _validate.norm_order(ord)
        x = _validate.finite_array(x, "x", ndim=2)
        region = self.locate(x)
        p, d = x.shape
        out = BoundaryDistance(
            distance=np.full(p, np.nan),
            point=np.full((p, d), np.nan),
            region=region,
            unit=np.full(p, -1),
            neighbour=np.full(p, -1),
            exact=np.zeros(p, dtype=bool),
        )
        for j in np.flatnonzero(region >= 0):
            labels, rows, nbs = self._facets(int(region[j]))
            a, b = rows[:, :d], rows[:, d]
            dist = np.maximum(b - a @ x[j], 0.0) / dual_norm(a, ord)
            k = int(np.argmin(dist))
            out.distance[j] = dist[k]
            out.point[j] = x[j] + dist[k] * steepest_direction(a[k], ord)
            out.neighbour[j] = nbs[k]
            if labels[k] >= 2 * d:
                out.unit[j] = labels[k] - 2 * d
                out.exact[j] = True
        return out


def _unpack(words: np.ndarray, n_bits: int) -> np.ndarray:
    """Bitsets of shape (m, W) uint64 as booleans of shape (m, n_bits)."""
    little = words.astype("<u8").view(np.uint8).reshape(len(words), -1)
    return np.unpackbits(little, axis=1, bitorder="little")[:, :n_bits].astype(bool)
