"""What the hidden space and loss landscape tabs need besides a snapshot's weights: the data and the settings.

The window's wiring builds one from the session (``graph_wiring.view_data``); the views only read it. Frozen
arrays (the session's own, read-only ones: an edit swaps them, never writes into them), so data handed to a
background computation cannot change under it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.features import expand
from engine.train import encode_targets
from playground.model.problem import regression_data
from playground.model.session import read_only


@dataclass(frozen=True)
class ViewData:
    points: np.ndarray       # (N, 2) input-plane points
    labels: np.ndarray       # (N,) class ids
    is_test: np.ndarray      # (N,) True for the held-out points
    features: tuple          # feature names, engine.features'
    activation: str
    loss: str                # the loss training uses (cross_entropy with more than two classes)
    l2: float
    problem: str = "classification"
    kind: str = ""           # regression: "curve" (x -> y) or "surface" ((x1, x2) -> value)
    values: np.ndarray | None = None   # (N,) each point's value (a surface's target); None: all 0

    def __post_init__(self):
        # Read-only arrays (the session's) are kept as they are, anything else copied once.
        object.__setattr__(self, "points", read_only(self.points, np.float64, (-1, 2)))
        object.__setattr__(self, "labels", read_only(self.labels, np.int64))
        object.__setattr__(self, "is_test", read_only(self.is_test, bool))
        object.__setattr__(self, "features", tuple(self.features))
        values = np.zeros(len(self.points)) if self.values is None else self.values
        object.__setattr__(self, "values", read_only(values, np.float64))
        if not len(self.points) == len(self.labels) == len(self.is_test):
            raise ValueError("points, labels and is_test must have one entry per point")

    def training_inputs(self) -> np.ndarray:
        """The train split's points expanded into the network's input features (N_train, nin); a curve's x."""
        points = self.points[~self.is_test]
        if self.problem == "regression":
            points = regression_data(self.kind, points, self.values[~self.is_test])[0]
        return expand(points, list(self.features))

    def training_targets(self) -> np.ndarray:
        """The train split's labels as the loss wants them (the engine's rule); regression's real targets."""
        train = ~self.is_test
        if self.problem == "regression":
            targets = regression_data(self.kind, self.points[train], self.values[train])[1]
            return encode_targets(targets, self.loss, problem="regression")
        return encode_targets(self.labels[train], self.loss)


def snapshot_layers(snapshot) -> list:
    """A snapshot's weights as the engine's ``[(W, b), ...]`` (input side first)."""
    return [(np.asarray(W), np.asarray(b)) for W, b in zip(snapshot.weights, snapshot.biases)]
