"""A past step's picture, for the training timeline: a checkpoint's weights in, a `Snapshot` out, computed off
the GUI thread with the worker's own measures (measure.py: losses per split, gradients,
boundary and neuron maps, or a curve).

`frame_runner` computes one `FrameRequest` at a time on its own one-thread pool (pool_runner.py); the latest request wins (one
asked for while another computes waits, replacing any that waited before it), so scrubbing or playing fast
drops frames instead of queueing them.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from engine import batched
from playground.worker.config import BOUNDARY_CELLS, THUMBNAIL_CELLS, TrainingConfig
from playground.worker.measure import evaluate_splits, layer_gradients, snapshot_pictures
from playground.worker.pool_runner import PoolRunner
from playground.worker.snapshot import Snapshot, frozen, grid_evaluator
from playground.worker.training_setup import build_model, make_trainer


@dataclass(frozen=True)
class FrameRequest:
    config: TrainingConfig       # the data and network (its weights: the checkpoint's)
    step: int
    loss: float                  # the checkpoint's own (step) loss, shown on the loss curve
    extent: tuple                # the part of the plane the canvas shows
    want_maps: bool
    model_id: int                # the live model's, so views keyed by model take it as this run's

    @classmethod
    def of(cls, config: TrainingConfig, checkpoint, extent, want_maps: bool, model_id: int) -> FrameRequest:
        return cls(dataclasses.replace(config, weights=checkpoint.weights, step=checkpoint.step),
                   checkpoint.step, checkpoint.loss, tuple(extent), bool(want_maps), int(model_id))


def compute_frame(request: FrameRequest) -> Snapshot:
    """Pure numpy and engine: safe on any thread. Gradients are the full train split's at those weights (the
    live snapshot's are its last minibatch's)."""
    config = request.config
    model = build_model(config)
    trainer = make_trainer(config, model, request.step)
    train_loss, train_acc, test_loss, test_acc = evaluate_splits(trainer, config)
    if trainer is not None:
        X, y = config.split_data(~config.is_test)     # a curve's x and y, a surface's values, or classes
        with np.errstate(all="ignore"):
            batched.loss_and_grad(model, X, y, config.loss, config.l2, problem=config.problem)
    layers = batched.layer_arrays(model)
    grads = layer_gradients(model)

    def grids():
        return tuple(grid_evaluator(config.features, cells, request.extent) for cells in (BOUNDARY_CELLS,
                                                                                          THUMBNAIL_CELLS))
    # The worker's own pictures: a curve's fitted curve (no grids built), else the boundary and maps.
    pictures = snapshot_pictures(layers, model.activation, config, grids, request.extent, request.want_maps)
    return Snapshot(
        model_id=request.model_id, step=request.step, running=False,
        train_loss=train_loss, train_accuracy=train_acc, test_loss=test_loss, test_accuracy=test_acc,
        steps_per_second=0.0, new_steps=frozen([]), new_losses=frozen([]),
        extent=request.extent,
        weights=tuple(frozen(W) for W, _ in layers), biases=tuple(frozen(b) for _, b in layers),
        weight_grads=tuple(frozen(g) for g, _ in grads), bias_grads=tuple(frozen(g) for _, g in grads),
        **pictures,
    )


def frame_runner(parent=None) -> PoolRunner:
    """Past frames on their own one-thread pool, the latest request winning (`request`);
    `computed(FrameRequest, Snapshot)`."""
    return PoolRunner(compute_frame, (ValueError, TypeError, FloatingPointError, MemoryError), parent)
