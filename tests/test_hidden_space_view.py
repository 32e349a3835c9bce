"""The Hidden space tab in the real MainWindow, used as a person would: generate the moons, step, open the tab;
what it draws is engine.hidden_space on the snapshot's weights; switch layers, fit PCA, morph, shrink a layer
to 2 neurons (the exact decision line), remove every hidden layer (a message instead of a picture)."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton, QWidget
from test_app_flow import WAIT
from test_boundary_fills_canvas import generate_and_step

from engine.hidden_space import hidden_space, layer_outputs, neuron_projection, pca_projection
from playground.views.graph.hidden_space_view import N_LINES, SAMPLES
from playground.views.graph.view_data import snapshot_layers
from playground.window.graph_wiring import view_data


def open_tab(qtbot, window, view):
    panel = window.graph_panel
    tabs = panel.tabBar()
    qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(panel.indexOf(view)).center())
    qtbot.waitUntil(view.isVisible, timeout=WAIT)


def expected_frame(window, layer, projection):
    snap, data = window.latest_snapshot(), view_data(window)
    return hidden_space(snapshot_layers(snap), data.activation, layer, data.points, snap.extent, projection,
                        data.features, N_LINES, SAMPLES), data


def assert_drawn(view, frame, data, t=1.0):
    points, _ = frame.morph(t)
    train, test = view.drawn_points()
    np.testing.assert_allclose(train, points[~data.is_test], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(test, points[data.is_test], rtol=1e-12, atol=1e-12)


def test_hidden_space_follows_the_layer_the_projection_and_the_morph(qtbot, window):
    generate_and_step(qtbot, window)
    view = window.graph_panel.hidden_space_view
    assert view.frame is None                       # hidden: nothing computed
    with qtbot.waitSignal(view.frame_drawn, timeout=WAIT):
        open_tab(qtbot, window, view)
    frame, data = expected_frame(window, 0, neuron_projection(8, 0, 1))
    assert data.is_test.any() and (~data.is_test).any()
    assert_drawn(view, frame, data)
    assert not np.allclose(frame.points, data.points)          # the layer really moved them
    assert view.frame.decision is None                         # 8 neurons through 2: no exact line

    layer_combo = window.findChild(QWidget, "hiddenLayerCombo")
    with qtbot.waitSignal(view.frame_drawn, timeout=WAIT):
        qtbot.keyClick(layer_combo, Qt.Key.Key_Down)           # layer 2
    assert view.layer() == 1
    assert_drawn(view, expected_frame(window, 1, neuron_projection(8, 0, 1))[0], data)

    y_combo = window.findChild(QWidget, "hiddenNeuronYCombo")
    with qtbot.waitSignal(view.frame_drawn, timeout=WAIT):
        qtbot.keyClick(y_combo, Qt.Key.Key_Down)               # neuron 3 on the vertical axis
    assert_drawn(view, expected_frame(window, 1, neuron_projection(8, 0, 2))[0], data)

    snap = window.latest_snapshot()
    fitted = pca_projection(layer_outputs(snapshot_layers(snap), data.activation, data.points, 1, data.features))
    with qtbot.waitSignal(view.frame_drawn, timeout=WAIT):
        qtbot.mouseClick(window.findChild(QWidget, "fitPcaButton"), Qt.MouseButton.LeftButton)
    assert view.projection().kind == "pca"
    np.testing.assert_allclose(view.projection().components, fitted.components, atol=1e-12)
    assert_drawn(view, expected_frame(window, 1, fitted)[0], data)
    first = view.projection()
    with qtbot.waitSignal(view.frame_drawn, timeout=WAIT):
        qtbot.mouseClick(window.findChild(QWidget, "fitPcaButton"), Qt.MouseButton.LeftButton)
    np.testing.assert_allclose(view.projection().components, first.components, atol=1e-12)   # no flip

    slider = window.findChild(QWidget, "morphSlider")
    qtbot.keyClick(slider, Qt.Key.Key_Home)                    # all the way to the input plane
    assert view.morph_t() == 0.0
    train, test = view.drawn_points()
    np.testing.assert_allclose(train, data.points[~data.is_test], atol=1e-12)
    np.testing.assert_allclose(test, data.points[data.is_test], atol=1e-12)
    qtbot.keyClick(slider, Qt.Key.Key_End)
    assert_drawn(view, expected_frame(window, 1, fitted)[0], data)


def test_a_two_neuron_layer_gets_its_decision_line_and_no_hidden_layer_a_message(qtbot, window):
    generate_and_step(qtbot, window, steps=1)
    view = window.graph_panel.hidden_space_view
    open_tab(qtbot, window, view)
    minus = window.findChild(QToolButton, "layer2MinusButton")
    for _ in range(6):                                         # 8 -> 2 neurons in the last hidden layer
        qtbot.mouseClick(minus, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.findChild(QWidget, "stepButton"), Qt.MouseButton.LeftButton)

    def last_layer_of_two_drawn():
        snap = window.latest_snapshot()
        assert snap.weights[1].shape == (2, 8) and snap.step >= 1
        qtbot.keyClick(window.findChild(QWidget, "hiddenLayerCombo"), Qt.Key.Key_End)
        assert view.layer() == 1 and view.frame is not None and view.frame.layer == 1
    qtbot.waitUntil(last_layer_of_two_drawn, timeout=WAIT)
    frame, data = expected_frame(window, 1, neuron_projection(2, 0, 1))
    assert_drawn(view, frame, data)
    assert frame.decision is not None
    (x0, y0), (x1, y1) = (np.asarray(view.decision_item.getData()).T)
    for x, y in ((x0, y0), (x1, y1)):                          # on the output's line n . y + offset = 0
        assert abs(frame.decision.normal @ (x, y) + frame.decision.offset) < 1e-9

    remove = window.findChild(QToolButton, "removeLayerButton")
    for _ in range(2):
        qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "no hidden layer" in view.message.text(), timeout=WAIT)
    assert view.message.isVisible() and not window.findChild(QWidget, "hiddenLayerCombo").isEnabled()
    assert len(view.drawn_points()[0]) == 0


def test_the_hidden_space_goes_through_the_input_features(qtbot, window):
    generate_and_step(qtbot, window, steps=1)
    view = window.graph_panel.hidden_space_view
    open_tab(qtbot, window, view)
    qtbot.mouseClick(window.findChild(QWidget, "featureX1X2"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.findChild(QWidget, "stepButton"), Qt.MouseButton.LeftButton)

    def new_network_drawn():
        assert window.latest_snapshot().weights[0].shape == (8, 3)
        frame, data = expected_frame(window, 0, neuron_projection(8, 0, 1))
        assert data.features == ("x1", "x2", "x1*x2")
        assert_drawn(view, frame, data)           # drawn by itself from the new snapshot, no click
    qtbot.waitUntil(new_network_drawn, timeout=WAIT)
