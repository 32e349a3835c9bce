"""Wires the graph panel (issue 4) into the main window: samples, thumbnails, typed weights."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, QTimer

from engine import MLP
from engine.features import expand
from engine.split import held_out_mask
from engine.train import encode_targets
from playground.model.problem import regression_data
from playground.views.graph import GraphPanel
from playground.views.graph.view_data import ViewData

# While training runs, the computation graph redraws at most this often: a redraw builds and runs the
# point's Value graph (milliseconds), and numbers that change 30 times a second cannot be read anyway.
FOLLOW_INTERVAL_MS = 250


def install_graph_panel(window) -> GraphPanel:
    panel = GraphPanel()
    window.right_split.addWidget(panel)
    window.right_split.setStretchFactor(0, 2)
    window.right_split.setStretchFactor(1, 3)
    panel.weight_edited.connect(window.controller.set_weight)
    panel.neuron_maps_wanted_changed.connect(window.controller.set_neuron_maps_wanted)
    window.controller.set_neuron_maps_wanted(panel.wants_neuron_maps())
    panel.neuron_selected.connect(lambda layer, neuron: show_selected_neuron(window))
    panel.neuron_cleared.connect(window.canvas.clear_highlight)
    PointGraphFeed(window, panel)
    window.snapshot_painted.connect(lambda snap: _on_snapshot(window, snap))
    panel.set_gradcheck_source(lambda: gradcheck_source(window))
    panel.set_view_data_source(lambda: view_data(window))
    panel.set_path_source(lambda: timeline_path(window.session))
    return panel


def model_from_window(window):
    """A private engine MLP with the weights of the last snapshot (None before one arrives), and the session
    it came from (a `SessionSnapshot`: the session's arrays, no copy; asked several times a second)."""
    state = window.session.snapshot(with_curves=False)
    if state.weights is None:
        return None, state
    settings = state.settings
    model = MLP(len(settings.features), settings.layer_sizes, activation=settings.model_activation)
    for p, w in zip(model.parameters(), state.weights.tolist()):
        p.data = w
    return model, state


class PointGraphFeed(QObject):
    """Keeps the computation graph tab on the point chosen on the canvas, with the weights training has now.

    On screen, it follows training at most every FOLLOW_INTERVAL_MS, and at once when training stops (pause,
    one step) or a new network's first weights arrive. Hidden, it only notes that the tab is behind.
    """

    def __init__(self, window, panel: GraphPanel):
        super().__init__(panel)
        self.setObjectName("pointGraphFeed")
        self._window, self._view = window, panel.computation_view
        self._behind = False          # snapshots came while the tab was hidden
        self._new_network = False     # the next snapshot is the new network's: draw it at once
        self._timer = QTimer(self, singleShot=True, interval=FOLLOW_INTERVAL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        window.canvas.point_selected.connect(self._on_point_selected)
        window.snapshot_painted.connect(self._on_snapshot_painted)
        panel.architecture_changed.connect(self._on_architecture_changed)
        self._view.shown.connect(self._on_view_shown)

    def refresh(self) -> None:
        self._timer.stop()
        self._behind = False
        update_sample(self._window)

    def _on_point_selected(self, index: int) -> None:
        if index < 0:
            self._timer.stop()
            self._window.graph_panel.clear_sample()
        else:
            self.refresh()

    def _on_snapshot_painted(self, snap) -> None:
        if not self._view.isVisible():
            self._behind = True
        elif self._new_network or not snap.running:
            self._new_network = False
            self.refresh()
        elif not self._timer.isActive():
            self._timer.start()

    def _on_architecture_changed(self) -> None:
        self._timer.stop()            # it would draw the old network's weights
        self._new_network = True

    def _on_timer_timeout(self) -> None:
        if self._view.isVisible():
            self.refresh()
        else:
            self._behind = True

    def _on_view_shown(self) -> None:
        if self._behind:
            self.refresh()


def sample_of(state, index: int) -> tuple[list, float]:
    """Point `index`'s network inputs and target (`state`: a `SessionSnapshot`): its class encoded for the
    loss, or in regression a curve's y (the input is x alone) or a surface's value (playground.model.problem's
    rule)."""
    settings = state.settings
    points = state.points[index:index + 1]
    if settings.problem == "regression":
        values = np.zeros(1) if state.values is None else state.values[index:index + 1]
        inputs, targets = regression_data(settings.regression_kind, points, values)
        return expand(inputs, list(settings.features))[0].tolist(), float(targets[0])
    return (expand(points, list(settings.features))[0].tolist(),
            encode_targets([int(state.labels[index])], settings.effective_loss)[0])


def update_sample(window) -> None:
    """Hand the graph panel the selected point with the latest weights (nothing when there are none yet)."""
    index = window.canvas.selected_index()
    if index is None or index < 0:
        return
    model, state = model_from_window(window)
    if model is None or index >= len(state.points):
        return
    x, target = sample_of(state, index)
    settings = state.settings
    try:
        window.graph_panel.set_sample(model, x, target, settings.effective_loss, step=state.step,
                                      problem=settings.problem)
    except ValueError as exc:
        window.status.show_message(str(exc), error=True)


# The check runs on the GUI thread while the user waits: on an even spread of at most this many points (a
# gradient is right or wrong whatever the points; 100,000 of them would freeze the window for seconds).
GRADCHECK_POINTS = 500


def gradcheck_source(window):
    model, state = model_from_window(window)
    if model is None or not len(state.points):
        return None
    settings, points, labels = state.settings, state.points, state.labels
    values = np.zeros(len(points)) if state.values is None else state.values
    if len(points) > GRADCHECK_POINTS:
        spread = np.linspace(0, len(points) - 1, GRADCHECK_POINTS).round().astype(int)
        points, labels, values = points[spread], labels[spread], values[spread]
    loss = settings.effective_loss
    if settings.problem == "regression":
        inputs, targets = regression_data(settings.regression_kind, points, values)
        return (model, expand(inputs, list(settings.features)),
                encode_targets(targets, loss, problem="regression"), loss, settings.l2, settings.problem)
    X = expand(points, list(settings.features))
    return model, X, encode_targets(labels, loss), loss, settings.l2, settings.problem


def view_data(window) -> ViewData | None:
    """The points, their split and the training settings the hidden space and landscape tabs read (None
    without points). The split is the worker's rule (engine.split), so the landscape's loss is training's."""
    session = window.session      # its read-only arrays, as they are: no copy, no lists
    settings = session.settings
    if not len(session.points):
        return None
    values = session.values if settings.problem == "regression" else None
    return ViewData(session.points, session.labels, held_out_mask(session.points, settings.test_fraction),
                    settings.features, settings.activation, settings.effective_loss, settings.l2,
                    settings.problem, settings.regression_kind, values)


# The landscape's path: at most this many of the timeline's (up to 2,000) checkpoints, evenly by index (so
# densest where the loss moved, as the timeline is); a wide network's 2,000 would copy ~50 MB each refresh.
PATH_POINTS = 500


def timeline_path(session) -> np.ndarray | None:
    """The optimiser's path for the landscape: the timeline's checkpoints' weights (K, D), first and latest
    always among them; None without checkpoints of the network the session describes."""
    timeline = session.timeline
    if not len(timeline) or timeline.n_params != session.settings.parameter_count():
        return None
    rows = np.unique(np.linspace(0, len(timeline) - 1, min(len(timeline), PATH_POINTS)).round().astype(int))
    return timeline.weights_at(rows)


def show_selected_neuron(window) -> None:
    """The selected neuron on the canvas, from the step the graph panel shows (live, or the timeline's past)."""
    selected = window.graph_panel.selected_neuron()
    snap = window.latest_snapshot()
    if selected is None or snap is None:
        return
    layer, neuron = selected
    name = f"layer {layer + 1}, neuron {neuron + 1}"
    curve = window.graph_panel.neuron_curve(layer, neuron)
    if curve is not None:         # curve fitting: the neuron's output over x, drawn over the points
        window.canvas.set_highlight_curve(*curve, f"{name}: its output over x (dashed)")
        return
    image = window.graph_panel.neuron_map(layer, neuron)
    if image is not None:
        window.canvas.set_highlight_image(image, snap.extent, name)


def _on_snapshot(window, snap) -> None:
    if window.graph_panel.selected_neuron() is not None:
        show_selected_neuron(window)
