"""Import trained networks from scikit-learn and PyTorch as :class:`ReLUNetwork` objects.

Both importers read the weights into float64 numpy arrays and fold every affine step that is
not followed by an activation (identity layers, batch normalisation in eval mode) into its
neighbouring linear map, so the result has one hidden layer per activation of the original.
Neither library is needed to import :mod:`origami`: each is imported only when its importer
is called.
"""

from __future__ import annotations

import numpy as np

from .network import ReLUNetwork

__all__ = ["from_sklearn", "from_torch"]
__dir__ = __all__.copy  # dir() lists the public names only


def from_sklearn(model) -> ReLUNetwork:
    """The network of a fitted scikit-learn ``MLPClassifier`` or ``MLPRegressor``.

    The returned network's output is the model's *decision values*: the last layer before the
    output activation. For a classifier with more than two classes these are the logits,
    whose softmax is ``model.predict_proba``; with two classes (or several labels) the single
    output per label is the logit whose logistic function is the probability of class 1; for
    a regressor it is ``model.predict`` itself (its logarithm with ``loss="poisson"``, whose
    output activation is the exponential).

    Tolerance: none; the weights are converted to float64 exactly (with ``"identity"``, the
    layers are then multiplied together, with float64 rounding). Boundary points: with
    ``"relu"``, the network has the model's hidden units and weights, so its creases are the
    model's; ReLU is continuous, so the two agree to rounding everywhere, on creases too. A
    point within rounding of a crease may fall on different sides of it in the two
    computations: that changes its activation pattern (a unit at exactly zero counts as
    inactive, :meth:`origami.ReLUNetwork.activation_pattern`), not its value.

    Parameters
    ----------
    model : sklearn.neural_network.MLPClassifier or MLPRegressor
        Fitted, with ``activation="relu"`` or ``"identity"`` (the linear hidden layers are
        then folded into one affine map, and the network has no hidden units).

    Returns
    -------
    ReLUNetwork
        Same input size as the model; one output per logit or target.

    Raises
    ------
    ValueError
        If ``model`` is not an MLP of scikit-learn, is not fitted, or uses another activation
        (``"tanh"``, ``"logistic"``: not piecewise linear).

    Examples
    --------
    >>> from sklearn.neural_network import MLPRegressor
    >>> X = np.linspace(-1, 1, 40)[:, None]
    >>> model = MLPRegressor(hidden_layer_sizes=[8], solver="lbfgs", random_state=0)
    >>> model = model.fit(X, np.abs(X).ravel())
    >>> net = from_sklearn(model)
    >>> bool(np.allclose(net(X).ravel(), model.predict(X), rtol=0, atol=1e-10))
    True
    """
    kind = type(model).__name__
    if kind not in ("MLPClassifier", "MLPRegressor") or not hasattr(model, "activation"):
        raise ValueError(
            f"model must be a scikit-learn MLPClassifier or MLPRegressor, got {kind}"
        )
    if not hasattr(model, "coefs_"):
        raise ValueError(f"model ({kind}) is not fitted: call model.fit(X, y) first")
    weights = [np.asarray(w, dtype=np.float64).T for w in model.coefs_]
    biases = [np.asarray(b, dtype=np.float64) for b in model.intercepts_]
    if model.activation == "identity":
        w, b = weights[0], biases[0]
        for w_next, b_next in zip(weights[1:], biases[1:]):
            w, b = w_next @ w, w_next @ b + b_next
        return ReLUNetwork([w], [b])
    if model.activation != "relu":
        raise ValueError(
            f"model has activation={model.activation!r}, which is not piecewise linear; "
            "from_sklearn needs activation='relu' (or 'identity')"
        )
    return ReLUNetwork(weights, biases)


#: Layers that compute nothing in eval mode; ``from_torch`` skips them.
_SKIPPED = ("Identity", "Dropout", "Dropout1d", "AlphaDropout")


def from_torch(module) -> ReLUNetwork:
    """The network of a ``torch.nn.Sequential`` of linear layers and (leaky) ReLUs.

    Allowed layers: ``Linear``; ``ReLU`` and ``LeakyReLU`` (every activation with the same
    negative slope, in ``[0, 1)``); ``Identity``; ``Flatten`` (of every dimension after the
    batch one); ``Dropout`` (ignored: the eval-mode function is imported); ``BatchNorm1d`` in
    eval mode with running statistics (folded into the neighbouring linear map); nested
    ``Sequential`` containers. Weights are converted to float64, so a float64 module and the
    returned network agree to rounding. The module may end with an activation (an identity
    output layer is then added).

    Tolerance: none; folding layers multiplies float64 matrices, with float64 rounding, and
    ``BatchNorm1d``'s ``eps`` is part of the function it computes, not a tolerance. A float32
    module computes in float32, so it agrees with the returned network only to float32
    rounding. Boundary points: the network has the module's hidden units, so its creases are
    the module's (up to the rounding of folded layers), and the values agree on them too (ReLU
    is continuous); a point within rounding of a crease may fall on different sides of it in
    the two computations, which changes its activation pattern (a unit at exactly zero counts
    as inactive, :meth:`origami.ReLUNetwork.activation_pattern`), not its value.

    Parameters
    ----------
    module : torch.nn.Sequential

    Returns
    -------
    ReLUNetwork
        One hidden layer per activation of ``module``.

    Raises
    ------
    ValueError
        If ``module`` is not a ``Sequential`` or has no ``Linear`` layer, or for a layer that
        is not supported, naming its position and type and saying why: an activation that is
        not piecewise linear (``Tanh``, ``Sigmoid``, ``GELU``...), a layer that is not a dense
        affine map of a vector (``Conv2d``, attention, ...), ``BatchNorm1d`` in training mode
        or without running statistics, activations with different slopes.

    Examples
    --------
    With PyTorch installed (the tests check this where it is)::

        seq = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.ReLU(), torch.nn.Linear(4, 1))
        net = ReLUNetwork.from_torch(seq.double().eval())
        net.widths  # [2, 4, 1]
    """
    try:
        import torch
    except ImportError:  # pragma: no cover - depends on the environment
        raise ValueError("from_torch needs PyTorch (pip install torch)") from None
    if not isinstance(module, torch.nn.Sequential):
        raise ValueError(f"module must be a torch.nn.Sequential, got {type(module).__name__}")
    layers = list(_flatten(module, torch))

    weights, biases = [], []
    slopes: set[float] = set()
    pending = None  # the affine map (M, c) since the last activation; None is the identity

    def compose(m, c, name):
        nonlocal pending
        if pending is None:
            pending = (m, c)
            return
        pm, pc = pending
        if m.shape[1] != pm.shape[0]:
            raise ValueError(
                f"layer {name} expects {m.shape[1]} features but receives {pm.shape[0]}"
            )
        pending = (m @ pm, m @ pc + c)

    for name, layer in layers:
        kind = type(layer).__name__
        if isinstance(layer, torch.nn.Linear):
            w = _numpy(layer.weight)
            b = _numpy(layer.bias) if layer.bias is not None else np.zeros(w.shape[0])
            compose(w, b, f"{name} (Linear)")
        elif isinstance(layer, torch.nn.BatchNorm1d):
            compose(*_batchnorm(layer, name), f"{name} (BatchNorm1d)")
        elif isinstance(layer, (torch.nn.ReLU, torch.nn.LeakyReLU)):
            slope = float(layer.negative_slope) if isinstance(layer, torch.nn.LeakyReLU) else 0.0
            if not 0.0 <= slope < 1.0:
                raise ValueError(
                    f"layer {name} ({kind}) has negative_slope={slope}; origami needs a slope "
                    "in [0, 1)"
                )
            slopes.add(slope)
            if len(slopes) > 1:
                raise ValueError(
                    f"layer {name} ({kind}) has negative slope {slope}, but an earlier "
                    f"activation has {min(slopes - {slope})}: a ReLUNetwork has one slope for "
                    "all its units"
                )
            if pending is None:
                raise ValueError(
                    f"layer {name} ({kind}) comes before any Linear layer: the input width "
                    "is unknown"
                )
            weights.append(pending[0])
            biases.append(pending[1])
            pending = None
        elif kind in _SKIPPED:
            continue
        elif isinstance(layer, torch.nn.Flatten):
            if layer.start_dim != 1 or layer.end_dim != -1:
                raise ValueError(
                    f"layer {name} (Flatten) must flatten every dimension after the batch "
                    f"(start_dim=1, end_dim=-1), got start_dim={layer.start_dim}, "
                    f"end_dim={layer.end_dim}"
                )
        else:
            raise ValueError(f"layer {name} ({kind}) is not supported: {_why(kind)}")
    if not any(isinstance(layer, torch.nn.Linear) for _, layer in layers):
        raise ValueError("module has no Linear layer: there is no network to import")
    if pending is None:  # ends with an activation: an identity output layer
        width = weights[-1].shape[0]
        pending = (np.eye(width), np.zeros(width))
    weights.append(pending[0])
    biases.append(pending[1])
    return ReLUNetwork(weights, biases, negative_slope=slopes.pop() if slopes else 0.0)


def _flatten(module, torch, prefix: str = ""):
    """``(name, layer)`` for every leaf layer of nested ``Sequential`` containers."""
    for name, child in module.named_children():
        full = f"{prefix}{name}"
        if isinstance(child, torch.nn.Sequential):
            yield from _flatten(child, torch, full + ".")
        else:
            yield full, child


def _numpy(tensor) -> np.ndarray:
    return tensor.detach().cpu().double().numpy().copy()


def _batchnorm(layer, name: str) -> tuple[np.ndarray, np.ndarray]:
    """The affine map ``x -> s * x + t`` of a BatchNorm1d in eval mode, as ``(diag(s), t)``."""
    if layer.training:
        raise ValueError(
            f"layer {name} (BatchNorm1d) is in training mode, where it normalises with each "
            "batch's statistics and is not a fixed affine map; call module.eval() first"
        )
    if layer.running_mean is None or layer.running_var is None:
        raise ValueError(
            f"layer {name} (BatchNorm1d) has no running statistics "
            "(track_running_stats=False), so it normalises with batch statistics even in "
            "eval mode and is not a fixed affine map"
        )
    mean, var = _numpy(layer.running_mean), _numpy(layer.running_var)
    gamma = _numpy(layer.weight) if layer.weight is not None else np.ones_like(mean)
    beta = _numpy(layer.bias) if layer.bias is not None else np.zeros_like(mean)
    s = gamma / np.sqrt(var + layer.eps)
    return np.diag(s), beta - s * mean


def _why(kind: str) -> str:
    if kind in ("Tanh", "Sigmoid", "GELU", "SiLU", "ELU", "Softplus", "Softmax", "LogSoftmax",
                "Mish", "SELU", "CELU", "Hardtanh", "Hardswish", "Hardsigmoid", "PReLU",
                "RReLU", "Softsign", "Tanhshrink", "LogSigmoid", "ReLU6"):
        return (
            "it is not a ReLU or a LeakyReLU with one shared slope, so the network would not "
            "be a ReLUNetwork (only Linear, ReLU, LeakyReLU, Identity, Flatten, Dropout and "
            "eval-mode BatchNorm1d are)"
        )
    if kind.startswith("BatchNorm"):
        return "only BatchNorm1d (of a vector of features) can be folded into a linear map"
    return (
        "only dense layers of a vector are imported (Linear, ReLU, LeakyReLU, Identity, "
        "Flatten, Dropout, eval-mode BatchNorm1d); convolutions, attention, recurrent and "
        "normalisation layers other than BatchNorm1d are not"
    )
