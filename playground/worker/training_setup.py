"""From a TrainingConfig to a model and its Trainer, and the live settings a running Trainer takes in place."""
from __future__ import annotations

import contextlib
import gc
import random

from engine import MLP
from engine.nn import set_flat_weights
from engine.train import Trainer
from playground.worker.config import TrainingConfig


def build_model(config: TrainingConfig):
    """A fresh model from the seed, or from config.weights."""
    model = MLP(len(config.features), list(config.layer_sizes), activation=config.model_activation,
                rng=random.Random(config.seed), init=config.init)
    if config.weights is not None:
        set_flat_weights(model, config.weights)
    return model


def make_trainer(config: TrainingConfig, model, step: int) -> Trainer | None:
    """A Trainer on the train split, its schedule at `step`; None when nothing can train."""
    if config.untrainable:           # worked out once, on the GUI thread
        return None
    X, y = config.split_data(~config.is_test)
    trainer = Trainer(model, X, y, loss=config.loss, l2=config.l2, optimizer=config.optimizer,
                      lr=config.learning_rate, momentum=config.momentum,
                      batch_size=config.batch_size or None, engine=config.engine, seed=config.seed,
                      schedule=config.schedule, problem=config.problem)
    trainer.step_count = step        # the schedule goes on where the run is
    return trainer


def apply_live_settings(trainer: Trainer, config: TrainingConfig) -> None:
    """The Trainer validates each setting; the optimizer is only touched when it changes (that resets it)."""
    trainer.lr = config.learning_rate
    trainer.schedule = config.schedule
    trainer.l2 = config.l2
    trainer.momentum = config.momentum
    trainer.batch_size = config.batch_size or None
    if trainer.optimizer != config.optimizer:
        trainer.optimizer = config.optimizer


@contextlib.contextmanager
def collector_paused():
    """Python's cyclic GC off for one scalar step. A step builds ~10^5 Values that live until it ends; the
    collections they trigger promote them, and every few steps a full collection walks the whole heap while
    holding the GIL: 20-40 ms in which the GUI cannot run a line (28 of them in 5 s of training). The graph
    has no reference cycles, so reference counting frees all of it anyway; the GC resumes right after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
