"""Session files: sessions and CSVs in and out, unsaved-changes questions, crash recovery, bad files refused."""
from __future__ import annotations

import copy
import json

import pyqtgraph as pg
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox
from test_session_io import broken_sessions

from playground.files import session_io
from playground.files.dataset_csv import read_csv, write_csv
from playground.files.menu import FileMenu
from playground.files.session_exports import SessionExports
from playground.files.session_files import SessionFiles
from playground.files.session_io import read_session, write_session
from playground.model.state import PlaygroundState

Button = QMessageBox.StandardButton


def trained() -> PlaygroundState:
    state = PlaygroundState(points=[[0.5, -1.0], [1.5, 2.0], [-2.0, 0.25]], labels=[0, 1, 1],
                            hidden_layers=[3], step=12, history={"step": [1, 2], "train_loss": [0.9, 0.8]})
    state.weights = [0.1 * (i - 6) for i in range(state.parameter_count())]
    return state


class Window(QMainWindow):
    """Stands in for the main window: holds a state, records every apply_state, and takes drops."""

    def __init__(self):
        super().__init__()
        self.state = trained()
        self.applied: list[PlaygroundState] = []
        self.plot = pg.PlotWidget(background="w")
        self.plot.plot([0, 1, 2], [2, 0, 1])
        self.setCentralWidget(self.plot)
        self.setAcceptDrops(True)
        self.files: SessionFiles | None = None
        self.exports: SessionExports | None = None
        self.file_menu_actions: FileMenu | None = None

    def current_state(self) -> PlaygroundState:
        return copy.deepcopy(self.state)

    def apply_state(self, state: PlaygroundState) -> None:
        state.validate()
        self.applied.append(state)
        self.state = copy.deepcopy(state)

    # The wiring the brief asks of the main window, two lines each:
    def dragEnterEvent(self, event):
        if self.files.accepts_drop(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event):
        if self.files.handle_drop(event.mimeData()):
            event.acceptProposedAction()


def make_window(qtbot) -> Window:
    win = Window()
    qtbot.addWidget(win)
    return win


def make_files(window: Window, settings, qtbot) -> SessionFiles:
    """SessionFiles, its exports and its File menu wired to the stand-in window as the main window would wire
    them (window.files, window.exports, window.file_menu_actions), the window shown."""
    files = SessionFiles(window.current_state, window.apply_state, settings, window)
    window.files = files
    window.exports = SessionExports(files, image_targets=lambda: {"loss plot": window.plot})
    window.file_menu_actions = FileMenu(files, window.exports, window)
    window.file_menu_actions.install(window.menuBar())
    window.show()
    qtbot.waitExposed(window)
    return files


@pytest.fixture
def window(qtbot):
    return make_window(qtbot)


@pytest.fixture
def files(window, settings, qtbot):
    return make_files(window, settings, qtbot)


@pytest.fixture
def exports(files, window):
    return window.exports


def answer_next_box(qtbot, button=None, check=None):
    """Click a button of the modal box that is about to open, as a person would."""
    def click():
        box = QApplication.activeModalWidget()
        if box is None:  # not up yet
            QTimer.singleShot(10, click)
            return
        if check:
            check(box)
        qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)
    QTimer.singleShot(0, click)


# -- sessions ---------------------------------------------------------------------------------------------

def test_save_then_open_restores_an_equal_state(files, window, tmp_path):
    path = tmp_path / "moons.json"
    assert files.save_to(path)
    saved = window.current_state()
    window.state = PlaygroundState()
    files.mark_dirty()
    files.set_interactive(False)  # answers Discard to "Save changes?"
    assert files.open_path(path)
    assert window.applied == [saved]
    assert files.path == path.resolve() and files.window_title() == "moons.json" and not files.is_dirty


def test_the_title_shows_the_file_and_unsaved_changes(files, qtbot, tmp_path):
    titles = []
    files.title_changed.connect(titles.append)
    assert files.window_title() == "Untitled"
    with qtbot.waitSignal(files.dirty_changed, check_params_cb=lambda dirty: dirty):
        files.mark_dirty()
    assert files.window_title() == "Untitled*"
    files.save_to(tmp_path / "a.json")
    assert titles[0] == "Untitled*" and titles[-1] == "a.json"


def test_new_starts_from_the_new_state_and_forgets_the_file(files, window, tmp_path):
    files.save_to(tmp_path / "a.json")
    assert files.new_session()
    assert window.applied == [PlaygroundState()] and files.path is None and files.window_title() == "Untitled"


@pytest.mark.parametrize("button, returns, saves", [(Button.Cancel, False, False), (Button.Discard, True, False),
                                                    (Button.Save, True, True)])
def test_save_changes_box_cancel_discard_save(files, window, qtbot, tmp_path, button, returns, saves):
    path = tmp_path / "s.json"
    files.save_to(path)
    window.state.step = 500
    files.mark_dirty()
    seen = []
    answer_next_box(qtbot, button, check=lambda box: seen.append((box.objectName(), box.text())))
    assert files.maybe_save() is returns
    assert seen == [("saveChangesBox", "Save the changes to “s.json”?")]
    assert (read_session(path).step == 500) is saves and files.is_dirty is not saves


def test_cancel_in_the_save_changes_box_keeps_the_session(files, window, qtbot, tmp_path):
    other = tmp_path / "other.json"
    write_session(other, PlaygroundState())
    files.mark_dirty()
    answer_next_box(qtbot, Button.Cancel)
    assert not files.open_path(other)
    answer_next_box(qtbot, Button.Cancel)
    assert not files.new_session()
    assert window.applied == [] and files.is_dirty and files.path is None


def test_unattended_answers_are_announced(files, window, tmp_path):
    questions = []
    files.question_asked.connect(questions.append)
    files.set_interactive(False, Button.Cancel)
    files.mark_dirty()
    assert not files.maybe_save() and questions == ["Save the changes to “Untitled”?"]
    files.set_interactive(False, Button.Save)
    assert not files.maybe_save()  # no file name yet, and no one to ask for one
    files.save_to(tmp_path / "s.json")
    window.state.step = 77
    files.mark_dirty()
    assert files.maybe_save() and read_session(tmp_path / "s.json").step == 77
    with pytest.raises(ValueError):
        files.set_interactive(False, Button.Yes)


# -- bad files: one message, nothing changed --------------------------------------------------------------

def unchanged(files, window, before, errors, count=1):
    assert window.applied == [] and window.state == before
    assert len(errors) == count and all(e.strip() for e in errors)


@hsettings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=broken_sessions())
def test_a_broken_session_never_changes_the_current_one(files, window, tmp_path, content):
    files.set_interactive(False)
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    try:
        read_session(path)
    except session_io.BadFileError:
        pass
    else:
        return  # the mutation left a valid file
    before, title, errors = window.current_state(), files.window_title(), []
    files.error_shown.connect(errors.append)
    try:
        assert not files.open_path(path)
    finally:
        files.error_shown.disconnect(errors.append)
    unchanged(files, window, before, errors)
    assert errors[0].startswith("Could not open “broken.json”.\n") and files.window_title() == title


@pytest.mark.parametrize("text, where", [("x1,x2,label\n1,2,0\n1,oops,1\n", "Line 3: x2 'oops' is not a number."),
                                         ("x1,x2,label\n1,2,9\n", "Line 2: label 9 is not a class id in 0..5."),
                                         ("1,2,0\n", "Line 1: expected a header row")])
def test_a_broken_csv_never_changes_the_session(files, window, tmp_path, text, where):
    files.set_interactive(False)
    (tmp_path / "bad.csv").write_text(text)
    before, errors = window.current_state(), []
    files.error_shown.connect(errors.append)
    assert not files.import_csv(tmp_path / "bad.csv")
    unchanged(files, window, before, errors)
    assert errors[0].startswith("Could not import “bad.csv”.\n" + where)


def test_the_error_box_says_what_and_where(files, window, qtbot, tmp_path):
    (tmp_path / "bad.json").write_text('{"format": "micrograd-playground-session",\n "version": 1,,}')
    seen = []
    answer_next_box(qtbot, Button.Ok, check=lambda box: seen.append(
        (box.objectName(), box.icon(), box.text(), box.informativeText())))
    assert not files.open_path(tmp_path / "bad.json")
    assert seen == [("fileErrorBox", QMessageBox.Icon.Critical, "Could not open “bad.json”.",
                     "Line 2, column 15: not valid JSON: Expecting property name enclosed in double quotes.")]
    assert window.applied == []


def test_a_missing_file_is_reported_and_dropped_from_open_recent(files, window, tmp_path):
    files.set_interactive(False)
    path = tmp_path / "gone.json"
    files.save_to(path)
    path.unlink()
    errors = []
    files.error_shown.connect(errors.append)
    assert files.recent_files() == [str(path.resolve())]
    files.recent_menu.actions()[0].trigger()
    assert "does not exist" in errors[0] and files.recent_files() == [] and window.applied == []


def test_a_window_that_refuses_the_state_is_reported(window, settings, tmp_path):
    def refuse(state):
        raise ValueError("history: unknown key(s) x")

    files = SessionFiles(window.current_state, refuse, settings, window)
    files.set_interactive(False)
    write_session(tmp_path / "s.json", PlaygroundState())
    errors = []
    files.error_shown.connect(errors.append)
    assert not files.open_path(tmp_path / "s.json")
    assert errors == ["Could not open “s.json”.\nHistory: unknown key(s) x."] and files.path is None


# -- interrupted saves --------------------------------------------------------------------------------------

def test_a_save_that_fails_midway_keeps_the_old_file_and_the_unsaved_mark(files, window, tmp_path, monkeypatch):
    files.set_interactive(False)
    path = tmp_path / "s.json"
    files.save_to(path)
    before = path.read_bytes()
    window.state.step = 1000
    files.mark_dirty()

    def half_then_full_disk(data):
        yield b'{"format": "micrograd-playground-session", "version": 1, "state": {'
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(session_io, "encode_session", half_then_full_disk)
    errors = []
    files.error_shown.connect(errors.append)
    assert not files.save_to(path)
    assert path.read_bytes() == before and read_session(path).step == 12
    assert files.is_dirty and files.window_title() == "s.json*"
    assert errors == ["Could not save “s.json”; the previous file is unchanged.\nNo space left on device"]
    assert [p.name for p in tmp_path.iterdir() if p.name not in ("s.json", "settings.ini")] == []  # no litter


def test_saving_into_a_folder_that_is_gone_is_reported(files, tmp_path):
    files.set_interactive(False)
    errors = []
    files.error_shown.connect(errors.append)
    assert not files.save_to(tmp_path / "gone" / "s.json")
    assert errors[0].startswith("Could not save “s.json”") and files.path is None


# -- CSV, images, models ------------------------------------------------------------------------------------

def test_import_csv_replaces_the_data_and_keeps_a_network_that_still_fits(files, window, tmp_path, qtbot):
    write_csv(tmp_path / "d.csv", [[1.0, 2.0], [3.0, 4.0]], [1, 0])
    with qtbot.waitSignal(files.imported):
        assert files.import_csv(tmp_path / "d.csv")
    state = window.applied[-1]
    assert (state.points, state.labels, state.num_classes) == ([[1.0, 2.0], [3.0, 4.0]], [1, 0], 2)
    assert state.weights == trained().weights and files.is_dirty
    write_csv(tmp_path / "three.csv", [[1.0, 2.0], [3.0, 4.0]], [2, 0])
    files.import_csv(tmp_path / "three.csv")  # three classes: three outputs, a new network
    assert window.applied[-1].num_classes == 3 and window.applied[-1].weights is None


def test_import_csv_can_go_through_the_windows_own_dataset_hook(window, settings, tmp_path):
    got = []
    files = SessionFiles(window.current_state, window.apply_state, settings, window,
                         apply_dataset=lambda p, l, k, v: got.append((p, l, k)))
    (tmp_path / "d.csv").write_text("x1,x2,label\n1,2,-1\n3,4,1\n")
    assert files.import_csv(tmp_path / "d.csv")
    assert got == [([[1.0, 2.0], [3.0, 4.0]], [0, 1], 2)] and window.applied == []


def test_export_csv_round_trips(exports, window, tmp_path):
    assert exports.export_csv(tmp_path / "d.csv")
    data = read_csv(tmp_path / "d.csv")
    assert (data.points, data.labels) == (window.state.points, window.state.labels)


def test_export_model_and_image(files, exports, window, tmp_path):
    files.set_interactive(False)
    for kind, name in (("engine", "m.py"), ("torch", "t.py"), ("json", "w.json")):
        assert exports.export_model(tmp_path / name, kind)
    assert json.loads((tmp_path / "w.json").read_text())["parameters"] == window.state.weights
    assert exports.export_image("loss plot", tmp_path / "plot.png")
    assert not QImage(str(tmp_path / "plot.png")).isNull()
    with pytest.raises(ValueError, match="no view named 'graph'"):
        exports.export_image("graph", tmp_path / "g.png")
    window.state.weights = None
    errors = []
    files.error_shown.connect(errors.append)
    assert not exports.export_model(tmp_path / "none.py", "engine")
    assert errors == ["Could not export the model to “none.py”.\nThere is no trained model yet: press Train (or "
                      "Step) first."]
