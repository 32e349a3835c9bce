"""Snapshots made straight from an engine model, for the graph panel's tests, benchmark and screenshots.

The app gets its snapshots from the training worker; this builds the same shape without a thread.
"""
from __future__ import annotations

import numpy as np

from engine.datasets import VIEW
from engine.grid import grid_axes
from playground.worker.snapshot import Snapshot, frozen


def snapshot_of(model, feature_names, X=None, targets=None, loss="hinge", *, step=0, model_id=1,
                maps_resolution=0, extent=VIEW) -> Snapshot:
    """A Snapshot of `model` as it is; with X and targets, gradients of `loss` on them are taken first."""
    from engine import batched
    from engine.features import expand
    if X is not None:
        batched.loss_and_grad(model, X, targets, loss=loss)
    layers = batched.layer_arrays(model)
    grads = [(np.array([[w.grad for w in n.w] for n in L.neurons]), np.array([n.b.grad for n in L.neurons]))
             for L in model.layers]
    maps = ()
    if maps_resolution:
        r = maps_resolution
        gx, gy = np.meshgrid(*grid_axes(extent, (r, r)))        # where the worker samples them
        grid = expand(np.column_stack([gx.ravel(), gy.ravel()]), list(feature_names))
        maps = tuple(frozen(a.T.reshape(a.shape[1], r, r)) for a in batched.activations(model, grid))
    empty = frozen([])
    return Snapshot(model_id=model_id, step=step, running=False, train_loss=float("nan"),
                    train_accuracy=float("nan"), test_loss=None, test_accuracy=None, steps_per_second=0.0,
                    new_steps=empty, new_losses=empty, boundary=frozen(np.zeros((2, 2))), extent=extent,
                    weights=tuple(frozen(W) for W, _ in layers), biases=tuple(frozen(b) for _, b in layers),
                    weight_grads=tuple(frozen(g) for g, _ in grads),
                    bias_grads=tuple(frozen(g) for _, g in grads), neuron_maps=maps)


def toy_data(n=120, seed=0, classes=2):
    """Two-moons-ish points and ±1 targets (or class ids), enough to get honest gradients."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2, 2, size=(n, 2))
    if classes == 2:
        return X, np.where(X[:, 0] * X[:, 1] > 0, 1.0, -1.0)
    return X, (np.floor((np.arctan2(X[:, 1], X[:, 0]) + np.pi) / (2 * np.pi) * classes) % classes).astype(int)
