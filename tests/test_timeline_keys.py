"""The timeline from the keyboard: Train ▸ Play Timeline (Ctrl+Shift+P) and Train ▸ Resume from Here
(Ctrl+Shift+R), enabled exactly when the bar's buttons are, Play's check mark following the bar."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QSlider
from test_app_flow import WAIT
from test_timeline import take_steps, two_clusters_logistic

from playground.window.view_menu import find_menu

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_play_and_resume_from_the_keyboard_and_the_train_menu(qtbot, window):
    actions = window.timeline.actions
    train_menu = find_menu(window, "Train").actions()
    assert actions.play in train_menu and actions.resume in train_menu
    assert not actions.play.isEnabled() and not actions.resume.isEnabled()     # no run yet

    two_clusters_logistic(qtbot, window)
    take_steps(qtbot, window, 4)
    bar = window.timeline.bar
    assert actions.play.isEnabled() and not actions.resume.isEnabled()         # at "now": nothing to resume
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    # Ctrl+Shift+P replays the run from the start; it stops by itself at now, and the check mark with it.
    with qtbot.waitSignal(bar.play_toggled, timeout=WAIT, check_params_cb=lambda playing: not playing):
        qtbot.keyClick(window, Qt.Key.Key_P, CTRL_SHIFT)
        assert bar.is_playing() and actions.play.isChecked()
    assert bar.is_now() and not actions.play.isChecked()

    # Scrubbed back with the slider's keys, Ctrl+Shift+R resumes from that step.
    slider = window.findChild(QSlider, "timelineSlider")
    slider.setFocus()
    qtbot.waitUntil(slider.hasFocus)
    qtbot.keyClick(slider, Qt.Key.Key_Home)
    qtbot.waitUntil(lambda: window.timeline.showing_past() and actions.resume.isEnabled())
    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT, check_params_cb=lambda s: s.step > 0):
        qtbot.keyClick(window, Qt.Key.Key_R, CTRL_SHIFT)
        assert window.session.timeline.steps.tolist() == [0]
    qtbot.keyClick(window, Qt.Key.Key_Space)                                   # pause
    qtbot.waitUntil(lambda: not window.latest_snapshot().running, timeout=WAIT)
    assert not actions.resume.isEnabled()
