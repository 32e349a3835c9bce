"""Presentation mode reaches the plots (pyqtgraph does not follow the widget font): larger axis text, legends
and titles, larger points, thicker lines; and back exactly as before. View ▸ Hide Side Panel folds the
controls away, in the mode too, and the mode gives back the panel as it found it."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget


@pytest.fixture
def restore_font():
    app = QApplication.instance()
    font = app.font()
    yield
    app.setFont(font)


def look(window) -> dict:
    """What presentation mode changes in the plots, as plain values."""
    canvas_axis = window.canvas.getPlotItem().getAxis("bottom")
    tick_font = canvas_axis.style["tickFont"]
    loss = window.loss_plot
    stats = window.graph_panel.stats_view
    drawing = window.graph_panel.network_view.drawing
    edge = drawing.edge_pen(0, 0, 0)
    return {
        "canvas tick pt": tick_font.pointSizeF() if tick_font is not None else None,
        "canvas label pt": canvas_axis.label.font().pointSizeF(),
        "canvas axis height": canvas_axis.height(),
        "point size": window.canvas._points.train[0]._style[1],
        "test ring width": window.canvas._points.test[0]._style[2].widthF(),
        "loss legend": loss._legend.opts["labelTextSize"],
        "loss curve width": loss.train_loss_curve.opts["pen"].widthF(),
        "loss axis label pt": loss._loss.getAxis("left").label.font().pointSizeF(),
        "loss axis width": loss._loss.getAxis("left").fixedWidth,
        "stats title": stats.grad_plot.getPlotItem().titleLabel.opts.get("size"),
        "stats curve width": stats._curves[0][0].opts["pen"].widthF(),
        "network edge width": edge.widthF(),
        "hidden space point size": window.graph_panel.hidden_space_view.train_item.opts["size"],
        "landscape label pt": window.graph_panel.landscape_view.plot.getAxis("left").label.font().pointSizeF(),
    }


def test_f11_makes_the_plots_readable_from_the_back_and_f11_again_restores_them(window, qtbot, restore_font):
    qtbot.waitUntil(lambda: window.graph_panel.network_view.drawing is not None)
    window.findChild(QWidget, "generateButton").click()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.waitUntil(lambda: window.graph_panel.network_view.frames_painted > 0)    # its edges styled
    before = look(window)

    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert window.isFullScreen()
    during = look(window)
    assert during["canvas tick pt"] > QApplication.font().pointSizeF() / 1.5 * 1.2    # ticks: explicit and larger
    assert during["loss axis width"] > before["loss axis width"] * 1.3      # room for the larger ticks
    for key in ("canvas label pt", "point size", "test ring width", "loss curve width", "loss axis label pt",
                "stats curve width", "network edge width", "hidden space point size",
                "landscape label pt"):
        assert during[key] == pytest.approx(before[key] * 1.5, rel=0.02), key
    assert float(during["loss legend"][:-2]) == pytest.approx(float(before["loss legend"][:-2]) * 1.5)
    assert float(during["stats title"][:-2]) == pytest.approx(float(before["stats title"][:-2]) * 1.5)
    # A network made during the mode (a layer added) is drawn with the mode's thicker edges too.
    qtbot.mouseClick(window.findChild(QWidget, "addLayerButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.graph_panel.network_view.drawing.layer_sizes) == 4)
    assert window.graph_panel.network_view.drawing.pen(1, 2.0).widthF() == pytest.approx(3.0)   # |w|'s 2 px
    qtbot.mouseClick(window.findChild(QWidget, "removeLayerButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(window.graph_panel.network_view.drawing.layer_sizes) == 3)
    # pyqtgraph lays the axis out again for the larger label (else the text is cut off).
    qtbot.waitUntil(lambda: window.canvas.getPlotItem().getAxis("bottom").height() > before["canvas axis height"])

    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert not window.isFullScreen()
    qtbot.waitUntil(lambda: look(window) == before)


def test_side_panel_folds_away_in_presentation_mode_and_comes_back_after(window, qtbot, restore_font):
    side = window.findChild(QWidget, "sideScroll")
    action = window.view_extras.side_panel.action
    assert action.objectName() == "toggleSidePanelAction"
    assert action in window.view_extras.menu.actions()
    assert action.shortcut().toString() == "Ctrl+B"
    assert side.isVisible()
    normal_width = side.minimumWidth()

    window.view_extras.presentation.trigger()
    # Its controls' text is larger: the panel widens so that none is cut off.
    qtbot.waitUntil(lambda: side.minimumWidth() >= side.widget().sizeHint().width() > normal_width)
    action.trigger()                     # a teacher gives the screen to the canvas and plots
    assert not side.isVisible()
    window.view_extras.presentation.trigger()
    assert side.isVisible() and not action.isChecked()
    assert side.minimumWidth() == normal_width

    action.trigger()                     # hidden before the mode: stays hidden after it
    window.view_extras.presentation.trigger()
    action.trigger()
    assert side.isVisible()
    window.view_extras.presentation.trigger()
    assert not side.isVisible() and action.isChecked()
