"""Issue 10 (no freeze while editing 100,000 points): the autosave takes a cheap snapshot of the session on the
GUI thread (its read-only arrays) and validates and encodes it on its pool thread, with no lists of the points. What it writes
is byte for byte what File > Save writes for the same session, and an edit made meanwhile cannot change it."""
from __future__ import annotations

import re
import threading

import numpy as np
import pytest
from PySide6.QtCore import Qt
from test_app_flow import LEFT, RIGHT, WAIT, click_point
from test_boundary_fills_canvas import generate_and_step
from test_regression_walk import choose_regression, choose_surface

from playground.files.session_io import CHUNK_ITEMS, encode_session
from playground.model.session import Session
from playground.model.session_snapshot import SessionSnapshot
from playground.model.state import PlaygroundState, StateError


def autosave_after_an_edit(qtbot, window, act) -> bytes:
    """Do `act` (an edit: unsaved work) and wait for the autosave it brings; the file's bytes."""
    saver = window.autosaver
    saver.set_interval_ms(20)
    with qtbot.waitSignal(saver.saved, timeout=WAIT):
        act()
    return saver.path.read_bytes()


def test_the_autosave_is_what_file_save_writes_and_makes_no_lists_of_the_points(qtbot, window, tmp_path, monkeypatch):
    generate_and_step(qtbot, window, steps=2)           # points, weights, curves and a timeline to write
    listed, validated_on_gui_thread = [], []
    to_state, validate = Session.to_state, SessionSnapshot.validate

    def spied_to_state(session, *args, **kwargs):
        listed.append(True)
        return to_state(session, *args, **kwargs)

    def spied_validate(snapshot):
        validated_on_gui_thread.append(threading.get_ident() == threading.main_thread().ident)  # no Dummy thread
        validate(snapshot)
    monkeypatch.setattr(Session, "to_state", spied_to_state)
    monkeypatch.setattr(SessionSnapshot, "validate", spied_validate)
    autosaved = autosave_after_an_edit(qtbot, window, lambda: click_point(qtbot, window, *LEFT[0]))
    assert listed == [] and validated_on_gui_thread == [False]   # no lists; checked on the pool
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


def frozen(array) -> np.ndarray:
    array = np.array(array)
    array.flags.writeable = False
    return array


@pytest.mark.parametrize("n", [0, 3, 2 * CHUNK_ITEMS + 7])
def test_a_snapshot_encodes_as_its_lists_do(n):
    rng = np.random.default_rng(0)
    points, values = rng.uniform(-1, 1, (n, 2)), rng.uniform(-1, 1, n)
    session = Session(PlaygroundState(problem="regression", loss="mse", preset="plane", features=["x1", "x2"],
                                      points=points.tolist(), labels=[0] * n, values=values.tolist()))
    snapshot = session.snapshot()
    assert snapshot.values is not None and len(snapshot.points) == n
    snapshot.validate()
    assert (b"".join(encode_session(snapshot.file_fields()))
            == b"".join(encode_session(vars(session.to_state()))))
    with pytest.raises(ValueError, match="read-only"):
        SessionSnapshot(session.settings, np.zeros((1, 2)), session.labels, None, None, 0, {}, {})


@pytest.mark.parametrize("field", ["points", "labels", "values"])
def test_a_bad_array_is_refused_as_its_list_would_be(field):
    settings = Session(PlaygroundState(problem="regression", loss="mse", preset="plane",
                                       features=["x1", "x2"])).settings
    arrays = {"points": np.zeros((5, 2)), "labels": np.zeros(5, dtype=np.int64), "values": np.zeros(5)}
    arrays[field][3] = {"points": np.nan, "labels": 7, "values": np.inf}[field]
    snapshot = SessionSnapshot(settings, frozen(arrays["points"]), frozen(arrays["labels"]),
                               frozen(arrays["values"]), None, 0, {}, {})
    with pytest.raises(StateError) as from_lists:
        snapshot.to_state().validate()
    with pytest.raises(StateError, match=re.escape(str(from_lists.value))):
        snapshot.validate()
