import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from origami import ReLUNetwork, regions_2d  # noqa: E402
from origami.activations import (  # noqa: E402
    ACTIVATIONS,
    forward,
    gelu,
    hessian,
    maxout_forward,
    maxout_network,
    maxout_patterns,
    prelu_forward,
    prelu_network,
)
from origami.plots import plot_regions_by  # noqa: E402

from strategies import networks  # noqa: E402


def random_layers(seed, widths, pieces=1):
    rng = np.random.default_rng(seed)
    weights, biases = [], []
    for l, (fan_in, fan_out) in enumerate(zip(widths[:-1], widths[1:])):
        rows = fan_out * (pieces if l < len(widths) - 2 else 1)
        weights.append(rng.normal(size=(rows, fan_in)))
        biases.append(rng.normal(size=rows))
    return weights, biases


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), hidden=st.lists(st.integers(1, 6), min_size=1, max_size=3))
def test_prelu_network_is_the_prelu_network_as_a_relu_network(seed, hidden):
    widths = [2, *hidden, 1]
    weights, biases = random_layers(seed, widths)
    rng = np.random.default_rng(seed + 1)
    slopes = [rng.uniform(-2, 2, w) for w in hidden]
    x = rng.normal(size=(200, 2))
    net = prelu_network(weights, biases, slopes)
    assert net.hidden_widths == [2 * w for w in hidden]
    np.testing.assert_allclose(net(x), prelu_forward(weights, biases, slopes, x), atol=1e-10)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), hidden=st.lists(st.integers(1, 6), min_size=1, max_size=3))
def test_maxout_network_is_the_maxout_network_as_a_relu_network(seed, hidden):
    widths = [2, *hidden, 1]
    weights, biases = random_layers(seed, widths, pieces=2)
    x = np.random.default_rng(seed + 1).normal(size=(200, 2))
    net = maxout_network(weights, biases)
    assert net.hidden_widths == [3 * w for w in hidden]
    np.testing.assert_allclose(net(x), maxout_forward(weights, biases, x), atol=1e-10)


def test_regions_with_one_maxout_pattern_share_one_affine_map():
    weights, biases = random_layers(0, [2, 4, 3, 1], pieces=2)
    net = maxout_network(weights, biases)
    regions = regions_2d(net, (-3, 3, -3, 3))
    own = maxout_patterns(net, regions.patterns)
    assert own.shape == (len(regions), 7)
    maps = np.concatenate([regions.A[:, 0, :], regions.c], axis=1)
    for pattern in np.unique(own, axis=0):
        group = maps[np.all(own == pattern, axis=1)]
        np.testing.assert_allclose(group, np.broadcast_to(group[0], group.shape), atol=1e-9)


@settings(max_examples=30, deadline=None)
@given(net=networks(max_depth=3, max_width=8, leaky=False))
def test_forward_with_relu_is_the_network(net):
    x = np.random.default_rng(0).normal(size=(50, 2))
    np.testing.assert_allclose(forward(net, x, "relu"), net(x), atol=1e-12)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_every_named_activation_runs(name):
    out = forward(ReLUNetwork.random([2, 5, 1], seed=0), np.zeros((3, 2)), name)
    assert out.shape == (3, 1) and np.all(np.isfinite(out))


def test_gelu_satisfies_its_symmetry():
    z = np.linspace(-6, 6, 101)
    np.testing.assert_allclose(gelu(z) - gelu(-z), z, atol=1e-12)  # Phi(z) + Phi(-z) = 1
    assert gelu(0.0) == 0.0


def test_hessian_of_a_quadratic_is_exact_and_of_an_affine_map_zero():
    x = np.random.default_rng(0).normal(size=(10, 2))
    quad = lambda p: p[:, 0] ** 2 + 3 * p[:, 0] * p[:, 1] - p[:, 1] ** 2  # noqa: E731
    expected = np.broadcast_to([[2.0, 3.0], [3.0, -2.0]], (10, 2, 2))
    np.testing.assert_allclose(hessian(quad, x, 1e-3), expected, atol=1e-6)
    affine = lambda p: p @ np.array([1.0, -2.0]) + 0.5  # noqa: E731
    assert np.abs(hessian(affine, x, np.full(10, 1e-2))).max() < 1e-10


def test_plot_regions_by_colours_by_the_given_pattern():
    net = ReLUNetwork.random([2, 4, 1], seed=0)
    regions = regions_2d(net, (-3, 3, -3, 3))
    ax = plot_regions_by(regions, regions.patterns[:, :2])
    assert ax.get_xlim() == (-3.0, 3.0)
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="patterns must have shape"):
        plot_regions_by(regions, regions.patterns[:-1])


NET = ReLUNetwork.random([2, 3, 1])
W2, B2 = [np.ones((3, 2)), np.ones((1, 3))], [np.ones(3), np.ones(1)]


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: forward(NET, np.ones((2, 2)), "swish"), "activation must be one of"),
        (lambda: forward(NET, np.ones((2, 3))), r"x must have shape \(n, 2\)"),
        (lambda: forward([[1.0]], np.ones((2, 2))), "net must be a ReLUNetwork"),
        (lambda: maxout_network([np.ones((3, 2)), np.ones((1, 1))], [np.ones(3), np.ones(1)]),
         "even number of rows"),
        (lambda: maxout_network([np.ones((4, 2)), np.ones((1, 3))], [np.ones(4), np.ones(1)]),
         r"weights\[1\] must have 2 columns"),
        (lambda: prelu_network(W2, B2, [np.ones(2)]), r"slopes\[0\] must have shape \(3,\)"),
        (lambda: prelu_network(W2, B2, []), "one entry per hidden layer"),
        (lambda: prelu_network([np.ones((3, 2))], [np.ones(3)], []), "at least one hidden layer"),
        (lambda: maxout_patterns(ReLUNetwork.random([2, 4, 1]), np.ones((2, 4), bool)),
         "divisible by 3"),
        (lambda: hessian(np.sum, np.ones((2, 2)), 0.0), "h must be positive"),
    ],
)
def test_bad_input_is_rejected_with_the_argument_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()
