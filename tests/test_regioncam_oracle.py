"""An independent oracle: the compiled regioncam package must find the same regions."""

import numpy as np
import pytest
from hypothesis import given, settings

from origami import regions_2d

from peers import regioncam_count  # benchmarks/peers.py, on pytest's pythonpath
from strategies import networks

regioncam = pytest.importorskip("regioncam")


@settings(max_examples=40, deadline=None)
@given(net=networks(max_depth=3, max_width=24))
def test_region_counts_agree_with_regioncam(net):
    # regioncam computes in float32, so compare on networks whose regions are not slivers.
    mine = regions_2d(net, (-3.0, 3.0, -3.0, 3.0))
    theirs = regioncam_count(net, 3.0)
    tiny = np.count_nonzero(mine.areas < 1e-6)
    assert abs(len(mine) - theirs) <= tiny


@pytest.mark.parametrize("widths", [[2, 32, 1], [2, 16, 16, 1], [2, 16, 16, 16, 1], [2, 64, 64, 1]])
@pytest.mark.parametrize("seed", range(3))
def test_region_counts_match_regioncam_exactly_on_seeded_networks(widths, seed):
    from origami import ReLUNetwork

    net = ReLUNetwork.random(widths, seed=seed)
    assert len(regions_2d(net, (-3.0, 3.0, -3.0, 3.0))) == regioncam_count(net, 3.0)
