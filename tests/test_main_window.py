"""Main-window wiring that the flow tests do not cover: keyboard, exports wiring, the split mask."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QComboBox

from engine.split import held_out_mask
from playground.model.state import PlaygroundState


def test_space_ticks_a_focused_check_box_instead_of_training(window, qtbot):
    box = window.findChild(QCheckBox, "featureX1Squared")
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    before = box.isChecked()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked() != before
    assert not window.training_bar.is_running()


def test_space_elsewhere_starts_and_pauses_training(window, qtbot):
    window.data_controls.generate_button.click()
    qtbot.waitUntil(window.training_bar.train_enabled, timeout=5000)
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_Space)
    with qtbot.waitSignal(window.snapshot_painted, timeout=10000,
                          check_params_cb=lambda s: s.running and s.step > 0):
        pass
    qtbot.keyClick(window.canvas, Qt.Key.Key_Space)
    with qtbot.waitSignal(window.snapshot_painted, timeout=10000, check_params_cb=lambda s: not s.running):
        pass
    assert not window.training_bar.is_running()


def test_canvas_marks_the_test_split_it_was_given(window, qtbot):
    window.data_controls.split_slider.setValue(50)
    window.data_controls.generate_button.click()
    expected = held_out_mask(window.dataset.points(), 0.5)
    assert 0.35 < expected.mean() < 0.65
    qtbot.waitUntil(lambda: window.canvas.test_mask() is not None
                    and np.array_equal(window.canvas.test_mask(), expected), timeout=5000)


def test_a_snapshots_flat_weights_follow_parameter_order(window, qtbot):
    with qtbot.waitSignal(window.snapshot_painted, timeout=10000) as blocker:
        window.training_controls.set_state(window.state())
        window._reconfigure()
    snap = blocker.args[0]
    flat = snap.flat_weights().tolist()
    assert len(flat) == window.state().parameter_count()
    first_neuron = list(snap.weights[0][0]) + [snap.biases[0][0]]
    assert flat[:len(first_neuron)] == first_neuron


def test_last_used_settings_come_back_in_the_next_window(qtbot, settings, tmp_path):
    from playground.window.main_window import MainWindow
    first = MainWindow(settings=settings, data_dir=tmp_path / "d1")
    qtbot.addWidget(first)
    first.files.set_interactive(False)
    first.network_controls.findChild(QAbstractButton, "addLayerButton").click()
    first.training_controls.findChild(QComboBox, "optimizerCombo").setCurrentIndex(0)
    wanted = (first.state().hidden_layers, first.state().optimizer)
    assert wanted != (PlaygroundState().hidden_layers, PlaygroundState().optimizer)
    first.close()
    second = MainWindow(settings=settings, data_dir=tmp_path / "d2")
    qtbot.addWidget(second)
    second.files.set_interactive(False)
    assert (second.state().hidden_layers, second.state().optimizer) == wanted
    assert second.dataset.count() == 0          # settings only: the data lives in sessions and autosave
    assert second.network_controls.hidden_layers() == wanted[0]
    second.close()


def test_unreadable_last_settings_fall_back_to_defaults(settings):
    from playground.window.main_window import last_used_settings
    settings.setValue("session/lastSettings", '{"version": 1, "learning_rate": 1e9}')
    assert last_used_settings(settings) == PlaygroundState()
    settings.setValue("session/lastSettings", "not json")
    assert last_used_settings(settings) == PlaygroundState()
