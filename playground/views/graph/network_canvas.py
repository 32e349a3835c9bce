"""The network view's QGraphicsView: what is under the pointer, tooltips, clicks, and fast frames while live."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QToolTip

from playground.error_guard import guard_override
from playground.views.graph.network_drawing import KIND
from playground.views.graph.zoom_view import ZoomableView

HIT = 5           # px around the pointer that count as "on" an edge
SETTLE_MS = 250   # after this long without a new snapshot the view repaints antialiased


class NetworkCanvas(ZoomableView):
    item_clicked = Signal(object, QPoint)   # the clicked item's KIND tuple and the view position

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("networkCanvas")
        self.setMouseTracking(True)
        self._margin = 48.0     # px: room for the column headings, which keep their size on screen
        self.describe = lambda kind: ""     # set by NetworkView: tooltip text for a KIND tuple
        self.viewport().installEventFilter(self)
        # Antialiasing ~2000 wide translucent lines costs ~3x a plain raster; while snapshots stream in
        # (training) frames are drawn plain, and once they stop the picture is redrawn smooth.
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._on_settle_timeout)

    def mark_live(self) -> None:
        """A new frame arrived: draw fast now, smooth once the frames stop."""
        if self.renderHints() & QPainter.Antialiasing:
            self.setRenderHint(QPainter.Antialiasing, False)
        self._settle.start()

    def _on_settle_timeout(self) -> None:
        self.setRenderHint(QPainter.Antialiasing, True)
        self.viewport().update()

    def kind_at(self, pos: QPoint):
        """The KIND of what is under view position `pos` (bias > neuron > nearest edge), or None."""
        items = self.items(QRect(pos.x() - HIT, pos.y() - HIT, 2 * HIT + 1, 2 * HIT + 1))
        kinds = [it.data(KIND) for it in items if it.data(KIND) is not None]
        for wanted in ("bias", "neuron", "input"):
            for k in kinds:
                if k[0] == wanted:
                    return k
        scene_pt = self.mapToScene(pos)
        best, best_d = None, None
        for it in items:
            k = it.data(KIND)
            if k is not None and k[0] == "edge":
                d = _distance(it.line(), scene_pt)
                if best_d is None or d < best_d:
                    best, best_d = k, d
        return best

    @guard_override(fallback=False)
    def eventFilter(self, watched, event) -> bool:
        # Tooltips via a filter on the viewport, not by overriding viewportEvent: an override would run
        # every paint inside a Python call, holding the GIL the training thread needs.
        if watched is self.viewport() and event.type() == QEvent.ToolTip:
            kind = self.kind_at(event.pos())
            text = self.describe(kind) if kind else ""
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return False

    @guard_override
    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.LeftButton:
            pos = event.position().toPoint()
            kind = self.kind_at(pos)
            if kind is not None and kind[0] != "input":
                self.item_clicked.emit(kind, pos)
                event.accept()
                return
            self.item_clicked.emit(None, pos)
        super().mousePressEvent(event)      # empty space: drag to pan


def _distance(line, p) -> float:
    ax, ay, bx, by = line.x1(), line.y1(), line.x2(), line.y2()
    dx, dy = bx - ax, by - ay
    t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((p.x() - ax) * dx + (p.y() - ay) * dy) / (dx * dx + dy * dy)))
    return float(np.hypot(p.x() - (ax + t * dx), p.y() - (ay + t * dy)))
