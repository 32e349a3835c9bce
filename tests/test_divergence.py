"""DivergenceGuard: a run has diverged when its loss is not finite, or has stayed far above where it started."""
from __future__ import annotations

import random

import numpy as np
import pytest

from engine.datasets import PRESETS
from engine.divergence import (
    BLOW_UP_FACTOR,
    BLOW_UP_STEPS,
    BLOW_UP_WINDOW,
    DivergenceGuard,
)
from engine.nn import MLP
from engine.train import StepStats, Trainer


def stats(loss, data_loss=None):
    return StepStats(step=1, loss=loss, accuracy=0.5, data_loss=loss if data_loss is None else data_loss,
                     batch_size=10)


def feed(guard, losses):
    """The guard's answers, one per loss."""
    return [guard.observe(stats(x)) for x in losses]


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_a_loss_that_is_not_finite_is_divergence_at_once(bad):
    guard = DivergenceGuard()
    assert feed(guard, [2.0, 3.0]) == ["", ""]
    assert "infinite or NaN" in guard.observe(stats(bad))


def test_a_loss_far_above_the_start_for_most_of_the_window_is_a_blow_up():
    guard = DivergenceGuard()
    answers = feed(guard, [2.0] + [BLOW_UP_FACTOR * 2.0 * 1.5] * BLOW_UP_STEPS)
    assert answers[:-1] == [""] * BLOW_UP_STEPS
    assert answers[-1] == "the loss blew up" and "above 20 " in guard.detail   # 10x the start, 2


def test_spikes_that_come_back_down_are_not_a_blow_up():
    guard = DivergenceGuard()
    # Far above on fewer than BLOW_UP_STEPS of every BLOW_UP_WINDOW steps, for a long time.
    pattern = [500.0] * (BLOW_UP_STEPS - 1) + [1.0] * (BLOW_UP_WINDOW - BLOW_UP_STEPS + 1)
    assert set(feed(guard, [1.0] + pattern * 20)) == {""}


def test_the_start_counts_as_at_least_about_one():
    # Resumed from excellent weights (loss 0.001), a loss of 0.5 is not 500x "blown up".
    guard = DivergenceGuard()
    assert set(feed(guard, [0.001] + [0.5] * 100)) == {""}
    assert guard.threshold == BLOW_UP_FACTOR * 1.0


def test_the_l2_penalty_does_not_count_as_blowing_up():
    guard = DivergenceGuard()
    assert set(guard.observe(stats(loss=1.0 + 400.0, data_loss=1.0)) for _ in range(50)) == {""}


def test_reset_makes_the_next_loss_the_start():
    guard = DivergenceGuard()
    feed(guard, [1.0] + [100.0] * (BLOW_UP_STEPS - 1))
    guard.reset()
    assert set(feed(guard, [100.0] * 50)) == {""}       # 100 is where the new run starts


def preset_trainer(loss, optimizer, lr, batch_size=None):
    """The app's default network (2-8-8-1 tanh, seed 0) on its default preset, moons (200 points)."""
    points, labels = PRESETS["moons"](200, 0.1, 0)
    model = MLP(2, [8, 8, 1], activation="tanh", rng=random.Random(0))
    return Trainer(model, points, np.where(labels > 0, 1.0, -1.0), loss=loss, optimizer=optimizer, lr=lr,
                   batch_size=batch_size)


def steps_until_diverged(trainer, limit):
    guard = DivergenceGuard()
    for n in range(1, limit + 1):
        if guard.observe(trainer.step()):
            return n
    return None


def test_adam_at_learning_rate_10_with_mse_blows_up_without_overflowing():
    trainer = preset_trainer("mse", "adam", 10.0)
    n = steps_until_diverged(trainer, 200)
    assert n is not None and n <= 30


@pytest.mark.parametrize("loss,optimizer,lr,batch_size", [
    ("hinge", "adam", 0.03, None), ("mse", "adam", 0.3, None), ("logistic", "adam", 1.0, 16),
    ("mse", "sgd", 0.3, None), ("hinge", "momentum", 0.1, 16)])
def test_sane_runs_never_trip_the_guard(loss, optimizer, lr, batch_size):
    assert steps_until_diverged(preset_trainer(loss, optimizer, lr, batch_size), 600) is None
