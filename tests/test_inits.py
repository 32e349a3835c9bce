"""Initializations: micrograd's U(-1, 1) by default (same draws), Xavier and He bounds, seeded and
deterministic, and all-zeros, whose neurons stay identical within each layer however long they train."""
import math
import random

import numpy as np
import pytest

from engine import batched
from engine.inits import INITS, draw_weights
from engine.nn import MLP
from engine.train import Trainer


def weights(model):
    return [[w.data for n in layer.neurons for w in n.w] for layer in model.layers]


def test_the_default_is_micrograds_draws_exactly():
    random.seed(1337)
    default = [p.data for p in MLP(2, [16, 16, 1]).parameters()]
    random.seed(1337)
    named = [p.data for p in MLP(2, [16, 16, 1], init="micrograd").parameters()]
    random.seed(1337)
    by_hand = []
    for nin, nout in ((2, 16), (16, 16), (16, 1)):  # micrograd: nin uniform(-1, 1) draws per neuron, bias 0
        for _ in range(nout):
            by_hand += [random.uniform(-1, 1) for _ in range(nin)] + [0.0]
    assert default == named == by_hand


@pytest.mark.parametrize("init,bound", [("xavier", lambda nin, nout: math.sqrt(6 / (nin + nout))),
                                        ("he", lambda nin, nout: math.sqrt(6 / nin))])
def test_xavier_and_he_draw_within_their_bounds_with_the_right_spread(init, bound):
    model = MLP(300, [200, 1], init=init, rng=random.Random(0))
    for layer, (nin, nout) in zip(model.layers, ((300, 200), (200, 1))):
        w = np.array([wi.data for n in layer.neurons for wi in n.w])
        a = bound(nin, nout)
        assert np.abs(w).max() <= a and np.abs(w).max() > 0.95 * a
        if w.size > 1000:  # U(-a, a) has variance a^2 / 3
            assert w.var() == pytest.approx(a * a / 3, rel=0.05)
        assert all(n.b.data == 0.0 for n in layer.neurons)


@pytest.mark.parametrize("init", INITS)
def test_every_init_is_seeded_and_leaves_the_global_generator_alone(init):
    state = random.getstate()
    a = MLP(2, [8, 4, 1], init=init, rng=random.Random(7))
    b = MLP(2, [8, 4, 1], init=init, rng=random.Random(7))
    assert random.getstate() == state
    assert [p.data for p in a.parameters()] == [p.data for p in b.parameters()]
    assert a.init == init


def test_unknown_init_is_refused():
    with pytest.raises(ValueError, match="unknown init 'glorot'.*'xavier'"):
        MLP(2, [1], init="glorot")
    with pytest.raises(ValueError, match="unknown init"):
        draw_weights("ones", 3, 1, random.uniform)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("engine", ["batched", "scalar"])
def test_all_zeros_keeps_every_neuron_of_a_layer_identical_forever(activation, engine):
    model = MLP(2, [5, 4, 1], activation=activation, init="zeros")
    assert all(p.data == 0.0 for p in model.parameters())
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 2))
    y = np.where(X[:, 0] * X[:, 1] > 0, 1.0, -1.0)
    trainer = Trainer(model, X, y, loss="mse", optimizer="adam", lr=0.05, engine=engine)
    for _ in range(25):
        trainer.step()
    moved = False
    for W, b in batched.layer_arrays(model):
        assert np.array_equal(W, np.broadcast_to(W[0], W.shape)) and np.all(b == b[0])  # rows all equal
        moved = moved or bool(np.any(W != 0) or np.any(b != 0))
    assert moved  # training did change the weights: they move, but in lockstep


def test_a_random_init_breaks_the_symmetry():
    model = MLP(2, [5, 1], activation="tanh", init="xavier", rng=random.Random(0))
    W = batched.layer_arrays(model)[0][0]
    assert len({tuple(row) for row in W.tolist()}) == 5
