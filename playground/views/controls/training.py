"""The training panel: loss, optimizer and its knobs, batch size, L2, seed and engine.

Every user edit emits `settings_changed` with just the field that changed, named as in `PlaygroundState`:
a request to the session model (`PanelBinding`), which validates it; the panel shows what the model then
holds. The live ones (learning rate, L2, optimizer, batch size...) take effect at the next step, the others
re-create the network.
"""
from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from playground.model.problem import LOSSES_FOR
from playground.model.state import (
    BINARY_LOSSES,
    ENGINES,
    LOSSES,
    MAX_CLASSES,
    MAX_LR,
    MAX_POINTS,
    MIN_CLASSES,
    MIN_LR,
    OPTIMIZERS,
    SCHEDULES,
    PlaygroundState,
)
from playground.views.controls.choice_combo import choice_combo
from playground.views.controls.ladder_spin_box import LadderSpinBox

# The steps TensorFlow Playground offers; arrows and the wheel walk this ladder, typing allows any value in range.
LEARNING_RATES = (1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
L2_STRENGTHS = (0.0, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0)
MOMENTA = (0.0, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999)
MAX_SEED = 2**31 - 1

_LOSS_INFO = {
    "hinge": ("hinge", "max(0, 1 − y·score): only points on the wrong side or too close to the boundary count"),
    "logistic": ("logistic", "log(1 + e^(−y·score)): every point pulls a little, confident ones less"),
    "mse": ("MSE", "(score − y)²: treats the labels ±1 as numbers to fit"),
    "cross_entropy": ("cross-entropy", "softmax over one output per class, then −log(probability of the right "
                                       "class)"),
    "huber": ("Huber", "squared near the target, linear far from it: outliers pull less than with MSE"),
}
# Every loss of either problem, the classification ones first (engine.checks.LOSSES_FOR owns which is which).
ALL_LOSSES = LOSSES + tuple(loss for loss in LOSSES_FOR["regression"] if loss not in LOSSES)
_OPTIMIZER_INFO = {
    "sgd": ("SGD", "plain gradient descent: each step moves every weight by −learning rate × gradient"),
    "momentum": ("momentum", "SGD that keeps a running direction, so steps speed up along consistent slopes"),
    "adam": ("Adam", "adapts the step size per weight from running gradient statistics; forgiving of the rate"),
}
_ENGINE_INFO = {
    "batched": ("batched (fast)", "numpy on whole batches: the same math, hundreds of times faster"),
    "scalar": ("scalar (Value graph)", "builds micrograd's Value graph for every point: slow but it is the "
                                       "real thing, and the numbers match the batched engine"),
}
_SCHEDULE_INFO = {
    "constant": ("constant", "the learning rate every step"),
    "linear": ("linear decay", "down in a straight line to the final fraction over N steps (micrograd's demo: "
                               "1.0 → 0.1 over 100 steps)"),
    "step": ("step decay", "multiplied by the factor every N steps, never below the final fraction"),
    "cosine": ("cosine", "half a cosine down to the final fraction over N steps: slow, fast, then slow"),
}
assert tuple(_LOSS_INFO) == ALL_LOSSES and tuple(_OPTIMIZER_INFO) == OPTIMIZERS and tuple(_ENGINE_INFO) == ENGINES
assert tuple(_SCHEDULE_INFO) == SCHEDULES
MAX_SCHEDULE_STEPS = 1_000_000
_BINARY_LOSS_TIP = "A two-class loss: one output whose sign is the class."


class TrainingControls(QWidget):
    """Loss, optimizer (+ momentum), learning rate, batch size, L2, seed, engine.

    Signals: settings_changed(dict) with one of "loss", "optimizer", "momentum", "learning_rate", "schedule", "batch_size",
    "l2", "seed", "engine" (JSON-native values).
    """

    settings_changed = Signal(dict)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("trainingControls")
        self._loss = "hinge"          # the person's two-class choice, kept while K > 2 forces cross-entropy
        self._num_classes = 2

        self._loss_combo = choice_combo("lossCombo", _LOSS_INFO, "")
        self._optimizer = choice_combo("optimizerCombo", _OPTIMIZER_INFO,
                                 "How each step turns gradients into weight changes")
        self._momentum = LadderSpinBox(MOMENTA, 3, objectName="momentumSpin")
        self._momentum.setToolTip("How much of the previous step carries into the next (0 = plain SGD, 0.9 is "
                                  "usual). Only used by the momentum optimizer.")
        self._learning_rate = LadderSpinBox(LEARNING_RATES, 5, objectName="learningRate")
        self._learning_rate.setToolTip(f"Step size: how far each step moves the weights along the gradient "
                                       f"({MIN_LR:g}–{MAX_LR:g}). Too small crawls, too large overshoots or "
                                       f"diverges. Takes effect at the next step.")
        self._batch_size = QSpinBox(objectName="batchSize", minimum=0, maximum=MAX_POINTS)
        self._batch_size.setSpecialValueText("full batch")
        self._batch_size.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
        self._batch_size.setKeyboardTracking(False)
        self._batch_size.setToolTip("Training points per step. 'full batch' (0) uses every training point: "
                                    "smooth but slow steps; small batches are noisy but cheap. A batch larger "
                                    "than the training split uses all of it.")
        self._l2 = LadderSpinBox(L2_STRENGTHS, 4, objectName="l2Strength")
        self._l2.setSpecialValueText("off")
        self._l2.setToolTip("L2 regularisation: adds strength × (sum of squared weights) to the loss, which "
                            "keeps weights small and the boundary smoother (0–1). Takes effect at the next step.")
        self._seed = QSpinBox(objectName="seedSpin", minimum=0, maximum=MAX_SEED)
        self._seed.setKeyboardTracking(False)
        self._seed.setToolTip("Seed of the random initial weights (and of batch sampling): the same seed gives "
                              "the same run. Reset starts again from it.")
        self._engine = choice_combo("engineCombo", _ENGINE_INFO,
                              "Which engine computes the steps. Both give the same numbers; scalar shows the "
                              "real autograd graph at the cost of speed.")

        self._schedule = choice_combo("scheduleCombo", _SCHEDULE_INFO,
                                "How the learning rate changes as training goes: big steps early, small late. "
                                "Takes effect at the next step.")
        self._schedule_steps = QSpinBox(objectName="scheduleSteps", minimum=1, maximum=MAX_SCHEDULE_STEPS)
        self._schedule_steps.setKeyboardTracking(False)
        self._schedule_steps.setToolTip("Linear and cosine: steps to reach the final rate; step decay: steps "
                                        "between two drops")
        self._schedule_final = QDoubleSpinBox(objectName="scheduleFinal", minimum=0.001, maximum=1.0,
                                              singleStep=0.05, decimals=3)
        self._schedule_final.setKeyboardTracking(False)
        self._schedule_final.setToolTip("The lowest rate, as a fraction of the learning rate (0.1 = a tenth)")
        self._schedule_factor = QDoubleSpinBox(objectName="scheduleFactor", minimum=0.01, maximum=1.0,
                                               singleStep=0.05, decimals=2)
        self._schedule_factor.setKeyboardTracking(False)
        self._schedule_factor.setToolTip("Step decay: what each drop multiplies the rate by")

        group = QGroupBox("Training", objectName="trainingGroup")
        self._form = QFormLayout(group)
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, widget in (("Loss", self._loss_combo), ("Optimizer", self._optimizer),
                              ("Momentum", self._momentum), ("Learning rate", self._learning_rate),
                              ("LR schedule", self._schedule), ("Over steps", self._schedule_steps),
                              ("Final fraction", self._schedule_final), ("Drop factor", self._schedule_factor),
                              ("Batch size", self._batch_size), ("L2 strength", self._l2),
                              ("Seed", self._seed), ("Engine", self._engine)):
            self._form.addRow(label, widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(group)
        self.setMinimumWidth(240)

        self._loss_combo.currentIndexChanged.connect(self._on_loss_changed)
        self._optimizer.currentIndexChanged.connect(self._on_optimizer_changed)
        self._engine.currentIndexChanged.connect(lambda _i: self._emit("engine", self._engine.currentData()))
        self._momentum.valueChanged.connect(lambda v: self._emit("momentum", round(v, 3)))
        self._learning_rate.valueChanged.connect(lambda v: self._emit("learning_rate", round(v, 5)))
        self._l2.valueChanged.connect(lambda v: self._emit("l2", round(v, 4)))
        self._batch_size.valueChanged.connect(lambda v: self._emit("batch_size", int(v)))
        self._seed.valueChanged.connect(lambda v: self._emit("seed", int(v)))
        self._schedule.currentIndexChanged.connect(self._on_schedule_changed)
        for spin in (self._schedule_steps, self._schedule_final, self._schedule_factor):
            spin.valueChanged.connect(self._on_schedule_changed)
        self.set_state(PlaygroundState())

    # -- public API --------------------------------------------------------------------------------
    def set_state(self, state: PlaygroundState) -> None:
        """Show `state` without emitting settings_changed."""
        if not isinstance(state, PlaygroundState):
            raise ValueError(f"expected a PlaygroundState, got {type(state).__name__}")
        for name, allowed in (("loss", ALL_LOSSES), ("optimizer", OPTIMIZERS), ("engine", ENGINES)):
            if getattr(state, name) not in allowed:
                raise ValueError(f"{name} must be one of {', '.join(allowed)}, got {getattr(state, name)!r}")
        spins = ((self._learning_rate, state.learning_rate), (self._momentum, state.momentum),
                 (self._l2, state.l2), (self._batch_size, state.batch_size), (self._seed, state.seed))
        for spin, value in spins:
            if not spin.minimum() <= value <= spin.maximum():
                raise ValueError(f"{spin.objectName()}: {value!r} is outside {spin.minimum()}..{spin.maximum()}")
        schedule = state.learning_schedule   # ValueError if it does not fit
        spins += ((self._schedule_steps, schedule.steps), (self._schedule_final, schedule.final),
                  (self._schedule_factor, schedule.factor))
        widgets = (self._optimizer, self._engine, self._schedule) + tuple(spin for spin, _ in spins)
        blockers = [QSignalBlocker(w) for w in widgets]
        self._schedule.setCurrentIndex(self._schedule.findData(schedule.kind))
        self._optimizer.setCurrentIndex(self._optimizer.findData(state.optimizer))
        self._engine.setCurrentIndex(self._engine.findData(state.engine))
        for spin, value in spins:
            spin.setValue(value)
        del blockers
        self._loss = state.loss
        self._problem = state.problem
        self._set_classes(state.num_classes)
        self._update_momentum_row()
        self._update_schedule_rows()

    def set_num_classes(self, num_classes: int) -> None:
        """More than two classes force cross-entropy (the others stay listed, disabled, with the reason)."""
        if not isinstance(num_classes, int) or isinstance(num_classes, bool) \
                or not MIN_CLASSES <= num_classes <= MAX_CLASSES:
            raise ValueError(f"num_classes must be a whole number in {MIN_CLASSES}..{MAX_CLASSES}, got {num_classes!r}")
        self._set_classes(num_classes)

    def values(self) -> dict:
        """What the panel shows, as PlaygroundState fields ("loss" is the effective one)."""
        return {"loss": self._loss_combo.currentData(), "optimizer": self._optimizer.currentData(),
                "momentum": round(self._momentum.value(), 3), "learning_rate": round(self._learning_rate.value(), 5),
                "batch_size": self._batch_size.value(), "l2": round(self._l2.value(), 4),
                "seed": self._seed.value(), "engine": self._engine.currentData()}

    # -- slots -------------------------------------------------------------------------------------
    def _on_loss_changed(self, _index: int) -> None:
        self._loss = self._loss_combo.currentData()
        self._emit("loss", self._loss)

    def _on_optimizer_changed(self, _index: int) -> None:
        self._update_momentum_row()
        self._emit("optimizer", self._optimizer.currentData())

    def _on_schedule_changed(self, _value=None) -> None:
        self._update_schedule_rows()
        self._emit("schedule", self.schedule())

    def schedule(self) -> dict:
        """The schedule shown, as PlaygroundState.schedule (engine.schedules.Schedule.to_dict())."""
        return {"kind": self._schedule.currentData(), "steps": self._schedule_steps.value(),
                "final": round(self._schedule_final.value(), 3), "factor": round(self._schedule_factor.value(), 2)}

    # -- helpers -----------------------------------------------------------------------------------
    def _update_schedule_rows(self) -> None:
        kind = self._schedule.currentData()
        self._form.setRowVisible(self._schedule_steps, kind != "constant")
        self._form.setRowVisible(self._schedule_final, kind != "constant")
        self._form.setRowVisible(self._schedule_factor, kind == "step")

    def _emit(self, name: str, value) -> None:
        self.settings_changed.emit({name: value})

    def _set_classes(self, num_classes: int) -> None:
        self._num_classes = num_classes
        problem = getattr(self, "_problem", "classification")
        forced = num_classes > 2 and problem == "classification"
        allowed = LOSSES_FOR[problem]     # regression: MSE and Huber only; classification: not Huber
        model = self._loss_combo.model()
        assert isinstance(model, QStandardItemModel)
        for i in range(self._loss_combo.count()):
            loss = self._loss_combo.itemData(i)
            model.item(i).setEnabled(loss in allowed and not (forced and loss in BINARY_LOSSES))
        with QSignalBlocker(self._loss_combo):
            shown = "cross_entropy" if forced else self._loss
            self._loss_combo.setCurrentIndex(self._loss_combo.findData(shown))
        if forced:
            self._loss_combo.setToolTip(
                f"With {num_classes} classes the network has one output per class and the loss is "
                f"cross-entropy over their softmax. Hinge, logistic and MSE need exactly two classes.")
        else:
            self._loss_combo.setToolTip("What training minimises: how wrong the network's scores are on the "
                                        "training points. Hover the choices for how each one counts mistakes.")
        for loss in BINARY_LOSSES:
            text, how = _LOSS_INFO[loss]
            why = f"Not available with {num_classes} classes." if forced else _BINARY_LOSS_TIP
            if problem == "regression":
                why = "Regression: fits the real targets." if loss in allowed else "A classification loss."
            self._loss_combo.setItemData(self._loss_combo.findData(loss), f"{text}: {how}. {why}",
                                         Qt.ItemDataRole.ToolTipRole)

    def _update_momentum_row(self) -> None:
        # Only SGD + momentum reads the coefficient; hiding it keeps the form honest about what matters.
        self._form.setRowVisible(self._momentum, self._optimizer.currentData() == "momentum")
