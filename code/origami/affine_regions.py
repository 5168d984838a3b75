"""What every set of exact regions shares: one activation pattern and one affine map per region.

:class:`AffineRegions` is the base of :class:`origami.Regions2D` and :class:`origami.RegionsND`:
given the network and the regions' patterns, it computes each region's exact affine map
``x -> A[f] @ x + c[f]`` (:func:`origami.batch_affine_maps`) and finds regions by pattern.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np

from .network import ReLUNetwork, batch_affine_maps

__all__ = ["AffineRegions", "pattern_keys"]
__dir__ = __all__.copy  # dir() lists the public names only


def pattern_keys(patterns: np.ndarray) -> np.ndarray:
    """One hashable, sortable key per row of a boolean pattern array.

    Tolerance: none; patterns are compared bit by bit. No boundary cases.

    Parameters
    ----------
    patterns : ndarray of bool, shape (n, N)

    Returns
    -------
    ndarray of void, shape (n,)
        The packed bits of each row; equal keys mean equal patterns.

    Examples
    --------
    >>> keys = pattern_keys(np.array([[True, False], [True, False], [False, True]]))
    >>> bool(keys[0] == keys[1]), bool(keys[0] == keys[2])
    (True, False)
    """
    n_bytes = max(1, (patterns.shape[1] + 7) // 8)
    packed = np.ascontiguousarray(np.packbits(patterns, axis=1))
    if packed.shape[1] == 0:
        packed = np.zeros((len(patterns), 1), np.uint8)
    return packed.view(np.dtype((np.void, n_bytes))).ravel()


class AffineRegions:
    """Regions of a network, each with an activation pattern and the exact affine map it gives.

    A subclass sets ``net`` and ``patterns`` (one row per region); the maps are computed once,
    when first read.

    Attributes
    ----------
    net : ReLUNetwork
        The network (as a function of the coordinates the regions live in).
    patterns : ndarray of bool, shape (F, N)
        One activation pattern per region.
    """

    net: ReLUNetwork
    patterns: np.ndarray

    @cached_property
    def _affine(self) -> tuple[np.ndarray, np.ndarray]:
        return batch_affine_maps(self.net, self.patterns)

    @property
    def A(self) -> np.ndarray:
        """Linear part of every region's map, shape (F, out, d).

        On region ``f`` the network is ``x -> A[f] @ x + c[f]``.
        """
        return self._affine[0]

    @property
    def c(self) -> np.ndarray:
        """Offset of every region's map, shape (F, out)."""
        return self._affine[1]
