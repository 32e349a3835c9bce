"""Zooming and panning the dataset canvas as a person would, from a default MainWindow: the wheel, a middle
(or Shift+left) drag, Fit Data; the point-editing gestures keep working on the moved view."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QWheelEvent
from PySide6.QtWidgets import QApplication, QToolButton

from engine.datasets import VIEW
from playground.views.canvas.gestures import ERASER_RADIUS_PX
from playground.views.canvas.navigation import WHEEL_STEP, ZOOM_LIMITS

WAIT = 15_000
LEFT, MIDDLE = Qt.MouseButton.LeftButton, Qt.MouseButton.MiddleButton
NONE, SHIFT = Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier


def at(canvas, x, y) -> QPoint:
    """The viewport pixel of data point (x, y), through pyqtgraph's own mapping."""
    return canvas.mapFromScene(canvas.getViewBox().mapViewToScene(QPointF(x, y)))


def data_under(canvas, pixel: QPoint) -> tuple:
    p = canvas.getViewBox().mapSceneToView(canvas.mapToScene(pixel))
    return p.x(), p.y()


def spans(canvas) -> np.ndarray:
    xmin, xmax, ymin, ymax = canvas.visible_extent()
    return np.array([xmax - xmin, ymax - ymin])


def wheel(canvas, pixel: QPoint, notches: float) -> None:
    """A mouse wheel turned over the canvas: 120 units a notch, positive away from the user (zoom in)."""
    pos = QPointF(pixel)
    event = QWheelEvent(pos, canvas.viewport().mapToGlobal(pos), QPoint(0, 0), QPoint(0, int(120 * notches)),
                        Qt.MouseButton.NoButton, NONE, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(canvas.viewport(), event)


def drag(qtbot, canvas, start: QPoint, end: QPoint, button=MIDDLE, modifier=NONE) -> None:
    vp = canvas.viewport()
    qtbot.mousePress(vp, button, modifier, start)
    for f in (0.25, 0.5, 0.75, 1.0):
        qtbot.mouseMove(vp, start + (end - start) * f)
    qtbot.mouseRelease(vp, button, modifier, end)


def boundary_covers(snap, canvas) -> bool:
    """The painted snapshot was computed over exactly what the canvas shows, and is drawn over all of it."""
    view, rect = canvas.visible_extent(), canvas.image_rect()
    return (snap.extent == view and rect is not None
            and np.allclose(rect, view, rtol=0, atol=1e-9 * max(1.0, *map(abs, view))))


@pytest.fixture
def moons(qtbot, window):
    """A default window with the moons preset generated and painted once."""
    window.data_controls.generate_button.click()
    qtbot.waitUntil(lambda: window.dataset.count() > 0 and window.latest_snapshot() is not None
                    and boundary_covers(window.latest_snapshot(), window.canvas), timeout=WAIT)
    return window


def test_the_wheel_zooms_about_the_pointer_and_the_boundary_follows(qtbot, moons):
    canvas = moons.canvas
    before = spans(canvas)
    pointer = at(canvas, 1.0, 0.5)
    grabbed = data_under(canvas, pointer)
    with qtbot.waitSignal(moons.snapshot_painted, timeout=WAIT,
                          check_params_cb=lambda s: boundary_covers(s, canvas)):
        wheel(canvas, pointer, 2)
    np.testing.assert_allclose(spans(canvas), before / WHEEL_STEP ** 2, rtol=1e-6)
    np.testing.assert_allclose(data_under(canvas, pointer), grabbed, atol=2 * canvas.getViewBox().viewPixelSize()[0])
    xmin, xmax, _, _ = canvas.visible_extent()
    assert VIEW[0] < xmin < 1.0 < xmax < VIEW[1]   # zoomed in: the data box is now wider than the view
    assert moons.latest_snapshot().step == 0        # paused: a fresh boundary without a training step
    with qtbot.waitSignal(moons.snapshot_painted, timeout=WAIT,
                          check_params_cb=lambda s: boundary_covers(s, canvas)):
        wheel(canvas, pointer, -3)                   # and back out, further than the start
    np.testing.assert_allclose(spans(canvas), before * WHEEL_STEP, rtol=1e-6)


def test_a_middle_drag_pans_without_editing_the_data(qtbot, moons):
    canvas = moons.canvas
    count, undo = moons.dataset.count(), moons.dataset.undo_stack.count()
    before = np.array(canvas.visible_extent())
    start, end = at(canvas, 0.0, 0.0), at(canvas, 1.0, 0.5)
    with qtbot.waitSignal(moons.snapshot_painted, timeout=WAIT,
                          check_params_cb=lambda s: boundary_covers(s, canvas)):
        drag(qtbot, canvas, start, end)
    pixel = canvas.getViewBox().viewPixelSize()[0]
    np.testing.assert_allclose(data_under(canvas, end), (0.0, 0.0), atol=2 * pixel)   # the grabbed point followed
    np.testing.assert_allclose(canvas.visible_extent(), before - [1.0, 1.0, 0.5, 0.5], atol=2 * pixel)
    np.testing.assert_allclose(spans(canvas), before[1::2] - before[::2])             # a pan does not zoom
    assert (moons.dataset.count(), moons.dataset.undo_stack.count()) == (count, undo)
    assert canvas.viewport().cursor().shape() == Qt.CursorShape.CrossCursor            # the hand went away


def test_shift_drag_pans_too_for_a_touchpad(qtbot, moons):
    canvas = moons.canvas
    count = moons.dataset.count()
    before = np.array(canvas.visible_extent())
    drag(qtbot, canvas, at(canvas, 0.5, 0.5), at(canvas, 0.0, 0.0), button=LEFT, modifier=SHIFT)
    np.testing.assert_allclose(canvas.visible_extent(), before + [0.5, 0.5, 0.5, 0.5],
                               atol=2 * canvas.getViewBox().viewPixelSize()[0])
    assert moons.dataset.count() == count                                              # no point sprayed


def test_fit_data_brings_back_the_default_framing(qtbot, moons):
    canvas = moons.canvas
    default = canvas.visible_extent()
    button = moons.findChild(QToolButton, "fitViewButton")
    assert button is not None and button.isVisible() and not button.isEnabled()      # nothing to undo yet
    wheel(canvas, at(canvas, 1.5, -1.0), 3)
    with qtbot.waitSignal(moons.snapshot_painted, timeout=WAIT,
                          check_params_cb=lambda s: boundary_covers(s, canvas)):
        drag(qtbot, canvas, at(canvas, 1.5, -1.0), at(canvas, 1.2, -0.8))
    assert canvas.visible_extent() != pytest.approx(default)
    qtbot.waitUntil(button.isEnabled)
    with qtbot.waitSignal(moons.snapshot_painted, timeout=WAIT,
                          check_params_cb=lambda s: s.extent == default and boundary_covers(s, canvas)):
        qtbot.mouseClick(button, LEFT)
    assert canvas.visible_extent() == pytest.approx(default, abs=1e-12)
    assert not button.isEnabled()
    wheel(canvas, at(canvas, 0.0, 0.0), -2)                                            # out, then Ctrl+0
    assert canvas.visible_extent() != pytest.approx(default)
    qtbot.keyClick(moons, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert canvas.visible_extent() == pytest.approx(default, abs=1e-12)


def test_the_view_menu_zooms_in_and_out_about_the_middle(qtbot, moons):
    view_menu = next(a.menu() for a in moons.menuBar().actions() if a.text() == "&View")
    names = [a.objectName() for a in view_menu.actions()]
    assert names[:3] == ["actionZoomIn", "actionZoomOut", "actionFitView"]      # then Theme, Presentation
    canvas = moons.canvas
    before = np.array(canvas.visible_extent())
    moons.findChild(QAction, "actionZoomIn").trigger()
    after = np.array(canvas.visible_extent())
    np.testing.assert_allclose(after[::2] + after[1::2], before[::2] + before[1::2], atol=1e-12)  # same middle
    np.testing.assert_allclose(spans(canvas), (before[1::2] - before[::2]) / 1.25, rtol=1e-9)
    qtbot.keyClick(moons, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)       # Zoom Out
    np.testing.assert_allclose(canvas.visible_extent(), before, atol=1e-12)


def test_a_click_after_a_zoom_and_a_pan_adds_the_point_where_clicked(qtbot, moons):
    canvas = moons.canvas
    moons.canvas.model.clear()
    wheel(canvas, at(canvas, 0.4, -0.3), 4)
    drag(qtbot, canvas, at(canvas, 0.3, -0.2), at(canvas, 0.5, -0.1))
    assert spans(canvas).min() < 1.5                    # well zoomed in: a stale mapping would miss by far
    qtbot.mouseClick(canvas.viewport(), LEFT, NONE, at(canvas, 0.3, -0.2))
    pixel = canvas.getViewBox().viewPixelSize()[0]
    np.testing.assert_allclose(canvas.model.points(), [[0.3, -0.2]], atol=2 * pixel)
    assert pixel < 0.01


def test_a_click_outside_the_data_box_after_zooming_out_adds_nothing_and_says_why(qtbot, moons):
    canvas = moons.canvas
    count = moons.dataset.count()
    wheel(canvas, at(canvas, 0.0, 0.0), -4)
    assert spans(canvas).min() > 10
    with qtbot.waitSignal(canvas.message_posted, timeout=WAIT) as said:
        qtbot.mouseClick(canvas.viewport(), LEFT, NONE, at(canvas, 3.5, 0.0))
    assert "inside the framed data box" in said.args[0]
    assert moons.status.text() == said.args[0] and moons.dataset.count() == count
    qtbot.mouseClick(canvas.viewport(), LEFT, NONE, at(canvas, 1.9, 0.0))
    assert moons.dataset.count() == count + 1 and moons.dataset.points()[-1] == pytest.approx([1.9, 0.0], abs=0.05)


def test_zoom_has_limits_and_the_data_box_cannot_be_lost(qtbot, moons):
    canvas = moons.canvas
    default = spans(canvas)
    for _ in range(30):
        wheel(canvas, at(canvas, 0.0, 0.0), 3)
    np.testing.assert_allclose(spans(canvas), default / ZOOM_LIMITS[1], rtol=1e-9)
    assert not moons.findChild(QAction, "actionZoomIn").isEnabled()
    for _ in range(30):
        wheel(canvas, at(canvas, 0.0, 0.0), -3)
    np.testing.assert_allclose(spans(canvas), default / ZOOM_LIMITS[0], rtol=1e-9)
    assert not moons.findChild(QAction, "actionZoomOut").isEnabled()
    moons.findChild(QAction, "actionFitView").trigger()
    wheel(canvas, at(canvas, 0.0, 0.0), 5)
    middle = canvas.viewport().rect().center()
    for _ in range(8):                                  # drag the data away down-left, far past its corner
        drag(qtbot, canvas, middle, middle + QPoint(-150, 150))
    xmin, xmax, ymin, ymax = canvas.visible_extent()
    assert ((xmin + xmax) / 2, (ymin + ymax) / 2) == pytest.approx(VIEW[1::2])   # the middle stopped at its corner


def test_the_eraser_circle_keeps_its_size_on_screen_through_a_zoom(qtbot, moons):
    canvas = moons.canvas
    canvas.set_tool("erase")
    pointer = at(canvas, 0.0, 0.0)
    qtbot.mouseMove(canvas.viewport(), pointer)
    eraser = canvas._eraser
    assert eraser.isVisible()
    wide = eraser.rect().width()
    wheel(canvas, pointer, 2)
    assert eraser.rect().width() == pytest.approx(wide / WHEEL_STEP ** 2, rel=1e-6)
    assert eraser.rect().width() == pytest.approx(2 * ERASER_RADIUS_PX * canvas.getViewBox().viewPixelSize()[0],
                                                  rel=0.02)
    count = moons.dataset.count()
    end = pointer + QPoint(40, -30)
    drag(qtbot, canvas, pointer, end)                   # a middle drag with the eraser: a pan, no erasing
    centre = eraser.rect().center()
    assert (centre.x(), centre.y()) == pytest.approx(data_under(canvas, end), abs=1e-9)
    assert moons.dataset.count() == count
