"""Importing trained networks: ReLUNetwork.from_sklearn and ReLUNetwork.from_torch."""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier, MLPRegressor

from origami import ReLUNetwork


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def fit(model, X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return model.fit(X, y)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(120, 4))
    return X, rng


# -------------------------------------------------------------------------- sklearn
@pytest.mark.parametrize("n_classes", [2, 3, 5])
def test_classifier_logits_give_predict_proba(data, n_classes):
    X, _ = data
    y = np.arange(len(X)) % n_classes
    model = fit(MLPClassifier(hidden_layer_sizes=[7, 5], max_iter=60, random_state=1), X, y)
    net = ReLUNetwork.from_sklearn(model)
    assert net.widths == [4, 7, 5, 1 if n_classes == 2 else n_classes]
    logits = net(X)
    if n_classes == 2:
        proba = 1.0 / (1.0 + np.exp(-logits[:, 0]))
        proba = np.column_stack([1.0 - proba, proba])
    else:
        proba = softmax(logits)
    assert np.abs(proba - model.predict_proba(X)).max() <= 1e-10


def test_regressor_output_is_predict(data):
    X, rng = data
    y = np.column_stack([np.abs(X[:, 0]) - X[:, 1], X[:, 2] * X[:, 3]])
    model = fit(MLPRegressor(hidden_layer_sizes=[9, 9, 9], max_iter=60, random_state=2), X, y)
    net = ReLUNetwork.from_sklearn(model)
    assert net.hidden_widths == [9, 9, 9]
    assert np.abs(net(X) - model.predict(X)).max() <= 1e-10
    one = fit(MLPRegressor(hidden_layer_sizes=[6], max_iter=60, random_state=2), X, y[:, 0])
    assert np.abs(ReLUNetwork.from_sklearn(one)(X)[:, 0] - one.predict(X)).max() <= 1e-10


def test_poisson_regressor_output_is_the_log_of_predict(data):
    X, _ = data
    model = fit(MLPRegressor(hidden_layer_sizes=[6], loss="poisson", max_iter=60,
                             random_state=0), X, np.exp(X[:, 0]))
    net = ReLUNetwork.from_sklearn(model)
    assert np.abs(np.exp(net(X)[:, 0]) - model.predict(X)).max() <= 1e-10 * model.predict(X).max()


def test_identity_hidden_layers_fold_into_one_affine_map(data):
    X, _ = data
    model = MLPRegressor(hidden_layer_sizes=[5, 3], activation="identity", max_iter=60,
                         random_state=0)
    model = fit(model, X, X @ [1.0, -2.0, 0.5, 0.0])
    net = ReLUNetwork.from_sklearn(model)
    assert net.widths == [4, 1] and net.n_hidden == 0
    assert np.abs(net(X)[:, 0] - model.predict(X)).max() <= 1e-10


@pytest.mark.parametrize(
    "model, message",
    [
        (MLPClassifier(activation="tanh"), "not fitted"),
        ("MLP", "MLPClassifier or MLPRegressor, got str"),
    ],
)
def test_sklearn_bad_models_are_named(model, message):
    with pytest.raises(ValueError, match=message):
        ReLUNetwork.from_sklearn(model)


@pytest.mark.parametrize("activation", ["tanh", "logistic"])
def test_sklearn_smooth_activations_are_refused(data, activation):
    X, _ = data
    model = MLPRegressor(hidden_layer_sizes=[4], activation=activation, max_iter=5, random_state=0)
    model = fit(model, X, X[:, 0])
    with pytest.raises(ValueError, match=f"activation='{activation}'.*not piecewise linear"):
        ReLUNetwork.from_sklearn(model)


# ---------------------------------------------------------------------------- torch
try:
    import torch
except ImportError:  # PyTorch is optional; the sklearn tests above still run
    torch = None
nn = torch.nn if torch is not None else None
needs_torch = pytest.mark.skipif(
    torch is None, reason="PyTorch is not installed (optional): the from_torch tests need it"
)


def torch_outputs(module, X):
    with torch.no_grad():
        return module(torch.from_numpy(X)).numpy()


@needs_torch
def test_linear_relu_stack_is_reproduced(data):
    X, _ = data
    torch.manual_seed(0)
    module = nn.Sequential(
        nn.Linear(4, 8), nn.ReLU(), nn.Dropout(0.3), nn.Linear(8, 6), nn.ReLU(),
        nn.Identity(), nn.Linear(6, 3),
    ).double().eval()
    net = ReLUNetwork.from_torch(module)
    assert net.widths == [4, 8, 6, 3] and net.negative_slope == 0.0
    assert np.abs(net(X) - torch_outputs(module, X)).max() <= 1e-12


@needs_torch
def test_leaky_relu_batchnorm_flatten_and_nesting_are_folded(data):
    X, _ = data
    torch.manual_seed(1)
    module = nn.Sequential(
        nn.Flatten(),
        nn.BatchNorm1d(4),
        nn.Sequential(nn.Linear(4, 7), nn.BatchNorm1d(7), nn.LeakyReLU(0.2)),
        nn.Linear(7, 5, bias=False), nn.LeakyReLU(0.2), nn.BatchNorm1d(5),
        nn.Linear(5, 2), nn.BatchNorm1d(2, affine=False),
    ).double()
    for layer in module.modules():  # non-trivial running statistics and affine parameters
        if isinstance(layer, nn.BatchNorm1d):
            layer.running_mean.uniform_(-1, 1)
            layer.running_var.uniform_(0.5, 2)
            if layer.affine:
                layer.weight.data.uniform_(0.5, 2)
                layer.bias.data.uniform_(-1, 1)
    module.eval()
    net = ReLUNetwork.from_torch(module)
    assert net.widths == [4, 7, 5, 2] and net.negative_slope == pytest.approx(0.2)
    assert np.abs(net(X) - torch_outputs(module, X)).max() <= 1e-12


@needs_torch
def test_a_float32_module_is_read_in_float64(data):
    X, _ = data
    torch.manual_seed(2)
    module = nn.Sequential(nn.Linear(4, 5), nn.ReLU(), nn.Linear(5, 1))
    net = ReLUNetwork.from_torch(module)
    assert net.weights[0].dtype == np.float64
    assert np.array_equal(net.weights[0], module[0].weight.detach().double().numpy())
    assert np.abs(net(X) - torch_outputs(module, X.astype(np.float32))).max() <= 1e-5


@needs_torch
def test_ending_with_an_activation_adds_an_identity_output(data):
    X, _ = data
    module = nn.Sequential(nn.Linear(4, 3), nn.ReLU()).double()
    net = ReLUNetwork.from_torch(module)
    assert net.widths == [4, 3, 3]
    assert np.abs(net(X) - torch_outputs(module, X)).max() <= 1e-12


@needs_torch
@pytest.mark.parametrize(
    "layers, message",
    [
        (lambda: [nn.Linear(4, 3), nn.Tanh(), nn.Linear(3, 1)], r"layer 1 \(Tanh\).*not a ReLU"),
        (lambda: [nn.Conv2d(1, 2, 3)], r"layer 0 \(Conv2d\).*convolutions"),
        (lambda: [nn.Linear(4, 3), nn.MultiheadAttention(3, 1)],
         r"layer 1 \(MultiheadAttention\).*attention"),
        (lambda: [nn.Linear(4, 3), nn.BatchNorm1d(3).train(), nn.ReLU()],
         r"layer 1 \(BatchNorm1d\).*training mode"),
        (lambda: [nn.Linear(4, 3), nn.BatchNorm1d(3, track_running_stats=False).eval()],
         r"layer 1 \(BatchNorm1d\).*running statistics"),
        (lambda: [nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 3), nn.LeakyReLU(0.1)],
         r"layer 3 \(LeakyReLU\).*one slope"),
        (lambda: [nn.Linear(4, 3), nn.LeakyReLU(1.5)], r"layer 1 \(LeakyReLU\).*\[0, 1\)"),
        (lambda: [nn.Linear(4, 3), nn.Linear(5, 1)], r"layer 1 \(Linear\) expects 5 features"),
        (lambda: [nn.ReLU(), nn.Linear(4, 1)], r"layer 0 \(ReLU\).*before any Linear"),
        (lambda: [nn.Flatten(0)], r"layer 0 \(Flatten\)"),
        (lambda: [nn.ReLU6()], r"layer 0 \(ReLU6\)"),
        (lambda: [nn.Identity()], "no Linear layer"),
    ],
)
def test_torch_unsupported_layers_are_named(layers, message):
    module = nn.Sequential(*layers())
    if not any(isinstance(m, nn.BatchNorm1d) for m in module):
        module.eval()
    with pytest.raises(ValueError, match=message):
        ReLUNetwork.from_torch(module)


@needs_torch
def test_torch_needs_a_sequential():
    with pytest.raises(ValueError, match="torch.nn.Sequential, got Linear"):
        ReLUNetwork.from_torch(nn.Linear(2, 1))


def test_an_imported_network_keeps_its_weights_when_training_goes_on():
    from sklearn.datasets import make_moons
    from sklearn.neural_network import MLPClassifier

    X, y = make_moons(100, noise=0.2, random_state=0)
    model = MLPClassifier(hidden_layer_sizes=(8,), random_state=0).partial_fit(X, y, classes=[0, 1])
    net = ReLUNetwork.from_sklearn(model)
    before = net(X).copy()
    model.partial_fit(X, y)  # changes the model's weight arrays in place
    assert np.array_equal(net(X), before)
