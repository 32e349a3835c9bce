"""The app-wide guard: an exception in a Qt override or a slot costs a message, never the process; and
pytest-qt still sees it (tests keep failing on any such exception)."""
from __future__ import annotations

import sys
import threading

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from playground.error_guard import guard_override, install_exception_hook
from playground.views.graph.computation_view import ComputationGraphView


def c_level_error():
    """A ValueError raised inside C code: escaping a PySide6 6.11 override, this one segfaults."""
    return f"{1.0:+d}"


class Fragile(QWidget):
    @guard_override
    def showEvent(self, event) -> None:
        super().showEvent(event)
        c_level_error()


def test_an_exception_in_a_guarded_override_reaches_the_hook_and_the_widget_lives_on(qtbot):
    widget = Fragile()
    qtbot.addWidget(widget)
    with qtbot.capture_exceptions() as exceptions:
        widget.show()
    assert widget.isVisible()
    assert [type(e[1]) for e in exceptions] == [ValueError]
    assert "Unknown format code" in str(exceptions[0][1])


def test_the_graph_views_show_event_is_guarded(qtbot, monkeypatch):
    view = ComputationGraphView()
    qtbot.addWidget(view)
    view._dirty = True                              # as after a sample set while hidden
    view._sample = object()
    monkeypatch.setattr(view, "rebuild", c_level_error)
    with qtbot.capture_exceptions() as exceptions:
        view.show()
    assert view.isVisible() and len(exceptions) == 1


class Emitter(QObject):
    fired = Signal()


def test_the_app_hook_shows_a_message_and_still_hands_the_exception_on(window, qtbot):
    emitter = Emitter()
    emitter.fired.connect(c_level_error)
    with qtbot.capture_exceptions() as exceptions:
        before = sys.excepthook
        uninstall = install_exception_hook(lambda text: window.status.show_message(text, error=True))
        try:
            QTimer.singleShot(0, emitter.fired.emit)
            qtbot.waitUntil(lambda: len(exceptions) == 1)
        finally:
            uninstall()
        assert sys.excepthook is before
    assert "Internal error (ValueError: Unknown format code" in window.status.text()
    assert window.isVisible()


def test_an_exception_in_another_thread_is_shown_on_the_gui_thread(window, qtbot):
    shown_on = []

    def show(text):
        shown_on.append(threading.current_thread() is threading.main_thread())
        window.status.show_message(text, error=True)

    def fail_in_a_thread():
        try:
            c_level_error()
        except ValueError:
            sys.excepthook(*sys.exc_info())     # what PySide does with an exception in a worker's slot

    with qtbot.capture_exceptions() as exceptions:
        uninstall = install_exception_hook(show)
        try:
            thread = threading.Thread(target=fail_in_a_thread)
            thread.start()
            thread.join()
            qtbot.waitUntil(lambda: shown_on == [True])
        finally:
            uninstall()
    assert len(exceptions) == 1 and "Internal error (ValueError" in window.status.text()
