"""Figures: every plotting function takes an optional ``ax`` and returns it.

Region colours depend only on the activation pattern, so a region keeps its colour in every
figure of the book.
"""

from __future__ import annotations

import colorsys

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection, PolyCollection

from .network import ReLUNetwork, restrict_to_line
from .regions1d import kinks, regions_1d
from .regions2d import Regions2D, regions_2d
from .verify import derivatives_1d

#: Colour of creases (region boundaries) and of kinks.
CREASE = "#33302e"
#: Colour of the network's graph.
INK = "#1f4e79"

_HUE_WEIGHTS = np.random.default_rng(20131220).random(4096)


def pattern_colors(patterns) -> np.ndarray:
    """A soft, distinct colour for each activation pattern, fixed across figures.

    Parameters
    ----------
    patterns : array_like of bool, shape (m, N) or (N,)

    Returns
    -------
    ndarray, shape (m, 3) or (3,)
        RGB colours; equal patterns get equal colours.
    """
    p = np.asarray(patterns, dtype=bool)
    single = p.ndim == 1
    p = np.atleast_2d(p)
    if p.shape[1] > len(_HUE_WEIGHTS):
        raise ValueError(f"patterns with more than {len(_HUE_WEIGHTS)} units are not supported")
    code = p @ _HUE_WEIGHTS[: p.shape[1]]
    hue = np.mod(code * 0.618034, 1.0)
    light = 0.72 + 0.12 * np.mod(code * 3.7, 1.0)
    rgb = np.array([colorsys.hls_to_rgb(h, l, 0.55) for h, l in zip(hue, light)])
    return rgb[0] if single else rgb


def _axes(ax, projection=None):
    if ax is None:
        fig = plt.figure()
        ax = fig.add_subplot(projection=projection)
    return ax


def plot_regions(regions: Regions2D, ax=None, edges: bool = True, linewidth: float = 0.6):
    """Fill every region with its pattern colour and draw the creases between them."""
    ax = _axes(ax)
    polys = PolyCollection(
        regions.polygons(), facecolors=pattern_colors(regions.patterns), edgecolors="none"
    )
    ax.add_collection(polys)
    if edges:
        plot_creases(regions, ax, linewidth=linewidth)
    xmin, xmax, ymin, ymax = regions.bounds
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal")
    return ax


def plot_creases(regions: Regions2D, ax=None, linewidth: float = 0.6, color: str = CREASE):
    """Draw the interior edges of the region mesh (where the network may bend)."""
    ax = _axes(ax)
    e = regions.edges
    segments = regions.points[e.ends[e.interior]]
    ax.add_collection(LineCollection(segments, colors=color, linewidths=linewidth))
    return ax


def plot_hyperplanes(net: ReLUNetwork, bounds, ax=None, colors=None, labels: bool = True):
    """Draw the first-layer lines ``w_i . x + b_i = 0`` clipped to the box."""
    ax = _axes(ax)
    xmin, xmax, ymin, ymax = bounds
    for i, (w, b) in enumerate(zip(net.weights[0], net.biases[0])):
        seg = _clip_line(w, b, bounds)
        if seg is None:
            continue
        color = None if colors is None else colors[i % len(colors)]
        (line,) = ax.plot(seg[:, 0], seg[:, 1], lw=1.6, color=color, label=f"unit {i + 1}" if labels else None)
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal")
    return ax


def _clip_line(w, b, bounds):
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


def plot_surface(regions: Regions2D, ax=None, output: int = 0, alpha: float = 0.95):
    """The graph of the network as a folded surface: one flat facet per region (exact)."""
    ax = _axes(ax, projection="3d")
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection

    z = regions.values[:, output]
    facets = [
        np.column_stack([poly, z[idx]])
        for poly, idx in zip(regions.polygons(), np.split(regions.corners, regions.starts[1:-1]))
    ]
    shade = Poly3DCollection(
        facets, facecolors=pattern_colors(regions.patterns), edgecolors=CREASE, linewidths=0.3, alpha=alpha
    )
    ax.add_collection3d(shade)
    xmin, xmax, ymin, ymax = regions.bounds
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_zlim(z.min(), z.max() if z.max() > z.min() else z.min() + 1)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_zlabel("$f(x)$")
    return ax


def plot_contours(net: ReLUNetwork, bounds, ax=None, levels: int = 15, resolution: int = 300):
    """Filled contours of the first output (piecewise-linear level sets bend at creases)."""
    ax = _axes(ax)
    xmin, xmax, ymin, ymax = bounds
    xs = np.linspace(xmin, xmax, resolution)
    ys = np.linspace(ymin, ymax, resolution)
    X, Y = np.meshgrid(xs, ys)
    Z = net(np.column_stack([X.ravel(), Y.ravel()]))[:, 0].reshape(X.shape)
    cs = ax.contourf(X, Y, Z, levels=levels, cmap="Greys", alpha=0.8)
    ax.contour(X, Y, Z, levels=cs.levels, colors="k", linewidths=0.4)
    ax.set_aspect("equal")
    return ax


def plot_pieces_1d(net: ReLUNetwork, interval, ax=None, output: int = 0):
    """The function of a one-input network, each linear piece in its pattern's colour."""
    ax = _axes(ax)
    pieces = regions_1d(net, interval)
    colors = pattern_colors(np.array([p.pattern for p in pieces]))
    for p, col in zip(pieces, colors):
        x = np.array([p.left, p.right])
        ax.axvspan(p.left, p.right, color=col, alpha=0.5, lw=0)
        ax.plot(x, p.slope[output] * x + p.intercept[output], color=INK, lw=2)
    for k in kinks(net, interval):
        ax.axvline(k, color=CREASE, lw=0.6, ls=":")
    ax.set_xlim(*interval)
    return ax


def plot_four_panels(net: ReLUNetwork, interval, axes=None, h: float = 1e-3):
    """The book's 1-D figure: function, coloured pieces, first and second derivatives.

    Parameters
    ----------
    net : ReLUNetwork
        One input.
    interval : tuple of float
    axes : sequence of 4 Axes, optional
    h : float
        Finite-difference step for the derivative panels.

    Returns
    -------
    ndarray of Axes, shape (4,)
    """
    if axes is None:
        _, axes = plt.subplots(1, 4, figsize=(14, 3.2), constrained_layout=True)
    axes = np.ravel(axes)
    a, b = interval
    x = np.linspace(a, b, 2001)
    y = net(x[:, None])[:, 0]
    first, second = derivatives_1d(net, x, h)
    found = kinks(net, interval)
    axes[0].plot(x, y, color=INK, lw=2)
    axes[0].set_title("$f(x)$")
    plot_pieces_1d(net, interval, axes[1])
    axes[1].set_title("linear pieces")
    pieces = regions_1d(net, interval)
    for p in pieces:
        axes[2].hlines(p.slope[0], p.left, p.right, color=INK, lw=2)
    axes[2].plot(x, first, color="#c0504d", lw=0.8, ls="--", label="finite difference")
    axes[2].set_title("$f'(x)$")
    axes[3].plot(x, second, color="#c0504d", lw=0.8)
    axes[3].plot(found, np.zeros_like(found), "v", color=CREASE, label="exact kinks")
    axes[3].set_title("$f''(x)$ (finite difference)")
    for ax in axes:
        ax.set_xlim(a, b)
        ax.set_xlabel("$x$")
        for k in found:
            ax.axvline(k, color=CREASE, lw=0.5, ls=":")
    return axes


def plot_cross_section(net: ReLUNetwork, start, end, ax=None, output: int = 0):
    """The network along the segment from ``start`` to ``end``: a 1-D piecewise linear function."""
    ax = _axes(ax)
    start, end = np.asarray(start, float), np.asarray(end, float)
    line = restrict_to_line(net, start, end - start)
    plot_pieces_1d(line, (0.0, 1.0), ax, output=output)
    ax.set_xlabel("$t$ along the segment")
    return ax


def region_map(net: ReLUNetwork, bounds, ax=None, **kwargs):
    """Compute the exact regions and plot them (a convenience for interactive figures)."""
    return plot_regions(regions_2d(net, bounds), ax, **kwargs)
