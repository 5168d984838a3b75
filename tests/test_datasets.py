"""origami.datasets: the toy classification data sets of the book."""

import numpy as np
import pytest

from origami import datasets

MAKERS = [datasets.circles, datasets.moons]


@pytest.mark.parametrize("make", MAKERS)
def test_same_seed_gives_the_same_points_and_another_seed_other_points(make):
    X, y = make(50, 0.1, seed=3)
    X2, y2 = make(50, 0.1, seed=3)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    assert not np.array_equal(X, make(50, 0.1, seed=4)[0])


@pytest.mark.parametrize("make", MAKERS)
def test_shapes_and_labels(make):
    X, y = make(200, 0.1, seed=0)
    assert X.shape == (200, 2) and y.shape == (200,)
    assert y.dtype == float and set(np.unique(y)) == {0.0, 1.0}


def test_circles_without_noise_lie_on_their_rings():
    X, y = datasets.circles(100, noise=0.0, seed=0)
    radius = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(radius[y == 1], 0.8)
    np.testing.assert_allclose(radius[y == 0], 1.8)


def test_moons_without_noise_lie_on_their_half_circles():
    X, y = datasets.moons(100, noise=0.0, seed=0)
    upper, lower = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(*upper.T), 1.0)
    assert np.all(upper[:, 1] >= 0)
    np.testing.assert_allclose(np.hypot(*(lower - [1.0, 0.5]).T), 1.0)
    assert np.all(lower[:, 1] <= 0.5)


def test_noise_spreads_the_points_by_about_its_standard_deviation():
    X, y = datasets.circles(4000, noise=0.1, seed=1)
    radius = np.hypot(X[:, 0], X[:, 1])
    spread = np.std(radius[y == 0] - 1.8)
    assert 0.09 < spread < 0.11


@pytest.mark.parametrize("make", MAKERS)
@pytest.mark.parametrize(("n", "noise", "word"), [(0, 0.1, "n"), (2.5, 0.1, "n"),
                                                  (10, -0.1, "noise"), (10, np.nan, "noise")])
def test_bad_arguments_are_named(make, n, noise, word):
    with pytest.raises(ValueError, match=word):
        make(n, noise, seed=0)
