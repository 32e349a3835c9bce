"""Issue 10 (no freeze while editing 100,000 points): the autosave takes a cheap snapshot of the session on the
GUI thread (its read-only arrays) and makes the lists, validates and encodes on its pool thread. What it writes
is byte for byte what File > Save writes for the same session, and an edit made meanwhile cannot change it."""
from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6.QtCore import Qt
from test_app_flow import LEFT, RIGHT, WAIT, click_point
from test_boundary_fills_canvas import generate_and_step
from test_regression_walk import choose_regression, choose_surface

from playground.model.session import Session
from playground.model.session_snapshot import CHUNK_ROWS, SessionSnapshot
from playground.model.state import PlaygroundState


def autosave_after_an_edit(qtbot, window, act) -> bytes:
    """Do `act` (an edit: unsaved work) and wait for the autosave it brings; the file's bytes."""
    saver = window.autosaver
    saver.set_interval_ms(20)
    with qtbot.waitSignal(saver.saved, timeout=WAIT):
        act()
    return saver.path.read_bytes()


def test_the_autosave_is_what_file_save_writes_and_its_lists_are_made_off_the_gui_thread(
        qtbot, window, tmp_path, monkeypatch):
    generate_and_step(qtbot, window, steps=2)           # points, weights, curves and a timeline to write
    made_on = []
    to_state = SessionSnapshot.to_state

    def recorded(snapshot):
        made_on.append(threading.get_ident() == threading.main_thread().ident)   # no Dummy thread made
        return to_state(snapshot)
    monkeypatch.setattr(SessionSnapshot, "to_state", recorded)
    autosaved = autosave_after_an_edit(qtbot, window, lambda: click_point(qtbot, window, *LEFT[0]))
    assert made_on == [False]                             # the lists: on the pool, not the GUI thread
    assert window.files.path is None                      # untitled: the autosave names no file
    assert window.files.save_to(tmp_path / "saved.json")
    assert (tmp_path / "saved.json").read_bytes() == autosaved


@pytest.mark.parametrize("problem", ["classification", "regression"])
def test_an_edit_after_the_snapshot_does_not_change_what_it_writes(qtbot, window, problem):
    if problem == "regression":                           # a surface: each point has a value to write
        choose_regression(qtbot, window)
        choose_surface(qtbot, window)
    generate_and_step(qtbot, window, steps=1)
    session = window.session
    snapshot = session.snapshot()
    expected = session.to_state()
    for x, y in RIGHT:                                     # add, erase, undo: the session's arrays change
        click_point(qtbot, window, x, y)
    click_point(qtbot, window, *LEFT[1], button=Qt.MouseButton.RightButton)
    window.dataset.undo_stack.undo()
    assert len(session.points) != len(snapshot.points)
    assert snapshot.to_state() == expected
    assert (snapshot.values is None) == (problem == "classification")
    for array in (snapshot.points, snapshot.labels, snapshot.weights):
        assert not array.flags.writeable


def test_a_snapshot_of_more_points_than_a_chunk_converts_as_tolist_does():
    n = 2 * CHUNK_ROWS + 7
    rng = np.random.default_rng(0)
    state = PlaygroundState(points=rng.uniform(-1, 1, (n, 2)).tolist(), labels=rng.integers(0, 2, n).tolist())
    session = Session(state)
    assert session.to_state().points == state.points and session.to_state().labels == state.labels
    with pytest.raises(ValueError, match="read-only"):
        SessionSnapshot(state, np.zeros((1, 2)), session.labels, None, None, 0, {}, {})
