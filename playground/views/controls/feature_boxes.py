"""The network panel's input features: one check box per feature of the engine's vocabulary, laid out in a
grid, each saying what it lets the network do. At least one stays checked (the last one is disabled, its
tooltip says why); in curve fitting only features of x₁ can be checked (the network sees x alone)."""
from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QGroupBox, QWidget

from engine.features import FEATURES_1D
from playground.model.state import FEATURES

# (state name, label, objectName, grid row, grid column, what it lets the network do)
_FEATURE_INFO = (
    ("x1", "x₁", "featureX1", 0, 0, "the horizontal coordinate, as drawn"),
    ("x2", "x₂", "featureX2", 0, 1, "the vertical coordinate, as drawn"),
    ("x1*x2", "x₁x₂", "featureX1X2", 0, 2, "the product: positive in two opposite quadrants, so XOR gets easy"),
    ("x1^2", "x₁²", "featureX1Squared", 1, 0, "squares let a single neuron draw ellipses and circles"),
    ("x2^2", "x₂²", "featureX2Squared", 1, 1, "squares let a single neuron draw ellipses and circles"),
    ("sin(x1)", "sin x₁", "featureSinX1", 2, 0, "a wave: helps with periodic shapes such as spirals"),
    ("sin(x2)", "sin x₂", "featureSinX2", 2, 1, "a wave: helps with periodic shapes such as spirals"),
)
assert {info[0] for info in _FEATURE_INFO} == set(FEATURES)

_NOT_OF_X_TIP = "Curve fitting: the network sees x alone, so only features of x₁ can feed it."
_LAST_FEATURE_TIP = "At least one input feature is needed: check another one before unchecking this one."


class FeatureBoxes(QGroupBox):
    """`toggled()` when the user checks or unchecks a feature (never while `show_features` runs)."""

    toggled = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Input features", parent, objectName="featureControls")
        self.setToolTip("What the first layer sees for each point. Extra features are fixed functions of x₁, x₂ "
                        "that make some shapes easy for a small network.")
        grid = QGridLayout(self)
        self._boxes: dict[str, QCheckBox] = {}
        self._curve = False               # curve fitting: only features of x1
        for name, text, object_name, row, column, why in _FEATURE_INFO:
            box = QCheckBox(text, objectName=object_name)
            box.setProperty("feature_tip", f"Feed {text} to the network: {why}.")
            box.toggled.connect(self._on_box_toggled)
            grid.addWidget(box, row, column)
            self._boxes[name] = box

    def features(self) -> list[str]:
        """The checked features, in FEATURES order."""
        return [name for name in FEATURES if self._boxes[name].isChecked()]

    def show_features(self, names, curve: bool) -> None:
        """Check exactly `names` (no signal); `curve`: only features of x₁ can be checked."""
        self._curve = curve
        blockers = [QSignalBlocker(box) for box in self._boxes.values()]
        for name, box in self._boxes.items():
            box.setChecked(name in names)
        del blockers
        self._update_boxes()

    def _on_box_toggled(self, _checked: bool) -> None:
        self._update_boxes()
        self.toggled.emit()

    def _update_boxes(self) -> None:
        # The last checked feature is disabled rather than silently re-checked, so the reason is visible.
        checked = [box for box in self._boxes.values() if box.isChecked()]
        for name, box in self._boxes.items():
            last = len(checked) == 1 and box.isChecked()
            not_of_x = self._curve and name not in FEATURES_1D
            box.setEnabled(not last and not not_of_x)
            box.setToolTip(_LAST_FEATURE_TIP if last else _NOT_OF_X_TIP if not_of_x else box.property("feature_tip"))
