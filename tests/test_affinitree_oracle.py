"""An independent oracle for regions_nd: affinitree (Rust) distils a network into a decision
tree of its affine pieces, pruning the paths that are empty inside a box precondition. For
networks in general position each terminal is one activation region with non-empty interior.
(Not when many zero sets meet in one point, e.g. without biases: affinitree then also keeps
patterns realised only on lower-dimensional pieces, so the degenerate cases are checked
against the brute force in test_regions_nd.py.)"""

import numpy as np
import pytest

from origami import ReLUNetwork, regions_nd

from peers import affinitree_count  # benchmarks/peers.py, on pytest's pythonpath

affinitree = pytest.importorskip("affinitree", reason="affinitree is the test-only oracle")


CASES = [
    ([3, 8, 8, 1], 0.0),
    ([3, 6, 6, 6, 2], 0.0),
    ([4, 8, 6, 1], 0.0),
    ([4, 7, 7, 1], 0.1),
    ([5, 6, 6, 1], 0.0),
    ([6, 6, 5, 1], 0.0),
]


@pytest.mark.parametrize("widths, slope", CASES)
@pytest.mark.parametrize("seed", [0, 1])
def test_same_number_of_regions_as_affinitree(widths, slope, seed):
    net = ReLUNetwork.random(widths, seed=seed, negative_slope=slope)
    rng = np.random.default_rng(seed)
    box = [(-rng.uniform(1, 3), rng.uniform(1, 3)) for _ in range(widths[0])]
    assert len(regions_nd(net, box)) == affinitree_count(net, box)
