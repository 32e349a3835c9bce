"""The batched numpy path against the scalar Value engine it mirrors."""
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import batched as B
from engine import losses
from engine.nn import MLP


def make_case(seed, nin, hidden, nout, activation, loss, n):
    rng = np.random.default_rng(seed)
    model = MLP(nin, [*hidden, nout], activation=activation, rng=random.Random(seed))
    for p in model.parameters():  # non-zero biases, so the bias paths are exercised too
        p.data = float(rng.uniform(-1, 1))
    X = rng.normal(0, 1.5, (n, nin))
    t = rng.integers(0, nout, n) if loss == "cross_entropy" else rng.choice([-1.0, 1.0], n)
    return model, X, t


def scalar_loss(model, X, t, loss, l2):
    """zero_grad + the Value graph + backward(): the reference."""
    model.zero_grad()
    scores = [model(list(x)) for x in X.tolist()]
    if loss == "cross_entropy":
        data = losses.cross_entropy(scores, [int(c) for c in t])
    else:
        data = getattr(losses, loss)(scores, t.tolist())
    total = data + losses.l2(model.parameters(), l2) if l2 else data
    total.backward()
    return total.data, np.array([p.grad for p in model.parameters()])


def scalar_layers(model, X):
    outs = []
    for x in X.tolist():
        row = []
        for layer in model.layers:
            x = layer(x)
            x = x if isinstance(x, list) else [x]
            row.append([v.data for v in x])
        outs.append(row)
    return [np.array([r[i] for r in outs]) for i in range(len(model.layers))]


def close(a, b, rel=1e-9):
    scale = max(1.0, float(np.max(np.abs(b), initial=0.0)))
    np.testing.assert_allclose(a, b, rtol=rel, atol=1e-12 * scale)


@st.composite
def cases(draw):
    loss = draw(st.sampled_from(B.LOSSES))
    nout = draw(st.integers(2, 4)) if loss == "cross_entropy" else 1
    hidden = draw(st.lists(st.integers(1, 5), max_size=3))  # 0 hidden layers and 1-neuron layers too
    return dict(seed=draw(st.integers(0, 2**32 - 1)), nin=draw(st.integers(1, 4)), hidden=hidden,
                nout=nout, activation=draw(st.sampled_from(B.ACTIVATIONS)), loss=loss,
                n=draw(st.integers(1, 7))), draw(st.sampled_from([0.0, 1e-4, 0.3]))


@settings(max_examples=120, deadline=None)
@given(cases())
def test_forward_activations_and_grads_match_scalar_engine(case):
    spec, l2 = case
    model, X, t = make_case(**spec)
    ref_layers = scalar_layers(model, X)
    close(B.forward(model, X), ref_layers[-1])
    for got, ref in zip(B.activations(model, X), ref_layers, strict=True):
        close(got, ref)
    ref_loss, ref_grads = scalar_loss(model, X, t, spec["loss"], l2)
    for p in model.parameters():
        p.grad = 123.0  # must be replaced, not added to
    got_loss = B.loss_and_grad(model, X, t, spec["loss"], l2)
    close(got_loss, ref_loss)
    close(np.array([p.grad for p in model.parameters()]), ref_grads)


def test_relu_gradient_is_zero_at_exactly_zero():
    model, X, t = make_case(1, 2, [3], 1, "relu", "mse", 5)
    for n in model.layers[0].neurons:  # every hidden pre-activation is exactly 0
        n.b.data = 0.0
        for w in n.w:
            w.data = 0.0
    _, ref = scalar_loss(model, X, t, "mse", 0.0)
    B.loss_and_grad(model, X, t, "mse")
    got = np.array([p.grad for p in model.parameters()])
    assert np.array_equal(got[:9], np.zeros(9)) and np.array_equal(got, ref)


def test_flat_layout_is_parameters_order():
    model, X, _ = make_case(3, 3, [4, 2], 2, "tanh", "cross_entropy", 4)
    net = B.FlatNet.from_model(model)
    assert net.theta.tolist() == [p.data for p in model.parameters()]
    for (W, b), (W2, b2) in zip(net.layers(), B.layer_arrays(model), strict=True):
        assert np.array_equal(W, W2) and np.array_equal(b, b2)
    assert [W.shape for W, _ in net.layers()] == [(4, 3), (2, 4), (2, 2)]


def test_array_level_functions_agree_with_model_level():
    model, X, t = make_case(4, 2, [5, 3], 1, "sigmoid", "logistic", 9)
    layers = B.layer_arrays(model)
    assert np.array_equal(B.forward_arrays(layers, "sigmoid", X), B.forward(model, X))
    loss, grads = B.loss_and_grad_arrays(layers, "sigmoid", X, t, "logistic", 0.01)
    assert loss == B.loss_and_grad(model, X, t, "logistic", 0.01)
    flat = np.concatenate([np.column_stack([dW, db]).ravel() for dW, db in grads])
    assert np.array_equal(flat, [p.grad for p in model.parameters()])


def test_large_logits_stay_finite():
    model, X, _ = make_case(5, 2, [], 3, "relu", "cross_entropy", 4)
    layers = [(W * 1e3, b) for W, b in B.layer_arrays(model)]
    loss, _ = B.loss_and_grad_arrays(layers, "relu", X * 100, [0, 1, 2, 0], "cross_entropy")
    assert np.isfinite(loss)
    layers = [(W * 1e3, b) for W, b in B.layer_arrays(make_case(5, 2, [], 1, "relu", "mse", 1)[0])]
    loss, grads = B.loss_and_grad_arrays(layers, "relu", X * 100, [1, -1, 1, -1], "logistic")
    assert np.isfinite(loss) and all(np.isfinite(g).all() for pair in grads for g in pair)


@pytest.mark.parametrize("X, t, loss, nout, message", [
    (np.zeros((3, 3)), [1, -1, 1], "hinge", 1, r"shape \(N, 2\)"),
    (np.zeros((0, 2)), [], "hinge", 1, "empty"),
    ([[0.0, np.nan]], [1], "hinge", 1, "NaN"),
    ([[0.0, np.inf]], [1], "mse", 1, "NaN or infinite"),
    (np.zeros((2, 2)), [0, 1], "hinge", 1, r"-1 or \+1"),
    (np.zeros((2, 2)), [1, -1, 1], "mse", 1, "one target per point"),
    (np.zeros((2, 2)), [1, np.nan], "logistic", 1, "NaN"),
    (np.zeros((2, 2)), [0, 3], "cross_entropy", 3, "class 3"),
    (np.zeros((2, 2)), [0, -1], "cross_entropy", 3, "class -1"),
    (np.zeros((2, 2)), [0, 1.5], "cross_entropy", 3, "integer"),
    (np.zeros((2, 2)), [1, -1], "hinge", 3, "1 output"),
    (np.zeros((2, 2)), [0, 0], "cross_entropy", 1, "at least 2 outputs"),
    (np.zeros((2, 2)), [1, -1], "squared", 1, "hinge, logistic, mse, cross_entropy"),
])
def test_bad_input_messages(X, t, loss, nout, message):
    model = MLP(2, [3, nout], rng=random.Random(0))
    with pytest.raises(ValueError, match=message):
        B.loss_and_grad(model, X, t, loss)


def test_bad_names_and_shapes():
    model = MLP(2, [3, 1], rng=random.Random(0))
    layers = B.layer_arrays(model)
    with pytest.raises(ValueError, match="relu, tanh, sigmoid, linear"):
        B.forward_arrays(layers, "gelu", np.zeros((1, 2)))
    with pytest.raises(ValueError, match="l2"):
        B.loss_and_grad(model, np.zeros((1, 2)), [1], "mse", l2=-1.0)
    with pytest.raises(ValueError, match=r"shape \(N, 2\)"):
        B.forward(model, np.zeros(2))
