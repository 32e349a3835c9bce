"""The status bar's live figures: step, speed, losses, accuracy, parameter count, and messages."""
from __future__ import annotations

import math

from PySide6.QtWidgets import QLabel, QStatusBar


class StatusLine:
    def __init__(self, bar: QStatusBar):
        self._bar = bar
        self.figures = QLabel(objectName="statusFigures")
        self.params = QLabel(objectName="statusParameters")
        self.message = QLabel(objectName="statusMessage")
        self.message.setWordWrap(False)
        bar.addWidget(self.message, 1)
        bar.addPermanentWidget(self.figures)
        bar.addPermanentWidget(self.params)
        self._error = False

    def show_snapshot(self, snap) -> None:
        parts = [f"step {snap.step:,}"]
        if snap.running:
            parts.append(f"{snap.steps_per_second:,.0f} steps/s")
        parts.append(f"train loss {_fmt(snap.train_loss)}")
        if snap.test_loss is not None:
            parts.append(f"test loss {_fmt(snap.test_loss)}")
        parts.append(f"accuracy {_pct(snap.train_accuracy)}")
        if snap.test_accuracy is not None:
            parts.append(f"test {_pct(snap.test_accuracy)}")
        self.figures.setText("   ".join(parts))

    def set_parameter_count(self, n: int) -> None:
        self.params.setText(f"{n:,} parameters")

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setToolTip(text)
        self.message.setStyleSheet("color: #d64545; font-weight: 600;" if error else "")
        self._error = error

    def text(self) -> str:
        return self.message.text()


def _fmt(x) -> str:
    if x is None or not math.isfinite(x):
        return "—" if x is None or math.isnan(x) else "∞"
    return f"{x:.4f}"


def _pct(x) -> str:
    return "—" if x is None or not math.isfinite(x) else f"{100 * x:.1f}%"
