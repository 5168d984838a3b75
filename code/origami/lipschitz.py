"""Lipschitz constants of a network: the exact one on a box, and the classical layer-norm bound.

On a convex box a network that is affine on every region is as steep as its steepest region,
so the exact constant is a maximum over the exact regions (:func:`origami.regions_2d`), with
gradients measured in the dual norm of the input norm (:func:`origami.robustness.dual_norm`).
"""

from __future__ import annotations

import numpy as np

from . import _validate
from .network import ReLUNetwork
from .regions2d import Regions2D
from .robustness import dual_norm

__all__ = ["lipschitz_constant", "layer_norm_bound"]
__dir__ = __all__.copy  # dir() lists the public names only


def lipschitz_constant(regions: Regions2D, ord=2, output: int = 0) -> float:
    """The exact Lipschitz constant of one output of a 2-D network on the box of its regions.

    The smallest ``L`` with ``|f(x) - f(y)| <= L ||x - y||`` for all ``x, y`` in the box
    ``K``, with ``||.||`` the input norm ``ord``. Because ``K`` is convex and ``f`` is affine
    on every region, it is exactly ``max_p dual_norm(a_p, ord)`` over the gradients ``a_p``
    of the regions with non-empty interior in ``K``.

    Tolerance: none beyond that of :func:`origami.regions_2d`. Boundary points: regions that
    only touch the box do not count (they are not in ``regions``).

    Parameters
    ----------
    regions : Regions2D
        The exact regions of the network over a box (:func:`origami.regions_2d`).
    ord : {2, np.inf, 1}
        The norm on the input (the output is a number, measured by ``|.|``).
    output : int
        Which output.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``regions`` is not a ``Regions2D``, ``ord`` not 1, 2 or ``np.inf``, or ``output``
        not an output of the network.

    References
    ----------
    M. Jordan and A. G. Dimakis, "Exactly computing the local Lipschitz constant of ReLU
    networks", NeurIPS 2020 (``jordan2020`` in the book's bibliography).

    Examples
    --------
    >>> from origami import regions_2d
    >>> net = ReLUNetwork([np.eye(2), [[1.0, 2.0]]], [np.zeros(2), [0.0]])  # relu(x) + 2 relu(y)
    >>> round(lipschitz_constant(regions_2d(net, (-1, 1, -1, 1))) ** 2, 12)
    5.0
    """
    if not isinstance(regions, Regions2D):
        raise ValueError(f"regions must be a Regions2D (from origami.regions_2d), got {type(regions).__name__}")
    output = _validate.output_index(regions.net, output)
    return float(dual_norm(regions.A[:, output, :], ord).max())


def layer_norm_bound(net: ReLUNetwork, ord=2, output: int = 0) -> float:
    """The classical upper bound on a Lipschitz constant: the product of the layers' operator norms.

    Every region's gradient is a product of the weight matrices with some rows switched off,
    so its dual norm is at most the product of the layers' ``ord`` operator norms (the last
    layer restricted to ``output``). Usually far above :func:`lipschitz_constant`.

    Tolerance: none. No boundary cases.

    Parameters
    ----------
    net : ReLUNetwork
    ord : {2, np.inf, 1}
        The norm on the input, and on every layer's space.
    output : int
        Which output.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``net`` is not a ``ReLUNetwork``, ``ord`` not 1, 2 or ``np.inf``, or ``output`` not
        an output of the network.

    References
    ----------
    A. Virmaux and K. Scaman, "Lipschitz regularity of deep neural networks: analysis and
    efficient estimation", NeurIPS 2018 (``virmaux2018`` in the book's bibliography).

    Examples
    --------
    >>> net = ReLUNetwork([np.eye(2), [[1.0, 2.0]]], [np.zeros(2), [0.0]])
    >>> round(layer_norm_bound(net) ** 2, 12)
    5.0
    """
    if not isinstance(net, ReLUNetwork):
        raise ValueError(f"net must be a ReLUNetwork, got {type(net).__name__}")
    ord = _validate.norm_order(ord)
    output = _validate.output_index(net, output)
    layers = net.weights[:-1] + [net.weights[-1][output : output + 1]]
    return float(np.prod([np.linalg.norm(w, ord) for w in layers]))
