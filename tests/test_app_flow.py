"""End-to-end flows on the real MainWindow, driven the way a person would: clicks, keys, buttons.

Every wait is qtbot.waitSignal / qtbot.waitUntil on what the window paints (snapshot_painted), never a sleep.
"""
from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QToolButton,
)

from playground.model.state import PlaygroundState
from playground.window.main_window import MainWindow

WAIT = 15_000          # ms: generous, a loaded CI box can be slow
LEFT = [(-1.3, -0.6), (-1.1, 0.0), (-1.4, 0.5), (-0.9, -0.3), (-1.2, 0.9), (-0.8, 0.4)]
RIGHT = [(1.3, 0.6), (1.1, 0.0), (1.4, -0.5), (0.9, 0.3), (1.2, -0.9), (0.8, -0.4)]


# -- helpers -------------------------------------------------------------------------------------------
def button(window, name):
    return window.findChild(QPushButton, name)


def click_point(qtbot, window, x, y, button=Qt.MouseButton.LeftButton,
                modifier=Qt.KeyboardModifier.NoModifier):
    canvas = window.canvas
    qtbot.mouseClick(canvas.viewport(), button, modifier, canvas.data_to_viewport(x, y))


def pick_class(qtbot, window, k):
    b = window.findChild(QToolButton, f"classButton{k}")
    assert b is not None and b.isVisible()
    qtbot.mouseClick(b, Qt.MouseButton.LeftButton)
    assert window.class_picker.current_class() == k


def draw_two_clusters(qtbot, window):
    pick_class(qtbot, window, 0)
    for x, y in LEFT:
        click_point(qtbot, window, x, y)
    pick_class(qtbot, window, 1)
    for x, y in RIGHT:
        click_point(qtbot, window, x, y)
    assert window.dataset.count() == len(LEFT) + len(RIGHT)


def wait_trainable(qtbot, window):
    """Train enabled and a snapshot of the current data (finite loss) painted."""
    train = button(window, "trainButton")
    qtbot.waitUntil(lambda: train.isEnabled(), timeout=WAIT)

    def painted():
        snap = window.latest_snapshot()
        assert snap is not None and math.isfinite(snap.train_loss)
    qtbot.waitUntil(painted, timeout=WAIT)
    return window.latest_snapshot()


def recorder(window):
    snaps = []
    window.snapshot_painted.connect(snaps.append)
    return snaps


def wait_paused(qtbot, window):
    def paused():
        snap = window.latest_snapshot()
        assert snap is not None and not snap.running
    qtbot.waitUntil(paused, timeout=WAIT)


def status_text(window):
    return window.status.text()


def parameter_label(window):
    return window.findChild(QLabel, "statusParameters").text()


# -- 1 -------------------------------------------------------------------------------------------------
def test_empty_window_cannot_train_and_says_why(qtbot, window):
    train = button(window, "trainButton")
    assert not train.isEnabled()
    assert "points" in train.toolTip().lower()
    assert "points" in status_text(window).lower()
    assert not window.train_action.isEnabled()

    pick_class(qtbot, window, 0)
    for x, y in LEFT:
        click_point(qtbot, window, x, y)
    assert window.dataset.count() == len(LEFT)
    qtbot.waitUntil(lambda: "two classes" in train.toolTip(), timeout=WAIT)
    assert not train.isEnabled()
    assert "two classes" in status_text(window)
    qtbot.mouseClick(train, Qt.MouseButton.LeftButton)        # a click on a disabled button does nothing
    assert not window.training_bar.is_running()


# -- 2 -------------------------------------------------------------------------------------------------
def test_click_points_train_pause_step_reset(qtbot, window):
    draw_two_clusters(qtbot, window)
    wait_trainable(qtbot, window)
    # The default hinge loss is already 0 on two clusters this clean; logistic always has room to fall.
    loss = window.findChild(QComboBox, "lossCombo")
    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT,
                          check_params_cb=lambda s: s.step == 0 and math.isfinite(s.train_loss)):
        loss.setCurrentIndex(loss.findData("logistic"))
    first = window.latest_snapshot()
    assert first.step == 0 and first.train_loss > 0
    labels = window.dataset.labels()
    assert sorted(labels.tolist()) == [0] * len(LEFT) + [1] * len(RIGHT)
    assert (window.dataset.points()[labels == 0][:, 0] < 0).all()
    assert (window.dataset.points()[labels == 1][:, 0] > 0).all()

    train = button(window, "trainButton")
    qtbot.mouseClick(train, Qt.MouseButton.LeftButton)
    assert window.training_bar.is_running()

    def learned():
        snap = window.latest_snapshot()
        assert snap.step > 0 and snap.train_loss < first.train_loss
        assert not np.array_equal(snap.boundary, first.boundary)
    qtbot.waitUntil(learned, timeout=WAIT)

    qtbot.mouseClick(train, Qt.MouseButton.LeftButton)        # pause
    assert not window.training_bar.is_running()
    wait_paused(qtbot, window)
    paused_at = window.latest_snapshot().step

    step = button(window, "stepButton")
    assert step.isEnabled()
    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT,
                          check_params_cb=lambda s: s.step == paused_at + 1):
        qtbot.mouseClick(step, Qt.MouseButton.LeftButton)
    assert window.latest_snapshot().step == paused_at + 1
    assert not window.latest_snapshot().running

    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT, check_params_cb=lambda s: s.step == 0):
        qtbot.mouseClick(button(window, "resetButton"), Qt.MouseButton.LeftButton)
    again = window.latest_snapshot()
    assert again.step == 0
    assert again.flat_weights().tolist() == first.flat_weights().tolist()    # same seed, same initial weights
    assert "Reset" in status_text(window)


# -- 3 -------------------------------------------------------------------------------------------------
def test_undo_redo_of_clicked_points(qtbot, window):
    pick_class(qtbot, window, 0)
    click_point(qtbot, window, -1.0, 0.0)
    pick_class(qtbot, window, 1)
    click_point(qtbot, window, 1.0, 0.0)
    click_point(qtbot, window, 1.0, 1.0)
    assert window.dataset.count() == 3
    before = window.dataset.points().copy()

    undo = window.findChild(QAction, "actionUndo")
    redo = window.findChild(QAction, "actionRedo")
    assert undo is not None and redo is not None
    undo.trigger()                                             # Edit ▸ Undo
    assert window.dataset.count() == 2

    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=WAIT)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)   # Ctrl+Z
    assert window.dataset.count() == 1
    np.testing.assert_array_equal(window.dataset.points(), before[:1])

    redo.trigger()
    assert window.dataset.count() == 2
    qtbot.keyClick(window, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)   # Ctrl+Shift+Z
    assert window.dataset.count() == 3
    np.testing.assert_array_equal(window.dataset.points(), before)
    assert window.dataset.labels().tolist() == [0, 1, 1]


# -- 4 -------------------------------------------------------------------------------------------------
def test_xor_preset_trains_to_high_accuracy(qtbot, window):
    combo = window.findChild(QComboBox, "presetCombo")
    combo.setCurrentIndex(combo.findData("xor"))
    n = window.findChild(QSpinBox, "presetPoints").value()
    qtbot.mouseClick(button(window, "generateButton"), Qt.MouseButton.LeftButton)
    assert window.dataset.count() == n == window.state().preset_points
    wait_trainable(qtbot, window)

    qtbot.mouseClick(button(window, "trainButton"), Qt.MouseButton.LeftButton)

    def accurate():
        assert window.latest_snapshot().train_accuracy >= 0.9
    qtbot.waitUntil(accurate, timeout=30_000)
    qtbot.mouseClick(button(window, "trainButton"), Qt.MouseButton.LeftButton)
    wait_paused(qtbot, window)


# -- 5 -------------------------------------------------------------------------------------------------
def test_add_layer_while_training_recreates_and_keeps_running(qtbot, window):
    draw_two_clusters(qtbot, window)
    wait_trainable(qtbot, window)
    params_before = parameter_label(window)
    panel_label = window.findChild(QLabel, "parameterCountLabel")
    panel_before = panel_label.text()

    qtbot.mouseClick(button(window, "trainButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.latest_snapshot().step > 0 and window.latest_snapshot().running,
                    timeout=WAIT)
    old_model = window.latest_snapshot().model_id

    qtbot.mouseClick(window.findChild(QToolButton, "addLayerButton"), Qt.MouseButton.LeftButton)
    assert "re-created" in status_text(window)
    assert len(window.state().hidden_layers) == 3
    assert parameter_label(window) != params_before
    assert panel_label.text() != panel_before
    assert window.training_bar.is_running()

    def new_model_trained():
        snap = window.latest_snapshot()
        assert snap.model_id > old_model and snap.running and snap.step > 0
        assert len(snap.weights) == len(window.state().hidden_layers) + 1
    qtbot.waitUntil(new_model_trained, timeout=WAIT)
    seen = window.latest_snapshot().step
    qtbot.waitUntil(lambda: window.latest_snapshot().step > seen, timeout=WAIT)
    qtbot.mouseClick(button(window, "trainButton"), Qt.MouseButton.LeftButton)
    wait_paused(qtbot, window)


# -- 6 -------------------------------------------------------------------------------------------------
def test_diverging_run_offers_restore(qtbot, window):
    draw_two_clusters(qtbot, window)
    wait_trainable(qtbot, window)

    optimizer = window.findChild(QComboBox, "optimizerCombo")
    optimizer.setCurrentIndex(optimizer.findData("sgd"))
    loss = window.findChild(QComboBox, "lossCombo")
    loss.setCurrentIndex(loss.findData("mse"))
    lr = window.findChild(QDoubleSpinBox, "learningRate")
    lr.setValue(10.0)
    lr.editingFinished.emit()
    assert window.state().learning_rate == 10.0
    assert window.state().optimizer == "sgd" and window.state().loss == "mse"
    restore = button(window, "restoreButton")
    assert not restore.isVisible()

    qtbot.mouseClick(button(window, "trainButton"), Qt.MouseButton.LeftButton)

    def diverged():
        assert window.latest_snapshot().diverged
    qtbot.waitUntil(diverged, timeout=WAIT)
    qtbot.waitUntil(restore.isVisible, timeout=WAIT)
    assert not window.training_bar.is_running()

    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT,
                          check_params_cb=lambda s: not s.diverged and math.isfinite(s.train_loss)):
        qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    assert not restore.isVisible()
    assert math.isfinite(window.latest_snapshot().train_loss)


# -- 7 -------------------------------------------------------------------------------------------------
def test_closing_while_training_stops_the_thread(qtbot, window):
    draw_two_clusters(qtbot, window)
    wait_trainable(qtbot, window)
    qtbot.mouseClick(button(window, "trainButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.latest_snapshot().running and window.latest_snapshot().step > 0,
                    timeout=WAIT)
    assert window.close()
    assert not window.controller.is_running()


# -- 8 -------------------------------------------------------------------------------------------------
def test_state_round_trips_into_a_fresh_window(qtbot, window, tmp_path):
    draw_two_clusters(qtbot, window)
    wait_trainable(qtbot, window)
    qtbot.mouseClick(button(window, "trainButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.latest_snapshot().step >= 20, timeout=WAIT)
    qtbot.mouseClick(button(window, "trainButton"), Qt.MouseButton.LeftButton)
    wait_paused(qtbot, window)

    state = window.current_state()
    assert state.step == window.latest_snapshot().step > 0
    assert state.weights == window.latest_snapshot().flat_weights().tolist()
    again = PlaygroundState.from_dict(state.to_dict())
    assert again == state

    settings = QSettings(str(tmp_path / "other.ini"), QSettings.Format.IniFormat)
    fresh = MainWindow(settings=settings, data_dir=tmp_path / "other-data")
    qtbot.addWidget(fresh)
    fresh.files.set_interactive(False)
    try:
        fresh.show()
        with qtbot.waitSignal(fresh.snapshot_painted, timeout=WAIT,
                              check_params_cb=lambda s: s.step == state.step):
            fresh.apply_state(again)
        assert fresh.dataset.points().tolist() == state.points
        assert fresh.dataset.labels().tolist() == state.labels
        snap = fresh.latest_snapshot()
        assert snap.step == state.step
        assert snap.flat_weights().tolist() == state.weights          # exactly the saved weights
        restored = fresh.current_state()
        assert restored.weights == state.weights and restored.step == state.step
        assert button(fresh, "trainButton").isEnabled()
    finally:
        fresh.controller.shutdown()
