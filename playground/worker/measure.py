"""What the worker measures for a snapshot: losses and accuracies per split, gradients, the pictures."""
from __future__ import annotations

import time

import numpy as np

from engine.batched import forward_arrays
from engine.features import expand
from playground.worker.config import TrainingConfig
from playground.worker.snapshot import boundary_image, frozen


def split_arrays(config: TrainingConfig) -> tuple:
    """(train, test): each split's (inputs, targets) as the network takes them, None for an empty split. A
    loop measuring many snapshots of one config keeps these rather than expanding the points each time."""
    return tuple(config.split_data(mask) if mask.any() else None for mask in (~config.is_test, config.is_test))


def evaluate_splits(trainer, config: TrainingConfig, splits: tuple | None = None):
    """(train loss, train accuracy, test loss, test accuracy) on the whole splits: nan without a trainer,
    None for the test side when there is no test split. `splits`: split_arrays(config), if kept."""
    nan = float("nan")
    out = []
    if splits is None and trainer is not None:
        splits = split_arrays(config)
    for i in range(2):
        data = None if trainer is None else splits[i]
        if data is None:
            out.append((nan, nan) if i == 0 else (None, None))
            continue
        X, y = data
        with np.errstate(all="ignore"):
            loss, acc = trainer.evaluate(X, y)   # regression: R² instead of accuracy
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
            maps = tuple(frozen(a.transpose(2, 0, 1), dtype=a.dtype)
                         for a in thumb_grid.evaluate(layers, activation, all_layers=True))
    return boundary, maps



CURVE_SAMPLES = 400   # the fitted curve's x samples across the view: smooth at any canvas width
NO_IMAGE = frozen(np.zeros((0, 0)))   # a curve's boundary: the curve canvas shows no heatmap


def fitted_curve(layers, activation, features, extent) -> tuple[np.ndarray, np.ndarray]:
    """Curve fitting: (x, the network's y) at CURVE_SAMPLES x values across extent's x range."""
    x, y, _ = curve_outputs(layers, activation, features, extent, want_neurons=False)
    return x, y


def curve_outputs(layers, activation, features, extent, want_neurons: bool):
    """(x, the network's y, per layer (n, CURVE_SAMPLES) each neuron's output if wanted, else ()) at
    CURVE_SAMPLES x values across extent's x range."""
    x = np.linspace(extent[0], extent[1], CURVE_SAMPLES)
    with np.errstate(all="ignore"):   # a diverged net overflows; the painter clips it
        outs = forward_arrays(layers, activation, expand(x[:, None], list(features)), all_layers=True)
    neurons = tuple(_finite(a.T) for a in outs) if want_neurons else ()
    return frozen(x), _finite(outs[-1][:, 0]), neurons


def _finite(a: np.ndarray) -> np.ndarray:
    return frozen(np.nan_to_num(a, nan=0.0, posinf=1e6, neginf=-1e6))


def snapshot_pictures(layers, activation, config: TrainingConfig, grids, extent, want_maps: bool) -> dict:
    """The Snapshot fields that picture the network over `extent`. A curve: its fitted curve and, if wanted,
    each neuron's output along x (`neuron_curves`), and no boundary or neuron maps: the curve canvas shows
    neither, and over a plane of x alone they are vertical stripes. Otherwise the boundary image over
    grids()[0] and, if wanted, the neuron maps over grids()[1] (grids: a callable, so a curve builds none)."""
    if config.kind == "curve":
        x, y, neurons = curve_outputs(layers, activation, config.features, extent, want_maps)
        return {"boundary": NO_IMAGE, "curve_x": x, "curve_y": y, "neuron_curves": neurons}
    grid, thumb_grid = grids()
    boundary, maps = pictures(layers, activation, grid, thumb_grid, want_maps)
    return {"boundary": boundary, "neuron_maps": maps}


# Seconds between two measurements of the splits while training runs: they feed the loss plot's eval curve and
# the status bar's figures, for which a few a second is plenty, and at 10,000 points one costs about a step.
EVAL_INTERVAL = 0.2
# A run's first steps move the losses most: while the step has grown by this factor since the last measurement,
# a periodic snapshot is measured anyway, so the curves' start is drawn in full (not from the step 0.2 s in).
EARLY_GROWTH = 1.25


class SplitMeter:
    """The splits' losses and accuracies for a loop's snapshots: measured afresh for any snapshot but a
    periodic one, for those at most every EVAL_INTERVAL or when the step has grown by EARLY_GROWTH since the
    last measurement (the others carry the last figures and their step).
    Keeps each config's split arrays, so a measurement only runs the network."""

    def __init__(self):
        self._key: tuple = ()
        self._splits: tuple | None = None
        self._last: tuple | None = None      # (train loss, train acc, test loss, test acc, step)
        self._time = 0.0

    def forget(self) -> None:
        """A new model or new weights: the next snapshot is measured whatever its kind."""
        self._last = None

    def measure(self, trainer, config: TrainingConfig, step: int, periodic: bool) -> tuple[tuple, bool]:
        """((train loss, train accuracy, test loss, test accuracy, the step they were measured at), whether
        they were measured just now)."""
        now = time.perf_counter()
        if (periodic and self._last is not None and now - self._time < EVAL_INTERVAL
                and step < EARLY_GROWTH * max(self._last[4], 1)):
            return self._last, False
        self._last = (*evaluate_splits(trainer, config, self._splits_of(config) if trainer else None), step)
        self._time = now
        return self._last, True

    def _splits_of(self, config: TrainingConfig) -> tuple:
        arrays = (config.points, config.labels, config.values, config.is_test)
        names = (config.features, config.loss, config.problem, config.kind)
        key = (arrays, names)
        if (self._splits is None or not all(a is b for a, b in zip(arrays, self._key[0], strict=True))
                or names != self._key[1]):
            self._splits, self._key = split_arrays(config), key
        return self._splits
