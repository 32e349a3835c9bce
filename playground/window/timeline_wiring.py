"""Wires the training timeline (issue 11) into the main window: the bar under the loss plot, the marker on
it, past steps' pictures, Play, and "Resume from here" as an undoable command.

The session owns the timeline (`session.timeline`, a CheckpointStore the snapshots fill). Scrubbed to a past
checkpoint, the boundary, the graph panel (network, thumbnails, gradient statistics...), the status line and a
marker on the loss curve show that step; live snapshots are not painted meanwhile (TrainingWiring asks
`showing_past()`). A past step's picture is computed off the GUI thread (worker/past_frame.py), the latest
request winning. Train, Step or a data edit returns to "now" first; scrubbing pauses a run.
"""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QUndoCommand
from PySide6.QtWidgets import QVBoxLayout, QWidget

from engine.datasets import VIEW
from playground.error_guard import guard_override
from playground.views.step_marker import StepMarker
from playground.views.timeline_bar import TimelineBar
from playground.window.focus_order import tab_after
from playground.window.graph_wiring import show_selected_neuron
from playground.window.timeline_actions import TimelineActions
from playground.worker.config import TrainingConfig
from playground.worker.past_frame import FrameRequest, frame_runner


def install_timeline(window) -> TimelineWiring:
    """The bar goes under the loss plot, in the loss plot's place in the right-hand splitter."""
    box = QWidget(objectName="lossPlotBox")
    box.setSizePolicy(window.loss_plot.sizePolicy())   # the splitter's stretch factor for the plot's place
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    window.right_split.insertWidget(window.right_split.indexOf(window.loss_plot), box)
    column.addWidget(window.loss_plot, 1)   # out of the splitter, into the box
    bar = TimelineBar()
    column.addWidget(bar)
    # Made after the graph panel, the bar would come last on Tab: it follows the loss plot's own controls.
    tab_after(window.loss_plot, (bar.slider, bar.play_button, bar.speed_combo, bar.resume_button))
    wiring = TimelineWiring(window, bar)
    wiring.actions = TimelineActions(window, bar)     # Train ▸ Play Timeline, Resume from Here
    return wiring


class TimelineWiring(QObject):
    def __init__(self, window, bar: TimelineBar):
        super().__init__(window)
        self.setObjectName("timelineWiring")
        self._window, self.bar = window, bar
        self.marker = StepMarker(window.loss_plot)
        self.runner = frame_runner(self)
        self.frame = None                 # the past step's Snapshot shown, or None ("now")
        self._wanted: FrameRequest | None = None
        self._run = -1                    # the session's run the step shown belongs to
        self._config: tuple = (None, None, None, None)   # (points, labels, settings, TrainingConfig)
        bar.index_changed.connect(self._on_bar_index_changed)
        bar.resume_requested.connect(self.resume_here)
        self.marker.step_clicked.connect(self._on_marker_step_clicked)
        self.runner.computed.connect(self._on_runner_computed)
        self.runner.failed.connect(lambda message: window.status.show_message(message, error=True))
        window.model.timeline_changed.connect(self._on_timeline_changed)
        window.model.run_state_changed.connect(self._on_run_state_changed)
        window.dataset.changed.connect(self.return_to_now)
        window.training_bar.step_requested.connect(self.return_to_now)
        window.findChild(QAction, "actionStep").triggered.connect(self.return_to_now)
        window.snapshot_painted.connect(self._on_snapshot_painted)
        self._on_timeline_changed()

    # -- API ------------------------------------------------------------------------------------------
    def showing_past(self) -> bool:
        return self._wanted is not None

    def scrub_to(self, index: int) -> None:
        """Show checkpoint `index` (the last one is now), as the slider does."""
        self.bar.set_index(index)

    def return_to_now(self) -> None:
        """Back to the live run: the latest snapshot painted again, the marker hidden."""
        if self._wanted is None and self.bar.is_now():
            return
        self._wanted = self.frame = None
        self.runner.cancel()
        self.marker.hide()
        self.bar.go_to_now()
        self._show_step_text()
        w = self._window
        latest = w.training.latest
        if latest is not None:
            w.canvas.set_boundary(latest.boundary, latest.extent)
            w.problem.show_curve(latest)
            w.graph_panel.update_snapshot(latest)
            show_selected_neuron(w)
            w.status.show_snapshot(latest)

    def resume_here(self) -> None:
        """Train on from the checkpoint shown; the later run goes, undoably."""
        if self._wanted is None:
            return
        index = self.bar.index()
        checkpoint = self._window.session.timeline[index]
        self._window.dataset.undo_stack.push(ResumeFromHere(self, checkpoint))
        self._window.training.set_running(True)

    def continue_from_session(self) -> None:
        """The worker goes on from the session's weights and step, the curves as they are (resume, undo)."""
        w = self._window
        self.return_to_now()
        w.training.set_running(False)
        w.training.reconfigure(use_weights=True, continues_curve=True)
        w.training.last_eval_step = w.session.step   # its evaluation at that step is on the curves already
        w.state_changed.emit()                         # the run the session file holds has changed

    # -- slots ------------------------------------------------------------------------------------------
    def _on_bar_index_changed(self, index: int) -> None:
        timeline = self._window.session.timeline
        if self.bar.is_now() or not 0 <= index < len(timeline):
            self.return_to_now()
            return
        w = self._window
        if w.session.running:
            w.training.set_running(False)      # a run would pull the view back to now at once
        checkpoint = timeline[index]
        self._run = w.session.run_number
        self.marker.show_at(checkpoint.step, checkpoint.loss)
        latest = w.training.latest
        extent = latest.extent if latest is not None else VIEW
        model_id = latest.model_id if latest is not None else -1
        self._wanted = FrameRequest.of(self._training_config(), checkpoint, extent,
                                       w.graph_panel.wants_neuron_maps(), model_id)
        self._show_step_text()
        if latest is not None:            # else the model's first snapshot is on its way: drawn after it
            self.runner.request(self._wanted)

    def _on_runner_computed(self, request, frame) -> None:
        if request is not self._wanted:
            return                            # scrubbed on since, or back at now
        w = self._window
        self.frame = frame
        w.canvas.set_boundary(frame.boundary, frame.extent)
        w.problem.show_curve(frame)          # a curve's past fit
        w.graph_panel.update_snapshot(frame, past=True)
        show_selected_neuron(w)              # and the selected neuron's past map or curve
        w.status.show_snapshot(frame)

    def _on_marker_step_clicked(self, step: float) -> None:
        index = self._window.session.timeline.nearest_index(step)
        if index is not None:
            self.bar.set_index(index)

    def _on_timeline_changed(self) -> None:
        session = self._window.session
        steps = session.timeline.steps
        if self._wanted is not None and (session.run_number != self._run or not len(steps)
                                         or self._wanted.step > steps[-1]):
            self.return_to_now()              # the checkpoint shown is gone (a fresh model, a file, a resume)
        self.bar.set_steps(steps)             # scrubbed, the bar stays on its step
        self._show_step_text()

    def _on_run_state_changed(self) -> None:
        if self._window.session.running:
            self.return_to_now()

    def _on_snapshot_painted(self, snap) -> None:
        """Scrubbed, a live snapshot is not painted (and the steps in it came before the scrub paused the run:
        the view stays on the past step)."""
        if self._wanted is None:
            return
        if (snap.extent, bool(snap.neuron_maps or snap.neuron_curves), snap.model_id) != (
                self._wanted.extent, self._wanted.want_maps, self._wanted.model_id):
            # The canvas moved, the thumbnails came into view, or the model's first snapshot came: the same
            # step again, over the new view.
            self._on_bar_index_changed(self.bar.index())

    def _training_config(self) -> TrainingConfig:
        """The session's data and settings as the worker sees them; made again only when they change (its
        test split hashes every point: ~30 ms at 100,000 of them, too much for each frame of a replay)."""
        session = self._window.session
        points, labels, settings, config = self._config
        if not (points is session.points and labels is session.labels and settings is session.settings):
            config = TrainingConfig.from_session(session, use_weights=False)
            self._config = (session.points, session.labels, session.settings, config)
        return config

    def _show_step_text(self) -> None:
        timeline = self._window.session.timeline
        if not len(timeline):
            self.bar.set_step_text("no steps yet")
        elif self._wanted is None:
            self.bar.set_step_text(f"now · step {int(timeline.steps[-1]):,}")
        else:
            self.bar.set_step_text(f"step {self._wanted.step:,} / {int(timeline.steps[-1]):,}")


class ResumeFromHere(QUndoCommand):
    """Drop the run after a checkpoint and go on from its weights; undo brings the dropped curves, checkpoints
    and weights back (and drops what was trained since). Once the network has changed (a new model, not on the
    undo stack) or another session, there is nothing to go back to: it says so and changes nothing."""

    def __init__(self, wiring: TimelineWiring, checkpoint):
        super().__init__(f"Resume from step {checkpoint.step:,}")
        self._wiring, self._checkpoint = wiring, checkpoint
        self._window = wiring.parent()
        session = self._window.session
        self._before = (session.weights, session.step)
        self._run = session.run_number      # a new model since: the run this command knew is gone
        self._dropped: tuple | None = None

    @guard_override
    def redo(self) -> None:
        model, checkpoint = self._window.model, self._checkpoint
        if not self._fits():
            return
        self._window.training.set_running(False)
        self._dropped = model.truncate_run(checkpoint.step)
        model.set_weights(checkpoint.weights, checkpoint.step)
        self._wiring.continue_from_session()

    @guard_override
    def undo(self) -> None:
        model = self._window.model
        if not self._fits() or self._dropped is None:
            return
        self._window.training.set_running(False)
        model.truncate_run(self._checkpoint.step)          # what was trained since the resume
        model.put_back_run(self._dropped)
        model.set_weights(*self._before)
        self._wiring.continue_from_session()

    def _fits(self) -> bool:
        if self._window.session.run_number == self._run:
            return True
        self._window.status.show_message(f"{self.text()}: the network has changed since, so that run is gone.")
        return False
