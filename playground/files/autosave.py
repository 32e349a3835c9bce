"""Crash insurance: the current session, written to `autosave.json` in the data folder while it changes.

The timer starts at the first change after a write and is not pushed back by later ones, so a session that
changes constantly (training) is still written every `interval_ms`. The GUI thread only takes a
`SessionSnapshot` (the session's read-only arrays and its small fields: well under a millisecond at 100,000
points); validating (numpy on the arrays), JSON-encoding and the QSaveFile write run on a private one-thread
QThreadPool, in short pieces so the GUI thread keeps getting the GIL. What is written is what File > Save
writes for the same session: the arrays encode as the lists `Session.to_state` makes of them. A crash at any
moment leaves either the previous autosave or the new one, never a torn file (QSaveFile renames on commit).
The autosave names the session file it holds unsaved changes of ("autosave_of"), so a restore gets it back.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QObject, QStandardPaths, QThreadPool, QTimer, Signal, Slot

from playground.files.session_io import (
    atomic_write,
    detached_dict,
    encode_session,
    read_autosave,
)
from playground.model.session_snapshot import SessionSnapshot
from playground.model.state import PlaygroundState, StateError

AUTOSAVE_NAME = "autosave.json"
UNREADABLE_NAME = "autosave-unreadable.json"  # where an autosave that cannot be read is kept for the user
DEFAULT_INTERVAL_MS = 5000


class Recovery(NamedTuple):
    """What a session that did not exit cleanly left: its state and the file it was unsaved changes of."""
    state: PlaygroundState
    source: Path | None


def default_data_dir() -> Path:
    """The user's data folder for this app (QStandardPaths.AppDataLocation; needs the app/org names set)."""
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def _write(path: Path, data: dict | SessionSnapshot, source: str | None) -> None:
    """Runs on the pool: the snapshot (or the detached copy) validated, then encoded and written atomically."""
    # Never leave a file that find_recovery would refuse.
    if isinstance(data, SessionSnapshot):
        data.validate()
        fields = data.file_fields()
    else:
        fields = vars(PlaygroundState.from_dict(data))
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, encode_session(fields, autosave_of=source))


class _Relay(QObject):
    """Carries a pool write's outcome back to the GUI thread (emitted from the pool: a queued connection)."""
    finished = Signal(int, str)  # (write number, "" on success or the error message)


class Autosaver(QObject):
    """Writes the session to `<data_dir>/autosave.json` every `interval_ms` while `mark_dirty()` is called.

    `current_state` is called on the GUI thread and returns a SessionSnapshot (the app's: `Session.snapshot`),
    or a PlaygroundState (or its to_dict()), copied then.
    Call `discard()` on a clean exit (the file goes) and `close()` before dropping the object otherwise.
    """

    saved = Signal(str)   # the autosave path, after each successful write
    failed = Signal(str)  # why a write failed (full disk, invalid state); the previous autosave is intact

    def __init__(self, current_state: Callable[[], SessionSnapshot | PlaygroundState | dict], data_dir=None,
                 interval_ms: int = DEFAULT_INTERVAL_MS, parent: QObject | None = None):
        super().__init__(parent)
        if not callable(current_state):
            raise ValueError("current_state must be a callable returning the PlaygroundState")
        self._current_state = current_state
        self._data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
        if not str(self._data_dir):
            raise ValueError("no data directory: pass data_dir or set the application name first")
        self._dirty = False
        self._source: str | None = None  # the session file the autosave holds unsaved changes of
        self._in_flight = 0       # the number of the write on the pool, 0 when none
        self._writes = 0
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one write at a time, in order
        self._relay = _Relay(self)
        self._relay.finished.connect(self._on_write_finished)
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.set_interval_ms(interval_ms)

    # -- API -------------------------------------------------------------------------------------
    @property
    def path(self) -> Path:
        return self._data_dir / AUTOSAVE_NAME

    @property
    def data_dir(self) -> Path:
        return self._data_dir

    @property
    def is_dirty(self) -> bool:
        return self._dirty

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    def set_interval_ms(self, interval_ms: int) -> None:
        if isinstance(interval_ms, bool) or not isinstance(interval_ms, int) or not 10 <= interval_ms <= 3_600_000:
            raise ValueError(f"interval_ms must be a whole number of milliseconds in 10..3600000, got {interval_ms!r}")
        self._timer.setInterval(interval_ms)

    def set_source(self, path) -> None:
        """The session file the current work belongs to (None: untitled); later autosaves name it."""
        self._source = None if path is None else str(Path(path).resolve())

    def mark_dirty(self) -> None:
        """Something a session holds has changed: write within `interval_ms`."""
        self._dirty = True
        if not self._timer.isActive():
            self._timer.start()

    def save_now(self) -> bool:
        """Write synchronously (e.g. on the way out); waits for a background write first. True on success."""
        self._timer.stop()
        self._pool.waitForDone()
        try:
            data = self._detached_state()
            self._dirty = False
            _write(self.path, data, self._source)
        except (OSError, ValueError) as exc:  # StateError is a ValueError
            self._dirty = True
            self.failed.emit(f"Autosave failed: {exc}")
            return False
        self.saved.emit(str(self.path))
        return True

    def discard(self) -> None:
        """A clean exit (saved, or changes deliberately dropped): stop and remove the autosave file."""
        self.close()
        self._dirty = False
        try:
            os.remove(self.path)
        except FileNotFoundError:
            pass

    def close(self) -> None:
        """Stop the timer and wait for a write in progress; the file stays. Safe to call more than once."""
        self._timer.stop()
        self._pool.waitForDone()
        self._in_flight = 0       # its queued outcome, arriving later, is ignored

    @staticmethod
    def find_recovery(data_dir=None) -> Recovery | None:
        """What a session that did not exit cleanly left, or None when there is no autosave. An autosave
        that cannot be read raises (BadFileError or OSError): it is reported, never silently skipped."""
        path = Path(data_dir if data_dir is not None else default_data_dir()) / AUTOSAVE_NAME
        try:
            state, source = read_autosave(path)
        except FileNotFoundError:
            return None
        return Recovery(state, Path(source) if source else None)

    def set_aside_unreadable(self) -> Path:
        """Move an autosave that cannot be read out of the way (the next write would replace it), to
        UNREADABLE_NAME beside it. Returns where it went. Raises OSError if it cannot be moved."""
        aside = self._data_dir / UNREADABLE_NAME
        os.replace(self.path, aside)
        return aside

    # -- internals ----------------------------------------------------------------------------------
    def _detached_state(self) -> dict | SessionSnapshot:
        state = self._current_state()
        if isinstance(state, SessionSnapshot):
            return state          # immutable: a later edit swaps the session's arrays, never writes into them
        if not isinstance(state, (PlaygroundState, dict)):
            raise StateError(f"current_state returned {type(state).__name__}, not a PlaygroundState")
        try:
            return detached_dict(state)
        except (KeyError, TypeError, AttributeError) as exc:  # a dict missing fields, or wrong shapes
            raise StateError(f"the state cannot be saved: {exc!r}") from None

    @Slot()
    def _on_timer_timeout(self) -> None:
        if self._in_flight:       # the disk is slow: try again later rather than queueing writes
            self._timer.start()
            return
        try:
            data = self._detached_state()
        except ValueError as exc:
            self.failed.emit(f"Autosave failed: {exc}")
            return
        self._dirty = False       # changes from now on need another write
        self._writes += 1
        self._in_flight = number = self._writes
        path, source, relay = self.path, self._source, self._relay
        self._pool.start(lambda: Autosaver._run_write(number, path, data, source, relay))

    @staticmethod
    def _run_write(number: int, path: Path, data: dict | SessionSnapshot, source: str | None, relay: _Relay) -> None:
        try:
            _write(path, data, source)
        except (OSError, ValueError) as exc:
            relay.finished.emit(number, f"Autosave failed: {exc}")
        else:
            relay.finished.emit(number, "")

    @Slot(int, str)
    def _on_write_finished(self, number: int, error: str) -> None:
        if number != self._in_flight:
            return                # a write that close() already waited for
        self._in_flight = 0
        if error:
            self._dirty = True    # the next change (or save_now) tries again
            self.failed.emit(error)
        else:
            self.saved.emit(str(self.path))
