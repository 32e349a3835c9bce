"""The training worker: lives on its own QThread, takes commands, sends immutable snapshots.

It trains in short slices driven by a zero-interval timer, so between any two slices Qt delivers the
commands queued by the GUI (pause, new learning rate, a typed weight...), and a stop flag is checked
between steps. It computes everything the GUI draws (boundary image, losses, thumbnails) and emits at
most ~30 snapshots a second; the GUI thread only paints. It paces itself to the GUI: it sends no further
periodic snapshot until the controller reports the GUI thread has painted the last one and gone idle, so a slow
GUI never builds up a queue (frames are dropped, never steps); on the scalar engine it also stands back after a
snapshot (GIL released, up to GUI_PAINT_WAIT) while the GUI paints it.
"""
from __future__ import annotations

import contextlib
import dataclasses
import gc
import math
import random
import threading
import time

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal, Slot

from engine import MLP, batched
from engine.datasets import VIEW
from engine.divergence import DivergenceGuard
from engine.features import expand
from engine.grid import check_extent
from engine.nn import flat_weights, set_flat_weights
from engine.schedules import Schedule
from engine.train import Trainer
from playground.worker.config import (
    BOUNDARY_CELLS,
    LIVE_SETTINGS,
    THUMBNAIL_CELLS,
    TrainingConfig,
)
from playground.worker.snapshot import Snapshot, boundary_image, frozen, grid_evaluator

EMIT_INTERVAL = 1 / 32     # seconds between snapshots while running (a little over 30 a second)
SLICE_SECONDS = 0.008      # train this long before letting queued commands in
GUI_PAINT_WAIT = 0.020     # longest the worker stands back after a snapshot while the GUI paints it (scalar
                           # engine only: a batched step soon gives the GIL back, and standing back cost it
                           # 60-80% of its steps, issue 10)
GUI_STALL_LIMIT = 0.25     # emit anyway when the GUI has not reported a paint for this long


class TrainingWorker(QObject):
    snapshot_ready = Signal(object)      # Snapshot
    config_rejected = Signal(str)        # a config the engine refused; the old model stays
    start_refused = Signal(str)          # Train pressed, but nothing can train: why

    def __init__(self):
        super().__init__()               # no parent: it is moved to its own thread
        self._stop = threading.Event()
        self._timer: QTimer | None = None
        self._config: TrainingConfig | None = None
        self._model = None
        self._trainer = None
        self._model_id = 0
        self._step = 0
        self._running = False
        self._diverged = False
        self._want_maps = False
        self._guard = DivergenceGuard()
        self._best: tuple | None = None   # (train loss, step, weights): the lowest loss seen on this data
        self._new_steps: list = []
        self._new_losses: list = []
        self._last_emit = 0.0
        self._next_emit = 0.0            # when the next snapshot is due while running (a steady cadence)
        self._gui_done = threading.Event()   # set: the GUI has painted the last snapshot and gone idle
        self._gui_done.set()
        self._rate_anchor = (0.0, 0)     # (time, step) the speed limit counts from
        self._steps_per_second = 0
        self._grid = None                # GridEvaluators (features and buffers kept) for the boundary
        self._thumb_grid = None          # and the neuron thumbnails, per set of input features and view
        self._view = VIEW                # the part of the plane the canvas shows (set_view_extent)

    # -- commands (queued from the GUI thread) -------------------------------------------------
    def request_stop(self) -> None:
        """Thread-safe: the running slice ends after the current step."""
        self._stop.set()
        self._gui_done.set()

    def snapshot_painted(self) -> None:
        """Thread-safe: the GUI has painted the last snapshot (the controller calls it from the GUI thread)."""
        self._gui_done.set()

    @Slot(object)
    def configure(self, config: TrainingConfig) -> None:
        """Build a new model (fresh from the seed, or from config.weights) and its trainer."""
        try:
            model, trainer = self._build(config)
        except (ValueError, TypeError) as exc:
            self.config_rejected.emit(str(exc))
            return
        self._config, self._model, self._trainer = config, model, trainer
        self._running = self._running and trainer is not None   # data that cannot train stops the run
        # The GUI numbers the models it asks for, so it can drop snapshots of replaced ones.
        self._model_id = config.model_id if config.model_id > self._model_id else self._model_id + 1
        self._step = config.step
        self._diverged = False
        self._best = None                # the emit below records step 0
        self._guard.reset()
        self._new_steps, self._new_losses = [], []
        self._steps_per_second = config.steps_per_second
        self._build_grids()
        self._emit(message="")

    @Slot(object)
    def replace_data(self, config: TrainingConfig) -> None:
        """New points or split: keep the model (when its shape is unchanged), rebuild the trainer."""
        old = self._config
        same_net = old is not None and self._model is not None and all(
            getattr(old, k) == getattr(config, k) for k in ("features", "layer_sizes", "activation", "activations",
                                                           "loss"))
        if not same_net:
            self.configure(_replace(config, weights=None, step=0))
            return
        try:
            trainer = self._make_trainer(config, self._model)
        except (ValueError, TypeError) as exc:
            self.config_rejected.emit(str(exc))
            return
        self._config, self._trainer = _replace(config, weights=None, step=0), trainer
        self._running = self._running and trainer is not None   # e.g. every point now in one class
        self._guard.reset()              # losses on other points: where this run starts is new
        self._remeasure_best()
        self._emit()

    @Slot(dict)
    def update_settings(self, changes: dict) -> None:
        """Learning rate, L2, optimizer, batch size, momentum, speed or engine: from the next step on."""
        if self._config is None:
            return
        unknown = sorted(set(changes) - set(LIVE_SETTINGS))
        if unknown:   # anything else changes the network or the data: configure()/replace_data() do that
            self.config_rejected.emit(f"not a live setting: {', '.join(unknown)}")
            return
        old = self._config
        if "schedule" in changes:      # its JSON form (PlaygroundState.schedule) -> the engine's value
            try:
                changes = {**changes, "schedule": Schedule.from_dict(dict(changes["schedule"]))}
            except (ValueError, TypeError) as exc:
                self.config_rejected.emit(str(exc))
                return
        self._config = _replace(old, **changes)
        self._steps_per_second = self._config.steps_per_second
        self._rate_anchor = (time.perf_counter(), self._step)
        if self._trainer is None:
            return
        try:
            if self._config.engine != self._trainer.engine:
                # A new Trainer (fresh optimizer state); the weights and step count carry over.
                self._trainer = self._make_trainer(self._config, self._model)
            else:
                # Set in place: rebuilding the Trainer for a new batch size or momentum would throw away
                # Adam's moments, and the loss would jump.
                _apply_live_settings(self._trainer, self._config)
        except (ValueError, TypeError) as exc:
            self._config = old
            _apply_live_settings(self._trainer, old)
            self.config_rejected.emit(str(exc))

    @Slot()
    def start(self) -> None:
        """Train on. After a divergence, from the best weights seen, with the settings as they are now."""
        if self._trainer is None:
            reason = self._config.untrainable if self._config is not None else ""
            self.start_refused.emit(reason or "There is nothing to train on yet.")
            return
        message = ""
        if self._diverged:
            if self._best is None:
                self.start_refused.emit("No weights with a finite loss to go back to: press Reset for fresh "
                                        "weights from the seed.")
                return
            _, step, _ = self._best
            self._restore_best()
            message = (f"Training again from the best weights (step {step:,}) with learning rate "
                       f"{self._config.learning_rate:g}.")
        self._running = True
        self._rate_anchor = (time.perf_counter(), self._step)
        self._schedule(0)
        self._emit(message=message)

    @Slot()
    def pause(self) -> None:
        self._running = False
        self._emit()

    @Slot()
    def step_once(self) -> None:
        if self._trainer is None or self._running:
            return
        if self._diverged:               # refused: say again what to do
            self._emit(message=self._diverged_message("the run has diverged", ""))
            return
        reason = self._train_one()
        self._emit(message=self._diverged_message(reason, self._guard.detail) if reason else "")

    @Slot()
    def restore_best_weights(self) -> None:
        """Back to the weights with the lowest training loss seen (fresh optimizer state); paused."""
        if self._model is None or self._best is None:
            return
        loss, step, _ = self._best
        self._restore_best()
        self._emit(message=f"Restored the best weights: step {step:,} (train loss {loss:.4g}).")

    @Slot(int, int, int, float)
    def set_weight(self, layer: int, neuron: int, index: int, value: float) -> None:
        """A weight (or, at index == nin, the bias) typed by the user; used from the next step."""
        if self._model is None or not math.isfinite(value):
            return
        try:
            n = self._model.layers[layer].neurons[neuron]
            target = n.b if index == len(n.w) else n.w[index]
        except IndexError:
            return
        target.data = float(value)
        self._emit()

    @Slot(object)
    def set_view_extent(self, extent) -> None:
        """The canvas now shows extent = (xmin, xmax, ymin, ymax): the boundary and neuron maps cover it from
        the next snapshot on. Paused, that snapshot goes out now (same weights, same step)."""
        try:
            extent = check_extent(extent)
        except ValueError:
            return                       # a canvas without a size yet: keep the old view
        if extent == self._view:
            return
        self._view = extent
        if self._config is not None:
            self._build_grids()
            if not self._running:
                self._emit()

    @Slot(bool)
    def set_neuron_maps_wanted(self, wanted: bool) -> None:
        self._want_maps = wanted
        self._emit()

    # -- the training loop -----------------------------------------------------------------------
    def _schedule(self, msec: int) -> None:
        if self._timer is None:          # created here, so it lives in the worker's thread
            self._timer = QTimer(self)
            self._timer.setSingleShot(True)
            self._timer.timeout.connect(self._run_slice)
        self._timer.start(msec)

    @Slot()
    def _run_slice(self) -> None:
        if not self._running or self._stop.is_set() or self._trainer is None:
            return
        now = time.perf_counter()
        # End the slice when the next snapshot is due, so they go out every EMIT_INTERVAL, not up to a
        # slice later (which gave ~26 a second instead of 30).
        deadline = min(now + SLICE_SECONDS, self._next_emit)
        allowed = self._steps_allowed(now)
        while allowed > 0 and not self._stop.is_set():
            reason = self._train_one()
            if reason:
                self._running = False
                self._emit(message=self._diverged_message(reason, self._guard.detail))
                return
            allowed -= 1
            if time.perf_counter() >= deadline:
                break
        now = time.perf_counter()
        # A GUI that paints slower than we emit would otherwise queue snapshots without bound and fall ever
        # further behind; while one is still being painted, losses collect for the next one. (A GUI that
        # never sleeps, e.g. spinning processEvents(), still gets a few a second.)
        if now >= self._next_emit and (self._gui_done.is_set() or now - self._last_emit > GUI_STALL_LIMIT):
            self._emit()
            # Hold the GIL off while the GUI paints it: contended, every call from pyqtgraph into Qt waits for
            # our switch interval, and a paint that takes 5 ms alone takes 20-40 ms (scalar engine).
            if self._trainer.engine == "scalar":
                self._gui_done.wait(GUI_PAINT_WAIT)
        if self._running and not self._stop.is_set():
            self._schedule(0 if self._steps_allowed(now) > 0 else 5)

    def _steps_allowed(self, now: float) -> int:
        if self._steps_per_second <= 0:
            return 1 << 30
        t0, s0 = self._rate_anchor
        return int((now - t0) * self._steps_per_second) - (self._step - s0) + (1 if self._step == s0 else 0)

    def _train_one(self) -> str:
        """One optimisation step; "" while the run is fine, else why it has diverged (and it is flagged)."""
        if self._trainer.engine == "scalar":
            with _collector_paused():
                stats = self._trainer.step()
        else:
            stats = self._trainer.step()
        self._step += 1
        loss = float(stats.loss)
        self._new_steps.append(self._step)
        self._new_losses.append(loss)
        reason = self._guard.observe(stats)
        self._diverged = bool(reason)
        return reason

    # -- divergence: the best weights to go back to ---------------------------------------------------
    def _diverged_message(self, reason: str, detail: str) -> str:
        # What to do comes first: the status bar shows the start of it (the whole text is its tooltip).
        head = f"{reason[0].upper()}{reason[1:]}: paused."
        if self._best is None:
            return f"{head} Press Reset for fresh weights from the seed. {detail}".rstrip()
        return (f"{head} Lower the learning rate and Train again: it goes on from the best weights (step "
                f"{self._best[1]:,}), or Restore them. {detail}").rstrip()

    def _restore_best(self) -> None:
        self._set_weights(self._best[2])
        self._trainer = self._make_trainer(self._config, self._model)   # fresh optimizer state
        self._diverged = False
        self._guard.reset()

    def _remeasure_best(self) -> None:
        """New data: the best weights' loss on it (they stay the ones to go back to if still finite)."""
        if self._best is None or self._trainer is None:
            self._best = None
            return
        _, step, weights = self._best
        current = self._weights()
        self._set_weights(weights)
        loss = self._evaluate()[0]
        self._set_weights(current)
        self._best = (loss, step, weights) if math.isfinite(loss) else None

    # -- building ----------------------------------------------------------------------------------
    def _build(self, config: TrainingConfig):
        model = MLP(len(config.features), list(config.layer_sizes), activation=config.model_activation,
                    rng=_seeded_random(config.seed), init=config.init)
        if config.weights is not None:
            set_flat_weights(model, config.weights)
        return model, self._make_trainer(config, model, step=config.step)

    def _make_trainer(self, config: TrainingConfig, model, step: int | None = None):
        if config.untrainable:           # worked out once, on the GUI thread
            return None
        train = ~config.is_test
        X = expand(config.points[train], list(config.features))
        y = config.targets(config.labels[train])
        trainer = Trainer(model, X, y, loss=config.loss, l2=config.l2, optimizer=config.optimizer,
                          lr=config.learning_rate, momentum=config.momentum,
                          batch_size=config.batch_size or None, engine=config.engine, seed=config.seed,
                          schedule=config.schedule)
        trainer.step_count = self._step if step is None else step   # the schedule goes on where the run is
        return trainer

    def _build_grids(self) -> None:
        features = self._config.features
        self._grid = grid_evaluator(features, BOUNDARY_CELLS, self._view)
        self._thumb_grid = grid_evaluator(features, THUMBNAIL_CELLS, self._view)

    def _weights(self) -> list:
        return flat_weights(self._model)

    def _set_weights(self, flat) -> None:
        set_flat_weights(self._model, flat)

    # -- what the GUI gets --------------------------------------------------------------------------
    def _emit(self, message: str = "") -> None:
        if self._model is None:
            return
        self._last_emit = time.perf_counter()
        # Keep the cadence (due times step by EMIT_INTERVAL) but never fire twice in a row after a late one.
        self._next_emit = max(self._next_emit + EMIT_INTERVAL, self._last_emit + EMIT_INTERVAL / 2)
        layers = batched.layer_arrays(self._model)
        grads = [(np.array([[w.grad for w in n.w] for n in L.neurons]),
                  np.array([n.b.grad for n in L.neurons])) for L in self._model.layers]
        train_loss, train_acc, test_loss, test_acc = self._evaluate()
        if self._trainer is not None:
            # Checkpoint the best weights the user has seen (at most ~30 Hz, not every step, and on the whole
            # train split, so losses compare): the last finite weights before a blow-up are often far worse
            # than the start. A step's own loss lags by one update, so a finite step can still leave weights
            # whose loss is infinite: that also counts as diverging.
            if math.isfinite(train_loss):
                if self._best is None or train_loss < self._best[0]:
                    self._best = (train_loss, self._step, self._weights())
            elif not self._diverged:
                self._diverged, self._running = True, False
                message = message or self._diverged_message(
                    "the loss became infinite or NaN", "A step left weights whose loss overflows.")
        activation = self._model.activation
        with np.errstate(all="ignore"):  # a diverged net overflows here; the image clips it
            # GridEvaluator reuses its buffers in cache-sized chunks: ~6x faster than batched.forward on
            # the whole grid, and this runs 30 times a second.
            boundary = boundary_image(self._grid.evaluate(layers, activation))
            maps = ()
            if self._want_maps:  # (H, W, n) per layer -> (n, H, W)
                maps = tuple(frozen(a.transpose(2, 0, 1))
                             for a in self._thumb_grid.evaluate(layers, activation, all_layers=True))
        elapsed = self._last_emit - self._rate_anchor[0]
        sps = (self._step - self._rate_anchor[1]) / elapsed if self._running and elapsed > 0 else 0.0
        snapshot = Snapshot(
            model_id=self._model_id, step=self._step, running=self._running,
            train_loss=train_loss, train_accuracy=train_acc, test_loss=test_loss, test_accuracy=test_acc,
            steps_per_second=sps,
            new_steps=frozen(self._new_steps), new_losses=frozen(self._new_losses),
            boundary=boundary, extent=self._view,
            weights=tuple(frozen(W) for W, _ in layers), biases=tuple(frozen(b) for _, b in layers),
            weight_grads=tuple(frozen(g) for g, _ in grads), bias_grads=tuple(frozen(g) for _, g in grads),
            neuron_maps=maps, diverged=self._diverged, message=message,
            best_step=self._best[1] if self._best else -1, best_loss=self._best[0] if self._best else math.nan,
            learning_rate=self._trainer.learning_rate if self._trainer is not None else math.nan,
        )
        self._new_steps, self._new_losses = [], []
        self._gui_done.clear()
        self.snapshot_ready.emit(snapshot)

    def _evaluate(self):
        config = self._config
        nan = float("nan")
        out = []
        for mask in (~config.is_test, config.is_test):
            if self._trainer is None or not mask.any():
                out.append((nan, nan) if mask is not config.is_test else (None, None))
                continue
            X = expand(config.points[mask], list(config.features))
            with np.errstate(all="ignore"):
                loss, acc = self._trainer.evaluate(X, config.targets(config.labels[mask]))
            out.append((float(loss), float(acc)))
        (train_loss, train_acc), (test_loss, test_acc) = out
        return train_loss, train_acc, test_loss, test_acc


def _apply_live_settings(trainer: Trainer, config: TrainingConfig) -> None:
    """The Trainer validates each setting; the optimizer is only touched when it changes (that resets it)."""
    trainer.lr = config.learning_rate
    trainer.schedule = config.schedule
    trainer.l2 = config.l2
    trainer.momentum = config.momentum
    trainer.batch_size = config.batch_size or None
    if trainer.optimizer != config.optimizer:
        trainer.optimizer = config.optimizer


@contextlib.contextmanager
def _collector_paused():
    """Python's cyclic GC off for one scalar step. A step builds ~10^5 Values that live until it ends; the
    collections they trigger promote them, and every few steps a full collection walks the whole heap while
    holding the GIL: 20-40 ms in which the GUI cannot run a line (28 of them in 5 s of training). The graph
    has no reference cycles, so reference counting frees all of it anyway; the GC resumes right after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _seeded_random(seed: int):
    return random.Random(seed)


def _replace(config: TrainingConfig, **changes) -> TrainingConfig:
    return dataclasses.replace(config, **changes)
