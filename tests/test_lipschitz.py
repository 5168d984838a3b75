"""origami.lipschitz: the exact Lipschitz constant on a box, and the layer-norm bound."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from origami import ReLUNetwork, regions_2d
from origami.lipschitz import layer_norm_bound, lipschitz_constant

from strategies import networks

BOX = (-3.0, 3.0, -3.0, 3.0)

@settings(max_examples=25, deadline=None)
@given(net=networks(input_dim=2, max_depth=3, max_width=6), seed=st.integers(0, 1000))
def test_lipschitz_constant_bounds_every_difference_quotient_and_is_attained(net, seed):
    regions = regions_2d(net, BOX)
    L = lipschitz_constant(regions)
    x, y = np.random.default_rng(seed).uniform(-3, 3, size=(2, 200, 2))
    quotients = np.abs(net(x)[:, 0] - net(y)[:, 0]) / np.linalg.norm(x - y, axis=1)
    assert np.all(quotients <= L * (1 + 1e-9) + 1e-12)
    # attained: inside the steepest region a short step along its gradient rises at slope L
    steepest = int(np.argmax(np.linalg.norm(regions.A[:, 0, :], axis=1)))
    assume(regions.areas[steepest] > 1e-6 and L > 0)
    centre = regions.polygon(steepest).mean(axis=0)
    step = 1e-7 * regions.A[steepest, 0, :] / L
    assert (net(centre + step)[0] - net(centre)[0]) / np.linalg.norm(step) == pytest.approx(L, rel=1e-5)
    assert L <= layer_norm_bound(net) * (1 + 1e-12)


def test_lipschitz_constant_measures_gradients_in_the_dual_norm():
    net = ReLUNetwork([np.eye(2), [[1.0, 2.0]]], [np.zeros(2), [0.0]])  # relu(x) + 2 relu(y)
    regions = regions_2d(net, (-1, 1, -1, 1))
    assert lipschitz_constant(regions, ord=2) == pytest.approx(np.sqrt(5))
    assert lipschitz_constant(regions, ord=np.inf) == pytest.approx(3.0)
    assert lipschitz_constant(regions, ord=1) == pytest.approx(2.0)
    assert layer_norm_bound(ReLUNetwork([[[3.0, 0.0], [0.0, 1.0]], [[0.0, 2.0]]], [[0, 0], [0]])) == pytest.approx(6.0)
    with pytest.raises(ValueError, match="regions"):
        lipschitz_constant(net)
    with pytest.raises(ValueError, match="output"):
        lipschitz_constant(regions, output=1)
