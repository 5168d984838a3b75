"""The peer packages origami's exact regions are checked and timed against, in one place.

``regioncam`` (compiled Rust, 2-D) counts the regions of a network over a square;
``affinitree`` (compiled Rust, any input dimension) distils a network into a decision tree of
its affine pieces over a box. Both are test-only dependencies (``requirements-test.txt``),
imported when first called. The benchmarks (``benchmarks/bench_regions.py``,
``benchmarks/bench_regions_nd.py``) time them with :func:`best_time`; the oracle tests
(``tests/test_regioncam_oracle.py``, ``tests/test_affinitree_oracle.py``) compare their
counts with origami's. The tests import this module through pytest's ``pythonpath`` option
(``pyproject.toml``); the benchmarks, run as scripts, find it beside them.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from origami import ReLUNetwork

__all__ = ["best_time", "regioncam_count", "affinitree_count", "silenced_stdout"]


def best_time(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The shortest wall-clock time of ``repeat`` calls of ``fn``, and its last result.

    Parameters
    ----------
    fn : callable
        Called with no arguments, ``repeat`` times.
    repeat : int
        Number of calls, at least 1.

    Returns
    -------
    seconds : float
        The fastest call, by ``time.perf_counter``.
    result : object
        What the last call returned.

    Raises
    ------
    ValueError
        If ``repeat`` is not an int >= 1.
    """
    if isinstance(repeat, bool) or not isinstance(repeat, int) or repeat < 1:
        raise ValueError(f"repeat must be an int >= 1, got {repeat!r}")
    best, result = math.inf, None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def regioncam_count(net: ReLUNetwork, half_width: float) -> int:
    """The number of regions regioncam finds for ``net`` over ``[-half_width, half_width]²``.

    regioncam computes in float32, so regions thinner than about ``1e-6`` of the square may
    be counted differently from origami's float64 ones.

    Parameters
    ----------
    net : ReLUNetwork
        A network with 2 inputs; ReLU or leaky ReLU (``net.negative_slope``). The output
        layer adds no regions and is not passed on.
    half_width : float
        Half the side of the square, centred at the origin (> 0).

    Returns
    -------
    int
        regioncam's ``num_faces``.

    Raises
    ------
    ValueError
        If ``net`` does not have 2 inputs or ``half_width`` is not positive.
    """
    import regioncam

    if net.input_dim != 2:
        raise ValueError(f"net must have 2 inputs for regioncam, got {net.input_dim}")
    if not half_width > 0:
        raise ValueError(f"half_width must be positive, got {half_width!r}")
    cam = regioncam.Regioncam(float(half_width))
    for w, b in zip(net.weights[:-1], net.biases[:-1]):
        cam.linear(w.T.astype(np.float32), b.astype(np.float32))
        if net.negative_slope:
            cam.leaky_relu(net.negative_slope)
        else:
            cam.relu()
    return cam.num_faces


def affinitree_count(net: ReLUNetwork, box: Sequence[Sequence[float]]) -> int:
    """The number of terminals of affinitree's decision tree of ``net`` on ``box``.

    For a network in general position each terminal is one activation region with non-empty
    interior. affinitree prints its progress to file descriptor 1 from Rust; that output is
    silenced (:func:`silenced_stdout`).

    Parameters
    ----------
    net : ReLUNetwork
        Any input dimension ``d``; ReLU or leaky ReLU (``net.negative_slope``).
    box : sequence of (low, high), length d
        The box precondition, one interval per input.

    Returns
    -------
    int
        The tree's ``num_terminals()``.

    Raises
    ------
    ValueError
        If ``box`` does not have one interval per input.
    """
    from affinitree import AffFunc, AffTree, Architecture, Polytope, builder

    d = net.input_dim
    intervals = [tuple(interval) for interval in box]
    if len(intervals) != d or any(len(interval) != 2 for interval in intervals):
        raise ValueError(f"box must hold {d} intervals (low, high), got {box!r}")
    arch = Architecture(d)
    for layer, (w, b) in enumerate(zip(net.weights, net.biases)):
        arch.linear(AffFunc.from_mats(w, b))
        if layer < len(net.weights) - 1:
            if net.negative_slope:
                arch.leaky_relu(net.negative_slope)
            else:
                arch.relu()
    pre = AffTree.from_poly(Polytope.hyperrectangle(d, intervals), AffFunc.identity(d))
    with silenced_stdout():
        tree = builder.from_layers(arch, pre)
    return tree.num_terminals()


@contextlib.contextmanager
def silenced_stdout() -> Iterator[None]:
    """Point file descriptor 1 at ``/dev/null`` for the block (Rust code writes to it directly).

    Python's ``sys.stdout`` is flushed first, and the descriptor restored afterwards, also
    when the block raises.
    """
    sys.stdout.flush()
    saved = os.dup(1)
    with open(os.devnull, "w") as null:
        os.dup2(null.fileno(), 1)
        try:
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)
