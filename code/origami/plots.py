"""Figures in the plane: every plotting function takes an optional ``ax`` and returns it.

Region colours depend only on the activation pattern, so a region keeps its colour in every
figure of the book. The colours, line styles and markers live in :mod:`origami.palette`, the
figures of one-input networks in :mod:`origami.plots1d`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection, PolyCollection
from numpy.typing import ArrayLike

from .network import ReLUNetwork
from ._figures import axes as axes_or_new
from .palette import BLACK, CREASE, INK, LAYER_COLORS, LAYER_STYLES, LINESTYLES, PALETTE, pattern_colors
from .regions2d import Regions2D, regions_2d

__all__ = [
    "plot_regions", "plot_creases", "plot_hyperplanes", "plot_surface", "plot_contours",
    "region_map", "label_regions", "plot_gradient_field", "plot_pattern_table",
    "plot_sign_conditions", "plot_creases_by_layer", "plot_bends", "plot_regions_by",
    "plot_decision_boundary", "plot_labelled_data", "plot_classifier",
]
__dir__ = __all__.copy  # dir() lists the public names only


def plot_regions(regions: Regions2D, ax=None, edges: bool = True, linewidth: float = 0.6):
    """Fill every region with its pattern colour and draw the creases between them."""
    ax = axes_or_new(ax)
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
    ax = axes_or_new(ax)
    e = regions.edges
    segments = regions.points[e.ends[e.interior]]
    ax.add_collection(LineCollection(segments, colors=color, linewidths=linewidth))
    return ax


def plot_hyperplanes(
    net: ReLUNetwork, bounds, ax=None, colors=None, labels: bool = True, linestyles=None
):
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
    xmin, xmax, ymin, ymax = bounds
    if linestyles is None:
        linestyles = LINESTYLES if colors is None else ("-",)
    colors = PALETTE if colors is None else colors
    for i, (w, b) in enumerate(zip(net.weights[0], net.biases[0])):
        seg = _clip_line(w, b, bounds)
        if seg is None:
            continue
        ax.plot(seg[:, 0], seg[:, 1], lw=1.6, color=colors[i % len(colors)],
                ls=linestyles[i % len(linestyles)], label=f"unit {i + 1}" if labels else None)
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
    ax = axes_or_new(ax, projection="3d")
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


def region_map(net: ReLUNetwork, bounds, ax=None, **kwargs):
    """Compute the exact regions and plot them (a convenience for interactive figures)."""
    return plot_regions(regions_2d(net, bounds), ax, **kwargs)


def label_regions(
    regions: Regions2D, ax=None, fontsize: float = 8, min_area: float = 0.0, **text_kw
):
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
    style = dict(ha="center", va="center", fontsize=fontsize, family="monospace", color=CREASE)
    style.update(text_kw)
    for pattern, centre, area in zip(regions.patterns, regions.centroids, regions.areas):
        if area >= min_area:
            ax.text(*centre, "".join("1" if bit else "0" for bit in pattern), **style)
    return ax


def plot_gradient_field(
    regions: Regions2D, ax=None, output: int = 0, min_area: float = 0.0, **quiver_kw
):
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
    style = dict(color=INK, angles="xy", pivot="middle", width=0.004)
    style.update(quiver_kw)
    ax.quiver(centres[:, 0], centres[:, 1], grads[:, 0], grads[:, 1], **style)
    return ax


def plot_pattern_table(patterns, n_units: int, ax=None, columns: int | None = None):
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
        text = dict(ha="center", va="center", family="monospace")
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


def plot_sign_conditions(net: ReLUNetwork, units, signs, bounds, ax=None, colors=None):
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
        ax.text(*centre, str(count), ha="center", va="center", fontsize=11, weight="bold",
                color=CREASE)
    xmin, xmax, ymin, ymax = regions.bounds
    for i, wi, bi in zip(units, w, b):
        color = PALETTE[i % len(PALETTE)] if colors is None else colors[i]
        style = LINESTYLES[i % len(LINESTYLES)] if colors is None else "-"
        seg = _clip_line(wi, bi, regions.bounds)
        if seg is None:
            continue
        ax.plot(seg[:, 0], seg[:, 1], color=color, ls=style, lw=2, label=f"unit {i + 1}")
        for frac in (0.25, 0.75):
            base = seg[0] + frac * (seg[1] - seg[0])
            tip = base + 0.07 * (xmax - xmin) * wi / np.linalg.norm(wi)
            ax.annotate("", tip, base, arrowprops=dict(arrowstyle="->", color=color, lw=1.8))
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal")
    return ax


def plot_creases_by_layer(
    regions: Regions2D, ax=None, colors=None, linewidth: float = 1.4, legend: bool = True
):
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
    xmin, xmax, ymin, ymax = regions.bounds
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal")
    return ax


def plot_bends(
    regions: Regions2D, ax=None, rtol: float = 1e-9, linewidth: float = 1.2, legend: bool = True
):
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
    xmin, xmax, ymin, ymax = regions.bounds
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal")
    return ax


def plot_regions_by(regions: Regions2D, patterns, ax=None, linewidth: float = 0.6):
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
    xmin, xmax, ymin, ymax = regions.bounds
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal")
    return ax


def plot_decision_boundary(regions: Regions2D, ax=None, output: int = 0, threshold: float = 0.0, **style):
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


def plot_labelled_data(X: ArrayLike, y: ArrayLike, ax=None, size: float = 9, edge: str = BLACK):
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
    ax.scatter(*X.T, c=faces, s=size, edgecolors=edge, linewidths=0.5, zorder=4)
    return ax


def plot_classifier(
    regions: Regions2D, X: ArrayLike, y: ArrayLike, ax=None, linewidth: float = 0.35, size: float = 9
):
    """A two-class classifier at a glance: its regions, its exact decision boundary, the data.

    Combines :func:`plot_regions`, :func:`plot_decision_boundary` (output 0, threshold 0) and
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
