"""Figures of a two-class classifier in the plane: its labelled data and its exact decision boundary.

Every function takes an optional ``ax`` and returns it, as in :mod:`origami.plots`, whose region
figures these draw over.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from numpy.typing import ArrayLike

from ._figures import axes as axes_or_new
from .palette import BLACK
from .plots import plot_regions
from .regions2d import Regions2D

__all__ = ["plot_decision_boundary", "plot_labelled_data", "plot_classifier"]
__dir__ = __all__.copy  # dir() lists the public names only


def plot_decision_boundary(regions: Regions2D, ax: Axes | None = None, output: int = 0,
                           threshold: float = 0.0, **style) -> Axes:
    """Draw the exact decision boundary ``f(x)[output] == threshold`` of a 2-input network.

    Parameters
    ----------
    regions : Regions2D
        The network's exact regions over the box to draw in.
    ax : Axes, optional
    output : int
    threshold : float
    **style
        Passed to the ``LineCollection`` (default: black, 2 points wide).

    Returns
    -------
    Axes
    """
    from .robustness import decision_boundary

    ax = axes_or_new(ax)
    segments, _ = decision_boundary(regions, output=output, threshold=threshold)
    # matplotlib's stub asks for a sequence of arrays; an (n, 2, 2) array is one (its documented form).
    ax.add_collection(LineCollection(segments, **{"colors": "k", "linewidths": 2.0, **style}))  # type: ignore[arg-type]
    return ax


def plot_labelled_data(X: ArrayLike, y: ArrayLike, ax: Axes | None = None, size: float = 9,
                       edge: str = BLACK) -> Axes:
    """Labelled points in the plane: label 1 filled black, label 0 hollow (white with an edge).

    The two classes differ in lightness, not hue, so they stay apart in greyscale and for any
    colour vision; every figure of the book draws classes this way.

    Parameters
    ----------
    X : array_like, shape (n, 2)
    y : array_like, shape (n,)
        Labels in ``{0, 1}``.
    ax : Axes, optional
    size : float
        Marker area in points², as in ``ax.scatter``.
    edge : colour
        Edge colour of every marker (e.g. white on a dark background).

    Returns
    -------
    Axes

    Raises
    ------
    ValueError
        If ``X`` is not of shape (n, 2), ``y`` not of shape (n,), or a label is not 0 or 1.
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n, 2), got {X.shape}")
    if y.shape != (len(X),):
        raise ValueError(f"y must have shape ({len(X)},), got {y.shape}")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("y must hold labels 0 and 1 only")
    ax = axes_or_new(ax)
    faces = np.where(y == 1, BLACK, "white")
    ax.scatter(X[:, 0], X[:, 1], c=faces, s=size, edgecolors=edge, linewidths=0.5, zorder=4)
    return ax


def plot_classifier(
    regions: Regions2D, X: ArrayLike, y: ArrayLike, ax: Axes | None = None, linewidth: float = 0.35,
    size: float = 9,
) -> Axes:
    """A two-class classifier at a glance: its regions, its exact decision boundary, the data.

    Combines :func:`~origami.plots.plot_regions`, :func:`plot_decision_boundary` (output 0, threshold 0) and
    :func:`plot_labelled_data`.

    Parameters
    ----------
    regions : Regions2D
        The classifier's exact regions over the box to draw.
    X : array_like, shape (n, 2)
    y : array_like, shape (n,)
        Labels in ``{0, 1}``.
    ax : Axes, optional
    linewidth : float
        Width of the creases.
    size : float
        Marker area of the data points.

    Returns
    -------
    Axes

    Raises
    ------
    ValueError
        As :func:`plot_labelled_data`.
    """
    ax = plot_regions(regions, ax, linewidth=linewidth)
    plot_decision_boundary(regions, ax)
    return plot_labelled_data(X, y, ax, size=size)
