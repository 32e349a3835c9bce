"""DatasetCanvas driven as a person would: real mouse events on the viewport, colours read back from pixels."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QKeySequence, QPalette
from PySide6.QtWidgets import QVBoxLayout, QWidget

from playground.model.state import MAX_POINTS
from playground.undo.dataset_model import DatasetModel
from playground.views import palette
from playground.views.canvas.canvas import DatasetCanvas
from playground.views.canvas.gestures import SPRAY_SPACING_PX

LEFT, RIGHT = Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton
CTRL, NONE = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.NoModifier


def make_canvas(qtbot, model=None, **kwargs) -> DatasetCanvas:
    canvas = DatasetCanvas(model or DatasetModel(), **kwargs)
    qtbot.addWidget(canvas)
    canvas.resize(420, 420)
    canvas.show()
    qtbot.waitExposed(canvas)
    return canvas


@pytest.fixture
def canvas(qtbot):
    return make_canvas(qtbot)


def at(canvas, x, y) -> QPoint:
    """The viewport pixel of data point (x, y), through pyqtgraph's own mapping (not the canvas helper)."""
    return canvas.mapFromScene(canvas.plotItem.vb.mapViewToScene(QPointF(x, y)))


def click(qtbot, canvas, x, y, button=LEFT, modifier=NONE):
    qtbot.mouseClick(canvas.viewport(), button, modifier, at(canvas, x, y))


def drag(qtbot, canvas, path, button=LEFT):
    vp = canvas.viewport()
    qtbot.mousePress(vp, button, NONE, at(canvas, *path[0]))
    for x, y in path[1:]:
        qtbot.mouseMove(vp, at(canvas, x, y))
    qtbot.mouseRelease(vp, button, NONE, at(canvas, *path[-1]))


def pixel(canvas, x, y) -> np.ndarray:
    image = canvas.viewport().grab().toImage()
    p = at(canvas, x, y) * image.devicePixelRatio()
    c = image.pixelColor(p)
    return np.array([c.red(), c.green(), c.blue()])


def close(rgb, expected, tol=6) -> bool:
    return bool(np.all(np.abs(np.asarray(rgb, int) - np.asarray(expected, int)[:3]) <= tol))


# -- adding, spraying, erasing ------------------------------------------------------------------------------
def test_the_canvas_has_its_stable_name_and_a_fixed_equal_aspect_view(canvas):
    assert canvas.objectName() == "datasetCanvas"
    a, b = at(canvas, -2, -2), at(canvas, 2, 2)
    assert abs(abs(b.x() - a.x()) - abs(b.y() - a.y())) <= 2       # a square stays square
    assert canvas.data_to_viewport(1.0, -0.5) == at(canvas, 1.0, -0.5)


def test_clicks_add_points_of_the_current_class_where_clicked(qtbot, canvas):
    click(qtbot, canvas, -1.0, 0.5)
    canvas.set_current_class(1)
    click(qtbot, canvas, 1.2, -0.7)
    np.testing.assert_allclose(canvas.model.points(), [[-1.0, 0.5], [1.2, -0.7]], atol=0.03)
    np.testing.assert_array_equal(canvas.model.labels(), [0, 1])
    assert canvas.model.undo_stack.count() == 2


def test_a_drag_sprays_points_along_the_path_and_undoes_as_one_step(qtbot, canvas):
    canvas.set_current_class(1)
    path = [(-1.5 + 0.3 * i, 0.0) for i in range(11)]
    drag(qtbot, canvas, path)
    model = canvas.model
    span_px = at(canvas, 1.5, 0).x() - at(canvas, -1.5, 0).x()
    assert model.count() == 1 + int(span_px // SPRAY_SPACING_PX)      # the press, then one every few pixels
    assert np.all(model.labels() == 1)
    assert np.all(np.abs(model.points()[:, 1]) < 0.25) and np.ptp(model.points()[:, 0]) > 2.5
    assert model.undo_stack.count() == 1
    sprayed = model.points()
    model.undo_stack.undo()
    assert model.count() == 0
    model.undo_stack.redo()
    np.testing.assert_array_equal(model.points(), sprayed)


def test_spray_jitter_is_seeded(qtbot):
    path = [(-1.0, -1.0), (0.0, 0.0), (1.0, 1.0)]
    runs = []
    for seed in (7, 7, 8):
        c = make_canvas(qtbot, seed=seed)
        drag(qtbot, c, path)
        runs.append(c.model.points())
    np.testing.assert_array_equal(runs[0], runs[1])
    assert runs[0].shape != runs[2].shape or not np.array_equal(runs[0], runs[2])


def test_right_click_erases_the_point_under_the_cursor_only(qtbot, canvas):
    canvas.model.replace([[0, 0], [1, 1]], [0, 1])
    click(qtbot, canvas, 0.02, 0.0, button=RIGHT)
    np.testing.assert_array_equal(canvas.model.points(), [[1, 1]])


def test_a_right_drag_erases_along_its_path_as_one_step(qtbot, canvas):
    row = np.column_stack([np.linspace(-1, 1, 21), np.zeros(21)])
    canvas.model.replace(np.vstack([row, [[0.0, 1.5]]]), np.r_[np.zeros(21, int), 1])
    drag(qtbot, canvas, [(-1.3, 0.0), (0.0, 0.02), (1.3, 0.0)], button=RIGHT)   # a fast flick: 3 events
    np.testing.assert_array_equal(canvas.model.points(), [[0.0, 1.5]])
    assert canvas.model.undo_stack.count() == 2
    canvas.model.undo_stack.undo()
    assert canvas.model.count() == 22


def test_the_erase_tool_erases_with_the_left_button(qtbot, canvas):
    canvas.model.replace([[0.5, 0.5]], [0])
    canvas.set_tool("erase")
    click(qtbot, canvas, 0.5, 0.5)
    assert canvas.model.count() == 0


def test_clicks_outside_the_extent_or_on_the_axes_add_nothing(qtbot, canvas):
    canvas.set_extent((-1.0, 1.0, -2.0, 2.0))        # narrower than the view: margins left and right
    click(qtbot, canvas, 1.6, 0.0)
    qtbot.mouseClick(canvas.viewport(), LEFT, NONE, QPoint(3, canvas.viewport().height() // 2))
    assert canvas.model.count() == 0
    click(qtbot, canvas, 0.9, 0.0)
    assert canvas.model.count() == 1


def test_left_and_right_drags_edit_the_data_and_never_pan_or_zoom_the_view(qtbot, canvas):
    # The wheel and middle/Shift drags move the view: test_canvas_navigation.py.
    before = canvas.plotItem.vb.viewRange()
    drag(qtbot, canvas, [(-1, -1), (0, 0), (1, 1)], button=RIGHT)
    drag(qtbot, canvas, [(-1, 1), (1, -1)])
    drag(qtbot, canvas, [(-1, 1), (1, -1)], button=RIGHT)
    for axis in (canvas.plotItem.getAxis("left"), canvas.plotItem.getAxis("bottom")):   # nor from the axes
        start = canvas.mapFromScene(axis.sceneBoundingRect().center())
        qtbot.mousePress(canvas.viewport(), LEFT, NONE, start)
        qtbot.mouseMove(canvas.viewport(), start + QPoint(15, 15))
        qtbot.mouseRelease(canvas.viewport(), LEFT, NONE, start + QPoint(15, 15))
    np.testing.assert_allclose(canvas.plotItem.vb.viewRange(), before)


def test_the_point_limit_is_reported_not_raised(qtbot, canvas):
    canvas.model.replace(np.zeros((MAX_POINTS, 2)), np.zeros(MAX_POINTS, int))
    with qtbot.waitSignal(canvas.message_posted) as said:
        click(qtbot, canvas, 1.0, 1.0)
    assert "100,000-point limit" in said.args[0]
    assert canvas.model.count() == MAX_POINTS


def test_ctrl_z_and_ctrl_shift_z_through_the_stack_actions_undo_and_redo_a_click(qtbot):
    # The main window owns these shortcuts (Edit menu); this host does what it does.
    host = QWidget()
    qtbot.addWidget(host)
    model = DatasetModel(host)
    canvas = DatasetCanvas(model)
    QVBoxLayout(host).addWidget(canvas)
    undo, redo = model.undo_stack.createUndoAction(host), model.undo_stack.createRedoAction(host)
    undo.setShortcut(QKeySequence("Ctrl+Z"))
    redo.setShortcut(QKeySequence("Ctrl+Shift+Z"))
    host.addActions([undo, redo])
    host.resize(420, 420)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow)
    click(qtbot, canvas, 0.3, 0.3)
    qtbot.keyClick(canvas, Qt.Key.Key_Z, CTRL)
    assert model.count() == 0
    qtbot.keyClick(canvas, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert model.count() == 1


# -- selecting ---------------------------------------------------------------------------------------------
def test_ctrl_click_selects_the_nearest_point_and_an_empty_spot_clears_it(qtbot, canvas):
    canvas.model.replace([[-1, 0], [0, 0], [1, 0]], [0, 1, 0])
    with qtbot.waitSignal(canvas.point_selected) as picked:
        click(qtbot, canvas, 0.04, 0.03, modifier=CTRL)
    assert picked.args == [1] and canvas.selected_index() == 1
    assert canvas.model.count() == 3                     # selecting never adds
    with qtbot.waitSignal(canvas.point_selected) as picked:
        click(qtbot, canvas, 0.0, 1.5, modifier=CTRL)
    assert picked.args == [-1]


def test_the_select_tool_selects_with_a_plain_click_and_the_ring_follows_index_shifts(qtbot, canvas):
    canvas.model.replace([[-1, 0], [0, 0], [1, 0]], [0, 1, 0])
    canvas.set_tool("select")
    click(qtbot, canvas, 1.0, 0.0)
    assert canvas.selected_index() == 2
    with qtbot.waitSignal(canvas.point_selected) as moved:
        click(qtbot, canvas, -1.0, 0.0, button=RIGHT)   # erase point 0: the selected point is now 1
    assert moved.args == [1]
    ring = canvas._points.selection.getData()
    assert (ring[0][0], ring[1][0]) == (1.0, 0.0)
    with qtbot.waitSignal(canvas.point_selected) as gone:
        canvas.model.clear()
    assert gone.args == [-1]


# -- what it paints ----------------------------------------------------------------------------------------
def test_a_binary_boundary_paints_orange_below_blue_above_with_rows_as_y(qtbot, canvas):
    ys = np.linspace(-2, 2, 128)
    scores = np.repeat(np.where(ys < 0, -4.0, 4.0)[:, None], 128, axis=1)   # row i is y = ys[i]
    canvas.set_boundary(scores, (-2, 2, -2, 2))
    want = palette.score_to_rgba(np.array([[-4.0, 4.0]]), neutral=canvas._neutral)[0]
    assert close(pixel(canvas, 0.0, -1.2), want[0])
    assert close(pixel(canvas, 0.0, 1.2), want[1])


def test_columns_are_x_and_the_boundary_extent_is_honoured(qtbot, canvas):
    xs = np.linspace(0, 2, 64)
    canvas.set_boundary(np.repeat(np.where(xs < 1, -4.0, 4.0)[None, :], 32, axis=0), (0, 2, 0, 2))
    want = palette.score_to_rgba(np.array([[-4.0, 4.0]]), neutral=canvas._neutral)[0]
    assert close(pixel(canvas, 0.5, 1.0), want[0])
    assert close(pixel(canvas, 1.5, 1.0), want[1])
    background = canvas.palette().color(QPalette.ColorRole.Base)
    assert close(pixel(canvas, -1.0, -1.0), (background.red(), background.green(), background.blue()))


def test_k_class_probabilities_paint_each_class_colour(qtbot, canvas):
    probs = np.zeros((30, 90, 3))
    for k in range(3):
        probs[:, 30 * k:30 * (k + 1), k] = 1.0
    canvas.set_boundary(probs, (-1.5, 1.5, -2, 2))
    want = palette.probabilities_to_rgba(np.eye(3)[None], neutral=canvas._neutral)[0]
    for k, x in enumerate((-1.0, 0.0, 1.0)):
        assert close(pixel(canvas, x, 0.0), want[k])


def test_a_highlight_replaces_the_boundary_until_cleared(qtbot, canvas):
    canvas.set_boundary(np.full((8, 8), -5.0), (-2, 2, -2, 2))
    orange = pixel(canvas, 0.5, 0.5)
    canvas.set_highlight_image(np.full((8, 8), 3.0), (-2, 2, -2, 2), "layer 1, neuron 2")
    assert close(pixel(canvas, 0.5, 0.5), palette.values_to_rgba(np.full((1, 1), 3.0))[0, 0])
    assert canvas._caption.isVisible() and canvas._caption.textItem.toPlainText() == "layer 1, neuron 2"
    canvas.clear_highlight()
    assert close(pixel(canvas, 0.5, 0.5), orange) and not canvas._caption.isVisible()


def test_test_points_are_hollow_and_can_be_hidden(qtbot, canvas):
    canvas.model.replace([[-1, 0], [1, 0]], [0, 0])
    canvas.set_boundary(np.full((4, 4), 8.0), (-2, 2, -2, 2))      # a blue field
    blue_field = pixel(canvas, 0.0, 1.0)
    canvas.set_test_mask(np.array([False, True]))
    assert close(pixel(canvas, -1, 0), palette.class_rgb(2)[0], tol=12)          # training: filled
    neutral = QColor(canvas._neutral)
    assert close(pixel(canvas, 1, 0), (neutral.red(), neutral.green(), neutral.blue()), tol=12)   # test: hollow
    canvas.set_show_test(False)
    assert close(pixel(canvas, 1, 0), blue_field)
    assert close(pixel(canvas, -1, 0), palette.class_rgb(2)[0], tol=12)


def test_the_split_survives_appends_erases_and_their_undo_but_not_a_new_dataset(qtbot, canvas):
    canvas.model.replace([[-1, 0], [1, 0]], [0, 1])
    canvas.set_test_mask(np.array([False, True]))
    click(qtbot, canvas, 0.0, 1.0)
    np.testing.assert_array_equal(canvas.test_mask(), [False, True, False])
    click(qtbot, canvas, -1.0, 0.0, button=RIGHT)            # the first point erased: the others keep their side
    np.testing.assert_array_equal(canvas.test_mask(), [True, False])
    canvas.model.undo_stack.undo()                           # back in its place, a training point until told
    np.testing.assert_array_equal(canvas.test_mask(), [False, True, False])
    canvas.model.replace([[0, 0]], [0])
    assert canvas.test_mask() is None


def test_a_dark_palette_recolours_the_neutral_heatmap(qtbot, canvas):
    canvas.set_boundary(np.zeros((4, 4)), (-2, 2, -2, 2))
    assert pixel(canvas, 0, 0).min() > 200
    dark = QPalette(canvas.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e0e0e0"))
    canvas.setPalette(dark)
    assert pixel(canvas, 0, 0).max() < 80


def test_programmatic_edits_and_undo_repaint_the_points(qtbot, canvas):
    canvas.model.add_points([[0.5, 0.5], [0.6, 0.6]], 1)
    assert len(canvas._points.train[1].getData()[0]) == 2
    canvas.model.undo_stack.undo()
    assert len(canvas._points.train[1].getData()[0]) == 0
    assert close(pixel(canvas, 0.5, 0.5), pixel(canvas, -0.5, -0.5))


# -- bad input -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("call, message", [
    (lambda c: c.set_tool("lasso"), "tool must be one of add, erase, select"),
    (lambda c: c.set_current_class(2), r"class must be a whole number in 0..1"),
    (lambda c: c.set_extent((1, -1, 0, 1)), "xmin < xmax"),
    (lambda c: c.set_extent((0, 1, 0)), "four"),
    (lambda c: c.set_extent((0, np.nan, 0, 1)), "finite"),
    (lambda c: c.set_boundary(np.zeros(5), (-2, 2, -2, 2)), r"\(H, W\) scores"),
    (lambda c: c.set_boundary(np.zeros((4, 4, 9)), (-2, 2, -2, 2)), "number of classes"),
    (lambda c: c.set_boundary(np.zeros((4, 4)), (-2, 2, 2, -2)), "ymin < ymax"),
    (lambda c: c.set_boundary(np.zeros((4, 4)), (-2, 2, -2, 2), scale=0), "scale"),
    (lambda c: c.set_highlight_image(np.zeros((4, 4)), (-2, 2, -2, 2), 3), "label"),
    (lambda c: c.set_test_mask(np.array([True])), r"shape \(0,\)"),
    (lambda c: c.set_test_mask(np.zeros(0)), "bool array"),
    (lambda c: c.set_show_test(1), "True or False"),
    (lambda c: c.set_selected_index(0), "index"),
])
def test_bad_arguments_are_refused_with_a_message(canvas, call, message):
    with pytest.raises(ValueError, match=message):
        call(canvas)


def test_a_bad_boundary_leaves_the_old_one_on_screen(qtbot, canvas):
    canvas.set_boundary(np.full((4, 4), 5.0), (-2, 2, -2, 2))
    before = pixel(canvas, 0, 0)
    with pytest.raises(ValueError):
        canvas.set_boundary(np.zeros((4, 4, 1)), (-2, 2, -2, 2))
    assert close(pixel(canvas, 0, 0), before) and canvas.has_boundary()


def test_the_canvas_needs_a_model(qapp):
    with pytest.raises(ValueError, match="DatasetModel"):
        DatasetCanvas(None)


def test_a_stroke_whose_release_went_elsewhere_ends_at_the_next_press(qtbot, canvas):
    other = QWidget()
    qtbot.addWidget(other)
    vp = canvas.viewport()
    qtbot.mousePress(vp, LEFT, NONE, at(canvas, -1, -1))
    qtbot.mousePress(vp, RIGHT, NONE, at(canvas, -1, -1))     # a second button mid-stroke is ignored
    qtbot.mouseRelease(vp, RIGHT, NONE, at(canvas, -1, -1))
    qtbot.mouseRelease(other, LEFT, NONE, QPoint(1, 1))       # say a dialog took the mouse
    click(qtbot, canvas, 1, 1)
    assert canvas.model.count() == 2 and canvas.model.undo_stack.count() == 2   # two steps, not one merged


def test_the_canvas_reports_what_it_shows_after_a_resize_and_a_zoom(qtbot, canvas):
    with qtbot.waitSignal(canvas.visible_extent_changed, timeout=5000,
                          check_params_cb=lambda v: v[1] - v[0] > 1.5 * (v[3] - v[2])) as wide:
        canvas.resize(840, 420)                      # twice as wide as tall: more x shows beside the data box
    xmin, xmax, ymin, ymax = wide.args[0]
    assert (xmin, xmax, ymin, ymax) == canvas.visible_extent()
    assert xmin < -2 and xmax > 2 and ymin <= -2 and ymax >= 2     # the data box stays in view
    vb = canvas.getViewBox()
    with qtbot.waitSignal(canvas.visible_extent_changed, timeout=5000) as zoomed:
        vb.scaleBy(s=(0.5, 0.5))
    (x0, x1), (y0, y1) = vb.viewRange()
    assert zoomed.args[0] == (x0, x1, y0, y1) and x1 - x0 < (xmax - xmin) * 0.6


def test_the_image_rect_is_where_the_image_is_drawn(qtbot, canvas):
    assert canvas.image_rect() is None
    canvas.set_boundary(np.zeros((6, 9)), (-3, 1.5, -1, 2))
    assert canvas.image_rect() == pytest.approx((-3, 1.5, -1, 2))
    canvas.set_highlight_image(np.zeros((4, 4)), (-1, 1, -0.5, 0.5), "n")
    assert canvas.image_rect() == pytest.approx((-1, 1, -0.5, 0.5))
    canvas.clear_highlight()
    assert canvas.image_rect() == pytest.approx((-3, 1.5, -1, 2))


def test_cached_points_follow_zoom_erase_and_undo_among_many(qtbot, canvas):
    """Point pictures are cached between frames (issue 10): after a zoom, an erase and an undo the canvas
    still shows exactly the points there are, where they are, among 20,000 of the other class."""
    rng = np.random.default_rng(1)
    crowd = np.column_stack([rng.uniform(-0.9, -0.3, 20_000), rng.uniform(-1.9, 1.9, 20_000)])
    canvas.model.replace(crowd, np.zeros(20_000, int))
    background = pixel(canvas, 1.0, 1.0)
    canvas.set_current_class(1)
    click(qtbot, canvas, 1.0, 1.0)                       # the user adds one point of class 1 in free space
    colour = palette.class_rgb(2)[1]
    assert close(pixel(canvas, 1.0, 1.0), colour, tol=12)
    canvas.navigation.zoom_by(2.0, QPointF(0.0, 0.0))   # zoomed: drawn again where the point now is
    assert close(pixel(canvas, 1.0, 1.0), colour, tol=12) and not close(pixel(canvas, 0.5, 0.5), colour, tol=12)
    click(qtbot, canvas, 1.0, 1.0, button=Qt.MouseButton.RightButton)   # erased: gone from the picture
    assert canvas.model.count() == 20_000 and close(pixel(canvas, 1.0, 1.0), background)
    assert not canvas._points.train[1].isVisible()      # an empty class is not painted at all
    canvas.model.undo_stack.undo()                      # undone: back
    assert canvas.model.count() == 20_001 and close(pixel(canvas, 1.0, 1.0), colour, tol=12)
    assert not close(pixel(canvas, -0.6, 0.0), background, tol=40)   # the crowd is still drawn
