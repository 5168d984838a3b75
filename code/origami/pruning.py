"""Pruning by stability: units whose state never changes on the data are folded away.

A unit that is inactive at every data point outputs ``0`` there (a ReLU) and can be deleted.
A unit that is active at every data point outputs its own pre-activation there: an affine
function of the previous layer. Affine outputs of one layer span a space of dimension at most
the previous layer's width, so all but a basis of them can be rewritten in terms of the others
and folded into the next layer's weights and biases. A layer whose units are all stable is
affine on the data and merges with the next layer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from . import _validate, tolerances
from .network import ReLUNetwork

__all__ = ["Pruning", "stable_units", "prune"]
__dir__ = __all__.copy  # dir() lists the public names only


@dataclass(frozen=True)
class Pruning:
    """The result of :func:`prune`.

    Tolerance: that of :func:`prune`. Boundary points: as in :func:`stable_units`.

    Attributes
    ----------
    net : ReLUNetwork
        The pruned network. It equals the original at every input whose activation pattern
        agrees with the data's on the stable units (in particular on the data).
    always_on : ndarray of bool, shape (N,)
        Units of the original network active (pre-activation > 0) at every data point.
    always_off : ndarray of bool, shape (N,)
        Units inactive (pre-activation <= 0) at every data point.
    kept : ndarray of bool, shape (N,)
        Units of the original network that survive, in order, in the pruned network.
    merged_layers : tuple of int
        Hidden layers (0-based, in the original) removed because all their units were stable.
    """

    net: ReLUNetwork
    always_on: np.ndarray
    always_off: np.ndarray
    kept: np.ndarray
    merged_layers: tuple

    @property
    def stable(self) -> np.ndarray:
        """Units whose state is the same at every data point, shape (N,)."""
        return self.always_on | self.always_off

    @property
    def removed(self) -> int:
        """Number of hidden units removed."""
        return int(np.count_nonzero(~self.kept))


def _check(net, X) -> np.ndarray:
    if not isinstance(net, ReLUNetwork):
        raise ValueError(f"net must be a ReLUNetwork, got {type(net).__name__}")
    X = _validate.finite_array(X, "X", ndim=2)
    if X.shape[1] != net.input_dim or X.shape[0] == 0:
        raise ValueError(f"X must have shape (n, {net.input_dim}) with n >= 1, got {X.shape}")
    return X


def stable_units(net: ReLUNetwork, X: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Which hidden units keep one state over a data set.

    Tolerance: none. Boundary points: a data point with a pre-activation of exactly zero
    counts as inactive for that unit.

    Parameters
    ----------
    net : ReLUNetwork
    X : array_like, shape (n, d)
        The data, ``n >= 1``.

    Returns
    -------
    always_on : ndarray of bool, shape (N,)
        Pre-activation ``> 0`` at every data point.
    always_off : ndarray of bool, shape (N,)
        Pre-activation ``<= 0`` at every data point.

    Raises
    ------
    ValueError
        If ``net`` is not a :class:`~origami.ReLUNetwork`, or ``X`` not of shape (n, d) with ``n >=
        1`` for its ``d`` inputs.

    References
    ----------
    K. Y. Xiao, V. Tjeng, N. M. Shafiullah and A. Madry, "Training for faster adversarial
    robustness verification via inducing ReLU stability", ICLR 2019 (``xiao2019`` in the book's
    bibliography).

    Examples
    --------
    >>> net = ReLUNetwork([[[1.0], [-1.0]], [[1.0, 1.0]]], [[1.0, -5.0], [0.0]])
    >>> [a.tolist() for a in stable_units(net, [[0.0], [2.0]])]
    [[True, False], [False, True]]
    """
    X = _check(net, X)
    patterns = net.activation_pattern(X)
    return np.asarray(patterns.all(axis=0)), np.asarray((~patterns).all(axis=0))


def _basis(rows: np.ndarray, rtol: float) -> np.ndarray:
    """Indices of a well-conditioned basis of the row space (greedy pivoted Gram-Schmidt)."""
    residual = rows.astype(float).copy()
    norms = np.linalg.norm(rows, axis=1)
    scale = norms.max(initial=0.0)
    chosen: list[int] = []
    while True:
        left = np.linalg.norm(residual, axis=1)
        if chosen:
            left[chosen] = 0.0
        k = int(np.argmax(left)) if len(left) else 0
        if len(left) == 0 or left[k] <= rtol * scale:
            return np.array(sorted(chosen), dtype=int)
        chosen.append(k)
        q = residual[k] / left[k]
        residual -= np.outer(residual @ q, q)


def prune(net: ReLUNetwork, X: ArrayLike, rtol: float = tolerances.RANK_RTOL) -> Pruning:
    """Remove the units that are always on or always off over a data set, exactly on the data.

    Layer by layer (in the original network's terms): let ``J`` be the stable units of the layer
    and ``s_j`` their gain on the data (``1`` always on, ``negative_slope`` always off), so that
    unit ``j`` outputs ``s_j (w_j . h + b_j)`` at every data point.

    * If every unit of the layer is stable, the layer is affine on the data: it is multiplied
      into the next layer and disappears.
    * Otherwise units with ``s_j = 0`` are deleted. Among the others a basis ``K`` of the rows
      ``w_j`` is kept; each remaining ``w_j = sum_k C_jk w_k`` is rewritten as
      ``w_j . h + b_j = sum_k C_jk (z_k - b_k) + b_j`` and folded into the next layer's
      weights (columns ``k``) and bias.

    Boundary points: a data point with a pre-activation of exactly zero counts as inactive
    for that unit (:func:`stable_units`).

    Parameters
    ----------
    net : ReLUNetwork
    X : array_like, shape (n, d)
        The data, ``n >= 1``.
    rtol : float
        Relative tolerance of the rank decision for the rows ``w_j`` (default
        :data:`origami.tolerances.RANK_RTOL`): a row is a combination of the basis when its
        residual is at most ``rtol`` times the largest row norm, so rescaling a layer changes
        nothing. Stability is decided without tolerance: a unit at exactly zero on a data point
        counts as inactive there.

    Returns
    -------
    Pruning

    Raises
    ------
    ValueError
        If ``rtol`` is not in (0, 1), or ``X`` is not of shape (n, d) for the network's ``d``
        inputs.

    References
    ----------
    T. Serra, A. Kumar and S. Ramalingam, "Lossless compression of deep neural networks", CPAIOR
    2020 (``serra2020`` in the book's bibliography).

    Examples
    --------
    >>> net = ReLUNetwork.random([2, 16, 1], seed=0)
    >>> X = np.random.default_rng(0).normal(0.0, 0.05, size=(50, 2))
    >>> result = prune(net, X)
    >>> result.net.n_hidden < net.n_hidden
    True
    >>> bool(np.abs(result.net(X) - net(X)).max() < 1e-12)
    True
    """
    X = _check(net, X)
    if not (np.isfinite(rtol) and 0 < rtol < 1):
        raise ValueError(f"rtol must be in (0, 1), got {rtol}")
    on, off = stable_units(net, X)
    slope = net.negative_slope
    weights = [w.copy() for w in net.weights]
    biases = [b.copy() for b in net.biases]
    kept = np.ones(net.n_hidden, dtype=bool)
    merged: list[int] = []
    # Work on lists that shrink as layers merge; ``pos`` indexes the current lists.
    pos, start = 0, 0
    for layer, width in enumerate(net.hidden_widths):
        units = np.arange(start, start + width)
        start += width
        layer_on, layer_off = on[units], off[units]
        gain = np.where(layer_on, 1.0, slope)
        w, b = weights[pos], biases[pos]
        w_next, b_next = weights[pos + 1], biases[pos + 1]
        if np.all(layer_on | layer_off):
            weights[pos + 1] = w_next @ (gain[:, None] * w)
            biases[pos + 1] = w_next @ (gain * b) + b_next
            del weights[pos], biases[pos]
            kept[units] = False
            merged.append(layer)
            continue
        linear = (layer_on | layer_off) & (gain != 0)
        lin = np.flatnonzero(linear)
        basis = lin[_basis(w[lin], rtol)] if len(lin) else lin
        fold = np.setdiff1d(lin, basis)
        if len(fold):
            coef = np.linalg.lstsq(w[basis].T, w[fold].T, rcond=None)[0].T  # (fold, basis)
            carried = w_next[:, fold] * gain[fold]  # what each folded unit sends, per unit of z_j
            w_next[:, basis] += (carried @ coef) / gain[basis]
            b_next += carried @ (b[fold] - coef @ b[basis])
        drop = (layer_off & (gain == 0)) | np.isin(np.arange(width), fold)
        keep = ~drop
        weights[pos], biases[pos] = w[keep], b[keep]
        weights[pos + 1] = w_next[:, keep]
        biases[pos + 1] = b_next
        kept[units[drop]] = False
        pos += 1
    pruned = ReLUNetwork(weights, biases, negative_slope=slope)
    return Pruning(net=pruned, always_on=on, always_off=off, kept=kept, merged_layers=tuple(merged))
