"""A setting's walk: panel -> session model (validated, announced once) -> worker; the panels follow the model.

Walked from a default window as a person would; waits are on what the window paints, never a sleep.
"""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDoubleSpinBox, QPushButton

from playground.files.session_io import write_session
from playground.model.state import PlaygroundState
from playground.undo.session_model import SessionModel
from tests.test_app_flow import WAIT, wait_trainable


def step_to(qtbot, window, step):
    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT, check_params_cb=lambda s: s.step == step):
        window.training_bar.findChild(QPushButton, "stepButton").click()


def test_the_model_announces_only_real_changes_and_says_why_it_refuses_one(qtbot):
    model = SessionModel()
    seen, refused = [], []
    model.settings_changed.connect(seen.append)
    model.settings_rejected.connect(refused.append)
    model.request_settings({"learning_rate": 0.1, "seed": 0})        # the seed is 0 already
    model.request_settings({"learning_rate": 0.1})
    model.request_settings({"learning_rate": -1.0})
    assert seen == [{"learning_rate": 0.1}]
    assert len(refused) == 1 and refused[0].startswith("Not applied:") and "learning_rate" in refused[0]
    assert model.settings.learning_rate == 0.1
    model.dataset.set_num_classes(3)                                 # the data's class count is a setting too
    assert seen[-1] == {"num_classes": 3}


def test_a_setting_asked_for_again_does_not_rebuild_the_network(qtbot, window):
    window.data_controls.generate_button.click()
    wait_trainable(qtbot, window)
    step_to(qtbot, window, 1)
    same = {"hidden_layers": list(window.session.settings.hidden_layers)}
    with qtbot.assertNotEmitted(window.model.settings_changed), qtbot.assertNotEmitted(window.state_changed):
        window.network_controls.settings_changed.emit(same)          # what a panel sends when re-chosen
    assert "Network changed" not in window.status.text()
    step_to(qtbot, window, 2)                                        # the same weights went on training


def test_a_refused_setting_is_said_in_the_status_bar_and_the_control_shows_the_models_value(qtbot, window):
    spin = window.findChild(QDoubleSpinBox, "learningRate")
    spin.setMaximum(100.0)                          # a control whose range has drifted from the model's rule
    with qtbot.assertNotEmitted(window.state_changed):
        spin.setValue(50.0)
    assert window.status.text().startswith("Not applied:") and "learning_rate" in window.status.text()
    assert window.session.settings.learning_rate == PlaygroundState().learning_rate
    assert spin.value() == pytest.approx(PlaygroundState().learning_rate)


def test_the_panels_and_the_speed_follow_a_session_that_is_opened(qtbot, window, tmp_path):
    path = tmp_path / "fast.json"
    write_session(path, PlaygroundState(steps_per_second=30, learning_rate=0.1, hidden_layers=[3],
                                        test_fraction=0.5))
    assert window.files.open_path(path)
    assert window.training_bar.speed() == 30
    assert window.findChild(QDoubleSpinBox, "learningRate").value() == pytest.approx(0.1)
    assert window.network_controls.hidden_layers() == [3]
    assert window.data_controls.split_slider.value() == 50


def test_typing_a_number_into_a_data_panel_box_is_not_rewritten_while_typed(qtbot, window):
    spin = window.findChild(QDoubleSpinBox, "presetNoise")
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), "0.35")
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)
    assert spin.value() == pytest.approx(0.35) and window.session.settings.preset_noise == pytest.approx(0.35)
