"""A small non-modal editor for one weight or bias, shown over the network view where the user clicked.

Non-modal on purpose: no nested event loop, so tests (and the training worker's snapshots) keep flowing
while it is open. Enter or "Set" applies, Escape or clicking elsewhere cancels.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from playground.error_guard import guard_override

LIMIT = 1000.0


class WeightEditor(QFrame):
    """Emits `value_entered(layer, neuron, input_index, value)` once per accepted edit."""

    value_entered = Signal(int, int, int, float)

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("weightEditor")
        self.setFrameShape(QFrame.StyledPanel)
        self.setAutoFillBackground(True)
        self._target = None
        self.label = QLabel(self)
        self.spin = QDoubleSpinBox(self)
        self.spin.setObjectName("weightEditorSpin")
        self.spin.setDecimals(4)
        self.spin.setRange(-LIMIT, LIMIT)
        self.spin.setSingleStep(0.1)
        self.spin.setKeyboardTracking(False)
        self.apply_button = QPushButton("Set", self)
        self.apply_button.setObjectName("weightEditorApply")
        self.apply_button.clicked.connect(self.accept)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.addWidget(self.label)
        lay.addWidget(self.spin)
        lay.addWidget(self.apply_button)
        self.hide()

    @property
    def target(self) -> tuple | None:
        """(layer, neuron, input_index) being edited, or None when closed."""
        return self._target

    def open_for(self, layer: int, neuron: int, input_index: int, value: float, caption: str,
                 at: QPoint) -> None:
        if not math.isfinite(value):
            value = 0.0
        self._target = (layer, neuron, input_index)
        self.label.setText(caption)
        self.spin.setValue(max(-LIMIT, min(LIMIT, value)))
        self.adjustSize()
        parent = self.parentWidget()
        # Keep the whole editor inside the view, next to the click.
        x = min(max(0, at.x() + 8), max(0, parent.width() - self.width()))
        y = min(max(0, at.y() + 8), max(0, parent.height() - self.height()))
        self.move(x, y)
        self.show()
        self.raise_()
        self.spin.setFocus(Qt.PopupFocusReason)
        self.spin.selectAll()

    def accept(self) -> None:
        if self._target is None:
            return
        self.spin.interpretText()          # a typed value counts even if Enter was not pressed
        target, self._target = self._target, None
        self.hide()
        self.value_entered.emit(*target, float(self.spin.value()))

    def cancel(self) -> None:
        self._target = None
        self.hide()

    @guard_override
    def keyPressEvent(self, event) -> None:
        # QDoubleSpinBox handles Enter itself and then passes the event on to us.
        if event.key() in (Qt.Key_Return, Qt.Key_Enter):
            self.accept()
        elif event.key() == Qt.Key_Escape:
            self.cancel()
        else:
            super().keyPressEvent(event)
