import numpy as np
from hypothesis import given, settings

from origami import ReLUNetwork, linear_pieces, regions_1d, regions_2d

from strategies import networks

BOX = (-3.0, 3.0, -3.0, 3.0)


@settings(max_examples=40, deadline=None)
@given(net=networks(max_depth=3, max_width=16))
def test_linear_pieces_never_outnumber_regions(net):
    regions = regions_2d(net, BOX)
    pieces = linear_pieces(regions)
    assert 1 <= len(pieces) <= len(regions)
    assert pieces.labels.shape == (len(regions),)


def test_a_dead_downstream_unit_merges_regions_into_one_piece():
    # The output ignores unit 2 (weight 0), so its line splits regions but not pieces.
    net = ReLUNetwork([[[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0]]], [[0.0, 0.0], [0.0]])
    regions = regions_2d(net, BOX)
    pieces = linear_pieces(regions)
    assert len(regions) == 4 and len(pieces) == 2
    on_right = regions.centroids[:, 0] > 0
    assert len(set(pieces.labels[on_right])) == 1 and len(set(pieces.labels[~on_right])) == 1


def test_merged_regions_really_share_a_map():
    net = ReLUNetwork.random([2, 6, 6, 1], seed=4)
    net.weights[-1][0, :3] = 0.0  # silence half of the last layer
    regions = regions_2d(net, BOX)
    pieces = linear_pieces(regions)
    for label in range(len(pieces)):
        members = np.flatnonzero(pieces.labels == label)
        np.testing.assert_allclose(regions.A[members], regions.A[members[:1]].repeat(len(members), 0), atol=1e-9)


def test_one_dimensional_pieces_merge_equal_neighbours():
    net = ReLUNetwork([[[1.0], [1.0]], [[1.0, 0.0]]], [[0.0, -1.0], [0.0]])
    assert len(regions_1d(net, (-2, 2))) == 3
    assert len(linear_pieces(regions_1d(net, (-2, 2)))) == 2
