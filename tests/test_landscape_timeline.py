"""The loss landscape draws the optimiser's path from the training timeline's checkpoints (issue 11), walked
from a default window: a saved run is opened, the Landscape tab shows its whole path (not only the weights
seen since), and scrubbing the timeline marks the scrubbed step's point on that path, on either plane."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from test_app_flow import WAIT
from test_boundary_fills_canvas import generate_and_step
from test_hidden_space_view import open_tab
from test_timeline import frame_of, slider

STEPS = 6


def test_the_path_is_the_timelines_and_the_scrubbed_step_is_marked_on_it(qtbot, window, tmp_path):
    generate_and_step(qtbot, window, steps=STEPS)
    path = tmp_path / "run.json"
    assert window.files.save_to(path)
    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT, check_params_cb=lambda s: s.step == STEPS):
        assert window.files.open_path(path, ask_to_save=False)
    timeline = window.session.timeline
    assert timeline.steps.tolist() == list(range(STEPS + 1))

    view = window.graph_panel.landscape_view
    with qtbot.waitSignal(view.landscape_ready, timeout=WAIT) as shown:
        open_tab(qtbot, window, view)
    result = shown.args[0]
    np.testing.assert_array_equal(result.request.path, timeline.weights_at(range(len(timeline))))
    assert len(view.path_item.getData()[0]) == STEPS + 1       # the whole run, drawn
    np.testing.assert_allclose(result.path_coords[-1], (0.0, 0.0), atol=1e-9)
    assert view.marked_point() is None

    # Scrubbed to step 2: its point on the path is marked.
    frame_of(qtbot, window, lambda: slider(window).setValue(2), 2)
    assert view.marked_point() is not None
    np.testing.assert_allclose(view.marked_point(), result.path_coords[2], atol=1e-9)

    # The plane through the path: the mark moves with the path (and the path's start lies in that plane).
    with qtbot.waitSignal(view.landscape_ready, timeout=WAIT) as shown:
        qtbot.mouseClick(window.findChild(QWidget, "landscapePathPlaneCheck"), Qt.MouseButton.LeftButton)
    through = shown.args[0]
    assert through.request.through_path and through.note == ""
    np.testing.assert_allclose(view.marked_point(), through.path_coords[2], atol=1e-9)
    np.testing.assert_allclose(through.landscape.plane.point(*through.path_coords[0]), timeline[0].weights,
                               atol=1e-9)

    # Back to now: no mark.
    s = slider(window)
    s.setFocus()
    qtbot.keyClick(s, Qt.Key.Key_End)
    assert not window.timeline.showing_past() and view.marked_point() is None
