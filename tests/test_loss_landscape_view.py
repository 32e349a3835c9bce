"""The Loss landscape tab in the real MainWindow: generate the moons, step, open the tab, Refresh; the image is
engine.landscape.landscape on the snapshot's weights, its centre is the training loss, the path ends at the
centre; with "Plane through the path" the path's start and end lie in the plane."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from test_app_flow import WAIT
from test_boundary_fills_canvas import generate_and_step
from test_hidden_space_view import open_tab

from engine.landscape import flatten, landscape
from playground.views.graph.landscape_task import RESOLUTION, SPAN
from playground.views.graph.loss_landscape_view import log_losses
from playground.views.graph.view_data import snapshot_layers
from playground.window.graph_wiring import view_data


def test_landscape_of_the_current_weights_with_the_path(qtbot, window):
    generate_and_step(qtbot, window, steps=3)
    view = window.graph_panel.landscape_view
    assert view.result is None and not view.is_computing()      # hidden: nothing computed
    with qtbot.waitSignal(view.landscape_ready, timeout=WAIT):
        open_tab(qtbot, window, view)                           # opening it computes once
    refresh = window.findChild(QWidget, "refreshLandscapeButton")
    qtbot.waitUntil(refresh.isEnabled, timeout=WAIT)
    with qtbot.waitSignal(view.landscape_ready, timeout=WAIT) as done:
        qtbot.mouseClick(refresh, Qt.MouseButton.LeftButton)
    result = done.args[0]

    snap, data = window.latest_snapshot(), view_data(window)
    layers = snapshot_layers(snap)
    expected = landscape(layers, data.activation, data.training_inputs(), data.training_targets(), data.loss,
                         data.l2, SPAN, RESOLUTION)
    np.testing.assert_array_equal(result.landscape.losses, expected.losses)
    np.testing.assert_array_equal(view.image.image, log_losses(expected.losses))
    assert result.landscape.losses.shape == (RESOLUTION, RESOLUTION)
    assert np.isclose(result.landscape.center_loss, snap.train_loss, rtol=1e-9, atol=1e-12)
    assert np.isclose(result.landscape.losses[RESOLUTION // 2, RESOLUTION // 2], snap.train_loss, rtol=1e-9)

    path = result.request.path
    assert len(path) >= 3                                       # steps 0..3 were all received
    np.testing.assert_allclose(path[-1], flatten(layers))
    np.testing.assert_allclose(result.path_coords[-1], (0.0, 0.0), atol=1e-9)
    drawn = np.column_stack(view.path_item.getData())
    np.testing.assert_allclose(drawn, result.path_coords)

    with qtbot.waitSignal(view.landscape_ready, timeout=WAIT) as done:
        qtbot.mouseClick(window.findChild(QWidget, "landscapePathPlaneCheck"), Qt.MouseButton.LeftButton)
    through = done.args[0]
    assert through.request.through_path and through.note == ""
    plane = through.landscape.plane
    start = through.request.path[0]
    np.testing.assert_allclose(plane.point(*through.path_coords[0]), start, atol=1e-9)   # in the plane
    assert abs(through.path_coords[0][1]) < 1e-9                # on the first axis: d1 points at the start
    np.testing.assert_allclose(through.path_coords[-1], (0.0, 0.0), atol=1e-9)
    assert np.isclose(through.landscape.center_loss, snap.train_loss, rtol=1e-9, atol=1e-12)


def test_both_tabs_follow_training_while_shown(qtbot, window):
    generate_and_step(qtbot, window, steps=1)
    panel = window.graph_panel
    hidden_view, view = panel.hidden_space_view, panel.landscape_view
    open_tab(qtbot, window, hidden_view)
    train = window.findChild(QWidget, "trainButton")
    qtbot.mouseClick(train, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(hidden_view.frame_drawn, timeout=WAIT,
                          check_params_cb=lambda frame: window.latest_snapshot().step > 5):
        pass
    view.auto_refresh.setInterval(200)             # the few seconds a person waits, shortened
    with qtbot.waitSignal(view.landscape_ready, timeout=WAIT) as shown:
        open_tab(qtbot, window, view)
    first = shown.args[0].request.step
    with qtbot.waitSignal(view.landscape_ready, timeout=WAIT,
                          check_params_cb=lambda result: result.request.step > first) as later:
        pass                                       # no click: the view refreshes by itself
    assert np.isfinite(later.args[0].landscape.center_loss)
    qtbot.mouseClick(train, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.latest_snapshot().running, timeout=WAIT)
    qtbot.waitUntil(lambda: not view.is_computing(), timeout=WAIT)
    qtbot.waitUntil(lambda: not view.auto_refresh.isActive(), timeout=WAIT)   # paused: no more refreshes
