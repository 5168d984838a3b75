"""Every public callable of `origami` and `origami_book` documents each of its parameters, and its errors (numpy style).

A public callable is a name in the ``__all__`` of a public module, or a public method (or
``__call__``) of a public class. Its parameters (``self`` and ``cls`` aside) must each be named
in its ``Parameters`` section. A class documents its constructor's parameters in the
``Parameters`` or ``Attributes`` section of its own docstring or in ``__init__``'s
``Parameters``; a dataclass or NamedTuple names every field in ``Attributes`` (or
``Parameters``). A callable whose own code raises, or calls a validator of ``_validate``
(each raises ``ValueError``), has a ``Raises`` section (a class's may be in its own docstring).
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import re

import pytest

import origami
import origami_book
from origami import _validate

MODULES = [f"{package.__name__}.{m.name}" for package in (origami, origami_book)
           for m in pkgutil.iter_modules(package.__path__) if not m.name.startswith("_")]
_HEADING = re.compile(r"^(\w[\w ]*)\n-{3,}$", re.M)


def sections(doc: str | None) -> dict[str, str]:
    """The sections of a numpy-style docstring, by heading (``Parameters``, ``Returns``...)."""
    doc = inspect.cleandoc(doc or "")
    found = list(_HEADING.finditer(doc))
    return {m.group(1): doc[m.end() : found[k + 1].start() if k + 1 < len(found) else len(doc)]
            for k, m in enumerate(found)}


def named(section: str) -> set[str]:
    """The names a Parameters/Attributes section documents: ``x : int``, ``x, y``, ``**kw``."""
    names = set()
    for line in section.splitlines():
        if line and not line[0].isspace():
            names |= {name.strip().lstrip("*") for name in line.split(" : ")[0].split(",")}
    return names


def parameters(function) -> list[str]:
    """The parameter names of ``function``, ``self`` and ``cls`` left out."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):  # some builtins have none
        return []
    return [name for name in signature.parameters if name not in ("self", "cls")]


def _missing(function) -> list[str]:
    documented = named(sections(function.__doc__).get("Parameters", ""))
    return [name for name in parameters(function) if name not in documented]


def _strays(doc: str | None, function) -> list[str]:
    """Entries of a Parameters section that are no parameter of ``function``: usually prose
    written after the section, which the API page would show as parameters."""
    section = sections(doc).get("Parameters")
    if section is None or any(p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL) for p in _signature(function)):
        return []
    return sorted(named(section) - set(parameters(function)))


def _signature(function) -> list[inspect.Parameter]:
    try:
        return list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):
        return []


def _methods(cls) -> list[tuple[str, object]]:
    out = []
    for name, member in vars(cls).items():
        if name.startswith("_") and name != "__call__":
            continue
        if isinstance(member, (staticmethod, classmethod)):
            member = member.__func__
        if inspect.isfunction(member):
            out.append((name, member))
    return out


def undocumented(obj, qualname: str) -> list[str]:
    """One line per parameter (or field) of ``obj`` and its methods that no section names."""
    if not inspect.isclass(obj):
        return [f"{qualname}: {name}" for name in _missing(obj)] if callable(obj) else []
    own = sections(obj.__doc__)
    fields = ([f.name for f in dataclasses.fields(obj)] if dataclasses.is_dataclass(obj)
              else list(getattr(obj, "_fields", ())))
    if fields:
        documented = named(own.get("Attributes", "")) | named(own.get("Parameters", ""))
        problems = [f"{qualname}: field {name}" for name in fields if name not in documented]
    elif "__init__" in vars(obj):
        documented = named(own.get("Parameters", "")) | named(own.get("Attributes", ""))
        documented |= named(sections(obj.__init__.__doc__).get("Parameters", ""))
        problems = [f"{qualname}: {name}" for name in parameters(obj.__init__) if name not in documented]
    else:
        problems = []
    for name, method in _methods(obj):
        problems += [f"{qualname}.{name}: {p}" for p in _missing(method)]
    return problems


def public_callables() -> list[tuple[str, object]]:
    found = []
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        found += [(f"{module_name}.{name}", getattr(module, name)) for name in module.__all__
                  if callable(getattr(module, name))]
    return found


def test_every_public_callable_names_each_parameter_in_its_docstring():
    problems = [line for qualname, obj in public_callables() for line in undocumented(obj, qualname)]
    assert not problems, f"{len(problems)} parameters without a Parameters entry:\n" + "\n".join(problems)


_RAISES = re.compile(r"\braise\b|\b_validate\.\w+\(")


def raises_unsaid(function, also: str | None = None) -> bool:
    """Whether ``function``'s code raises (or validates) while no docstring says so."""
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return False
    code = source.split('"""', 2)[-1]  # after the docstring
    said = "Raises" in sections(function.__doc__) or "Raises" in sections(also)
    return bool(_RAISES.search(code)) and not said


def test_every_public_callable_that_raises_has_a_raises_section():
    unsaid = []
    for qualname, obj in public_callables():
        if inspect.isclass(obj):
            if "__init__" in vars(obj) and raises_unsaid(obj.__init__, obj.__doc__):
                unsaid.append(qualname)
            unsaid += [f"{qualname}.{name}" for name, method in _methods(obj) if raises_unsaid(method)]
        elif raises_unsaid(obj):
            unsaid.append(qualname)
    assert not unsaid, "raise without a Raises section: " + ", ".join(unsaid)


def test_a_parameters_section_names_only_parameters():
    strays = []
    for qualname, obj in public_callables():
        if inspect.isclass(obj):
            if "__init__" in vars(obj) and not dataclasses.is_dataclass(obj):
                strays += [f"{qualname}: {s}" for s in _strays(obj.__doc__, obj.__init__)]
                strays += [f"{qualname}.__init__: {s}" for s in _strays(obj.__init__.__doc__, obj.__init__)]
            strays += [f"{qualname}.{name}: {s}" for name, m in _methods(obj) for s in _strays(m.__doc__, m)]
        elif callable(obj):
            strays += [f"{qualname}: {s}" for s in _strays(obj.__doc__, obj)]
    assert not strays, "Parameters entries that are no parameter:\n" + "\n".join(strays)


def _prose_after_parameters(x):
    """Summary.

    Parameters
    ----------
    x : int
        A value.

    Tolerance: none.
    """


def test_the_stray_check_finds_prose_read_as_a_parameter():
    assert _strays(_prose_after_parameters.__doc__, _prose_after_parameters) == ["Tolerance: none."]


def test_the_walk_reaches_functions_classes_and_methods():
    names = dict(public_callables())
    assert len(names) > 100
    assert {"origami.bounds.zaslavsky", "origami.polytopes.RegionsND", "origami.frames.Frame"} <= set(names)
    assert "volume" in dict(_methods(origami.RegionsND))
    assert "__call__" in dict(_methods(origami.ReLUNetwork))


def _no_parameters_section(x, *rest, scale=1.0):
    """A function with a summary only."""


def _half_documented(x, y):
    """A function that documents one parameter of two.

    Parameters
    ----------
    x : int
        Documented.

    Returns
    -------
    y : int
        Named in Returns, which does not count.
    """


@dataclasses.dataclass
class _Point:
    """A point.

    Attributes
    ----------
    x : float
    """

    x: float
    y: float


class _Box:
    """A box.

    Parameters
    ----------
    low, high : float
        Its ends.
    """

    def __init__(self, low, high, *, closed=True):
        self.low, self.high = low, high

    def scaled(self, factor):
        """The box scaled by ``factor``."""


@pytest.mark.parametrize(("obj", "expected"), [
    (_no_parameters_section, ["f: x", "f: rest", "f: scale"]),
    (_half_documented, ["f: y"]),
    (_Point, ["f: field y"]),
    (_Box, ["f: closed", "f.scaled: factor"]),
])
def test_the_check_finds_each_undocumented_parameter(obj, expected):
    assert undocumented(obj, "f") == expected


def _checks(x):
    """Validates ``x``."""
    _validate.whole_number(x, "x")


def _says_so(x):
    """Validates ``x``.

    Raises
    ------
    ValueError
        If ``x`` is no whole number.
    """
    _validate.whole_number(x, "x")


def test_the_raises_check_finds_a_raise_that_is_not_said():
    assert raises_unsaid(_checks)
    assert not raises_unsaid(_says_so)
    assert not raises_unsaid(_Box.scaled)


def test_a_fully_documented_function_passes_the_check():
    def documented(x, *rest, **options):
        """Documented.

        Parameters
        ----------
        x, *rest : float
            Values.
        **options
            Passed on.
        """

    assert undocumented(documented, "f") == []
