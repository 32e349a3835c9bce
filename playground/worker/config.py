"""What the worker needs to build a model and train it: an immutable value made from the session's arrays.

Why training cannot start (`untrainable`) is worked out once, here on the GUI thread; the worker reads it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.features import expand
from engine.schedules import CONSTANT, Schedule
from engine.split import held_out_mask
from engine.train import encode_targets
from playground.model.problem import regression_data
from playground.model.session import Session, read_only
from playground.model.state import CLASS_COLOR_NAMES, PlaygroundState

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
    weights: np.ndarray | None = None   # flat, MLP.parameters() order, read-only; None = fresh from the seed
    step: int = 0
    model_id: int = 0              # the controller's number for this model (0: the worker picks the next)
    untrainable: str = ""          # why training cannot start on this data ('' when it can)
    activations: tuple = ()        # one per hidden layer (() = every hidden layer uses `activation`)
    init: str = "micrograd"        # how fresh weights are drawn (engine.inits)
    schedule: Schedule = CONSTANT  # the learning rate of each step from `learning_rate`
    problem: str = "classification"   # or "regression" (playground.model.problem)
    kind: str = ""                 # regression: "curve" (x -> y) or "surface" ((x1, x2) -> value)
    values: np.ndarray | None = None   # (N,) each point's real value (a surface's target); None: all 0

    @property
    def model_activation(self):
        """What MLP(activation=...) gets: the per-layer names, or the one name."""
        return list(self.activations) if self.activations else self.activation

    @classmethod
    def from_arrays(cls, settings: PlaygroundState, points, labels, weights=None, step: int = 0,
                    values=None) -> TrainingConfig:
        """From the settings and the data's arrays: read-only ones (the session's) are shared, not copied.
        Weights that do not fit the network described are left out (fresh ones from the seed)."""
        points, labels = read_only(points, np.float64, (-1, 2)), read_only(labels, np.int64)
        values = read_only(np.zeros(len(labels)) if values is None else values, np.float64)
        if weights is not None and len(weights) != settings.parameter_count():
            weights = None
        is_test = read_only(held_out_mask(points, settings.test_fraction), bool)
        loss = settings.effective_loss
        return cls(
            points=points, labels=labels, is_test=is_test,
            num_classes=settings.num_classes, features=tuple(settings.features),
            layer_sizes=tuple(settings.layer_sizes), activation=settings.activation,
            loss=loss, optimizer=settings.optimizer,
            learning_rate=settings.learning_rate, momentum=settings.momentum, batch_size=settings.batch_size,
            l2=settings.l2, seed=settings.seed, engine=settings.engine,
            steps_per_second=settings.steps_per_second,
            weights=None if weights is None else read_only(weights, np.float64),
            step=step if weights is not None else 0,
            untrainable=(_untrainable_regression(is_test) if settings.problem == "regression"
                         else _untrainable_reason(labels, is_test, loss)),
            activations=tuple(settings.hidden_activations), init=settings.init,
            schedule=settings.learning_schedule,
            problem=settings.problem, kind=settings.regression_kind, values=values,
        )

    @classmethod
    def from_session(cls, session: Session, use_weights: bool = True) -> TrainingConfig:
        return cls.from_arrays(session.settings, session.points, session.labels,
                               session.weights if use_weights else None, session.step, session.values)

    @classmethod
    def from_state(cls, state: PlaygroundState, use_weights: bool = True) -> TrainingConfig:
        """From a whole state (lists): scripts, benchmarks and tests."""
        return cls.from_arrays(state, state.points, state.labels,
                               state.weights if use_weights else None, state.step, state.values)

    def targets(self, labels: np.ndarray) -> np.ndarray:
        """Class ids → what this config's loss wants (the engine's rule: `encode_targets`)."""
        return encode_targets(labels, self.loss)

    def split_data(self, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(the network's inputs (M, features), the targets (M,)) of the points under `mask`: class ids
        encoded for the loss, or in regression a curve's y or a surface's values (model.problem's rule)."""
        if self.problem == "regression":
            assert self.values is not None           # from_arrays always sets them
            inputs, targets = regression_data(self.kind, self.points[mask], self.values[mask])
            return expand(inputs, list(self.features)), encode_targets(targets, self.loss, problem="regression")
        return expand(self.points[mask], list(self.features)), self.targets(self.labels[mask])


def _untrainable_reason(labels: np.ndarray, is_test: np.ndarray, loss: str) -> str:
    """Why training cannot start on this data, or '' when it can."""
    train_labels = labels[~is_test]
    if len(labels) == 0:
        return "Add some points first: click on the canvas, or pick a preset."
    if len(train_labels) == 0:
        return "Every point is in the test split: lower the test share."
    present = np.unique(train_labels)
    if len(present) < 2:
        return _missing_classes_reason(labels, present)
    if loss != "cross_entropy" and present.max() > 1:
        return "Binary losses need classes 0 and 1 only."
    return ""


def _untrainable_regression(is_test: np.ndarray) -> str:
    """Regression trains on any real targets: it needs only points in the train split."""
    if len(is_test) == 0:
        return "Add some points first: click on the canvas, or pick a preset."
    if is_test.all():
        return "Every point is in the test split: lower the test share."
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
