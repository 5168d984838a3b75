"""The network: a fully connected ReLU (or Leaky ReLU) network with exact affine maps."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate

__all__ = ["ReLUNetwork", "batch_affine_maps", "restrict_to_line", "restrict_to_plane"]
__dir__ = __all__.copy  # dir() lists the public names only


class ReLUNetwork:
    """A fully connected network with a ReLU after every layer but the last.

    Tolerance: none; evaluation is plain float64 arithmetic. Boundary points: on a crease (a
    unit at exactly zero) both sides give the same value, and the unit counts as inactive
    (:meth:`activation_pattern`).

    Parameters
    ----------
    weights : sequence of array_like
        ``weights[l]`` has shape ``(out_l, in_l)`` (the PyTorch convention), and
        ``in_{l+1} == out_l``.
    biases : sequence of array_like
        ``biases[l]`` has shape ``(out_l,)``.
    negative_slope : float, default 0.0
        Slope of the activation for negative inputs: ``0`` is the ReLU, a value in
        ``(0, 1)`` gives the Leaky ReLU. The network stays piecewise linear either way.

    Raises
    ------
    ValueError
        If there is no layer, ``weights`` and ``biases`` differ in length, an array is not
        finite or has the wrong shape (each message names it, e.g. ``biases[1]``), a layer is
        empty, or ``negative_slope`` is not in ``[0, 1)``.

    Examples
    --------
    >>> net = ReLUNetwork([[[1.0], [1.0]], [[1.0, -2.0]]], [[0.0, -1.0], [0.0]])
    >>> net([[0.5], [2.0]]).ravel().tolist()
    [0.5, 0.0]
    """

    def __init__(self, weights: Sequence, biases: Sequence, negative_slope: float = 0.0):
        if len(weights) == 0:
            raise ValueError("weights must contain at least one layer")
        if len(weights) != len(biases):
            raise ValueError(
                f"weights and biases must have one entry per layer, got {len(weights)} and {len(biases)}"
            )
        self.weights: list[np.ndarray] = []
        self.biases: list[np.ndarray] = []
        for layer, (w, b) in enumerate(zip(weights, biases)):
            w = _validate.finite_array(w, f"weights[{layer}]", ndim=2)
            b = _validate.finite_array(b, f"biases[{layer}]", ndim=1)
            if b.shape[0] != w.shape[0]:
                raise ValueError(
                    f"biases[{layer}] must have shape ({w.shape[0]},) to match weights[{layer}] "
                    f"of shape {w.shape}, got {b.shape}"
                )
            if layer > 0 and w.shape[1] != self.weights[-1].shape[0]:
                raise ValueError(
                    f"weights[{layer}] must have {self.weights[-1].shape[0]} columns (the width of "
                    f"layer {layer - 1}), got shape {w.shape}"
                )
            if w.size == 0:
                raise ValueError(f"weights[{layer}] is empty (shape {w.shape})")
            self.weights.append(w.copy())  # the network owns its parameters: changing the
            self.biases.append(b.copy())  # caller's arrays later (an optimiser step) cannot change it
        slope = _validate.finite_array(negative_slope, "negative_slope", ndim=0)
        if not 0.0 <= slope < 1.0:
            raise ValueError(f"negative_slope must be in [0, 1), got {negative_slope}")
        self.negative_slope = float(slope)

    @classmethod
    def random(
        cls,
        widths: Sequence[int],
        seed: int = 0,
        bias_std: float = 0.5,
        negative_slope: float = 0.0,
    ) -> "ReLUNetwork":
        """A network with He-initialised weights.

        Parameters
        ----------
        widths : sequence of int
            Layer widths from input to output, e.g. ``[2, 16, 16, 1]``; whole numbers (``3.7``
            raises ``ValueError`` rather than being rounded).
        seed : int
            Seed of the numpy ``Generator``; the same seed gives the same network.
        bias_std : float
            Standard deviation of the (normal) biases. He et al. use zero biases, which
            makes every first-layer hyperplane pass through the origin; a small spread
            gives generic networks.
        negative_slope : float
            See :class:`ReLUNetwork`.

        Raises
        ------
        ValueError
            If ``widths`` does not list at least two positive sizes, or ``bias_std`` is negative.
        """
        widths = [_validate.whole_number(w, f"widths[{i}]", minimum=1) for i, w in enumerate(widths)]
        if len(widths) < 2:
            raise ValueError(f"widths must list at least two positive sizes, got {widths}")
        seed = _validate.whole_number(seed, "seed", minimum=0)
        bias_std = float(_validate.finite_array(bias_std, "bias_std", ndim=0))
        if bias_std < 0:
            raise ValueError(f"bias_std must be non-negative, got {bias_std}")
        rng = np.random.default_rng(seed)
        weights, biases = [], []
        for fan_in, fan_out in zip(widths[:-1], widths[1:]):
            weights.append(rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_out, fan_in)))
            biases.append(rng.normal(0.0, bias_std, size=fan_out))
        return cls(weights, biases, negative_slope=negative_slope)

    # ------------------------------------------------------------------ shape
    @property
    def widths(self) -> list[int]:
        """Layer widths from input to output, e.g. ``[2, 4, 1]``."""
        return [self.weights[0].shape[1]] + [w.shape[0] for w in self.weights]

    @property
    def input_dim(self) -> int:
        return self.weights[0].shape[1]

    @property
    def output_dim(self) -> int:
        return self.weights[-1].shape[0]

    @property
    def hidden_widths(self) -> list[int]:
        """Widths of the hidden layers (those followed by a ReLU)."""
        return self.widths[1:-1]

    @property
    def n_hidden(self) -> int:
        """Total number of hidden units ``N``; a pattern has ``N`` bits."""
        return int(sum(self.hidden_widths))

    def __repr__(self) -> str:
        kind = "ReLU" if self.negative_slope == 0 else f"LeakyReLU({self.negative_slope:g})"
        return f"ReLUNetwork(widths={self.widths}, activation={kind})"

    # ------------------------------------------------------------ evaluation
    def _inputs(self, x) -> tuple[np.ndarray, bool]:
        x = _validate.finite_array(x, "x", ndim=(1, 2))
        single = x.ndim == 1
        x2 = x[None, :] if single else x
        if x2.shape[1] != self.input_dim:
            raise ValueError(
                f"x must have shape (n, {self.input_dim}) or ({self.input_dim},), got {x.shape}"
            )
        return x2, single

    def activate(self, z: np.ndarray) -> np.ndarray:
        """Apply the (leaky) ReLU elementwise.

        Boundary points: ``z <= 0``, including exactly ``0``, gets ``negative_slope``,
        so a unit at zero outputs 0. No tolerance.

        Parameters
        ----------
        z : ndarray, any shape
            Pre-activations, e.g. ``(n, width)`` for one hidden layer at ``n`` inputs.

        Returns
        -------
        ndarray, the shape of ``z``
            ``z`` where ``z > 0``, else ``negative_slope * z``.
        """
        return np.where(z > 0, z, self.negative_slope * z)

    def preactivations(self, x: ArrayLike) -> list[np.ndarray]:
        """Pre-activations of every hidden layer.

        Tolerance: none (float64 values). Boundary points: a point on a crease has that
        unit's pre-activation zero up to rounding.

        Parameters
        ----------
        x : array_like, shape (n, d) or (d,)

        Returns
        -------
        list of ndarray
            One array of shape (n, width_l) per hidden layer.
        """
        h, _ = self._inputs(x)
        out = []
        for w, b in zip(self.weights[:-1], self.biases[:-1]):
            z = h @ w.T + b
            out.append(z)
            h = self.activate(z)
        return out

    def __call__(self, x) -> np.ndarray:
        """Evaluate the network.

        Parameters
        ----------
        x : array_like, shape (n, d) or (d,)

        Returns
        -------
        ndarray, shape (n, out) or (out,)
        """
        h, single = self._inputs(x)
        for w, b in zip(self.weights[:-1], self.biases[:-1]):
            h = self.activate(h @ w.T + b)
        y = h @ self.weights[-1].T + self.biases[-1]
        return y[0] if single else y

    def activation_pattern(self, x: ArrayLike) -> NDArray[np.bool_]:
        """Which hidden units are active (pre-activation > 0).

        Boundary points: a unit whose pre-activation is exactly zero (a point on its crease)
        counts as inactive, so a point on a crease gets the pattern of the region on the
        unit's inactive side. Tolerance: none; the pattern is read off the float64
        pre-activations.

        Parameters
        ----------
        x : array_like, shape (n, d) or (d,)

        Returns
        -------
        ndarray of bool, shape (n, N) or (N,) with ``N = n_hidden``
            ``N = 0`` (a network without hidden layers) gives shape ``(n, 0)``.
        """
        x2, single = self._inputs(x)
        zs = self.preactivations(x2)
        pattern = np.concatenate(zs, axis=1) > 0 if zs else np.zeros((len(x2), 0), bool)
        return pattern[0] if single else pattern

    # --------------------------------------------------------------- affine
    def affine_map(self, pattern: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        """The affine map ``x -> A x + c`` the network computes for a fixed pattern.

        ``A = W_L D_{L-1} W_{L-1} ... D_1 W_1``, where ``D_l`` is diagonal with 1 for
        active units and ``negative_slope`` for inactive ones.

        Tolerance: none (float64 products). The map holds on the closure of the region
        with that pattern, its boundary included (by continuity).

        Parameters
        ----------
        pattern : array_like of bool, shape (N,)

        Returns
        -------
        A : ndarray, shape (out, d)
        c : ndarray, shape (out,)

        Raises
        ------
        ValueError
            If ``pattern`` is not of shape (N,) for the ``N`` hidden units.
        """
        pattern = np.asarray(pattern, dtype=bool)
        if pattern.shape != (self.n_hidden,):
            raise ValueError(f"pattern must have shape ({self.n_hidden},), got {pattern.shape}")
        A, c = batch_affine_maps(self, pattern[None, :])
        return A[0], c[0]

    def local_affine(self, x0: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        """The affine map on the activation region that contains ``x0``.

        Boundary points: a point on a crease gets the map of the region on the inactive
        side of every unit it lies on (its :meth:`activation_pattern`); by continuity
        that map also equals the network at ``x0``. No tolerance.

        Parameters
        ----------
        x0 : array_like, shape (d,)

        Returns
        -------
        A : ndarray, shape (out, d)
        c : ndarray, shape (out,)
            ``net(x) == A @ x + c`` for every ``x`` with the pattern of ``x0``.

        Raises
        ------
        ValueError
            If ``x0`` is not a finite point of shape (d,) for the ``d`` inputs.
        """
        x0 = _validate.finite_array(x0, "x0", ndim=1)
        return self.affine_map(self.activation_pattern(x0))

    # ------------------------------------------------------------- importers
    @classmethod
    def from_sklearn(cls, model) -> "ReLUNetwork":
        """A fitted scikit-learn ``MLPClassifier`` or ``MLPRegressor``.

        See :func:`origami.importers.from_sklearn` for what the outputs mean and every error.

        Parameters
        ----------
        model : sklearn.neural_network.MLPClassifier or MLPRegressor
            Fitted, with ``activation="relu"`` or ``"identity"``.

        Returns
        -------
        ReLUNetwork
            Its decision values (logits, or the regressor's prediction).

        Raises
        ------
        ValueError
            If ``model`` is not a fitted MLP with one of those activations.
        """
        from .importers import from_sklearn

        return from_sklearn(model)

    @classmethod
    def from_torch(cls, module) -> "ReLUNetwork":
        """A ``torch.nn.Sequential`` of Linear and (leaky) ReLU layers.

        See :func:`origami.importers.from_torch` for every layer allowed and every error.

        Parameters
        ----------
        module : torch.nn.Sequential
            Linear layers with ReLU or LeakyReLU between them (a few more kinds are folded in).

        Returns
        -------
        ReLUNetwork
            The same function, with float64 weights.

        Raises
        ------
        ValueError
            If a layer is not supported (the message names its position and type).
        """
        from .importers import from_torch

        return from_torch(module)


def batch_affine_maps(net: ReLUNetwork, patterns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Affine maps for many patterns at once.

    Tolerance: none (float64 products). Boundary points: each map holds on the closure of
    its region, boundary included.

    Parameters
    ----------
    net : ReLUNetwork
    patterns : ndarray of bool, shape (m, N)

    Returns
    -------
    A : ndarray, shape (m, out, d)
    c : ndarray, shape (m, out)
    """
    m = patterns.shape[0]
    d = net.input_dim
    # Carry the map of the current layer as an augmented matrix [A | c]: shape (m, width, d + 1).
    M = np.broadcast_to(
        np.concatenate([net.weights[0], net.biases[0][:, None]], axis=1),
        (m, net.weights[0].shape[0], d + 1),
    )
    start = 0
    for w, b in zip(net.weights[1:], net.biases[1:]):
        width = M.shape[1]
        gate = np.where(patterns[:, start : start + width], 1.0, net.negative_slope)
        start += width
        M = np.einsum("ij,mjk->mik", w, M * gate[:, :, None], optimize=True)
        M[:, :, d] += b
    return np.ascontiguousarray(M[:, :, :d]), np.ascontiguousarray(M[:, :, d])


def restrict_to_line(net: ReLUNetwork, origin: ArrayLike, direction: ArrayLike) -> ReLUNetwork:
    """The network along the line ``x = origin + t * direction``, as a function of ``t``.

    Tolerance: none; the new first layer is ``W_1 direction`` in float64, so breakpoints
    (the boundary points between pieces) move only by rounding.

    Parameters
    ----------
    net : ReLUNetwork
    origin, direction : array_like, shape (d,)

    Returns
    -------
    ReLUNetwork
        A network with one input and the same hidden units.

    Raises
    ------
    ValueError
        If ``origin`` or ``direction`` does not have shape ``(d,)``, or ``direction`` is zero.
    """
    d = net.input_dim
    origin = _validate.finite_array(origin, "line origin", ndim=1)
    direction = _validate.finite_array(direction, "line direction", ndim=1)
    for name, vec in (("origin", origin), ("direction", direction)):
        if vec.shape != (d,):
            raise ValueError(f"line {name} must have shape ({d},), got {vec.shape}")
    if not np.any(direction):
        raise ValueError("line direction must be non-zero")
    w0, b0 = net.weights[0], net.biases[0]
    weights = [(w0 @ direction)[:, None]] + net.weights[1:]
    biases = [b0 + w0 @ origin] + net.biases[1:]
    return ReLUNetwork(weights, biases, negative_slope=net.negative_slope)


def restrict_to_plane(net: ReLUNetwork, origin: ArrayLike, u: ArrayLike,
                      v: ArrayLike) -> ReLUNetwork:
    """The network on the plane ``x = origin + s u + t v``, as a function of ``(s, t)``.

    Tolerance: none; the new first layer is ``W_1 [u v]`` in float64, so creases
    (the boundaries of regions) move only by rounding.

    Parameters
    ----------
    net : ReLUNetwork
    origin, u, v : array_like, shape (d,)
        A point of the plane and two linearly independent directions.

    Returns
    -------
    ReLUNetwork
        A network with 2 inputs and the same hidden units (and patterns).

    Raises
    ------
    ValueError
        If a vector does not have shape ``(d,)``, or ``u`` and ``v`` are not linearly
        independent.
    """
    d = net.input_dim
    origin = _validate.finite_array(origin, "plane origin", ndim=1)
    u = _validate.finite_array(u, "plane direction u", ndim=1)
    v = _validate.finite_array(v, "plane direction v", ndim=1)
    for name, vec in (("origin", origin), ("u", u), ("v", v)):
        if vec.shape != (d,):
            raise ValueError(f"plane {name} must have shape ({d},), got {vec.shape}")
    for name, vec in (("u", u), ("v", v)):
        if not np.any(vec):
            raise ValueError(f"plane direction {name} must be non-zero")
    basis = np.stack([u, v], axis=1)
    if np.linalg.matrix_rank(basis) < 2:
        raise ValueError("plane directions u and v must be linearly independent")
    w0, b0 = net.weights[0], net.biases[0]
    weights = [w0 @ basis] + net.weights[1:]
    biases = [b0 + w0 @ origin] + net.biases[1:]
    return ReLUNetwork(weights, biases, negative_slope=net.negative_slope)
