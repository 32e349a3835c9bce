"""A label for a figure that changes with every snapshot (the status bar's step and losses, the timeline's step)
without re-laying out the window each time.

QLabel.setText asks its parent's layout to recompute unless the label's size is fixed, and each layout that
recomputes asks its own parent's: one new step number re-laid out the status bar, the timeline bar, both
splitters and the main window, and asked every graph tab for its size (~2 ms of the GUI thread a snapshot,
issue 10). A SteadyLabel (plain text) keeps a fixed size, changed only when its text no longer fits or leaves
much room: the window is re-laid out a few times in a run instead of on every snapshot.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel

from playground.error_guard import guard_override

SHRINK_BELOW = 0.75     # the text needs less than this share of the width: the label gives the room back


class SteadyLabel(QLabel):
    def __init__(self, text: str = "", parent=None, objectName: str = "") -> None:  # noqa: N803 (Qt's name)
        super().__init__(text, parent)
        if objectName:
            self.setObjectName(objectName)
        self._room = 0           # the width it keeps at least (set_room)
        self._fit()

    def setText(self, text: str) -> None:  # noqa: N802 (QLabel's name)
        super().setText(text)
        self._fit()

    def set_room(self, width: int) -> None:
        """Keep at least `width` px (room for the widest text expected), whatever the text."""
        self._room = max(0, int(width))
        self._fit(force=True)

    @guard_override
    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit(force=True)        # presentation mode's larger text needs more room

    def _fit(self, force: bool = False) -> None:
        # The text's own size: QLabel.sizeHint() never reports less than the width it was fixed at.
        text = self.fontMetrics().size(0, self.text())
        margins = self.contentsMargins()
        needed = text.width() + margins.left() + margins.right() + 2 * self.margin()
        height = max(text.height(), self.fontMetrics().height()) + margins.top() + margins.bottom() + 2 * self.margin()
        width = self.maximumWidth()      # the fixed width (QWIDGETSIZE_MAX before the first fit)
        if force or needed > width or max(needed, self._room) < SHRINK_BELOW * width:
            # Two digits to spare: a count that grows by one digit does not re-lay out the window again.
            spare = self.fontMetrics().horizontalAdvance("00")
            self.setFixedSize(max(needed + spare, self._room), height)
        elif height != self.maximumHeight():
            self.setFixedHeight(height)
