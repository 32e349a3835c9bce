"""What the worker needs to build a model and train it: an immutable value made from the app's state."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.schedules import CONSTANT, Schedule
from engine.split import held_out_mask
from engine.train import encode_targets
from playground.model.state import CLASS_COLOR_NAMES, PlaygroundState
from playground.worker.snapshot import frozen

# Grid sizes in cells, whatever the aspect of the part of the plane the canvas shows (engine.grid.grid_shape):
# 160×160 on a square view (the issue asks ≥ 128), about 129×199 on the default window's tall canvas.
BOUNDARY_CELLS = 160 * 160
THUMBNAIL_CELLS = 32 * 32      # neuron maps: the thumbnails show their centre square, about 26×26 by default

# Settings that apply at the next step without re-creating the model.
LIVE_SETTINGS = ("learning_rate", "l2", "optimizer", "batch_size", "momentum", "steps_per_second", "engine",
                 "schedule")


@dataclass(frozen=True)
class TrainingConfig:
    points: np.ndarray             # (N, 2)
    labels: np.ndarray             # (N,) class ids
    is_test: np.ndarray            # (N,) bool
    num_classes: int
    features: tuple
    layer_sizes: tuple             # hidden sizes then the output size
    activation: str
    loss: str
    optimizer: str
    learning_rate: float
    momentum: float
    batch_size: int                # 0 = full batch
    l2: float
    seed: int
    engine: str
    steps_per_second: int          # 0 = as fast as it goes
    weights: tuple | None = None   # flat, MLP.parameters() order; None = fresh from the seed
    step: int = 0
    model_id: int = 0              # the GUI's number for this model (0: the worker picks the next)
    activations: tuple = ()        # one per hidden layer (() = every hidden layer uses `activation`)
    init: str = "micrograd"        # how fresh weights are drawn (engine.inits)
    schedule: Schedule = CONSTANT  # the learning rate of each step from `learning_rate`

    @property
    def model_activation(self):
        """What MLP(activation=...) gets: the per-layer names, or the one name."""
        return list(self.activations) if self.activations else self.activation

    @classmethod
    def from_state(cls, state: PlaygroundState, use_weights: bool = True) -> TrainingConfig:
        points = np.asarray(state.points, dtype=np.float64).reshape(-1, 2)
        labels = np.asarray(state.labels, dtype=np.int64).reshape(-1)
        weights = tuple(state.weights) if (use_weights and state.weights is not None) else None
        return cls(
            points=frozen(points), labels=_frozen_int(labels),
            is_test=_frozen_bool(held_out_mask(points, state.test_fraction)),
            num_classes=state.num_classes, features=tuple(state.features),
            layer_sizes=tuple(state.layer_sizes), activation=state.activation,
            loss=state.effective_loss, optimizer=state.optimizer,
            learning_rate=state.learning_rate, momentum=state.momentum, batch_size=state.batch_size,
            l2=state.l2, seed=state.seed, engine=state.engine,
            steps_per_second=state.steps_per_second,
            weights=weights, step=state.step if weights is not None else 0,
            activations=tuple(state.hidden_activations), init=state.init, schedule=state.learning_schedule,
        )

    def targets(self, labels: np.ndarray) -> np.ndarray:
        """Class ids → what this config's loss wants (the engine's rule: `encode_targets`)."""
        return encode_targets(labels, self.loss)

    def trainable_reason(self) -> str:
        """Why training cannot start on this data, or '' when it can."""
        train_labels = self.labels[~self.is_test]
        if len(self.labels) == 0:
            return "Add some points first: click on the canvas, or pick a preset."
        if len(train_labels) == 0:
            return "Every point is in the test split: lower the test share."
        present = np.unique(train_labels)
        if len(present) < 2:
            return _missing_classes_reason(self.labels, present)
        if self.loss != "cross_entropy" and present.max() > 1:
            return "Binary losses need classes 0 and 1 only."
        return ""


def _missing_classes_reason(labels: np.ndarray, in_training: np.ndarray) -> str:
    """Fewer than two classes to train on: say whether a class is missing, or only held out for testing."""
    classes, counts = np.unique(labels, return_counts=True)
    if len(classes) < 2:
        return "Training needs points of at least two classes: add points of another class."
    held_out = []
    for k, n in zip(classes.tolist(), counts.tolist()):
        if k not in in_training:
            what = "its only point is" if n == 1 else f"all {n} of its points are"
            held_out.append(f"class {k} ({CLASS_COLOR_NAMES[k]}) has no training point: {what} held out for "
                            f"testing")
    text = "; ".join(held_out)
    return text[0].upper() + text[1:] + ". Add more points, or lower the test share."


def _frozen_int(a):
    out = np.array(a, dtype=np.int64, copy=True)
    out.flags.writeable = False
    return out


def _frozen_bool(a):
    out = np.array(a, dtype=bool, copy=True)
    out.flags.writeable = False
    return out
