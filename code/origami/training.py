"""A small, seeded numpy trainer with manual backpropagation (SGD and Adam)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from . import _validate
from .network import ReLUNetwork

__all__ = ["LOSSES", "OPTIMIZERS", "Training", "loss_and_gradients", "train"]
__dir__ = __all__.copy  # dir() lists the public names only

LOSSES = ("mse", "logistic")
OPTIMIZERS = ("sgd", "adam")


@dataclass
class Training:
    """The result of :func:`train`.

    Tolerance: none. Boundary points: see :func:`loss_and_gradients`.

    Attributes
    ----------
    net : ReLUNetwork
        The trained network.
    losses : ndarray, shape (steps,)
        Loss of the mini-batch at every step, before the update.
    snapshots : list of (int, ReLUNetwork)
        Copies of the network at step 0, every ``record_every`` steps, and at the end.
    """

    net: ReLUNetwork
    losses: np.ndarray
    snapshots: list = field(default_factory=list)


def loss_and_gradients(net: ReLUNetwork, X, y, loss: str = "mse"):
    """The loss on ``(X, y)`` and its gradients with respect to every weight and bias.

    Tolerance: none. Boundary points: at a crease (a pre-activation of exactly zero) the
    derivative of the activation is taken as ``negative_slope``, its inactive side.

    Parameters
    ----------
    net : ReLUNetwork
    X : array_like, shape (n, d)
    y : array_like, shape (n, out) or (n,)
        Targets; for ``loss="logistic"`` labels in {0, 1} and ``out == 1``.
    loss : {"mse", "logistic"}
        Mean of ``0.5 * ||f(x) - y||^2``, or the mean binary cross-entropy of the logit
        ``f(x)``.

    Returns
    -------
    value : float
    grad_weights : list of ndarray, shapes as ``net.weights``
    grad_biases : list of ndarray, shapes as ``net.biases``
    """
    X, y = _data(net, X, y, loss)
    hs, zs = [X], []
    for w, b in zip(net.weights[:-1], net.biases[:-1]):
        zs.append(hs[-1] @ w.T + b)
        hs.append(net.activate(zs[-1]))
    f = hs[-1] @ net.weights[-1].T + net.biases[-1]
    n = len(X)
    if loss == "mse":
        value = 0.5 * float(np.sum((f - y) ** 2)) / n
        g = (f - y) / n
    else:
        value = float(np.mean(np.logaddexp(0.0, f) - y * f))
        g = (0.5 * (1 + np.tanh(0.5 * f)) - y) / n  # sigmoid, overflow-free
    grad_w, grad_b = [], []
    for layer in range(len(net.weights) - 1, -1, -1):
        grad_w.append(g.T @ hs[layer])
        grad_b.append(g.sum(axis=0))
        if layer > 0:
            g = (g @ net.weights[layer]) * np.where(zs[layer - 1] > 0, 1.0, net.negative_slope)
    return value, grad_w[::-1], grad_b[::-1]


def train(
    net: ReLUNetwork,
    X,
    y,
    *,
    loss: str = "mse",
    optimizer: str = "adam",
    lr: float = 1e-2,
    steps: int = 1000,
    batch_size: int | None = None,
    seed: int = 0,
    record_every: int = 0,
) -> Training:
    """Train a copy of ``net`` by gradient descent; the input network is not modified.

    Tolerance: none. Boundary points: at a crease the gradient uses the inactive side
    (:func:`loss_and_gradients`).

    Parameters
    ----------
    net : ReLUNetwork
        The initial network.
    X : array_like, shape (n, d)
    y : array_like, shape (n, out) or (n,)
    loss : {"mse", "logistic"}
    optimizer : {"sgd", "adam"}
        Plain gradient descent, or Adam with ``beta1=0.9, beta2=0.999, eps=1e-8``.
    lr : float
        Learning rate.
    steps : int
        Number of updates.
    batch_size : int, optional
        Mini-batch size, drawn without replacement at every step; full batch if ``None``.
    seed : int
        Seed of the mini-batch sampler.
    record_every : int
        Keep a snapshot every this many steps (``0``: only the first and the last).

    Returns
    -------
    Training

    Raises
    ------
    ValueError
        If ``optimizer`` is not one of ``OPTIMIZERS``, ``lr`` not positive, or ``batch_size``
        not between 1 and ``len(X)``.

    Examples
    --------
    >>> X = np.linspace(-1, 1, 50)[:, None]
    >>> result = train(ReLUNetwork.random([1, 16, 1], seed=0), X, np.abs(X), steps=300)
    >>> bool(result.losses[-1] < result.losses[0])
    True
    """
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {OPTIMIZERS}, got {optimizer!r}")
    lr = float(_validate.finite_array(lr, "lr", ndim=0))
    if not lr > 0:
        raise ValueError(f"lr must be a positive number, got {lr}")
    steps = _validate.whole_number(steps, "steps", minimum=1)
    record_every = _validate.whole_number(record_every, "record_every", minimum=0)
    seed = _validate.whole_number(seed, "seed", minimum=0)
    X, y = _data(net, X, y, loss)
    if batch_size is not None:
        batch_size = _validate.whole_number(batch_size, "batch_size", minimum=1)
        if batch_size > len(X):
            raise ValueError(f"batch_size must be between 1 and {len(X)}, got {batch_size}")
    rng = np.random.default_rng(seed)
    params = [p.copy() for p in net.weights] + [p.copy() for p in net.biases]
    n_layers = len(net.weights)
    moments = [np.zeros_like(p) for p in params], [np.zeros_like(p) for p in params]
    current = _rebuild(net, params, n_layers)
    losses = np.empty(int(steps))
    snapshots = [(0, current)]
    for step in range(int(steps)):
        if batch_size is None:
            xb, yb = X, y
        else:
            idx = rng.choice(len(X), size=int(batch_size), replace=False)
            xb, yb = X[idx], y[idx]
        losses[step], gw, gb = loss_and_gradients(current, xb, yb, loss)
        _update(params, gw + gb, moments, optimizer, lr, step + 1)
        current = _rebuild(net, params, n_layers)
        if record_every and (step + 1) % int(record_every) == 0:
            snapshots.append((step + 1, current))
    if snapshots[-1][0] != int(steps):
        snapshots.append((int(steps), current))
    return Training(net=current, losses=losses, snapshots=snapshots)


def _data(net: ReLUNetwork, X, y, loss: str):
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")
    X = _validate.finite_array(X, "X", ndim=2)
    if X.shape[1] != net.input_dim:
        raise ValueError(f"X must have shape (n, {net.input_dim}), got {X.shape}")
    y = _validate.finite_array(y, "y", ndim=(1, 2))
    if y.ndim == 1:
        y = y[:, None]
    if y.shape != (len(X), net.output_dim):
        raise ValueError(f"y must have shape ({len(X)}, {net.output_dim}) or ({len(X)},), got {y.shape}")
    if loss == "logistic" and (net.output_dim != 1 or not np.all((y == 0) | (y == 1))):
        raise ValueError("loss='logistic' needs one output and labels y in {0, 1}")
    return X, y


def _update(params, grads, moments, optimizer, lr, t):
    if optimizer == "sgd":
        for p, g in zip(params, grads):
            p -= lr * g
        return
    m, v = moments
    b1, b2, eps = 0.9, 0.999, 1e-8
    for p, g, mi, vi in zip(params, grads, m, v):
        mi *= b1
        mi += (1 - b1) * g
        vi *= b2
        vi += (1 - b2) * g * g
        p -= lr * (mi / (1 - b1**t)) / (np.sqrt(vi / (1 - b2**t)) + eps)


def _rebuild(net: ReLUNetwork, params, n_layers: int) -> ReLUNetwork:
    return ReLUNetwork(
        [p.copy() for p in params[:n_layers]],
        [p.copy() for p in params[n_layers:]],
        negative_slope=net.negative_slope,
    )
