"""The training timeline's bar under the loss plot: a slider over the run's checkpoints, Play (at a chosen
speed) and "Resume from here".

It shows and emits, nothing else: `index_changed(i)` when the user (a drag, a click, Left/Right on the focused
slider) or Play moves it to checkpoint i; the last checkpoint is "now". The slider's values are steps (its
range: the first checkpoint's step to the latest's), so its position is proportional to the step, as the loss
plot's axis is; it snaps to the nearest checkpoint, and the keys and the wheel move by checkpoints. Play steps
the slider on a QTimer of the GUI thread and stops at "now"; the pictures of each step are the wiring's business (it drops frames it cannot
keep up with).
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QSlider,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from playground.error_guard import guard_override
from playground.model.checkpoints import nearest_index
from playground.views.steady_label import SteadyLabel

# Play speeds, in checkpoints a second (a run has at most 2,000 of them: ~1 minute at 30/s).
PLAY_SPEEDS = (5, 10, 30, 60)
DEFAULT_PLAY_SPEED = 30
STEP_TEXT_ROOM = "step 00,000 / 00,000"     # the widest step text the label makes room for


class TimelineBar(QWidget):
    index_changed = Signal(int)        # the user or Play moved to checkpoint i
    resume_requested = Signal()        # "Resume from here" pressed
    play_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("timelineBar")
        self.play_button = QPushButton(objectName="timelinePlayButton", checkable=True)
        self.play_button.setToolTip("Replay the run from the start (or from here) as an animation")
        self.speed_combo = QComboBox(objectName="timelineSpeedCombo")
        for speed in PLAY_SPEEDS:
            self.speed_combo.addItem(f"{speed}/s", speed)
        self.speed_combo.setCurrentIndex(PLAY_SPEEDS.index(DEFAULT_PLAY_SPEED))
        self.speed_combo.setToolTip("How many checkpoints Play shows a second")
        self.slider = QSlider(Qt.Orientation.Horizontal, objectName="timelineSlider")
        self.slider.setRange(0, 0)
        self._steps = np.zeros(0, dtype=np.int64)    # the checkpoints' steps (a copy)
        self._index = 0                                # the checkpoint the slider is on
        self.slider.setToolTip("Scrub back through the run (Left/Right: one checkpoint); the right end is now")
        self.step_label = SteadyLabel(objectName="timelineStepLabel")   # changes with every snapshot
        self._fit_step_label()
        self.resume_button = QPushButton("Resume from here", objectName="timelineResumeButton")
        self.resume_button.setToolTip("Train on from the step shown; the later part of the run is dropped "
                                      "(Edit ▸ Undo brings it back)")
        # Two rows: the slider gets the panel's whole width (a long run's checkpoints need every pixel).
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 0, 4, 0)
        column.setSpacing(2)
        top, bottom = QHBoxLayout(), QHBoxLayout()
        top.addWidget(self.slider, 1)
        top.addWidget(self.step_label)
        for widget in (self.play_button, self.speed_combo):
            bottom.addWidget(widget)
        bottom.addStretch(1)
        bottom.addWidget(self.resume_button)
        column.addLayout(top)
        column.addLayout(bottom)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.play_button.toggled.connect(self._on_play_toggled)
        self.speed_combo.currentIndexChanged.connect(self._on_speed_changed)
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.slider.actionTriggered.connect(self._on_slider_action_triggered)
        self.resume_button.clicked.connect(self.resume_requested)
        self._show_play_state(False)
        self.set_steps([])

    # -- API ----------------------------------------------------------------------------------------
    def set_steps(self, steps) -> None:
        """The run's checkpoints are at `steps` (increasing) now. At "now", the slider stays at the (new) end;
        scrubbed, it stays on its step (on the checkpoint nearest it). Emits nothing."""
        at_end = self.is_now()
        self._steps = np.array(steps, dtype=np.int64)
        count = len(self._steps)
        with QSignalBlocker(self.slider):
            self.slider.setRange(int(self._steps[0]) if count else 0, int(self._steps[-1]) if count else 0)
            self._index = max(0, count - 1) if at_end else self._nearest(self.slider.value())
            self._snap()
        self.slider.setEnabled(count > 1)
        self.play_button.setEnabled(count > 1)
        self._update_resume()

    def index(self) -> int:
        return self._index

    def is_now(self) -> bool:
        return self._index >= len(self._steps) - 1

    def set_index(self, index: int) -> None:
        """Move to checkpoint `index` as the user would (emits index_changed when it moves)."""
        if len(self._steps):
            self.slider.setValue(int(self._steps[max(0, min(int(index), len(self._steps) - 1))]))

    def go_to_now(self) -> None:
        """To the end without emitting (the wiring has already returned to now), and stop playing."""
        self.play_button.setChecked(False)
        self._index = max(0, len(self._steps) - 1)
        with QSignalBlocker(self.slider):
            self._snap()
        self._update_resume()

    def set_step_text(self, text: str) -> None:
        self.step_label.setText(text)

    def play_speed(self) -> int:
        return int(self.speed_combo.currentData())

    def is_playing(self) -> bool:
        return self._timer.isActive()

    # -- slots ----------------------------------------------------------------------------------------
    def _on_slider_value_changed(self, value: int) -> None:
        index, before = self._nearest(value), self._index
        with QSignalBlocker(self.slider):
            self._index = index
            self._snap()                      # on the checkpoint's step, where the loss plot's marker is
        self._update_resume()
        if index != before:
            self.index_changed.emit(index)

    def _on_slider_action_triggered(self, action: int) -> None:
        """Arrow keys, Page Up/Down, the wheel (and clicks beside the handle) move by checkpoints, not steps: on a
        thinned run a step or two would snap back to the same checkpoint. The slider's position is set
        before its value changes (QAbstractSlider.actionTriggered), so the move lands where it should."""
        moves = {QSlider.SliderAction.SliderSingleStepAdd: 1, QSlider.SliderAction.SliderSingleStepSub: -1,
                 QSlider.SliderAction.SliderPageStepAdd: 10, QSlider.SliderAction.SliderPageStepSub: -10}
        action = QSlider.SliderAction(action)
        move = moves.get(action)
        if action == QSlider.SliderAction.SliderMove and not self.slider.isSliderDown():   # the wheel
            move = int(np.sign(self.slider.sliderPosition() - self.slider.value())) or None
        if move is not None and len(self._steps):
            index = max(0, min(self._index + move, len(self._steps) - 1))
            self.slider.setSliderPosition(int(self._steps[index]))

    def _on_play_toggled(self, playing: bool) -> None:
        if playing:
            if self.is_now():                 # at the end: replay from the start
                self.set_index(0)
            self._timer.start(1000 // self.play_speed())
        else:
            self._timer.stop()
        self._show_play_state(playing)
        self.play_toggled.emit(playing)

    def _on_speed_changed(self, _index: int) -> None:
        if self._timer.isActive():
            self._timer.setInterval(1000 // self.play_speed())

    def _on_timer_timeout(self) -> None:
        self.set_index(self._index + 1)
        if self.is_now():
            self.play_button.setChecked(False)

    @guard_override
    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "step_label"):
            self._fit_step_label()        # presentation mode's larger text: the step's label keeps its room

    # -- helpers --------------------------------------------------------------------------------------
    def _nearest(self, step: int) -> int:
        return nearest_index(self._steps, step) or 0

    def _snap(self) -> None:
        if len(self._steps):
            self.slider.setValue(int(self._steps[self._index]))

    def _fit_step_label(self) -> None:
        self.step_label.set_room(self.fontMetrics().horizontalAdvance(STEP_TEXT_ROOM))

    def _update_resume(self) -> None:
        self.resume_button.setEnabled(not self.is_now())

    def _show_play_state(self, playing: bool) -> None:
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setText("Pause" if playing else "Play")
