"""Bounds on the number of linear regions of ReLU networks.

Every function takes the input dimension ``n0`` and the hidden widths ``(n_1, ..., n_L)``
(the output layer adds no regions) and returns an exact Python ``int``, computed in integer
arithmetic: no tolerance is involved. Arguments must be whole numbers; ``3.7`` raises
``ValueError`` rather than being rounded.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from math import comb, prod

from . import _validate

__all__ = ["trivial", "zaslavsky", "pascanu_lower", "montufar_lower", "serra_upper", "serra_lower"]
__dir__ = __all__.copy  # dir() lists the public names only


def trivial(n0: int, hidden: Sequence[int]) -> int:
    """``2**N``: one region per on/off pattern of the ``N`` hidden units.

    An upper bound for every architecture and input dimension, far from tight when
    ``N > n0`` (most patterns cannot occur).

    Exact integer arithmetic: no tolerance, and no boundary cases (a count of regions of all
    of ``R**n0``).

    Parameters
    ----------
    n0 : int
        Input dimension, a positive whole number (checked, but the bound does not depend on it).
    hidden : sequence of int
        Hidden widths ``(n_1, ..., n_L)``, positive whole numbers; the output layer is left out.

    Returns
    -------
    int
        ``2**N`` with ``N = n_1 + ... + n_L``.

    Raises
    ------
    ValueError
        If ``n0`` is not a positive whole number or ``hidden`` not a non-empty list of positive
        whole numbers.
    """
    _, hidden = _validate.widths(n0, hidden)
    return 2 ** sum(hidden)


def zaslavsky(n: int, d: int) -> int:
    """Regions of ``n`` hyperplanes in general position in ``R^d``: ``sum_{i<=d} C(n, i)``.

    Zaslavsky (1975). For any arrangement of ``n`` hyperplanes in ``R^d`` this is an upper
    bound, attained exactly when the hyperplanes are in general position. For a network with
    one hidden layer of ``n`` units and ``d`` inputs it is therefore the maximum number of
    activation regions (over all of ``R^d``).

    Exact integer arithmetic: no tolerance, and no boundary cases.

    Parameters
    ----------
    n : int
        Number of hyperplanes (hidden units of a one-hidden-layer network), a whole number >= 0.
    d : int
        Dimension of the space (input dimension), a whole number >= 0.

    Returns
    -------
    int
        ``sum_{i <= min(n, d)} C(n, i)``; ``2**n`` when ``n <= d``.

    Raises
    ------
    ValueError
        If ``n`` or ``d`` is not a whole number >= 0.

    References
    ----------
    T. Zaslavsky, "Facing up to arrangements: face-count formulas for partitions of space by
    hyperplanes", Memoirs of the AMS 154, 1975 (``zaslavsky1975`` in the book's bibliography).

    Examples
    --------
    >>> zaslavsky(4, 2)
    11
    """
    n = _validate.whole_number(n, "n", minimum=0)
    d = _validate.whole_number(d, "d", minimum=0)
    return sum(comb(n, i) for i in range(min(n, d) + 1))


def pascanu_lower(n0: int, hidden: Sequence[int]) -> int:
    """Pascanu, Montúfar & Bengio (2013): a lower bound on the maximum number of regions.

    ``prod_{l < L} floor(n_l / n0) * sum_{i <= n0} C(n_L, i)``: some network of this
    architecture has at least this many linear regions. Requires every ``n_l >= n0``.

    Exact integer arithmetic: no tolerance, and no boundary cases.

    Parameters
    ----------
    n0 : int
        Input dimension ``n0 >= 1``.
    hidden : sequence of int
        Hidden widths ``(n_1, ..., n_L)``, each at least ``n0``.

    Returns
    -------
    int
        The lower bound; for one hidden layer it is :func:`zaslavsky` ``(n_1, n0)``.

    Raises
    ------
    ValueError
        If ``n0`` is not a positive whole number or ``hidden`` not a non-empty list of positive
        whole numbers, or a hidden width is below ``n0``.

    References
    ----------
    R. Pascanu, G. Montúfar and Y. Bengio, "On the number of response regions of deep feed
    forward networks with piece-wise linear activations", 2013 (``pascanu2013`` in the book's
    bibliography).
    """
    n0, hidden = _validate.widths(n0, hidden)
    _require_wide(n0, hidden, "pascanu_lower")
    return prod(n // n0 for n in hidden[:-1]) * zaslavsky(hidden[-1], n0)


def montufar_lower(n0: int, hidden: Sequence[int]) -> int:
    """Montúfar, Pascanu, Cho & Bengio (2014): a lower bound on the maximum number of regions.

    ``prod_{l < L} floor(n_l / n0)**n0 * sum_{i <= n0} C(n_L, i)``, from a construction that
    folds the input space ``floor(n_l / n0)`` times along each input coordinate in every
    layer. Some network of this architecture attains at least this many linear regions.
    Requires every ``n_l >= n0``. It is at least :func:`pascanu_lower`.

    Exact integer arithmetic: no tolerance, and no boundary cases.

    Parameters
    ----------
    n0 : int
        Number of inputs, a positive whole number.
    hidden : sequence of int
        The ``L`` hidden widths, in order; every one of them ``>= n0``.

    Returns
    -------
    int
        The count of linear regions the folding construction reaches.

    Raises
    ------
    ValueError
        If ``n0`` is not a positive whole number or ``hidden`` not a non-empty list of positive
        whole numbers, or a hidden width is below ``n0``.

    References
    ----------
    G. Montúfar, R. Pascanu, K. Cho and Y. Bengio, "On the number of linear regions of deep
    neural networks", NeurIPS 2014 (``montufar2014`` in the book's bibliography).
    """
    n0, hidden = _validate.widths(n0, hidden)
    _require_wide(n0, hidden, "montufar_lower")
    return prod((n // n0) ** n0 for n in hidden[:-1]) * zaslavsky(hidden[-1], n0)


def serra_upper(n0: int, hidden: Sequence[int]) -> int:
    """Serra, Tjandraatmadja & Ramalingam (2018), Theorem 1: an upper bound.

    ``sum over (j_1..j_L) in J of prod_l C(n_l, j_l)`` with
    ``J = {0 <= j_l <= min(n0, n_1 - j_1, ..., n_{l-1} - j_{l-1}, n_l)}``. No network of this
    architecture has more activation regions (hence linear regions). It equals
    :func:`zaslavsky` for one hidden layer, and ``prod (n_l + 1)`` for ``n0 = 1`` with every
    ``n_l >= 2``.

    Exact integer arithmetic: no tolerance, and no boundary cases.

    Parameters
    ----------
    n0 : int
        Input dimension (positive); it caps the dimension ``j_l`` that each layer can add.
    hidden : sequence of int
        Positive hidden widths ``n_1, ..., n_L``, in any order of sizes.

    Returns
    -------
    int
        The largest number of activation regions any network of this architecture can have.

    Raises
    ------
    ValueError
        If ``n0`` is not a positive whole number or ``hidden`` not a non-empty list of positive
        whole numbers.

    References
    ----------
    T. Serra, C. Tjandraatmadja and S. Ramalingam, "Bounding and counting linear regions of deep
    neural networks", ICML 2018 (``serra2018`` in the book's bibliography).
    """
    n0, hidden = _validate.widths(n0, hidden)

    @lru_cache(maxsize=None)
    def count(layer: int, dim: int) -> int:
        if layer == len(hidden):
            return 1
        n = hidden[layer]
        return sum(comb(n, j) * count(layer + 1, min(dim, n - j)) for j in range(min(dim, n) + 1))

    return count(0, n0)


def serra_lower(n0: int, hidden: Sequence[int]) -> int:
    """Serra, Tjandraatmadja & Ramalingam (2018): a lower bound on the maximum number of regions.

    ``prod_{l < L} (floor(n_l / n0) + 1)**n0 * sum_{i <= n0} C(n_L, i)``: some network with
    ``n0`` inputs and hidden widths ``(n_1, ..., n_L)`` has at least this many activation
    regions on ``R**n0``. Every hidden layer before the last needs ``n_l >= 3 * n0``;
    :func:`origami.constructions.folding_network` builds a network that attains the count for ``n0`` in ``{1, 2}``.
    For ``n0 = 1`` (and every ``n_l >= 3``) it equals ``prod (n_l + 1)``, which is also the
    upper bound :func:`serra_upper`: the maximum is then known exactly.

    Exact integer arithmetic: no tolerance, and no boundary cases.

    Parameters
    ----------
    n0 : int
        Input dimension.
    hidden : sequence of int
        Hidden widths ``(n_1, ..., n_L)``.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If a hidden layer before the last is narrower than ``3 * n0``, or the widths are not
        positive whole numbers.

    References
    ----------
    T. Serra, C. Tjandraatmadja and S. Ramalingam, "Bounding and counting linear regions of deep
    neural networks", ICML 2018 (``serra2018`` in the book's bibliography).

    Examples
    --------
    >>> serra_lower(1, [3, 3, 3])
    64
    >>> serra_lower(2, [6, 6])  # (3 + 1)**2 * (1 + 6 + 15)
    352
    """
    n0, hidden = _validate.widths(n0, hidden)
    if any(n < 3 * n0 for n in hidden[:-1]):
        raise ValueError(
            f"serra_lower needs every hidden width before the last to be at least 3 * n0 = {3 * n0}, "
            f"got {hidden}"
        )
    return prod((n // n0 + 1) ** n0 for n in hidden[:-1]) * zaslavsky(hidden[-1], n0)


def _require_wide(n0: int, hidden: tuple[int, ...], name: str) -> None:
    if min(hidden) < n0:
        raise ValueError(
            f"{name} assumes every hidden width is at least the input dimension n0={n0}, "
            f"got {hidden}"
        )
