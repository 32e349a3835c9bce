"""The thin Qt adapter over the Qt-free `Session`: every change goes through here and is announced once.

Widgets observe these signals; nobody keeps a second copy of what the session holds. The settings panels
send their requests straight here (`request_settings`): a valid one that changes a value is announced once as
`settings_changed`, a refused one as `settings_rejected` (nothing changed). Dataset edits go through `dataset`
(a `DatasetModel` over the same session, so every one is an undoable command).
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from playground.model.problem import implied_changes
from playground.model.session import Session
from playground.model.state import PlaygroundState, StateError
from playground.undo.dataset_model import DatasetModel


class SessionModel(QObject):
    settings_changed = Signal(dict)    # {field: new value} of the settings that changed ({}: a session loaded)
    settings_rejected = Signal(str)    # why a requested change was refused (nothing changed)
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
        # The class count is a setting the data carry (a picked class, a preset, an undo): announced as one.
        self.dataset.num_classes_changed.connect(self._on_num_classes_changed)

    @property
    def settings(self) -> PlaygroundState:
        return self.session.settings

    def update_settings(self, changes: dict) -> dict:
        """Validated (StateError, nothing changed, otherwise); returns and announces what changed."""
        changed = self.session.update_settings(changes)
        if changed:
            self.settings_changed.emit(changed)
        return changed

    def request_settings(self, changes: dict) -> None:
        """A control's request: applied if valid, else refused with `settings_rejected` (the controls then
        show the session's values again)."""
        try:   # a new problem brings its loss, preset and features: one update, never a half-switched state
            self.update_settings(implied_changes(self.session.settings, changes))
        except (StateError, ValueError) as exc:
            self.settings_rejected.emit(f"Not applied: {exc}")

    def _on_num_classes_changed(self, k: int) -> None:
        self.settings_changed.emit({"num_classes": k})

    def load_settings(self, state: PlaygroundState) -> None:
        """Everything but the data (the dataset loads that, as an undoable step) from a validated state."""
        s = self.session
        data = (s.points, s.labels, s.settings.num_classes, s.values)
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
        """An evaluation at `step` (test loss and accuracy None without a test split) onto the curves.
        In regression the accuracies are R²; below 0 (worse than predicting the mean) it is recorded as 0,
        the curves' floor (the status bar shows the figure itself)."""
        if self.session.settings.problem == "regression":
            train_accuracy, test_accuracy = (a if a is None or not a < 0 else 0.0
                                             for a in (train_accuracy, test_accuracy))
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
