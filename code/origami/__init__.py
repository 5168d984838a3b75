"""origami: the exact piecewise-linear geometry of ReLU networks.

A ReLU network computes a continuous piecewise linear function: it folds its input space
along hyperplanes, and on each facet of the fold it is exactly affine. This package computes
those facets exactly (kinks in 1-D, region polygons in 2-D, the affine map of every region),
checks them, counts them against the theoretical bounds, and draws them.
"""

from . import bounds, check, constructions, importers, plots, training, verify
from .interactive_figure import interactive
from .network import ReLUNetwork, batch_affine_maps, restrict_to_line
from .pieces import LinearPieces, linear_pieces
from .regions1d import Piece, kinks, regions_1d
from .regions2d import MeshEdges, Region, Regions2D, crossing_box, regions_2d
from .regions_nd import BoundaryDistance, RegionND, RegionsND, regions_nd

__all__ = [
    "ReLUNetwork",
    "batch_affine_maps",
    "restrict_to_line",
    "regions_1d",
    "kinks",
    "Piece",
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
    "bounds",
    "check",
    "constructions",
    "importers",
    "verify",
    "plots",
    "training",
    "interactive",
]

__version__ = "0.1.0"
