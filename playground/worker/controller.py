"""The GUI thread's handle on the training worker: owns the thread, forwards commands as queued signals, and
drops the snapshots of models it has asked the worker to replace (so the window only sees current ones)."""
from __future__ import annotations

import dataclasses
import weakref

from PySide6.QtCore import QAbstractEventDispatcher, QObject, Qt, QThread, Signal, Slot

from playground.worker.config import LIVE_SETTINGS, TrainingConfig
from playground.worker.worker import TrainingWorker


class TrainingController(QObject):
    snapshot_ready = Signal(object)          # Snapshot of the current model, delivered in the GUI thread
    model_started = Signal()                 # the first snapshot of a fresh model follows (a fresh curve)
    config_rejected = Signal(str)
    start_refused = Signal(str)              # Train pressed, but the worker cannot train: why

    # Commands to the worker: signals, so Qt queues them into the worker's thread.
    _configure_requested = Signal(object)
    _data_requested = Signal(object)
    _settings_requested = Signal(dict)
    _start_requested = Signal()
    _pause_requested = Signal()
    _step_requested = Signal()
    _restore_requested = Signal()
    _weight_requested = Signal(int, int, int, float)
    _maps_requested = Signal(bool)
    _view_requested = Signal(object)

    _live = weakref.WeakSet()                # every controller not yet shut down (tests check it)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("trainingThread")
        self._worker = TrainingWorker()
        self._worker.moveToThread(self._thread)
        w = self._worker
        self._configure_requested.connect(w.configure)
        self._data_requested.connect(w.replace_data)
        self._settings_requested.connect(w.update_settings)
        self._start_requested.connect(w.start)
        self._pause_requested.connect(w.pause)
        self._step_requested.connect(w.step_once)
        self._restore_requested.connect(w.restore_best_weights)
        self._weight_requested.connect(w.set_weight)
        self._maps_requested.connect(w.set_neuron_maps_wanted)
        self._view_requested.connect(w.set_view_extent)
        w.snapshot_ready.connect(self._on_worker_snapshot_ready)   # queued: runs in the GUI thread
        w.start_refused.connect(self.start_refused)
        w.config_rejected.connect(self._on_config_rejected)
        self._thread.finished.connect(w.deleteLater)
        self._thread.start()
        # The worker numbers its models; snapshots below `_stale_below` come from models already replaced.
        self._shown_model = 0
        self._requested_model = 0
        self._stale_below = 0
        TrainingController._live.add(self)

    # -- commands ------------------------------------------------------------------------------
    def configure(self, config: TrainingConfig, continues_curve: bool = False) -> None:
        """A new model; snapshots of the old one still in flight are dropped from here on. Its first snapshot
        comes after `model_started` unless `continues_curve` (a loaded session goes on with its curves)."""
        self._requested_model = max(self._requested_model, self._shown_model) + 1
        self._stale_below = self._requested_model
        if continues_curve:
            self._shown_model = self._requested_model
        self._configure_requested.emit(dataclasses.replace(config, model_id=self._requested_model))

    def replace_data(self, config: TrainingConfig) -> None:
        self._data_requested.emit(config)

    def update_settings(self, changes: dict) -> None:
        self._settings_requested.emit(dict(changes))

    def follow_settings(self, changed: dict) -> None:
        """The session's changed settings (`SessionModel.settings_changed`): the live ones go to the worker
        for its next step; the others change the network or the data, which configure/replace_data bring."""
        live = {k: v for k, v in changed.items() if k in LIVE_SETTINGS}
        if live:
            self._settings_requested.emit(live)

    def start(self) -> None:
        self._start_requested.emit()

    def pause(self) -> None:
        self._pause_requested.emit()

    def step(self) -> None:
        self._step_requested.emit()

    def restore_best_weights(self) -> None:
        self._restore_requested.emit()

    def set_weight(self, layer: int, neuron: int, index: int, value: float) -> None:
        self._weight_requested.emit(layer, neuron, index, float(value))

    def set_neuron_maps_wanted(self, wanted: bool) -> None:
        self._maps_requested.emit(bool(wanted))

    def set_view_extent(self, extent) -> None:
        """The part of the plane the canvas shows, (xmin, xmax, ymin, ymax): the worker computes the boundary
        over it (and sends a fresh one right away when paused)."""
        self._view_requested.emit(tuple(extent))

    @Slot(str)
    def _on_config_rejected(self, message: str) -> None:
        self._stale_below = 0                      # the old model stays: its snapshots are current again
        self.config_rejected.emit(message)

    @Slot(object)
    def _on_worker_snapshot_ready(self, snapshot) -> None:
        try:
            if snapshot.model_id < self._stale_below:
                return
            if snapshot.model_id != self._shown_model:
                self._shown_model = snapshot.model_id
                if snapshot.step == 0:
                    self.model_started.emit()
            self.snapshot_ready.emit(snapshot)     # the window takes it, directly, in here...
        finally:
            # ...and paints it in the events that follow: the worker hears back once they are all done and
            # the GUI thread is about to sleep.
            QAbstractEventDispatcher.instance().aboutToBlock.connect(
                self._on_gui_idle, Qt.ConnectionType.SingleShotConnection)

    @Slot()
    def _on_gui_idle(self) -> None:
        self._worker.snapshot_painted()

    # -- lifetime ------------------------------------------------------------------------------
    def is_running(self) -> bool:
        return self._thread.isRunning()

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Stop training and join the thread; True once it has ended."""
        if not self._thread.isRunning():
            TrainingController._live.discard(self)
            return True
        self._worker.request_stop()
        self._thread.quit()
        ended = self._thread.wait(timeout_ms)
        if ended:
            TrainingController._live.discard(self)
        return ended

    @classmethod
    def running_controllers(cls) -> list:
        return [c for c in list(cls._live) if c.is_running()]
