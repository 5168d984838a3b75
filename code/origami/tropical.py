"""The convex view: a ReLU network as a difference of two convex max-affine functions.

A convex CPWL function on :math:`\\mathbb{R}^d` is a maximum of finitely many affine
functions, :math:`g(x) = \\max_i (a_i \\cdot x + c_i)`, and every ReLU network with one output is
a difference :math:`f = g - h` of two of them. The split follows the layers
(Zhang, Naitzat and Lim 2018): if a pre-activation is :math:`z = g - h` with :math:`g, h` convex,
then :math:`\\sigma(z) = \\max(g, h) - h`, and a weighted sum of such differences splits by the
signs of its weights, because a sum of convex functions with non-negative weights is convex.

In tropical geometry a max-affine function is a tropical polynomial, and its terms are the points
:math:`(a_i, c_i)` of :math:`\\mathbb{R}^{d+1}`. A term matters only if it is the largest at some
input: its point is a vertex of the upper hull of the points (the upper faces of the Newton
polytope). A sum of max-affine functions has the Minkowski sum of their Newton polytopes; a
maximum, the convex hull of their union. The terms that are never the largest are pruned by
linear programming (scipy's HiGHS).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _validate
from .network import ReLUNetwork
from .tolerances import PRUNE_RTOL

__all__ = ["MaxAffine", "convex_decomposition"]
__dir__ = __all__.copy  # dir() lists the public names only


@dataclass(frozen=True)
class MaxAffine:
    """A convex CPWL function ``g(x) = max_i (slopes[i] @ x + offsets[i])``.

    Attributes
    ----------
    slopes : ndarray, shape (k, d)
        The gradient of each affine term.
    offsets : ndarray, shape (k,)
        The value of each term at ``x = 0``.

    Every term is the largest at some input (the representation is irredundant), so ``len(g)``
    is the number of linear pieces of ``g`` on :math:`\\mathbb{R}^d`.

    Tolerance: evaluation has none (a float64 maximum); the terms of one built by
    :func:`convex_decomposition` were pruned with :data:`origami.tolerances.PRUNE_RTOL`, and
    the constructor itself checks nothing. Boundary points: where two terms tie, ``g`` is
    continuous (both give the same value); :meth:`argmax` then returns the lower index.

    References
    ----------
    L. Zhang, G. Naitzat and L.-H. Lim, "Tropical geometry of deep neural networks", ICML 2018
    (``zhang2018tropical`` in the book's bibliography).
    """

    slopes: np.ndarray
    offsets: np.ndarray

    def __len__(self) -> int:
        return len(self.offsets)

    @property
    def input_dim(self) -> int:
        """The number of inputs ``d`` (columns of ``slopes``)."""
        return self.slopes.shape[1]

    @property
    def newton_points(self) -> np.ndarray:
        """The terms as points ``(a_i, c_i)`` of the Newton polytope, shape (k, d + 1)."""
        return np.column_stack([self.slopes, self.offsets])

    def __call__(self, x) -> np.ndarray:
        """Evaluate ``g`` at points.

        Parameters
        ----------
        x : array_like, shape (n, d)
            Finite points, ``d = input_dim``.

        Returns
        -------
        ndarray, shape (n,)
            ``g(x)``, the largest term at each point.

        Raises
        ------
        ValueError
            If ``x`` is not finite, not two-dimensional or has another number of columns than ``d``.
        """
        x = _validate.finite_array(x, "x", ndim=2)
        if x.shape[1] != self.input_dim:
            raise ValueError(f"x must have shape (n, {self.input_dim}), got {x.shape}")
        return (x @ self.slopes.T + self.offsets).max(axis=1)

    def argmax(self, x) -> np.ndarray:
        """The index of the largest term at each point of ``x`` (shape (n, d)); shape (n,).

        Tolerance: none; the terms' float64 values are compared as computed. Boundary points:
        on a tie (a point where two linear pieces meet, when their values are equal in float64)
        the lowest index wins, as with ``numpy.argmax``; next to a boundary, within rounding of
        it, which term wins depends on the rounding of the values.

        Parameters
        ----------
        x : array_like, shape (n, d)
            Finite points at which the terms are compared.

        Returns
        -------
        ndarray of int, shape (n,)
            Indices into ``slopes`` and ``offsets``.

        Raises
        ------
        ValueError
            If ``x`` is not a finite array of shape (n, d).
        """
        x = _validate.finite_array(x, "x", ndim=2)
        return (x @ self.slopes.T + self.offsets).argmax(axis=1)


def _affine(slope: np.ndarray, offset: float) -> MaxAffine:
    return MaxAffine(np.asarray(slope, float)[None, :], np.array([float(offset)]))


def _pruned(points: np.ndarray) -> MaxAffine:
    """The irredundant max-affine function of the terms ``points`` (shape (k, d + 1))."""
    points = np.unique(points, axis=0)
    keep = _upper_vertices(points)
    if keep is None:  # the points span less than R^{d+1}: decide term by term
        keep = [i for i in range(len(points)) if _is_attained(points, i)]
    kept = points[keep]
    return MaxAffine(kept[:, :-1].copy(), kept[:, -1].copy())


def _upper_vertices(points: np.ndarray) -> list[int] | None:
    """The vertices of the upper hull of ``points`` with qhull, or None if qhull cannot tell.

    A term is the largest at some ``x`` exactly when its point is a vertex of the convex hull
    with an incident facet whose outward normal points up (last coordinate > 0). Each coordinate
    is first scaled to unit spread (a positive diagonal map keeps the upper hull the upper hull),
    so that slopes tiny next to the offsets, or the other way round, still give a well-shaped
    hull whose facet normals ``PRUNE_RTOL`` can judge.
    """
    from scipy.spatial import ConvexHull, QhullError  # scipy is needed only here

    if len(points) <= points.shape[1]:
        return None
    spread = points.max(axis=0) - points.min(axis=0)
    if np.any(spread == 0):  # the points lie in a hyperplane: qhull cannot tell
        return None
    try:
        hull = ConvexHull((points - points.min(axis=0)) / spread)
    except QhullError:
        return None
    upward = hull.equations[:, -2] > PRUNE_RTOL
    return sorted(set(hull.simplices[upward].ravel().tolist()))


def _is_attained(points: np.ndarray, i: int) -> bool:
    """Whether term ``i`` exceeds every other term somewhere, by a linear program.

    Maximise ``s`` over ``(x, s)`` subject to ``(a_j - a_i) x + s <= c_i - c_j`` for all ``j != i``
    and ``s <= 1``.
    """
    from scipy.optimize import linprog  # scipy is needed only here

    if len(points) == 1:
        return True
    others = np.delete(points, i, axis=0)
    d = points.shape[1] - 1
    a_ub = np.column_stack([others[:, :-1] - points[i, :-1], np.ones(len(others))])
    b_ub = points[i, -1] - others[:, -1]
    cost = np.zeros(d + 1)
    cost[-1] = -1.0
    bounds = [(None, None)] * d + [(None, 1.0)]
    result = linprog(cost, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
    scale = max(1.0, float(np.abs(points).max()))
    return bool(result.status == 0 and -result.fun > PRUNE_RTOL * scale)


def _add(f: MaxAffine, g: MaxAffine, f_weight: float = 1.0, g_weight: float = 1.0) -> MaxAffine:
    """``f_weight * f + g_weight * g`` for non-negative weights (a Minkowski sum of terms)."""
    pf, pg = f_weight * f.newton_points, g_weight * g.newton_points
    return _pruned((pf[:, None, :] + pg[None, :, :]).reshape(-1, pf.shape[1]))


def _maximum(f: MaxAffine, g: MaxAffine) -> MaxAffine:
    """``max(f, g)`` (the union of the terms)."""
    return _pruned(np.vstack([f.newton_points, g.newton_points]))


def _layer(weights: np.ndarray, bias: np.ndarray, parts: list[tuple[MaxAffine, MaxAffine]]):
    """Split ``weights @ (g - h) + bias`` into convex parts, one pair per unit."""
    d = parts[0][0].input_dim
    zero = _affine(np.zeros(d), 0.0)
    out = []
    for row, b in zip(weights, bias):
        g, h = _affine(np.zeros(d), b), zero
        for w, (gk, hk) in zip(row, parts):
            if w > 0:
                g, h = _add(g, gk, 1.0, w), _add(h, hk, 1.0, w)
            elif w < 0:
                g, h = _add(g, hk, 1.0, -w), _add(h, gk, 1.0, -w)
        out.append((g, h))
    return out


def _activate(g: MaxAffine, h: MaxAffine, alpha: float) -> tuple[MaxAffine, MaxAffine]:
    """``sigma_alpha(g - h) = max(g + alpha h, alpha g + h) - (1 + alpha) h``."""
    if alpha == 0.0:
        return _maximum(g, h), h
    upper = _maximum(_add(g, h, 1.0, alpha), _add(g, h, alpha, 1.0))
    return upper, _add(h, h, 1.0 + alpha, 0.0)


def convex_decomposition(net: ReLUNetwork, output: int = 0) -> tuple[MaxAffine, MaxAffine]:
    """Split one output of a ReLU network into a difference of two convex max-affine functions.

    Parameters
    ----------
    net : origami.ReLUNetwork
        Any input dimension; ReLU or Leaky ReLU.
    output : int, default 0
        Which output to split.

    Returns
    -------
    g, h : MaxAffine
        Convex, irredundant, with ``net(x)[:, output] == g(x) - h(x)`` for every ``x`` (up to
        rounding). The numbers of terms can grow quickly with depth and width: this is for
        small networks.

    Notes
    -----
    Tolerance: terms that are never the largest are pruned with
    :data:`origami.tolerances.PRUNE_RTOL`: a term kept by the linear program leads every other
    somewhere by more than ``PRUNE_RTOL`` times the largest coefficient (at least 1), and
    dropping one that does not changes the max-affine function it belonged to by at most that
    much, at each step of the construction (see the constant for the test qhull uses when it
    can decide). Boundary points: ``g`` and ``h`` are
    continuous, so ``g - h`` equals the output on the network's creases too; which term of
    ``g`` is the largest at a tie is not defined by the decomposition
    (:meth:`MaxAffine.argmax` takes the lowest index).

    Raises
    ------
    ValueError
        If ``net`` is not a :class:`~origami.ReLUNetwork` or ``output`` is not one of its outputs.

    References
    ----------
    L. Zhang, G. Naitzat and L.-H. Lim, "Tropical geometry of deep neural networks", ICML 2018
    (``zhang2018tropical`` in the book's bibliography).

    Examples
    --------
    >>> net = ReLUNetwork([[[1.0], [1.0]], [[1.0, -2.0]]], [[0.0, -1.0], [0.0]])
    >>> g, h = convex_decomposition(net)
    >>> x = np.array([[-1.0], [0.5], [3.0]])
    >>> bool(np.allclose(g(x) - h(x), net(x)[:, 0]))
    True
    """
    if not isinstance(net, ReLUNetwork):
        raise ValueError(f"net must be an origami.ReLUNetwork, got {type(net).__name__}")
    if not (isinstance(output, (int, np.integer)) and 0 <= output < net.output_dim):
        raise ValueError(f"output must be an integer in [0, {net.output_dim}), got {output!r}")
    zero = _affine(np.zeros(net.input_dim), 0.0)
    weights = [*net.weights[:-1], net.weights[-1][output : output + 1]]
    biases = [*net.biases[:-1], net.biases[-1][output : output + 1]]
    split = [(_affine(w, b), zero) for w, b in zip(weights[0], biases[0])]  # affine: h = 0
    for w, b in zip(weights[1:], biases[1:]):
        split = _layer(w, b, [_activate(g, h, net.negative_slope) for g, h in split])
    return split[0]
