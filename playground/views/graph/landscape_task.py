"""A loss landscape computed off the GUI thread: a frozen request in, a frozen result out.

``LandscapeRequest`` holds copies of everything the computation reads (weights, training data, settings, the
optimiser's path: the timeline's checkpoints), so training can go on changing the live model meanwhile.
``landscape_runner`` runs one request at a time on its own one-thread pool (worker/pool_runner.py) and refuses
requests while one runs.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.landscape import (
    Landscape,
    axes_around,
    flatten,
    landscape,
    loss_surface,
    plane_through_path,
    sizes_of,
)
from playground.worker.pool_runner import PoolRunner

SPAN = 1.0           # the random plane's axes run over [-SPAN, SPAN] (filter-normalised units)
RESOLUTION = 41      # grid points each way; odd, so the current weights are a grid point


@dataclass(frozen=True)
class LandscapeRequest:
    layers: tuple            # ((W, b), ...) read-only copies
    activation: str
    X: np.ndarray
    targets: np.ndarray
    loss: str
    l2: float
    path: np.ndarray         # (K, D) the timeline's flat weights, oldest first; the last is `layers`
    through_path: bool       # the plane through the path instead of a random one
    step: int = 0
    problem: str = "classification"   # regression: real targets (mse or huber)


@dataclass(frozen=True)
class LandscapeResult:
    request: LandscapeRequest
    landscape: Landscape
    path_coords: np.ndarray  # (K, 2) the path's plane coordinates
    note: str                # why the random plane was used although the path plane was asked for, or ""


def compute(request: LandscapeRequest) -> LandscapeResult:
    """Pure numpy (engine.landscape): safe to run on any thread."""
    layers = [tuple(np.asarray(a) for a in wb) for wb in request.layers]
    note = ""
    if request.through_path:
        try:
            plane = plane_through_path(request.path)
        except ValueError as exc:
            note = f"Random plane: {exc}."
        else:
            coords = plane.coordinates(request.path)
            alphas, betas = axes_around(coords, RESOLUTION)
            result = loss_surface(plane, sizes_of(layers), request.activation, request.X, request.targets,
                                  request.loss, alphas, betas, request.l2, request.problem)
            return LandscapeResult(request, result, coords, note)
    result = landscape(layers, request.activation, request.X, request.targets, request.loss, request.l2,
                       SPAN, RESOLUTION, problem=request.problem)
    return LandscapeResult(request, result, result.coordinates(request.path), note)


def frozen_layers(layers) -> tuple:
    out = []
    for W, b in layers:
        W, b = np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)
        W.flags.writeable = b.flags.writeable = False
        out.append((W, b))
    return tuple(out)


def flat_weights(layers) -> np.ndarray:
    return flatten(layers)


def landscape_runner(parent=None) -> PoolRunner:
    """One landscape at a time on its own one-thread pool (`submit` refuses while one runs);
    `computed(request, LandscapeResult)`."""
    return PoolRunner(compute, (ValueError, FloatingPointError, MemoryError), parent)
