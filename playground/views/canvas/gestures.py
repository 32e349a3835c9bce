"""How mouse gestures on the dataset canvas become edits of its DatasetModel.

- Left press (add tool): one point exactly under the pointer. Dragging on sprays points along the path,
  one every SPRAY_SPACING_PX pixels travelled with a little seeded jitter, so a slow and a fast stroke
  lay down the same density and tests see the same points every run.
- Right press, or left with the erase tool: removes points within ERASER_RADIUS_PX; dragging erases along
  the path.
- Ctrl+left, or left with the select tool: selects the nearest point within PICK_RADIUS_PX (or nothing).
- Points go only inside the canvas's extent (the data box); a click outside it says so.
Middle and Shift+left drags pan instead (canvas_navigation.py).

A whole press-drag-release is one model stroke, so it undoes as one step. Sizes are in screen pixels and
turned into data units at the current zoom, so the tools feel the same in a small or a maximised window.
"""
from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QRectF, Qt

SPRAY_SPACING_PX = 7.0
SPRAY_JITTER_PX = 4.0
ERASER_RADIUS_PX = 12.0
PICK_RADIUS_PX = 14.0


class CanvasGestures:
    """Owned by one DatasetCanvas; press/move/release return True when they handled the event."""

    def __init__(self, canvas, eraser_item, seed: int = 0):
        self._canvas = canvas
        self._eraser = eraser_item
        self._rng = np.random.default_rng(seed)   # jitter: seeded per canvas, never a module global
        self._kind: str | None = None              # "add" or "erase" while a stroke is under way
        self._button = None
        self._last_px = self._last_xy = None
        self._said = ""                            # a refusal is reported once per stroke, not per move

    # -- events ----------------------------------------------------------------------------------------------
    def press(self, event) -> bool:
        if self._kind is not None:
            if event.button() != self._button and event.buttons() & self._button:
                return True                        # another button in the middle of a stroke: ignore it
            self._finish()                         # its own button pressed again: the release went elsewhere
        xy = self._data_at(event, inside_view=True)
        if xy is None:
            return False
        canvas, button = self._canvas, event.button()
        left = button == Qt.MouseButton.LeftButton
        if left and (event.modifiers() & Qt.KeyboardModifier.ControlModifier or canvas.tool() == "select"):
            radius = PICK_RADIUS_PX * self._pixel()
            canvas._select(canvas.model.nearest_index(*xy, max_distance=radius))
            return True
        if button == Qt.MouseButton.RightButton or (left and canvas.tool() == "erase"):
            kind = "erase"
        elif left and canvas.tool() == "add":
            kind = "add"
        else:
            return False
        self._kind, self._button, self._said = kind, button, ""
        self._last_px, self._last_xy = _px(event), np.asarray(xy)
        canvas.model.begin_stroke()
        if kind == "add":
            self._add(np.asarray([xy]))
            if not _inside(xy, canvas.extent()):
                xmin, xmax, ymin, ymax = canvas.extent()
                self._say(f"Not added: points go inside the framed data box (x₁ from {xmin:g} to {xmax:g}, "
                          f"x₂ from {ymin:g} to {ymax:g}).")
        else:
            self._erase_at(np.asarray([xy]))
        return True

    def move(self, event) -> bool:
        if self._kind is None:
            self.hover(event)
            return False
        xy = self._data_at(event, inside_view=False)
        if self._kind == "add":
            self._spray_to(_px(event), np.asarray(xy))
        else:
            self._erase_to(_px(event), np.asarray(xy))
        return True

    def hover(self, event) -> None:
        """The pointer is over the canvas with no stroke under way (or the view moved under it)."""
        if self._kind is None:
            xy = self._data_at(event, inside_view=True)
            self._show_eraser(xy if self._canvas.tool() == "erase" else None)

    def stroking(self) -> bool:
        return self._kind is not None

    def release(self, event) -> bool:
        if self._kind is None:
            return False
        if event.button() == self._button:
            self._finish()
        return True

    def _finish(self) -> None:
        self._canvas.model.end_stroke()
        self._kind = None
        if self._canvas.tool() != "erase":
            self._eraser.hide()

    def left(self) -> None:
        if self._kind is None:
            self._eraser.hide()

    # -- strokes ---------------------------------------------------------------------------------------------
    def _spray_to(self, px: np.ndarray, xy: np.ndarray) -> None:
        travelled = float(np.hypot(*(px - self._last_px)))
        n = int(travelled // SPRAY_SPACING_PX)
        if n == 0:
            return
        f = (np.arange(1, n + 1) * (SPRAY_SPACING_PX / travelled))[:, None]
        path = self._last_xy + (xy - self._last_xy) * f
        self._last_px = self._last_px + (px - self._last_px) * f[-1]
        self._last_xy = path[-1]
        jitter = self._rng.normal(0.0, SPRAY_JITTER_PX * self._pixel(), size=path.shape)
        self._add(path + jitter)

    def _erase_to(self, px: np.ndarray, xy: np.ndarray) -> None:
        # Sample the path at most a radius apart so a quick flick does not skip points.
        n = max(1, math.ceil(float(np.hypot(*(px - self._last_px))) / ERASER_RADIUS_PX))
        f = (np.arange(1, n + 1) / n)[:, None]
        self._erase_at(self._last_xy + (xy - self._last_xy) * f)
        self._last_px, self._last_xy = px, xy

    def _add(self, points: np.ndarray) -> None:
        try:
            self._canvas.model.add_points(points[_inside(points.T, self._canvas.extent())],
                                          self._canvas.current_class(), self._canvas.regression.current_value)
        except ValueError as exc:     # the point limit: say so once, keep the stroke alive
            self._say(f"Not added: {exc}")

    def _erase_at(self, centres: np.ndarray) -> None:
        radius = ERASER_RADIUS_PX * self._pixel()
        for x, y in centres:
            self._canvas.model.remove_near(float(x), float(y), radius)
        self._show_eraser(tuple(centres[-1]))

    def _say(self, message: str) -> None:
        if message != self._said:
            self._said = message
            self._canvas.message_posted.emit(message)

    # -- geometry --------------------------------------------------------------------------------------------
    def _data_at(self, event, inside_view: bool):
        """Data coordinates under the pointer; None outside the plot area when inside_view is asked for."""
        vb = self._canvas.getViewBox()
        scene = self._canvas.mapToScene(event.position().toPoint())
        if inside_view and not vb.sceneBoundingRect().contains(scene):
            return None
        p = vb.mapSceneToView(scene)
        return p.x(), p.y()

    def _pixel(self) -> float:
        """Data units per screen pixel (equal in x and y: the aspect is locked)."""
        w, h = self._canvas.getViewBox().viewPixelSize()
        return (abs(w) + abs(h)) / 2.0

    def _show_eraser(self, xy) -> None:
        if xy is None:
            self._eraser.hide()
            return
        r = ERASER_RADIUS_PX * self._pixel()
        self._eraser.setRect(QRectF(xy[0] - r, xy[1] - r, 2 * r, 2 * r))
        self._eraser.show()


def _inside(xy, extent):
    """Whether point(s) xy = (x, y) (scalars or arrays) lie in the data box extent (edges included)."""
    xmin, xmax, ymin, ymax = extent
    return (xy[0] >= xmin) & (xy[0] <= xmax) & (xy[1] >= ymin) & (xy[1] <= ymax)


def _px(event) -> np.ndarray:
    p = event.position()
    return np.array([p.x(), p.y()])
