"""The status bar's live figures: step, speed, losses, accuracy, parameter count, and messages.

Two kinds of text share the message label. A *message* reports something that just happened ("Data changed:
..."): it expires after `message_ms` (errors stay twice as long), since it stops being true. A *fact* is true
until its owner clears it ("Add some points first", "Training paused: the loss blew up"): it shows whenever no
message does, so the bar never keeps saying something that is no longer so.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QStatusBar

from playground.views.steady_label import SteadyLabel

MESSAGE_MS = 6000            # how long a message stays up


class StatusLine:
    def __init__(self, bar: QStatusBar, message_ms: int = MESSAGE_MS):
        self._bar = bar
        self.message_ms = message_ms     # tests shorten it
        self._facts: dict[str, tuple[str, bool]] = {}    # key -> (text, error); the newest shows
        self._expiry = QTimer(bar, singleShot=True, objectName="statusMessageExpiry")
        self._expiry.timeout.connect(self._show_fact)
        self.figures = SteadyLabel(objectName="statusFigures")   # changes with every snapshot
        self.params = QLabel(objectName="statusParameters")
        self.message = QLabel(objectName="statusMessage")
        self.message.setWordWrap(False)
        bar.addWidget(self.message, 1)
        bar.addPermanentWidget(self.figures)
        bar.addPermanentWidget(self.params)
        self._error = False
        self.metric = "accuracy"         # or "R²" in regression (the snapshot's accuracies hold R² then)

    def show_snapshot(self, snap) -> None:
        parts = [f"step {snap.step:,}"]
        if snap.running:
            parts.append(f"{snap.steps_per_second:,.0f} steps/s")
        parts.append(f"train loss {_fmt(snap.train_loss)}")
        if snap.learning_rate == snap.learning_rate:      # not nan: a trainer runs
            parts.append(f"lr {snap.learning_rate:.4g}")
        if snap.test_loss is not None:
            parts.append(f"test loss {_fmt(snap.test_loss)}")
        shown = _pct if self.metric == "accuracy" else _r2
        parts.append(f"{self.metric} {shown(snap.train_accuracy)}")
        if snap.test_accuracy is not None:
            parts.append(f"test {shown(snap.test_accuracy)}")
        self.figures.setText("   ".join(parts))

    def set_parameter_count(self, n: int) -> None:
        self.params.setText(f"{n:,} parameters")

    def show_message(self, text: str, error: bool = False) -> None:
        """Something that just happened: shown now, gone after message_ms (an empty text shows the fact)."""
        if not text:
            self._expiry.stop()
            self._show_fact()
            return
        self._show(text, error)
        self._expiry.start(self.message_ms * (2 if error else 1))

    def set_fact(self, key: str, text: str, error: bool = False) -> None:
        """Something true until said otherwise ("" clears it). A new fact replaces any message at once."""
        new = (text, error) if text else None
        if new == self._facts.get(key):
            return
        self._facts.pop(key, None)
        if new:
            self._facts[key] = new
        if text or not self._expiry.isActive():
            self._expiry.stop()
            self._show_fact()

    def _show_fact(self) -> None:
        text, error = next(reversed(self._facts.values()), ("", False))
        self._show(text, error)

    def _show(self, text: str, error: bool) -> None:
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


def _r2(x) -> str:
    return "—" if x is None or not math.isfinite(x) else f"{x:.3f}"


def _pct(x) -> str:
    return "—" if x is None or not math.isfinite(x) else f"{100 * x:.1f}%"
