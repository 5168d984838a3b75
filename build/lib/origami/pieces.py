"""Linear pieces: adjacent activation regions that share one affine map, merged."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .regions1d import Piece
from .regions2d import Regions2D


@dataclass(frozen=True)
class LinearPieces:
    """A partition of the regions into linear pieces.

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


def linear_pieces(regions: Regions2D | list[Piece], rtol: float = 1e-9) -> LinearPieces:
    """Merge neighbouring regions whose affine maps coincide.

    Two activation regions that share an edge (a point in 1-D) and have equal maps ``A x + c``
    belong to the same linear piece: the function does not bend between them. Merging is
    transitive along chains of neighbours, so a piece can be non-convex.

    Parameters
    ----------
    regions : Regions2D or list of Piece
        Output of :func:`regions_2d` or :func:`regions_1d`.
    rtol : float
        Maps are equal when every coefficient differs by at most ``rtol`` times the largest
        coefficient magnitude (at least 1).

    Returns
    -------
    LinearPieces
    """
    if isinstance(regions, Regions2D):
        maps = np.concatenate([regions.A.reshape(len(regions), -1), regions.c], axis=1)
        edges = regions.edges
        inner = edges.interior
        pairs = np.stack([edges.left[inner], edges.right[inner]], axis=1)
    else:
        maps = np.array([np.concatenate([p.slope, p.intercept]) for p in regions])
        pairs = np.stack([np.arange(len(maps) - 1), np.arange(1, len(maps))], axis=1)
    scale = max(1.0, float(np.abs(maps).max())) if maps.size else 1.0
    same = np.abs(maps[pairs[:, 0]] - maps[pairs[:, 1]]).max(axis=1) <= rtol * scale
    return _components(len(maps), pairs[same])


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


def edge_bends(regions: Regions2D, rtol: float = 1e-9) -> np.ndarray:
    """Which mesh edges are real kinks: the affine maps on the two sides differ.

    An interior edge always separates two different activation patterns, but the function
    bends there only if the two regions' maps ``A x + c`` differ (same tolerance as
    :func:`linear_pieces`).

    Parameters
    ----------
    regions : Regions2D
    rtol : float

    Returns
    -------
    ndarray of bool, shape (E,)
        ``True`` for interior edges of ``regions.edges`` across which the map changes;
        ``False`` for edges inside a linear piece and for box-boundary edges.
    """
    maps = np.concatenate([regions.A.reshape(len(regions), -1), regions.c], axis=1)
    e = regions.edges
    inner = e.interior
    scale = max(1.0, float(np.abs(maps).max())) if maps.size else 1.0
    bends = np.zeros(len(e.left), dtype=bool)
    diff = np.abs(maps[e.left[inner]] - maps[e.right[inner]]).max(axis=1, initial=0.0)
    bends[inner] = diff > rtol * scale
    return bends
