"""The training loop, Qt-free: commands are method calls, snapshots go out through a `send` callback.

Its host (child.py, in the training process) runs it in short slices (`run_slice`) and hands it the commands
that arrived in between (pause, a new learning rate, a typed weight...), so a command waits at most one
slice. It computes everything the GUI draws (boundary image, losses, thumbnails) and sends at most ~30
snapshots a second, paced to the GUI's "painted" (pacing.py); the best weights to go back to after a
divergence are in best_weights.py, what a snapshot measures in measure.py, the view it pictures in
picture_view.py.
"""
from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable

from engine import batched
from engine.divergence import DivergenceGuard
from engine.schedules import Schedule
from playground.worker.best_weights import BestWeights
from playground.worker.checkpoint_recorder import CheckpointRecorder
from playground.worker.config import LIVE_SETTINGS, TrainingConfig
from playground.worker.measure import SplitMeter, evaluate_splits, layer_gradients
from playground.worker.pacing import Pacer
from playground.worker.picture_view import PictureView
from playground.worker.snapshot import Snapshot, frozen
from playground.worker.training_setup import apply_live_settings, build_model, collector_paused, make_trainer

# What the loop sends: (kind, payload) through `send`.
SNAPSHOT = "snapshot"                  # a Snapshot
CONFIG_REJECTED = "config_rejected"    # why the engine refused a config; the old model stays
START_REFUSED = "start_refused"        # Train pressed, but nothing can train: why

# The commands a host may call (by name, from another process): every one takes plain values.
COMMANDS = frozenset({"configure", "replace_data", "update_settings", "start", "pause", "step_once",
                      "restore_best_weights", "set_weight", "set_view_extent", "set_neuron_maps_wanted",
                      "snapshot_painted"})
IDLE_POLL_SECONDS = 0.005              # how soon to look again when the speed limit allows no step yet


class TrainingLoop:
    def __init__(self, send: Callable[[str, object], None], deferred_pictures: bool = False):
        """`deferred_pictures`: a SNAPSHOT's payload is a zero-argument callable that computes its pictures and
        returns the Snapshot, for the host to call off the training thread, in the order sent (child.py)."""
        self._send = send
        self._deferred = deferred_pictures
        self._config: TrainingConfig | None = None
        self._model = None
        self._trainer = None
        self._model_id = 0
        self._step = 0
        self._running = False
        self._diverged = False
        self._guard = DivergenceGuard()
        self._best = BestWeights()
        self._checkpoints = CheckpointRecorder()   # the timeline's rows, sent with each snapshot
        self._meter = SplitMeter()       # the splits' losses: a few a second while running
        self._new_steps: list = []
        self._new_losses: list = []
        self._pace = Pacer()
        self._picture = PictureView()    # the view the canvas shows, its grids, whether maps are wanted

    # -- commands (from the GUI, between slices) ----------------------------------------------------
    def snapshot_painted(self) -> None:
        """The GUI has painted the last snapshot: the next periodic one may go out."""
        self._pace.gui_painted()

    def configure(self, config: TrainingConfig) -> None:
        """Build a new model (fresh from the seed, or from config.weights) and its trainer."""
        try:
            model, trainer = self._build(config)
        except (ValueError, TypeError) as exc:
            self._send(CONFIG_REJECTED, str(exc))
            return
        self._config, self._model, self._trainer = config, model, trainer
        self._running = self._running and trainer is not None   # data that cannot train stops the run
        # The GUI numbers the models it asks for, so it can drop snapshots of replaced ones.
        self._model_id = config.model_id if config.model_id > self._model_id else self._model_id + 1
        self._step = config.step
        self._diverged = False
        self._best.clear()               # the emit below records step 0
        self._checkpoints.clear()
        self._meter.forget()
        self._guard.reset()
        self._new_steps, self._new_losses = [], []
        self._pace.steps_per_second = config.steps_per_second
        self._emit(message="")

    def replace_data(self, config: TrainingConfig) -> None:
        """New points or split: keep the model (when its shape is unchanged), rebuild the trainer."""
        old = self._config
        same_net = old is not None and self._model is not None and all(
            getattr(old, k) == getattr(config, k) for k in ("features", "layer_sizes", "activation", "activations",
                                                           "loss", "problem", "kind"))
        if not same_net:
            self.configure(_replace(config, weights=None, step=0))
            return
        try:
            trainer = self._make_trainer(config, self._model)
        except (ValueError, TypeError) as exc:
            self._send(CONFIG_REJECTED, str(exc))
            return
        self._config, self._trainer = _replace(config, weights=None, step=0), trainer
        self._running = self._running and trainer is not None   # e.g. every point now in one class
        self._guard.reset()              # losses on other points: where this run starts is new
        if self._trainer is None:
            self._best.clear()
        self._best.remeasure(self._model, lambda: self._evaluate()[0])
        self._emit()

    def update_settings(self, changes: dict) -> None:
        """Learning rate, L2, optimizer, batch size, momentum, speed or engine: from the next step on."""
        if self._config is None:
            return
        unknown = sorted(set(changes) - set(LIVE_SETTINGS))
        if unknown:   # anything else changes the network or the data: configure()/replace_data() do that
            self._send(CONFIG_REJECTED, f"not a live setting: {', '.join(unknown)}")
            return
        old = self._config
        if "schedule" in changes:      # its JSON form (PlaygroundState.schedule) -> the engine's value
            try:
                changes = {**changes, "schedule": Schedule.from_dict(dict(changes["schedule"]))}
            except (ValueError, TypeError) as exc:
                self._send(CONFIG_REJECTED, str(exc))
                return
        self._config = _replace(old, **changes)
        self._pace.steps_per_second = self._config.steps_per_second
        self._pace.count_from(self._step)
        if self._trainer is None:
            return
        try:
            if self._config.engine != self._trainer.engine:
                # A new Trainer (fresh optimizer state); the weights and step count carry over.
                self._trainer = self._make_trainer(self._config, self._model)
            else:
                # Set in place: rebuilding the Trainer for a new batch size or momentum would throw away
                # Adam's moments, and the loss would jump.
                apply_live_settings(self._trainer, self._config)
        except (ValueError, TypeError) as exc:
            self._config = old
            apply_live_settings(self._trainer, old)
            self._send(CONFIG_REJECTED, str(exc))

    def start(self) -> None:
        """Train on. After a divergence, from the best weights seen, with the settings as they are now."""
        if self._trainer is None:
            reason = self._config.untrainable if self._config is not None else ""
            self._send(START_REFUSED, reason or "There is nothing to train on yet.")
            return
        message = ""
        if self._diverged:
            if not self._best:
                self._send(START_REFUSED, "No weights with a finite loss to go back to: press Reset for fresh "
                                        "weights from the seed.")
                return
            step = self._best.step
            self._restore_best()
            message = (f"Training again from the best weights (step {step:,}) with learning rate "
                       f"{self._config.learning_rate:g}.")
        self._running = True
        self._pace.count_from(self._step)
        self._emit(message=message)

    def pause(self) -> None:
        self._running = False
        self._emit()

    def step_once(self) -> None:
        if self._trainer is None or self._running:
            return
        if self._diverged:               # refused: say again what to do
            self._emit(message=self._diverged_message("the run has diverged", ""))
            return
        reason = self._train_one()
        self._emit(message=self._diverged_message(reason, self._guard.detail) if reason else "")

    def restore_best_weights(self) -> None:
        """Back to the weights with the lowest training loss seen (fresh optimizer state); paused."""
        if self._model is None or not self._best:
            return
        loss, step = self._best.loss, self._best.step
        self._restore_best()
        self._emit(message=f"Restored the best weights: step {step:,} (train loss {loss:.4g}).")

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

    def set_view_extent(self, extent) -> None:
        """The canvas now shows extent = (xmin, xmax, ymin, ymax): the boundary and neuron maps cover it from
        the next snapshot on. Paused, that snapshot goes out now (same weights, same step)."""
        if self._picture.set_extent(extent) and self._config is not None and not self._running:
            self._emit()

    def set_neuron_maps_wanted(self, wanted: bool) -> None:
        self._picture.maps_wanted = wanted
        self._emit()

    # -- the training loop -----------------------------------------------------------------------
    def wait_seconds(self) -> float | None:
        """How long the host may wait for a command before the next slice; None: no slice until one comes."""
        if not self._running or self._trainer is None:
            return None
        return 0.0 if self._pace.steps_allowed(time.perf_counter(), self._step) > 0 else IDLE_POLL_SECONDS

    def run_slice(self) -> None:
        """Train for at most ~8 ms (or until the next snapshot is due), then send a snapshot if one is due."""
        if not self._running or self._trainer is None:
            return
        now = time.perf_counter()
        deadline = self._pace.slice_deadline(now)
        allowed = self._pace.steps_allowed(now, self._step)
        while allowed > 0:
            reason = self._train_one()
            if reason:
                self._running = False
                self._emit(message=self._diverged_message(reason, self._guard.detail))
                return
            allowed -= 1
            if time.perf_counter() >= deadline:
                break
        if self._pace.snapshot_due(time.perf_counter()):
            self._emit(periodic=True)

    def _train_one(self) -> str:
        """One optimisation step; "" while the run is fine, else why it has diverged (and it is flagged)."""
        if self._trainer.engine == "scalar":
            with collector_paused():
                stats = self._trainer.step()
        else:
            stats = self._trainer.step()
        self._step += 1
        loss = float(stats.loss)
        self._new_steps.append(self._step)
        self._new_losses.append(loss)
        self._checkpoints.record(self._step, loss, self._trainer.stepped_weights())
        reason = self._guard.observe(stats)
        self._diverged = bool(reason)
        return reason

    # -- divergence: the best weights to go back to ---------------------------------------------------
    def _diverged_message(self, reason: str, detail: str) -> str:
        return self._best.diverged_message(reason, detail)

    def _restore_best(self) -> None:
        self._best.put_into(self._model)
        self._trainer = self._make_trainer(self._config, self._model)   # fresh optimizer state
        self._diverged = False
        self._guard.reset()

    # -- building ----------------------------------------------------------------------------------
    def _build(self, config: TrainingConfig):
        model = build_model(config)
        return model, make_trainer(config, model, config.step)

    def _make_trainer(self, config: TrainingConfig, model):
        return make_trainer(config, model, self._step)   # the schedule goes on where the run is

    # -- what the GUI gets --------------------------------------------------------------------------
    def _emit(self, message: str = "", periodic: bool = False) -> None:
        """A snapshot now; `periodic`: one of the ~30 a second while running (the splits' losses in it may be
        a few steps old: SplitMeter), else the answer to a command."""
        if self._model is None:
            return
        self._pace.emitting()
        layers = batched.layer_arrays(self._model)
        grads = layer_gradients(self._model)
        (train_loss, train_acc, test_loss, test_acc, eval_step), fresh = self._meter.measure(
            self._trainer, self._config, self._step, periodic)
        if self._trainer is not None and fresh:
            # Checkpoint the best weights the user has seen (at most ~30 Hz, not every step, and on the whole
            # train split, so losses compare): the last finite weights before a blow-up are often far worse
            # than the start. A step's own loss lags by one update, so a finite step can still leave weights
            # whose loss is infinite: that also counts as diverging.
            self._best.offer(train_loss, self._step, self._model)
            if not math.isfinite(train_loss) and not self._diverged:
                self._diverged, self._running = True, False
                message = message or self._diverged_message(
                    "the loss became infinite or NaN", "A step left weights whose loss overflows.")
        pictures = self._picture.job(layers, self._model.activation, self._config)
        sps = self._pace.speed(self._step, self._running)
        fields = dict(
            model_id=self._model_id, step=self._step, running=self._running,
            train_loss=train_loss, train_accuracy=train_acc, test_loss=test_loss, test_accuracy=test_acc,
            eval_step=eval_step, steps_per_second=sps,
            new_steps=frozen(self._new_steps), new_losses=frozen(self._new_losses),
            extent=self._picture.extent,
            weights=tuple(frozen(W) for W, _ in layers), biases=tuple(frozen(b) for _, b in layers),
            weight_grads=tuple(frozen(g) for g, _ in grads), bias_grads=tuple(frozen(g) for _, g in grads),
            diverged=self._diverged, message=message,
            best_step=self._best.step, best_loss=self._best.loss,
            learning_rate=self._trainer.learning_rate if self._trainer is not None else math.nan,
            checkpoints=self._checkpoints.take(self._step, train_loss, lambda: batched.flatten_layers(layers)),
        )
        self._new_steps, self._new_losses = [], []
        self._pace.emitted()

        def snapshot() -> Snapshot:
            return Snapshot(**fields, **pictures())
        self._send(SNAPSHOT, snapshot if self._deferred else snapshot())

    def _evaluate(self):
        return evaluate_splits(self._trainer, self._config)


def _replace(config: TrainingConfig, **changes) -> TrainingConfig:
    return dataclasses.replace(config, **changes)
