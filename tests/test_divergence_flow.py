"""A run that diverges, and the messages around training, walked on the real MainWindow as a person would.

Every wait is qtbot.waitUntil / waitSignal on what the window shows, never a sleep.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QPushButton, QToolButton

from engine.split import held_out_mask

WAIT = 15_000


def click(qtbot, window, name):
    widget = window.findChild(QPushButton, name)
    assert widget is not None and widget.isVisible() and widget.isEnabled(), name
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def set_learning_rate(window, value):
    spin = window.findChild(QDoubleSpinBox, "learningRate")
    spin.setValue(value)
    spin.editingFinished.emit()
    assert window.state().learning_rate == value


def painted(window):
    snaps = []
    window.snapshot_painted.connect(snaps.append)
    return snaps


def generate_mse_at_learning_rate_10(qtbot, window):
    """The README's example from default settings (Adam): Generate the default preset, MSE, learning rate 10."""
    assert window.state().optimizer == "adam" and window.state().loss == "hinge"
    click(qtbot, window, "generateButton")
    loss = window.findChild(QComboBox, "lossCombo")
    loss.setCurrentIndex(loss.findData("mse"))
    set_learning_rate(window, 10.0)
    qtbot.waitUntil(lambda: window.findChild(QPushButton, "trainButton").isEnabled(), timeout=WAIT)

    def fresh_model_on_the_data():
        snap = window.latest_snapshot()
        assert snap is not None and snap.step == 0 and math.isfinite(snap.train_loss)
        assert len(window.dataset.points()) == 200 and snap.weights[0].shape == (8, 2)
    qtbot.waitUntil(fresh_model_on_the_data, timeout=WAIT)
    return window.latest_snapshot()


def train_until_diverged(qtbot, window):
    click(qtbot, window, "trainButton")
    assert window.training_bar.is_running()

    def diverged():
        assert window.latest_snapshot().diverged
    qtbot.waitUntil(diverged, timeout=WAIT)
    return window.latest_snapshot()


def test_the_readme_example_pauses_itself_then_train_goes_on_from_the_best_weights(qtbot, window):
    start = generate_mse_at_learning_rate_10(qtbot, window)
    bad = train_until_diverged(qtbot, window)
    train = window.findChild(QPushButton, "trainButton")
    restore = window.findChild(QPushButton, "restoreButton")
    assert math.isfinite(bad.train_loss)           # Adam blew up without overflowing
    assert train.text() == "Train" and not window.training_bar.is_running()
    assert restore.isVisible() and restore.text() == "Restore best weights (step 0)"
    assert window.status.text().startswith("The loss blew up: paused. Lower the learning rate and Train again")

    # As the message says: lower the learning rate, press Train.
    set_learning_rate(window, 0.03)
    snaps = painted(window)
    click(qtbot, window, "trainButton")
    qtbot.waitUntil(lambda: bool(snaps), timeout=WAIT)
    assert "best weights (step 0)" in window.status.text()
    np.testing.assert_array_equal(snaps[0].flat_weights(), start.flat_weights())

    def trains():
        snap = window.latest_snapshot()
        assert snap.running and not snap.diverged and snap.step > bad.step + 50
        assert math.isfinite(snap.train_loss) and snap.train_loss < start.train_loss
    qtbot.waitUntil(trains, timeout=WAIT)
    assert train.text() == "Pause" and window.training_bar.is_running() and not restore.isVisible()
    assert not any(s.diverged for s in snaps)
    click(qtbot, window, "trainButton")
    qtbot.waitUntil(lambda: not window.latest_snapshot().running, timeout=WAIT)


def test_restore_brings_back_the_lowest_loss_seen_and_names_its_step(qtbot, window):
    # A run that learned for a while, then blew up when the learning rate went to 10: the best weights are
    # neither the start nor the last finite ones.
    click(qtbot, window, "generateButton")
    loss = window.findChild(QComboBox, "lossCombo")
    loss.setCurrentIndex(loss.findData("mse"))
    qtbot.waitUntil(lambda: window.latest_snapshot() is not None and window.dataset.count() == 200, timeout=WAIT)
    snaps = painted(window)
    click(qtbot, window, "trainButton")
    qtbot.waitUntil(lambda: window.latest_snapshot().step > 100, timeout=WAIT)
    set_learning_rate(window, 10.0)                # while it runs: applies at the next step
    qtbot.waitUntil(lambda: window.latest_snapshot().diverged, timeout=WAIT)
    bad = window.latest_snapshot()
    restore = window.findChild(QPushButton, "restoreButton")
    qtbot.waitUntil(restore.isVisible, timeout=WAIT)
    # The worker measures every step; the GUI paints some of them (~30 a second, fewer on a loaded machine),
    # so the best step need not be one we painted, but none we painted may beat it.
    seen = [s for s in snaps if math.isfinite(s.train_loss) and s.model_id == bad.model_id]
    assert 0 < bad.best_step < bad.step and bad.best_loss <= min(s.train_loss for s in seen)
    assert bad.best_loss < seen[0].train_loss                       # better than where the run started
    assert restore.text() == f"Restore best weights (step {bad.best_step:,})" and \
        f"step {bad.best_step:,}" in restore.toolTip()

    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT, check_params_cb=lambda s: not s.diverged):
        click(qtbot, window, "restoreButton")
    restored = window.latest_snapshot()
    assert not restore.isVisible() and not restored.running
    assert restored.train_loss == pytest.approx(bad.best_loss, rel=1e-12)   # those weights, measured again
    painted_best = [s for s in seen if s.step == bad.best_step]
    if painted_best:                                                # when the best step was painted too
        np.testing.assert_array_equal(restored.flat_weights(), painted_best[0].flat_weights())
    assert window.status.text().startswith(f"Restored the best weights: step {bad.best_step:,}")


def test_one_point_per_class_with_the_orange_one_held_out_says_so(qtbot, window):
    canvas = window.canvas

    def add_point(k, want_held_out, candidates):
        qtbot.mouseClick(window.findChild(QToolButton, f"classButton{k}"), Qt.MouseButton.LeftButton)
        for x, y in candidates:
            qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=canvas.data_to_viewport(x, y))
            if held_out_mask(window.dataset.points()[-1:], window.state().test_fraction)[0] == want_held_out:
                return
            window.dataset.undo_stack.undo()     # Ctrl+Z: try another spot
        raise AssertionError("no candidate spot landed on the wanted side of the split")

    spots = [(x, y) for x in np.linspace(-1.5, -0.2, 8) for y in np.linspace(-1.5, 1.5, 8)]
    add_point(0, True, spots)
    add_point(1, False, [(-x, y) for x, y in spots])
    assert window.dataset.count() == 2
    train = window.findChild(QPushButton, "trainButton")
    expected = "Class 0 (orange) has no training point: its only point is held out for testing"
    qtbot.waitUntil(lambda: expected in train.toolTip(), timeout=WAIT)
    assert not train.isEnabled() and expected in window.status.text()
    assert "two classes" not in window.status.text()


def test_a_data_message_expires_and_a_plain_generate_posts_none(qtbot, window):
    click(qtbot, window, "generateButton")
    qtbot.waitUntil(lambda: window.findChild(QPushButton, "trainButton").isEnabled(), timeout=WAIT)
    qtbot.waitUntil(lambda: window.latest_snapshot() is not None and window.dataset.count() == 200,
                    timeout=WAIT)
    assert "Data changed" not in window.status.text()     # nothing was trained: no weights to keep

    click(qtbot, window, "trainButton")
    qtbot.waitUntil(lambda: window.latest_snapshot().step > 10, timeout=WAIT)
    click(qtbot, window, "trainButton")
    qtbot.waitUntil(lambda: not window.latest_snapshot().running, timeout=WAIT)
    window.status.message_ms = 1000            # a few seconds in the app; shorter here, still long enough to see
    click(qtbot, window, "generateButton")     # the trained weights carry over to the new points: worth saying
    qtbot.waitUntil(lambda: "Data changed" in window.status.text(), timeout=WAIT)
    qtbot.waitUntil(lambda: window.status.text() == "", timeout=WAIT)


def test_a_message_gives_way_to_the_fact_that_still_holds(qtbot):
    from PySide6.QtWidgets import QStatusBar

    from playground.views.status import StatusLine
    bar = QStatusBar()
    qtbot.addWidget(bar)
    status = StatusLine(bar, message_ms=100)
    status.set_fact("untrainable", "Add some points first.")
    status.show_message("Network changed.")
    assert status.text() == "Network changed."
    qtbot.waitUntil(lambda: status.text() == "Add some points first.", timeout=WAIT)
    status.show_message("Saved.")
    status.set_fact("diverged", "Training paused.", error=True)   # news: shown at once
    assert status.text() == "Training paused."
    status.set_fact("diverged", "")
    assert status.text() == "Add some points first."
    status.set_fact("untrainable", "")
    assert status.text() == ""
