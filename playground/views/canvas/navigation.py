"""How a person moves around the dataset canvas without disturbing the point-editing gestures.

- The wheel zooms about the point under the pointer (that point stays put), one WHEEL_STEP per notch.
- A middle-button drag, or Shift+left-drag (for a touchpad), pans: the point grabbed stays under the pointer.
- View actions: Zoom In (Ctrl++ / Ctrl+=), Zoom Out (Ctrl+-), Fit Data (Ctrl+0: back to the default framing of
  the data box; disabled while the view is already there).

Left and right buttons stay with canvas_gestures.py. pyqtgraph's own mouse handling stays off: it would pan on a
left drag and zoom one axis from the axes. Zoom is measured against the default framing, so it means the same at
any window size; ZOOM_LIMITS keep it from the absurd, and the middle of the requested view never leaves the data
box, so the data can always be found again.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QObject, QPointF, Qt
from PySide6.QtGui import QAction, QFontMetrics, QKeySequence

ZOOM_LIMITS = (0.1, 50.0)      # out: the data box a tenth of the canvas; in: a fiftieth of it fills the canvas
WHEEL_STEP = 1.02 ** 15        # per 120-unit wheel notch: pyqtgraph's own rate (about 1.35)
KEY_STEP = 1.25                # per Zoom In / Zoom Out


class CanvasNavigation(QObject):
    """Owned by one DatasetCanvas; press/move/release/wheel return True when they handled the event."""

    def __init__(self, canvas):
        super().__init__(canvas)
        self._canvas = canvas
        self._view_box = canvas.getViewBox()
        self._button = None                # the button holding a pan under way
        self._anchor = None                # the data point grabbed by the pan
        self.zoom_in_action = _action(canvas, "actionZoomIn", "Zoom &In",
                                      [QKeySequence.StandardKey.ZoomIn, QKeySequence("Ctrl+=")],
                                      "Zoom in on the middle of the canvas (the wheel zooms where it points)")
        self.zoom_out_action = _action(canvas, "actionZoomOut", "Zoom &Out", [QKeySequence.StandardKey.ZoomOut],
                                       "Zoom out from the middle of the canvas")
        self.fit_action = _action(canvas, "actionFitView", "&Fit Data", [QKeySequence("Ctrl+0")],
                                  "Show the whole data box again, as at the start (Ctrl+0)")
        self.zoom_in_action.triggered.connect(lambda: self.zoom_by(KEY_STEP))
        self.zoom_out_action.triggered.connect(lambda: self.zoom_by(1.0 / KEY_STEP))
        self.fit_action.triggered.connect(self.fit)
        self._view_box.sigRangeChanged.connect(self._on_range_changed)
        # Room for the longest tick label a zoom brings, fixed: a plot area that narrowed as the labels grew
        # would move the plane under the pointer mid-zoom.
        canvas.getPlotItem().getAxis("left").setStyle(
            autoExpandTextSpace=False, tickTextWidth=QFontMetrics(canvas.font()).horizontalAdvance("−0.000") + 4)

    def actions(self) -> list:
        return [self.zoom_in_action, self.zoom_out_action, self.fit_action]

    def fit(self) -> None:
        """The default framing: the whole data box in view at equal aspect (more along one axis)."""
        xmin, xmax, ymin, ymax = self._canvas.extent()
        self._view_box.setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0.0)
        self._on_range_changed()          # a range already fitted emits nothing, and the extent may have changed

    # -- zoom ----------------------------------------------------------------------------------------------
    def zoom(self) -> float:
        """How far in the view is: 1 at the default framing, 2 when half as much of the plane shows."""
        xmin, xmax, _, _ = self._canvas.extent()
        (t0, t1), _ = self._view_box.targetRange()
        return (xmax - xmin) / (t1 - t0)

    def zoom_by(self, factor: float, centre: QPointF | None = None) -> None:
        """Zoom in by factor (out when below 1) about centre (data coordinates; the view's middle by default),
        within ZOOM_LIMITS."""
        now = self.zoom()
        new = min(max(now * factor, ZOOM_LIMITS[0]), ZOOM_LIMITS[1])
        if math.isclose(new, now, rel_tol=1e-12):
            return
        self._view_box.scaleBy(s=(now / new, now / new), center=centre)
        self._keep_data_in_reach()

    def wheel(self, event) -> bool:
        xy = self._data_at(event)
        notches = event.angleDelta().y() / 120.0
        if xy is None or not notches:
            return False
        self.zoom_by(WHEEL_STEP ** notches, QPointF(*xy))
        return True

    # -- pan -----------------------------------------------------------------------------------------------
    def press(self, event) -> bool:
        if self._button is not None:
            if event.button() != self._button and event.buttons() & self._button:
                return True                # another button in the middle of a pan: ignore it
            self._finish()                 # its own button pressed again: the release went elsewhere
        button = event.button()
        shift_left = (button == Qt.MouseButton.LeftButton
                      and event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                      and not event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if button != Qt.MouseButton.MiddleButton and not shift_left:
            return False
        xy = self._data_at(event)
        if xy is None:
            return False
        self._button, self._anchor = button, xy
        self._canvas.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        return True

    def move(self, event) -> bool:
        if self._button is None:
            return False
        x, y = self._data_at(event, anywhere=True)
        self._view_box.translateBy(x=self._anchor[0] - x, y=self._anchor[1] - y)
        self._keep_data_in_reach()
        return True

    def release(self, event) -> bool:
        if self._button is None:
            return False
        if event.button() == self._button:
            self._finish()
        return True

    def _finish(self) -> None:
        self._button = self._anchor = None
        self._canvas._update_cursor()

    # -- geometry ------------------------------------------------------------------------------------------
    def _data_at(self, event, anywhere: bool = False):
        """Data coordinates under the pointer; None outside the plot area unless anywhere is asked for."""
        scene = self._canvas.mapToScene(event.position().toPoint())
        if not anywhere and not self._view_box.sceneBoundingRect().contains(scene):
            return None
        p = self._view_box.mapSceneToView(scene)
        return p.x(), p.y()

    def _keep_data_in_reach(self) -> None:
        """Pull the view back so its middle stays inside the data box."""
        xmin, xmax, ymin, ymax = self._canvas.extent()
        centre = self._view_box.targetRect().center()
        dx = min(max(centre.x(), xmin), xmax) - centre.x()
        dy = min(max(centre.y(), ymin), ymax) - centre.y()
        if dx or dy:
            self._view_box.translateBy(x=dx, y=dy)

    def _on_range_changed(self, *_args) -> None:
        xmin, xmax, ymin, ymax = self._canvas.extent()
        (x0, x1), (y0, y1) = self._view_box.targetRange()
        tol = 1e-9 * (xmax - xmin)
        fitted = all(abs(a - b) <= tol for a, b in ((x0, xmin), (x1, xmax), (y0, ymin), (y1, ymax)))
        self.fit_action.setEnabled(not fitted)
        zoom = self.zoom()
        self.zoom_in_action.setEnabled(zoom < ZOOM_LIMITS[1] * (1 - 1e-9))
        self.zoom_out_action.setEnabled(zoom > ZOOM_LIMITS[0] * (1 + 1e-9))


def _action(canvas, name: str, text: str, shortcuts: list, tip: str) -> QAction:
    action = QAction(text, canvas, objectName=name, toolTip=tip)
    action.setShortcuts(shortcuts)
    canvas.addAction(action)           # its shortcut works wherever the canvas's window has focus
    return action
