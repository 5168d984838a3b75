"""Bounds on the number of linear regions of ReLU networks.

Every function takes the input dimension ``n0`` and the hidden widths ``(n_1, ..., n_L)``
(the output layer adds no regions) and returns an exact Python ``int``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from math import comb, prod


def _check(n0: int, hidden: Sequence[int]) -> tuple[int, tuple[int, ...]]:
    n0 = int(n0)
    hidden = tuple(int(n) for n in hidden)
    if n0 < 1:
        raise ValueError(f"n0 (the input dimension) must be a positive integer, got {n0}")
    if len(hidden) == 0 or min(hidden) < 1:
        raise ValueError(f"hidden widths must be a non-empty list of positive integers, got {hidden}")
    return n0, hidden


def trivial(n0: int, hidden: Sequence[int]) -> int:
    """``2**N``: one region per on/off pattern of the ``N`` hidden units.

    An upper bound for every architecture and input dimension, far from tight when
    ``N > n0`` (most patterns cannot occur).
    """
    _, hidden = _check(n0, hidden)
    return 2 ** sum(hidden)


def zaslavsky(n: int, d: int) -> int:
    """Regions of ``n`` hyperplanes in general position in ``R^d``: ``sum_{i<=d} C(n, i)``.

    Zaslavsky (1975). For any arrangement of ``n`` hyperplanes in ``R^d`` this is an upper
    bound, attained exactly when the hyperplanes are in general position. For a network with
    one hidden layer of ``n`` units and ``d`` inputs it is therefore the maximum number of
    activation regions (over all of ``R^d``).

    Examples
    --------
    >>> zaslavsky(4, 2)
    11
    """
    n, d = int(n), int(d)
    if n < 0 or d < 0:
        raise ValueError(f"n and d must be non-negative integers, got n={n}, d={d}")
    return sum(comb(n, i) for i in range(min(n, d) + 1))


def pascanu_lower(n0: int, hidden: Sequence[int]) -> int:
    """Pascanu, Montúfar & Bengio (2013): a lower bound on the maximum number of regions.

    ``prod_{l < L} floor(n_l / n0) * sum_{i <= n0} C(n_L, i)``: some network of this
    architecture has at least this many linear regions. Requires every ``n_l >= n0``.
    """
    n0, hidden = _check(n0, hidden)
    _require_wide(n0, hidden, "pascanu_lower")
    return prod(n // n0 for n in hidden[:-1]) * zaslavsky(hidden[-1], n0)


def montufar_lower(n0: int, hidden: Sequence[int]) -> int:
    """Montúfar, Pascanu, Cho & Bengio (2014): a lower bound on the maximum number of regions.

    ``prod_{l < L} floor(n_l / n0)**n0 * sum_{i <= n0} C(n_L, i)``, from a construction that
    folds the input space ``floor(n_l / n0)`` times along each input coordinate in every
    layer. Some network of this architecture attains at least this many linear regions.
    Requires every ``n_l >= n0``. It is at least :func:`pascanu_lower`.
    """
    n0, hidden = _check(n0, hidden)
    _require_wide(n0, hidden, "montufar_lower")
    return prod((n // n0) ** n0 for n in hidden[:-1]) * zaslavsky(hidden[-1], n0)


def serra_upper(n0: int, hidden: Sequence[int]) -> int:
    """Serra, Tjandraatmadja & Ramalingam (2018), Theorem 1: an upper bound.

    ``sum over (j_1..j_L) in J of prod_l C(n_l, j_l)`` with
    ``J = {0 <= j_l <= min(n0, n_1 - j_1, ..., n_{l-1} - j_{l-1}, n_l)}``. No network of this
    architecture has more activation regions (hence linear regions). It equals
    :func:`zaslavsky` for one hidden layer, and ``prod (n_l + 1)`` for ``n0 = 1`` with every
    ``n_l >= 2``.
    """
    n0, hidden = _check(n0, hidden)

    @lru_cache(maxsize=None)
    def count(layer: int, dim: int) -> int:
        if layer == len(hidden):
            return 1
        n = hidden[layer]
        return sum(comb(n, j) * count(layer + 1, min(dim, n - j)) for j in range(min(dim, n) + 1))

    return count(0, n0)


def _require_wide(n0: int, hidden: tuple[int, ...], name: str) -> None:
    if min(hidden) < n0:
        raise ValueError(
            f"{name} assumes every hidden width is at least the input dimension n0={n0}, "
            f"got {hidden}"
        )
