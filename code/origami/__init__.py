"""origami: the exact piecewise-linear geometry of ReLU networks.

A ReLU network computes a continuous piecewise linear function: it folds its input space
along hyperplanes, and on each facet of the fold it is exactly affine. This package computes
those facets exactly (kinks in 1-D, region polygons in 2-D, the affine map of every region),
checks them, counts them against the theoretical bounds, and draws them.

``import origami`` loads numpy only. The figures (:mod:`origami.plots`, matplotlib) and the
interactive figures (:func:`origami.interactive`, matplotlib and ipywidgets) load when first
used, as does every submodule not imported here (PEP 562).
"""

import pkgutil as _pkgutil
from importlib import import_module as _import_module

from . import bounds, check, constructions, importers, training, verify
from .network import ReLUNetwork, batch_affine_maps, restrict_to_line, restrict_to_plane
from .pieces import LinearPieces, linear_pieces
from .regions1d import Region1D, kinks, regions_1d
from .regions2d import MeshEdges, Region, Regions2D, crossing_box, regions_2d
from .polytopes import BoundaryDistance, RegionND, RegionsND
from .regionsnd import regions_nd

#: Functions loaded on first use, with the module that defines them (which needs matplotlib).
_LAZY_FUNCTIONS = {
    "interactive": "origami.interactive_figure",
}
#: Every public submodule (a file without a leading underscore); those not imported above load
#: on first use.
_SUBMODULES = tuple(sorted(module.name for module in _pkgutil.iter_modules(__path__)
                           if not module.name.startswith("_")))

__all__ = [
    "ReLUNetwork",
    "batch_affine_maps",
    "restrict_to_line",
    "restrict_to_plane",
    "regions_1d",
    "kinks",
    "Region1D",
    "regions_2d",
    "crossing_box",
    "Regions2D",
    "Region",
    "MeshEdges",
    "regions_nd",
    "RegionsND",
    "RegionND",
    "BoundaryDistance",
    "linear_pieces",
    "LinearPieces",
    "interactive",
]
# Submodules (no function above shares a submodule's name)
__all__ += list(_SUBMODULES)

__version__ = "0.1.0"


def __getattr__(name: str):
    """Load a lazy function or submodule on first use (PEP 562)."""
    if name in _LAZY_FUNCTIONS:
        value = getattr(_import_module(_LAZY_FUNCTIONS[name]), name)
    elif name in _SUBMODULES:
        value = _import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)

