"""Everything a person set up, as one dataclass of JSON-native fields.

Sessions, autosave and the controls all speak this one shape. `from_dict` rejects what it does not know
(unknown keys, wrong types, values out of range) with a message that names the field, so a bad file
never half-applies.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields

from engine.datasets import PRESETS as PRESET_MAKERS
from engine.features import FEATURES
from engine.losses import BINARY_LOSSES, LOSSES
from engine.nn import ACTIVATIONS
from engine.train import ENGINES, OPTIMIZERS

__all__ = ["PlaygroundState", "StateError", "STATE_VERSION", "ACTIVATIONS", "BINARY_LOSSES", "LOSSES", "OPTIMIZERS",
           "ENGINES", "FEATURES", "PRESETS"]

STATE_VERSION = 1

# The vocabularies are the engine's; the app re-exports them for its controls.
PRESETS = tuple(PRESET_MAKERS)

MAX_POINTS = 100_000
MAX_HIDDEN_LAYERS = 8
MAX_NEURONS = 32
MIN_CLASSES, MAX_CLASSES = 2, 6
MIN_LR, MAX_LR = 1e-5, 10.0


class StateError(ValueError):
    """A state (or a file that holds one) that does not fit; the message names the field."""


@dataclass
class PlaygroundState:
    version: int = STATE_VERSION
    # The data a person drew: points [[x1, x2], ...] and class ids 0..num_classes-1.
    points: list = field(default_factory=list)
    labels: list = field(default_factory=list)
    num_classes: int = 2
    test_fraction: float = 0.2          # share of points held out as the test split
    features: list = field(default_factory=lambda: ["x1", "x2"])
    # The network and how it trains.
    hidden_layers: list = field(default_factory=lambda: [8, 8])
    activation: str = "tanh"
    loss: str = "hinge"                 # ignored (cross_entropy) when num_classes > 2
    optimizer: str = "adam"
    learning_rate: float = 0.03
    momentum: float = 0.9
    batch_size: int = 0                 # 0 = full batch
    l2: float = 0.0
    seed: int = 0
    engine: str = "batched"
    steps_per_second: int = 0           # 0 = as fast as it goes
    # Preset generator settings (what the preset controls show).
    preset: str = "moons"
    preset_points: int = 200
    preset_noise: float = 0.1
    preset_seed: int = 0
    show_test: bool = True
    # What training produced: flat parameters in MLP.parameters() order, the step count, and the
    # curves ({"step": [...], "train_loss": [...], "test_step": [...], "test_loss": [...], ...}).
    weights: list | None = None
    step: int = 0
    history: dict = field(default_factory=dict)

    # -- derived -------------------------------------------------------------------------------
    @property
    def effective_loss(self) -> str:
        return "cross_entropy" if self.num_classes > 2 else self.loss

    @property
    def output_size(self) -> int:
        return self.num_classes if self.effective_loss == "cross_entropy" else 1

    @property
    def layer_sizes(self) -> list[int]:
        return list(self.hidden_layers) + [self.output_size]

    def parameter_count(self) -> int:
        sizes = [len(self.features)] + self.layer_sizes
        return sum((nin + 1) * nout for nin, nout in zip(sizes, sizes[1:]))

    # -- JSON ----------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "PlaygroundState":
        if not isinstance(data, dict):
            raise StateError(f"expected an object with the session's fields, got {type(data).__name__}")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise StateError(f"unknown field(s): {', '.join(unknown)}")
        if "version" not in data:
            raise StateError("missing field 'version'")
        if data["version"] != STATE_VERSION:
            raise StateError(f"field 'version': format version {data['version']!r} is not supported "
                             f"(this app reads version {STATE_VERSION})")
        state = cls(**data)
        state.validate()
        return state

    def validate(self) -> None:
        """Raise StateError naming the first field that does not fit."""
        _int(self, "num_classes", MIN_CLASSES, MAX_CLASSES)
        _num(self, "test_fraction", 0.0, 0.9)
        _choice_list(self, "features", FEATURES)
        if not self.features:
            raise StateError("field 'features': choose at least one input feature")
        if not isinstance(self.hidden_layers, list) or len(self.hidden_layers) > MAX_HIDDEN_LAYERS:
            raise StateError(f"field 'hidden_layers': a list of at most {MAX_HIDDEN_LAYERS} layer sizes")
        for i, n in enumerate(self.hidden_layers):
            if not _is_int(n) or not 1 <= n <= MAX_NEURONS:
                raise StateError(f"field 'hidden_layers[{i}]': {n!r} is not a whole number in 1..{MAX_NEURONS}")
        _choice(self, "activation", ACTIVATIONS)
        _choice(self, "loss", LOSSES)
        _choice(self, "optimizer", OPTIMIZERS)
        _num(self, "learning_rate", MIN_LR, MAX_LR)
        _num(self, "momentum", 0.0, 0.999)
        _int(self, "batch_size", 0, MAX_POINTS)
        _num(self, "l2", 0.0, 1.0)
        _int(self, "seed", 0, 2**31 - 1)
        _choice(self, "engine", ENGINES)
        _int(self, "steps_per_second", 0, 100_000)
        _choice(self, "preset", PRESETS)
        _int(self, "preset_points", 1, 10_000)
        _num(self, "preset_noise", 0.0, 1.0)
        _int(self, "preset_seed", 0, 2**31 - 1)
        if not isinstance(self.show_test, bool):
            raise StateError("field 'show_test': expected true or false")
        self._validate_data()
        self._validate_training()

    def _validate_data(self) -> None:
        if not isinstance(self.points, list) or not isinstance(self.labels, list):
            raise StateError("fields 'points' and 'labels' must be lists")
        if len(self.points) > MAX_POINTS:
            raise StateError(f"field 'points': {len(self.points)} points is more than the {MAX_POINTS:,} allowed")
        if len(self.points) != len(self.labels):
            raise StateError(f"fields 'points' and 'labels' differ in length "
                             f"({len(self.points)} points, {len(self.labels)} labels)")
        for i, p in enumerate(self.points):
            if (not isinstance(p, list) or len(p) != 2
                    or not all(_is_num(c) and math.isfinite(c) for c in p)):
                raise StateError(f"field 'points[{i}]': expected [x, y] with two finite numbers, got {p!r}")
        for i, k in enumerate(self.labels):
            if not _is_int(k) or not 0 <= k < self.num_classes:
                raise StateError(f"field 'labels[{i}]': {k!r} is not a class id in 0..{self.num_classes - 1}")

    def _validate_training(self) -> None:
        _int(self, "step", 0, 10**12)
        if self.weights is not None:
            if not isinstance(self.weights, list):
                raise StateError("field 'weights': expected a list of numbers or null")
            if len(self.weights) != self.parameter_count():
                raise StateError(f"field 'weights': {len(self.weights)} numbers, but the network described "
                                 f"has {self.parameter_count()} parameters")
            for i, w in enumerate(self.weights):
                if not _is_num(w) or not math.isfinite(w):
                    raise StateError(f"field 'weights[{i}]': {w!r} is not a finite number")
        if not isinstance(self.history, dict):
            raise StateError("field 'history': expected an object of number lists")
        for key, values in self.history.items():
            if not isinstance(values, list) or not all(_is_num(v) for v in values):
                raise StateError(f"field 'history.{key}': expected a list of numbers")


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _int(state, name, lo, hi):
    v = getattr(state, name)
    if not _is_int(v) or not lo <= v <= hi:
        raise StateError(f"field '{name}': {v!r} is not a whole number in {lo}..{hi}")


def _num(state, name, lo, hi):
    v = getattr(state, name)
    if not _is_num(v) or not math.isfinite(v) or not lo <= v <= hi:
        raise StateError(f"field '{name}': {v!r} is not a number in {lo}..{hi}")


def _choice(state, name, choices):
    v = getattr(state, name)
    if v not in choices:
        raise StateError(f"field '{name}': {v!r} is not one of {', '.join(choices)}")


def _choice_list(state, name, choices):
    v = getattr(state, name)
    if not isinstance(v, list) or any(x not in choices for x in v) or len(set(v)) != len(v):
        raise StateError(f"field '{name}': {v!r} must be distinct names from {', '.join(choices)}")
