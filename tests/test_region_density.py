"""origami.region_density: regions per unit area, and distances to points and segments."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from origami import ReLUNetwork, region_density, regions_2d

from strategies import networks


# ------------------------------------------------------------- where regions crowd
def test_local_density_is_one_over_the_area_of_the_region():
    net = ReLUNetwork([[[1.0, 0.0]], [[1.0]]], [[-0.5], [0.0]])  # crease at x1 = 0.5
    regions = regions_2d(net, (-1, 1, -1, 1))
    density = region_density.local_density(regions, [[0.9, 0.0], [0.0, 0.3], [5.0, 0.0]])
    assert density[:2] == pytest.approx([1 / 1.0, 1 / 3.0])
    assert np.isnan(density[2])  # outside the box


@settings(max_examples=15, deadline=None)
@given(net=networks(input_dim=2, max_depth=2, max_width=6, leaky=False))
def test_local_density_integrates_to_the_number_of_regions(net):
    regions = regions_2d(net, (-1, 1, -1, 1))
    grid = (np.arange(200) + 0.5) / 100 - 1
    x = np.column_stack([a.ravel() for a in np.meshgrid(grid, grid)])
    density = region_density.local_density(regions, x)
    assume(np.count_nonzero(np.isnan(density)) == 0)
    assume(regions.areas.min() > 0.05)  # every region holds many grid points
    assert np.nansum(density) * (2 / 200) ** 2 == pytest.approx(len(regions), rel=0.1)


def test_density_by_distance_averages_within_bands():
    mean, samples = region_density.density_by_distance([1.0, 3.0, np.nan, 5.0], [0.1, 0.2, 0.3, np.inf], [0, 1, 2])
    assert mean[0] == 2.0 and np.isnan(mean[1])
    assert samples.tolist() == [2, 0]
    with pytest.raises(ValueError):
        region_density.density_by_distance([1.0], [0.1, 0.2], [0, 1])
    with pytest.raises(ValueError):
        region_density.density_by_distance([1.0], [0.1], [1, 0])


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 1000))
def test_distances_agree_with_brute_force(seed):
    rng = np.random.default_rng(seed)
    x, points = rng.normal(size=(30, 2)), rng.normal(size=(7, 2))
    brute = np.linalg.norm(x[:, None] - points[None], axis=2).min(1)
    assert region_density.distance_to_points(x, points) == pytest.approx(brute)
    segments = rng.normal(size=(5, 2, 2))
    s = np.linspace(0, 1, 20001)
    dense = segments[:, None, 0] + s[None, :, None] * (segments[:, None, 1] - segments[:, None, 0])
    brute = np.linalg.norm(x[:, None, None] - dense[None], axis=3).min(axis=(1, 2))
    assert region_density.distance_to_segments(x, segments) == pytest.approx(brute, abs=1e-3)
    assert np.all(np.isinf(region_density.distance_to_segments(x, np.zeros((0, 2, 2)))))
