"""Input checks shared by the public API: fail early, name the argument."""

from __future__ import annotations

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
        arr = np.asarray(value, dtype=float)
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
    return xmin, xmax, ymin, ymax


def interval(bounds, name: str = "interval") -> tuple[float, float]:
    """Check a 1-D interval ``(a, b)`` with ``a < b``."""
    arr = finite_array(bounds, name, ndim=1)
    if arr.shape != (2,):
        raise ValueError(f"{name} must be (a, b), got {arr.shape[0]} values")
    a, b = float(arr[0]), float(arr[1])
    if not a < b:
        raise ValueError(f"{name} must satisfy a < b (a non-empty interval), got ({a}, {b})")
    return a, b


#: The vector norms (``ord`` arguments) that the distance and Lipschitz functions support.
ORDS = (1, 2, np.inf)


def norm_order(ord, name: str = "ord") -> float:
    """Check a norm order: one of ``1``, ``2`` or ``np.inf``."""
    if ord not in ORDS:
        raise ValueError(f"{name} must be one of 1, 2, np.inf, got {ord!r}")
    return float(ord)
