"""Presentation mode (F11) reaches every view a teacher shows: the timeline's bar and its marker on the loss
plot, the canvas's neuron caption, the computation graph's boxes, regression's fitted curve, value-coloured
points and value picker; a view made during the mode gets its scale too; F11 again restores each exactly."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from playground.views.graph.hidden_space_view import HiddenSpaceView
from playground.window.presentation import SCALE_PROPERTY
from playground.window.view_menu import PRESENTATION_SCALE

WAIT = 20_000


@pytest.fixture
def restore_font():
    app = QApplication.instance()
    font = app.font()
    yield
    app.setFont(font)


def press_f11(window, qtbot) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_F11)


def text_fits(label) -> bool:
    return label.width() >= label.fontMetrics().horizontalAdvance(label.text())


def timeline_look(window) -> dict:
    marker = window.timeline.marker
    graph = window.graph_panel.computation_view.canvas
    box = next(iter(graph.boxes.values()))
    name_text = next(t for t in box.childItems() if hasattr(t, "font") and t.font().bold())
    return {
        "marker line width": marker.lines[0].pen.widthF(),
        "marker dot size": marker.dot.opts["symbolSize"],
        "caption pt": window.canvas._caption.textItem.font().pointSizeF(),
        "graph text pt": name_text.font().pointSizeF(),
        "graph box height": box.rect().height(),
    }


def test_f11_reaches_the_timeline_the_neuron_caption_and_the_computation_graph(window, qtbot, restore_font):
    window.findChild(QWidget, "generateButton").click()
    step = window.findChild(QAction, "actionStep")
    while len(window.session.timeline) < 3:                  # a short run to look back at
        with qtbot.waitSignal(window.model.timeline_changed, timeout=WAIT):
            step.trigger()
    window.timeline.scrub_to(0)                               # the marker shows step 0 on the loss plot
    assert window.timeline.marker.step() is not None
    window.graph_panel.network_view.neuron_clicked.emit(0, 0)   # a click on a neuron: its map and caption
    qtbot.waitUntil(lambda: window.canvas._caption.isVisible(), timeout=WAIT)
    panel = window.graph_panel
    panel.setCurrentWidget(panel.computation_view)
    window.canvas.set_selected_index(0)                       # the computation graph of this point
    qtbot.waitUntil(lambda: bool(panel.computation_view.canvas.boxes), timeout=WAIT)
    before = timeline_look(window)

    press_f11(window, qtbot)
    qtbot.waitUntil(lambda: bool(panel.computation_view.canvas.boxes))    # built again, larger
    during = timeline_look(window)
    for key, value in before.items():
        assert during[key] == pytest.approx(value * PRESENTATION_SCALE, rel=0.02), key
    bar = window.timeline.bar
    window.timeline.return_to_now()
    qtbot.waitUntil(lambda: bar.step_label.text().startswith("now"))
    bar.set_step_text("step 10,000 / 10,000")                 # the widest text it makes room for
    qtbot.waitUntil(lambda: text_fits(bar.step_label))        # the larger font: not cut off

    press_f11(window, qtbot)
    qtbot.waitUntil(lambda: bool(panel.computation_view.canvas.boxes))
    assert timeline_look(window) == before


def regression_look(window) -> dict:
    regression = window.canvas.regression
    points = regression.value_points.item.data      # a surface's points (none in curve fitting)
    return {
        "curve width": regression.curve.item.opts["pen"].widthF(),
        "value point size": regression.value_points.item.opts["size"] if len(points) else None,
        "value ring width": points["pen"][0].widthF() if len(points) else None,
    }


def test_f11_reaches_the_fitted_curve_the_value_points_and_the_value_picker(window, qtbot, restore_font):
    problem = window.findChild(QComboBox, "problemCombo")
    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT, check_params_cb=lambda s: len(s.curve_x) > 0):
        problem.setCurrentIndex(problem.findData("regression"))        # the sine curve
    curve_width = regression_look(window)["curve width"]
    press_f11(window, qtbot)
    assert regression_look(window)["curve width"] == pytest.approx(curve_width * PRESENTATION_SCALE)

    preset = window.findChild(QComboBox, "presetCombo")                 # a surface, made during the mode
    preset.setCurrentIndex(preset.findData("plane"))
    qtbot.waitUntil(lambda: window.canvas.regression.kind == "surface" and len(window.canvas.regression.
                                                                               value_points.values) > 0)
    picker = window.problem.value_picker
    qtbot.waitUntil(picker.isVisible)
    picker.set_value(-1.0)                                              # its widest text
    qtbot.waitUntil(lambda: text_fits(picker.label))
    during = regression_look(window)

    press_f11(window, qtbot)
    after = regression_look(window)
    assert after["curve width"] == pytest.approx(curve_width)
    assert during["value point size"] == pytest.approx(after["value point size"] * PRESENTATION_SCALE)
    assert during["value ring width"] == pytest.approx(after["value ring width"] * PRESENTATION_SCALE)


def test_a_view_made_during_the_mode_is_shown_at_its_scale(window, qtbot, restore_font):
    press_f11(window, qtbot)
    late = HiddenSpaceView()                  # e.g. a graph tab added once the mode is on
    size = late.train_item.opts["size"]
    window.graph_panel.addTab(late, "Late")
    window.graph_panel.setCurrentWidget(late)
    qtbot.waitUntil(late.isVisible)
    assert late.property(SCALE_PROPERTY) == PRESENTATION_SCALE
    assert late.train_item.opts["size"] == pytest.approx(size * PRESENTATION_SCALE)
    press_f11(window, qtbot)
    assert late.train_item.opts["size"] == pytest.approx(size)
