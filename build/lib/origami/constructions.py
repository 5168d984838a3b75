"""Networks written down by hand: the tent map, the maximum, the piecewise linear interpolant."""

from __future__ import annotations

import numpy as np

from . import _validate
from .network import ReLUNetwork


def tent_map(depth: int) -> ReLUNetwork:
    """The tent map ``T(x) = 2 min(x, 1 - x)`` composed ``depth`` times (Telgarsky 2016).

    On ``[0, 1]``, ``T(x) = 2 relu(x) - 4 relu(x - 1/2)``; composing it ``L`` times uses ``2L``
    hidden units in ``L`` layers and gives ``2**L`` linear pieces, while a single hidden layer
    with ``2L`` units gives at most ``2L + 1``.

    Parameters
    ----------
    depth : int
        Number of compositions ``L >= 1``.
    """
    depth = int(depth)
    if depth < 1:
        raise ValueError(f"depth must be a positive integer, got {depth}")
    fold = np.array([[2.0, -4.0], [2.0, -4.0]])
    half = np.array([0.0, -0.5])
    weights = [np.array([[1.0], [1.0]])] + [fold] * (depth - 1) + [np.array([[2.0, -4.0]])]
    biases = [half] * depth + [np.zeros(1)]
    return ReLUNetwork(weights, biases)


def maximum(n: int) -> ReLUNetwork:
    """A network computing ``max(x_1, ..., x_n)`` exactly, for ``n`` a power of two.

    Uses ``max(a, b) = b + relu(a - b)`` and ``b = relu(b) - relu(-b)``, pairing inputs in a
    tournament: ``log2(n)`` hidden layers.
    """
    n = int(n)
    if n < 2 or n & (n - 1):
        raise ValueError(f"n must be a power of two >= 2, got {n}")
    weights, biases = [], []
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


def interpolant(knots, values) -> ReLUNetwork:
    """The continuous piecewise linear interpolant through ``(knots[i], values[i])``, as a network.

    ``f(x) = y_0 + s_0 (x - x_0) + sum_i (s_i - s_{i-1}) relu(x - x_i)``, with the linear
    term written as ``relu(x - x_0) - relu(x_0 - x)``: one hidden layer of ``p + 1`` units
    for ``p`` pieces. Outside the knots the first and last pieces are extended.

    Parameters
    ----------
    knots : array_like, shape (p + 1,)
        Strictly increasing.
    values : array_like, shape (p + 1,)
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

    Parameters
    ----------
    *nets : ReLUNetwork
        At least one; all with the same input size, number of layers and ``negative_slope``.

    Returns
    -------
    ReLUNetwork
        Output size ``sum(f.output_dim)``; layer ``l`` has width ``sum(f.widths[l])``.

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
