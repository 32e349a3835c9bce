"""Files and sessions on the real MainWindow, from a default window, as a person meets them (issue 8).

Launch and close untouched, open a file given on the command line, crash recovery, long runs, bad files.
Message boxes are signals here (the window fixture is unattended): a question that should not be asked
shows up in question_asked, and an unattended Cancel makes the operation it would block fail.
"""
from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox
from test_app_flow import (
    WAIT,
    button,
    click_point,
    draw_two_clusters,
    wait_paused,
    wait_trainable,
)

from playground.files.autosave import AUTOSAVE_NAME, UNREADABLE_NAME, Autosaver
from playground.files.session_io import read_session, write_csv, write_session
from playground.model.history import HISTORY_GROUPS, MAX_ROWS
from playground.model.state import PlaygroundState, StateError
from playground.window.main_window import MainWindow

Button = QMessageBox.StandardButton


def heard(window):
    """Every question and error the window's files would have put in a box."""
    said = []
    window.files.question_asked.connect(said.append)
    window.files.error_shown.connect(said.append)
    return said


def relu_session(path, **changes) -> PlaygroundState:
    """A small trained session with relu (not the default activation), written to `path`."""
    state = PlaygroundState(points=[[-1.0, 0.5], [1.0, -0.5], [0.8, 0.9]], labels=[0, 1, 1], hidden_layers=[3],
                            activation="relu", seed=7, step=40,
                            history={"step": [38, 39, 40], "train_loss": [0.5, 0.4, 0.3],
                                     "eval_step": [40], "train_accuracy": [1.0],
                                     "test_step": [], "test_loss": [], "test_accuracy": []}, **changes)
    state.weights = [0.05 * (i - 6) for i in range(state.parameter_count())]
    write_session(path, state)
    return state


def fresh_window(qtbot, tmp_path, name: str, unattended=Button.Discard) -> MainWindow:
    settings = QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat)
    win = MainWindow(settings=settings, data_dir=tmp_path / f"{name}-data")
    qtbot.addWidget(win)
    win.files.set_interactive(False, unattended)
    win.show()
    return win


def train_a_little(qtbot, window, steps=30):
    draw_two_clusters(qtbot, window)
    wait_trainable(qtbot, window)
    qtbot.mouseClick(button(window, "trainButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.latest_snapshot().step >= steps, timeout=WAIT)
    qtbot.mouseClick(button(window, "trainButton"), Qt.MouseButton.LeftButton)
    wait_paused(qtbot, window)


# -- a fresh window is clean ---------------------------------------------------------------------------------

def test_closing_an_untouched_window_asks_nothing_and_autosaves_nothing(qtbot, window):
    said = heard(window)
    qtbot.waitUntil(lambda: window.latest_snapshot() is not None, timeout=WAIT)   # the worker has reported
    assert not window.files.is_dirty and window.windowTitle().startswith("Untitled")
    assert not window.autosaver.is_dirty, "an autosave of an empty session would be written"
    assert window.close()
    assert said == [] and not window.autosaver.path.exists()


def test_a_file_given_on_the_command_line_opens_without_a_question(qtbot, tmp_path):
    saved = relu_session(tmp_path / "work.json")
    # As `python -m playground work.json` does; nobody answers, and a question would be answered Cancel.
    window = fresh_window(qtbot, tmp_path, "launch", unattended=Button.Cancel)
    try:
        said = heard(window)
        with qtbot.waitSignal(window.files.opened, timeout=WAIT):
            window.files.after_launch(str(tmp_path / "work.json"))
        assert said == []
        assert window.files.path == (tmp_path / "work.json").resolve() and not window.files.is_dirty
        assert window.state().activation == "relu" and window.dataset.count() == len(saved.points)
    finally:
        window.controller.shutdown()


def test_edits_after_launch_still_count(qtbot, window):
    draw_two_clusters(qtbot, window)
    assert window.files.is_dirty and window.autosaver.is_dirty


# -- open + save gives back the same file ----------------------------------------------------------------------

def test_open_then_save_gives_back_the_same_file(qtbot, window, tmp_path):
    train_a_little(qtbot, window)
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert window.files.save_to(first)
    saved = read_session(first)
    assert saved.history["eval_step"][-1] == saved.step, "the trained session ends with an evaluation"
    later = fresh_window(qtbot, tmp_path, "later")       # the next day: launch, open, save
    try:
        with qtbot.waitSignal(later.snapshot_painted, timeout=WAIT, check_params_cb=lambda s: s.step == saved.step):
            assert later.files.open_path(first)          # the loaded model reports at the step it was saved at
        assert later.files.save_to(second)
    finally:
        later.controller.shutdown()
    assert read_session(second).history == saved.history
    assert second.read_bytes() == first.read_bytes()


# -- numbers that are not finite floats ----------------------------------------------------------------------

BIG = "9" * 400


def session_text_with(tmp_path, field: str) -> str:
    """A valid session's text with one number replaced by a 400-digit integer."""
    relu_session(tmp_path / "good.json")
    doc = json.loads((tmp_path / "good.json").read_text())
    where, key = doc["state"], field
    if field == "points[1][0]":
        where, key = doc["state"]["points"][1], 0
    elif field == "history.train_loss[2]":
        where, key = doc["state"]["history"]["train_loss"], 2
    where[key] = "@BIG@"
    return json.dumps(doc).replace('"@BIG@"', BIG)


@pytest.mark.parametrize("field", ["seed", "learning_rate", "points[1][0]", "history.train_loss[2]"])
def test_an_integer_too_big_for_a_float_is_refused_naming_the_field(qtbot, window, tmp_path, field):
    (tmp_path / "big.json").write_text(session_text_with(tmp_path, field))
    said, before = heard(window), window.current_state()
    assert not window.files.open_path(tmp_path / "big.json")
    assert len(said) == 1 and said[0].startswith("Could not open “big.json”.\nLine 1, column ")
    assert f"field '{field}': an integer of 400 digits is not a finite number" in said[0]
    assert window.current_state() == before and window.files.path is None


def test_an_integer_of_5000_digits_is_refused_with_its_line(qtbot, window, tmp_path):
    text = session_text_with(tmp_path, "seed").replace(BIG, "1" * 5000)
    (tmp_path / "huge.json").write_text(text.replace('"seed": ', '\n"seed": '))
    said = heard(window)
    assert not window.files.open_path(tmp_path / "huge.json")
    assert "Line 2, column 9: field 'seed': an integer of 5,000 digits is not a finite number" in said[0]
    assert "4300" not in said[0]


def test_at_launch_a_bad_file_and_a_bad_autosave_are_reported_and_the_app_goes_on(qtbot, tmp_path):
    window = fresh_window(qtbot, tmp_path, "crashed")
    try:
        said = heard(window)
        window.autosaver.data_dir.mkdir(parents=True)
        window.autosaver.path.write_text(session_text_with(tmp_path, "history.train_loss[2]"))
        (tmp_path / "big.json").write_text(session_text_with(tmp_path, "seed"))
        window.files.after_launch(str(tmp_path / "big.json"), restore="yes")
        assert len(said) == 2
        assert said[0].startswith("The work autosaved before micrograd playground last closed could not be read. "
                                  f"It was kept as {window.autosaver.data_dir / UNREADABLE_NAME}.\n")
        assert "field 'history.train_loss[2]': an integer of 400 digits" in said[0]
        assert said[1].startswith("Could not open “big.json”.") and "field 'seed'" in said[1]
        assert not window.autosaver.path.exists() and (window.autosaver.data_dir / UNREADABLE_NAME).exists()
        assert window.dataset.count() == 0 and not window.files.is_dirty
    finally:
        window.controller.shutdown()


# -- long runs stay small --------------------------------------------------------------------------------------

def test_a_long_run_saves_small_reopens_and_autosaves(qtbot, window, tmp_path):
    rng = np.random.default_rng(0)
    spike_at, n, per_snapshot = 123_456, 2_000_000, 1000
    for start in range(0, n, per_snapshot):          # two million steps, as snapshots deliver them
        steps = np.arange(start + 1, start + per_snapshot + 1)
        losses = np.exp(-steps / 4e5) + 0.01 * rng.random(per_snapshot)
        losses[steps == spike_at] = 7.5
        window.loss_plot.append(steps, losses)
        window.loss_plot.append_test(int(steps[-1]), float(losses[-1]), 0.9, 0.85)
    history = window.current_state().history
    for group, keys in HISTORY_GROUPS.items():
        assert len(history[keys[0]]) <= MAX_ROWS, group
    assert history["step"][-1] == n and max(history["train_loss"]) == 7.5, "old spikes survive decimation"

    path = tmp_path / "long.json"
    assert window.files.save_to(path)
    assert path.stat().st_size < 1_000_000
    assert window.files.open_path(path) and window.current_state().history == history
    assert window.autosaver.save_now()
    assert Autosaver.find_recovery(window.autosaver.data_dir).state.history == history


def test_a_long_history_from_an_older_file_is_decimated_when_opened(qtbot, window, tmp_path):
    n = 3 * MAX_ROWS
    write_session(tmp_path / "old.json", PlaygroundState(history={"step": list(range(n)),
                                                                  "train_loss": [1 / (i + 1) for i in range(n)]}))
    assert window.files.open_path(tmp_path / "old.json")
    history = window.current_state().history
    assert len(history["step"]) <= MAX_ROWS and history["step"][-1] == n - 1
    assert max(history["train_loss"]) == 1.0 and min(history["train_loss"]) == 1 / n


# -- fields that are missing or do not fit -------------------------------------------------------------------

@pytest.mark.parametrize("field", ["activation", "hidden_layers", "weights", "history"])
def test_a_session_missing_a_field_is_refused_naming_it(qtbot, window, tmp_path, field):
    relu_session(tmp_path / "good.json")
    doc = json.loads((tmp_path / "good.json").read_text())
    del doc["state"][field]
    (tmp_path / "partial.json").write_text(json.dumps(doc))
    said, before = heard(window), window.current_state()
    assert not window.files.open_path(tmp_path / "partial.json")
    assert said == [f"Could not open “partial.json”.\nMissing field '{field}' (format version 3)."]
    assert window.current_state() == before


@pytest.mark.parametrize("history", [
    {"step": [1], "train_loss": [0.5], "losses": [1.0]},                  # a curve the plot does not know
    {"step": [5, 4], "train_loss": [0.5, 0.4]},                            # steps going backwards
    {"step": [1, 2], "train_loss": [0.5, None]},                           # a null (NaN, once)
    {"step": [1, 2], "train_loss": [0.5, float("nan")]},
    {"step": [1]},                                                         # half a group
    {"eval_step": [1], "train_accuracy": [1.5]},                           # an accuracy over 100%
])
def test_the_session_reader_and_the_window_apply_one_rule_to_a_history(qtbot, window, history):
    with pytest.raises(StateError) as by_reader:
        PlaygroundState(history=history).validate()         # what read_session and write_session apply
    with pytest.raises(ValueError) as by_plot:
        window.loss_plot.set_history(history)
    assert str(by_reader.value) == str(by_plot.value)


def test_a_history_the_window_keeps_is_one_the_reader_takes(qtbot, window):
    train_a_little(qtbot, window, steps=5)
    PlaygroundState(history=window.loss_plot.history()).validate()


# -- crash recovery brings back the file too ---------------------------------------------------------------

def test_a_restored_autosave_comes_back_with_its_file(qtbot, window, tmp_path):
    relu_session(tmp_path / "work.json")
    assert window.files.open_path(tmp_path / "work.json")
    window.autosaver.set_interval_ms(20)
    with qtbot.waitSignal(window.autosaver.saved, timeout=WAIT):
        click_point(qtbot, window, 0.5, 0.5)             # unsaved work, then the app is killed
    crash_dir = tmp_path / "crash-data"
    crash_dir.mkdir()
    shutil.copy(window.autosaver.path, crash_dir / AUTOSAVE_NAME)

    settings = QSettings(str(tmp_path / "next.ini"), QSettings.Format.IniFormat)
    again = MainWindow(settings=settings, data_dir=crash_dir)
    qtbot.addWidget(again)
    again.files.set_interactive(False)
    try:
        with qtbot.waitSignal(again.files.restored):
            again.files.after_launch(None, restore="yes")
        assert again.files.path == (tmp_path / "work.json").resolve()
        assert again.windowTitle().startswith("work.json*") and again.files.is_dirty
        assert again.dataset.count() == 3 + 1
        assert again.files.save() and read_session(tmp_path / "work.json").points == again.current_state().points
    finally:
        again.controller.shutdown()


# -- CSV ----------------------------------------------------------------------------------------------------------

def test_importing_a_csv_is_one_undoable_step(qtbot, window, tmp_path):
    draw_two_clusters(qtbot, window)
    drawn = window.dataset.points()
    write_csv(tmp_path / "three.csv", [[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]], [0, 1, 2])
    assert window.files.import_csv(tmp_path / "three.csv")
    assert window.dataset.count() == 3 and window.dataset.num_classes == 3
    window.findChild(QAction, "actionUndo").trigger()                # Edit ▸ Undo
    np.testing.assert_array_equal(window.dataset.points(), drawn)
    assert window.dataset.num_classes == 2
    window.findChild(QAction, "actionRedo").trigger()
    assert window.dataset.points().tolist() == [[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]]


def test_a_csv_with_decimal_commas_is_refused_naming_the_line(qtbot, window, tmp_path):
    (tmp_path / "comma.csv").write_text("x1,x2,label\n0,5,1,5,1\n")
    said = heard(window)
    assert not window.files.import_csv(tmp_path / "comma.csv")
    assert said == [("Could not import “comma.csv”.\nLine 2: expected 3 values, as in the header row, found 5; "
                     "the numbers look like they use decimal commas (0,5): write the file with decimal points.")]
    assert window.dataset.count() == 0
