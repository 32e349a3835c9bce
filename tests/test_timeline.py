"""The training timeline walked as a person walks it, from a default window: take a few steps, scrub back
(slider, arrow keys, a click on the loss plot), Play, Resume from here and Undo, edit while scrubbed, save and
reopen. Every wait is on a signal."""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPushButton, QSlider
from test_app_flow import WAIT, button, click_point, draw_two_clusters, wait_trainable

from engine.grid import GridEvaluator
from playground.views.graph.view_data import snapshot_layers
from playground.worker.snapshot import boundary_image

STEPS = 8


def two_clusters_logistic(qtbot, window) -> None:
    """Clicked points, and the logistic loss: hinge is already 0 on clusters this clean, logistic falls."""
    draw_two_clusters(qtbot, window)
    wait_trainable(qtbot, window)
    loss = window.findChild(QComboBox, "lossCombo")
    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT,
                          check_params_cb=lambda s: s.step == 0 and math.isfinite(s.train_loss)):
        loss.setCurrentIndex(loss.findData("logistic"))


def take_steps(qtbot, window, n=STEPS) -> list:
    """Press Step n times; the weights after each step, as its snapshot showed them (index = step)."""
    weights = [window.latest_snapshot().flat_weights()]
    for i in range(1, n + 1):
        with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT, check_params_cb=lambda s, i=i: s.step == i):
            qtbot.mouseClick(button(window, "stepButton"), Qt.MouseButton.LeftButton)
        weights.append(window.latest_snapshot().flat_weights())
    return weights


def slider(window) -> QSlider:
    return window.findChild(QSlider, "timelineSlider")


def frame_of(qtbot, window, action, step: int):
    """Do `action` (a scrub to `step`) and wait until that step's picture is painted."""
    action()
    qtbot.waitUntil(lambda: window.timeline.frame is not None and window.timeline.frame.step == step,
                    timeout=WAIT)
    return window.timeline.frame


def boundary_of(weights, window, extent):
    """The boundary image the canvas should show for `weights`, computed here from the engine."""
    from engine.batched import unflatten_layers
    state = window.session.settings
    layers = unflatten_layers(weights, [len(state.features), *state.layer_sizes])
    shown = window.canvas.boundary_array()
    grid = GridEvaluator.over(extent, shown.shape[:2], list(state.features))
    return boundary_image(grid.evaluate(layers, state.activation))


def test_scrub_back_with_slider_keys_and_loss_plot_then_play_and_edit_returns_to_now(qtbot, window):
    two_clusters_logistic(qtbot, window)
    truth = take_steps(qtbot, window)
    timeline = window.session.timeline
    assert timeline.steps.tolist() == list(range(STEPS + 1))       # every step, and the start
    latest = window.latest_snapshot()

    # The slider, then Left twice with the keyboard: step 5 of 8 everywhere.
    s = slider(window)
    s.setFocus()
    frame_of(qtbot, window, lambda: qtbot.keyClick(s, Qt.Key.Key_Left), STEPS - 1)
    frame = frame_of(qtbot, window, lambda: qtbot.keyClick(s, Qt.Key.Key_Left), STEPS - 2)
    assert s.value() == STEPS - 2 and frame.step == STEPS - 2
    np.testing.assert_allclose(frame.flat_weights(), truth[STEPS - 2])
    net_view = window.graph_panel.network_view._snapshot
    np.testing.assert_allclose(np.concatenate([np.c_[W, b].ravel() for W, b in snapshot_layers(net_view)]),
                               truth[STEPS - 2])
    shown = window.canvas.boundary_array()
    np.testing.assert_allclose(shown, boundary_of(truth[STEPS - 2], window, frame.extent), rtol=1e-5, atol=1e-5)
    assert not np.allclose(shown, latest.boundary)
    assert window.timeline.marker.step() == STEPS - 2 and window.timeline.marker.lines[0].isVisible()
    assert f"step {STEPS - 2}" in window.timeline.bar.step_label.text()
    assert window.status.figures.text().startswith(f"step {STEPS - 2}")
    stats = window.graph_panel.stats_view
    assert stats._snapshot is frame                          # the histogram reads the past step's gradients
    assert [line.value() for line in stats._step_lines] == [STEPS - 2] * 2    # and the norm plots mark it
    assert frame.neuron_maps and not np.allclose(frame.neuron_maps[0], latest.neuron_maps[0])   # thumbnails

    # A click on the loss plot at step 2 scrubs there.
    plot = window.loss_plot
    vb = plot.plots()[0].vb
    middle_loss = vb.mapSceneToView(vb.sceneBoundingRect().center()).y()
    at_step_2 = plot.mapFromScene(vb.mapViewToScene(pg.Point(2.0, middle_loss)))
    frame = frame_of(qtbot, window, lambda: qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton,
                                                              pos=at_step_2), 2)
    assert frame.step == 2 and s.value() == 2
    np.testing.assert_allclose(window.canvas.boundary_array(), boundary_of(truth[2], window, frame.extent),
                               rtol=1e-5, atol=1e-5)    # float32 pictures

    # Play replays from here to now, one checkpoint per tick, and ends there (back to the live views).
    bar, moves, pictured = window.timeline.bar, [], []
    bar.index_changed.connect(moves.append)
    window.timeline.runner.computed.connect(lambda _request, f: pictured.append(f.step))
    qtbot.mouseClick(window.findChild(QPushButton, "timelinePlayButton"), Qt.MouseButton.LeftButton)
    assert bar.is_playing()
    qtbot.waitUntil(lambda: not bar.is_playing(), timeout=WAIT)
    assert moves == list(range(3, STEPS + 1))
    assert pictured and pictured == sorted(pictured) and pictured[0] >= 3   # frames may be dropped, never reordered
    assert not window.timeline.showing_past()

    # Scrubbed back, a clicked point returns to now: the live boundary and weights again.
    s.setValue(3)
    assert window.timeline.showing_past()
    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT):
        click_point(qtbot, window, 0.0, 1.5)
    assert not window.timeline.showing_past() and s.value() == s.maximum()
    assert not window.timeline.marker.lines[0].isVisible() and not any(x.isVisible() for x in stats._step_lines)
    np.testing.assert_allclose(window.graph_panel.network_view._snapshot.flat_weights(), truth[STEPS])

    # Scrubbed back, Train returns to now first (and a drag while training pauses it).
    s.setValue(3)
    assert window.timeline.showing_past()
    qtbot.mouseClick(button(window, "trainButton"), Qt.MouseButton.LeftButton)
    assert not window.timeline.showing_past() and window.session.running
    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT, check_params_cb=lambda snap: not snap.running):
        s.setValue(3)
        assert window.timeline.showing_past() and not window.session.running
    frame = frame_of(qtbot, window, lambda: None, 3)       # the run's last snapshot did not pull it back
    assert window.timeline.showing_past() and s.value() == 3

    # Step while scrubbed: back to now, and the step shows.
    stepped = window.latest_snapshot().step + 1
    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT, check_params_cb=lambda snap: snap.step == stepped):
        qtbot.mouseClick(button(window, "stepButton"), Qt.MouseButton.LeftButton)
        assert not window.timeline.showing_past()
    assert window.graph_panel.network_view._snapshot.step == stepped


def test_resume_from_here_drops_the_later_run_and_undo_brings_it_back(qtbot, window):
    two_clusters_logistic(qtbot, window)
    truth = take_steps(qtbot, window)
    timeline, history = window.session.timeline, window.session.history
    curve_before = history.to_dict()
    frame_of(qtbot, window, lambda: slider(window).setValue(3), 3)

    # Resume: the run after step 3 goes at once, and training goes on from step 3's weights.
    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT, check_params_cb=lambda s: s.step > 3):
        qtbot.mouseClick(button(window, "timelineResumeButton"), Qt.MouseButton.LeftButton)
        assert timeline.steps.tolist() == [0, 1, 2, 3]
        assert max(history.to_dict()["step"]) == 3
        np.testing.assert_allclose(window.session.weights, truth[3])
    qtbot.mouseClick(button(window, "trainButton"), Qt.MouseButton.LeftButton)     # pause
    qtbot.waitUntil(lambda: not window.latest_snapshot().running, timeout=WAIT)
    assert timeline.steps[-1] > 3 and not window.timeline.showing_past()

    # Undo: the dropped run, its curve and its weights come back (and the steps since go).
    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT, check_params_cb=lambda s: s.step == STEPS):
        window.findChild(type(window.train_action), "actionUndo").trigger()
    assert timeline.steps.tolist() == list(range(STEPS + 1))
    assert history.to_dict()["step"] == curve_before["step"]
    np.testing.assert_allclose(window.latest_snapshot().flat_weights(), truth[STEPS])

    # Redo drops it again; after a Reset (a new run) Undo has nothing to bring back, and says so.
    window.findChild(type(window.train_action), "actionRedo").trigger()
    assert timeline.steps.tolist() == [0, 1, 2, 3]
    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT, check_params_cb=lambda s: s.step == 0):
        qtbot.mouseClick(button(window, "resetButton"), Qt.MouseButton.LeftButton)
    window.findChild(type(window.train_action), "actionUndo").trigger()
    assert timeline.steps.tolist() == [0] and "network has changed" in window.status.text()


def test_save_and_reopen_keeps_the_timeline_and_it_scrubs(qtbot, window, tmp_path):
    two_clusters_logistic(qtbot, window)
    truth = take_steps(qtbot, window, 4)
    path = tmp_path / "run.json"
    assert window.files.save_to(path)
    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT, check_params_cb=lambda s: s.step == 0):
        qtbot.mouseClick(button(window, "resetButton"), Qt.MouseButton.LeftButton)
    assert window.session.timeline.steps.tolist() == [0]     # a fresh model: a fresh timeline
    assert window.files.open_path(path, ask_to_save=False)
    assert window.session.timeline.steps.tolist() == [0, 1, 2, 3, 4]
    frame = frame_of(qtbot, window, lambda: slider(window).setValue(1), 1)
    np.testing.assert_allclose(frame.flat_weights(), truth[1])
