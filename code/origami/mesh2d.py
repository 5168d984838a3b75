"""The polygon mesh of a box, cut exactly along the crease of every hidden unit.

The mesh is conforming and made of convex polygons. Each hidden unit, layer by layer, is affine
on every current polygon, so its zero set cuts a polygon along one segment: every edge whose
endpoints have opposite signs is split at the exact zero of the linear interpolation, and every
polygon with vertices of both signs is split in two. All polygons are processed at once with
numpy, one unit at a time, so the cost per unit is a handful of array operations over the
mesh. :func:`origami.regions_2d` runs it and returns the result as a :class:`origami.Regions2D`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from . import tolerances
from ._crossings import add_crossings
from .network import ReLUNetwork

if TYPE_CHECKING:
    from .regions2d import Regions2D

__all__ = ["PolygonMesh", "next_corner"]
__dir__ = __all__.copy  # dir() lists the public names only


def next_corner(starts: np.ndarray) -> NDArray[np.int_]:
    """For each corner of a polygon mesh, the index of the next corner of its polygon.

    Parameters
    ----------
    starts : ndarray of int, shape (F + 1,)
        Polygon ``f`` is ``corners[starts[f]:starts[f + 1]]``.

    Returns
    -------
    ndarray of int, shape (starts[-1],)

    Examples
    --------
    >>> next_corner(np.array([0, 3, 5])).tolist()
    [1, 2, 0, 4, 3]
    """
    nxt = np.arange(1, starts[-1] + 1)
    nxt[starts[1:] - 1] = starts[:-1]
    return nxt


class PolygonMesh:
    """The mutable planar mesh of a box, cut along every unit's crease; see the module docstring.

    It starts as the box, one quadrilateral, and is not checked: :func:`origami.regions_2d`
    validates the box and the network before it builds one.

    Parameters
    ----------
    box : tuple of float
        ``(xmin, xmax, ymin, ymax)`` with ``xmin < xmax`` and ``ymin < ymax``.

    Attributes
    ----------
    box : tuple of float
        The box given.
    points : ndarray, shape (V, 2)
        Vertex coordinates (rows past ``n_vertices`` are spare capacity during a cut).
    corners : ndarray of int, shape (C,)
        Vertex indices of every polygon's corners, counter-clockwise, polygon after polygon.
    starts : ndarray of int, shape (F + 1,)
        Polygon ``f`` is ``corners[starts[f]:starts[f + 1]]``.
    n_vertices : int
        Number of vertices in use.
    patterns : ndarray of bool, shape (at least F, N)
        Each polygon's activation pattern over the ``N`` hidden units (filled by :meth:`cut`;
        rows past the ``F = n_faces`` polygons are spare capacity).
    """

    def __init__(self, box):
        xmin, xmax, ymin, ymax = box
        self.box = box
        self.points = np.array([[xmin, ymin], [xmax, ymin], [xmax, ymax], [xmin, ymax]])
        self.corners = np.arange(4)
        self.starts = np.array([0, 4])
        self.n_vertices = 4
        self.patterns = np.zeros((8, 0), dtype=bool)

    @property
    def n_faces(self) -> int:
        return len(self.starts) - 1

    def cut(self, net: ReLUNetwork) -> Regions2D:
        """Cut the box along every unit's crease, layer by layer; return the regions.

        Parameters
        ----------
        net : ReLUNetwork
            A network with 2 inputs (not checked here; :func:`origami.regions_2d` checks it and that
            its values over the box fit in float64).

        Returns
        -------
        Regions2D
            The activation regions with non-empty interior, with the network's output at every
            vertex.

        Warns
        -----
        RuntimeWarning
            If float64 cannot place some crease to ``tolerances.RESOLUTION_WARNING`` of the box (a
            box far from the origin compared with its size).
        """
        from .regions2d import Regions2D  # noqa: PLC0415 (regions2d imports this module)

        self.patterns = np.zeros((8, net.n_hidden), dtype=bool)
        # Values of the current layer at the vertices, one row per unit (so that a unit's
        # column is contiguous), in a buffer with spare columns for new vertices.
        z = net.weights[0] @ self.points.T + net.biases[0][:, None]
        error = tolerances.layer_error(
            net.weights[0], net.biases[0], np.abs(self.points).max(axis=0), np.zeros(2)
        )
        unit = 0
        first: np.ndarray | None = net.weights[0]  # the first layer's weights, then None
        for w, b in zip(net.weights[1:], net.biases[1:]):
            self._values = _grow(z, 4 * z.shape[1] + 64)
            top, bottom = tolerances.value_range(z)
            tol = tolerances.zero_tolerance(top, bottom, error)
            tolerances.warn_unresolved(top, bottom, error, tol, "regions_2d", first)
            first = None
            for k in range(z.shape[0]):
                self._split(k, unit, tol[k])
                unit += 1
            size = tolerances.activated_size(top, bottom, net.negative_slope)
            error = tolerances.layer_error(w, b, size, error)
            z = w @ net.activate(self._values[:, : self.n_vertices]) + b[:, None]
        return Regions2D(
            net,
            self.box,
            self.points[: self.n_vertices].copy(),
            self.corners,
            self.starts,
            self.patterns[: self.n_faces].copy(),
            z.T.copy(),
        )

    def _split(self, k: int, unit: int, tol: float) -> None:
        """Cut every polygon along the zero set of unit ``k`` of the current layer."""
        n_vertices = self.n_vertices
        zk = self._values[k, :n_vertices]
        sign = np.sign(zk).astype(np.int8)
        sign[np.abs(zk) <= tol] = 0

        heads = self.starts[:-1]
        corner_sign = sign[self.corners]
        face_pos = np.maximum.reduceat(corner_sign, heads) > 0
        face_neg = np.minimum.reduceat(corner_sign, heads) < 0
        split = face_pos & face_neg
        n_split = int(np.count_nonzero(split))
        if n_split == 0:
            self.patterns[: self.n_faces, unit] = face_pos
            return

        # 1. Split every edge that crosses the zero set, once, at its exact zero.
        nxt = next_corner(self.starts)
        crossing = corner_sign * corner_sign[nxt] < 0
        a = self.corners[crossing]
        b = self.corners[nxt[crossing]]
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        keys, new_of_crossing = np.unique(lo * n_vertices + hi, return_inverse=True)
        lo, hi = keys // n_vertices, keys % n_vertices
        n_new = len(keys)
        self._reserve(n_vertices + n_new)
        add_crossings(self.points, self._values, k, lo, hi, n_vertices)
        self.n_vertices += n_new
        sign = np.concatenate([sign, np.zeros(n_new, dtype=np.int8)])

        # 2. Insert the new vertices into the corner lists of both polygons of each edge.
        n_corners = len(self.corners)
        shift = np.zeros(n_corners + 1, dtype=np.int64)
        np.cumsum(crossing, out=shift[1:])
        position = np.arange(n_corners) + shift[:-1]
        corners = np.empty(n_corners + len(a), dtype=np.int64)
        corners[position] = self.corners
        corners[position[crossing] + 1] = n_vertices + new_of_crossing
        starts = self.starts + shift[self.starts]

        # 3. Split each polygon with both signs into its positive and its negative part.
        corner_sign = sign[corners]
        nxt, prv = next_corner(starts), _prev_corner(starts)
        on_line = corner_sign == 0
        near_pos = on_line & ((corner_sign[prv] > 0) | (corner_sign[nxt] > 0))
        near_neg = on_line & ((corner_sign[prv] < 0) | (corner_sign[nxt] < 0))
        face = np.repeat(np.arange(self.n_faces), np.diff(starts))
        split_corner = split[face]
        keep = ~split_corner | (corner_sign > 0) | near_pos
        move = split_corner & ((corner_sign < 0) | near_neg)
        split_faces = np.flatnonzero(split)
        old_faces = self.n_faces
        new_face = np.full(old_faces, -1)
        new_face[split_faces] = old_faces + np.arange(n_split)
        self.corners = np.concatenate([corners[keep], corners[move]])
        counts = np.zeros(old_faces + n_split, dtype=np.int64)
        counts[:old_faces] = np.add.reduceat(keep, starts[:-1])
        counts[old_faces:] = np.add.reduceat(move, starts[:-1])[split_faces]
        self.starts = np.zeros(old_faces + n_split + 1, dtype=np.int64)
        np.cumsum(counts, out=self.starts[1:])

        # 4. Patterns: the negative parts inherit their parent's bits; set this unit's bit.
        self._grow_patterns(self.n_faces)
        self.patterns[old_faces : self.n_faces] = self.patterns[split_faces]
        self.patterns[:old_faces, unit] = face_pos
        self.patterns[old_faces : self.n_faces, unit] = False

    def _reserve(self, n: int) -> None:
        if n > self._values.shape[1]:
            self._values = _grow(self._values, n)
        if n > len(self.points):
            grown = np.empty((max(n, 2 * len(self.points)), 2))
            grown[: len(self.points)] = self.points
            self.points = grown

    def _grow_patterns(self, n: int) -> None:
        if n > len(self.patterns):
            grown = np.zeros((max(n, 2 * len(self.patterns)), self.patterns.shape[1]), bool)
            grown[: len(self.patterns)] = self.patterns
            self.patterns = grown


def _grow(values: np.ndarray, capacity: int) -> np.ndarray:
    """Copy (units, n) values into a buffer with room for at least ``capacity`` columns."""
    buffer = np.empty((values.shape[0], max(capacity, 2 * values.shape[1])))
    buffer[:, : values.shape[1]] = values
    return buffer


def _prev_corner(starts: np.ndarray) -> np.ndarray:
    prv = np.arange(-1, starts[-1] - 1)
    prv[starts[:-1]] = starts[1:] - 1
    return prv
