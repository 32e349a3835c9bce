"""A window's session file: its name, unsaved changes, crash recovery, and every file operation.

`SessionFiles` talks to the main window only through the callables it is given (see its docstring). Every
operation has a dialog-free method (`open_path`, `save_to`, `import_csv`, ...), so tests drive it without
dialogs; FileMenu (menu.py) holds one and puts them in the File menu, SessionExports (session_exports.py)
writes copies out. A refused file is reported once (an error box, and `error_shown`) and the session stays
exactly as it was: files are read and validated completely before `apply_state` is called.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QWidget

from playground.files import dialogs, recovery
from playground.files.autosave import Autosaver
from playground.files.dataset_csv import read_csv
from playground.files.dialogs import SESSION_FILTER, Button
from playground.files.recent import RecentFiles, dropped_file
from playground.files.session_io import BadFileError, read_session, write_session
from playground.model.state import PlaygroundState

RESTORE_CHOICES = ("ask", "yes", "no")


class SessionFiles(QObject):
    """One window's session file: its name, unsaved changes, and every file operation, without menus.

    current_state() -> PlaygroundState   everything a session file holds, now
    apply_state(state)                   replace everything with a state (may raise ValueError to refuse it)
    settings                             where Open Recent and the last folder are kept
    parent                               the window: parent of every dialog
    new_state() -> PlaygroundState       what File > New starts from (default: PlaygroundState())
    apply_dataset(points, labels, k, values)   optional: how an imported CSV replaces the data (e.g. an undoable
                                         command); without it, apply_state gets the current state with the
                                         new data (weights kept if the network still fits, else dropped)
    autosaver                            optional Autosaver: mark_dirty() reaches it too; it is emptied when
                                         nothing is unsaved (after Save, Open, New, on_closed())
    """

    opened = Signal(str)         # a session was opened from this path
    saved = Signal(str)          # the session was saved to this path
    imported = Signal(str)       # a dataset CSV was imported from this path
    dirty_changed = Signal(bool)
    title_changed = Signal(str)  # window_title(), whenever the file name or the dirty flag changes
    error_shown = Signal(str)    # an error's full text, emitted before its box (or instead, if not interactive)
    question_asked = Signal(str)  # a "Save changes?"/"Restore?" question, emitted before its box (or instead)
    restored = Signal()          # after_launch() restored an autosaved session

    def __init__(self, current_state: Callable[[], PlaygroundState],
                 apply_state: Callable[[PlaygroundState], None], settings: QSettings, parent: QWidget,
                 new_state: Callable[[], PlaygroundState] | None = None,
                 apply_dataset: Callable[[list, list, int, list | None], None] | None = None,
                 autosaver: Autosaver | None = None):
        super().__init__(parent)
        for name, fn, required in (("current_state", current_state, True), ("apply_state", apply_state, True),
                                   ("new_state", new_state, False),
                                   ("apply_dataset", apply_dataset, False)):
            if (fn is not None or required) and not callable(fn):
                raise ValueError(f"{name} must be callable")
        if not isinstance(settings, QSettings):
            raise ValueError("settings must be a QSettings")
        if not isinstance(parent, QWidget):
            raise ValueError("parent must be the main window (a QWidget)")
        if autosaver is not None and not isinstance(autosaver, Autosaver):
            raise ValueError("autosaver must be an Autosaver or None")
        self._current_state, self._apply_state = current_state, apply_state
        self._new_state = new_state or PlaygroundState
        self._apply_dataset = apply_dataset
        self._autosaver = autosaver
        self._settings, self._window = settings, parent
        self._path: Path | None = None
        self._dirty = False
        self._interactive = True
        self._unattended_answer = Button.Discard
        self.recent = RecentFiles(settings, parent)
        self.recent.open_requested.connect(self.open_path)
        self.recent_menu = self.recent.menu

    # -- dirty bookkeeping and the title ---------------------------------------------------------------
    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def is_dirty(self) -> bool:
        return self._dirty

    def mark_dirty(self) -> None:
        """Something a session file holds has changed (connect the window's "state changed" here)."""
        self._set_dirty(True)
        if self._autosaver is not None:
            self._autosaver.mark_dirty()

    def mark_clean(self) -> None:
        self._set_dirty(False)
        if self._autosaver is not None:
            self._autosaver.discard()  # nothing unsaved: nothing to recover after a crash

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)
            self.title_changed.emit(self.window_title())

    def window_title(self) -> str:
        """"moons.json*" (unsaved changes), "moons.json", "Untitled". Qt appends the app's display name."""
        return (self._path.name if self._path else "Untitled") + ("*" if self._dirty else "")

    def set_interactive(self, interactive: bool, unattended_answer=Button.Discard) -> None:
        """False (tests, scripted runs): no modal boxes. Errors only emit error_shown; questions emit
        question_asked and get `unattended_answer` (Save, Discard or Cancel; a Restore? question: keep the
        autosave for later, restore nothing)."""
        if unattended_answer not in (Button.Save, Button.Discard, Button.Cancel):
            raise ValueError("unattended_answer must be QMessageBox.Save, Discard or Cancel")
        self._interactive = bool(interactive)
        self._unattended_answer = unattended_answer

    def maybe_save(self) -> bool:
        """Before closing, New or Open: offer to save unsaved changes. False if the user cancels."""
        if not self._dirty:
            return True
        text = f"Save the changes to “{self._path.name if self._path else 'Untitled'}”?"
        self.question_asked.emit(text)
        answer = dialogs.ask_save_changes(self._window, text) if self._interactive else self._unattended_answer
        if answer == Button.Save:
            return self.save()
        return answer == Button.Discard

    def after_launch(self, path=None, restore: str = "ask") -> None:
        """At start-up: offer the autosave a crash left behind (restore "ask", "yes" or "no"), then open
        `path` (a .json session or .csv dataset) if given. Call before the autosaver can write. An autosave
        that cannot be read is reported and set aside (renamed), never silently skipped."""
        if restore not in RESTORE_CHOICES:
            raise ValueError(f"restore must be one of {', '.join(RESTORE_CHOICES)}, got {restore!r}")
        recovered = None if self._autosaver is None else \
            recovery.recover_at_launch(self._autosaver, restore, self._ask_restore, self.report_error)
        if recovered is not None and self._apply(recovered.state, "Could not restore the autosaved session."):
            self._set_path(recovered.source)  # where Save writes, as before the crash
            self.mark_dirty()  # unsaved work, still: it stays in the autosave until saved
            self.title_changed.emit(self.window_title())
            self.restored.emit()
        if path:
            self.open_any(path)

    def _ask_restore(self, text: str, detail: str) -> str:
        self.question_asked.emit(f"{text}\n{detail}")
        if not self._interactive:
            return "keep"
        return "yes" if dialogs.ask_restore(self._window, text, detail) else "no"

    def on_closed(self) -> None:
        """The window closes after maybe_save() agreed: the work is saved or deliberately dropped."""
        if self._autosaver is not None:
            self._autosaver.discard()

    def report_error(self, what: str, exc: BaseException) -> None:
        """One message for a person: error_shown, then (if interactive) an error box."""
        detail = dialogs.explain(exc)
        self.error_shown.emit(f"{what}\n{detail}")
        if self._interactive:
            dialogs.show_error(self._window, what, detail)

    # -- the operations, without dialogs -----------------------------------------------------------------
    def new_session(self) -> bool:
        return self._open_untitled(self._new_state(), "Could not start a new session.")

    def open_untitled(self, state: PlaygroundState, name: str) -> bool:
        """Open `state` (an example) as an untitled session, so Save asks for a name; asks to save first."""
        return self._open_untitled(state, f"Could not open “{name}”.")

    def _open_untitled(self, state: PlaygroundState, what: str) -> bool:
        if not self.maybe_save() or not self._apply(state, what):
            return False
        self._set_path(None)
        self.mark_clean()
        self.title_changed.emit(self.window_title())
        return True

    def open_path(self, path, ask_to_save: bool = True) -> bool:
        """Open a session file, first asking to save changes unless the caller already did (maybe_save()).
        False if refused or cancelled."""
        if ask_to_save and not self.maybe_save():
            return False
        path = Path(path)
        try:
            state = read_session(path)
        except (OSError, BadFileError) as exc:
            self.report_error(f"Could not open “{path.name}”.", exc)
            if isinstance(exc, FileNotFoundError):
                self.recent.remove(path)
            return False
        if not self._apply(state, f"Could not open “{path.name}”."):
            return False
        self._adopt(path)
        self.opened.emit(str(path))
        return True

    def _adopt(self, path: Path) -> None:
        """`path` is now the session's file, in step with what is on disk."""
        self._set_path(path)
        self.mark_clean()
        self.title_changed.emit(self.window_title())
        self.recent.remember_folder(path)
        self.recent.add(path)

    def _set_path(self, path) -> None:
        """The session's file (None: untitled), told to the autosaver so a restore gets it back."""
        self._path = None if path is None else Path(path).resolve()
        if self._autosaver is not None:
            self._autosaver.set_source(self._path)

    def open_any(self, path) -> bool:
        """A session (.json) or a dataset (.csv), by extension: for drops and the command line."""
        suffix = Path(path).suffix.lower()
        if suffix == ".csv":
            return self.import_csv(path)
        if suffix == ".json":
            return self.open_path(path)
        self.report_error(f"Could not open “{Path(path).name}”.", ValueError("open a session (.json) or a dataset (.csv)"))
        return False

    def save(self) -> bool:
        """Save to the current file, or ask for one. False if cancelled or failed."""
        if self._path is None:
            return self._interactive and self.save_as()  # unattended: no one to ask for a name
        return self.save_to(self._path)

    def save_to(self, path) -> bool:
        path = Path(path)
        try:
            write_session(path, self._current_state())
        except (OSError, ValueError) as exc:
            self.report_error(f"Could not save “{path.name}”; the previous file is unchanged.", exc)
            return False
        self._adopt(path)
        self.saved.emit(str(path))
        return True

    def import_csv(self, path) -> bool:
        path = Path(path)
        try:
            data = read_csv(path)
        except (OSError, BadFileError) as exc:
            self.report_error(f"Could not import “{path.name}”.", exc)
            return False
        if self._apply_dataset is not None:
            try:
                self._apply_dataset(data.points, data.labels, data.num_classes, data.values)
            except ValueError as exc:
                self.report_error(f"Could not import “{path.name}”.", exc)
                return False
        else:
            state = replace(self._current_state(), points=data.points, labels=data.labels,
                            num_classes=data.num_classes, values=data.values)
            if state.weights is not None and len(state.weights) != state.parameter_count():
                state = replace(state, weights=None, step=0, history={})  # other classes: a new network
            if not self._apply(state, f"Could not import “{path.name}”."):
                return False
        self.recent.remember_folder(path)
        self.mark_dirty()
        self.imported.emit(str(path))
        return True

    def _apply(self, state: PlaygroundState, what: str) -> bool:
        try:
            self._apply_state(state)
        except ValueError as exc:  # the window refused it (StateError is a ValueError)
            self.report_error(what, exc)
            return False
        return True

    def current_state(self) -> PlaygroundState:
        """Everything a session file holds, now (what exports write)."""
        return self._current_state()

    def recent_files(self) -> list[str]:
        return self.recent.paths()

    # -- drag and drop -----------------------------------------------------------------------------------
    def accepts_drop(self, mime: QMimeData) -> bool:
        """For dragEnterEvent: one local .json (session) or .csv (dataset) file."""
        return dropped_file(mime) is not None

    def handle_drop(self, mime: QMimeData) -> bool:
        """For dropEvent: True if accepted. The file opens just after the drop returns (a dialog inside a
        drop would hold the drag source hostage); watch opened/imported/error_shown for the outcome."""
        path = dropped_file(mime)
        if path is None:
            return False
        QTimer.singleShot(0, self, lambda: self.open_any(path))
        return True

    def save_as(self) -> bool:
        """Ask for a file name, then save there. False if cancelled or failed."""
        name = self._path.name if self._path else "session.json"
        path, _ = dialogs.ask_save_name(self._window, "Save Session As", self.recent.last_folder(name), SESSION_FILTER)
        return bool(path) and self.save_to(path)
