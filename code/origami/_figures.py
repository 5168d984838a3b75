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


def equal_length_polygons(polygons) -> np.ndarray:
    """Polygons of different vertex counts as one array, shape (n, m, k), each padded to the
    largest count m by repeating its last vertex.

    mplot3d keeps polygons of different lengths in a padded buffer that it leaves
    uninitialised (matplotlib 3.11, issue matplotlib/matplotlib#32272); their data limits and
    projections can then read arbitrary numbers and overflow, differently from run to run.
    A repeated vertex adds an edge of length zero, so the drawing is the same.
    """
    polygons = [np.asarray(p, dtype=float) for p in polygons]
    if not polygons:
        return np.empty((0, 3, 3))
    m = max(len(p) for p in polygons)
    return np.stack([np.concatenate([p, np.repeat(p[-1:], m - len(p), axis=0)]) for p in polygons])
