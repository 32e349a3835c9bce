import dataclasses
import json
import random

import numpy as np
import pytest

from engine import batched, datasets
from engine.nn import MLP
from engine.train import StepStats, Trainer, encode_targets


def data_for(loss, n=24, seed=1):
    if loss == "cross_entropy":
        return datasets.blobs(n, 0.3, seed, k=3)
    X, y = datasets.moons(n, 0.15, seed)
    return X, encode_targets(y, loss)


def pair(loss="hinge", hidden=(5, 4), activation="relu", seed=3, **kw):
    """The same model twice, one Trainer per engine."""
    X, y = data_for(loss)
    nout = 3 if loss == "cross_entropy" else 1
    trainers = []
    for engine in ("batched", "scalar"):
        model = MLP(2, [*hidden, nout], activation=activation, rng=random.Random(seed))
        trainers.append(Trainer(model, X, y, loss=loss, engine=engine, **kw))
    return trainers


def assert_same(a, b, sa=None, sb=None, tol=1e-12):
    np.testing.assert_allclose(a.snapshot_weights(), b.snapshot_weights(), rtol=0, atol=tol)
    np.testing.assert_allclose([p.grad for p in a.model.parameters()],
                               [p.grad for p in b.model.parameters()], rtol=0, atol=tol)
    if sa is not None:
        assert (sa.step, sa.accuracy, sa.batch_size) == (sb.step, sb.accuracy, sb.batch_size)
        assert sa.loss == pytest.approx(sb.loss, rel=1e-12)


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
@pytest.mark.parametrize("batch_size", [None, 7])
@pytest.mark.parametrize("loss", ["hinge", "mse", "logistic", "cross_entropy"])
def test_engines_give_the_same_weights_step_after_step(optimizer, batch_size, loss):
    a, b = pair(loss, optimizer=optimizer, batch_size=batch_size, lr=0.05, l2=1e-3,
                activation="tanh" if loss == "mse" else "relu")
    for _ in range(6):
        sa, sb = a.step(), b.step()
        assert_same(a, b, sa, sb)


def test_engines_agree_through_setting_changes_and_weight_edits():
    a, b = pair("hinge", optimizer="momentum", lr=0.1, momentum=0.5, batch_size=10, seed=9)
    changes = [
        lambda t: setattr(t, "lr", 0.02),
        lambda t: setattr(t, "l2", 0.01),
        lambda t: setattr(t, "momentum", 0.9),
        lambda t: setattr(t, "batch_size", None),
        lambda t: setattr(t, "optimizer", "adam"),
        lambda t: setattr(t.model.parameters()[3], "data", 0.75),  # the user types in a weight
        lambda t: t.restore_weights([w * 0.5 for w in t.snapshot_weights()]),
        lambda t: setattr(t, "optimizer", "sgd"),
    ]
    for change in changes:
        change(a)
        change(b)
        for _ in range(2):
            assert_same(a, b, a.step(), b.step())
    assert a.model.parameters()[3].data != 0.75  # the edit was trained from, not overwritten


def test_micrograd_demo_first_loss_and_moons_accuracy():
    random.seed(1337)  # micrograd's demo: its weights, its data, its loss
    model = MLP(2, [16, 16, 1])
    X, y = datasets.moons(100, 0.1, 1337)
    tr = Trainer(model, X, encode_targets(y, "hinge"), loss="hinge", l2=1e-4, lr=1.0)
    first = tr.step()
    assert first.loss == pytest.approx(0.8958441028683222, rel=1e-14)
    for k in range(1, 100):
        tr.lr = 1.0 - 0.9 * k / 100
        stats = tr.step()
    assert stats.accuracy >= 0.97 and tr.evaluate(X, encode_targets(y, "hinge"))[1] >= 0.97


def test_xor_trains_with_minibatches():
    X, y = datasets.xor(200, 0.0, 0)
    t = encode_targets(y, "logistic")
    model = MLP(2, [8, 8, 1], activation="tanh", rng=random.Random(0))
    tr = Trainer(model, X, t, loss="logistic", optimizer="adam", lr=0.03, batch_size=20, seed=1)
    for _ in range(400):
        tr.step()
    Xt, yt = datasets.xor(200, 0.0, 1)
    assert tr.evaluate(X, t)[1] >= 0.97 and tr.evaluate(Xt, encode_targets(yt, "logistic"))[1] >= 0.9


def test_seeded_minibatches_are_reproducible_and_leave_global_state_alone():
    np_state, py_state = np.random.get_state()[1].tolist(), random.getstate()

    def run(seed):
        model = MLP(2, [4, 1], rng=random.Random(0))
        tr = Trainer(model, *data_for("hinge"), loss="hinge", batch_size=5, seed=seed)
        return [tr.step() for _ in range(12)], tr.snapshot_weights()

    assert run(4) == run(4)
    assert run(4)[1] != run(5)[1]
    assert np.random.get_state()[1].tolist() == np_state and random.getstate() == py_state


def test_epochs_visit_every_point_once():
    X, y = data_for("hinge", n=23)
    tr = Trainer(MLP(2, [1], rng=random.Random(0)), X, y, batch_size=5)
    sizes = [tr.step().batch_size for _ in range(10)]
    assert sizes == [5, 5, 5, 5, 3, 5, 5, 5, 5, 3]


def test_stats_and_evaluate():
    tr, _ = pair("cross_entropy", l2=0.01, lr=0.1)
    X, y = data_for("cross_entropy")
    loss, acc = tr.evaluate(X, y)
    ref = batched.loss_and_grad(tr.model, X, y, "cross_entropy", 0.01)
    data_only = tr.evaluate(X, y, include_l2=False)[0]
    penalty = 0.01 * sum(w * w for w in tr.snapshot_weights())
    assert loss == pytest.approx(ref, rel=1e-14) and data_only == pytest.approx(ref - penalty, rel=1e-12)
    stats = tr.step()  # full batch: the stats are those of the weights before the update
    assert isinstance(stats, StepStats) and stats.step == 1 and stats.finite
    assert stats.loss == pytest.approx(ref, rel=1e-14) and stats.accuracy == acc
    assert stats.data_loss == pytest.approx(data_only, rel=1e-14) and stats.batch_size == len(X)
    assert tr.evaluate(X, y)[0] < loss  # the step made progress
    with pytest.raises(dataclasses.FrozenInstanceError):
        stats.loss = 0.0


@pytest.mark.parametrize("engine", ["batched", "scalar"])
def test_divergence_is_reported_not_raised(engine):
    a, b = pair("mse", optimizer="sgd", lr=1e6)
    tr = a if engine == "batched" else b
    last_good = None
    for _ in range(30):
        weights = tr.snapshot_weights()
        stats = tr.step()  # stats describe the weights before the step
        if not stats.finite:
            break
        last_good = weights
    assert not stats.finite and last_good is not None
    before = tr.snapshot_weights()
    assert tr.step().finite is False  # and no update from a meaningless gradient:
    assert np.array_equal(tr.snapshot_weights(), before, equal_nan=True)
    tr.restore_weights(last_good)
    tr.lr = 1e-3
    assert tr.step().finite


@pytest.mark.parametrize("engine", ["batched", "scalar"])
@pytest.mark.parametrize("optimizer", ["momentum", "adam"])
def test_state_round_trip(engine, optimizer):
    X, y = data_for("hinge")
    tr = Trainer(MLP(2, [5, 1], rng=random.Random(2)), X, y, optimizer=optimizer, lr=0.05, engine=engine)
    for _ in range(3):
        tr.step()
    state = json.loads(json.dumps(tr.get_state()))  # plain data
    after = [tr.step().loss for _ in range(3)], tr.snapshot_weights()
    tr.optimizer = "sgd"
    tr.set_state(state)
    assert tr.step_count == 3
    assert ([tr.step().loss for _ in range(3)], tr.snapshot_weights()) == after


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_state_moves_between_engines(optimizer):
    a, b = pair("hinge", optimizer=optimizer, lr=0.05, seed=4)
    for _ in range(3):
        a.step()
    state = json.loads(json.dumps(a.get_state()))
    assert set(state["optimizer_state"]) == {"t", "buf", "m", "v"}  # the same keys for every optimizer
    b.set_state(state)  # batched -> scalar
    assert b.get_state() == state
    for _ in range(3):
        assert_same(a, b, a.step(), b.step())
    a.set_state(json.loads(json.dumps(b.get_state())))  # and back
    assert_same(a, b, a.step(), b.step())


def test_set_data_replaces_the_training_set():
    tr, _ = pair("hinge")
    X, y = datasets.gauss(10, 0.0, 0)
    tr.set_data(X, encode_targets(y, "hinge"))
    assert tr.step().batch_size == 10
    Xb, yb = datasets.blobs(9, 0.1, 0)
    with pytest.raises(ValueError, match="at least 2 outputs"):
        tr.set_data(Xb, yb, loss="cross_entropy")
    assert tr.loss == "hinge" and tr.step().batch_size == 10  # a rejected set_data changes nothing


def test_encode_targets():
    assert encode_targets([0, 1, 1], "hinge").tolist() == [-1.0, 1.0, 1.0]
    assert encode_targets([2, 0], "cross_entropy").tolist() == [2, 0]
    with pytest.raises(ValueError, match="0 or 1"):
        encode_targets([0, 2], "mse")


def make(**kw):
    X, y = data_for("hinge")
    args = dict(model=MLP(2, [3, 1], rng=random.Random(0)), X=X, y=y)
    args.update(kw)
    return Trainer(**args)


@pytest.mark.parametrize("kw, message", [
    (dict(X=np.zeros((0, 2)), y=[]), "empty"),
    (dict(y=np.zeros(24)), r"-1 or \+1"),
    (dict(y=np.ones(5)), "one target per point"),
    (dict(X=np.zeros((24, 3))), r"shape \(N, 2\)"),
    (dict(loss="cross_entropy"), "at least 2 outputs"),
    (dict(loss="l1"), "choose from hinge, logistic, mse"),
    (dict(optimizer="rmsprop"), "choose from sgd, momentum, adam"),
    (dict(engine="gpu"), "choose from batched, scalar"),
    (dict(lr=0.0), "lr must be > 0"),
    (dict(lr=float("nan")), "lr must be a finite"),
    (dict(l2=-1.0), "l2 must be >= 0"),
    (dict(momentum=1.0), r"momentum must be in \[0, 1\)"),
    (dict(batch_size=0), "batch_size"),
])
def test_bad_input(kw, message):
    with pytest.raises(ValueError, match=message):
        make(**kw)


def test_bad_settings_between_steps_keep_the_old_value():
    tr = make()
    for name, value in (("lr", -1.0), ("batch_size", 2.5), ("optimizer", "lbfgs"), ("l2", float("inf"))):
        old = getattr(tr, name)
        with pytest.raises(ValueError):
            setattr(tr, name, value)
        assert getattr(tr, name) == old
    with pytest.raises(ValueError, match="expected 13 weights"):
        tr.restore_weights([0.0])
    with pytest.raises(ValueError, match="finite"):
        tr.restore_weights([float("nan")] * 13)
