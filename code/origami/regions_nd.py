"""Exact activation regions of a network in a box of any input dimension ``d >= 1``.

The algorithm generalises the planar mesh of ``origami.regions2d``. Every region is a
convex polytope stored by its vertices; every vertex carries the set of *labels* of the
hyperplane pieces it lies on (a box facet, or the zero set of a hidden unit), as a bitset.
Each hidden unit, layer by layer, is affine on every current region, so its zero set cuts a
region along one hyperplane. All regions are cut at once with numpy, one unit at a time:

1. the sign of the unit at every vertex decides which regions are cut (a vertex within
   :data:`~origami.tolerances.ZERO_RTOL` times the unit's largest absolute value over the
   current vertices counts as on its zero set);
2. inside the cut regions, a pair ``(u, v)`` of vertices of opposite signs is an *edge* of the
   polytope when it lies on at least ``d - 1`` common facets and (only needed at vertices on
   more than ``d`` facets) no other vertex lies on all of them -- the combinatorial edge test
   for polytopes (Fukuda, *Polyhedral computation*, 2020). When regions have many vertices
   the edges between simple vertices are found instead by sorting, per vertex, its facet set
   minus one label (two vertices with equal keys span an edge);
3. each crossing edge is split once, at the exact zero of the linear interpolation, and the
   new vertex is shared by every region that holds the edge, so the regions stay face to face;
4. each cut region becomes its positive part (vertices ``>= 0`` and the new ones) and its
   negative part (vertices ``<= 0`` and the new ones).

The unit values at the vertices are carried along (interpolated on the new ones, exactly,
because every unit of the current layer is affine on the edge), so no linear program is
solved while building. Volumes use qhull (through scipy) and are computed on first access.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from . import _validate
from .network import ReLUNetwork, batch_affine_maps
from .tolerances import FLAT_RTOL, ZERO_RTOL

__all__ = ["PAIRS_PER_KEY", "MAX_DIM", "RegionND", "BoundaryDistance", "RegionsND", "regions_nd"]
__dir__ = __all__.copy  # dir() lists the public names only

#: Above this many vertex pairs per sort key, crossing edges are found by sorting keys rather
#: than by testing every pair (a speed trade-off only: both give the same edges).
PAIRS_PER_KEY = 4

#: The largest input dimension accepted: the box alone has ``2**d`` corners.
MAX_DIM = 16

_WORD = 64


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


class RegionsND:
    """The activation regions of a network over a box in ``R^d``.

    Build it with :func:`regions_nd`. It is a sequence of :class:`RegionND` (``len`` is the
    number of regions with non-empty interior) and exposes every quantity as arrays over
    regions too.

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

    @cached_property
    def _affine(self) -> tuple[np.ndarray, np.ndarray]:
        return batch_affine_maps(self.net, self.patterns)

    @property
    def A(self) -> np.ndarray:
        """Linear part of every region's map, shape (n, out, d)."""
        return self._affine[0]

    @property
    def c(self) -> np.ndarray:
        """Offset of every region's map, shape (n, out)."""
        return self._affine[1]

    def vertices(self, i: int) -> np.ndarray:
        """The vertices of region ``i``, shape (m, d).

        Tolerance: none (the stored vertices, placed by :func:`regions_nd`). Boundary points:
        vertices on a face shared with a neighbour are the neighbour's too, the same floats.
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
        """The volume of region ``i`` (see :attr:`volumes`).

        Tolerance: none of the library's; exact up to rounding, except that qhull joggles a
        nearly flat region's vertices (by about ``1e-11`` of their size) when it cannot
        triangulate them. Boundary points: the boundary has no volume, so the volumes of the
        regions sum to the box's (up to rounding).
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
        a = b = None
        for row, label in enumerate(labels):
            if label < 2 * d:
                coord, upper = divmod(label, 2)
                rows[row, coord] = 1.0 if upper else -1.0
                rows[row, d] = self.bounds[coord, 1] if upper else -self.bounds[coord, 0]
                continue
            if a is None:
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
        """The irredundant H-representation of region ``i``, shape (k, d + 1).

        Row ``[a, b]`` is the facet ``a . x <= b`` with ``||a||_2 = 1``: one row per side of
        the box and per hidden unit whose zero set bounds the region in a (d-1)-face.

        Tolerance: which vertices lie on a zero set was decided by :func:`regions_nd`; where
        they all lie on more than ``d`` facets, the zero set is a facet when at least ``d - 1``
        singular values of those vertices (taken about one of them) exceed
        :data:`origami.tolerances.FLAT_RTOL` times the box's largest side. Boundary points:
        the inequalities are closed (points on a facet satisfy its row with equality, up to
        rounding); a zero set that touches the region only in a lower-dimensional face gives
        no row, and one that lies along a side of the box gives the box side's row only.
        """
        return self._facets(i)[1]

    def facet_units(self, i: int) -> np.ndarray:
        """For each row of :meth:`halfspaces`, the hidden unit (``-1`` for a box side).

        Tolerance: as :meth:`halfspaces`. Boundary points: a unit whose zero set lies along a
        side of the box is not listed there; that row is the box side's, ``-1``.
        """
        labels = self._facets(i)[0]
        return np.where(labels >= 2 * self.dim, labels - 2 * self.dim, -1)

    def neighbours(self, i: int) -> np.ndarray:
        """For each row of :meth:`halfspaces`, the region across it (``-1`` for a box side).

        Tolerance: none beyond :meth:`halfspaces`; the neighbour is the other region that
        holds every vertex of the facet (the regions meet face to face). Boundary points: the
        facet itself belongs to both regions.
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
        keys = _pattern_keys(self.patterns)
        order = np.argsort(keys, kind="stable")
        return keys[order], order

    def _lookup(self, patterns: np.ndarray) -> np.ndarray:
        keys, order = self._packed
        q = _pattern_keys(patterns)
        pos = np.searchsorted(keys, q)
        pos = np.minimum(pos, len(keys) - 1)
        return np.where(keys[pos] == q, order[pos], -1)

    def locate(self, x) -> np.ndarray:
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

    def distance_to_boundary(self, x, ord=2) -> BoundaryDistance:
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


def _pattern_keys(patterns: np.ndarray) -> np.ndarray:
    """One sortable key per pattern row (the packed bits as a void scalar)."""
    packed = np.ascontiguousarray(np.packbits(patterns, axis=1))
    return packed.view(np.dtype((np.void, packed.shape[1]))).ravel()


def _unpack(words: np.ndarray, n_bits: int) -> np.ndarray:
    """Bitsets of shape (m, W) uint64 as booleans of shape (m, n_bits)."""
    little = words.astype("<u8").view(np.uint8).reshape(len(words), -1)
    return np.unpackbits(little, axis=1, bitorder="little")[:, :n_bits].astype(bool)


def regions_nd(net: ReLUNetwork, bounds) -> RegionsND:
    """All activation regions with non-empty interior inside a box of ``R^d``, computed exactly.

    Parameters
    ----------
    net : ReLUNetwork
        A network with ``d >= 1`` inputs.
    bounds : sequence of (float, float)
        ``d`` pairs ``(low, high)`` with ``low < high``: the box ``prod [low_i, high_i]``.

    Returns
    -------
    RegionsND
        A sequence of :class:`RegionND`; ``len()`` is the number of regions.

    Raises
    ------
    ValueError
        If ``net`` is not a ReLUNetwork or has more than ``MAX_DIM`` inputs, ``bounds`` is not
        ``d`` finite pairs, or an interval is empty or inverted.

    Notes
    -----
    Tolerance (:mod:`origami.tolerances`): a vertex whose value for a unit is within
    :data:`~origami.tolerances.ZERO_RTOL` (``1e-10``) of that unit's largest absolute value
    over the current vertices counts as on the unit's zero set, so regions thinner than about
    ``1e-10`` of the box are merged into a neighbour instead of being reported as slivers.
    Unlike :func:`origami.regions_2d`, no bound on the rounding error is added to it, and no
    warning is given for a box far from the origin compared with its size. Where vertices lie
    on more than ``d`` facets, a zero set is told from a lower-dimensional face by a rank test
    to :data:`~origami.tolerances.FLAT_RTOL` of the box's largest side.

    Boundary points: regions are closed polytopes that cover the box and meet face to face.
    Only regions with a non-empty interior are reported; a pattern that occurs only on a zero
    set is not a region, and a zero set along a side of the box adds no region. To find the
    region of a point, see :meth:`RegionsND.locate`. For ``d = 2``, :func:`origami.regions_2d`
    computes the same regions faster.

    Building costs a few array operations over all vertices per hidden unit, and no linear
    program: every unit cuts all the regions it crosses in one numpy pass (module
    ``origami.regions_nd``). Memory grows linearly with the number of regions times their
    number of vertices. Volumes and H-representations are computed on first access.

    References
    ----------
    K. Fukuda, *Polyhedral Computation*, ETH Zurich, 2020 (the combinatorial test for edges
    of a polytope from its vertex-facet incidence). B. Hanin and D. Rolnick, "Deep ReLU
    networks have surprisingly few activation patterns", NeurIPS 2019 (activation regions).

    Examples
    --------
    >>> net = ReLUNetwork.random([3, 4, 1], seed=0)
    >>> regions = regions_nd(net, [(-3, 3)] * 3)
    >>> len(regions) <= 1 + 4 + 6 + 4  # Zaslavsky's bound for 4 planes in R^3
    True
    >>> bool(np.isclose(regions.volumes.sum(), 6.0**3))
    True
    """
    if not isinstance(net, ReLUNetwork):
        raise ValueError(f"net must be a ReLUNetwork, got {type(net).__name__}")
    if net.input_dim > MAX_DIM:
        raise ValueError(
            f"net has {net.input_dim} inputs; regions_nd starts from the 2^d corners of the box "
            f"and accepts at most d = {MAX_DIM}: restrict the network to a plane "
            "(regions_2d with plane=...) or a lower-dimensional affine slice"
        )
    box = _check_bounds(bounds, net.input_dim)
    return _Complex(box, net).cut()


def _check_bounds(bounds, d: int) -> np.ndarray:
    """Check ``d`` pairs ``(low, high)``; return them as an array of shape (d, 2)."""
    try:
        arr = np.asarray(bounds, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"bounds must be a sequence of (low, high) pairs ({exc})") from None
    if arr.ndim != 2 or arr.shape[1] != 2:
        raise ValueError(f"bounds must be a sequence of (low, high) pairs, got shape {arr.shape}")
    if arr.shape[0] != d:
        raise ValueError(
            f"bounds must have one (low, high) pair per input: the network has {d} inputs, "
            f"bounds has {arr.shape[0]}"
        )
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"bounds contains NaN or infinite values: {arr.tolist()}")
    bad = np.flatnonzero(~(arr[:, 0] < arr[:, 1]))
    if len(bad):
        j = int(bad[0])
        raise ValueError(
            f"bounds[{j}] = ({arr[j, 0]}, {arr[j, 1]}) is an empty or inverted interval "
            "(need low < high)"
        )
    return arr


class _Complex:
    """The mutable polytope complex used while cutting; see the module docstring."""

    def __init__(self, box: np.ndarray, net: ReLUNetwork):
        d = box.shape[0]
        self.d, self.box, self.net = d, box, net
        n_labels = 2 * d + net.n_hidden
        self.n_words = (n_labels + _WORD - 1) // _WORD
        corners = (np.arange(2**d)[:, None] >> np.arange(d)) & 1  # (2^d, d) of 0/1
        self.points = box[np.arange(d), corners]
        self.nv = 2**d
        self.labels = np.zeros((2**d, self.n_words), np.uint64)
        for j in range(d):
            bit = 2 * j + corners[:, j]  # lower side: bit 2j, upper side: bit 2j + 1
            self.labels[:, 0] |= np.left_shift(np.uint64(1), bit.astype(np.uint64))
        self.vertex_ids = np.arange(2**d)
        self.starts = np.array([0, 2**d])
        self.facet_mask = np.zeros((1, self.n_words), np.uint64)
        self.facet_mask[0, 0] = np.uint64((1 << (2 * d)) - 1)
        self.patterns = np.zeros((1, net.n_hidden), bool)

    def cut(self) -> RegionsND:
        net = self.net
        z = net.weights[0] @ self.points.T + net.biases[0][:, None]
        unit = 0
        for w, b in zip(net.weights[1:], net.biases[1:]):
            self.values = z
            scales = np.abs(z).max(axis=1)
            for k in range(z.shape[0]):
                self._split(k, unit, ZERO_RTOL * scales[k])
                unit += 1
            z = w @ net.activate(self.values[:, : self.nv]) + b[:, None]
        return RegionsND(
            net,
            self.box,
            self.points[: self.nv].copy(),
            self.vertex_ids,
            self.starts,
            self.patterns,
            self.labels[: self.nv].copy(),
            self.facet_mask,
        )

    def _split(self, k: int, unit: int, tol: float) -> None:
        """Cut every region along the zero set of unit ``k`` of the current layer."""
        d, nv = self.d, self.nv
        word, bit = divmod(2 * d + unit, _WORD)
        bit = np.uint64(1) << np.uint64(bit)
        zk = self.values[k, :nv]
        sign = np.sign(zk).astype(np.int8)
        zero = np.abs(zk) <= tol
        sign[zero] = 0
        self.labels[:nv, word][zero] |= bit

        n_regions = len(self.starts) - 1
        heads = self.starts[:-1]
        cs = sign[self.vertex_ids]
        has_pos = np.maximum.reduceat(cs, heads) > 0
        has_neg = np.minimum.reduceat(cs, heads) < 0
        split = has_pos & has_neg
        self.patterns[:, unit] = has_pos
        if not split.any():
            return
        counts = np.diff(self.starts)
        region = np.repeat(np.arange(n_regions), counts)
        in_split = split[region]

        # 1-2. The crossing edges. Either every (positive, negative) pair of vertices of a cut
        # region is tested (the combinatorial edge test), or, when that is many more pairs
        # than there are vertices (big regions in high dimension): at a simple vertex (on
        # exactly d facets) every edge keeps all its facets but one, so two simple vertices
        # span an edge when their facet sets minus one label agree, matched by sorting those
        # keys, d per vertex; pairs with a vertex on more facets are still tested one by one.
        pos, neg = in_split & (cs > 0), in_split & (cs < 0)
        n_pos = np.bincount(region[pos], minlength=n_regions)
        n_neg = np.bincount(region[neg], minlength=n_regions)
        n_pairs = int(n_pos @ n_neg)
        if n_pairs <= PAIRS_PER_KEY * d * int(n_pos.sum() + n_neg.sum()):
            u, v, pr = self._edge_pairs(np.flatnonzero(pos), np.flatnonzero(neg), region, counts)
        else:
            cand = np.flatnonzero(pos | neg)
            masks = self.labels[self.vertex_ids[cand]] & self.facet_mask[region[cand]]
            simple = np.bitwise_count(masks).sum(axis=1, dtype=np.int64) == d
            u, v, pr = self._simple_edges(cand[simple], masks[simple], cs, region)
            if not simple.all():
                odd = np.zeros(len(cs), dtype=bool)
                odd[cand[~simple]] = True
                parts = [
                    (u, v, pr),
                    self._edge_pairs(np.flatnonzero(pos & odd), np.flatnonzero(neg), region,
                                     counts),
                    self._edge_pairs(np.flatnonzero(pos & ~odd), np.flatnonzero(neg & odd),
                                     region, counts),
                ]
                u, v, pr = (np.concatenate([part[j] for part in parts]) for j in range(3))

        # 3. One new vertex per crossing edge, shared by every region that holds the edge.
        keys, new_of_pair = np.unique(u * nv + v, return_inverse=True)
        lo, hi = keys // nv, keys % nv
        t = zk[lo] / (zk[lo] - zk[hi])
        n_new = len(keys)
        self._reserve(nv + n_new)
        fresh = slice(nv, nv + n_new)
        self.points[fresh] = self.points[lo] + t[:, None] * (self.points[hi] - self.points[lo])
        z_lo = self.values[:, lo]
        self.values[:, fresh] = z_lo + t * (self.values[:, hi] - z_lo)
        self.values[k, fresh] = 0.0
        self.labels[fresh] = self.labels[lo] & self.labels[hi]
        self.labels[fresh, word] |= bit
        self.nv += n_new
        new_vertex = nv + new_of_pair

        # 4. Each cut region keeps its vertices >= 0 and gains a twin with those <= 0; both
        # get the new vertices. Entries are laid out region by region (counting sort).
        split_ids = np.flatnonzero(split)
        twin = np.full(n_regions, -1)
        twin[split_ids] = n_regions + np.arange(len(split_ids))
        keep = ~in_split | (cs >= 0)
        move = in_split & (cs <= 0)
        entry_region = np.concatenate([region[keep], twin[region[move]], pr, twin[pr]])
        entry_vertex = np.concatenate(
            [self.vertex_ids[keep], self.vertex_ids[move], new_vertex, new_vertex]
        )
        order = np.argsort(entry_region, kind="stable")
        self.vertex_ids = entry_vertex[order]
        n_all = n_regions + len(split_ids)
        self.starts = np.zeros(n_all + 1, dtype=np.int64)
        np.cumsum(np.bincount(entry_region, minlength=n_all), out=self.starts[1:])

        # 5. Facets and patterns: the twins inherit their parent's; both sides gain the cut.
        self.facet_mask = np.concatenate([self.facet_mask, self.facet_mask[split_ids]])
        self.facet_mask[split_ids, word] |= bit
        self.facet_mask[n_regions:, word] |= bit
        twins = self.patterns[split_ids]
        twins[:, unit] = False
        self.patterns = np.concatenate([self.patterns, twins])

    def _simple_edges(self, corners, masks, cs, region):
        """Crossing edges between simple vertices: (positive vertex, negative vertex, region).

        ``masks`` (n, W) are the corners' facet bitsets, each with exactly d bits set.
        """
        n, d = len(corners), self.d
        keys = np.empty((n * d, self.n_words), dtype=np.uint64)
        rest = masks.copy()
        rows = np.arange(n)
        for step in range(d):  # drop each of the d labels in turn (lowest set bit first)
            word = np.argmax(rest != 0, axis=1)
            w = rest[rows, word]
            low = w & (~w + np.uint64(1))
            key = masks.copy()
            key[rows, word] ^= low
            keys[step::d] = key
            rest[rows, word] ^= low
        owner = np.repeat(region[corners], d)
        order = np.lexsort([keys[:, j] for j in range(self.n_words - 1, -1, -1)] + [owner])
        a, b = order[:-1], order[1:]
        same = (owner[a] == owner[b]) & np.all(keys[a] == keys[b], axis=1)
        ca, cb = corners[a[same] // d], corners[b[same] // d]
        crossing = cs[ca] != cs[cb]  # both non-zero: one positive, one negative
        ca, cb = ca[crossing], cb[crossing]
        first_pos = cs[ca] > 0
        cu, cv = np.where(first_pos, ca, cb), np.where(first_pos, cb, ca)
        return self.vertex_ids[cu], self.vertex_ids[cv], region[cu]

    def _edge_pairs(self, pos_c, neg_c, region, counts):
        """Crossing edges among all (positive, negative) pairs of corners of each region."""
        d = self.d
        n_neg = np.bincount(region[neg_c], minlength=len(counts))
        neg_start = np.concatenate([[0], np.cumsum(n_neg)[:-1]])
        reps = n_neg[region[pos_c]]
        pu = np.repeat(pos_c, reps)
        block = np.repeat(np.cumsum(reps) - reps, reps)
        pr = region[pu]
        pv = neg_c[neg_start[pr] + np.arange(len(pu)) - block]
        u, v = self.vertex_ids[pu], self.vertex_ids[pv]
        fm = self.facet_mask[pr]
        lu, lv = self.labels[u] & fm, self.labels[v] & fm
        common = lu & lv
        edge = np.bitwise_count(common).sum(axis=1, dtype=np.int64) >= d - 1
        if d > 1:
            simple_u = np.bitwise_count(lu).sum(axis=1, dtype=np.int64) == d
            simple_v = np.bitwise_count(lv).sum(axis=1, dtype=np.int64) == d
            doubt = np.flatnonzero(edge & ~simple_u & ~simple_v)
            if len(doubt):
                edge[doubt] = self._no_vertex_between(doubt, u, v, pr, common, region, counts)
        return u[edge], v[edge], pr[edge]

    def _no_vertex_between(self, doubt, u, v, pr, common, region, counts) -> np.ndarray:
        """For pairs at two non-simple vertices: is no other vertex on all their common facets?"""
        starts = self.starts
        r = pr[doubt]
        m = counts[r]
        pair = np.repeat(np.arange(len(doubt)), m)
        corner = starts[r].repeat(m) + np.arange(m.sum()) - np.repeat(np.cumsum(m) - m, m)
        w = self.vertex_ids[corner]
        s = common[doubt][pair]
        on_all = np.all((self.labels[w] & s) == s, axis=1)
        other = (w != u[doubt][pair]) & (w != v[doubt][pair])
        blocked = np.zeros(len(doubt), bool)
        np.logical_or.at(blocked, pair[on_all & other], True)
        return ~blocked

    def _reserve(self, n: int) -> None:
        if n > self.values.shape[1]:
            grown = np.empty((self.values.shape[0], max(n, 2 * self.values.shape[1])))
            grown[:, : self.nv] = self.values[:, : self.nv]
            self.values = grown
        if n > len(self.points):
            size = max(n, 2 * len(self.points))
            points = np.empty((size, self.d))
            points[: self.nv] = self.points[: self.nv]
            labels = np.zeros((size, self.n_words), np.uint64)
            labels[: self.nv] = self.labels[: self.nv]
            self.points, self.labels = points, labels
