"""Self-checks for exercises: tell a student whether an answer is right, without the solution.

Each function returns a :class:`Feedback`, which reads well when printed or shown as the last
line of a notebook cell, and whose ``correct`` attribute a test can assert on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _validate
from .constructions import interpolant
from .network import ReLUNetwork
from .pieces import linear_pieces
from .regions1d import kinks as exact_kinks
from .regions2d import regions_2d
from .robustness import dual_norm, region_distance
from .verify import grid_hits


@dataclass(frozen=True)
class Feedback:
    """The verdict on an answer.

    Attributes
    ----------
    correct : bool
    message : str
        Encouraging and specific; never contains the full solution.
    """

    correct: bool
    message: str

    def __str__(self) -> str:
        return ("✅ " if self.correct else "❌ ") + self.message

    def _repr_markdown_(self) -> str:
        return str(self)

    def __bool__(self) -> bool:
        return self.correct


def _answer(value, name: str, ndim) -> np.ndarray:
    try:
        return _validate.finite_array(value, name, ndim=ndim)
    except ValueError as exc:
        raise ValueError(f"your answer {exc}") from None


def kinks(answer, net: ReLUNetwork, interval, atol: float = 1e-6) -> Feedback:
    """Check a list of kink locations of a one-input network on an interval.

    Parameters
    ----------
    answer : array_like, shape (k,)
        The kinks you found, in any order.
    net : ReLUNetwork
    interval : tuple of float
    atol : float
        How close a kink must be to count as found.
    """
    mine = np.sort(_answer(answer, "kinks", 1))
    truth = exact_kinks(net, interval)
    found = np.array([np.any(np.abs(mine - k) <= atol) for k in truth], dtype=bool)
    spurious = np.array([not np.any(np.abs(truth - m) <= atol) for m in mine], dtype=bool)
    if found.all() and not spurious.any():
        return Feedback(True, f"Correct: all {len(truth)} kinks, each within {atol:g}.")
    parts = [f"You found {len(mine)} kink{'s' * (len(mine) != 1)}; there are {len(truth)}."]
    if not found.all():
        miss = truth[~found][0]
        parts.append(f"One is missing: look near x = {miss:.1f}.")
    if spurious.any():
        parts.append(
            f"At x = {mine[spurious][0]:.3g} the slope does not change — is that unit's outgoing "
            "weight zero, or is the point outside the interval?"
        )
    return Feedback(False, " ".join(parts))


def region_count(answer, net: ReLUNetwork, bounds, plane=None) -> Feedback:
    """Check the number of activation regions of a 2-input network inside a box.

    Parameters
    ----------
    answer : int
    net : ReLUNetwork
    bounds : tuple of float
        ``(xmin, xmax, ymin, ymax)``, in plane coordinates if ``plane`` is given.
    plane : tuple, optional
        ``(origin, u, v)`` to count on a 2-D slice of a higher-dimensional input, as in
        :func:`origami.regions_2d`.
    """
    n = int(_answer(answer, "region count", 0))
    truth = len(regions_2d(net, bounds, plane=plane))
    if n == truth:
        return Feedback(True, f"Correct: {truth} regions.")
    hint = (
        "too many: regions outside the box, or patterns that no point has, do not count"
        if n > truth
        else "too few: small regions are easy to miss on a grid — count exactly"
    )
    return Feedback(False, f"{n} is {hint}.")


def affine_map(A, c, net: ReLUNetwork, x0, rtol: float = 1e-8) -> Feedback:
    """Check the affine map ``x -> A x + c`` of the region containing ``x0``."""
    x0 = _validate.finite_array(x0, "x0", ndim=1)
    true_A, true_c = net.local_affine(x0)
    A = _answer(A, "A", (1, 2)).reshape(true_A.shape) if np.size(A) == true_A.size else None
    if A is None:
        return Feedback(False, f"A should have {true_A.size} entries, the shape {true_A.shape} (out, in).")
    c = _answer(c, "c", (0, 1)).reshape(true_c.shape) if np.size(c) == true_c.size else None
    if c is None:
        return Feedback(False, f"c should have {true_c.size} entries, one per output.")
    scale = max(1.0, float(np.abs(true_A).max()), float(np.abs(true_c).max()))
    A_ok = np.allclose(A, true_A, atol=rtol * scale)
    c_ok = np.allclose(c, true_c, atol=rtol * scale)
    if A_ok and c_ok:
        return Feedback(True, "Correct: this is the network's exact map on the region of x0.")
    if not A_ok and np.allclose(A, true_A.T.reshape(A.shape), atol=rtol * scale):
        return Feedback(False, "A looks transposed: weights are (out, in), so A is (outputs, inputs).")
    which = "A and c are" if not (A_ok or c_ok) else ("A is" if not A_ok else "c is")
    return Feedback(
        False,
        f"{which} not right yet. Check which units are active at x0 (net.activation_pattern) and "
        "multiply only through those.",
    )


def piece_count(answer, net: ReLUNetwork, interval) -> Feedback:
    """Check the number of linear pieces (maximal intervals of constant slope) on an interval."""
    n = int(_answer(answer, "piece count", 0))
    truth = len(exact_kinks(net, interval)) + 1
    if n == truth:
        return Feedback(True, f"Correct: {truth} linear pieces.")
    more = "more" if n < truth else "fewer"
    return Feedback(False, f"Not quite: there are {more} than {n}. Pieces = kinks + 1.")


def linear_piece_count(answer, net: ReLUNetwork, bounds) -> Feedback:
    """Check the number of linear pieces (regions merged where the affine map is the same) in a box."""
    n = int(_answer(answer, "piece count", 0))
    regions = regions_2d(net, bounds)
    truth = len(linear_pieces(regions))
    if n == truth:
        return Feedback(True, f"Correct: {truth} linear pieces.")
    if n == len(regions):
        return Feedback(False, "That is the number of activation regions. Merge neighbours whose affine maps agree.")
    more = "more" if n < truth else "fewer"
    return Feedback(False, f"Not quite: there are {more} than {n}. A piece is a maximal union of regions with one map.")


def _sample_points(domain) -> np.ndarray:
    domain = _validate.finite_array(domain, "domain", ndim=1)
    if domain.size == 2:
        lo, hi = domain
        return np.linspace(lo, hi, 4001)[:, None]
    if domain.size == 4:
        xmin, xmax, ymin, ymax = domain
        xs, ys = np.meshgrid(np.linspace(xmin, xmax, 301), np.linspace(ymin, ymax, 301))
        return np.column_stack([xs.ravel(), ys.ravel()])
    raise ValueError(f"domain must be an interval (a, b) or a box (xmin, xmax, ymin, ymax), got {domain.size} numbers")


def _breakpoints(f, interval) -> np.ndarray:
    return exact_kinks(f, interval) if isinstance(f, ReLUNetwork) else np.empty(0)


def same_function(candidate, reference, domain, atol: float = 1e-8) -> Feedback:
    """Check that your network computes the same function as a reference on an interval or a box.

    On an interval, two networks are compared at every kink of both and at the ends: two
    piecewise linear functions that agree there agree everywhere, so the check is exact. A
    reference that is a plain function (``np.abs``) and every box are compared on a dense grid.

    Parameters
    ----------
    candidate : ReLUNetwork
        Your network.
    reference : ReLUNetwork or callable
        The function to match; a callable takes an array of shape (n, d).
    domain : tuple of float
        ``(a, b)`` for one input, ``(xmin, xmax, ymin, ymax)`` for two.
    atol : float
        Largest difference accepted.
    """
    if not isinstance(candidate, ReLUNetwork):
        raise ValueError(f"candidate must be a ReLUNetwork, got {type(candidate).__name__}")
    if not (isinstance(reference, ReLUNetwork) or callable(reference)):
        raise ValueError("reference must be a ReLUNetwork or a function of an (n, d) array")
    x = _sample_points(domain)
    if x.shape[1] != candidate.input_dim:
        return Feedback(False, f"Your network takes {candidate.input_dim} inputs; this domain has {x.shape[1]}.")
    if x.shape[1] == 1:
        extra = np.concatenate([_breakpoints(candidate, domain), _breakpoints(reference, domain)])
        x = np.vstack([x, extra[:, None]])
    mine = np.asarray(candidate(x), dtype=float).reshape(len(x), -1)
    theirs = np.asarray(reference(x), dtype=float).reshape(len(x), -1)
    if mine.shape != theirs.shape:
        return Feedback(False, f"Your network has {mine.shape[1]} outputs; the reference has {theirs.shape[1]}.")
    gap = np.abs(mine - theirs).max(axis=1)
    worst = int(np.argmax(gap))
    if gap[worst] <= atol:
        exact = " (exactly: at every kink of both)" if x.shape[1] == 1 and isinstance(reference, ReLUNetwork) else ""
        return Feedback(True, f"Correct: the two functions agree to {atol:g} on the whole domain{exact}.")
    where = f"{x[worst, 0]:.3g}" if x.shape[1] == 1 else np.array2string(x[worst], precision=2, separator=", ")
    share = float(np.mean(gap > atol))
    start = "Not yet: they differ on most of the domain" if share > 0.5 else "Close in places, but not everywhere"
    return Feedback(
        False,
        f"{start}; the largest difference is {gap[worst]:.3g}, near x = {where}. Check the slope and offset there.",
    )


def grid_missed(answer, net: ReLUNetwork, bounds, resolution: int) -> Feedback:
    """Check how many activation regions a ``resolution`` × ``resolution`` grid of cell centres misses."""
    n = int(_answer(answer, "number of missed regions", 0))
    if int(resolution) != resolution or resolution < 1:
        raise ValueError(f"resolution must be a positive whole number of grid points per side, got {resolution!r}")
    resolution = int(resolution)
    hits = grid_hits(regions_2d(net, bounds), resolution)
    truth = int(np.sum(hits == 0))
    if n == truth:
        return Feedback(True, f"Correct: a {resolution}² grid misses {truth} of {len(hits)} regions.")
    hint = (
        "Count regions that contain no grid centre, not grid cells." if n > truth
        else "Some regions are thinner than a grid cell: compare the exact regions with the patterns the grid sees."
    )
    return Feedback(False, f"Not {n}. {hint}")


def boundary_distance(answer, net: ReLUNetwork, x0, ord=2, rtol: float = 1e-6) -> Feedback:
    """Check the distance from ``x0`` to the boundary of its activation region (norm ``ord``)."""
    d = float(_answer(answer, "distance", 0))
    truth = region_distance(net, x0, ord=ord).distance
    if abs(d - truth) <= rtol * max(1.0, truth):
        return Feedback(True, f"Correct: the nearest crease is {truth:.6g} away in this norm.")
    if d > truth:
        return Feedback(False, "Too far: some crease of the region is closer. Check every unit, not only the first layer.")
    return Feedback(False, "Too close: that point is still inside the region, or the norm is not the one asked for.")


_DUAL_NAME = {2.0: "2-norm", np.inf: "1-norm (sum of |entries|)", 1.0: "max-norm (largest |entry|)"}


def _steepest_slope(gradients: np.ndarray, ord: float) -> float:
    """The largest dual norm of ``ord`` over gradients of shape (F, 2): the Lipschitz constant."""
    return float(dual_norm(gradients, ord).max())


def _layer_norm_product(net: ReLUNetwork, ord: float) -> float:
    """The classical bound: the product of the layers' operator norms (first output only)."""
    layers = net.weights[:-1] + [net.weights[-1][:1]]
    return float(np.prod([np.linalg.norm(w, ord) for w in layers]))


def lipschitz_constant(answer, net: ReLUNetwork, bounds, ord=2, rtol: float = 1e-6) -> Feedback:
    """Check the exact Lipschitz constant of a 2-input network's first output on a box.

    The Lipschitz constant on the box ``K`` is the smallest ``L`` with
    ``|f(x) - f(y)| <= L ||x - y||`` for all ``x, y`` in ``K``, where ``||.||`` is the input
    norm ``ord``. Because ``K`` is convex and ``f`` is affine on every region, it is exactly
    ``max_p ||a_p||_*``: the largest gradient ``a_p`` (shape (2,)) of a region with
    non-empty interior in ``K``, measured in the *dual* norm of ``ord`` — for ``ord=2`` its
    2-norm, for ``ord=np.inf`` its 1-norm ``|a_1| + |a_2|``, and for ``ord=1`` its max-norm
    ``max(|a_1|, |a_2|)``. The regions are computed exactly with :func:`origami.regions_2d`.

    Parameters
    ----------
    answer : float
        Your Lipschitz constant.
    net : ReLUNetwork
        A network with 2 inputs; only its first output is checked.
    bounds : tuple of float
        ``(xmin, xmax, ymin, ymax)``.
    ord : {2, np.inf, 1}
        The norm on the input (the output is a number, measured by ``|.|``).
    rtol : float
        Relative tolerance (absolute for constants below 1).

    Examples
    --------
    >>> net = ReLUNetwork([np.eye(2), [[1.0, 2.0]]], [np.zeros(2), [0.0]])  # relu(x) + 2 relu(y)
    >>> lipschitz_constant(np.sqrt(5), net, (-1, 1, -1, 1)).correct
    True
    >>> lipschitz_constant(3, net, (-1, 1, -1, 1), ord=np.inf).correct
    True
    """
    L = float(_answer(answer, "Lipschitz constant", 0))
    if not isinstance(net, ReLUNetwork):
        raise ValueError(f"net must be a ReLUNetwork, got {type(net).__name__}")
    if net.input_dim != 2:
        raise ValueError(
            "net must have 2 inputs (its regions are cut exactly in the plane), "
            f"got {net.input_dim}"
        )
    ord = _validate.norm_order(ord)
    gradients = regions_2d(net, bounds).A[:, 0, :]  # one row per region, shape (F, 2)
    truth = _steepest_slope(gradients, ord)

    def matches(value: float) -> bool:
        return abs(L - value) <= rtol * max(1.0, value)

    if matches(truth):
        return Feedback(
            True, f"Correct: the steepest region in the box has slope {truth:.6g} in this norm."
        )
    if L < 0:
        return Feedback(
            False, "A Lipschitz constant is never negative: it bounds |f(x) - f(y)| / ||x - y||."
        )
    if matches(_layer_norm_product(net, ord)):
        return Feedback(
            False,
            "That is the product of the layers' norms: an upper bound on every region's slope, "
            "not the smallest constant. Take the largest slope over the exact regions instead.",
        )
    for other in (o for o in (2.0, np.inf, 1.0) if o != ord):
        if matches(_steepest_slope(gradients, other)):
            return Feedback(
                False,
                f"That is the constant for ord={other:g}. For ord={ord:g}, measure each region's "
                f"gradient in the dual norm, its {_DUAL_NAME[ord]}.",
            )
    if L > truth:
        return Feedback(
            False,
            "Too large: no region in the box is that steep. Use only regions inside the box, and "
            f"measure each gradient by its {_DUAL_NAME[ord]}.",
        )
    return Feedback(
        False,
        "Too small: some region in the box is steeper. The steepest region can be tiny, so take "
        "the maximum over all exact regions, not over sample points.",
    )


def interpolation_rate(answer, f, interval, pieces, knot_map=None, tol: float = 0.1) -> Feedback:
    """Check a measured rate ``r`` in ``max error ~ C p^(-r)`` for interpolation with ``p`` pieces.

    Parameters
    ----------
    answer : float
        Your rate (a positive number: the error falls like ``p ** -answer``).
    f : callable
        The function interpolated, vectorised over a 1-D array.
    interval : tuple of float
    pieces : sequence of int
        The numbers of pieces you used.
    knot_map : callable, optional
        Maps ``s = i / p`` in [0, 1] to a knot in [0, 1] (e.g. ``lambda s: s**4``); the
        default spaces knots equally.
    tol : float
        How far from the measured rate an answer may be.
    """
    r = float(_answer(answer, "rate", 0))
    a, b = _validate.interval(interval)
    pieces = np.asarray(pieces, dtype=int)
    if pieces.ndim != 1 or len(pieces) < 2 or np.any(pieces < 1):
        raise ValueError("pieces must list at least two positive numbers of pieces")
    warp = knot_map or (lambda s: s)
    xs = np.linspace(a, b, 20001)
    errors = []
    for p in pieces:
        knots = a + (b - a) * np.asarray(warp(np.linspace(0, 1, p + 1)), dtype=float)
        net = interpolant(knots, f(knots))
        errors.append(np.abs(net(xs[:, None])[:, 0] - f(xs)).max())
    truth = -np.polyfit(np.log(pieces), np.log(errors), 1)[0]
    if abs(r - truth) <= tol:
        return Feedback(True, f"Correct: the error falls like p^(-{truth:.2f}).")
    if r < 0:
        return Feedback(False, "Give the rate as a positive number: the error falls like p ** (-rate).")
    return Feedback(False, f"Not quite: fit a line to log(error) against log(p) and read its slope (yours is {'too steep' if r > truth else 'too flat'}).")
