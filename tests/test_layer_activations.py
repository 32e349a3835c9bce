"""Per-layer activations: `MLP(activation=[...])`, one name per hidden layer, honoured by the scalar engine,
the batched one (FlatNet, forward_arrays, loss_and_grad_arrays), the grids and the Trainer, which all agree."""
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import batched as B
from engine import gradcheck, grid
from engine.nn import ACTIVATIONS, MLP, hidden_activations
from engine.train import Trainer
from tests.test_batched import close, make_case, scalar_layers, scalar_loss

MIXED = ["tanh", "relu", "sigmoid"]


def test_a_list_gives_each_hidden_layer_its_own_activation_and_the_output_stays_linear():
    model = MLP(2, [3, 4, 2, 1], activation=MIXED, rng=random.Random(0))
    assert model.activations == tuple(MIXED) and model.activation == tuple(MIXED)
    assert [n.activation for n in model.layers[1].neurons] == ["relu"] * 4
    assert repr(model.layers[0]).startswith("Layer of [TanhNeuron(2)")
    assert repr(model.layers[2]).startswith("Layer of [SigmoidNeuron(4)")
    assert model.layers[-1].neurons[0].activation == "linear"


def test_a_name_is_every_hidden_layers_and_keeps_micrograds_weights():
    one, many = MLP(2, [4, 4, 1], rng=random.Random(5)), MLP(2, [4, 4, 1], activation=["relu", "relu"],
                                                             rng=random.Random(5))
    assert one.activation == "relu" and one.activations == ("relu", "relu")
    assert [p.data for p in one.parameters()] == [p.data for p in many.parameters()]
    assert repr(one) == repr(many)


@pytest.mark.parametrize("bad,match", [(["relu"], "1 names for 2 hidden layers"),
                                       (["relu", "swish"], "unknown activation 'swish'"),
                                       (3, "a name or a list of names")])
def test_bad_lists_are_refused_with_a_clear_message(bad, match):
    with pytest.raises(ValueError, match=match):
        MLP(2, [4, 4, 1], activation=bad)
    with pytest.raises(ValueError, match=match):
        B.FlatNet([2, 4, 4, 1], bad)


def test_no_hidden_layer_takes_an_empty_list():
    assert MLP(2, [1], activation=[]).activations == () and hidden_activations("tanh", 0) == ()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(ACTIVATIONS), min_size=1, max_size=3), st.integers(0, 2**32 - 1),
       st.sampled_from(["hinge", "mse", "logistic", "cross_entropy"]), st.sampled_from([0.0, 1e-3]))
def test_scalar_and_batched_engines_agree_layer_by_layer(acts, seed, loss, l2):
    nout = 3 if loss == "cross_entropy" else 1
    model, X, t = make_case(seed, 2, [3] * len(acts), nout, acts, loss, 6)
    ref_layers = scalar_layers(model, X)
    for got, ref in zip(B.activations(model, X), ref_layers, strict=True):
        close(got, ref, rel=1e-12)
    ref_loss, ref_grads = scalar_loss(model, X, t, loss, l2)
    close(B.loss_and_grad(model, X, t, loss, l2), ref_loss, rel=1e-12)
    close(np.array([p.grad for p in model.parameters()]), ref_grads, rel=1e-12)
    loss_a, grads_a = B.loss_and_grad_arrays(B.layer_arrays(model), acts, X, t, loss, l2)
    close(loss_a, ref_loss, rel=1e-12)
    close(np.concatenate([np.column_stack([W, b]).ravel() for W, b in grads_a]), ref_grads, rel=1e-12)


def test_the_grid_uses_each_layers_activation():
    model = MLP(2, [5, 4, 1], activation=["sigmoid", "tanh"], rng=random.Random(2))
    xs, ys = np.linspace(-2, 2, 7), np.linspace(-1, 1, 5)
    got = grid.GridEvaluator(xs, ys).evaluate(B.layer_arrays(model), model.activation, all_layers=True)
    gx, gy = np.meshgrid(xs, ys)
    ref = scalar_layers(model, np.column_stack([gx.ravel(), gy.ravel()]))
    for g, r in zip(got, ref, strict=True):
        close(g.reshape(-1, g.shape[-1]), r, rel=1e-12)
    assert got[0].min() > 0 and got[1].min() < 0  # sigmoid first, tanh second


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_trainer_engines_agree_with_mixed_activations(optimizer):
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(20, 2)), rng.choice([-1.0, 1.0], 20)
    a, b = (Trainer(MLP(2, [6, 5, 1], activation=["tanh", "relu"], rng=random.Random(1)), X, y,
                    loss="hinge", optimizer=optimizer, lr=0.05, engine=engine) for engine in ("batched", "scalar"))
    for _ in range(8):
        sa, sb = a.step(), b.step()
        assert sa.loss == pytest.approx(sb.loss, rel=1e-12, abs=1e-13)
        np.testing.assert_allclose(a.snapshot_weights(), b.snapshot_weights(), rtol=0, atol=1e-12)


def test_gradients_match_finite_differences_with_mixed_activations():
    model, X, t = make_case(4, 2, [6, 5, 4], 1, ["sigmoid", "relu", "tanh"], "logistic", 12)
    result = gradcheck.check_gradients(model, X, t, "logistic", l2=1e-3)
    assert result.passed, result.summary()
    assert result.kinked == ("ReLU",)  # the relu layer's kinks are watched, not the smooth layers'
