"""Learning-rate schedules: their formulas (micrograd's linear decay to the last bit), validation, JSON
form, and the Trainer applying them step by step on both engines, reporting the rate each step used."""
import math
import random

import numpy as np
import pytest

from engine import datasets
from engine.nn import MLP
from engine.schedules import CONSTANT, SCHEDULES, Schedule
from engine.train import Trainer, encode_targets


def test_micrograds_linear_decay_exactly():
    demo = Schedule("linear", steps=100, final=0.1)
    assert [demo.rate(1.0, k) for k in range(100)] == [1.0 - 0.9 * k / 100 for k in range(100)]
    assert demo.rate(1.0, 100) == demo.rate(1.0, 5000) == pytest.approx(0.1)


def test_step_decay_drops_every_n_steps_down_to_its_floor():
    s = Schedule("step", steps=10, factor=0.5, final=0.2)
    assert [s.rate(0.8, k) for k in (0, 9, 10, 19, 20, 30, 1000)] == [0.8, 0.8, 0.4, 0.4, 0.2, 0.8 * 0.2, 0.8 * 0.2]


def test_cosine_goes_from_base_to_final_along_half_a_cosine():
    s = Schedule("cosine", steps=50, final=0.1)
    assert s.rate(0.3, 0) == pytest.approx(0.3)
    assert s.rate(0.3, 25) == pytest.approx(0.3 * (0.1 + 0.9 / 2))
    assert s.rate(0.3, 50) == s.rate(0.3, 999) == pytest.approx(0.03)
    rates = [s.rate(0.3, k) for k in range(51)]
    assert all(a > b for a, b in zip(rates, rates[1:]))


def test_constant_is_the_default_and_ignores_the_step():
    assert Schedule() == CONSTANT and CONSTANT.kind == "constant" == SCHEDULES[0]
    assert {CONSTANT.rate(0.03, k) for k in (0, 1, 10**6)} == {0.03}


@pytest.mark.parametrize("fields,match", [({"kind": "cyclic"}, "unknown schedule 'cyclic'"),
                                          ({"steps": 0}, "steps must be a whole number >= 1"),
                                          ({"steps": True}, "steps"),
                                          ({"final": 0.0}, r"final must be a number in \(0, 1\]"),
                                          ({"final": 1.5}, "final"),
                                          ({"factor": math.nan}, "factor")])
def test_bad_settings_are_refused(fields, match):
    with pytest.raises(ValueError, match=match):
        Schedule(**fields)


def test_json_round_trip_and_strict_reading():
    s = Schedule("cosine", steps=300, final=0.05)
    assert Schedule.from_dict(s.to_dict()) == s
    with pytest.raises(ValueError, match="exactly the fields"):
        Schedule.from_dict({"kind": "linear"})
    with pytest.raises(ValueError, match="unknown schedule"):
        Schedule.from_dict({**s.to_dict(), "kind": "warmup"})


def moons_trainer(engine, schedule=CONSTANT, **kw):
    X, y = datasets.moons(40, 0.1, 3)
    model = MLP(2, [8, 8, 1], rng=random.Random(2))
    return Trainer(model, X, encode_targets(y, "hinge"), loss="hinge", engine=engine, schedule=schedule, **kw)


@pytest.mark.parametrize("engine", ["batched", "scalar"])
def test_the_trainer_applies_the_schedule_like_setting_lr_by_hand(engine):
    scheduled = moons_trainer(engine, Schedule("linear", steps=10, final=0.1), lr=0.5)
    by_hand = moons_trainer(engine, lr=0.5)
    for k in range(15):
        assert scheduled.learning_rate == 0.5 * (1.0 - 0.9 * min(k, 10) / 10)
        by_hand.lr = scheduled.learning_rate
        a, b = scheduled.step(), by_hand.step()
        assert a.learning_rate == b.learning_rate == by_hand.lr
        assert scheduled.snapshot_weights() == by_hand.snapshot_weights()


def test_the_engines_agree_under_a_schedule_and_a_restored_state_resumes_it():
    sched = Schedule("cosine", steps=8, final=0.2)
    a, b = moons_trainer("batched", sched, optimizer="adam", lr=0.05), moons_trainer("scalar", sched,
                                                                                      optimizer="adam", lr=0.05)
    for _ in range(5):
        sa, sb = a.step(), b.step()
        assert sa.learning_rate == sb.learning_rate
        np.testing.assert_allclose(a.snapshot_weights(), b.snapshot_weights(), rtol=0, atol=1e-12)
    resumed = moons_trainer("batched", sched, optimizer="adam", lr=0.05)
    resumed.set_state(a.get_state())
    assert resumed.learning_rate == a.learning_rate == sched.rate(0.05, 5)
    assert resumed.step().learning_rate == a.step().learning_rate


def test_a_trainer_refuses_what_is_not_a_schedule():
    with pytest.raises(ValueError, match="engine.schedules.Schedule"):
        moons_trainer("batched", "linear")
    t = moons_trainer("batched")
    assert t.step().learning_rate == t.lr == 0.1
