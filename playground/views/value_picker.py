"""The value picker: in a regression surface, the value the next drawn point carries (where the class picker
sits in classification). A slider from −1 to 1 (TensorFlow Playground's range) and a swatch of its colour on
the canvas's diverging scale, plus three quick values."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QSlider, QToolButton, QVBoxLayout, QWidget

from playground.error_guard import guard_override
from playground.views import palette

STEPS = 100            # the slider's ticks per unit: values in steps of 0.01
QUICK_VALUES = {-1.0: "valueMinusOne", 0.0: "valueZero", 1.0: "valuePlusOne"}   # value: objectName


class ValuePicker(QWidget):
    value_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("valuePicker")
        self.slider = QSlider(Qt.Orientation.Horizontal, objectName="valueSlider")
        self.slider.setRange(-STEPS, STEPS)
        self.slider.setSingleStep(5)
        self.slider.setPageStep(25)
        self.slider.setToolTip("The value a new point carries: −1 (orange) to 1 (blue), 0 neutral.")
        self.label = QLabel(objectName="valueLabel")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row = QHBoxLayout()
        row.addWidget(self.slider, 1)
        row.addWidget(self.label)
        quick = QHBoxLayout()
        self.quick_buttons: list[QToolButton] = []
        for v, name in QUICK_VALUES.items():
            b = QToolButton(objectName=name, text=f"{v:+g}" if v else "0")
            b.setToolTip(f"Draw points of value {v:g}")
            b.clicked.connect(lambda _=False, v=v: self.set_value(v))
            quick.addWidget(b)
            self.quick_buttons.append(b)
        quick.addStretch(1)
        box = QGroupBox("Point value")
        inner = QVBoxLayout(box)
        inner.addLayout(row)
        inner.addLayout(quick)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(box)
        self.slider.valueChanged.connect(self._on_slider_moved)
        self._fit_label()
        self.set_value(1.0)

    @guard_override
    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "label"):
            self._fit_label()             # presentation mode's larger text: the value keeps its room

    def value(self) -> float:
        return self.slider.value() / STEPS

    def set_value(self, value: float) -> None:
        self.slider.setValue(round(max(-1.0, min(1.0, float(value))) * STEPS))
        self._show()

    def _on_slider_moved(self, _ticks: int) -> None:
        self._show()
        self.value_changed.emit(self.value())

    def _show(self) -> None:
        v = self.value()
        rgba = palette.values_to_rgba([[v]], (-1.0, 1.0))[0, 0]
        color = QColor(*map(int, rgba[:3]))
        text = "black" if color.lightness() > 140 else "white"
        self.label.setText(f"{v:+.2f}")
        self.label.setStyleSheet(f"background: {color.name()}; color: {text}; border-radius: 3px; padding: 2px;")

    def _fit_label(self) -> None:
        # The widest text, and the padding of its style sheet on both sides.
        metrics = self.fontMetrics()
        self.label.setMinimumWidth(max(metrics.horizontalAdvance(t) for t in ("+0.00", "-0.00")) + 12)
