"""Linear pieces: adjacent activation regions that share one affine map, merged."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from . import tolerances
from .network import ReLUNetwork
from .regions1d import Region1D
from .regions2d import Regions2D

__all__ = ["LinearPieces", "linear_pieces", "edge_bends"]
__dir__ = __all__.copy  # dir() lists the public names only


@dataclass(frozen=True)
class LinearPieces:
    """A partition of the regions into linear pieces.

    Tolerance: that of :func:`linear_pieces`, which built it. Boundary points: regions
    meeting only at a corner are not joined.

    Attributes
    ----------
    labels : ndarray of int, shape (F,)
        ``labels[f]`` is the piece of region ``f``; pieces are numbered ``0 .. count - 1``.
    count : int
        Number of linear pieces (at most the number of regions).
    """

    labels: np.ndarray
    count: int

    def __len__(self) -> int:
        return self.count


def linear_pieces(regions: Regions2D | list[Region1D], rtol: float = tolerances.SLOPE_RTOL) -> LinearPieces:
    """Merge neighbouring regions whose affine maps coincide.

    Two activation regions that share an edge (a point in 1-D) and have equal maps ``A x + c``
    belong to the same linear piece: the function does not bend between them. Merging is
    transitive along chains of neighbours, so a piece can be non-convex.

    Parameters
    ----------
    regions : Regions2D or list of Region1D
        Output of :func:`regions_2d` or :func:`regions_1d`.
    rtol : float
        Neighbours share a map when their slopes ``A`` agree, entry by entry, to ``rtol``
        times the magnitude of the products that made them
        (:func:`origami.tolerances.slope_magnitudes`). The offsets ``c`` are not compared:
        the maps of neighbours agree on their common edge, so equal slopes mean equal maps,
        and a large output offset can neither hide nor fake a bend. The answer does not change
        when the output is scaled or shifted.

    Returns
    -------
    LinearPieces

    Raises
    ------
    ValueError
        If ``rtol`` is not a real number in [0, 1), or as :func:`origami.regions_1d` and
        :func:`origami.regions_2d` for the network and its domain.

    Notes
    -----
    Boundary points: regions that meet only at a corner are not neighbours.

    Examples
    --------
    >>> from origami import ReLUNetwork, regions_2d
    >>> net = ReLUNetwork([[[1.0, 0.0], [0.0, 1.0]], [[1.0, 1.0]]], [[0.0, 0.0], [1e9]])
    >>> len(linear_pieces(regions_2d(net, (-1, 1, -1, 1))))  # relu(x1) + relu(x2) + 1e9
    4
    """
    rtol = tolerances.check_rtol(rtol)
    if isinstance(regions, Regions2D):
        slopes = regions.A.reshape(len(regions), -1)
        scales = _scales(regions.net, regions.patterns)
        edges = regions.edges
        inner = edges.interior
        pairs = np.stack([edges.left[inner], edges.right[inner]], axis=1)
    else:
        slopes = np.array([p.slope for p in regions], dtype=float).reshape(len(regions), -1)
        scales = np.array([p.magnitude for p in regions], dtype=float).reshape(slopes.shape)
        pairs = np.stack([np.arange(len(slopes) - 1), np.arange(1, len(slopes))], axis=1)
    differ = tolerances.slopes_differ(
        slopes[pairs[:, 0]], slopes[pairs[:, 1]], scales[pairs[:, 0]], scales[pairs[:, 1]], rtol
    )
    return _components(len(slopes), pairs[~differ])


def _scales(net: ReLUNetwork, patterns: np.ndarray) -> np.ndarray:
    return tolerances.slope_magnitudes(net, patterns).reshape(len(patterns), -1)


def _components(n: int, pairs: np.ndarray) -> LinearPieces:
    """Connected components of a graph on ``n`` nodes, by min-label propagation."""
    labels = np.arange(n)
    while True:
        low = np.minimum(labels[pairs[:, 0]], labels[pairs[:, 1]])
        before = labels.copy()
        np.minimum.at(labels, pairs[:, 0], low)
        np.minimum.at(labels, pairs[:, 1], low)
        labels = labels[labels]
        if np.array_equal(labels, before):
            break
    _, labels = np.unique(labels, return_inverse=True)
    return LinearPieces(labels=labels, count=int(labels.max()) + 1 if n else 0)


def edge_bends(regions: Regions2D, rtol: float = tolerances.SLOPE_RTOL) -> NDArray[np.bool_]:
    """Which mesh edges are real kinks: the affine maps on the two sides differ.

    An interior edge always separates two different activation patterns, but the function
    bends there only if the two regions' maps ``A x + c`` differ (same tolerance as
    :func:`linear_pieces`: slopes against the magnitude of the products that made them).

    Parameters
    ----------
    regions : Regions2D
    rtol : float

    Returns
    -------
    ndarray of bool, shape (E,)
        ``True`` for interior edges of ``regions.edges`` across which the map changes;
        ``False`` for edges inside a linear piece and for box-boundary edges.

    Raises
    ------
    ValueError
        If ``rtol`` is not a real number in [0, 1).
    """
    rtol = tolerances.check_rtol(rtol)
    slopes = regions.A.reshape(len(regions), -1)
    scales = _scales(regions.net, regions.patterns)
    e = regions.edges
    inner = e.interior
    left, right = e.left[inner], e.right[inner]
    bends = np.zeros(len(e.left), dtype=bool)
    bends[inner] = tolerances.slopes_differ(slopes[left], slopes[right], scales[left], scales[right], rtol)
    return bends
