"""Wires the graph panel (issue 4) into the main window: samples, thumbnails, typed weights."""
from __future__ import annotations

import numpy as np

from engine import MLP
from engine.features import expand
from engine.train import encode_targets

from .graph import GraphPanel


def install_graph_panel(window) -> GraphPanel:
    panel = GraphPanel()
    window.right_split.addWidget(panel)
    window.right_split.setStretchFactor(0, 2)
    window.right_split.setStretchFactor(1, 3)
    panel.weight_edited.connect(window.controller.set_weight)
    panel.neuron_maps_wanted_changed.connect(window.controller.set_neuron_maps_wanted)
    window.controller.set_neuron_maps_wanted(panel.wants_neuron_maps())
    panel.neuron_selected.connect(lambda layer, neuron: _show_neuron(window))
    panel.neuron_cleared.connect(window.canvas.clear_highlight)
    window.canvas.point_selected.connect(lambda index: update_sample(window))
    window.snapshot_painted.connect(lambda snap: _on_snapshot(window, snap))
    panel.set_gradcheck_source(lambda: gradcheck_source(window))
    return panel


def model_from_window(window):
    """A private engine MLP with the weights of the last snapshot (None before one arrives)."""
    state = window.current_state()
    if state.weights is None:
        return None, state
    model = MLP(len(state.features), state.layer_sizes, activation=state.activation)
    for p, w in zip(model.parameters(), state.weights):
        p.data = float(w)
    return model, state


def update_sample(window) -> None:
    index = window.canvas.selected_index()
    if index is None or index < 0:
        return
    model, state = model_from_window(window)
    if model is None or index >= len(state.points):
        return
    x = expand(np.asarray([state.points[index]]), list(state.features))[0].tolist()
    try:
        target = encode_targets([state.labels[index]], state.effective_loss)[0]
        window.graph_panel.set_sample(model, x, target, state.effective_loss)
    except ValueError as exc:
        window.status.show_message(str(exc), error=True)


def gradcheck_source(window):
    model, state = model_from_window(window)
    if model is None or not state.points:
        return None
    X = expand(np.asarray(state.points), list(state.features))
    return model, X, encode_targets(state.labels, state.effective_loss), state.effective_loss, state.l2


def _show_neuron(window) -> None:
    selected = window.graph_panel.selected_neuron()
    snap = window.latest_snapshot()
    if selected is None or snap is None:
        return
    image = window.graph_panel.neuron_map(*selected)
    if image is not None:
        layer, neuron = selected
        window.canvas.set_highlight_image(image, snap.extent, f"layer {layer + 1}, neuron {neuron + 1}")


def _on_snapshot(window, snap) -> None:
    if window.graph_panel.selected_neuron() is not None:
        _show_neuron(window)
