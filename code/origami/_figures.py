"""Axes for the figure functions of :mod:`origami.plots` and :mod:`origami.plots1d` (private)."""

from __future__ import annotations

import numpy as np


def axes(ax, projection: str | None = None):
    """``ax``, or the axes of a new figure (with ``projection``, e.g. ``"3d"``)."""
    import matplotlib.pyplot as plt

    if ax is None:
        fig = plt.figure()
        ax = fig.add_subplot(projection=projection)
    return ax


def frame_box(ax, bounds) -> None:
    """Show exactly the box ``bounds = (xmin, xmax, ymin, ymax)`` on ``ax``, with equal scales."""
    xmin, xmax, ymin, ymax = bounds
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal")


def clip_line(w, b, bounds) -> np.ndarray | None:
    """The segment of ``w . x + b = 0`` inside the box, shape (2, 2), or None."""
    xmin, xmax, ymin, ymax = bounds
    corners = np.array([[xmin, ymin], [xmax, ymin], [xmax, ymax], [xmin, ymax]])
    vals = corners @ w + b
    points = []
    for i in range(4):
        j = (i + 1) % 4
        if vals[i] == 0:
            points.append(corners[i])
        elif vals[i] * vals[j] < 0:
            t = vals[i] / (vals[i] - vals[j])
            points.append(corners[i] + t * (corners[j] - corners[i]))
    if len(points) < 2:
        return None
    return np.array(points[:2])
