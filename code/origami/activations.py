"""Other activations: which keep a network piecewise linear, and which do not.

Leaky ReLU, PReLU and maxout are maxima of affine functions, so a network built from them is
still continuous piecewise linear; :func:`prelu_network` and :func:`maxout_network` rewrite such
a network *exactly* as a :class:`~origami.network.ReLUNetwork`, so that every exact tool of
the library (regions, kinks, affine maps) applies to it. GELU, softplus, tanh and the sigmoid
are smooth and curved; :func:`forward` evaluates a network's weights with any of them, and
:func:`hessian` measures the curvature that piecewise linear networks lack inside a region.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate
from .network import ReLUNetwork

__all__ = [
    "gelu",
    "softplus",
    "sigmoid",
    "ACTIVATIONS",
    "forward",
    "prelu_forward",
    "prelu_network",
    "maxout_forward",
    "maxout_network",
    "hessian",
    "maxout_patterns",
]
__dir__ = __all__.copy  # dir() lists the public names only

_erf = np.frompyfunc(math.erf, 1, 1)


def gelu(z) -> np.ndarray:
    """The Gaussian error linear unit ``z Phi(z)`` (Hendrycks & Gimpel 2016), exact (erf).

    Tolerance: none (erf in float64); smooth, so there are no boundary points.

    Parameters
    ----------
    z : array_like, any shape
        Pre-activations (a scalar, or an array such as ``(n, width)``), converted to float64.

    Returns
    -------
    numpy.ndarray, the shape of ``z``
        ``z Phi(z)`` elementwise, at least about ``-0.17`` (a numpy scalar for a scalar ``z``).

    References
    ----------
    D. Hendrycks and K. Gimpel, "Gaussian error linear units (GELUs)", 2016 (``hendrycks2016``
    in the book's bibliography).
    """
    z = np.asarray(z, dtype=float)
    return z * 0.5 * (1.0 + np.asarray(_erf(z / math.sqrt(2.0)), dtype=float))


def softplus(z) -> np.ndarray:
    """``log(1 + exp(z))``, the smooth ReLU, computed without overflow.

    Tolerance: none; smooth, so there are no boundary points.

    Parameters
    ----------
    z : array_like, any shape
        Pre-activations; large ones (``exp(z)`` beyond float64) are safe.

    Returns
    -------
    numpy.ndarray, the shape of ``z``
        Values between ``max(0, z)`` and ``max(0, z) + log 2`` (the gap largest at ``z = 0``).
    """
    return np.logaddexp(0.0, np.asarray(z, dtype=float))


def sigmoid(z) -> np.ndarray:
    """``1 / (1 + exp(-z))``, computed without overflow.

    Tolerance: none; smooth, so there are no boundary points.

    Parameters
    ----------
    z : array_like, any shape
        Pre-activations, any size (through ``tanh``, no overflow).

    Returns
    -------
    numpy.ndarray, the shape of ``z``
        Values in ``[0, 1]`` (``0.5`` at ``z = 0``; rounding reaches 0 and 1 for large ``|z|``).
    """
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


#: Elementwise activations by name. ``relu`` is ``max(0, z)``; the rest are smooth.
ACTIVATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "relu": lambda z: np.maximum(z, 0.0),
    "gelu": gelu,
    "softplus": softplus,
    "tanh": np.tanh,
    "sigmoid": sigmoid,
}


def forward(net: ReLUNetwork, x: ArrayLike,
            activation: str | Callable = "relu") -> NDArray[np.float64]:
    """Evaluate a network's weights with another elementwise activation.

    Tolerance: none. Boundary points: with ``relu`` a unit at exactly zero outputs zero, as
    in :class:`origami.ReLUNetwork`.

    Parameters
    ----------
    net : ReLUNetwork
        Supplies the weights and biases (its own activation is ignored).
    x : array_like, shape (n, d)
    activation : str or callable
        A name from :data:`ACTIVATIONS` or a function applied elementwise.

    Returns
    -------
    ndarray, shape (n, out)

    Raises
    ------
    ValueError
        If ``net`` is not a :class:`~origami.ReLUNetwork`, ``x`` not of shape (n, d) for its ``d``
        inputs, or ``activation`` neither a known name nor a callable.

    Examples
    --------
    >>> net = ReLUNetwork.random([2, 4, 1], seed=0)
    >>> x = np.zeros((1, 2))
    >>> bool(np.allclose(forward(net, x, "relu"), net(x)))
    True
    """
    if not isinstance(net, ReLUNetwork):
        raise ValueError(f"net must be a ReLUNetwork, got {type(net).__name__}")
    if isinstance(activation, str):
        if activation not in ACTIVATIONS:
            raise ValueError(
                f"activation must be one of {sorted(ACTIVATIONS)} or a callable, got {activation!r}"
            )
        act = ACTIVATIONS[activation]
    elif callable(activation):
        act = activation
    else:
        raise ValueError(f"activation must be a name or a callable, got {activation!r}")
    h = _validate.finite_array(x, "x", ndim=2)
    if h.shape[1] != net.input_dim:
        raise ValueError(f"x must have shape (n, {net.input_dim}), got {h.shape}")
    for w, b in zip(net.weights[:-1], net.biases[:-1]):
        h = act(h @ w.T + b)
    return h @ net.weights[-1].T + net.biases[-1]


def _layers(weights: Sequence, biases: Sequence, name: str) -> tuple[list, list]:
    if len(weights) < 2 or len(weights) != len(biases):
        raise ValueError(
            f"{name} needs matching weights and biases with at least one hidden layer, "
            f"got {len(weights)} weights and {len(biases)} biases"
        )
    ws = [_validate.finite_array(w, f"weights[{l}]", ndim=2) for l, w in enumerate(weights)]
    bs = [_validate.finite_array(b, f"biases[{l}]", ndim=1) for l, b in enumerate(biases)]
    for l, (w, b) in enumerate(zip(ws, bs)):
        if b.shape != (w.shape[0],):
            raise ValueError(f"biases[{l}] must have shape ({w.shape[0]},), got {b.shape}")
    return ws, bs


def _check_widths(ws, outs, name):
    for l in range(1, len(ws)):
        if ws[l].shape[1] != outs[l - 1]:
            raise ValueError(
                f"weights[{l}] must have {outs[l - 1]} columns for {name}, got shape {ws[l].shape}"
            )


def prelu_forward(weights: Sequence, biases: Sequence, slopes: Sequence,
                  x: ArrayLike) -> NDArray[np.float64]:
    """Evaluate a PReLU network.

    Hidden unit ``j`` of layer ``l`` applies ``max(z, 0) + slopes[l][j] * min(z, 0)``.

    Tolerance: none. Boundary points: a unit at exactly zero outputs zero on either branch.

    Parameters
    ----------
    weights, biases : sequence of array_like
        As for :class:`~origami.network.ReLUNetwork`; at least one hidden layer.
    slopes : sequence of array_like
        ``slopes[l]`` has shape ``(out_l,)`` for every hidden layer ``l`` (any real numbers).
    x : array_like, shape (n, d)

    Returns
    -------
    ndarray, shape (n, out)

    Raises
    ------
    ValueError
        If ``x`` is not of shape (n, d) for the network's ``d`` inputs, or the weights, biases or
        slopes do not fit together.

    References
    ----------
    K. He, X. Zhang, S. Ren and J. Sun, "Delving deep into rectifiers: surpassing human-level
    performance on ImageNet classification", ICCV 2015 (``he2015`` in the book's bibliography).
    """
    ws, bs, ss = _prelu_args(weights, biases, slopes)
    h = _validate.finite_array(x, "x", ndim=2)
    if h.shape[1] != ws[0].shape[1]:
        raise ValueError(f"x must have shape (n, {ws[0].shape[1]}), got {h.shape}")
    for w, b, s in zip(ws[:-1], bs[:-1], ss):
        z = h @ w.T + b
        h = np.where(z > 0, z, s * z)
    return h @ ws[-1].T + bs[-1]


def _prelu_args(weights, biases, slopes):
    ws, bs = _layers(weights, biases, "a PReLU network")
    _check_widths(ws, [w.shape[0] for w in ws], "a PReLU network")
    if len(slopes) != len(ws) - 1:
        raise ValueError(
            f"slopes must have one entry per hidden layer ({len(ws) - 1}), got {len(slopes)}"
        )
    ss = [_validate.finite_array(s, f"slopes[{l}]", ndim=1) for l, s in enumerate(slopes)]
    for l, s in enumerate(ss):
        if s.shape != (ws[l].shape[0],):
            raise ValueError(f"slopes[{l}] must have shape ({ws[l].shape[0]},), got {s.shape}")
    return ws, bs, ss


def prelu_network(weights: Sequence, biases: Sequence, slopes: Sequence) -> ReLUNetwork:
    """The same function as a PReLU network, written exactly as a ReLU network.

    ``prelu(z) = relu(z) - a relu(-z)``: each PReLU unit becomes two ReLU units on the same
    hyperplane (with opposite orientations), so the regions are the PReLU network's regions.

    Tolerance: none (weights are copied and negated). Boundary points: the two ReLU units of
    a PReLU unit share one crease.

    Parameters
    ----------
    weights, biases, slopes : sequence of array_like
        See :func:`prelu_forward`.

    Returns
    -------
    ReLUNetwork
        Hidden layer ``l`` has ``2 * out_l`` units: ``[z, -z]``.

    References
    ----------
    K. He, X. Zhang, S. Ren and J. Sun, "Delving deep into rectifiers: surpassing human-level
    performance on ImageNet classification", ICCV 2015 (``he2015`` in the book's bibliography).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> ws = [rng.normal(size=(3, 2)), rng.normal(size=(1, 3))]
    >>> bs = [rng.normal(size=3), np.zeros(1)]
    >>> net = prelu_network(ws, bs, [np.array([0.2, -0.5, 1.5])])
    >>> x = rng.normal(size=(5, 2))
    >>> bool(np.allclose(net(x), prelu_forward(ws, bs, [np.array([0.2, -0.5, 1.5])], x)))
    True
    """
    ws, bs, ss = _prelu_args(weights, biases, slopes)

    def doubled(l, w, b):  # prelu(z) = relu(z) - s relu(-z)
        return np.concatenate([w, -w]), np.concatenate([b, -b]), np.concatenate([np.eye(len(b)), -np.diag(ss[l])], axis=1)

    return _as_relu_network(ws, bs, doubled)


def maxout_forward(weights: Sequence, biases: Sequence, x: ArrayLike) -> NDArray[np.float64]:
    """Evaluate a maxout network with two pieces per unit (Goodfellow et al. 2013).

    Hidden layer ``l`` has weights of shape ``(2 m_l, in_l)``: its unit ``j`` outputs
    ``max(z_j, z_{m_l + j})``. The last layer is affine.

    Tolerance: none. Boundary points: at a tie ``z_j == z_{m+j}`` both pieces give the same
    value.

    Parameters
    ----------
    weights, biases : sequence of array_like
        Hidden weights with an even number of rows; the last layer's ``in`` is ``m_{L-1}``.
    x : array_like, shape (n, d)

    Returns
    -------
    ndarray, shape (n, out)

    Raises
    ------
    ValueError
        If ``x`` is not of shape (n, d) for the network's ``d`` inputs, or the weights and biases do
        not fit together (an odd number of pieces in a layer).

    References
    ----------
    I. Goodfellow, D. Warde-Farley, M. Mirza, A. Courville and Y. Bengio, "Maxout networks",
    ICML 2013 (``goodfellow2013maxout`` in the book's bibliography).
    """
    ws, bs = _maxout_args(weights, biases)
    h = _validate.finite_array(x, "x", ndim=2)
    if h.shape[1] != ws[0].shape[1]:
        raise ValueError(f"x must have shape (n, {ws[0].shape[1]}), got {h.shape}")
    for w, b in zip(ws[:-1], bs[:-1]):
        z = h @ w.T + b
        m = z.shape[1] // 2
        h = np.maximum(z[:, :m], z[:, m:])
    return h @ ws[-1].T + bs[-1]


def _maxout_args(weights, biases):
    ws, bs = _layers(weights, biases, "a maxout network")
    for l, w in enumerate(ws[:-1]):
        if w.shape[0] % 2:
            raise ValueError(
                f"weights[{l}] must have an even number of rows (two pieces per unit), "
                f"got {w.shape[0]}"
            )
    _check_widths(ws, [w.shape[0] // 2 for w in ws], "a maxout network")
    return ws, bs


def maxout_network(weights: Sequence, biases: Sequence) -> ReLUNetwork:
    """The same function as a two-piece maxout network, written exactly as a ReLU network.

    ``max(p, q) = relu(p - q) + relu(q) - relu(-q)``: each maxout unit becomes three ReLU
    units. The pair ``relu(q) - relu(-q) = q`` only passes ``q`` through, so its hyperplane
    ``q = 0`` separates activation regions without bending the function: count linear pieces
    (:func:`origami.linear_pieces`), not regions, to see the maxout network's own pieces.

    Tolerance: none (weights are combined exactly once). Boundary points: at a tie ``p ==
    q`` the unit ``relu(p - q)`` is inactive.

    Parameters
    ----------
    weights, biases : sequence of array_like
        See :func:`maxout_forward`.

    Returns
    -------
    ReLUNetwork
        Hidden layer ``l`` has ``3 m_l`` units: ``[p - q, q, -q]``.

    References
    ----------
    I. Goodfellow, D. Warde-Farley, M. Mirza, A. Courville and Y. Bengio, "Maxout networks",
    ICML 2013 (``goodfellow2013maxout`` in the book's bibliography).
    """
    ws, bs = _maxout_args(weights, biases)

    def tripled(l, w, b):  # max(p, q) = relu(p - q) + relu(q) - relu(-q)
        m = len(b) // 2
        p, q, bp, bq = w[:m], w[m:], b[:m], b[m:]
        eye = np.eye(m)
        return (np.concatenate([p - q, q, -q]), np.concatenate([bp - bq, bq, -bq]),
                np.concatenate([eye, eye, -eye], axis=1))

    return _as_relu_network(ws, bs, tripled)


def _as_relu_network(ws, bs, expand) -> ReLUNetwork:
    """Rewrite a network layer by layer as a ReLU network.

    ``expand(l, w, b)`` returns the ReLU layer ``(w', b')`` that stands for hidden layer ``l``
    and the matrix that maps its outputs back to that layer's outputs (it is folded into the
    next layer's weights).
    """
    out_w, out_b, recombine = [], [], None
    for l, (w, b) in enumerate(zip(ws, bs)):
        if recombine is not None:
            w = w @ recombine
        if l == len(ws) - 1:
            out_w.append(w)
            out_b.append(b)
            break
        w, b, recombine = expand(l, w, b)
        out_w.append(w)
        out_b.append(b)
    return ReLUNetwork(out_w, out_b)


def hessian(fn: Callable[[np.ndarray], np.ndarray], x: ArrayLike, h) -> NDArray[np.float64]:
    """Central finite-difference Hessian of a scalar function at many points.

    Tolerance: none. Boundary points: the estimate is zero up to rounding only when the
    stencil stays in one linear piece, and sees the bend when it crosses a crease.

    Parameters
    ----------
    fn : callable
        Maps an array of shape (m, d) to shape (m,) or (m, 1).
    x : array_like, shape (n, d)
    h : float or array_like of shape (n,)
        Step (per point). For a function that is affine on the box ``x +- h`` (per coordinate)
        the result is zero up to rounding, of order ``eps * |f| / h**2``.

    Returns
    -------
    ndarray, shape (n, d, d)

    Raises
    ------
    ValueError
        If ``h`` is not positive.
    """
    x = _validate.finite_array(x, "x", ndim=2)
    n, d = x.shape
    if np.ndim(h):
        h = np.broadcast_to(_validate.finite_array(h, "h"), (n,))
    else:
        h = np.full(n, float(h))
    if not np.all(h > 0):
        raise ValueError("h must be positive")
    eye = np.eye(d)
    f = lambda pts: np.asarray(fn(pts), dtype=float).reshape(len(pts))  # noqa: E731
    H = np.empty((n, d, d))
    for i in range(d):
        for j in range(i, d):
            ei, ej = h[:, None] * eye[i], h[:, None] * eye[j]
            val = (f(x + ei + ej) - f(x + ei - ej) - f(x - ei + ej) + f(x - ei - ej)) / (4 * h * h)
            H[:, i, j] = H[:, j, i] = val
    return H


def maxout_patterns(net: ReLUNetwork, patterns: ArrayLike) -> NDArray[np.bool_]:
    """The maxout network's own activation patterns: which piece wins in every unit.

    Tolerance: none. Boundary points: a tie ``p == q`` counts as the second piece (``relu(p
    - q)`` inactive).

    Parameters
    ----------
    net : ReLUNetwork
        A network returned by :func:`maxout_network` (hidden layers of ``3 m_l`` units).
    patterns : array_like of bool, shape (F, N)
        Activation patterns of ``net``, e.g. ``regions_2d(net, box).patterns``.

    Returns
    -------
    ndarray of bool, shape (F, sum m_l)
        Bit ``j`` of layer ``l`` is ``True`` where ``max(p_j, q_j)`` takes its first piece
        (the unit ``relu(p_j - q_j)`` is active). Regions with equal maxout patterns share
        one affine map.

    Raises
    ------
    ValueError
        If ``net`` is not a network from :func:`maxout_network`, or ``patterns`` not of shape (F, N)
        for its ``N`` hidden units.
    """
    if not isinstance(net, ReLUNetwork):
        raise ValueError(f"net must be a ReLUNetwork, got {type(net).__name__}")
    patterns = np.asarray(patterns, dtype=bool)
    if patterns.ndim != 2 or patterns.shape[1] != net.n_hidden:
        raise ValueError(f"patterns must have shape (F, {net.n_hidden}), got {patterns.shape}")
    if any(w % 3 for w in net.hidden_widths):
        raise ValueError(
            "net must come from maxout_network (hidden widths divisible by 3), "
            f"got {net.hidden_widths}"
        )
    starts = np.cumsum([0] + net.hidden_widths[:-1])
    keep = np.concatenate([np.arange(s, s + w // 3) for s, w in zip(starts, net.hidden_widths)])
    return patterns[:, keep]
