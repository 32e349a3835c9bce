"""A QGraphicsView that fits its scene until the user zooms (wheel, under the mouse) or pans (drag)."""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView

from playground.error_guard import guard_override

MIN_ZOOM, MAX_ZOOM = 0.05, 8.0


class ZoomableView(QGraphicsView):
    def __init__(self, parent=None):
        super().__init__(parent)
        scene = QGraphicsScene(self)
        # Items change look every frame but never move: an index would be rebuilt for nothing.
        scene.setItemIndexMethod(QGraphicsScene.NoIndex)
        self.setScene(scene)
        self.setRenderHints(QPainter.Antialiasing | QPainter.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.MinimalViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.DontSavePainterState, True)
        self._auto_fit = True
        self._margin = 16.0

    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def fit(self) -> None:
        """Show the whole scene, and keep it whole as the view resizes until the user zooms."""
        self._auto_fit = True
        rect = self.scene().itemsBoundingRect()
        if rect.isEmpty():
            return
        # The margin is in pixels whatever the zoom (a second pass at the zoom the first one found): labels
        # that keep their size on screen (ItemIgnoresTransformations) need that room when the scene is small.
        m = self._margin
        for _ in range(2):
            self.setSceneRect(rect.adjusted(-m, -m, m, m))
            self.fitInView(self.sceneRect(), Qt.KeepAspectRatio)
            m = self._margin / max(self.zoom, MIN_ZOOM)
        if self.zoom > 1.5:                 # a tiny graph: keep its natural size, don't blow it up
            self.resetTransform()
            self.scale(1.5, 1.5)

    def zoom_by(self, factor: float) -> None:
        target = min(MAX_ZOOM, max(MIN_ZOOM, self.zoom * factor))
        self._auto_fit = False
        self.scale(target / self.zoom, target / self.zoom)

    @guard_override
    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(1.15 ** steps)
        event.accept()

    @guard_override
    def mouseDoubleClickEvent(self, event) -> None:
        if self.itemAt(event.position().toPoint()) is None:
            self.fit()
        else:
            super().mouseDoubleClickEvent(event)

    @guard_override
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._auto_fit:
            self.fit()

    def visible_scene_rect(self) -> QRectF:
        return self.mapToScene(self.viewport().rect()).boundingRect()
