"""Figures of one-input networks: the graph, its pieces, derivatives and breakpoints by layer.

Every plotting function takes an optional ``ax`` and returns it, as in :mod:`origami.plots`.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike

from .network import ReLUNetwork, restrict_to_line
from ._figures import axes as axes_or_new
from .palette import CREASE, INK, LAYER_COLORS, LAYER_MARKERS, RED, pattern_colors
from .regions1d import kinks, regions_1d
from .verify import derivatives_1d

__all__ = [
    "plot_pieces_1d", "plot_four_panels", "plot_cross_section", "plot_kink_sources",
    "plot_preactivations_1d",
]
__dir__ = __all__.copy  # dir() lists the public names only


def plot_pieces_1d(net: ReLUNetwork, interval: Sequence[float], ax: Axes | None = None,
                   output: int = 0) -> Axes:
    """The function of a one-input network, each linear piece in its pattern's colour.

    Each activation region is shaded in its pattern's colour and the function drawn over it;
    dotted lines mark the kinks.

    Parameters
    ----------
    net : ReLUNetwork
        One input.
    interval : tuple of float
        ``(a, b)``, the part of the input line to draw.
    ax : Axes, optional
        Where to draw; default: the axes of a new figure.
    output : int
        Which output to draw.

    Returns
    -------
    Axes

    Raises
    ------
    ValueError
        As :func:`origami.regions_1d`: if ``net`` does not have one input or ``interval`` is not
        ``(a, b)`` with ``a < b``.
    """
    ax = axes_or_new(ax)
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


def plot_four_panels(net: ReLUNetwork, interval: Sequence[float], axes=None, h: float = 1e-3) -> np.ndarray:
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
    Raises
    ------
    ValueError
        As :func:`origami.regions_1d`: if ``net`` does not have one input or ``interval`` is not
        ``(a, b)`` with ``a < b``.
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
    axes[2].plot(x, first, color=RED, lw=0.8, ls="--", label="finite difference")
    axes[2].set_title("$f'(x)$")
    axes[3].plot(x, second, color=RED, lw=0.8)
    axes[3].plot(found, np.zeros_like(found), "v", color=CREASE, label="exact kinks")
    axes[3].set_title("$f''(x)$ (finite difference)")
    for ax in axes:
        ax.set_xlim(a, b)
        ax.set_xlabel("$x$")
        for k in found:
            ax.axvline(k, color=CREASE, lw=0.5, ls=":")
    return axes


def plot_cross_section(net: ReLUNetwork, start: ArrayLike, end: ArrayLike, ax: Axes | None = None,
                       output: int = 0) -> Axes:
    """The network along the segment from ``start`` to ``end``: a 1-D piecewise linear function.

    The segment is parametrised by ``t`` in ``[0, 1]`` (:func:`origami.restrict_to_line`) and
    drawn as :func:`plot_pieces_1d` draws a one-input network.

    Parameters
    ----------
    net : ReLUNetwork
        Any number ``d`` of inputs.
    start, end : array_like, shape (d,)
        The segment's ends, ``t = 0`` and ``t = 1``.
    ax : Axes, optional
    output : int
        Which output to draw.

    Returns
    -------
    Axes

    Raises
    ------
    ValueError
        If ``start`` or ``end`` does not have shape ``(d,)``, or they are equal.
    """
    ax = axes_or_new(ax)
    start, end = np.asarray(start, float), np.asarray(end, float)
    line = restrict_to_line(net, start, end - start)
    plot_pieces_1d(line, (0.0, 1.0), ax, output=output)
    ax.set_xlabel("$t$ along the segment")
    return ax


def plot_kink_sources(net: ReLUNetwork, interval: Sequence[float], ax: Axes | None = None, colors=None,
                      legend: bool = True) -> Axes:
    """A one-input network's pieces with every breakpoint marked by the layer that creates it.

    Each layer has its own colour and marker shape (:data:`~origami.palette.LAYER_COLORS`, :data:`~origami.palette.LAYER_MARKERS`).
    A filled marker is a kink (the slope changes); a hollow marker is a breakpoint of the
    activation pattern where the slope does not change.

    Parameters
    ----------
    net : ReLUNetwork
        One input.
    interval : tuple of float
    ax : Axes, optional
    colors : sequence of colours, optional
        One per hidden layer; default :data:`~origami.palette.LAYER_COLORS` (as in :func:`~origami.plots.plot_creases_by_layer`).
    legend : bool

    Returns
    -------
    Axes
    Raises
    ------
    ValueError
        As :func:`origami.regions_1d`: if ``net`` does not have one input or ``interval`` is not
        ``(a, b)`` with ``a < b``.
    """
    from .regions1d import kink_sources

    ax = plot_pieces_1d(net, interval, ax)
    colors = LAYER_COLORS if colors is None else colors
    found = kink_sources(net, interval)
    y = net(found.x[:, None])[:, 0] if len(found) else np.zeros(0)
    for l in range(len(net.hidden_widths)):
        color, marker = colors[l % len(colors)], LAYER_MARKERS[l % len(LAYER_MARKERS)]
        for kink, face, word in ((True, color, "kink"), (False, "white", "no kink")):
            m = (found.layer == l) & (found.is_kink == kink)
            if m.any() or (legend and kink):
                ax.plot(found.x[m], y[m], marker, ls="none", ms=7, mfc=face, mec=color, mew=1.8, zorder=5,
                        label=f"layer {l + 1}, {word}" if legend else None)
    if legend:
        ax.legend(fontsize=8, framealpha=0.9)
    return ax


def plot_preactivations_1d(net: ReLUNetwork, interval: Sequence[float], layer: int, ax: Axes | None = None,
                           color=None) -> Axes:
    """The pre-activations of one hidden layer as exact functions of the input (1-D nets).

    Each pre-activation is piecewise linear with breakpoints among those of
    :func:`origami.regions_1d`, so evaluating it there draws it exactly. Its zeros, marked,
    are the breakpoints this layer creates.

    Parameters
    ----------
    net : ReLUNetwork
        One input.
    interval : tuple of float
    layer : int
        Hidden layer, counted from 0 (an index into ``net.preactivations(x)``).
    ax : Axes, optional
    color : colour, optional
        Default: the layer's colour in :data:`~origami.palette.LAYER_COLORS`.

    Returns
    -------
    Axes

    Raises
    ------
    ValueError
        If ``layer`` is not a hidden layer of ``net``, or as :func:`origami.regions_1d` (``net``
        without one input, ``interval`` not ``(a, b)`` with ``a < b``).
    """
    from .regions1d import kink_sources

    if not 0 <= int(layer) < len(net.hidden_widths):
        raise ValueError(f"layer must be in [0, {len(net.hidden_widths) - 1}], got {layer}")
    ax = axes_or_new(ax)
    color = LAYER_COLORS[layer % len(LAYER_COLORS)] if color is None else color
    found = kink_sources(net, interval)
    x = np.concatenate([[interval[0]], found.x, [interval[1]]])
    z = net.preactivations(x[:, None])[layer]
    ax.plot(x, z, color=color, lw=1.2, alpha=0.8)
    zeros = found.x[found.layer == layer]
    marker = LAYER_MARKERS[layer % len(LAYER_MARKERS)]
    ax.plot(zeros, np.zeros_like(zeros), marker, ls="none", ms=5, mfc=color, mec=CREASE, mew=0.6,
            zorder=5)
    ax.axhline(0.0, color=CREASE, lw=0.8)
    ax.set_xlim(*interval)
    return ax
