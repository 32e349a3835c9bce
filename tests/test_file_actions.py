"""The File menu: its actions, shortcuts, dialogs, Open Recent, and drops onto the window."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog
from test_session_files import make_files, make_window  # a stand-in main window

from playground.files.dataset_csv import write_csv
from playground.files.menu import FileMenu
from playground.files.session_exports import SessionExports
from playground.files.session_files import SessionFiles
from playground.files.session_io import read_session, write_session
from playground.model.state import PlaygroundState


@pytest.fixture
def window(qtbot):
    return make_window(qtbot)


@pytest.fixture
def files(window, settings, qtbot):
    return make_files(window, settings, qtbot)


@pytest.fixture
def file_menu(files, window) -> FileMenu:
    return window.file_menu_actions


# -- the menu -------------------------------------------------------------------------------------------

def test_the_file_menu_has_the_actions_with_their_names_and_shortcuts(files, file_menu, window):
    menu = window.menuBar().findChild(type(files.recent_menu), "menuFile")
    assert window.menuBar().actions()[0].menu() is menu
    names = [a.objectName() for a in menu.actions() if not a.isSeparator()]
    assert names == ["actionNew", "actionOpen", "", "actionSave", "actionSaveAs", "actionImportCsv",
                     "actionExportCsv", "actionExportImage", "actionExportModel"]  # "" is Open Recent
    keys = {n: window.findChild(type(file_menu.actions["actionNew"]), n).shortcut() for n in file_menu.actions}
    assert keys["actionNew"] == QKeySequence("Ctrl+N") and keys["actionOpen"] == QKeySequence("Ctrl+O")
    assert keys["actionSave"] == QKeySequence("Ctrl+S") and keys["actionSaveAs"] == QKeySequence("Ctrl+Shift+S")
    assert files.recent_menu.objectName() == "menuRecent" and not files.recent_menu.isEnabled()


def test_ctrl_s_saves_to_the_current_file(files, window, qtbot, tmp_path):
    path = tmp_path / "s.json"
    assert files.save_to(path)
    window.state.step = 99
    files.mark_dirty()
    with qtbot.waitSignal(files.saved, timeout=2000):
        qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert read_session(path).step == 99 and not files.is_dirty


# -- Open Recent, dialogs, drops ------------------------------------------------------------------------------

def test_open_recent_keeps_the_last_eight_newest_first(files, file_menu, window, tmp_path, settings):
    for i in range(10):
        files.save_to(tmp_path / f"s{i}.json")
    assert files.recent_files() == [str((tmp_path / f"s{i}.json").resolve()) for i in range(9, 1, -1)]
    texts = [a.text() for a in files.recent_menu.actions() if a.objectName().startswith("actionRecent")]
    assert texts[0] == "&1  s9.json" and len(texts) == 8
    again = SessionFiles(window.current_state, window.apply_state, settings, window)  # next launch
    assert again.recent_files() == files.recent_files()
    files.set_interactive(False)
    files.recent_menu.findChild(type(file_menu.actions["actionNew"]), "actionRecent3").trigger()
    assert files.path == (tmp_path / "s6.json").resolve()
    files.recent_menu.findChild(type(file_menu.actions["actionNew"]), "actionClearRecent").trigger()
    assert files.recent_files() == [] and not files.recent_menu.isEnabled()


def test_save_as_asks_for_a_name_and_adds_the_extension(files, file_menu, window, qtbot, tmp_path):
    def fill_in():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(10, fill_in)
            return
        dialog.setDirectory(str(tmp_path))
        dialog.selectFile(str(tmp_path / "mine"))
        dialog.accept()

    QTimer.singleShot(0, fill_in)
    with qtbot.waitSignal(files.saved, timeout=5000) as blocker:
        file_menu.actions["actionSaveAs"].trigger()
    assert blocker.args == [str(tmp_path / "mine.json")] and read_session(tmp_path / "mine.json") == window.state


def mime_for(*paths) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) if not str(p).startswith("http") else QUrl(str(p)) for p in paths])
    return mime


def test_drops_take_one_session_or_csv(files, tmp_path):
    assert files.accepts_drop(mime_for(tmp_path / "a.json")) and files.accepts_drop(mime_for(tmp_path / "b.CSV"))
    for mime in (mime_for(tmp_path / "a.txt"), mime_for(tmp_path / "a.json", tmp_path / "b.json"),
                 mime_for("https://example.org/a.json"), QMimeData()):
        assert not files.accepts_drop(mime) and not files.handle_drop(mime)


def test_dropping_a_session_and_a_csv_on_the_window_opens_them(files, window, qtbot, tmp_path):
    write_session(tmp_path / "s.json", PlaygroundState(points=[[1.0, 1.0]], labels=[1]))
    write_csv(tmp_path / "d.csv", [[5.0, 6.0]], [0])

    def drop(path):
        mime = mime_for(path)
        pos = QPointF(window.width() / 2, window.height() / 2)
        enter = QDragEnterEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(window, enter)
        assert enter.isAccepted()
        event = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(window, event)
        assert event.isAccepted()

    with qtbot.waitSignal(files.opened, timeout=2000):
        drop(tmp_path / "s.json")
    assert window.state.points == [[1.0, 1.0]]
    with qtbot.waitSignal(files.imported, timeout=2000):
        drop(tmp_path / "d.csv")
    assert window.state.points == [[5.0, 6.0]] and files.path == (tmp_path / "s.json").resolve()


def test_the_constructor_checks_its_arguments(window, settings):
    with pytest.raises(ValueError, match="current_state must be callable"):
        SessionFiles(None, window.apply_state, settings, window)
    with pytest.raises(ValueError, match="settings"):
        SessionFiles(window.current_state, window.apply_state, "settings.ini", window)
    with pytest.raises(ValueError, match="parent"):
        SessionFiles(window.current_state, window.apply_state, settings, None)
    files = SessionFiles(window.current_state, window.apply_state, settings, window)
    with pytest.raises(ValueError, match="image_targets must be callable"):
        SessionExports(files, image_targets={"plot": window.plot})
    exports = SessionExports(files)
    with pytest.raises(ValueError, match="SessionFiles and SessionExports"):
        FileMenu(files, None, window)
    with pytest.raises(ValueError, match="parent"):
        FileMenu(files, exports, None)
    menu = FileMenu(files, exports, window)
    with pytest.raises(ValueError, match="QMenuBar"):
        menu.install(window)
    existing = window.menuBar().addMenu("&File")  # a window that made its File menu already
    assert menu.install(existing) is existing and existing.objectName() == "menuFile"
    assert existing.actions()[0] is menu.actions["actionNew"]
    with pytest.raises(ValueError, match="kind"):
        exports.export_model(Path("m.onnx"), "onnx")
