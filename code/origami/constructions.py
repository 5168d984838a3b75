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
