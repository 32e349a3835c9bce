"""Autosave: written soon after a change, readable after a crash, gone after a clean exit, cheap for the GUI."""
from __future__ import annotations

import json
import threading

import pytest
from PySide6.QtCore import QTimer
from test_session_files import Button, answer_next_box, make_window, trained

from playground.files import autosave
from playground.files.autosave import AUTOSAVE_NAME, Autosaver, default_data_dir
from playground.files.dataset_csv import write_csv
from playground.files.session_files import SessionFiles
from playground.files.session_io import BadFileError, write_session
from playground.model.state import PlaygroundState


class Session:
    """Stands in for the main window: a state that changes, and a count of how often it was asked for."""

    def __init__(self, n: int = 3):
        self.state = PlaygroundState(points=[[0.1 * i, -0.2 * i] for i in range(n)], labels=[i % 2 for i in range(n)])
        self.calls = 0

    def __call__(self) -> PlaygroundState:
        self.calls += 1
        return self.state


@pytest.fixture
def session():
    return Session()


@pytest.fixture
def saver(tmp_path, session):
    saver = Autosaver(session, data_dir=tmp_path / "data", interval_ms=100)
    yield saver
    saver.close()  # no write left running on the pool


def test_a_change_is_written_within_the_interval_and_recovered(saver, session, qtbot, tmp_path):
    assert not saver.path.exists() and Autosaver.find_recovery(tmp_path / "data") is None
    with qtbot.waitSignal(saver.saved, timeout=2000) as blocker:
        saver.mark_dirty()
    assert blocker.args == [str(tmp_path / "data" / AUTOSAVE_NAME)]
    assert not saver.is_dirty
    assert Autosaver.find_recovery(tmp_path / "data") == (session.state, None)


def test_a_burst_of_changes_is_one_write_of_the_latest_state(saver, session, qtbot, tmp_path):
    with qtbot.waitSignal(saver.saved, timeout=2000):
        for i in range(50):
            session.state.points[0] = [float(i), 0.0]
            saver.mark_dirty()
    assert session.calls == 1
    assert Autosaver.find_recovery(tmp_path / "data").state.points[0] == [49.0, 0.0]


def test_changes_that_never_stop_are_still_written_every_interval(saver, session, qtbot, tmp_path):
    changing = QTimer(interval=10)  # a training run: a change every 10 ms, far more often than the interval

    def step():
        session.state.step += 1
        saver.mark_dirty()

    changing.timeout.connect(step)
    changing.start()
    try:
        for _ in range(3):
            with qtbot.waitSignal(saver.saved, timeout=2000):
                pass
    finally:
        changing.stop()
    assert Autosaver.find_recovery(tmp_path / "data").state.step > 0


def test_a_write_does_not_hold_a_state_the_gui_goes_on_changing(saver, session, qtbot, tmp_path):
    with qtbot.waitSignal(saver.saved, timeout=2000):
        saver.mark_dirty()
        qtbot.waitUntil(lambda: session.calls == 1, timeout=2000)
        session.state.points.append([9.0, 9.0])  # may happen while the pool encodes: its copy is its own
    assert len(Autosaver.find_recovery(tmp_path / "data").state.points) == 3


def test_save_now_writes_at_once_and_discard_removes_it(saver, session, tmp_path):
    session.state.step = 41
    assert saver.save_now()
    assert Autosaver.find_recovery(tmp_path / "data").state.step == 41
    saver.discard()
    assert not saver.path.exists() and Autosaver.find_recovery(tmp_path / "data") is None
    saver.discard()  # twice is fine


def test_discard_waits_for_a_write_in_flight_so_no_autosave_survives_a_clean_exit(saver, session, qtbot):
    saver.mark_dirty()
    qtbot.waitUntil(lambda: session.calls == 1, timeout=2000)  # the write is on the pool now
    saver.discard()
    assert not saver.path.exists()


def test_a_failed_write_is_reported_and_the_previous_autosave_stays(saver, session, qtbot, tmp_path):
    assert saver.save_now()
    before = saver.path.read_bytes()
    session.state.labels[0] = 7  # not a class id: the state does not validate
    with qtbot.waitSignal(saver.failed, timeout=2000) as blocker:
        saver.mark_dirty()
    assert "labels[0]" in blocker.args[0]
    assert saver.path.read_bytes() == before and saver.is_dirty
    assert not saver.save_now()


def test_an_unwritable_data_folder_is_reported(tmp_path, session, qtbot):
    (tmp_path / "file").write_text("not a folder")
    saver = Autosaver(session, data_dir=tmp_path / "file" / "data", interval_ms=50)
    try:
        with qtbot.waitSignal(saver.failed, timeout=2000) as blocker:
            saver.mark_dirty()
        assert blocker.args[0].startswith("Autosave failed:")
    finally:
        saver.close()


@pytest.mark.parametrize("content", [b"", b"\x00\xff garbage", b'{"format": "micrograd-playground-session"}'])
def test_find_recovery_refuses_an_unreadable_autosave_rather_than_skipping_it(tmp_path, content):
    (tmp_path / AUTOSAVE_NAME).write_bytes(content)
    with pytest.raises(BadFileError):
        Autosaver.find_recovery(tmp_path)


def test_find_recovery_reads_a_session_written_by_anyone(tmp_path):
    state = PlaygroundState(points=[[1.0, 2.0]], labels=[1], step=5)
    write_session(tmp_path / AUTOSAVE_NAME, state)
    assert Autosaver.find_recovery(tmp_path) == (state, None)


def test_a_dict_from_current_state_works_too(tmp_path, qtbot):
    state = PlaygroundState(points=[[1.0, 2.0]], labels=[1])
    saver = Autosaver(state.to_dict, data_dir=tmp_path, interval_ms=20)
    try:
        with qtbot.waitSignal(saver.saved, timeout=2000):
            saver.mark_dirty()
    finally:
        saver.close()
    assert Autosaver.find_recovery(tmp_path).state == state


def test_arguments_are_checked(tmp_path, session):
    with pytest.raises(ValueError, match="callable"):
        Autosaver(PlaygroundState(), data_dir=tmp_path)
    for bad in (0, 5, True, 2.5, 10**8):
        with pytest.raises(ValueError, match="interval_ms"):
            Autosaver(session, data_dir=tmp_path, interval_ms=bad)
    saver = Autosaver(session)
    assert saver.path == default_data_dir() / AUTOSAVE_NAME
    assert saver.interval_ms == 5000


def test_autosaving_100k_points_validates_and_encodes_off_the_gui_thread(tmp_path, qtbot, monkeypatch):
    # What keeps the GUI responsive is where the work runs (the time it takes is in `make bench`): the GUI
    # thread only takes a copy; validating and encoding the 100,000 points happen on the pool.
    n = 100_000
    session = Session(n)
    session.state.history = {"step": list(range(n)), "train_loss": [1 / (i + 1) for i in range(n)]}
    gui_thread, threads = threading.get_ident(), []
    real_encode = autosave.encode_session

    def recording_encode(*args, **kwargs):
        threads.append(threading.get_ident())
        return real_encode(*args, **kwargs)

    monkeypatch.setattr(autosave, "encode_session", recording_encode)
    saver = Autosaver(session, data_dir=tmp_path, interval_ms=10)
    try:
        with qtbot.waitSignal(saver.saved, timeout=20_000):
            saver.mark_dirty()
    finally:
        saver.close()
    assert threads and gui_thread not in threads
    assert len(json.loads(saver.path.read_bytes())["state"]["points"]) == n


# -- with the File menu: crash recovery at launch, and the autosave's life --------------------------------------------------------

@pytest.fixture
def window(qtbot):
    return make_window(qtbot)


@pytest.fixture
def autosaver(window, tmp_path):
    saver = Autosaver(window.current_state, data_dir=tmp_path / "data", interval_ms=50)
    yield saver
    saver.close()


@pytest.fixture
def recovering(window, settings, autosaver, qtbot):
    """SessionFiles at the next launch after a crash: the autosave holds a trained session."""
    crashed = trained()
    crashed.step = 4321
    autosaver.data_dir.mkdir()
    write_session(autosaver.path, crashed)
    files = SessionFiles(window.current_state, window.apply_state, settings, window, autosaver=autosaver)
    window.state = PlaygroundState()
    return files, crashed


def test_after_launch_restores_the_crashed_session_and_keeps_it_autosaved(recovering, window, autosaver, qtbot):
    files, crashed = recovering
    with qtbot.waitSignal(files.restored):
        files.after_launch(None, restore="yes")
    assert window.applied == [crashed] and files.is_dirty and files.window_title() == "Untitled*"
    with qtbot.waitSignal(autosaver.saved, timeout=2000):
        pass  # the restored work is still unsaved: it is written to the autosave again
    assert Autosaver.find_recovery(autosaver.data_dir) == (crashed, None)


def test_after_launch_asks_and_restore_is_a_click(recovering, window, qtbot):
    files, crashed = recovering
    seen = []
    answer_next_box(qtbot, Button.Yes, check=lambda box: seen.append(
        (box.objectName(), box.button(Button.Yes).text(), box.button(Button.No).text(), box.informativeText())))
    files.after_launch(None)
    assert seen[0][:3] == ("restoreBox", "Restore", "Discard") and "3 points, 4,321 training steps" in seen[0][3]
    assert window.applied == [crashed]


def test_declining_the_restore_drops_the_autosave(recovering, window, autosaver, qtbot):
    files, _ = recovering
    answer_next_box(qtbot, Button.No)
    files.after_launch(None)
    assert window.applied == [] and not autosaver.path.exists()


def test_unattended_launch_restores_nothing_and_keeps_the_autosave(recovering, window, autosaver, tmp_path):
    files, _ = recovering
    files.set_interactive(False)
    questions = []
    files.question_asked.connect(questions.append)
    write_csv(tmp_path / "d.csv", [[1.0, 1.0]], [1])
    files.after_launch(str(tmp_path / "d.csv"))
    assert questions[0].startswith("micrograd playground did not close properly.")
    assert autosaver.path.exists() and window.state.points == [[1.0, 1.0]]  # the file given still opens
    with pytest.raises(ValueError, match="restore must be one of ask, yes, no"):
        files.after_launch(None, restore="maybe")


def test_nothing_unsaved_means_no_autosave(window, settings, autosaver, qtbot, tmp_path):
    files = SessionFiles(window.current_state, window.apply_state, settings, window, autosaver=autosaver)
    with qtbot.waitSignal(autosaver.saved, timeout=2000):
        files.mark_dirty()
    assert autosaver.path.exists()
    files.save_to(tmp_path / "s.json")
    assert not autosaver.path.exists()
    files.mark_dirty()
    files.on_closed()  # the window closes after maybe_save() said yes
    assert not autosaver.path.exists()
