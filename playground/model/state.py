"""Everything a person set up, as one dataclass of JSON-native fields.

Sessions, autosave and the controls all speak this one shape. `from_dict` rejects what it does not know
(unknown keys, missing keys, wrong types, values out of range) with a message that names the field, so a
bad file never half-applies.

Versions: a field may be absent only where the format's version says so, by a documented migration in
OPTIONAL_FIELDS (version -> {field: default}); any other missing field is refused (a default activation would
put relu-trained weights into a tanh network).
* Version 3 (current): every field required.
* Version 2 (before regression and the training timeline): `problem`, `values` and `timeline` may be absent:
  "classification", null (no values) and {} (no checkpoints).
* Version 1 (before initializations, schedules and per-layer activations): `init`, `schedule` and
  `activations` may be absent and take what version 1 always did: init "micrograd" (U(-1, 1)), the constant
  schedule, and `activations` null, which means every hidden layer uses `activation`
  (= [activation] * len(hidden_layers)); and version 2's. The state read is a version-3 state.

Regression (`problem` "regression", playground.model.problem): the loss is one of the engine's regression
losses, the preset a curve or a surface (which says what a point means), a curve's features those of x alone;
`values` holds each point's real value (a surface's target), or null when there are none (all 0).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

from engine.features import FEATURES
from engine.inits import INITS
from engine.losses import BINARY_LOSSES, LOSSES
from engine.nn import ACTIVATIONS, parameter_count
from engine.schedules import CONSTANT, SCHEDULES, Schedule
from engine.train import ENGINES, OPTIMIZERS
from playground.model.json_values import is_int, json_kind, short_repr
from playground.model.problem import (
    CLASSIFICATION_PRESETS,
    LOSSES_FOR,
    PROBLEMS,
    features_fit,
    presets_for,
    regression_kind,
)
from playground.model.state_checks import (
    StateError,
    check_choice,
    check_choice_list,
    check_data,
    check_int,
    check_number,
    check_training,
)

__all__ = ["PlaygroundState", "StateError", "STATE_VERSION", "ACTIVATIONS", "BINARY_LOSSES", "LOSSES", "OPTIMIZERS",
           "ENGINES", "FEATURES", "PRESETS", "PRESET_GENERATORS", "INITS", "SCHEDULES", "PROBLEMS"]

STATE_VERSION = 3
# Per version: the fields a file may leave out, with their defaults (see the module docstring).
OPTIONAL_FIELDS: dict[int, dict] = {
    1: {"init": "micrograd", "schedule": CONSTANT.to_dict(), "activations": None, "problem": "classification",
        "values": None, "timeline": {}},
    2: {"problem": "classification", "values": None, "timeline": {}},
    3: {},
}

# The vocabularies are the engine's; the app re-exports them for its controls.
PRESET_GENERATORS = CLASSIFICATION_PRESETS   # the 2-D shapes, then the sides of y = f(x)
PRESETS = tuple(PRESET_GENERATORS)           # classification's; presets_for(problem) gives either list

MAX_POINTS = 100_000
MAX_HIDDEN_LAYERS = 8
MAX_NEURONS = 32
MIN_CLASSES, MAX_CLASSES = 2, 6
# What each class is called in words (views draw it in this colour: views/palette.py's CLASS_COLORS).
CLASS_COLOR_NAMES = ("orange", "blue", "wine", "cyan", "green", "sand")
MIN_LR, MAX_LR = 1e-5, 10.0


@dataclass
class PlaygroundState:
    version: int = STATE_VERSION
    # The data a person drew: points [[x1, x2], ...] and class ids 0..num_classes-1.
    points: list = field(default_factory=list)
    labels: list = field(default_factory=list)
    # Each point's real value (a regression surface's target), or None: none (all 0).
    values: list | None = None
    num_classes: int = 2
    problem: str = "classification"     # or "regression" (playground.model.problem)
    test_fraction: float = 0.2          # share of points held out as the test split
    features: list = field(default_factory=lambda: ["x1", "x2"])
    # The network and how it trains.
    hidden_layers: list = field(default_factory=lambda: [8, 8])
    activation: str = "tanh"
    # One activation per hidden layer, or None: every hidden layer uses `activation` (see hidden_activations).
    activations: list | None = None
    init: str = "micrograd"             # how the starting weights are drawn (engine.inits)
    schedule: dict = field(default_factory=CONSTANT.to_dict)   # engine.schedules.Schedule.to_dict()
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
    # The training timeline's weight checkpoints (CheckpointStore.to_dict(), within its byte budget), or {}.
    timeline: dict = field(default_factory=dict)

    # -- derived -------------------------------------------------------------------------------
    @property
    def effective_loss(self) -> str:
        if self.problem == "regression":
            return self.loss
        return "cross_entropy" if self.num_classes > 2 else self.loss

    @property
    def regression_kind(self) -> str:
        """'curve', 'surface', or '' in classification (playground.model.problem.regression_kind)."""
        return regression_kind(self.problem, self.preset)

    @property
    def output_size(self) -> int:
        return self.num_classes if self.effective_loss == "cross_entropy" else 1

    @property
    def layer_sizes(self) -> list[int]:
        return list(self.hidden_layers) + [self.output_size]

    @property
    def hidden_activations(self) -> list[str]:
        """One activation name per hidden layer (what `activations` says, else `activation` for each)."""
        if self.activations is None:
            return [self.activation] * len(self.hidden_layers)
        return list(self.activations)

    @property
    def model_activation(self) -> str | list[str]:
        """What MLP(activation=...) gets: `activation` when every hidden layer uses it, else one per layer."""
        names = self.hidden_activations
        return self.activation if all(name == self.activation for name in names) else names

    @property
    def learning_schedule(self) -> Schedule:
        return Schedule.from_dict(dict(self.schedule))

    def parameter_count(self) -> int:
        return parameter_count(len(self.features), self.layer_sizes)

    # -- JSON ----------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> PlaygroundState:
        if not isinstance(data, dict):
            raise StateError(f"field 'state': expected an object with the session's fields, got {json_kind(data)}")
        known = [f.name for f in fields(cls)]
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise StateError(f"unknown field(s): {', '.join(unknown)}")
        if "version" not in data:
            raise StateError("missing field 'version'")
        version = data["version"]
        if not is_int(version) or version not in OPTIONAL_FIELDS:
            raise StateError(f"field 'version': format version {short_repr(version)} is not supported "
                             f"(this app reads version {STATE_VERSION})")
        optional = OPTIONAL_FIELDS[version]
        missing = [name for name in known if name not in data and name not in optional]
        if missing:
            raise StateError(f"missing field{'s' if len(missing) > 1 else ''} "
                             f"{', '.join(repr(name) for name in missing)} (format version {version})")
        data = {**{k: (dict(v) if isinstance(v, dict) else v) for k, v in optional.items()}, **data,
                "version": STATE_VERSION}
        state = cls(**data)
        state.validate()
        return state

    def validate(self) -> None:
        """Raise StateError naming the first field that does not fit."""
        if not is_int(self.version) or self.version != STATE_VERSION:
            raise StateError(f"field 'version': format version {short_repr(self.version)} is not supported "
                             f"(this app reads version {STATE_VERSION})")
        check_int(self, "num_classes", MIN_CLASSES, MAX_CLASSES)
        check_number(self, "test_fraction", 0.0, 0.9)
        check_choice_list(self, "features", FEATURES)
        if not self.features:
            raise StateError("field 'features': choose at least one input feature")
        if not isinstance(self.hidden_layers, list) or len(self.hidden_layers) > MAX_HIDDEN_LAYERS:
            raise StateError(f"field 'hidden_layers': a list of at most {MAX_HIDDEN_LAYERS} layer sizes")
        for i, n in enumerate(self.hidden_layers):
            if not is_int(n) or not 1 <= n <= MAX_NEURONS:
                raise StateError(f"field 'hidden_layers[{i}]': {short_repr(n)} is not a whole number in "
                                 f"1..{MAX_NEURONS}")
        check_choice(self, "activation", ACTIVATIONS)
        if self.activations is not None:
            acts = self.activations
            if not isinstance(acts, list) or len(acts) != len(self.hidden_layers):
                raise StateError(f"field 'activations': {short_repr(acts, 80)} must be null or a list of one "
                                 f"activation per hidden layer ({len(self.hidden_layers)})")
            for i, name in enumerate(acts):
                if name not in ACTIVATIONS:
                    raise StateError(f"field 'activations[{i}]': {short_repr(name)} is not one of "
                                     f"{', '.join(ACTIVATIONS)}")
        check_choice(self, "init", INITS)
        try:
            Schedule.from_dict(self.schedule)
        except (ValueError, TypeError) as exc:
            raise StateError(f"field 'schedule': {exc}") from None
        check_choice(self, "problem", PROBLEMS)
        check_choice(self, "loss", LOSSES_FOR[self.problem])
        check_choice(self, "optimizer", OPTIMIZERS)
        check_number(self, "learning_rate", MIN_LR, MAX_LR)
        check_number(self, "momentum", 0.0, 0.999)
        check_int(self, "batch_size", 0, MAX_POINTS)
        check_number(self, "l2", 0.0, 1.0)
        check_int(self, "seed", 0, 2**31 - 1)
        check_choice(self, "engine", ENGINES)
        check_int(self, "steps_per_second", 0, 100_000)
        check_choice(self, "preset", presets_for(self.problem))
        if not features_fit(self.regression_kind, self.features):
            raise StateError(f"field 'features': a curve's points have x alone: {short_repr(self.features, 80)} "
                             f"must be features of x1")
        check_int(self, "preset_points", 1, 10_000)
        check_number(self, "preset_noise", 0.0, 1.0)
        check_int(self, "preset_seed", 0, 2**31 - 1)
        if not isinstance(self.show_test, bool):
            raise StateError("field 'show_test': expected true or false")
        check_data(self, MAX_POINTS)
        check_training(self)
