"""The controls of an interactive figure: ipywidgets' abbreviations, as a grid of values.

:func:`origami.interactive` takes its controls the way :func:`ipywidgets.interact` does, so
the same keywords work in both:

``name=(min, max, step)``
    A slider over ``min, min + step, ...`` up to ``max``; integers give an integer slider.
``name=[a, b, c]``, ``name=[("label", a), ...]`` or ``name={"label": a, ...}``
    A dropdown.
``name=True`` or ``name=False``
    A checkbox.

As in ipywidgets, a control starts at the default value of ``draw``'s parameter of that name
(``def draw(w=1.0)``); without one a slider starts at the grid point at or below the middle
of its range (ipywidgets' rule), a dropdown at its first option, a checkbox at the bool
given. Unlike ipywidgets, a slider needs its step: the static website shows one picture per
grid point. The live panel (:mod:`origami.live`) builds its widgets with ipywidgets'
own :meth:`ipywidgets.interactive.widget_from_abbrev` from the same abbreviations.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validate import is_real_number

__all__ = ["Control", "parse_control", "parse_controls"]
__dir__ = __all__.copy  # dir() lists the public names only

_EMPTY = inspect.Parameter.empty


@dataclass(frozen=True)
class Control:
    """One control: a name, its grid of values and how it is shown.

    Attributes
    ----------
    name : str
    kind : {"slider", "dropdown", "checkbox"}
    values : tuple
        The values ``draw`` can receive, in control order.
    labels : tuple of str
        What the reader sees for each value (the slider readout, the dropdown entries).
    default : int
        Index of the starting value.
    abbrev : object
        The ipywidgets abbreviation the control was made from (the live panel passes it to
        ipywidgets).
    """

    name: str
    kind: str
    values: tuple
    labels: tuple
    default: int
    abbrev: Any = None

    def __len__(self) -> int:
        return len(self.values)

    @property
    def is_int(self) -> bool:
        """True for a slider whose values are all ints."""
        return self.kind == "slider" and all(isinstance(v, int) for v in self.values)

    @property
    def step(self) -> float:
        """The distance between two neighbouring values of a slider (1 for other controls)."""
        return self.values[1] - self.values[0] if len(self.values) > 1 else 1

    @property
    def decimals(self) -> int:
        """The fewest decimals that show every value of a float slider exactly."""
        return _decimals(self.values) if self.kind == "slider" and not self.is_int else 0

    def index_of(self, value) -> int:
        """The grid index of ``value``.

        Parameters
        ----------
        value : object
            A value ``draw`` can receive: a number on the slider's grid (compared with a relative
            tolerance of ``1e-9`` of the step), or one of the dropdown's or checkbox's values.

        Returns
        -------
        int
            Its position in ``values``, from 0.

        Raises
        ------
        ValueError
            If ``value`` is not one of the control's values (the message names the control).
        """
        if self.kind == "slider":
            if not is_real_number(value):
                raise ValueError(f"control {self.name!r} takes a number, got {value!r}")
            k = round((float(value) - self.values[0]) / self.step)
            if not 0 <= k < len(self.values) or not math.isclose(
                self.values[k], value, rel_tol=1e-9, abs_tol=1e-9 * abs(self.step)
            ):
                raise ValueError(
                    f"control {self.name!r}: {value!r} is not one of its values "
                    f"{self.labels[0]}, {self.labels[1] if len(self) > 1 else ''}, ..., {self.labels[-1]}"
                )
            return k
        for k, v in enumerate(self.values):
            if v is value or _equal(v, value):
                return k
        raise ValueError(f"control {self.name!r}: {value!r} is not one of {list(self.labels)}")


def _equal(a, b) -> bool:
    try:
        return bool(a == b)
    except Exception:  # e.g. arrays compare elementwise
        return False


def _decimals(values: Sequence[float]) -> int:
    """The fewest decimals that show every value of a float grid exactly."""
    for d in range(7):
        if all(abs(round(v, d) - v) <= 1e-9 * max(1.0, abs(v)) for v in values):
            return d
    return 6


def _slider(name: str, spec: tuple, start) -> Control:
    if len(spec) != 3 or not all(is_real_number(v) for v in spec):
        raise ValueError(
            f"control {name!r} must be (min, max, step) with numbers (the static site needs the "
            f"step); its starting value is draw's default for {name!r}; got {spec!r}"
        )
    lo, hi, step = spec
    if not all(math.isfinite(v) for v in spec):
        raise ValueError(f"control {name!r} has a value that is not finite: {spec!r}")
    if not lo < hi:
        raise ValueError(f"control {name!r}: min must be less than max, got min={lo!r}, max={hi!r}")
    if not step > 0:
        raise ValueError(f"control {name!r}: step must be positive, got {step!r}")
    n = int(math.floor((hi - lo) / step * (1 + 1e-12) + 1e-9)) + 1
    if n < 2:
        raise ValueError(f"control {name!r}: step {step!r} is larger than max - min = {hi - lo!r}")
    if all(isinstance(v, (int, np.integer)) for v in spec):
        values: tuple = tuple(int(lo) + k * int(step) for k in range(n))
        labels = tuple(str(v) for v in values)
    else:
        values = tuple(round(float(lo) + k * float(step), 12) for k in range(n))
        d = _decimals(values)
        labels = tuple(f"{v:.{d}f}" for v in values)
    if start is _EMPTY:  # ipywidgets: the middle, moved down onto a step
        default = min(n - 1, int((hi - lo) / 2 / step + 1e-9))
    else:
        if not is_real_number(start) or not lo - 1e-9 * abs(step) <= start <= hi + 1e-9 * abs(step):
            raise ValueError(f"control {name!r}: draw's default {start!r} is outside [{lo!r}, {hi!r}]")
        default = min(range(n), key=lambda k: (abs(values[k] - start), k))
        if not math.isclose(values[default], start, rel_tol=1e-9, abs_tol=1e-9 * abs(step)):
            raise ValueError(f"control {name!r}: draw's default {start!r} is not on the grid {spec!r}")
    return Control(name, "slider", values, labels, default, spec)


def _dropdown(name: str, spec, start) -> Control:
    items = list(spec.items()) if isinstance(spec, Mapping) else list(spec)
    if not items:
        raise ValueError(f"control {name!r}: a dropdown needs at least one option")
    if isinstance(spec, Mapping):
        labels, values = [str(k) for k, _ in items], [v for _, v in items]
    elif all(isinstance(i, tuple) and len(i) == 2 and isinstance(i[0], str) for i in items):
        labels, values = [i[0] for i in items], [i[1] for i in items]
    else:
        labels, values = [str(v) for v in items], items
    if len(set(labels)) != len(labels):
        raise ValueError(f"control {name!r}: options must have distinct labels, got {labels}")
    control = Control(name, "dropdown", tuple(values), tuple(labels), 0, spec)
    if start is not _EMPTY:
        control = Control(name, "dropdown", tuple(values), tuple(labels), control.index_of(start), spec)
    return control


def parse_control(name: str, spec, start=_EMPTY) -> Control:
    """Turn one ``name=spec`` keyword of :func:`origami.interactive` into a :class:`Control`.

    Parameters
    ----------
    name : str
    spec : tuple, list, dict or bool
        An ipywidgets abbreviation (see the module docstring).
    start : optional
        The starting value (``draw``'s default for the parameter); omitted: ipywidgets' rule.

    Raises
    ------
    ValueError
        If the specification is not a slider tuple, an option list or mapping, or a bool, or
        ``start`` is not one of its values; the message names the control.
    """
    if isinstance(spec, (bool, np.bool_)):
        value = bool(spec) if start is _EMPTY else start
        if not isinstance(value, (bool, np.bool_)):
            raise ValueError(f"control {name!r}: a checkbox starts at a bool, draw's default is {value!r}")
        return Control(name, "checkbox", (False, True), ("off", "on"), int(bool(value)), bool(spec))
    if isinstance(spec, tuple) and spec and all(is_real_number(v) for v in spec):
        return _slider(name, spec, start)
    if isinstance(spec, (list, Mapping)) or (isinstance(spec, tuple) and spec):
        if isinstance(spec, tuple) and not all(isinstance(i, tuple) and len(i) == 2 for i in spec):
            raise ValueError(
                f"control {name!r}: a tuple makes a slider and must hold (min, max, step) "
                f"numbers; use a list for a dropdown, got {spec!r}"
            )
        return _dropdown(name, spec, start)
    raise ValueError(
        f"control {name!r} must be (min, max, step) for a slider, a list or dict of "
        f"options for a dropdown, or a bool for a checkbox, got {spec!r}"
    )


def parse_controls(draw: Callable[..., Any], name: str, controls: Mapping[str, Any]) -> list[Control]:
    """The controls of ``draw``, each starting at ``draw``'s default for it (if any).

    Parameters
    ----------
    draw : callable
        The drawing function; each control must name one of its parameters (checked against its
        signature when it has one).
    name : str
        The figure's name, used in error messages.
    controls : mapping of str to abbreviation
        ``{parameter: spec}``, each spec an ipywidgets abbreviation as in :func:`parse_control`.

    Returns
    -------
    list of Control
        One per entry of ``controls``, in their order.

    Raises
    ------
    ValueError
        If a control is malformed, or is not a parameter of ``draw`` (the message names it).
    """
    try:
        signature: inspect.Signature | None = inspect.signature(draw)
    except (TypeError, ValueError):  # builtins and some callables have none
        signature = None
    parameters = signature.parameters if signature is not None else {}
    parsed = [
        parse_control(key, spec, parameters[key].default if key in parameters else _EMPTY)
        for key, spec in controls.items()
    ]
    if signature is None:
        return parsed
    names = [c.name for c in parsed]
    try:
        signature.bind(**dict.fromkeys(names))
    except TypeError as err:
        extra = [n for n in names if n not in parameters]
        if extra and not any(p.kind is p.VAR_KEYWORD for p in parameters.values()):
            raise ValueError(f"control {extra[0]!r} is not a parameter of {name}{signature}") from None
        raise ValueError(f"{name}{signature} cannot be called with the controls {names}: {err}") from None
    return parsed
