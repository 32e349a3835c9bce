"""Edits among 100,000 points repaint only around the points they touch (issue 10): what the user sees is the
same as a full redraw would show, and the work done (symbols stamped) is a few hundred, not the whole crowd."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from playground.model.state import MAX_POINTS
from playground.undo.dataset_model import DatasetModel
from playground.views import palette
from playground.views.canvas.canvas import DatasetCanvas

RIGHT = Qt.MouseButton.RightButton


@pytest.fixture
def crowded(qtbot):
    """A canvas with MAX_POINTS - 1 points of class 0 on the left two thirds of the data box, a test split."""
    canvas = DatasetCanvas(DatasetModel())
    qtbot.addWidget(canvas)
    canvas.resize(420, 420)
    canvas.show()
    qtbot.waitExposed(canvas)
    rng = np.random.default_rng(3)
    n = MAX_POINTS - 1
    crowd = np.column_stack([rng.uniform(-1.9, 0.6, n), rng.uniform(-1.9, 1.9, n)])
    canvas.model.replace(crowd, np.zeros(n, int))
    canvas.set_test_mask(rng.uniform(size=n) < 0.2)
    return canvas


def at(canvas, x, y) -> QPoint:
    return canvas.mapFromScene(canvas.plotItem.vb.mapViewToScene(QPointF(x, y)))


def picture(canvas):
    return canvas.viewport().grab().toImage()


def colour_at(canvas, x, y) -> np.ndarray:
    c = picture(canvas).pixelColor(at(canvas, x, y))
    return np.array([c.red(), c.green(), c.blue()])


def stamped(canvas) -> int:
    return sum(item.symbols_drawn for item in canvas._points.items())


def repaint_work(canvas) -> int:
    """Symbols stamped to bring the picture up to date."""
    before = stamped(canvas)
    canvas.viewport().repaint()
    return stamped(canvas) - before


def test_a_point_added_erased_and_undone_at_100000_shows_and_repaints_only_around_it(qtbot, crowded):
    canvas = crowded
    repaint_work(canvas)
    background = colour_at(canvas, 1.2, 1.0)
    canvas.set_current_class(1)
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     at(canvas, 1.2, 1.0))
    assert canvas.model.count() == MAX_POINTS
    assert repaint_work(canvas) < 100                      # not the 99,999 others again
    assert np.abs(colour_at(canvas, 1.2, 1.0) - palette.class_rgb(2)[1][:3]).max() <= 12
    qtbot.mouseClick(canvas.viewport(), RIGHT, Qt.KeyboardModifier.NoModifier, at(canvas, 1.2, 1.0))
    assert canvas.model.count() == MAX_POINTS - 1
    assert repaint_work(canvas) < 100
    assert np.abs(colour_at(canvas, 1.2, 1.0) - background).max() <= 6
    canvas.model.undo_stack.undo()
    assert repaint_work(canvas) < 100
    assert np.abs(colour_at(canvas, 1.2, 1.0) - palette.class_rgb(2)[1][:3]).max() <= 12


def test_erasing_in_the_crowd_and_undoing_it_restores_the_same_picture(qtbot, crowded):
    canvas = crowded
    canvas.viewport().repaint()
    before, mask = picture(canvas), canvas.test_mask()
    qtbot.mouseClick(canvas.viewport(), RIGHT, Qt.KeyboardModifier.NoModifier, at(canvas, -0.5, 0.0))
    erased = MAX_POINTS - 1 - canvas.model.count()
    assert erased > 100                                     # a crowd: the eraser's disc takes many at once
    assert repaint_work(canvas) < 10 * erased               # their neighbourhood, not the whole crowd
    assert picture(canvas) != before
    assert len(canvas.test_mask()) == canvas.model.count()  # the split kept for the points that stay
    canvas.model.undo_stack.undo()
    canvas.set_test_mask(mask)                              # as the window does once the data settles
    assert repaint_work(canvas) < 10 * erased
    assert picture(canvas) == before                        # the same points, stacked as they were


def test_many_points_changing_side_still_draw_right(qtbot, crowded):
    canvas = crowded
    flipped = ~canvas.test_mask()
    canvas.set_test_mask(flipped)                           # every point moves: drawn whole, and right
    canvas.viewport().repaint()
    shown = canvas.test_mask()
    assert sum(item.count() for item in canvas._points.test) == shown.sum() == flipped.sum()
    assert sum(item.count() for item in canvas._points.train) == (~shown).sum()


def test_an_erase_stroke_undone_puts_every_point_back_where_it_was_stacked(qtbot, crowded):
    canvas = crowded
    canvas.viewport().repaint()
    before, mask = picture(canvas), canvas.test_mask()
    vp = canvas.viewport()
    qtbot.mousePress(vp, RIGHT, Qt.KeyboardModifier.NoModifier, at(canvas, -1.5, -1.0))
    for x in np.linspace(-1.5, 0.3, 8):
        qtbot.mouseMove(vp, at(canvas, x, -1.0 + x / 2))
    qtbot.mouseRelease(vp, RIGHT, Qt.KeyboardModifier.NoModifier, at(canvas, 0.3, -0.85))
    assert canvas.model.undo_stack.count() == 2 and canvas.model.count() < MAX_POINTS - 1000
    canvas.model.undo_stack.undo()
    canvas.set_test_mask(mask)
    assert picture(canvas) == before


def test_in_the_window_a_click_its_erase_and_undo_leave_the_points_as_they_were(window, qtbot):
    """The user's path: generate a preset with a test split, add a point, erase it, undo twice; the window
    hands the canvas each new split as the data settles, and the points end up drawn as before."""
    from engine.split import held_out_mask
    canvas = window.canvas
    window.data_controls.split_slider.setValue(40)
    window.data_controls.generate_button.click()

    def settled():
        mask = canvas.test_mask()
        return mask is not None and np.array_equal(mask, held_out_mask(canvas.model.points(), 0.4))
    qtbot.waitUntil(settled, timeout=5000)
    layers = canvas._points
    drawn = lambda: [item.getData() for item in layers.items()]   # noqa: E731
    before = drawn()
    free = (1.8, 1.8)
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at(canvas, *free))
    qtbot.waitUntil(settled, timeout=5000)
    assert sum(item.count() for item in [*layers.train, *layers.test]) == canvas.model.count()
    qtbot.mouseClick(canvas.viewport(), RIGHT, Qt.KeyboardModifier.NoModifier, at(canvas, *free))
    window.findChild(type(window.menuBar().actions()[0]), "actionUndo").trigger()   # the erase
    window.findChild(type(window.menuBar().actions()[0]), "actionUndo").trigger()   # the add
    qtbot.waitUntil(settled, timeout=5000)
    for (x0, y0), (x1, y1) in zip(before, drawn()):
        np.testing.assert_array_equal(x0, x1)
        np.testing.assert_array_equal(y0, y1)
