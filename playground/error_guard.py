"""One guard for the whole app: a bug costs a message in the status bar, never the user's work.

Two halves:
* `install_exception_hook(show)` replaces `sys.excepthook`, where PySide6 reports exceptions from slots and
  timers (in any thread): the traceback goes to the log, a one-line message to `show` on the GUI thread.
  It then calls the hook it replaced (unless that is the interpreter's own, which would print the traceback
  a second time), so pytest-qt's capture still sees every exception and fails the test.
* `guard_override` wraps a Qt virtual (showEvent, paintEvent, eventFilter, ...). An exception escaping one
  can abort the process in PySide6 (6.11 segfaults on one raised by C code, such as a bad format spec), so
  the wrapper catches it and hands it to whatever `sys.excepthook` is current: ours in the app, pytest-qt's
  in tests.
"""
from __future__ import annotations

import functools
import logging
import sys

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger("playground")
MESSAGE_DETAIL = 160    # characters of the exception shown in the status bar; the log has all of it


def guard_override(method=None, *, fallback=None):
    """Decorate a Qt override so no exception escapes it; it returns `fallback` after one."""
    def wrap(func):
        @functools.wraps(func)
        def guarded(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            except Exception:       # noqa: BLE001 - reported, not swallowed
                sys.excepthook(*sys.exc_info())
                return fallback
        return guarded
    return wrap(method) if method is not None else wrap


class _Messenger(QObject):
    """Carries the message to the GUI thread: the hook also runs for exceptions in the training thread."""

    posted = Signal(str)

    def __init__(self, show):
        super().__init__()          # made in the GUI thread, so emits from other threads are queued to it
        self._show = show
        self.posted.connect(self._on_posted)

    @Slot(str)
    def _on_posted(self, text: str) -> None:
        try:
            self._show(text)
        except Exception:           # the message is a courtesy; never raise from here
            log.exception("Could not show the error message")


def install_exception_hook(show):
    """Route uncaught exceptions to the log and to `show(text)` (called on the GUI thread); call this on the
    GUI thread. Returns a function that undoes it."""
    previous = sys.excepthook
    messenger = _Messenger(show)

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            return previous(exc_type, exc, tb)
        log.error("Unexpected error", exc_info=(exc_type, exc, tb))
        if previous is not sys.__excepthook__:
            previous(exc_type, exc, tb)
        try:
            detail = f"{exc_type.__name__}: {exc}"
        except Exception:           # noqa: BLE001 - an exception whose str() fails still gets its name shown
            detail = exc_type.__name__
        if len(detail) > MESSAGE_DETAIL:
            detail = detail[:MESSAGE_DETAIL - 1] + "…"
        messenger.posted.emit(f"Internal error ({detail}). Your work is intact; details are in the log.")

    sys.excepthook = hook

    def uninstall():
        if sys.excepthook is hook:
            sys.excepthook = previous
    return uninstall
