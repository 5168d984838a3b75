"""Every numerical tolerance of the library, stated once, each relative to what it compares.

The exact algorithms (:func:`origami.regions_1d`, :func:`origami.regions_2d`,
:func:`origami.linear_pieces`, :func:`origami.kinks`, ...) run in float64, so a few
decisions need a tolerance. Each is relative to the quantity it compares, so that no answer
changes when a network's output is scaled or shifted, or when the box and the first layer are
rescaled or translated together:

* **Is a vertex on a unit's zero set?** (positions against the box.) ``|z| <= tol`` with
  ``tol = ZERO_RTOL * max|z| + E``: ``max|z|`` is the unit's largest value over the current
  mesh (the box, for the first layer), so a vertex closer to the unit's crease than about
  ``ZERO_RTOL`` of the box counts as on it; ``E`` is a bound on the rounding error of ``z``
  (``ROUNDING`` times the size of the terms whose sum is ``z``, carried through the layers),
  which matters only when the box lies far from the origin compared with its size.
* **Do two neighbouring regions have the same affine map?** (slopes against slopes.) Two
  regions that share an edge (a point in 1-D) have maps that agree on it, so the maps are
  equal exactly when their slopes ``A`` are. Slopes count as equal when every entry differs
  by at most ``SLOPE_RTOL`` times the magnitude of the products that made it
  (``|W_L| D |W_{L-1}| ... D |W_1|`` with the regions' gates ``D``, see
  :func:`slope_magnitudes`). The offsets ``c`` are never compared: a large constant cannot
  hide a change of slope, and a small slope change is seen at any scale.
* **Are two lines parallel, three points collinear?** ``|det| <= PARALLEL_RTOL |w_i| |w_j|``
  and ``|cross| <= COLLINEAR_RTOL span**2`` (directions against their lengths).
* **Is a value of an affine map at a corner zero?** (the decision boundary through a corner;
  values against their terms) and **is a row a combination of others?** (pruning; rows
  against the largest row): ``VALUE_RTOL`` and ``RANK_RTOL``.
* **Do the vertices on a zero set span a facet?** (:func:`origami.regions_nd`, only where
  vertices lie on more than ``d`` facets; singular values against the box's largest side):
  ``FLAT_RTOL``.
* **Is a term of a max-affine function ever the largest?** (:mod:`origami.tropical`; its
  lead against the largest coefficient, at least 1, or the hull's facet normals after each
  coordinate is scaled to unit spread; see the constant): ``PRUNE_RTOL``.

Where float64 cannot decide, the functions say so instead of returning a silently wrong count:
values of the network over the domain near the largest double, or a box whose width
overflows, raise ``ValueError`` (:func:`check_range`); a domain so far from the origin,
compared with its size, that float64 places a crease only to worse than
``RESOLUTION_WARNING`` of it gives a ``RuntimeWarning`` (:func:`warn_unresolved`); and
:func:`origami.crossing_box` refuses lines that cross at angles too small to resolve.
"""

from __future__ import annotations

import warnings

import numpy as np
from numpy.typing import NDArray

from .network import ReLUNetwork, batch_affine_maps

__all__ = [
    "EPS",
    "ZERO_RTOL",
    "ROUNDING",
    "SLOPE_RTOL",
    "PARALLEL_RTOL",
    "MIN_CROSSING_SINE",
    "COLLINEAR_RTOL",
    "VALUE_RTOL",
    "RANK_RTOL",
    "FLAT_RTOL",
    "PRUNE_RTOL",
    "RESOLUTION_WARNING",
    "HEADROOM",
    "value_range",
    "zero_tolerance",
    "warn_unresolved",
    "activated_size",
    "layer_error",
    "slope_magnitudes",
    "slopes_differ",
    "check_rtol",
    "check_range",
]
__dir__ = __all__.copy  # dir() lists the public names only

#: Machine epsilon of float64.
EPS = float(np.finfo(float).eps)

#: A vertex within ``ZERO_RTOL`` times a unit's largest value over the mesh of its zero set
#: counts as on it: regions thinner than about ``1e-10`` of the box are merged into a neighbour.
ZERO_RTOL = 1e-10

#: The rounding error of a sum is taken to be at most ``ROUNDING`` times the sum of the
#: magnitudes of its terms (``64 * eps``: generous for the short sums of a layer).
ROUNDING = 64 * EPS

#: Neighbouring regions have the same map when their slopes differ, entry by entry, by at most
#: ``SLOPE_RTOL`` times the magnitude of the products that made them (:func:`slope_magnitudes`).
SLOPE_RTOL = 1e-9

#: Two lines ``w_i . x + b_i = 0`` are parallel when ``|det(w_i, w_j)| <= PARALLEL_RTOL |w_i| |w_j|``.
PARALLEL_RTOL = 1e-12

#: :func:`origami.crossing_box` refuses lines that cross at an angle whose sine is below this:
#: the cells beyond the crossing would be wedges thinner than ``ZERO_RTOL`` of any box holding it.
MIN_CROSSING_SINE = 1e-8

#: Three consecutive polygon corners are collinear when their cross product is at most
#: ``COLLINEAR_RTOL`` times the polygon's span squared.
COLLINEAR_RTOL = 1e-12

#: A value ``a . p + c`` of an affine map at a corner ``p`` counts as zero when it is within
#: ``VALUE_RTOL`` of the size of its terms, ``|a| |p| + |c|`` (the decision boundary through a corner).
VALUE_RTOL = 1e-12

#: Rank decisions (:func:`origami.pruning.prune`): a row counts as a combination of others when its
#: residual is at most ``RANK_RTOL`` times the largest row norm.
RANK_RTOL = 1e-10

#: Rank decisions of :func:`origami.regions_nd`: a unit's zero set is a facet of a region, not a
#: lower-dimensional face, when the vertices on it span a ``(d - 1)``-flat, that is when at least
#: ``d - 1`` of their singular values (about one of them) exceed ``FLAT_RTOL`` times the box's
#: largest side. Needed only where every vertex on the zero set lies on more than ``d`` facets.
FLAT_RTOL = 1e-9

#: Pruning the terms of a max-affine function (:func:`origami.tropical.convex_decomposition`):
#: a term is kept when, at some input, it exceeds every other term by more than ``PRUNE_RTOL``
#: times the largest coefficient (at least 1), so dropping one changes the function by at most
#: that much (a linear program per term). When qhull can decide instead, a term is kept when its
#: point ``(a_i, c_i)`` lies on a facet of the points' convex hull whose unit outward normal has
#: last coordinate above ``PRUNE_RTOL``, after every coordinate is scaled to unit spread (so the
#: test does not depend on how large the slopes are next to the offsets).
PRUNE_RTOL = 1e-10

#: :func:`warn_unresolved` warns when a crease's position is uncertain by more than this
#: fraction of the unit's range over the domain (a box far from the origin compared with its size).
RESOLUTION_WARNING = 1e-4

#: The network's values over the domain may reach at most the largest double divided by
#: ``HEADROOM``, so that differences and interpolations of them cannot overflow.
HEADROOM = 16.0


def value_range(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per unit, the largest value and the smallest, clipped at zero: ``(max(z, 0), min(z, 0))``.

    Cutting a mesh only adds vertices whose values interpolate existing ones, so the range of
    a layer's values at its start bounds them until the next layer.

    Parameters
    ----------
    z : ndarray, shape (units, n)
        The units' values at the current mesh vertices (points in 1-D).

    Returns
    -------
    top, bottom : ndarray, shape (units,)
    """
    return z.max(axis=1, initial=0.0), z.min(axis=1, initial=0.0)


def zero_tolerance(top: np.ndarray, bottom: np.ndarray, error: np.ndarray) -> NDArray[np.float64]:
    """Per unit, how close to zero a value must be to count as on the unit's zero set.

    Parameters
    ----------
    top, bottom : ndarray, shape (units,)
        The units' value range (:func:`value_range`).
    error : ndarray, shape (units,)
        A bound on the rounding error of those values (:func:`layer_error`).

    Returns
    -------
    ndarray, shape (units,)
        ``ZERO_RTOL * max|z| + error``.
    """
    return ZERO_RTOL * np.maximum(top, -bottom) + error


def warn_unresolved(top: np.ndarray, bottom: np.ndarray, error: np.ndarray, tol: np.ndarray,
                    name: str, first_layer: np.ndarray | None = None) -> None:
    """Warn when float64 cannot place a crease that meets the domain to ``RESOLUTION_WARNING``.

    A unit of a later layer is checked when it visibly changes sign over the domain. A unit
    of the first layer with a non-zero weight row is always checked: it varies on the domain,
    so values all within rounding of zero mean the domain is too small for its distance from
    the origin (a deeper unit can instead be exactly zero, by cancellation).

    Parameters
    ----------
    top, bottom : ndarray, shape (units,)
        The units' value range (:func:`value_range`).
    error : ndarray, shape (units,)
        Their rounding error bound (:func:`layer_error`).
    tol : ndarray, shape (units,)
        Their zero tolerance (:func:`zero_tolerance`).
    name : str
        The function to name in the warning.
    first_layer : ndarray, shape (units, d), optional
        The first layer's weights, when ``z`` are its values.
    """
    if first_layer is not None:
        crosses = np.any(first_layer != 0, axis=1)
    else:
        crosses = (top > tol) & (bottom < -tol)
    span = np.maximum(top, -bottom)
    worst = np.where(crosses, error / np.where(span > 0, span, 1.0), 0.0)
    if worst.size and worst.max() > RESOLUTION_WARNING:
        warnings.warn(
            f"{name}: float64 places some creases only to about {worst.max():.1g} of the domain "
            "(it lies far from the origin compared with its size); regions thinner than that are "
            "merged. Translate the domain and the first layer towards the origin.",
            RuntimeWarning,
            stacklevel=3,
        )


def activated_size(top: np.ndarray, bottom: np.ndarray, negative_slope: float) -> np.ndarray:
    """The largest ``|activate(z)|`` per unit, from the value range of ``z`` (:func:`value_range`).

    Parameters
    ----------
    top, bottom : ndarray, shape (units,)
        Each unit's largest value clipped at zero (``>= 0``) and smallest clipped at zero
        (``<= 0``), as :func:`value_range` returns them.
    negative_slope : float
        The activation's slope for negative inputs (0 for ReLU, ``a`` for leaky ReLU).

    Returns
    -------
    ndarray, shape (units,)
        ``max(top, -negative_slope * bottom)``: the largest magnitude the unit's output takes.
    """
    return np.maximum(top, -negative_slope * bottom)


def layer_error(w: np.ndarray, b: np.ndarray, h_abs_max: np.ndarray,
                previous: np.ndarray) -> NDArray[np.float64]:
    """A bound on the rounding error of one layer's pre-activations ``z = W h + b``.

    Parameters
    ----------
    w : ndarray, shape (out, in)
    b : ndarray, shape (out,)
    h_abs_max : ndarray, shape (in,)
        The largest ``|h|`` of each input over the mesh.
    previous : ndarray, shape (in,)
        The error bound of ``h`` (zero for the network's input).

    Returns
    -------
    ndarray, shape (out,)
        ``|W| previous + ROUNDING (|W| max|h| + |b|)``: the propagated error plus this layer's own.
    """
    aw = np.abs(w)
    return aw @ previous + ROUNDING * (aw @ h_abs_max + np.abs(b))


def slope_magnitudes(net, patterns: np.ndarray) -> NDArray[np.float64]:
    """The scale of every region's slopes: the products ``|W_L| D |W_{L-1}| ... D |W_1|``.

    ``A = W_L D W_{L-1} ... D W_1`` is a sum of products along paths through the active units;
    this is the same sum with every term made non-negative. It bounds ``|A|`` and its rounding
    error, scales with the output and with the first layer, and is zero exactly when every
    path is switched off (then ``A`` is exactly zero too).

    Parameters
    ----------
    net : ReLUNetwork
    patterns : ndarray of bool, shape (m, N)

    Returns
    -------
    ndarray, shape (m, out, d)
    """
    magnitude = ReLUNetwork(
        [np.abs(w) for w in net.weights], [np.zeros_like(b) for b in net.biases],
        negative_slope=net.negative_slope,
    )
    return batch_affine_maps(magnitude, patterns)[0]


def slopes_differ(a: np.ndarray, b: np.ndarray, scale_a: np.ndarray, scale_b: np.ndarray,
                  rtol: float = SLOPE_RTOL) -> NDArray[np.bool_]:
    """Whether pairs of slopes differ, each entry against the magnitude of both.

    Parameters
    ----------
    a, b : ndarray, shape (p, k)
        Slopes of the two regions of each pair, flattened.
    scale_a, scale_b : ndarray, shape (p, k)
        Their :func:`slope_magnitudes`, flattened the same way.
    rtol : float

    Returns
    -------
    ndarray of bool, shape (p,)
    """
    return np.any(np.abs(a - b) > rtol * np.maximum(scale_a, scale_b), axis=1)


def check_rtol(rtol, name: str = "rtol") -> float:
    """Check a relative tolerance: a real number in ``[0, 1)``.

    Parameters
    ----------
    rtol : float
        The tolerance to check; ints, floats and numpy scalars are accepted, booleans are not.
    name : str, default "rtol"
        The argument named in the error message.

    Returns
    -------
    float
        ``rtol`` as a Python float.

    Raises
    ------
    ValueError
        If ``rtol`` is not a real number in [0, 1).
    """
    if isinstance(rtol, (bool, np.bool_)) or not isinstance(rtol, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name} must be a real number in [0, 1), got {rtol!r}")
    value = float(rtol)
    if not (np.isfinite(value) and 0.0 <= value < 1.0):
        raise ValueError(f"{name} must be a real number in [0, 1), got {rtol!r}")
    return value


def check_range(net, largest_input: float, name: str = "bounds") -> None:
    """Raise ``ValueError`` if the network's values over a domain may overflow float64.

    The magnitudes ``m_0 = largest |input|``, ``m_l = |W_l| m_{l-1} + |b_l|`` bound every
    pre-activation and output over the domain. The exact algorithms take differences of such
    values and interpolate between them, so each bound must stay below the largest double
    divided by ``HEADROOM``.

    Parameters
    ----------
    net : ReLUNetwork
    largest_input : float
        The largest absolute coordinate of the domain.
    name : str
        The argument named in the error.

    Raises
    ------
    ValueError
        If the network's values over the domain can grow too large to compute in float64.
    """
    limit = np.finfo(float).max / HEADROOM
    m = np.full(net.input_dim, float(largest_input))
    with np.errstate(over="ignore", invalid="ignore"):
        for w, b in zip(net.weights, net.biases):
            m = np.abs(w) @ m + np.abs(b)
            if not np.all(m <= limit):
                raise ValueError(
                    f"{name}: the network's values over this domain can reach about "
                    f"{float(np.max(m)):.3g}, too large to compute in float64 (the largest double is "
                    f"{np.finfo(float).max:.3g}); use a smaller domain or rescale the network"
                )
