"""Train ▸ Play Timeline (Ctrl+Shift+P) and Train ▸ Resume from Here (Ctrl+Shift+R): the timeline bar's Play
and "Resume from here" from the keyboard and the menu bar, enabled exactly when the bar's buttons are (its
event filter watches their EnabledChange), Play's check mark following the bar's."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSignalBlocker
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from playground.error_guard import guard_override
from playground.views.timeline_bar import TimelineBar
from playground.window.view_menu import find_menu

PLAY_SHORTCUT = "Ctrl+Shift+P"
RESUME_SHORTCUT = "Ctrl+Shift+R"


class TimelineActions(QObject):
    def __init__(self, window: QMainWindow, bar: TimelineBar):
        super().__init__(window)
        self.setObjectName("timelineActions")
        self._bar = bar
        self.play = QAction("&Play Timeline", window, checkable=True, objectName="actionTimelinePlay")
        self.play.setShortcut(QKeySequence(PLAY_SHORTCUT))
        self.play.setToolTip(f"Replay the run's checkpoints as an animation ({PLAY_SHORTCUT})")
        self.resume = QAction("Resume from &Here", window, objectName="actionTimelineResume")
        self.resume.setShortcut(QKeySequence(RESUME_SHORTCUT))
        self.resume.setToolTip(f"Train on from the step the timeline shows ({RESUME_SHORTCUT})")
        menu = find_menu(window, "Train") or window.menuBar().addMenu("&Train")
        menu.addSeparator()
        for action in (self.play, self.resume):
            menu.addAction(action)
            window.addAction(action)        # the shortcut works with the menu bar out of sight (full screen)
        self.play.triggered.connect(self._on_play_triggered)
        self.resume.triggered.connect(bar.resume_button.click)
        bar.play_toggled.connect(self._on_bar_play_toggled)
        for button in (bar.play_button, bar.resume_button):
            button.installEventFilter(self)
        self._follow_buttons()

    @guard_override(fallback=False)
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.EnabledChange:
            self._follow_buttons()
        return False

    def _follow_buttons(self) -> None:
        self.play.setEnabled(self._bar.play_button.isEnabled())
        self.resume.setEnabled(self._bar.resume_button.isEnabled())

    def _on_play_triggered(self) -> None:
        self._bar.play_button.setChecked(self.play.isChecked())

    def _on_bar_play_toggled(self, playing: bool) -> None:
        with QSignalBlocker(self.play):
            self.play.setChecked(playing)
