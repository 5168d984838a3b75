"""How :mod:`origami.check` reads a student's answer (private): a number, an array, a count, a network.

An answer that cannot be read raises :class:`BadAnswer`, whose message the checks turn into a ❌
(never a traceback); the helpers here say what was wrong with it, and where two functions are
compared.
"""

from __future__ import annotations

import numpy as np

from . import _validate
from .network import ReLUNetwork


class BadAnswer(Exception):
    """An answer that cannot be checked; its message becomes a ❌ :class:`~origami.check.Feedback`."""


def read(value, name: str, ndim) -> np.ndarray:
    """The student's ``value`` as a finite float array with ``ndim`` dimensions, or ``BadAnswer``."""
    if value is Ellipsis or value is None:
        raise BadAnswer(f"No answer yet: replace the ... with your {name}.")
    try:
        return _validate.finite_array(value, name, ndim=ndim)
    except ValueError as exc:
        raise BadAnswer(f"Your answer cannot be checked: {exc}.") from None


def count(value, name: str) -> int:
    """The student's ``value`` as a whole, non-negative number, or ``BadAnswer``."""
    number = float(read(value, name, 0))
    if number != round(number):
        raise BadAnswer(f"{number:g} is not a whole number: a {name} counts things, so it is 0, 1, 2, …")
    if number < 0:
        raise BadAnswer(f"A {name} is never negative, and {number:g} is.")
    return int(round(number))


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


ROUNDED = ("Close, but not exact: your value is within 1 % of the answer. Compute it to full "
           "precision instead of rounding it or reading it off a plot.")


def rounded(value: float, truth: float) -> bool:
    """Whether ``value`` is what rounding ``truth`` (or reading it off a plot) would give."""
    return abs(value - truth) <= 0.01 * max(abs(truth), 1e-12)


def sample_points(domain) -> np.ndarray:
    """Where to compare two functions: 4001 points of an interval, or a 301 x 301 grid of a box."""
    domain = _validate.finite_array(domain, "domain", ndim=1)
    if domain.size == 2:
        lo, hi = domain
        return np.linspace(lo, hi, 4001)[:, None]
    if domain.size == 4:
        xmin, xmax, ymin, ymax = domain
        xs, ys = np.meshgrid(np.linspace(xmin, xmax, 301), np.linspace(ymin, ymax, 301))
        return np.column_stack([xs.ravel(), ys.ravel()])
    raise ValueError(f"domain must be an interval (a, b) or a box (xmin, xmax, ymin, ymax), got {domain.size} numbers")


def structure(candidate: ReLUNetwork, hidden_layers: int | None, units: int | None) -> str | None:
    """What is wrong with the shape of ``candidate`` for an exercise that states one, or None."""
    for value, name in ((hidden_layers, "hidden_layers"), (units, "units")):
        if value is not None and (int(value) != value or value < 0):
            raise ValueError(f"{name} must be a whole number >= 0 or None, got {value!r}")
    layers = len(candidate.hidden_widths)
    if hidden_layers is not None and layers != hidden_layers:
        return (f"This exercise asks for {plural(int(hidden_layers), 'hidden layer')}; your network has "
                f"{layers} (its widths are {candidate.widths}).")
    if units is not None and candidate.n_hidden != units:
        return (f"This exercise asks for {plural(int(units), 'hidden unit')} in all; your network has "
                f"{candidate.n_hidden}.")
    return None
