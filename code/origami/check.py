"""Self-checks for exercises: tell a student whether an answer is right, without the solution.

Each function returns a :class:`Feedback`, which reads well when printed or shown as the last
line of a notebook cell, and whose ``correct`` attribute a test can assert on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _validate
from .network import ReLUNetwork
from .regions1d import kinks as exact_kinks
from .regions2d import regions_2d


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


def region_count(answer, net: ReLUNetwork, bounds) -> Feedback:
    """Check the number of activation regions of a 2-input network inside a box."""
    n = int(_answer(answer, "region count", 0))
    truth = len(regions_2d(net, bounds))
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
