"""Controls: the run bar (Train/Pause, Step, Reset, speed) lives here; the panels live in their own modules.

`from playground.views.controls.run_bar import NetworkControls, TrainingControls, TrainingBar` is the one import the main
window needs.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QStyle, QWidget

from playground.model.state import PlaygroundState
from playground.views.controls.network import NetworkControls
from playground.views.controls.training import TrainingControls

__all__ = ["NetworkControls", "TrainingBar", "TrainingControls", "SPEEDS"]

# Slider stops in steps per second, roughly ×3 apart; 0 means "as fast as it goes".
SPEEDS = (1, 3, 10, 30, 100, 300, 1000, 0)
MAX_STEPS_PER_SECOND = 100_000

_TRAIN_TIP = "Start training: the network takes optimisation steps until you pause (Space)"
_PAUSE_TIP = "Pause training; Step, or Train again, carries on from here (Space)"
_STEP_TIP = "Take exactly one optimisation step and show what changed"


def _speed_text(steps_per_second: int) -> str:
    if steps_per_second == 0:
        return "max"
    return f"{steps_per_second:,} step{'' if steps_per_second == 1 else 's'}/s"


class TrainingBar(QWidget):
    """Train/Pause, Step, Reset and a speed slider.

    Signals: train_toggled(bool) (True = start), step_requested(), reset_requested(),
    speed_changed(int steps_per_second, 0 = max), and the same as a setting: settings_changed({"steps_per_second": n}).

    No keyboard shortcut of its own: the main window's Train menu action owns Space (two Space shortcuts in
    one window would be ambiguous and neither would fire).
    """

    train_toggled = Signal(bool)
    step_requested = Signal()
    reset_requested = Signal()
    speed_changed = Signal(int)
    settings_changed = Signal(dict)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("trainingBar")
        self._enabled_reason = ""         # why Train/Step are disabled; "" when they are enabled
        self._steps_per_second = 0

        self._train = QPushButton(objectName="trainButton", checkable=True)
        self._step = QPushButton("Step", objectName="stepButton")
        self._reset = QPushButton("Reset", objectName="resetButton")
        self._step.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaSkipForward))
        self._reset.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        self._reset.setToolTip("Re-initialise the weights from the seed (same seed, same starting weights) and "
                               "clear the curves")
        # Wide enough for "Pause" as well as "Train", so the bar doesn't jump when the text changes.
        self._train.setMinimumWidth(self._train.fontMetrics().horizontalAdvance("Pause") + 56)

        self._slider = QSlider(Qt.Orientation.Horizontal, objectName="speedSlider")
        self._slider.setRange(0, len(SPEEDS) - 1)
        self._slider.setPageStep(1)
        self._slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self._slider.setMinimumWidth(120)
        self._slider.setToolTip("Training speed in steps per second; 'max' runs as fast as the engine can. "
                                "Slow speeds let you watch each step move the boundary.")
        self._speed_label = QLabel(objectName="speedLabel")
        self._speed_label.setMinimumWidth(self._speed_label.fontMetrics().horizontalAdvance("1,000 steps/s") + 4)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button in (self._train, self._step, self._reset):
            layout.addWidget(button)
        layout.addStretch(1)
        layout.addWidget(QLabel("Speed"))
        layout.addWidget(self._slider)
        layout.addWidget(self._speed_label)

        self._train.toggled.connect(self._on_train_toggled)
        self._step.clicked.connect(self.step_requested)
        self._reset.clicked.connect(self.reset_requested)
        self._slider.valueChanged.connect(self._on_slider_moved)
        self._show_running()
        self.set_speed(0)

    # -- public API --------------------------------------------------------------------------------
    def set_running(self, running: bool) -> None:
        """Show whether the worker is training, without emitting train_toggled."""
        if not isinstance(running, bool):
            raise ValueError(f"running must be True or False, got {running!r}")
        with QSignalBlocker(self._train):
            self._train.setChecked(running)
        self._show_running()

    def is_running(self) -> bool:
        return self._train.isChecked()

    def train_enabled(self) -> bool:
        """False while set_train_enabled(False, reason) holds."""
        return not self._enabled_reason

    def set_train_enabled(self, enabled: bool, reason: str = "") -> None:
        """Enable Train/Step, or disable them and show `reason` (e.g. "Add points of two classes") as their tooltip."""
        if not isinstance(enabled, bool):
            raise ValueError(f"enabled must be True or False, got {enabled!r}")
        if not isinstance(reason, str) or (not enabled and not reason.strip()):
            raise ValueError("disabling Train needs a reason to show the person")
        self._enabled_reason = "" if enabled else reason.strip()
        self._show_running()

    def set_speed(self, steps_per_second: int) -> None:
        """Show a speed (0 = max) without emitting; values between the stops keep their exact label."""
        if not isinstance(steps_per_second, int) or isinstance(steps_per_second, bool) \
                or not 0 <= steps_per_second <= MAX_STEPS_PER_SECOND:
            raise ValueError(f"steps_per_second must be a whole number in 0..{MAX_STEPS_PER_SECOND}, "
                             f"got {steps_per_second!r}")
        with QSignalBlocker(self._slider):
            self._slider.setValue(_nearest_stop(steps_per_second))
        self._show_speed(steps_per_second)

    def speed(self) -> int:
        return self._steps_per_second

    def set_state(self, state: PlaygroundState) -> None:
        """Show `state.steps_per_second` without emitting."""
        if not isinstance(state, PlaygroundState):
            raise ValueError(f"expected a PlaygroundState, got {type(state).__name__}")
        self.set_speed(state.steps_per_second)

    # -- slots -------------------------------------------------------------------------------------
    def _on_train_toggled(self, checked: bool) -> None:
        self._show_running()
        self.train_toggled.emit(checked)

    def _on_slider_moved(self, position: int) -> None:
        self._show_speed(SPEEDS[position])
        self.speed_changed.emit(SPEEDS[position])
        self.settings_changed.emit({"steps_per_second": SPEEDS[position]})

    # -- helpers -----------------------------------------------------------------------------------
    def _show_running(self) -> None:
        running, reason = self._train.isChecked(), self._enabled_reason
        self._train.setText("Pause" if running else "Train")
        icon = QStyle.StandardPixmap.SP_MediaPause if running else QStyle.StandardPixmap.SP_MediaPlay
        self._train.setIcon(self.style().standardIcon(icon))
        # Pausing must always be possible, even if the data became untrainable meanwhile.
        self._train.setEnabled(running or not reason)
        self._step.setEnabled(not running and not reason)
        self._train.setToolTip(_PAUSE_TIP if running else (reason or _TRAIN_TIP))
        self._step.setToolTip(reason or (_STEP_TIP + " (pause first)" if running else _STEP_TIP))

    def _show_speed(self, steps_per_second: int) -> None:
        self._steps_per_second = steps_per_second
        self._speed_label.setText(_speed_text(steps_per_second))


def _nearest_stop(steps_per_second: int) -> int:
    """Slider position closest on a log scale; 0 (= max) and anything above the last stop go to 'max'."""
    finite = [s for s in SPEEDS if s]
    if steps_per_second == 0 or steps_per_second > finite[-1] * 3:
        return SPEEDS.index(0)
    distances = [abs(math.log(steps_per_second / s)) for s in finite]
    return distances.index(min(distances))
