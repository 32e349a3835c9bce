"""The GUI thread's handle on training: owns the training process (process_link.py), forwards commands to it,
and drops the snapshots of models it has asked to replace (so the window only sees current ones).

The process starts on the first command and ends on `shutdown`. If it dies (killed, crashed), the window
hears why (`worker_lost`) and the next command starts a fresh one that goes on from the last weights shown
(resume.py): the user's data lives in this process and is never at risk.
"""
from __future__ import annotations

import dataclasses
import weakref

from PySide6.QtCore import QAbstractEventDispatcher, QObject, Qt, Signal, Slot

from playground.worker.config import LIVE_SETTINGS, TrainingConfig
from playground.worker.process_link import TrainingProcess
from playground.worker.resume import ResumePoint
from playground.worker.training_loop import CONFIG_REJECTED, SNAPSHOT, START_REFUSED


class TrainingController(QObject):
    snapshot_ready = Signal(object)          # Snapshot of the current model, delivered in the GUI thread
    model_started = Signal()                 # the first snapshot of a fresh model follows (a fresh curve)
    config_rejected = Signal(str)
    start_refused = Signal(str)              # Train pressed, but the worker cannot train: why
    worker_lost = Signal(str)                # the training process died: what happened, what to do

    _live = weakref.WeakSet()                # every controller not yet shut down (tests check it)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._process: TrainingProcess | None = None
        self._processes_started = 0
        self._shut_down = False          # after shutdown, commands (a hidden view's last word) start nothing
        self._resume = ResumePoint()
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
        self._send("configure", dataclasses.replace(config, model_id=self._requested_model))

    def replace_data(self, config: TrainingConfig) -> None:
        self._send("replace_data", config)

    def update_settings(self, changes: dict) -> None:
        self._send("update_settings", dict(changes))

    def follow_settings(self, changed: dict) -> None:
        """The session's changed settings (`SessionModel.settings_changed`): the live ones go to the worker
        for its next step; the others change the network or the data, which configure/replace_data bring."""
        live = {k: v for k, v in changed.items() if k in LIVE_SETTINGS}
        if live:
            self.update_settings(live)

    def start(self) -> None:
        self._send("start")

    def pause(self) -> None:
        self._send("pause")

    def step(self) -> None:
        self._send("step_once")

    def restore_best_weights(self) -> None:
        self._send("restore_best_weights")

    def set_weight(self, layer: int, neuron: int, index: int, value: float) -> None:
        self._send("set_weight", int(layer), int(neuron), int(index), float(value))

    def set_neuron_maps_wanted(self, wanted: bool) -> None:
        self._send("set_neuron_maps_wanted", bool(wanted))

    def set_view_extent(self, extent) -> None:
        """The part of the plane the canvas shows, (xmin, xmax, ymin, ymax): the worker computes the boundary
        over it (and sends a fresh one right away when paused)."""
        self._send("set_view_extent", tuple(float(v) for v in extent))

    def _send(self, name: str, *args) -> None:
        if self._shut_down:
            return
        if self._process is None:        # the first command, or the first since the process died
            self._process = self._start_process()
        self._resume.record(name, args)
        if not self._process.send(name, *args):
            self._on_process_lost(self._process.number)   # died just now; the next command restarts it

    def _start_process(self) -> TrainingProcess:
        self._processes_started += 1
        process = TrainingProcess(self._processes_started)
        process.received.connect(self._on_received)
        process.lost.connect(self._on_process_lost)
        for name, args in self._resume.commands():   # empty at the first start
            process.send(name, *args)
        return process

    # -- what the process sends -------------------------------------------------------------------
    @Slot(int, str, object)
    def _on_received(self, number: int, kind: str, payload) -> None:
        if self._process is None or number != self._process.number:
            return                       # a late message from a process already gone
        if kind == SNAPSHOT:
            self._on_worker_snapshot_ready(payload)
        elif kind == CONFIG_REJECTED:
            self._stale_below = 0        # the old model stays: its snapshots are current again
            self.config_rejected.emit(payload)
        elif kind == START_REFUSED:
            self.start_refused.emit(payload)

    def _on_worker_snapshot_ready(self, snapshot) -> None:
        try:
            if snapshot.model_id < self._stale_below:
                return
            if snapshot.model_id != self._shown_model:
                self._shown_model = snapshot.model_id
                if snapshot.step == 0:
                    self.model_started.emit()
            self._resume.shown(snapshot)
            self.snapshot_ready.emit(snapshot)     # the window takes it, directly, in here...
        finally:
            # ...and paints it in the events that follow: the worker hears back once they are all done and
            # the GUI thread is about to sleep.
            QAbstractEventDispatcher.instance().aboutToBlock.connect(
                self._on_gui_idle, Qt.ConnectionType.SingleShotConnection)

    @Slot()
    def _on_gui_idle(self) -> None:
        if self._process is not None:
            self._process.send("snapshot_painted")   # never restarts a dead process: nothing to pace

    @Slot(int)
    def _on_process_lost(self, number: int) -> None:
        process = self._process
        if process is None or number != process.number:
            return                       # already handled
        self._process = None
        how = process.exit_description()
        process.stop(1.0)                # joins its reader thread
        step = self._resume.step
        self.worker_lost.emit(
            f"Training stopped: the training process ended unexpectedly ({how}). Your points and settings "
            f"are safe; Train or Step starts a new one from the last weights shown (step {step:,}).")

    # -- lifetime ------------------------------------------------------------------------------
    def process_id(self) -> int | None:
        """The training process's id (None before the first command or after it died)."""
        return self._process.pid if self._process is not None else None

    def is_running(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Stop training and join the training process; True once it has ended. Commands are ignored from
        here on."""
        self._shut_down = True
        process, self._process = self._process, None
        ended = process is None or process.stop(timeout_ms / 1000)
        if ended:
            TrainingController._live.discard(self)
        else:
            self._process = process
        return ended

    @classmethod
    def running_controllers(cls) -> list:
        return [c for c in list(cls._live) if c.is_running()]
