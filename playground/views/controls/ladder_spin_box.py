"""A number box whose arrows walk a ladder of values (TensorFlow Playground's learning rates, say)."""
from __future__ import annotations

import bisect

from PySide6.QtWidgets import QAbstractSpinBox, QDoubleSpinBox, QWidget


class LadderSpinBox(QDoubleSpinBox):
    """A number box whose arrows step along a fixed ladder (0.01 → 0.03 → 0.1 …) and shows no trailing zeros.

    The range is the ladder's ends, so a value outside it can't be typed.
    """

    def __init__(self, ladder: tuple, decimals: int, parent: QWidget | None = None, **qt_properties):
        super().__init__(parent, **qt_properties)
        if list(ladder) != sorted(set(ladder)) or len(ladder) < 2:
            raise ValueError("ladder must be at least two increasing values")
        self._ladder = tuple(float(v) for v in ladder)
        self.setDecimals(decimals)
        self.setRange(self._ladder[0], self._ladder[-1])
        self.setKeyboardTracking(False)   # emit on Enter / focus-out / arrows, not on every keystroke

    def stepBy(self, steps: int) -> None:  # Qt override
        value = self.value()
        if steps > 0:
            i = bisect.bisect_right(self._ladder, value + 1e-12) + steps - 1
        else:
            i = bisect.bisect_left(self._ladder, value - 1e-12) + steps
        self.setValue(self._ladder[max(0, min(len(self._ladder) - 1, i))])

    def stepEnabled(self):  # Qt override
        flags = QAbstractSpinBox.StepEnabledFlag.StepNone
        if self.value() > self.minimum():
            flags |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        if self.value() < self.maximum():
            flags |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        return flags

    def textFromValue(self, value: float) -> str:  # Qt override
        text = self.locale().toString(float(value), "f", self.decimals())
        point = self.locale().decimalPoint()
        if point in text:
            text = text.rstrip("0").rstrip(point)
        return text
