"""The timeline's slider, marker and loss plot agree on steps (issue 11's follow-up), walked from a default
window: scrubbed, the loss plot's readout reads the step shown (as hovering does); on a thinned run (a saved
long run keeps checkpoints 0, 1, 2, 6, 8) the slider's values are steps, so its position is proportional to
the step as the loss plot's axis is, it snaps to the nearest checkpoint, and Left/Right and the wheel move by
checkpoints."""
from __future__ import annotations

import json

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication
from test_app_flow import WAIT
from test_timeline import STEPS, frame_of, slider, take_steps, two_clusters_logistic


def wheel(widget, notches: int) -> None:
    """Turn the mouse wheel over `widget` (negative: towards the start)."""
    centre = QPointF(widget.rect().center())
    QApplication.sendEvent(widget, QWheelEvent(centre, widget.mapToGlobal(centre), QPoint(), QPoint(0, 120 * notches),
                                               Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                                               Qt.ScrollPhase.NoScrollPhase, False))


def test_scrubbed_the_loss_readout_reads_the_step_shown_and_returns_to_the_latest(qtbot, window):
    two_clusters_logistic(qtbot, window)
    take_steps(qtbot, window)
    plot = window.loss_plot
    qtbot.waitUntil(lambda: plot.readout_text().startswith(f"step {STEPS}"), timeout=WAIT)
    s = slider(window)
    s.setFocus()
    frame_of(qtbot, window, lambda: qtbot.keyClick(s, Qt.Key.Key_Left), STEPS - 1)
    frame_of(qtbot, window, lambda: qtbot.keyClick(s, Qt.Key.Key_Left), STEPS - 2)
    assert plot.readout_text().startswith(f"step {STEPS - 2}")
    loss = window.session.history.groups["train"]
    step_loss = float(loss.column(1)[list(loss.column(0)).index(STEPS - 2)])
    assert f"{step_loss:.3g}" in plot.readout_text()
    qtbot.keyClick(s, Qt.Key.Key_End)                        # back to now: the latest step again
    assert not window.timeline.showing_past()
    assert plot.readout_text().startswith(f"step {STEPS}")


def test_on_a_thinned_run_the_slider_moves_in_steps_and_snaps_to_checkpoints(qtbot, window, tmp_path):
    two_clusters_logistic(qtbot, window)
    take_steps(qtbot, window)
    path = tmp_path / "long_run.json"
    assert window.files.save_to(path)
    data = json.loads(path.read_text())
    kept = [0, 1, 2, 6, 8]                                   # what thinning leaves of a long run's middle
    timeline = data["state"]["timeline"]
    for key in ("steps", "losses", "weights"):
        timeline[key] = [timeline[key][timeline["steps"].index(step)] for step in kept]
    path.write_text(json.dumps(data))
    assert window.files.open_path(path, ask_to_save=False)
    assert window.session.timeline.steps.tolist() == kept

    s, marker = slider(window), window.timeline.marker
    assert (s.minimum(), s.maximum(), s.value()) == (0, 8, 8)   # steps, not checkpoint numbers
    s.setFocus()
    frame = frame_of(qtbot, window, lambda: qtbot.keyClick(s, Qt.Key.Key_Left), 6)   # one checkpoint back
    assert s.value() == 6 and marker.step() == 6 and frame.step == 6
    frame_of(qtbot, window, lambda: qtbot.keyClick(s, Qt.Key.Key_Left), 2)
    assert s.value() == 2 and marker.step() == 2
    assert window.loss_plot.readout_text().startswith("step 2")

    # A drag to step 5 (three quarters of the way along the checkpoints 2..6) snaps to checkpoint 6.
    frame = frame_of(qtbot, window, lambda: s.setValue(5), 6)
    assert s.value() == 6 and marker.step() == 6 and window.timeline.bar.index() == 3
    assert window.loss_plot.readout_text().startswith("step 6")
    assert "step 6 / 8" in window.timeline.bar.step_label.text()
    frame_of(qtbot, window, lambda: wheel(s, -1), 2)          # a wheel notch: one checkpoint too
    assert s.value() == 2 and marker.step() == 2
    frame_of(qtbot, window, lambda: wheel(s, 1), 6)
    qtbot.keyClick(s, Qt.Key.Key_Right)                       # the last checkpoint is now
    assert s.value() == 8 and not window.timeline.showing_past()
