"""What the worker measures for a snapshot: losses and accuracies per split, gradients, the pictures."""
from __future__ import annotations

import numpy as np

from engine.features import expand
from playground.worker.config import TrainingConfig
from playground.worker.snapshot import boundary_image, frozen


def evaluate_splits(trainer, config: TrainingConfig):
    """(train loss, train accuracy, test loss, test accuracy) on the whole splits: nan without a trainer,
    None for the test side when there is no test split."""
    nan = float("nan")
    out = []
    for mask in (~config.is_test, config.is_test):
        if trainer is None or not mask.any():
            out.append((nan, nan) if mask is not config.is_test else (None, None))
            continue
        X = expand(config.points[mask], list(config.features))
        with np.errstate(all="ignore"):
            loss, acc = trainer.evaluate(X, config.targets(config.labels[mask]))
        out.append((float(loss), float(acc)))
    (train_loss, train_acc), (test_loss, test_acc) = out
    return train_loss, train_acc, test_loss, test_acc


def layer_gradients(model) -> list:
    """Per layer, (weight grads (nout, nin), bias grads (nout,)) from the last step."""
    return [(np.array([[w.grad for w in n.w] for n in L.neurons]), np.array([n.b.grad for n in L.neurons]))
            for L in model.layers]


def pictures(layers, activation, grid, thumb_grid, want_maps: bool):
    """The boundary image over `grid`, and per layer (n, H, W) neuron maps over `thumb_grid` if wanted."""
    with np.errstate(all="ignore"):  # a diverged net overflows here; the image clips it
        # GridEvaluator reuses its buffers in cache-sized chunks: ~6x faster than batched.forward on
        # the whole grid, and this runs 30 times a second.
        boundary = boundary_image(grid.evaluate(layers, activation))
        maps = ()
        if want_maps:  # (H, W, n) per layer -> (n, H, W)
            maps = tuple(frozen(a.transpose(2, 0, 1))
                         for a in thumb_grid.evaluate(layers, activation, all_layers=True))
    return boundary, maps

