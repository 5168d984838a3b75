"""Self-checks for exercises: tell a student whether an answer is right, without the solution.

Each function returns a :class:`Feedback`, which reads well when printed or shown as the last
line of a notebook cell, and whose ``correct`` attribute a test (or an autograder) can assert on.
An answer that cannot be read — the wrong shape, not a number, a count that is not a whole number,
or an unfilled ``...`` — gets a ❌ that says so, never a traceback; a wrong *problem* (a network,
an interval or a tolerance that is not usable) still raises ``ValueError`` naming the argument.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import _answers, _validate, approximation, lipschitz
from .network import ReLUNetwork
from .pieces import linear_pieces
from .regions1d import kinks as exact_kinks
from .regions2d import regions_2d
from .robustness import region_distance
from .verify import grid_hits

__all__ = [
    "Feedback",
    "kinks",
    "region_count",
    "affine_map",
    "linear_piece_count",
    "same_function",
    "grid_missed",
    "boundary_distance",
    "lipschitz_constant",
    "interpolation_rate",
]
__dir__ = __all__.copy  # dir() lists the public names only


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


def _answers_gently(check: Callable[..., Feedback]) -> Callable[..., Feedback]:
    """Turn a ``_answers.BadAnswer`` raised inside ``check`` into a ❌ :class:`Feedback`."""

    @functools.wraps(check)
    def wrapper(*args, **kwargs) -> Feedback:
        try:
            return check(*args, **kwargs)
        except _answers.BadAnswer as exc:
            return Feedback(False, str(exc))

    return wrapper


@_answers_gently
def kinks(answer, net: ReLUNetwork, interval, atol: float = 1e-6) -> Feedback:
    """Check a list of kink locations of a one-input network on an interval.

    Every kink must be listed once, within ``atol`` of its exact place. The feedback counts
    what is missing, what is listed twice and what is not a kink, and tells a value that is
    merely close (rounded, or read off a plot) from one that is wrong, without listing the kinks.

    Parameters
    ----------
    answer : array_like, shape (k,)
        The kinks you found, in any order.
    net : ReLUNetwork
        A network with one input.
    interval : tuple of float
        ``(a, b)``.
    atol : float
        How close a kink must be to count as found.

    Returns
    -------
    Feedback
        ❌ also for an answer that is not a flat list of finite numbers.

    Raises
    ------
    ValueError
        If ``interval`` is not ``(a, b)`` with ``a < b``, or ``net`` has not one input.

    Examples
    --------
    >>> absolute = ReLUNetwork([[[1.0], [-1.0]], [[1.0, 1.0]]], [[0.0, 0.0], [0.0]])  # |x|
    >>> kinks([0.0], absolute, (-1, 1)).correct
    True
    >>> print(kinks([0.0, 0.0], absolute, (-1, 1)))
    ❌ You listed 2 kinks; there is 1. x = 0 is listed twice: each kink counts once.
    """
    a, b = _validate.interval(interval)
    mine = np.sort(_answers.read(answer, "kinks", 1))
    truth = exact_kinks(net, (a, b))
    near = max(100 * atol, 0.01 * (b - a))  # a value this close was computed roughly, not wrongly
    if len(truth) and len(mine):
        distance = np.abs(mine[:, None] - truth[None, :])  # (k, n)
        nearest = distance.argmin(axis=1)
        gap = distance[np.arange(len(mine)), nearest]
    else:
        nearest, gap = np.zeros(len(mine), dtype=int), np.full(len(mine), np.inf)
    exact, close = gap <= atol, (gap > atol) & (gap <= near)
    hit = np.zeros(len(truth), dtype=int)
    np.add.at(hit, nearest[exact | close], 1)
    twice = [m for i, m in enumerate(mine) if (exact | close)[i] and hit[nearest[i]] > 1]
    if exact.all() and len(mine) == len(truth) and (hit == 1).all():
        return Feedback(True, f"Correct: all {_answers.plural(len(truth), 'kink')}, each within {atol:g}.")
    parts = [f"You listed {_answers.plural(len(mine), 'kink')}; there {'is' if len(truth) == 1 else 'are'} {len(truth)}."]
    if len(mine) and len(truth) == len(mine) and np.allclose(mine * np.pi, truth, atol=atol, rtol=0):
        return Feedback(False, parts[0] + " Your numbers are the kinks in units of π: give x itself "
                        "(multiply by np.pi).")
    if twice:
        parts.append(f"x = {twice[0]:.3g} is listed twice: each kink counts once.")
    missing = int(np.sum(hit == 0))
    if missing:
        first = truth[hit == 0][0]
        parts.append(f"{missing} of {len(truth)} {'is' if missing == 1 else 'are'} missing: look near x = {first:.1f}.")
    if close.any():
        worst = int(np.argmax(np.where(close, gap, -1)))
        parts.append(
            f"{_answers.plural(int(close.sum()), 'value')} {'is' if close.sum() == 1 else 'are'} close to a kink "
            f"but not exact (x = {mine[worst]:.6g} is {gap[worst]:.2g} away; the check asks for {atol:g}): "
            "compute the kinks from the weights instead of rounding them or reading them off a plot."
        )
    spurious = ~(exact | close)
    if spurious.any():
        parts.append(
            f"At x = {mine[spurious][0]:.3g} the slope does not change"
            f"{f' (nor at {int(spurious.sum()) - 1} more of your values)' if spurious.sum() > 1 else ''}: "
            "it is not a kink of the network on this interval."
        )
    return Feedback(False, " ".join(parts))


@_answers_gently
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

    Raises
    ------
    ValueError
        As :func:`origami.regions_2d`, for ``net``, ``bounds`` and ``plane``.
    """
    n = _answers.count(answer, "region count")
    truth = len(regions_2d(net, bounds, plane=plane))
    if n == truth:
        return Feedback(True, f"Correct: {truth} regions.")
    hint = (
        "too many: regions outside the box, or patterns that no point has, do not count"
        if n > truth
        else "too few: small regions are easy to miss on a grid — count exactly"
    )
    return Feedback(False, f"{n} is {hint}.")


@_answers_gently
def affine_map(A, c, net: ReLUNetwork, x0, rtol: float = 1e-8) -> Feedback:
    """Check the affine map ``x -> A x + c`` of the region containing ``x0``.

    Parameters
    ----------
    A, c : array_like, shapes (m, d) and (m,)
    net : ReLUNetwork
    x0 : array_like, shape (d,)
    rtol : float
        Tolerance, relative to the largest entry of the true map (at least 1).

    Raises
    ------
    ValueError
        If ``x0`` is not a finite point of shape (d,).
    """
    x0 = _validate.finite_array(x0, "x0", ndim=1)
    true_A, true_c = net.local_affine(x0)
    A = _answers.read(A, "A", (1, 2))
    A = A.reshape(true_A.shape) if A.size == true_A.size else None
    if A is None:
        return Feedback(False, f"A should have {true_A.size} entries, the shape {true_A.shape} (out, in).")
    c = _answers.read(c, "c", (0, 1))
    c = c.reshape(true_c.shape) if c.size == true_c.size else None
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


@_answers_gently
def linear_piece_count(answer, net: ReLUNetwork, domain) -> Feedback:
    """Check the number of linear pieces (not activation regions) of a network on a domain.

    A linear piece is a maximal connected set on which the network is one affine map:
    neighbouring activation regions with the same map lie in one piece.

    Parameters
    ----------
    answer : int
    net : ReLUNetwork
        A network with one input (``domain`` an interval) or two (``domain`` a box).
    domain : tuple of float
        ``(a, b)``: count maximal intervals of constant slope (kinks + 1); or
        ``(xmin, xmax, ymin, ymax)``: count the regions inside the box merged where their
        affine maps agree (:func:`origami.linear_pieces`).

    Raises
    ------
    ValueError
        If ``domain`` has neither 2 nor 4 numbers, or does not fit ``net``'s inputs.
    """
    n = _answers.count(answer, "piece count")
    size = np.size(domain)
    if size == 2:
        truth = len(exact_kinks(net, domain)) + 1
        if n == truth:
            return Feedback(True, f"Correct: {truth} linear pieces.")
        more = "more" if n < truth else "fewer"
        return Feedback(False, f"Not quite: there are {more} than {n}. Pieces = kinks + 1.")
    if size != 4:
        raise ValueError(f"domain must be an interval (a, b) or a box (xmin, xmax, ymin, ymax), got {domain!r}")
    regions = regions_2d(net, domain)
    truth = len(linear_pieces(regions))
    if n == truth:
        return Feedback(True, f"Correct: {truth} linear pieces.")
    if n == len(regions):
        return Feedback(False, "That is the number of activation regions. Merge neighbours whose affine maps agree.")
    more = "more" if n < truth else "fewer"
    return Feedback(False, f"Not quite: there are {more} than {n}. A piece is a maximal union of regions with one map.")


def _breakpoints(f, interval) -> np.ndarray:
    return exact_kinks(f, interval) if isinstance(f, ReLUNetwork) else np.empty(0)


@_answers_gently
def same_function(
    candidate,
    reference,
    domain,
    atol: float = 1e-8,
    *,
    hidden_layers: int | None = None,
    units: int | None = None,
) -> Feedback:
    """Check that your network computes the same function as a reference on an interval or a box.

    On an interval, two networks are compared at every kink of both and at the ends: two
    piecewise linear functions that agree there agree everywhere, so the check is exact. A
    reference that is a plain function (``np.abs``) and every box are compared on a dense grid.
    Where an exercise asks for a network of a given shape, ``hidden_layers`` and ``units``
    make the shape part of the answer: a deeper or wider network that computes the same
    function gets a ❌.

    Parameters
    ----------
    candidate : ReLUNetwork
        Your network (anything else gets a ❌ saying so).
    reference : ReLUNetwork or callable
        The function to match; a callable takes an array of shape (n, d).
    domain : tuple of float
        ``(a, b)`` for one input, ``(xmin, xmax, ymin, ymax)`` for two.
    atol : float
        Largest difference accepted.
    hidden_layers : int, optional
        The number of hidden layers the exercise asks for.
    units : int, optional
        The total number of hidden units the exercise asks for.

    Raises
    ------
    ValueError
        If ``reference``, ``domain``, ``hidden_layers`` or ``units`` is unusable.

    Examples
    --------
    >>> absolute = ReLUNetwork([[[1.0], [-1.0]], [[1.0, 1.0]]], [[0.0, 0.0], [0.0]])  # |x|
    >>> same_function(absolute, np.abs, (-1, 1), hidden_layers=1, units=2).correct
    True
    >>> deeper = ReLUNetwork([np.eye(1), absolute.weights[0], absolute.weights[1]],
    ...                      [[1.0], [-1.0, 1.0], [0.0]])  # |relu(x + 1) - 1| on [-1, 1]
    >>> print(same_function(deeper, np.abs, (-1, 1), hidden_layers=1))
    ❌ This exercise asks for 1 hidden layer; your network has 2 (its widths are [1, 1, 2, 1]).
    """
    if not (isinstance(reference, ReLUNetwork) or callable(reference)):
        raise ValueError("reference must be a ReLUNetwork or a function of an (n, d) array")
    if candidate is Ellipsis or candidate is None:
        raise _answers.BadAnswer("No answer yet: replace the ... with your network (an origami.ReLUNetwork).")
    if not isinstance(candidate, ReLUNetwork):
        raise _answers.BadAnswer(f"Your answer should be an origami.ReLUNetwork; it is a {type(candidate).__name__}.")
    wrong_shape = _answers.structure(candidate, hidden_layers, units)
    x = _answers.sample_points(domain)
    if wrong_shape:
        return Feedback(False, wrong_shape)
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


@_answers_gently
def grid_missed(answer, net: ReLUNetwork, bounds, resolution: int) -> Feedback:
    """Check how many activation regions a ``resolution`` × ``resolution`` grid of cell centres misses.

    Parameters
    ----------
    answer : int
        Your number of regions that contain no grid centre (:func:`origami.verify.grid_hits`).
    net : ReLUNetwork
        Two inputs.
    bounds : tuple of float
        ``(xmin, xmax, ymin, ymax)``, the box the grid covers.
    resolution : int
        Grid points per side.

    Raises
    ------
    ValueError
        If ``resolution`` is not a positive whole number, or ``bounds`` not a box.
    """
    if int(resolution) != resolution or resolution < 1:
        raise ValueError(f"resolution must be a positive whole number of grid points per side, got {resolution!r}")
    n = _answers.count(answer, "number of missed regions")
    resolution = int(resolution)
    hits = grid_hits(regions_2d(net, bounds), resolution)
    truth = int(np.sum(hits == 0))
    if n == truth:
        return Feedback(True, f"Correct: a {resolution}² grid misses {truth} of {len(hits)} regions.")
    hint = (
        "Count regions that contain no grid centre, not grid cells." if n > truth
        else "Too few: for every exact region, test whether some grid centre falls in it (verify.grid_hits)."
    )
    return Feedback(False, f"Not {n}. {hint}")


@_answers_gently
def boundary_distance(answer, net: ReLUNetwork, x0, ord=2, rtol: float = 1e-6) -> Feedback:
    """Check the distance from ``x0`` to the boundary of its activation region (norm ``ord``).

    Parameters
    ----------
    answer : float
    net : ReLUNetwork
    x0 : array_like, shape (d,)
    ord : {2, np.inf, 1}
        The norm (:func:`origami.robustness.region_distance`).
    rtol : float
        Relative tolerance (absolute for distances below 1).

    Raises
    ------
    ValueError
        As :func:`origami.robustness.region_distance`, for ``net``, ``x0`` and ``ord``.
    """
    d = float(_answers.read(answer, "distance", 0))
    truth = region_distance(net, x0, ord=ord).distance
    if abs(d - truth) <= rtol * max(1.0, truth):
        return Feedback(True, f"Correct: the nearest crease is {truth:.6g} away in this norm.")
    if _answers.rounded(d, truth):
        return Feedback(False, _answers.ROUNDED)
    if d > truth:
        return Feedback(False, "Too far: some crease of the region is closer. Check every unit, not only the first layer.")
    return Feedback(False, "Too close: that point is still inside the region, or the norm is not the one asked for.")


_DUAL_NAME = {2.0: "2-norm", np.inf: "1-norm (sum of |entries|)", 1.0: "max-norm (largest |entry|)"}


@_answers_gently
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

    Raises
    ------
    ValueError
        If ``net`` has not 2 inputs, ``ord`` is not 1, 2 or ``np.inf``, or ``bounds`` not a box.

    Examples
    --------
    >>> net = ReLUNetwork([np.eye(2), [[1.0, 2.0]]], [np.zeros(2), [0.0]])  # relu(x) + 2 relu(y)
    >>> lipschitz_constant(np.sqrt(5), net, (-1, 1, -1, 1)).correct
    True
    >>> lipschitz_constant(3, net, (-1, 1, -1, 1), ord=np.inf).correct
    True
    """
    L = float(_answers.read(answer, "Lipschitz constant", 0))
    if not isinstance(net, ReLUNetwork):
        raise ValueError(f"net must be a ReLUNetwork, got {type(net).__name__}")
    if net.input_dim != 2:
        raise ValueError(
            "net must have 2 inputs (its regions are cut exactly in the plane), "
            f"got {net.input_dim}"
        )
    ord = _validate.norm_order(ord)
    regions = regions_2d(net, bounds)
    truth = lipschitz.lipschitz_constant(regions, ord)

    def matches(value: float) -> bool:
        return abs(L - value) <= rtol * max(1.0, value)

    if matches(truth):
        return Feedback(
            True, f"Correct: the steepest region in the box has slope {truth:.6g} in this norm."
        )
    if _answers.rounded(L, truth):
        return Feedback(False, _answers.ROUNDED)
    if L < 0:
        return Feedback(
            False, "A Lipschitz constant is never negative: it bounds |f(x) - f(y)| / ||x - y||."
        )
    if matches(lipschitz.layer_norm_bound(net, ord)):
        return Feedback(
            False,
            "That is the product of the layers' norms: an upper bound on every region's slope, "
            "not the smallest constant. Take the largest slope over the exact regions instead.",
        )
    for other in (o for o in (2.0, np.inf, 1.0) if o != ord):
        if matches(lipschitz.lipschitz_constant(regions, other)):
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


@_answers_gently
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

    Raises
    ------
    ValueError
        If ``pieces`` lists fewer than two sizes, or ``interval`` is not ``(a, b)`` with ``a < b``.
    """
    r = float(_answers.read(answer, "rate", 0))
    a, b = _validate.interval(interval)
    pieces = np.asarray(pieces, dtype=int)
    if pieces.ndim != 1 or len(pieces) < 2 or np.any(pieces < 1):
        raise ValueError("pieces must list at least two positive numbers of pieces")
    truth = approximation.convergence_rate(pieces, approximation.interpolation_errors(f, (a, b), pieces, knot_map))
    if abs(r - truth) <= tol:
        return Feedback(True, f"Correct: the error falls like p^(-{truth:.2f}).")
    if r < 0:
        return Feedback(False, "Give the rate as a positive number: the error falls like p ** (-rate).")
    return Feedback(False, f"Not quite: fit a line to log(error) against log(p) and read its slope (yours is {'too steep' if r > truth else 'too flat'}).")
