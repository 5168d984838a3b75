"""Exact activation regions of a network in a box of any input dimension ``d >= 1``.

The algorithm generalises the planar mesh of :mod:`origami.mesh2d`. Every region is a
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
solved while building. The result, a :class:`origami.RegionsND`, is in :mod:`origami.polytopes`.
"""

from __future__ import annotations

import numpy as np

from ._crossings import add_crossings
from .network import ReLUNetwork
from .polytopes import RegionsND
from .tolerances import ZERO_RTOL

__all__ = ["PAIRS_PER_KEY", "MAX_DIM", "regions_nd"]
__dir__ = __all__.copy  # dir() lists the public names only

#: Above this many vertex pairs per sort key, crossing edges are found by sorting keys rather
#: than by testing every pair (a speed trade-off only: both give the same edges).
PAIRS_PER_KEY = 4

#: The largest input dimension accepted: the box alone has ``2**d`` corners.
MAX_DIM = 16

_WORD = 64


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
        n_new = len(keys)
        self._reserve(nv + n_new)
        add_crossings(self.points, self.values, k, lo, hi, nv)
        fresh = slice(nv, nv + n_new)
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
