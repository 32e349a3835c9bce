"""What the worker measures for a snapshot: losses and accuracies per split, gradients, the pictures."""
from __future__ import annotations

import numpy as np

from engine.batched import forward_arrays
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
        X, y = config.split_data(mask)
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
            maps = tuple(frozen(a.transpose(2, 0, 1))
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
