"""The window's run: configures the worker from the session, starts, pauses, steps, resets and restores it,
and paints what it sends back (the window composes one; its buttons and actions call in here)."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, QTimer

from playground.worker.config import TrainingConfig


class TrainingWiring(QObject):
    def __init__(self, window):
        super().__init__(window)
        self._window = window
        self.latest = None                    # the last Snapshot painted
        self.last_eval_step = -1              # the step whose test loss the plot shows last
        # Data edits come in bursts (a sprayed stroke): the worker gets the result once they settle.
        self.data_timer = QTimer(self, singleShot=True, interval=60)
        self.data_timer.timeout.connect(self.data_settled)
        window.model.data_changed.connect(self.data_timer.start)
        window.training_bar.train_toggled.connect(self.set_running)
        window.training_bar.step_requested.connect(self.step_once)
        window.training_bar.reset_requested.connect(self.reset)
        window.restore_button.clicked.connect(self._on_restore_clicked)
        window.model.history_changed.connect(window.loss_plot.redraw_soon)   # it draws the session's curves
        controller = window.controller
        window.model.settings_changed.connect(controller.follow_settings)   # live ones: the next step's
        controller.model_started.connect(self._on_model_started)
        controller.snapshot_ready.connect(self._on_snapshot_ready)
        controller.config_rejected.connect(self._on_config_rejected)
        controller.start_refused.connect(self._on_start_refused)
        controller.worker_lost.connect(self._on_worker_lost)

    def reconfigure(self, use_weights: bool = False, say: str = "", keep_model: bool = False,
                    continues_curve: bool = False) -> None:
        w = self._window
        state = w.session.settings
        config = TrainingConfig.from_session(w.session, use_weights)
        reason = config.untrainable
        w.training_bar.set_train_enabled(not reason, reason)
        w.train_action.setEnabled(not reason)
        if reason and w.session.running:
            self.set_running(False)
        w.canvas.set_test_mask(np.asarray(config.is_test))
        if keep_model:
            w.controller.replace_data(config)
        else:
            w.controller.configure(config, continues_curve)
        if w.session.running:
            w.controller.start()
        w.status.set_parameter_count(state.parameter_count())
        w.status.set_fact("untrainable", reason)
        if say and not reason:
            w.status.show_message(say)
        if keep_model:      # the same network on other data: the selection and gradient history stay
            w.graph_panel.refresh_data()
        else:
            w.graph_panel.set_architecture(list(state.features), state.layer_sizes, state.hidden_activations)

    def data_settled(self) -> None:
        """New data: the worker rebuilds its trainer on it; the weights carry over so a run goes on."""
        trained = self.latest is not None and self.latest.step > 0   # else "weights kept" means nothing
        self.reconfigure(keep_model=True, say=f"Data changed: the trainer was rebuilt on "
                                              f"{self._window.dataset.count()} points (weights kept)."
                                              if trained else "")

    def set_running(self, running: bool) -> None:
        w = self._window
        if running and not w.training_bar.train_enabled():
            running = False
        w.model.set_run_state(running=running)
        w.training_bar.set_running(running)
        if running:
            w.restore_button.hide()
            w.controller.start()
        else:
            w.controller.pause()

    def step_once(self) -> None:
        w = self._window
        if w.session.running:
            self.set_running(False)
        if w.training_bar.train_enabled():
            w.controller.step()

    def reset(self) -> None:
        self._window.restore_button.hide()
        self.reconfigure(say=f"Reset: fresh weights from seed {self._window.session.settings.seed}.")

    def _on_config_rejected(self, message: str) -> None:
        self._window.status.show_message(message, error=True)

    def _on_start_refused(self, reason: str) -> None:
        w = self._window
        w.model.set_run_state(running=False)
        w.training_bar.set_running(False)
        w.status.show_message(f"Training did not start: {reason}", error=True)

    def _on_worker_lost(self, message: str) -> None:
        w = self._window
        w.model.set_run_state(running=False)
        w.training_bar.set_running(False)
        w.status.show_message(message, error=True)

    def _on_restore_clicked(self) -> None:
        self._window.restore_button.hide()
        self._window.controller.restore_best_weights()

    # -- painting what the worker sent ----------------------------------------------------------------
    def _on_model_started(self) -> None:
        self._window.model.clear_history()   # a fresh model: a fresh curve
        self.last_eval_step = -1

    def _on_snapshot_ready(self, snap) -> None:
        w = self._window
        self.latest = snap
        timeline = getattr(w, "timeline", None)
        past = timeline is not None and timeline.showing_past()   # a past step is on screen: keep it there
        if len(snap.weights) == len(w.session.settings.layer_sizes):   # else a new network is on its way
            w.model.set_weights(snap.flat_weights(), snap.step)
        if not past:
            w.canvas.set_boundary(snap.boundary, snap.extent)
        if snap.checkpoints is not None:
            w.model.append_checkpoints(snap.checkpoints)
        if len(snap.new_steps):
            w.model.append_losses(np.asarray(snap.new_steps), np.asarray(snap.new_losses))
            w.state_changed.emit()
        if snap.evaluated_at() != self.last_eval_step:   # measured a few times a second while running
            w.model.append_eval(snap.evaluated_at(), snap.test_loss, snap.train_accuracy, snap.test_accuracy)
            self.last_eval_step = snap.evaluated_at()
        if not past:
            w.status.show_snapshot(snap)
        w.model.set_run_state(diverged=snap.diverged)
        w.loss_plot.set_learning_rate(snap.learning_rate)
        if snap.diverged:
            w.model.set_run_state(running=False)
            w.training_bar.set_running(False)
            if snap.message:
                w.status.set_fact("diverged", snap.message, error=True)
            if snap.best_step >= 0:
                w.restore_button.setText(f"Restore best weights (step {snap.best_step:,})")
                w.restore_button.setToolTip(
                    f"Go back to the weights with the lowest train loss seen, {snap.best_loss:.4g} at step "
                    f"{snap.best_step:,}, and pause. Train also goes on from them, with the current settings.")
        else:
            w.status.set_fact("diverged", "")
            if snap.message:
                w.status.show_message(snap.message)
        w.restore_button.setVisible(snap.diverged and snap.best_step >= 0)
        if not past:
            w.graph_panel.update_snapshot(snap)
        w.snapshot_painted.emit(snap)
