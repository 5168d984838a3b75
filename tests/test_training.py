import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from origami import ReLUNetwork
from origami.training import loss_and_gradients, train

from strategies import networks


@settings(max_examples=25, deadline=None)
@given(net=networks(max_depth=3, max_width=8), loss=st.sampled_from(["mse", "logistic"]), seed=st.integers(0, 100))
def test_gradients_match_finite_differences(net, loss, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(20, 2))
    y = (X[:, 0] > X[:, 1]).astype(float)
    _, gw, gb = loss_and_gradients(net, X, y, loss)
    layer = rng.integers(len(net.weights))
    i, j = (rng.integers(s) for s in net.weights[layer].shape)
    h = 1e-6
    plus = [w.copy() for w in net.weights]
    minus = [w.copy() for w in net.weights]
    plus[layer][i, j] += h
    minus[layer][i, j] -= h
    f = lambda ws: loss_and_gradients(ReLUNetwork(ws, net.biases, net.negative_slope), X, y, loss)[0]  # noqa: E731
    numeric = (f(plus) - f(minus)) / (2 * h)
    assert numeric == pytest.approx(gw[layer][i, j], abs=1e-5)
    assert gb[layer].shape == net.biases[layer].shape


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_training_reduces_the_loss_and_is_deterministic(optimizer):
    X = np.linspace(-1, 1, 64)[:, None]
    net = ReLUNetwork.random([1, 16, 1], seed=0)
    a = train(net, X, np.abs(X), optimizer=optimizer, lr=0.05, steps=300, batch_size=16, seed=1, record_every=100)
    b = train(net, X, np.abs(X), optimizer=optimizer, lr=0.05, steps=300, batch_size=16, seed=1)
    assert a.losses[-20:].mean() < 0.5 * a.losses[:20].mean()
    np.testing.assert_array_equal(a.losses, b.losses)
    assert [s for s, _ in a.snapshots] == [0, 100, 200, 300]
    assert np.array_equal(net.weights[0], ReLUNetwork.random([1, 16, 1], seed=0).weights[0])  # input untouched


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"loss": "hinge"}, "loss must be one of"),
        ({"optimizer": "rmsprop"}, "optimizer must be one of"),
        ({"lr": -1.0}, "lr must be"),
        ({"steps": 0}, "steps must be"),
        ({"batch_size": 1000}, "batch_size must be"),
    ],
)
def test_bad_training_arguments_are_rejected(kwargs, message):
    X = np.zeros((10, 2))
    with pytest.raises(ValueError, match=message):
        train(ReLUNetwork.random([2, 3, 1], seed=0), X, np.zeros(10), **kwargs)


def test_logistic_loss_needs_binary_labels():
    with pytest.raises(ValueError, match="labels"):
        train(ReLUNetwork.random([2, 3, 1], seed=0), np.zeros((4, 2)), np.array([0, 1, 2, 1.0]), loss="logistic")
