"""Data panel: the problem (classification or regression), preset generator, train/test split, clear."""
from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from playground.model.problem import PROBLEMS, presets_for
from playground.model.state import PlaygroundState

PRESET_TIPS = {
    "moons": "Two interleaving half circles (micrograd's demo).",
    "circle": "One class inside a ring of the other.",
    "xor": "Four quadrants: the sign of x₁·x₂.",
    "gauss": "Two Gaussian clouds.",
    "spiral": "Two interleaved spirals: hard without extra features or depth.",
    "blobs": "One cloud per class: uses the current number of classes.",
    # engine.function_datasets: the class is the side of a curve y = f(x) a network has to bend its boundary into.
    "sine": "Above or below a sine wave: the boundary has to bend into a wave.",
    "cubic": "Above or below the cubic x³ − x: two bends to learn.",
    "abs": "Above or below y = |x|: one sharp corner (easy with ReLU).",
    "step": "Above or below a step: a jump a smooth network can only approximate.",
}
PRESET_NAMES = {"abs": "|x|", "cubic": "Cubic x³ − x"}   # shown instead of the capitalised name
# Regression's presets (engine.regression_datasets): curves y = f(x) to fit, then TF Playground's surfaces.
REGRESSION_TIPS = {
    "sine": "Fit y = 1.5 sin(πx/2): the universal-approximation picture.",
    "step": "Fit a step: a jump a smooth network can only approximate.",
    "abs": "Fit y = |x| − 1: one sharp corner (easy with ReLU).",
    "cubic": "Fit the cubic 0.75(x³ − 3x): two bends.",
    "noisy_line": "Fit a line through noisy points: a big network overfits the noise.",
    "plane": "A value on a tilted plane over (x₁, x₂) (TensorFlow Playground's).",
    "multi_gaussian": "Six bumps of value ±1 over (x₁, x₂) (TensorFlow Playground's).",
}
REGRESSION_NAMES = {"abs": "|x|", "cubic": "Cubic", "noisy_line": "Noisy line", "multi_gaussian": "Multi-Gaussian"}
PROBLEM_TIPS = {
    "classification": "Classification: each point has a class (a colour); the network learns the boundary.",
    "regression": "Regression: each point has a real value; the network learns a curve y = f(x) or a "
                  "surface of values over the plane.",
}


class DataControls(QWidget):
    preset_requested = Signal(str, int, float, int)   # name, points, noise, seed
    settings_changed = Signal(dict)
    clear_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        box = QGroupBox("Data")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.problem_combo = QComboBox(objectName="problemCombo")
        for problem in PROBLEMS:
            self.problem_combo.addItem(problem.capitalize(), problem)
            self.problem_combo.setItemData(self.problem_combo.count() - 1, PROBLEM_TIPS[problem],
                                           Qt.ItemDataRole.ToolTipRole)
        self.problem_combo.setToolTip("What the network learns: classes (classification) or real values "
                                      "(regression). Switching makes the new problem's first preset.")
        self.preset_combo = QComboBox(objectName="presetCombo")
        self._fill_presets("classification")
        self.preset_combo.setToolTip("A ready-made dataset; press Generate to replace the points.")
        self.points_spin = QSpinBox(objectName="presetPoints", minimum=10, maximum=5000, singleStep=50)
        self.points_spin.setToolTip("How many points the preset makes.")
        self.noise_spin = QDoubleSpinBox(objectName="presetNoise", minimum=0.0, maximum=1.0,
                                         singleStep=0.05, decimals=2)
        self.noise_spin.setToolTip("How much the preset's points scatter (0 = clean shapes).")
        self.seed_spin = QSpinBox(objectName="presetSeed", minimum=0, maximum=2**31 - 1)
        self.seed_spin.setToolTip("The same seed makes the same points.")
        for spin in (self.points_spin, self.noise_spin, self.seed_spin):
            # A value goes to the model once typed (Enter, focus out): the panel then shows the model's value,
            # and re-showing "0" as "0.00" halfway through typing "0.35" would garble it.
            spin.setKeyboardTracking(False)
        self.generate_button = QPushButton("Generate", objectName="generateButton")
        self.generate_button.setToolTip("Replace the points with this preset (undo brings yours back).")
        self.clear_button = QPushButton("Clear", objectName="clearButton")
        self.clear_button.setToolTip("Remove every point (undoable).")
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.clear_button)

        self.split_slider = QSlider(Qt.Orientation.Horizontal, objectName="testSplitSlider")
        self.split_slider.setRange(0, 90)
        self.split_slider.setSingleStep(5)
        self.split_slider.setPageStep(10)
        self.split_slider.setToolTip("Share of the points held out to test how well the network "
                                     "generalises; they are never trained on.")
        self.split_label = QLabel()
        self.split_label.setMinimumWidth(36)
        split_row = QHBoxLayout()
        split_row.addWidget(self.split_slider, 1)
        split_row.addWidget(self.split_label)
        self.show_test_check = QCheckBox("Show test points", objectName="showTestCheck")
        self.show_test_check.setToolTip("Test points are drawn hollow.")

        form.addRow("Problem", self.problem_combo)
        form.addRow("Preset", self.preset_combo)
        form.addRow("Points", self.points_spin)
        form.addRow("Noise", self.noise_spin)
        form.addRow("Seed", self.seed_spin)
        form.addRow(buttons)
        form.addRow("Test share", split_row)
        form.addRow(self.show_test_check)
        box.setLayout(form)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(box)

        self.generate_button.clicked.connect(self._on_generate_clicked)
        self.clear_button.clicked.connect(self.clear_requested)
        self.split_slider.valueChanged.connect(self._on_split_changed)
        self.show_test_check.toggled.connect(lambda on: self.settings_changed.emit({"show_test": on}))
        self.preset_combo.currentIndexChanged.connect(
            lambda _: self.settings_changed.emit({"preset": self.preset_combo.currentData()}))
        self.problem_combo.currentIndexChanged.connect(
            lambda _: self.settings_changed.emit({"problem": self.problem_combo.currentData()}))
        self.points_spin.valueChanged.connect(lambda v: self.settings_changed.emit({"preset_points": v}))
        self.noise_spin.valueChanged.connect(lambda v: self.settings_changed.emit({"preset_noise": v}))
        self.seed_spin.valueChanged.connect(lambda v: self.settings_changed.emit({"preset_seed": v}))

    def set_state(self, state: PlaygroundState) -> None:
        """Show the state's values without emitting anything."""
        blockers = [QSignalBlocker(w) for w in (self.preset_combo, self.points_spin, self.noise_spin,
                                                 self.seed_spin, self.split_slider, self.show_test_check,
                                                 self.problem_combo)]
        self.problem_combo.setCurrentIndex(max(0, self.problem_combo.findData(state.problem)))
        if self._problem != state.problem:
            self._fill_presets(state.problem)
        self.preset_combo.setCurrentIndex(max(0, self.preset_combo.findData(state.preset)))
        self.points_spin.setValue(state.preset_points)
        self.noise_spin.setValue(state.preset_noise)
        self.seed_spin.setValue(state.preset_seed)
        self.split_slider.setValue(round(state.test_fraction * 100))
        self.show_test_check.setChecked(state.show_test)
        self._show_split(self.split_slider.value())
        del blockers

    def _fill_presets(self, problem: str) -> None:
        """The presets `problem` offers (the combo's signals blocked by the caller, or not yet connected)."""
        self._problem = problem
        self.preset_combo.clear()
        regression = problem == "regression"
        for name in presets_for(problem):
            names, tips = (REGRESSION_NAMES, REGRESSION_TIPS) if regression else (PRESET_NAMES, PRESET_TIPS)
            self.preset_combo.addItem(names.get(name, name.capitalize()), name)
            self.preset_combo.setItemData(self.preset_combo.count() - 1, tips[name], Qt.ItemDataRole.ToolTipRole)

    def _on_generate_clicked(self) -> None:
        self.preset_requested.emit(self.preset_combo.currentData(), self.points_spin.value(),
                                   self.noise_spin.value(), self.seed_spin.value())

    def _on_split_changed(self, percent: int) -> None:
        self._show_split(percent)
        self.settings_changed.emit({"test_fraction": percent / 100})

    def _show_split(self, percent: int) -> None:
        self.split_label.setText(f"{percent}%")
