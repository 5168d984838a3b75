"""Figures in the plane: every plotting function takes an optional ``ax`` and returns it.

Region colours depend only on the activation pattern, so a region keeps its colour in every
figure of the book. The colours, line styles and markers live in :mod:`origami.palette`, the
figures of one-input networks in :mod:`origami.plots1d`, those of a two-class classifier (its data and
decision boundary) in :mod:`origami.classifier_plots`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PolyCollection
from numpy.typing import ArrayLike

from .network import ReLUNetwork
from ._figures import axes as axes_or_new
from ._figures import clip_line, equal_length_polygons, frame_box
from .palette import CREASE, INK, LAYER_COLORS, LAYER_STYLES, LINESTYLES, PALETTE, pattern_colors
from .regions2d import Regions2D, regions_2d

__all__ = [
    "plot_regions", "plot_creases", "plot_hyperplanes", "plot_surface", "plot_contours",
    "region_map", "label_regions", "plot_gradient_field", "plot_pattern_table",
    "plot_sign_conditions", "plot_creases_by_layer", "plot_bends", "plot_regions_by",
]
__dir__ = __all__.copy  # dir() lists the public names only


def plot_regions(regions: Regions2D, ax: Axes | None = None, edges: bool = True,
                 linewidth: float = 0.6) -> Axes:
    """Fill every region with its pattern colour and draw the creases between them.

    Parameters
    ----------
    regions : Regions2D
    ax : Axes, optional
        Where to draw; default: the axes of a new figure (as for every function here).
    edges : bool
        Draw the creases (:func:`plot_creases`).
    linewidth : float
        Their width.

    Returns
    -------
    Axes
    """
    ax = axes_or_new(ax)
    polys = PolyCollection(
        regions.polygons(), facecolors=pattern_colors(regions.patterns), edgecolors="none"
    )
    ax.add_collection(polys)
    if edges:
        plot_creases(regions, ax, linewidth=linewidth)
    frame_box(ax, regions.bounds)
    return ax


def plot_creases(regions: Regions2D, ax: Axes | None = None, linewidth: float = 0.6,
                 color: str = CREASE) -> Axes:
    """Draw the interior edges of the region mesh (where the network may bend).

    Parameters
    ----------
    regions : Regions2D
    ax : Axes, optional
    linewidth : float
    color : colour

    Returns
    -------
    Axes
    """
    ax = axes_or_new(ax)
    e = regions.edges
    segments = regions.points[e.ends[e.interior]]
    ax.add_collection(LineCollection(segments, colors=color, linewidths=linewidth))
    return ax


def plot_hyperplanes(
    net: ReLUNetwork, bounds: Sequence[float], ax: Axes | None = None, colors: Sequence | None = None,
    labels: bool = True, linestyles: Sequence | None = None,
) -> Axes:
    """Draw the first-layer lines ``w_i . x + b_i = 0`` clipped to the box.

    Parameters
    ----------
    net : ReLUNetwork
        Two inputs; only its first layer is used.
    bounds : tuple of float
        ``(xmin, xmax, ymin, ymax)``.
    ax : Axes, optional
    colors : sequence of colours, optional
        Unit ``i`` is drawn in ``colors[i % len(colors)]``; default :data:`~origami.palette.PALETTE`.
    labels : bool
        Label unit ``i`` "unit i+1" for a legend.
    linestyles : sequence of line styles, optional
        Unit ``i`` is drawn with ``linestyles[i % len(linestyles)]``. Default: :data:`~origami.palette.LINESTYLES`
        when ``colors`` is not given (each unit its own colour *and* style), solid lines otherwise.

    Returns
    -------
    Axes
    """
    ax = axes_or_new(ax)
    if linestyles is None:
        linestyles = LINESTYLES if colors is None else ("-",)
    colors = PALETTE if colors is None else colors
    for i, (w, b) in enumerate(zip(net.weights[0], net.biases[0])):
        seg = clip_line(w, b, bounds)
        if seg is None:
            continue
        ax.plot(seg[:, 0], seg[:, 1], lw=1.6, color=colors[i % len(colors)],
                ls=linestyles[i % len(linestyles)], label=f"unit {i + 1}" if labels else None)
    frame_box(ax, bounds)
    return ax


def plot_surface(regions: Regions2D, ax: Axes | None = None, output: int = 0,
                 alpha: float = 0.95, height: float | None = None) -> Axes:
    """The graph of the network as a folded surface: one flat facet per region (exact).

    Parameters
    ----------
    regions : Regions2D
    ax : Axes3D, optional
        Default: new axes with ``projection="3d"``.
    output : int
        Which output is the height.
    alpha : float
        Opacity of the facets.
    height : float, optional
        Draw every region flat at this height instead of at the network's values: a slice of a
        region map in three dimensions, stacked with other slices. Then the limits of ``ax``
        are left as they are.

    Returns
    -------
    Axes3D
    """
    ax3d = axes_or_new(ax, projection="3d")  # an Axes3D
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection

    z = regions.values[:, output] if height is None else np.full(len(regions.points), float(height))
    facets = [
        np.column_stack([poly, z[idx]])
        for poly, idx in zip(regions.polygons(), np.split(regions.corners, regions.starts[1:-1]))
    ]
    shade = Poly3DCollection(
        equal_length_polygons(facets), facecolors=pattern_colors(regions.patterns), edgecolors=CREASE,
        linewidths=0.3, alpha=alpha,
    )
    ax3d.add_collection3d(shade, autolim=False)  # the limits are set below
    if height is not None:
        return ax3d
    xmin, xmax, ymin, ymax = regions.bounds
    ax3d.set_xlim(xmin, xmax)
    ax3d.set_ylim(ymin, ymax)
    ax3d.set_zlim(z.min(), z.max() if z.max() > z.min() else z.min() + 1)
    ax3d.set_xlabel("$x_1$")
    ax3d.set_ylabel("$x_2$")
    ax3d.set_zlabel("$f(x)$")
    return ax3d


def plot_contours(net: ReLUNetwork, bounds: Sequence[float], ax: Axes | None = None, levels: int = 15,
                  resolution: int = 300) -> Axes:
    """Filled contours of the first output (piecewise-linear level sets bend at creases).

    Parameters
    ----------
    net : ReLUNetwork
        Two inputs.
    bounds : tuple of float
        ``(xmin, xmax, ymin, ymax)``.
    ax : Axes, optional
    levels : int
        Number of contour levels.
    resolution : int
        Grid points per side at which the network is evaluated.

    Returns
    -------
    Axes
    """
    ax = axes_or_new(ax)
    xmin, xmax, ymin, ymax = bounds
    xs = np.linspace(xmin, xmax, resolution)
    ys = np.linspace(ymin, ymax, resolution)
    X, Y = np.meshgrid(xs, ys)
    Z = net(np.column_stack([X.ravel(), Y.ravel()]))[:, 0].reshape(X.shape)
    cs = ax.contourf(X, Y, Z, levels=levels, cmap="Greys", alpha=0.8)
    ax.contour(X, Y, Z, levels=cs.levels, colors="k", linewidths=0.4)
    ax.set_aspect("equal")
    return ax


def region_map(net: ReLUNetwork, bounds: Sequence[float], ax: Axes | None = None, **kwargs) -> Axes:
    """Compute the exact regions and plot them (a convenience for interactive figures).

    Parameters
    ----------
    net : ReLUNetwork
        Two inputs.
    bounds : tuple of float
        ``(xmin, xmax, ymin, ymax)``.
    ax : Axes, optional
    **kwargs
        Passed to :func:`plot_regions`.

    Returns
    -------
    Axes

    Raises
    ------
    ValueError
        As :func:`origami.regions_2d`, if ``net`` has not 2 inputs or ``bounds`` is not a box.
    """
    return plot_regions(regions_2d(net, bounds), ax, **kwargs)


def label_regions(
    regions: Regions2D, ax: Axes | None = None, fontsize: float = 8, min_area: float = 0.0, **text_kw
) -> Axes:
    """Write each region's activation pattern (e.g. ``"1011"``) at its centroid.

    Parameters
    ----------
    regions : Regions2D
    ax : Axes, optional
    fontsize : float
    min_area : float
        Regions smaller than this are left unlabelled (their label would not fit).
    **text_kw
        Passed to ``ax.text``.

    Returns
    -------
    Axes
    """
    ax = axes_or_new(ax)
    style: dict[str, Any] = dict(ha="center", va="center", fontsize=fontsize, family="monospace", color=CREASE)
    style.update(text_kw)
    for pattern, centre, area in zip(regions.patterns, regions.centroids, regions.areas):
        if area >= min_area:
            ax.text(centre[0], centre[1], "".join("1" if bit else "0" for bit in pattern), **style)
    return ax


def plot_gradient_field(
    regions: Regions2D, ax: Axes | None = None, output: int = 0, min_area: float = 0.0, **quiver_kw
) -> Axes:
    """An arrow at each region's centroid: the region's constant gradient ``A[output]``.

    Parameters
    ----------
    regions : Regions2D
    ax : Axes, optional
    output : int
        Which output's gradient to draw.
    min_area : float
        Regions smaller than this get no arrow.
    **quiver_kw
        Passed to ``ax.quiver`` (e.g. ``scale``).

    Returns
    -------
    Axes
    """
    ax = axes_or_new(ax)
    keep = regions.areas >= min_area
    centres = regions.centroids[keep]
    grads = regions.A[keep, output, :]
    style: dict[str, Any] = dict(color=INK, angles="xy", pivot="middle", width=0.004)
    style.update(quiver_kw)
    ax.quiver(centres[:, 0], centres[:, 1], grads[:, 0], grads[:, 1], **style)
    return ax


def plot_pattern_table(patterns: ArrayLike, n_units: int, ax: Axes | None = None,
                       columns: int | None = None) -> Axes:
    """All ``2**n_units`` on/off patterns as tiles; those that occur are filled in their colour.

    Parameters
    ----------
    patterns : array_like of bool, shape (m, n_units)
        The patterns that occur (e.g. ``regions.patterns``).
    n_units : int
        Number of hidden units; at most 8.
    ax : Axes, optional
    columns : int, optional
        Tiles per row (default ``2 ** ceil(n_units / 2)``).

    Returns
    -------
    Axes

    Raises
    ------
    ValueError
        If ``n_units`` is not between 1 and 8.
    """
    ax = axes_or_new(ax)
    n_units = int(n_units)
    if not 1 <= n_units <= 8:
        raise ValueError(f"n_units must be between 1 and 8, got {n_units}")
    given = np.asarray(patterns, dtype=bool).reshape(-1, n_units)
    present = {tuple(bool(b) for b in p) for p in given}
    columns = columns or 2 ** ((n_units + 1) // 2)
    for k in range(2**n_units):
        bits = tuple(bool((k >> (n_units - 1 - i)) & 1) for i in range(n_units))
        row, col = divmod(k, columns)
        x, y = col, -row
        label = "".join("1" if b else "0" for b in bits)
        text: dict[str, Any] = dict(ha="center", va="center", family="monospace")
        if bits in present:
            color = pattern_colors(np.array(bits))
            ax.add_patch(plt.Rectangle((x + 0.05, y + 0.05), 0.9, 0.9, color=color))
            ax.text(x + 0.5, y + 0.5, label, color=CREASE, **text)
        else:
            tile = plt.Rectangle((x + 0.05, y + 0.05), 0.9, 0.9, fill=False, ec="0.6", ls="--")
            ax.add_patch(tile)
            ax.text(x + 0.5, y + 0.5, label, color="0.6", **text)
    rows = -(-(2**n_units) // columns)
    ax.set_xlim(0, columns)
    ax.set_ylim(-rows + 1, 1)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def plot_sign_conditions(net: ReLUNetwork, units: Sequence[int], signs: ArrayLike, bounds: Sequence[float],
                         ax: Axes | None = None, colors: Sequence | None = None) -> Axes:
    """How many of the conditions ``s_i (w_i . x + b_i) > 0`` hold, region by region.

    The chosen first-layer lines cut the box into regions (computed exactly); each region is
    shaded and labelled by the number of conditions that hold on it, and each line carries
    an arrow pointing to the side its condition asks for. A sign pattern is impossible
    exactly when no region reaches ``len(units)``.

    Parameters
    ----------
    net : ReLUNetwork
        Two inputs; only its first layer is used.
    units : sequence of int
        First-layer unit indices (0-based).
    signs : sequence of {+1, -1}
        ``+1`` asks for "active" (``w . x + b > 0``), ``-1`` for "inactive" (``< 0``).
    bounds : tuple of float
        ``(xmin, xmax, ymin, ymax)``.
    ax : Axes, optional
    colors : sequence of colours, optional
        Indexed by unit number; default :data:`~origami.palette.PALETTE`, with :data:`~origami.palette.LINESTYLES` (as in
        :func:`plot_hyperplanes`, so a unit looks the same in both).

    Returns
    -------
    Axes

    Raises
    ------
    ValueError
        If ``signs`` is not one +1 or -1 per unit.
    """
    ax = axes_or_new(ax)
    units = [int(i) for i in units]
    s = np.asarray(signs, dtype=float)
    if s.shape != (len(units),) or not np.all(np.abs(s) == 1):
        raise ValueError(f"signs must be one +1 or -1 per unit, got {signs!r} for units {units}")
    w = s[:, None] * net.weights[0][units]
    b = s * net.biases[0][units]
    signed = ReLUNetwork([w, np.ones((1, len(units)))], [b, np.zeros(1)])
    regions = regions_2d(signed, bounds)
    held = regions.patterns.sum(axis=1)
    shades = plt.get_cmap("Greys")(0.12 + 0.6 * held / len(units))
    ax.add_collection(PolyCollection(regions.polygons(), facecolors=shades, edgecolors="none"))
    for centre, count in zip(regions.centroids, held):
        ax.text(centre[0], centre[1], str(count), ha="center", va="center", fontsize=11, weight="bold",
                color=CREASE)
    xmin, xmax, ymin, ymax = regions.bounds
    for i, wi, bi in zip(units, w, b):
        color = PALETTE[i % len(PALETTE)] if colors is None else colors[i]
        style = LINESTYLES[i % len(LINESTYLES)] if colors is None else "-"
        seg = clip_line(wi, bi, regions.bounds)
        if seg is None:
            continue
        ax.plot(seg[:, 0], seg[:, 1], color=color, ls=style, lw=2, label=f"unit {i + 1}")
        for frac in (0.25, 0.75):
            base = seg[0] + frac * (seg[1] - seg[0])
            tip = base + 0.07 * (xmax - xmin) * wi / np.linalg.norm(wi)
            ax.annotate("", tip, base, arrowprops=dict(arrowstyle="->", color=color, lw=1.8))
    frame_box(ax, regions.bounds)
    return ax


def plot_creases_by_layer(
    regions: Regions2D, ax: Axes | None = None, colors=None, linewidth: float = 1.4, legend: bool = True
) -> Axes:
    """Draw the creases in the colour and line style of the layer of the unit that flips across them.

    Layer-1 creases are straight lines; a layer-2 crease is straight inside each layer-1
    region and bends where it meets a layer-1 crease ("bent hyperplanes").

    Parameters
    ----------
    regions : Regions2D
    ax : Axes, optional
    colors : sequence of colours, optional
        One per hidden layer; default ``LAYER_COLORS``.
    linewidth : float
    legend : bool
        Add a legend entry "layer l" for each layer.

    Returns
    -------
    Axes
    """
    from .regions2d import crease_units

    ax = axes_or_new(ax)
    colors = LAYER_COLORS if colors is None else colors
    units = crease_units(regions)
    bounds = np.cumsum(regions.net.hidden_widths)
    layer = np.searchsorted(bounds, units, side="right")
    for l in range(len(bounds)):
        segments = regions.points[regions.edges.ends[(units >= 0) & (layer == l)]]
        color, style = colors[l % len(colors)], LAYER_STYLES[l % len(LAYER_STYLES)]
        ax.add_collection(
            LineCollection(segments, colors=color, linewidths=linewidth, linestyles=style)
        )
        if legend:
            ax.plot([], [], color=color, lw=linewidth, ls=style, label=f"layer {l + 1}")
    if legend:
        ax.legend(loc="upper right", fontsize=8, framealpha=0.9)
    frame_box(ax, regions.bounds)
    return ax


def plot_bends(
    regions: Regions2D, ax: Axes | None = None, rtol: float = 1e-9, linewidth: float = 1.2, legend: bool = True
) -> Axes:
    """Draw the creases in two styles: solid where the function bends, dotted where it does not.

    A dotted edge separates two activation regions with the same affine map: the pattern
    changes there, the function does not (same piece, see :func:`origami.linear_pieces`).

    Parameters
    ----------
    regions : Regions2D
    ax : Axes, optional
    rtol : float
        Tolerance for equal maps, as in ``origami.pieces.edge_bends``.
    linewidth : float
    legend : bool

    Returns
    -------
    Axes
    """
    from .pieces import edge_bends

    ax = axes_or_new(ax)
    bends = edge_bends(regions, rtol)
    flat = regions.edges.interior & ~bends
    ends = regions.edges.ends
    kinked = regions.points[ends[bends]]
    ax.add_collection(LineCollection(kinked, colors=CREASE, linewidths=linewidth))
    ax.add_collection(
        LineCollection(
            regions.points[ends[flat]], colors=CREASE, linewidths=linewidth, linestyles=(0, (1, 2))
        )
    )
    if legend:
        ax.plot([], [], color=CREASE, lw=linewidth, label="kink (maps differ)")
        ax.plot([], [], color=CREASE, lw=linewidth, ls=(0, (1, 2)), label="no kink (same map)")
        ax.legend(loc="upper right", fontsize=8, framealpha=0.9)
    frame_box(ax, regions.bounds)
    return ax


def plot_regions_by(regions: Regions2D, patterns: ArrayLike, ax: Axes | None = None,
                    linewidth: float = 0.6) -> Axes:
    """Fill regions by a pattern of your choice and draw creases only where it changes.

    Useful when several activation regions form one region of a coarser description, e.g. the
    regions of a maxout network rewritten as a ReLU network (``origami.activations``), whose
    pass-through units add boundaries across which nothing bends.

    Parameters
    ----------
    regions : Regions2D
    patterns : array_like of bool, shape (F, k)
        One pattern per region of ``regions``; it alone decides the colour
        (:func:`~origami.palette.pattern_colors`), and edges between regions with equal patterns are not drawn.
    ax : matplotlib Axes, optional
    linewidth : float

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    ValueError
        If ``patterns`` is not one row per region.
    """
    ax = axes_or_new(ax)
    patterns = np.asarray(patterns, dtype=bool)
    if patterns.ndim != 2 or patterns.shape[0] != len(regions):
        raise ValueError(f"patterns must have shape ({len(regions)}, k), got {patterns.shape}")
    colors = pattern_colors(patterns)
    # Edges in the face colour hide the hairline seams between equal-coloured neighbours.
    polys = PolyCollection(regions.polygons(), facecolors=colors, edgecolors=colors, linewidths=0.3)
    ax.add_collection(polys)
    e = regions.edges
    inner = e.interior
    differ = np.zeros(len(e.left), dtype=bool)
    differ[inner] = np.any(patterns[e.left[inner]] != patterns[e.right[inner]], axis=1)
    creases = LineCollection(regions.points[e.ends[differ]], colors=CREASE, linewidths=linewidth)
    ax.add_collection(creases)
    frame_box(ax, regions.bounds)
    return ax
