"""Every public function on the architectures nobody tries: no hidden layer, width-1 layers,
layers whose units are all dead. Each must give the right answer, not an IndexError."""

from __future__ import annotations

import numpy as np
import pytest

from origami import (
    ReLUNetwork,
    batch_affine_maps,
    constructions,
    counting,
    kinks,
    linear_pieces,
    pruning,
    region_density,
    regions_1d,
    regions_2d,
    restrict_to_line,
    robustness,
    training,
    verify,
)
from origami.activations import forward
from origami.pieces import edge_bends
from origami.regions1d import kink_sources
from origami.regions2d import crease_units

BOX = (-1.0, 1.0, -1.0, 1.0)


def dead_layer(d: int) -> ReLUNetwork:
    """relu(x1) (and x2) into a layer of two units that are off everywhere, then the output."""
    return ReLUNetwork(
        [np.eye(d), np.zeros((2, d)), [[1.0, -1.0]]], [np.zeros(d), [-1.0, -2.0], [0.5]]
    )


def architectures(d: int) -> dict[str, tuple[ReLUNetwork, int, int]]:
    """name -> (network, regions over the box, linear pieces over the box)."""
    cut = d  # the first hidden layer of dead_layer cuts the box into 2**d regions
    return {
        "no hidden layer": (ReLUNetwork([np.ones((1, d))], [[0.25]]), 1, 1),
        "width-1 layers": (
            ReLUNetwork([np.ones((1, d)), [[2.0]], [[-1.0]]], [[0.0], [-0.5], [0.0]]), 3, 2,
        ),
        "a dead layer": (dead_layer(d), 2**cut, 1),
        "all dead": (ReLUNetwork([np.ones((2, d)), [[1.0, 1.0]]], [[-5.0, -9.0], [0.0]]), 1, 1),
    }


NAMES = list(architectures(2))


@pytest.mark.parametrize("name", NAMES)
def test_two_input_functions_on_unusual_architectures(name):
    net, n_regions, n_pieces = architectures(2)[name]
    x = np.array([[0.3, -0.2], [0.9, 0.9]])
    assert net.activation_pattern(x).shape == (2, net.n_hidden)
    assert net.activation_pattern(x[0]).shape == (net.n_hidden,)
    A, c = net.local_affine(x[0])
    np.testing.assert_allclose(A @ x[0] + c, net(x[0]))
    A_all, _ = batch_affine_maps(net, net.activation_pattern(x))
    assert A_all.shape == (2, 1, 2)

    regions = regions_2d(net, BOX)
    assert len(regions) == n_regions
    assert len(linear_pieces(regions)) == n_pieces
    assert edge_bends(regions).any() == (n_pieces > 1)
    assert crease_units(regions).shape == (len(regions.edges.ends),)
    assert sum(r.area for r in regions) == pytest.approx(4.0)
    owner = regions.locate(x)
    assert np.all(owner >= 0)
    assert verify.grid_hits(regions, 8).sum() == 64
    assert len(verify.grid_patterns(net, BOX, 8)) == n_regions
    points, who = verify.interior_points(regions, 3)
    assert np.array_equal(regions.locate(points), who)
    assert verify.affine_map_error(regions) < 1e-12
    assert verify.continuity_error(regions) < 1e-12
    assert np.all(verify.distance_to_boundary(regions, points, who) > 0)
    assert verify.second_differences_2d(net, points, 1e-6).shape == (len(points), 3)

    a, b = robustness.unit_affine_maps(net, net.activation_pattern(x[0]))
    assert a.shape == (net.n_hidden, 2) and b.shape == (net.n_hidden,)
    distance = robustness.region_distance(net, x[0]).distance
    assert distance > 0
    assert robustness.local_certificate(net, x[0]).radius >= 0
    segments, holder = robustness.decision_boundary(regions)
    assert segments.shape == (len(holder), 2, 2)
    robustness.decision_distance(regions, x[0])
    assert region_density.local_density(regions, x).shape == (2,)
    assert counting.region_counts([net], BOX).tolist() == [n_regions]
    assert counting.count_on_line(net, np.zeros(2), np.array([1.0, 0.5]), (-1, 1)) >= 1
    assert len(counting.line_regions(net, np.zeros(2), np.array([1.0, 0.5]))) >= 1
    np.testing.assert_allclose(forward(net, x), net(x))

    result = pruning.prune(net, x)
    np.testing.assert_allclose(result.net(x), net(x), atol=1e-12)
    value, gw, gb = training.loss_and_gradients(net, x, np.zeros(2))
    assert [g.shape for g in gw] == [w.shape for w in net.weights]
    assert training.train(net, x, np.zeros(2), steps=3).losses.shape == (3,)
    assert constructions.stack(net, net).widths[-1] == 2
    identity = ReLUNetwork([[[1.0]]], [[0.0]])  # no hidden layer either
    np.testing.assert_allclose(constructions.compose(identity, net)(x), net(x))
    duplicate = ReLUNetwork([np.ones((2, 1))], [np.zeros(2)])  # t -> (t, t), no hidden layer
    np.testing.assert_allclose(constructions.compose(net, duplicate)([[0.3]]), net([[0.3, 0.3]]))


@pytest.mark.parametrize("name", NAMES)
def test_one_input_functions_on_unusual_architectures(name):
    net, n_regions, n_pieces = architectures(1)[name]
    pieces = regions_1d(net, (-1, 1))
    assert len(linear_pieces(pieces)) == n_pieces
    assert len(kinks(net, (-1, 1))) == n_pieces - 1
    sources = kink_sources(net, (-1, 1))
    assert len(sources) == len(pieces) - 1 and sources.is_kink.sum() == n_pieces - 1
    line = restrict_to_line(architectures(2)[name][0], np.zeros(2), np.array([1.0, 0.0]))
    assert line.input_dim == 1 and len(regions_1d(line, (-1, 1))) >= 1
    first, second = verify.derivatives_1d(net, np.array([0.3, 0.7]))
    assert first.shape == second.shape == (2,)
