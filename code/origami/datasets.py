"""Toy data sets in the plane for the book's classification examples (seeded, numpy only).

Each function returns inputs ``X`` of shape ``(n, 2)`` (unitless coordinates ``x_1, x_2``) and
labels ``y`` of shape ``(n,)``, floats in ``{0.0, 1.0}`` (ready for a squared or logistic loss),
and draws the same points for the same ``seed``.
"""

from __future__ import annotations

import numpy as np

__all__ = ["circles", "moons"]
__dir__ = __all__.copy  # dir() lists the public names only


def _check(n, noise) -> int:
    if int(n) != n or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
    return int(n)


def circles(n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Two noisy concentric rings: radius 0.8 (label 1) inside radius 1.8 (label 0).

    Each point draws its label (fair coin), then a radius (0.8 or 1.8, plus Gaussian noise of
    standard deviation ``noise``) and an angle uniform in ``[0, 2 pi)``.

    Parameters
    ----------
    n : int
        Number of points, ``>= 1``.
    noise : float
        Standard deviation of the radial noise, ``>= 0`` (same unit as ``X``).
    seed : int
        Seed of the numpy ``Generator``.

    Returns
    -------
    X : ndarray, shape (n, 2)
    y : ndarray of float, shape (n,)
        1.0 for the inner ring, 0.0 for the outer one.

    Raises
    ------
    ValueError
        If ``n`` is not a positive integer or ``noise`` is negative or not finite.

    Examples
    --------
    >>> X, y = circles(5, noise=0.0, seed=0)
    >>> X.shape, sorted(set(y.tolist())) == [0.0, 1.0]
    ((5, 2), True)
    >>> bool(np.allclose(np.hypot(*X.T), np.where(y == 1, 0.8, 1.8)))
    True
    """
    n = _check(n, noise)
    rng = np.random.default_rng(seed)
    label = rng.integers(0, 2, n)
    radius = np.where(label == 1, 0.8, 1.8) + noise * rng.normal(size=n)
    angle = rng.uniform(0, 2 * np.pi, n)
    return np.column_stack([radius * np.cos(angle), radius * np.sin(angle)]), label.astype(float)


def moons(n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved half circles of radius 1 plus Gaussian noise.

    Label 0: the upper half circle centred at ``(0, 0)``; label 1: the lower half circle centred
    at ``(1, 0.5)``. Each point draws an angle uniform in ``[0, pi)``, a label (fair coin), and
    then noise of standard deviation ``noise`` in each coordinate.

    Parameters
    ----------
    n : int
        Number of points, ``>= 1``.
    noise : float
        Standard deviation of the noise, ``>= 0`` (same unit as ``X``).
    seed : int
        Seed of the numpy ``Generator``.

    Returns
    -------
    X : ndarray, shape (n, 2)
    y : ndarray of float, shape (n,)
        Labels 0.0 and 1.0.

    Raises
    ------
    ValueError
        If ``n`` is not a positive integer or ``noise`` is negative or not finite.

    Examples
    --------
    >>> X, y = moons(4, noise=0.0, seed=1)
    >>> X.shape, y.shape
    ((4, 2), (4,))
    >>> centre = np.where(y[:, None] == 1, [1.0, 0.5], [0.0, 0.0])
    >>> bool(np.allclose(np.hypot(*(X - centre).T), 1.0))
    True
    """
    n = _check(n, noise)
    rng = np.random.default_rng(seed)
    angle = rng.uniform(0.0, np.pi, n)
    label = rng.integers(0, 2, n)
    x = np.where(label, 1.0 - np.cos(angle), np.cos(angle))
    y = np.where(label, 0.5 - np.sin(angle), np.sin(angle))
    noisy = np.column_stack([x, y]) + rng.normal(0.0, noise, (n, 2))
    return noisy, label.astype(float)
