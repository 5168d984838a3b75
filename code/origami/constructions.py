"""Networks written down by hand: the tent map, the maximum, the piecewise linear interpolant,
and the folds that attain the most regions (:func:`sawtooth`, :func:`folding_network`)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from . import _validate
from .bounds import serra_lower
from .network import ReLUNetwork

__all__ = [
    "tent_map",
    "maximum",
    "interpolant",
    "compose",
    "stack",
    "yarotsky_square",
    "sawtooth",
    "folding_network",
]
__dir__ = __all__.copy  # dir() lists the public names only


def tent_map(depth: int) -> ReLUNetwork:
    """The tent map ``T(x) = 2 min(x, 1 - x)`` composed ``depth`` times (Telgarsky 2016).

    On ``[0, 1]``, ``T(x) = 2 relu(x) - 4 relu(x - 1/2)``; composing it ``L`` times uses ``2L``
    hidden units in ``L`` layers and gives ``2**L`` linear pieces, while a single hidden layer
    with ``2L`` units gives at most ``2L + 1``.

    Tolerance: none; the weights are small binary fractions, exact in float64. Boundary
    points: the kinks ``k / 2**L`` are exact binary fractions too.

    Parameters
    ----------
    depth : int
        Number of compositions ``L >= 1``.

    Raises
    ------
    ValueError
        If ``depth`` is not a whole number >= 1.

    References
    ----------
    M. Telgarsky, "Benefits of depth in neural networks", COLT 2016 (``telgarsky2016`` in the
    book's bibliography).
    """
    depth = _validate.whole_number(depth, "depth", minimum=1)
    fold = np.array([[2.0, -4.0], [2.0, -4.0]])
    half = np.array([0.0, -0.5])
    weights = [np.array([[1.0], [1.0]])] + [fold] * (depth - 1) + [np.array([[2.0, -4.0]])]
    biases = [half] * depth + [np.zeros(1)]
    return ReLUNetwork(weights, biases)


def maximum(n: int) -> ReLUNetwork:
    """A network computing ``max(x_1, ..., x_n)`` exactly, for ``n`` a power of two.

    Uses ``max(a, b) = b + relu(a - b)`` and ``b = relu(b) - relu(-b)``, pairing inputs in a
    tournament: ``log2(n)`` hidden layers.

    Tolerance: none; the weights are 0 and +-1, exact in float64. Boundary points: ties
    (equal inputs) lie on creases, where both sides give the same value.

    Parameters
    ----------
    n : int
        Number of inputs, a power of two >= 2.

    Returns
    -------
    ReLUNetwork
        Widths ``[n, 3n/2, 3n/4, ..., 3, 1]``: ``log2(n)`` hidden layers, one output.

    Raises
    ------
    ValueError
        If ``n`` is not a power of two >= 2.

    References
    ----------
    R. Arora, A. Basu, P. Mianjy and A. Mukherjee, "Understanding deep neural networks with
    rectified linear units", ICLR 2018 (``arora2018`` in the book's bibliography).
    """
    n = _validate.whole_number(n, "n")
    if n < 2 or n & (n - 1):
        raise ValueError(f"n must be a power of two >= 2, got {n}")
    weights: list[np.ndarray] = []
    biases: list[np.ndarray] = []
    width = n
    pair_out = np.array([[1.0, 1.0, -1.0]])
    first = True
    while width > 1:
        pairs = width // 2
        # Hidden units per pair: relu(a - b), relu(b), relu(-b).
        pair_in = np.array([[1.0, -1.0], [0.0, 1.0], [0.0, -1.0]])
        w = np.kron(np.eye(pairs), pair_in)
        if not first:
            w = w @ weights.pop()  # fold the previous layer's output map into this layer
            biases.pop()
        weights.append(w)
        biases.append(np.zeros(3 * pairs))
        weights.append(np.kron(np.eye(pairs), pair_out))
        biases.append(np.zeros(pairs))
        width = pairs
        first = False
    return ReLUNetwork(weights, biases)


def interpolant(knots: ArrayLike, values: ArrayLike) -> ReLUNetwork:
    """The continuous piecewise linear interpolant through ``(knots[i], values[i])``, as a network.

    ``f(x) = y_0 + s_0 (x - x_0) + sum_i (s_i - s_{i-1}) relu(x - x_i)``, with the linear
    term written as ``relu(x - x_0) - relu(x_0 - x)``: one hidden layer of ``p + 1`` units
    for ``p`` pieces. Outside the knots the first and last pieces are extended.

    Tolerance: none, beyond float64 rounding of the slopes. Boundary points: the interpolant
    passes through every knot; beyond the first and last knots it extends the end pieces.

    Parameters
    ----------
    knots : array_like, shape (p + 1,)
        Strictly increasing.
    values : array_like, shape (p + 1,)

    Raises
    ------
    ValueError
        If ``knots`` and ``values`` are not 1-D of one length >= 2, or ``knots`` is not strictly
        increasing.

    References
    ----------
    R. Arora, A. Basu, P. Mianjy and A. Mukherjee, "Understanding deep neural networks with
    rectified linear units", ICLR 2018 (``arora2018`` in the book's bibliography).
    """
    x = _validate.finite_array(knots, "knots", ndim=1)
    y = _validate.finite_array(values, "values", ndim=1)
    if len(x) < 2 or x.shape != y.shape:
        raise ValueError(f"knots and values must have the same length >= 2, got {x.shape} and {y.shape}")
    if np.any(np.diff(x) <= 0):
        raise ValueError("knots must be strictly increasing")
    slopes = np.diff(y) / np.diff(x)
    w1 = np.concatenate([[1.0, -1.0], np.ones(len(x) - 2)])[:, None]
    b1 = np.concatenate([[-x[0], x[0]], -x[1:-1]])
    w2 = np.concatenate([[slopes[0], -slopes[0]], np.diff(slopes)])[None, :]
    return ReLUNetwork([w1, w2], [b1, np.array([y[0]])])


def compose(outer: ReLUNetwork, inner: ReLUNetwork) -> ReLUNetwork:
    """The network ``x -> outer(inner(x))``, with one hidden layer per hidden layer of each.

    The last (affine) layer of ``inner`` and the first affine layer of ``outer`` are
    multiplied into one: ``W = W_outer,1 @ W_inner,L`` and
    ``b = W_outer,1 @ b_inner,L + b_outer,1``. This is the proof that a composition of
    networks is a network, written as code.

    Tolerance: none (one float64 matrix product). Boundary points: the composite has the
    creases of ``inner`` and the pull-backs of ``outer``'s.

    Parameters
    ----------
    outer : ReLUNetwork
        Input size equal to ``inner``'s output size.
    inner : ReLUNetwork
        Same ``negative_slope`` as ``outer``.

    Returns
    -------
    ReLUNetwork
        Hidden widths ``inner.hidden_widths + outer.hidden_widths``.

    Raises
    ------
    ValueError
        If ``outer`` or ``inner`` is not a :class:`~origami.ReLUNetwork`, ``outer`` does not take
        ``inner``'s outputs as its inputs, or their ``negative_slope`` differs.

    Examples
    --------
    >>> relu = ReLUNetwork([[[1.0]], [[1.0]]], [[0.0], [0.0]])
    >>> compose(relu, relu).hidden_widths
    [1, 1]
    """
    if not isinstance(outer, ReLUNetwork) or not isinstance(inner, ReLUNetwork):
        raise ValueError("outer and inner must both be ReLUNetwork instances")
    if inner.output_dim != outer.input_dim:
        raise ValueError(
            f"outer must take inner's {inner.output_dim} outputs as input, "
            f"got input size {outer.input_dim}"
        )
    if inner.negative_slope != outer.negative_slope:
        raise ValueError(
            f"outer and inner must use the same negative_slope, got {outer.negative_slope} and "
            f"{inner.negative_slope}"
        )
    joint_w = outer.weights[0] @ inner.weights[-1]
    joint_b = outer.weights[0] @ inner.biases[-1] + outer.biases[0]
    weights = inner.weights[:-1] + [joint_w] + outer.weights[1:]
    biases = inner.biases[:-1] + [joint_b] + outer.biases[1:]
    return ReLUNetwork(weights, biases, negative_slope=inner.negative_slope)


def stack(*nets: ReLUNetwork) -> ReLUNetwork:
    """The network ``x -> (f_1(x), ..., f_k(x))`` that runs several networks side by side.

    Every layer's weight matrix is block diagonal (the first is stacked vertically, since
    all networks read the same input), so no unit of one network sees another's.

    Tolerance: none (weights are copied). Boundary points: the creases of the stack are the
    union of the networks' creases, so its regions refine theirs.

    Parameters
    ----------
    *nets : ReLUNetwork
        At least one; all with the same input size, number of layers and ``negative_slope``.

    Returns
    -------
    ReLUNetwork
        Output size ``sum(f.output_dim)``; layer ``l`` has width ``sum(f.widths[l])``.

    Raises
    ------
    ValueError
        If no network is given, or the networks differ in number of inputs, depth or
        ``negative_slope``.

    Examples
    --------
    >>> f = ReLUNetwork.random([2, 3, 1], seed=0)
    >>> g = ReLUNetwork.random([2, 5, 1], seed=1)
    >>> stack(f, g).widths
    [2, 8, 2]
    """
    if len(nets) == 0 or not all(isinstance(f, ReLUNetwork) for f in nets):
        raise ValueError("stack needs at least one ReLUNetwork")
    first = nets[0]
    for k, f in enumerate(nets[1:], start=1):
        if f.input_dim != first.input_dim:
            raise ValueError(f"nets[{k}] has {f.input_dim} inputs, nets[0] has {first.input_dim}")
        if len(f.weights) != len(first.weights):
            raise ValueError(
                f"nets[{k}] has {len(f.weights)} layers, nets[0] has {len(first.weights)}; "
                "stack needs networks of equal depth"
            )
        if f.negative_slope != first.negative_slope:
            raise ValueError(
                f"nets[{k}] has negative_slope {f.negative_slope}, nets[0] {first.negative_slope}"
            )
    weights = [np.vstack([f.weights[0] for f in nets])]
    biases = [np.concatenate([f.biases[0] for f in nets])]
    for layer in range(1, len(first.weights)):
        blocks = [f.weights[layer] for f in nets]
        w = np.zeros((sum(b.shape[0] for b in blocks), sum(b.shape[1] for b in blocks)))
        row = col = 0
        for block in blocks:
            w[row : row + block.shape[0], col : col + block.shape[1]] = block
            row, col = row + block.shape[0], col + block.shape[1]
        weights.append(w)
        biases.append(np.concatenate([f.biases[layer] for f in nets]))
    return ReLUNetwork(weights, biases, negative_slope=first.negative_slope)


def yarotsky_square(m: int) -> ReLUNetwork:
    """Yarotsky's deep network for ``x**2`` on ``[0, 1]``, with error ``4**-(m + 1)``.

    With the tent map ``g`` composed ``s`` times, ``g_s``, the network computes
    ``f_m(x) = x - sum_{s=1}^{m} g_s(x) / 4**s``, the piecewise linear interpolant of ``x**2`` at
    the ``2**m + 1`` points ``j / 2**m``, so ``max |f_m(x) - x**2| = 4**-(m + 1)`` on ``[0, 1]``.
    Hidden layer ``s`` carries ``g_s`` (two units), ``x`` and the partial sum (one unit each),
    which are non-negative on ``[0, 1]``: ``m`` hidden layers, ``4m - 2`` units. Outside
    ``[0, 1]`` the network is not ``x**2``.

    Tolerance: none; every weight is a power of two, so the dyadic knots ``j / 2**m`` map to
    ``(j / 2**m)**2`` exactly in float64. Boundary points: at the knots, where the network
    bends, it equals ``x**2``.

    Parameters
    ----------
    m : int
        Number of hidden layers, ``m >= 1``.

    Raises
    ------
    ValueError
        If ``m`` is not a positive integer.

    References
    ----------
    D. Yarotsky, "Error bounds for approximations with deep ReLU networks", Neural Networks 94
    (2017) (``yarotsky2017`` in the book's bibliography).

    Examples
    --------
    >>> x = np.linspace(0, 1, 1025)[:, None]
    >>> float(np.abs(yarotsky_square(3)(x)[:, 0] - x[:, 0] ** 2).max()) == 4.0 ** -4
    True
    """
    if isinstance(m, bool) or not isinstance(m, (int, np.integer)) or m < 1:
        raise ValueError(f"m must be a positive integer, got {m!r}")
    # First hidden layer: relu(x), relu(x - 1/2); then g_1 = 2 u1 - 4 u2, x = u1, S_1 = u1/2 + u2.
    weights = [np.array([[1.0], [1.0]])]
    biases = [np.array([0.0, -0.5])]
    tent, carry_x, partial = np.array([2.0, -4.0]), np.array([1.0, 0.0]), np.array([0.5, 1.0])
    for s in range(2, m + 1):  # layer s holds relu(g_{s-1}), relu(g_{s-1} - 1/2), x, S_{s-1}
        weights.append(np.vstack([tent, tent, carry_x, partial]))
        biases.append(np.array([0.0, -0.5, 0.0, 0.0]))
        tent = np.array([2.0, -4.0, 0.0, 0.0])
        carry_x = np.array([0.0, 0.0, 1.0, 0.0])
        partial = np.array([-2.0, 4.0, 0.0, 4.0**s]) / 4.0**s  # S_s = S_{s-1} - g_s / 4**s
    weights.append(partial[None, :])
    biases.append(np.zeros(1))
    return ReLUNetwork(weights, biases)


def sawtooth(p: int) -> ReLUNetwork:
    """A fold of the line: ``p >= 3`` ReLU units whose sum has ``p + 1`` pieces, each onto ``[0, 1]``.

    The kinks are at ``t_k = k / (p + 1)``, ``k = 1..p``, where the function alternates
    between 0 and 1 (it is 0 at ``t_1``). Between kinks it rises or falls across ``[0, 1]``,
    and the two unbounded pieces leave ``[0, 1]`` at ``t_1 - 1 / (2 (p + 1))`` and at ``1``.
    So every piece maps a sub-interval of ``[0, 1]`` onto ``[0, 1]``. All units but one face
    right (``relu(x - t_k)``); one faces left (``relu(t_m - x)``) so that no piece is flat —
    with fewer than three units that is impossible.

    Tolerance: none; the network is written down exactly (up to float64 rounding of ``k / (p
    + 1)``). Boundary points: at its kinks the function is exactly 0 or 1.

    Parameters
    ----------
    p : int
        Number of units, at least 3.

    Returns
    -------
    ReLUNetwork
        Widths ``[1, p, 1]``.

    Raises
    ------
    ValueError
        If ``p < 3`` (fewer units always leave a flat piece).

    References
    ----------
    G. Montúfar, R. Pascanu, K. Cho and Y. Bengio, "On the number of linear regions of deep
    neural networks", NeurIPS 2014 (``montufar2014`` in the book's bibliography).

    T. Serra, C. Tjandraatmadja and S. Ramalingam, "Bounding and counting linear regions of deep
    neural networks", ICML 2018 (``serra2018`` in the book's bibliography).

    Examples
    --------
    >>> g = sawtooth(3)
    >>> np.round(g(np.array([[0.25], [0.5], [0.75], [1.0]])).ravel(), 12).tolist()
    [0.0, 1.0, 0.0, 1.0]
    """
    p = _validate.whole_number(p, "p")
    if p < 3:
        raise ValueError(f"a sawtooth needs at least 3 units (fewer always leave a flat piece), got p={p}")
    t = np.arange(1, p + 1) / (p + 1)
    values = np.arange(p) % 2  # g(t_k): 0, 1, 0, 1, ...
    inner = np.diff(values) * (p + 1.0)  # slopes s_1 .. s_{p-1}
    last = (p + 1.0) * (1 if values[-1] == 0 else -1)  # reaches the other end at x = 1
    m = p - 1 if p % 2 else p - 2  # 0-based index of the left-facing unit
    slopes = np.concatenate([[np.nan], inner, [last]])
    slopes[0] = slopes[m] - slopes[m + 1]  # forced by the units: -2 (p + 1)
    coef = np.diff(slopes)  # jump of the slope at each kink
    w = np.ones(p)
    b = -t.copy()
    w[m], b[m] = -1.0, t[m]
    offset = -coef[m] * (t[m] - t[0])  # makes g(t_1) = 0
    return ReLUNetwork([w[:, None], coef[None, :]], [b, np.array([offset])])


def folding_network(n0: int, hidden: Sequence[int]) -> ReLUNetwork:
    """A network with exactly :func:`origami.bounds.serra_lower` ``(n0, hidden)`` regions, for ``n0`` in {1, 2}.

    Every hidden layer but the last splits its units into ``n0`` groups of
    ``p = n_l // n0`` (extra units are switched off); group ``i`` folds the ``i``-th
    coordinate with a :func:`sawtooth`, so the layer maps each of its ``(p + 1)**n0`` cells
    onto ``[0, 1]**n0``. The last hidden layer cuts ``[0, 1]**n0`` with ``n_L`` points
    (``n0 = 1``; a sawtooth when ``n_L >= 3``) or with ``n_L`` lines tangent to a small
    circle (``n0 = 2``, general position, every crossing inside the square). Every region of
    the network meets the open box ``(0, 1)**n0``, so counting inside that box counts all of
    ``R**n0``.

    Tolerance: none in the construction; counted with :func:`origami.regions_1d` /
    :func:`origami.regions_2d` it has exactly :func:`origami.bounds.serra_lower` regions. Boundary points:
    no crease runs along the boundary of the unit box.

    Parameters
    ----------
    n0 : int
        Input dimension, 1 or 2.
    hidden : sequence of int
        Hidden widths; every one but the last at least ``3 * n0``.

    Returns
    -------
    ReLUNetwork
        Widths ``[n0, *hidden, 1]``.

    Raises
    ------
    ValueError
        If ``n0`` is not 1 or 2, or the widths are too narrow for
        :func:`origami.bounds.serra_lower`.

    References
    ----------
    T. Serra, C. Tjandraatmadja and S. Ramalingam, "Bounding and counting linear regions of deep
    neural networks", ICML 2018 (``serra2018`` in the book's bibliography).

    G. Montúfar, R. Pascanu, K. Cho and Y. Bengio, "On the number of linear regions of deep
    neural networks", NeurIPS 2014 (``montufar2014`` in the book's bibliography).

    Examples
    --------
    >>> from origami import regions_1d
    >>> len(regions_1d(folding_network(1, [3, 3, 3]), (0, 1)))
    64
    """
    n0, hidden = _validate.widths(n0, hidden)
    if n0 not in (1, 2):
        raise ValueError(f"folding_network supports input dimension 1 or 2, got n0={n0}")
    serra_lower(n0, hidden)  # validates the widths
    weights, biases = [], []
    # The coordinates the next layer reads: u = A h + c, with h the previous layer's output.
    A, c = np.eye(n0), np.zeros(n0)
    for n in hidden[:-1]:
        p = n // n0
        g = sawtooth(p)
        w, b = g.weights[0][:, 0], g.biases[0]
        W = np.zeros((n, A.shape[1]))
        bias = np.full(n, -1.0)  # spare units: always off
        for i in range(n0):
            rows = slice(i * p, (i + 1) * p)
            W[rows] = np.outer(w, A[i])
            bias[rows] = w * c[i] + b
        weights.append(W)
        biases.append(bias)
        A = np.zeros((n0, n))
        c = np.full(n0, g.biases[1][0])
        for i in range(n0):
            A[i, i * p : (i + 1) * p] = g.weights[1][0]
    n = hidden[-1]
    if n0 == 1 and n >= 3:
        g = sawtooth(n)
        w, b = g.weights[0][:, 0], g.biases[0]
        weights.append(np.outer(w, A[0]))
        biases.append(w * c[0] + b)
        out_w, out_b = g.weights[1], g.biases[1]
    else:
        if n0 == 1:
            normals = np.ones((n, 1))
            offsets = -np.arange(1, n + 1) / (n + 1)
        else:
            theta = np.pi * np.arange(n) / n
            normals = np.stack([np.cos(theta), np.sin(theta)], axis=1)
            radius = 0.4 * np.sin(np.pi / (2 * n)) if n > 1 else 0.25
            offsets = -normals @ np.full(2, 0.5) - radius
            # Every other unit faces the circle, so that (for n >= 5) every cell has active
            # units and neighbouring regions get different affine maps.
            side = np.where(np.arange(n) % 2, -1.0, 1.0)
            normals, offsets = normals * side[:, None], offsets * side
        weights.append(normals @ A)
        biases.append(normals @ c + offsets)
        out_w = (1.0 + np.arange(n) / n)[None, :]
        if n0 == 1:
            out_w = out_w * np.where(np.arange(n) % 2, -1.0, 1.0)
        out_b = np.zeros(1)
    weights.append(out_w)
    biases.append(out_b)
    return ReLUNetwork(weights, biases)
