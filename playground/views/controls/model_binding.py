"""A settings panel bound to the session model: its requests go straight to the model, and it shows the
model's settings whenever they change (an edit, a loaded session, the data's class count) or a request is
refused (the refused value gives way to the model's)."""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from playground.undo.session_model import SessionModel


class PanelBinding(QObject):
    """Binds `panel` (a `settings_changed(dict)` signal and `set_state(PlaygroundState)`) to `model`."""

    def __init__(self, panel: QWidget, model: SessionModel):
        super().__init__(panel)           # a child of the panel: its connections go when the panel goes
        self._panel, self._model = panel, model
        panel.settings_changed.connect(model.request_settings)
        model.settings_changed.connect(self._on_settings_changed)
        model.settings_rejected.connect(self._on_settings_rejected)
        panel.set_state(model.settings)

    def _on_settings_changed(self, _changed: dict) -> None:
        self._panel.set_state(self._model.settings)

    def _on_settings_rejected(self, _why: str) -> None:
        self._panel.set_state(self._model.settings)
