"""micrograd's demo, exactly, through the engine's Trainer: its 100 moons points (playground/resources/examples), the
weights `random.seed(1337)` gives `MLP(2, [16, 16, 1])`, hinge + 1e-4 L2, full-batch SGD with its linear
schedule `lr = 1.0 - 0.9*k/100`, reproduce the losses micrograd 0.1.0 prints (recorded by running its demo
loop, in micrograd_demo_losses.csv), on the scalar engine and on the batched one."""
import csv
import random

import numpy as np
import pytest

from engine.nn import MLP
from engine.schedules import Schedule
from engine.train import Trainer, encode_targets
from playground.resources import resource

MICROGRAD_SCHEDULE = Schedule("linear", steps=100, final=0.1)


def read_csv(name):
    with resource("examples", name).open(newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def demo():
    points = read_csv("micrograd_demo_moons.csv")
    X = np.array([[float(r["x1"]), float(r["x2"])] for r in points])
    labels = np.array([int(r["label"]) for r in points])
    printed = read_csv("micrograd_demo_losses.csv")
    return X, labels, [float(r["loss"]) for r in printed], [float(r["accuracy"]) / 100 for r in printed]


def demo_trainer(X, labels, engine):
    state = random.getstate()
    random.seed(1337)  # micrograd's demo seeds the global generator, then builds its MLP
    model = MLP(2, [16, 16, 1])
    random.setstate(state)
    return Trainer(model, X, encode_targets(labels, "hinge"), loss="hinge", l2=1e-4, optimizer="sgd", lr=1.0,
                   batch_size=None, engine=engine, schedule=MICROGRAD_SCHEDULE)


@pytest.mark.parametrize("engine", ["scalar", "batched"])
def test_the_trainer_replays_micrograds_demo(demo, engine):
    X, labels, losses, accuracies = demo
    assert X.shape == (100, 2) and len(losses) == 100
    trainer = demo_trainer(X, labels, engine)
    steps = [trainer.step() for _ in range(100)]
    if engine == "scalar":
        assert steps[0].loss == 0.8958441028683222  # micrograd's first printed loss, to the last digit
    np.testing.assert_allclose([s.loss for s in steps], losses, rtol=1e-12, atol=0)
    assert [s.accuracy for s in steps] == accuracies
    assert [s.learning_rate for s in steps] == [1.0 - 0.9 * k / 100 for k in range(100)]
    assert steps[-1].accuracy == 1.0
