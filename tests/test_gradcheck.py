"""The gradient check: passes on correct gradients (zero ones and kinks included), fails on wrong ones, and
explains a failure only with what is true of the network."""
import random

import numpy as np
import pytest

import engine
from engine import batched
from engine.gradcheck import STEP, check_gradients, parameter_name, parameter_position
from playground.views.graph.demo import toy_data

# A few points per class, as a person clicks them on an empty canvas.
CLICKED = [(-1.0, 0.5), (-1.0, -0.5), (-0.5, 1.0), (1.0, 0.5), (1.0, -0.5), (0.5, -1.0)]
CLASSES = [0, 0, 0, 1, 1, 1]


def targets_for(loss, classes):
    return list(classes) if loss == "cross_entropy" else [1.0 if c else -1.0 for c in classes]


def central_difference(model, X, t, loss, index, h=STEP):
    """The plain (L(p + h) - L(p - h)) / 2h, as the check did before it looked for kinks."""
    p = model.parameters()[index]
    old = p.data
    p.data = old + h
    up = batched.loss_and_grad(model, X, t, loss=loss)
    p.data = old - h
    down = batched.loss_and_grad(model, X, t, loss=loss)
    p.data = old
    return (up - down) / (2 * h)


@pytest.mark.parametrize("loss", ["logistic", "mse", "hinge", "cross_entropy"])
@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_fresh_network_on_a_few_clicked_points_passes(activation, loss, seed):
    nout = 2 if loss == "cross_entropy" else 1
    m = engine.MLP(2, [8, 8, nout], activation=activation, rng=random.Random(seed))
    r = check_gradients(m, np.array(CLICKED), targets_for(loss, CLASSES), loss)
    assert r.passed, r.summary()
    assert r.checked == r.total == len(m.parameters())
    assert r.summary().startswith("✓") and "✗" not in r.summary()


def test_zero_gradients_against_finite_difference_noise_pass():
    # The case: a fresh tanh net, hinge, a few clicks mirrored across the origin. Some gradients
    # are exactly 0 (their terms cancel); their finite differences are a few 1e-12 of round-off, which a
    # relative error with a 1e-8 floor reported as errors of 2e-4.
    m = engine.MLP(2, [8, 8, 1], activation="tanh", rng=random.Random(0))
    X, t = np.array(CLICKED), targets_for("hinge", CLASSES)
    batched.loss_and_grad(m, X, t, loss="hinge")
    zero = [i for i, p in enumerate(m.parameters()) if abs(p.grad) < 1e-15]
    noise = [central_difference(m, X, t, "hinge", i) for i in zero]
    assert any(n != 0 for n in noise)
    assert max(abs(n) / max(abs(n), 1e-8) for n in noise) > 1e-5              # the old verdict: ✗
    r = check_gradients(m, X, t, "hinge")
    assert r.passed, r.summary()
    assert max(abs(n) for n in noise) < r.atol


@pytest.mark.parametrize("scale,shift", [(1.5, 0.0), (-1.0, 0.0), (1.0, 1e-6)])
def test_a_wrong_gradient_fails_and_names_it(monkeypatch, scale, shift):
    X, t = toy_data(50)
    m = engine.MLP(2, [4, 1], activation="tanh", rng=random.Random(0))
    real = batched.loss_and_grad

    def broken(model, *a, **k):
        out = real(model, *a, **k)
        w = model.layers[0].neurons[1].w[0]            # one weight's gradient, off
        w.grad = w.grad * scale + shift
        return out

    monkeypatch.setattr(batched, "loss_and_grad", broken)
    r = check_gradients(m, X, t, "logistic")
    assert not r.passed and r.failed == 1
    assert r.worst_position == (0, 1, 0) and r.worst_name == "w0 of layer 1 neuron 2"
    text = r.summary()
    assert text.startswith("✗") and "w0 of layer 1 neuron 2" in text
    assert "does not match the loss" in text
    assert "ReLU" not in text and "hinge" not in text and "kink" not in text    # a smooth net, a smooth loss


def _margin_on_the_kink():
    """A tanh net and points where point 0's hinge margin is 0: the output bias's +-h step crosses it."""
    m = engine.MLP(2, [4, 1], activation="tanh", rng=random.Random(0))
    X, t = np.array(CLICKED), targets_for("hinge", CLASSES)
    s0 = batched.forward(m, X[:1])[0, 0]
    bias = m.layers[-1].neurons[0].b
    bias.data += t[0] * 1.0 - s0                       # t0 * s0 == 1: margin 1 - t0 * s0 == 0
    return m, X, t, len(m.parameters()) - 1


def test_a_hinge_kink_within_the_step_is_measured_from_one_side():
    m, X, t, bias = _margin_on_the_kink()
    batched.loss_and_grad(m, X, t, loss="hinge")
    backprop = m.parameters()[bias].grad
    assert abs(central_difference(m, X, t, "hinge", bias) - backprop) > 0.01   # the kink: half a 1/n slope
    r = check_gradients(m, X, t, "hinge")
    assert r.passed, r.summary()
    assert r.kinks == ("hinge",) and r.around_kinks >= 1 and r.skipped == 0
    assert "hinge kink" in r.summary() and "ReLU" not in r.summary()


def test_a_relu_kink_within_the_step_is_measured_from_one_side():
    m = engine.MLP(2, [4, 1], activation="relu", rng=random.Random(3))
    X, t = np.array(CLICKED), targets_for("logistic", CLASSES)
    neuron = m.layers[0].neurons[0]
    neuron.b.data = -(neuron.w[0].data * X[0, 0] + neuron.w[1].data * X[0, 1])   # z = 0 at point 0
    m.layers[1].neurons[0].w[0].data = 2.0             # and the unit matters downstream
    index = 2                                          # that neuron's bias
    batched.loss_and_grad(m, X, t, loss="logistic")
    backprop = m.parameters()[index].grad
    assert abs(central_difference(m, X, t, "logistic", index) - backprop) > 1e-3
    r = check_gradients(m, X, t, "logistic")
    assert r.passed, r.summary()
    assert r.kinks == ("ReLU",) and r.around_kinks >= 1
    assert "ReLU kink" in r.summary() and "hinge" not in r.summary()


def test_only_kinks_the_network_has_are_looked_for():
    X, t = np.array(CLICKED), targets_for("hinge", CLASSES)
    no_hidden = engine.MLP(2, [1], activation="relu", rng=random.Random(0))    # relu names no unit here
    assert check_gradients(no_hidden, X, t, "hinge").kinked == ("hinge",)
    relu = engine.MLP(2, [4, 1], activation="relu", rng=random.Random(0))
    assert check_gradients(relu, X, t, "logistic").kinked == ("ReLU",)
    tanh = engine.MLP(2, [4, 1], activation="tanh", rng=random.Random(0))
    assert check_gradients(tanh, X, t, "mse").kinked == ()


def test_a_diverged_network_cannot_be_checked():
    m = engine.MLP(2, [4, 1], activation="tanh", rng=random.Random(0))
    for p in m.parameters():
        p.data = 1e200
    r = check_gradients(m, np.array(CLICKED), targets_for("mse", CLASSES), "mse")
    assert not r.passed and r.summary().startswith("Cannot check") and "diverged" in r.summary()


@pytest.mark.parametrize("activation,loss,classes", [("tanh", "logistic", 2), ("sigmoid", "mse", 2),
                                                     ("relu", "cross_entropy", 3), ("relu", "hinge", 2)])
def test_a_correct_model_on_more_data_passes_and_keeps_the_apps_gradients(activation, loss, classes):
    X, t = toy_data(80, seed=1, classes=classes)
    nout = 1 if classes == 2 else classes
    m = engine.MLP(2, [8, 8, nout], activation=activation, rng=random.Random(4))
    for p in m.parameters():
        p.grad = 123.0
    r = check_gradients(m, X, t, loss, 0.01)
    assert r.sampled == r.total == len(m.parameters())
    assert r.passed, r.summary()
    assert all(p.grad == 123.0 for p in m.parameters()), "the check must leave the app's grads alone"


def test_big_models_are_sampled_and_positions_named():
    X, t = toy_data(20)
    m = engine.MLP(2, [32, 32, 1], activation="tanh", rng=random.Random(0))
    r = check_gradients(m, X, t, "logistic", max_params=100)
    assert r.sampled == 100 and r.total == len(m.parameters())
    assert r.passed and f"100 of {r.total} parameters (an even spread)" in r.summary()
    assert parameter_position(m, 0) == (0, 0, 0) and parameter_position(m, 2) == (0, 0, 2)
    last = len(m.parameters()) - 1
    assert parameter_position(m, last) == (2, 0, 32) and parameter_name(m, last) == "bias of output neuron 1"
    assert parameter_name(m, 3 + 1) == "w1 of layer 1 neuron 2"   # neurons of 2 weights and a bias
    with pytest.raises(ValueError):
        parameter_position(m, -1)
    with pytest.raises(ValueError):
        check_gradients(m, X, t, "logistic", h=0)
