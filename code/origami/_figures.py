"""Axes for the figure functions of :mod:`origami.plots` and :mod:`origami.plots1d` (private)."""

from __future__ import annotations


def axes(ax, projection: str | None = None):
    """``ax``, or the axes of a new figure (with ``projection``, e.g. ``"3d"``)."""
    import matplotlib.pyplot as plt

    if ax is None:
        fig = plt.figure()
        ax = fig.add_subplot(projection=projection)
    return ax
