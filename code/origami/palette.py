"""Colours, line styles and markers of the book's figures; region colours by activation pattern.

Categories (units, layers, curves) take colour ``i``, line style ``i`` and marker ``i`` together, so
no figure tells categories apart by colour alone; the colours are the Okabe-Ito palette (Okabe &
Ito 2008, "Color Universal Design"), which stays apart under the common colour-vision
deficiencies. Region colours depend only on the activation pattern, so a region keeps its colour
in every figure of the book. Imports numpy only.
"""

from __future__ import annotations

import colorsys

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "CREASE", "BLUE", "RED", "GREEN", "ORANGE", "PURPLE", "SKY", "YELLOW", "BLACK", "INK",
    "PALETTE", "LINESTYLES", "MARKERS", "category_style", "pattern_colors", "LAYER_COLORS",
    "LAYER_STYLES", "LAYER_MARKERS", "MIN_HUE_STEP",
]
__dir__ = __all__.copy  # dir() lists the public names only

#: Colour of creases (region boundaries) and of kinks.
CREASE = "#33302e"

# The Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"): eight colours that stay
# apart under the common colour-vision deficiencies (deuteranopia, protanopia, tritanopia).
#: Okabe-Ito blue.
BLUE = "#0072B2"
#: Okabe-Ito vermillion (the book's "red").
RED = "#D55E00"
#: Okabe-Ito bluish green (the book's "green").
GREEN = "#009E73"
#: Okabe-Ito orange.
ORANGE = "#E69F00"
#: Okabe-Ito reddish purple.
PURPLE = "#CC79A7"
#: Okabe-Ito sky blue.
SKY = "#56B4E9"
#: Okabe-Ito yellow (too light for thin lines on white; use for fills).
YELLOW = "#F0E442"
#: Okabe-Ito black.
BLACK = "#000000"

#: Colour of the network's graph (and of the first of several curves).
INK = BLUE
#: Colours for categories (units, layers, curves), in order; a figure uses them in this order.
PALETTE = (BLUE, RED, GREEN, ORANGE, PURPLE, SKY)
#: Line styles that go with :data:`PALETTE`: category ``i`` gets ``LINESTYLES[i]``, so lines stay
#: apart in greyscale print and for any colour vision.
LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 1)))
#: Markers that go with :data:`PALETTE` for categories drawn as points.
MARKERS = ("o", "s", "^", "D", "v", "P")


def category_style(i: int) -> dict:
    """Colour, line style and marker of category ``i`` (cycled), as ``ax.plot`` keywords.

    Parameters
    ----------
    i : int
        Category index, ``>= 0``.

    Returns
    -------
    dict
        ``{"color": ..., "ls": ..., "marker": ...}`` from :data:`PALETTE`, :data:`LINESTYLES`
        and :data:`MARKERS`.

    Raises
    ------
    ValueError
        If ``i`` is negative.

    Examples
    --------
    >>> category_style(1)["color"] == RED
    True
    """
    if int(i) != i or i < 0:
        raise ValueError(f"i must be a non-negative integer, got {i!r}")
    i = int(i)
    return {
        "color": PALETTE[i % len(PALETTE)],
        "ls": LINESTYLES[i % len(LINESTYLES)],
        "marker": MARKERS[i % len(MARKERS)],
    }

_GOLDEN = 0.618034  # hue = (sum of the active units' weights) * _GOLDEN, mod 1
#: Least hue change, as a share of the colour wheel, when one unit switches.
MIN_HUE_STEP = 0.2


def _hue_weights(n: int, seed: int = 20131220) -> NDArray[np.float64]:
    """``n`` random weights, each of which turns the hue by at least :data:`MIN_HUE_STEP`, so
    that neighbouring regions (patterns one unit apart) never look alike."""
    weights = np.random.default_rng(seed).random(4 * n)
    step = np.mod(weights * _GOLDEN, 1.0)
    kept = weights[(step >= MIN_HUE_STEP) & (step <= 1 - MIN_HUE_STEP)][:n]
    if len(kept) < n:
        raise RuntimeError(f"drew too few hue weights: {len(kept)} of {n}")
    return kept


_HUE_WEIGHTS = _hue_weights(4096)


def pattern_colors(patterns: ArrayLike) -> NDArray[np.float64]:
    """A soft, distinct colour for each activation pattern, fixed across figures.

    Parameters
    ----------
    patterns : array_like of bool, shape (m, N) or (N,)

    Returns
    -------
    ndarray, shape (m, 3) or (3,)
        RGB colours; equal patterns get equal colours, and two patterns that differ in one
        unit (neighbouring regions) differ in hue by at least :data:`MIN_HUE_STEP` of the
        colour wheel.

    Raises
    ------
    ValueError
        If the patterns have more than 4096 units (the palette mixes one hue weight per unit).
    """
    p = np.asarray(patterns, dtype=bool)
    single = p.ndim == 1
    p = np.atleast_2d(p)
    if p.shape[1] > len(_HUE_WEIGHTS):
        raise ValueError(f"patterns with more than {len(_HUE_WEIGHTS)} units are not supported")
    code = p @ _HUE_WEIGHTS[: p.shape[1]]
    hue = np.mod(code * _GOLDEN, 1.0)
    light = 0.72 + 0.12 * np.mod(code * 3.7, 1.0)
    rgb = np.array([colorsys.hls_to_rgb(h, l, 0.55) for h, l in zip(hue, light)])
    return rgb[0] if single else rgb


#: Colours of creases by layer in :func:`~origami.plots.plot_creases_by_layer` (layer 1, 2, 3, ...).
LAYER_COLORS = PALETTE
#: Line styles by layer, with :data:`LAYER_COLORS`.
LAYER_STYLES = LINESTYLES
#: Markers by layer (breakpoints in :func:`~origami.plots1d.plot_kink_sources`), with :data:`LAYER_COLORS`.
LAYER_MARKERS = MARKERS
