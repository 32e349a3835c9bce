"""The thin Qt adapter over the Qt-free `Session`: every change goes through here and is announced once.

Widgets observe these signals; nobody keeps a second copy of what the session holds. Dataset edits go
through `dataset` (a `DatasetModel` over the same session, so every one is an undoable command).
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from playground.model.session import Session
from playground.model.state import PlaygroundState
from playground.undo.dataset_model import DatasetModel


class SessionModel(QObject):
    settings_changed = Signal(dict)    # {field: new value} of the settings that changed
    data_changed = Signal()            # points, labels or the class count (every edit, undo and redo)
    history_changed = Signal()         # the loss curves grew, were cleared or replaced
    timeline_changed = Signal()        # checkpoints were added, dropped or replaced (session.timeline)
    weights_changed = Signal()         # new weights (a snapshot of the run) or none
    run_state_changed = Signal()       # running or diverged flipped

    def __init__(self, parent: QObject | None = None, state: PlaygroundState | None = None):
        super().__init__(parent)
        self.session = Session(state)
        self.dataset = DatasetModel(self, session=self.session)
        self.dataset.changed.connect(self.data_changed)

    @property
    def settings(self) -> PlaygroundState:
        return self.session.settings

    def update_settings(self, changes: dict) -> dict:
        """Validated (StateError, nothing changed, otherwise); returns and announces what changed."""
        changed = self.session.update_settings(changes)
        if changed:
            self.settings_changed.emit(changed)
        return changed

    def load_settings(self, state: PlaygroundState) -> None:
        """Everything but the data (the dataset loads that, as an undoable step) from a validated state."""
        s = self.session
        data = (s.points, s.labels, s.settings.num_classes)
        s.load(state)
        s.set_data(*data)
        self.settings_changed.emit({})
        self.history_changed.emit()
        self.timeline_changed.emit()
        self.weights_changed.emit()
        self.run_state_changed.emit()

    def append_losses(self, steps, losses) -> None:
        """A snapshot's per-step train losses onto the session's curves (NaN/inf skipped)."""
        self.session.history.append_train(steps, losses)
        self.history_changed.emit()

    def append_eval(self, step: int, test_loss, train_accuracy, test_accuracy) -> None:
        """An evaluation at `step` (test loss and accuracy None without a test split) onto the curves."""
        self.session.history.append_eval(step, test_loss, train_accuracy, test_accuracy)
        self.history_changed.emit()

    def clear_history(self) -> None:
        """A fresh model: fresh curves and an empty timeline."""
        self.session.new_run()
        self.history_changed.emit()
        self.timeline_changed.emit()

    def append_checkpoints(self, batch) -> None:
        """A snapshot's new timeline rows (a CheckpointBatch) into the session's timeline."""
        if self.session.add_checkpoints(batch.steps, batch.losses, batch.weights):
            self.timeline_changed.emit()

    def truncate_run(self, step: int) -> tuple:
        """Curves and checkpoints after `step` dropped ("resume from here"); returns them for put_back_run."""
        dropped = self.session.truncate_run(step)
        self.history_changed.emit()
        self.timeline_changed.emit()
        return dropped

    def put_back_run(self, dropped: tuple) -> None:
        self.session.put_back_run(dropped)
        self.history_changed.emit()
        self.timeline_changed.emit()

    def set_weights(self, flat, step: int) -> None:
        self.session.set_weights(flat, step)
        self.weights_changed.emit()

    def set_run_state(self, running: bool | None = None, diverged: bool | None = None) -> None:
        before = (self.session.running, self.session.diverged)
        self.session.set_run_state(running, diverged)
        if (self.session.running, self.session.diverged) != before:
            self.run_state_changed.emit()
