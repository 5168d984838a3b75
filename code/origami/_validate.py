"""Input checks shared by the public API: fail early, name the argument."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def finite_array(value, name: str, ndim: int | tuple[int, ...] | None = None) -> np.ndarray:
    """Return ``value`` as a float64 array, raising ``ValueError`` if it is unusable.

    Parameters
    ----------
    value : array_like
        The user's input.
    name : str
        The argument's name, used in the error message.
    ndim : int or tuple of int, optional
        Allowed numbers of dimensions.
    """
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be an array of real numbers ({exc})") from None
    if raw.dtype.kind == "c":
        raise ValueError(f"{name} must be real, got complex values (dtype {raw.dtype})")
    if raw.dtype.kind not in "biufO":
        raise ValueError(f"{name} must be an array of real numbers, got dtype {raw.dtype}")
    try:
        arr = raw.astype(float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be an array of real numbers ({exc})") from None
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else ndim
        if arr.ndim not in allowed:
            want = " or ".join(str(a) for a in allowed)
            raise ValueError(f"{name} must have {want} dimension(s), got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return arr


def whole_number(value, name: str, minimum: int | None = None) -> int:
    """Return ``value`` as an ``int``, raising ``ValueError`` unless it is a whole number.

    Integers (Python or numpy) pass; so do floats with an integral value (``3.0``). Booleans,
    fractional values (``3.7``), strings and non-finite values are refused rather than rounded.

    Parameters
    ----------
    value : int
    name : str
        The argument's name, used in the error message.
    minimum : int, optional
        The smallest allowed value.
    """
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if isinstance(value, (int, np.integer)):
        number = int(value)
    elif isinstance(value, (float, np.floating)) and np.isfinite(value) and float(value).is_integer():
        number = int(value)
    else:
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if minimum is not None and number < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {number}")
    return number


def box(bounds, name: str = "bounds") -> tuple[float, float, float, float]:
    """Check a 2-D box ``(xmin, xmax, ymin, ymax)`` with positive width and height."""
    arr = finite_array(bounds, name, ndim=1)
    if arr.shape != (4,):
        raise ValueError(f"{name} must be (xmin, xmax, ymin, ymax), got {arr.shape[0]} values")
    xmin, xmax, ymin, ymax = (float(v) for v in arr)
    if not (xmin < xmax and ymin < ymax):
        raise ValueError(
            f"{name} must satisfy xmin < xmax and ymin < ymax (a non-empty box), got {tuple(arr)}"
        )
    if not (np.isfinite(xmax - xmin) and np.isfinite(ymax - ymin)):
        raise ValueError(f"{name}: the box's width or height overflows float64, got {tuple(arr)}")
    return xmin, xmax, ymin, ymax


def interval(bounds, name: str = "interval") -> tuple[float, float]:
    """Check a 1-D interval ``(a, b)`` with ``a < b``."""
    arr = finite_array(bounds, name, ndim=1)
    if arr.shape != (2,):
        raise ValueError(f"{name} must be (a, b), got {arr.shape[0]} values")
    a, b = float(arr[0]), float(arr[1])
    if not a < b:
        raise ValueError(f"{name} must satisfy a < b (a non-empty interval), got ({a}, {b})")
    if not np.isfinite(b - a):
        raise ValueError(f"{name}: the interval's length overflows float64, got ({a}, {b})")
    return a, b


#: The vector norms (``ord`` arguments) that the distance and Lipschitz functions support.
ORDS = (1, 2, np.inf)


def norm_order(ord, name: str = "ord") -> float:
    """Check a norm order: one of ``1``, ``2`` or ``np.inf``."""
    if ord not in ORDS:
        raise ValueError(f"{name} must be one of 1, 2, np.inf, got {ord!r}")
    return float(ord)


def widths(n0: int, hidden: Sequence[int]) -> tuple[int, tuple[int, ...]]:
    """``(n0, hidden)`` of an architecture as ints, raising ``ValueError`` naming the bad one."""
    n0 = whole_number(n0, "n0 (the input dimension)", minimum=1)
    if isinstance(hidden, (str, bytes)) or not hasattr(hidden, "__iter__"):
        raise ValueError(f"hidden widths must be a non-empty list of positive integers, got {hidden!r}")
    hidden = tuple(whole_number(n, f"hidden[{i}]", minimum=1) for i, n in enumerate(hidden))
    if len(hidden) == 0:
        raise ValueError(f"hidden widths must be a non-empty list of positive integers, got {hidden}")
    return n0, hidden


def output_index(net, output) -> int:
    """Check that ``output`` is the index of one of ``net``'s outputs."""
    if not (isinstance(output, (int, np.integer)) and 0 <= output < net.output_dim):
        raise ValueError(f"output must be an integer in [0, {net.output_dim}), got {output!r}")
    return int(output)


def is_real_number(value) -> bool:
    """Whether ``value`` is a real number (Python or numpy int or float, not a bool)."""
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))
