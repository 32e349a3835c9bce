"""GraphPanel: the network, the computation graph of one point, gradient statistics, the hidden space and the
loss landscape, as tabs.

The main window talks to this class only. Snapshots go to every tab that keeps history (statistics) and to
the visible tab's painter; hidden tabs only remember the latest snapshot and catch up when shown.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget

from engine.nn import hidden_activations
from playground.error_guard import guard_override
from playground.views.graph.computation_view import ComputationGraphView
from playground.views.graph.gradient_stats_view import GradientStatsView
from playground.views.graph.hidden_space_view import HiddenSpaceView
from playground.views.graph.loss_landscape_view import LossLandscapeView
from playground.views.graph.network_view import NetworkView


class GraphPanel(QTabWidget):
    neuron_selected = Signal(int, int)            # layer (0 = first hidden), neuron
    neuron_cleared = Signal()
    weight_edited = Signal(int, int, int, float)  # layer, neuron, input_index (== nin: bias), value
    neuron_maps_wanted_changed = Signal(bool)     # whether snapshots should carry neuron_maps
    architecture_changed = Signal()               # a new network: weights from before it no longer apply

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("graphPanel")
        self.tabBar().setAccessibleName("Graph views")
        self.network_view = NetworkView(self)
        self.computation_view = ComputationGraphView(self)
        self.stats_view = GradientStatsView(self)
        # Short titles: all five fit the graph column of a 1280-px window ("Computation graph" and "Gradient
        # statistics" pushed Landscape out of sight, behind scroll arrows); each tab's tooltip says more.
        self.addTab(self.network_view, "Network")
        self.addTab(self.computation_view, "Computation")
        self.hidden_space_view = HiddenSpaceView(self)
        self.landscape_view = LossLandscapeView(self)
        self.addTab(self.stats_view, "Gradients")
        self.addTab(self.hidden_space_view, "Hidden space")
        self.addTab(self.landscape_view, "Landscape")
        self.network_view.neuron_clicked.connect(self._on_neuron_clicked)
        self.network_view.weight_edited.connect(self.weight_edited)
        self.currentChanged.connect(self._on_current_changed)
        self._selected = None
        self._snapshot = None
        self._layer_sizes: list = []
        self._maps_wanted = False

    # -- API ---------------------------------------------------------------------------------------
    def set_architecture(self, feature_names, layer_sizes, activation) -> None:
        names, sizes = list(feature_names), list(layer_sizes)
        if not names or not all(isinstance(n, str) and n for n in names):
            raise ValueError(f"feature_names must be a non-empty list of names, got {feature_names!r}")
        if not sizes or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in sizes):
            raise ValueError(f"layer_sizes must be positive whole numbers, got {layer_sizes!r}")
        hidden_activations(activation, len(sizes) - 1)   # a name, or one per hidden layer: else ValueError
        if self._selected is not None:
            self._selected = None
            self.neuron_cleared.emit()
        self._snapshot = None
        self._layer_sizes = sizes
        self.network_view.set_architecture(names, sizes, activation)
        self.computation_view.set_architecture(names, sizes)
        self.stats_view.set_architecture(sizes)
        self.hidden_space_view.set_architecture(sizes)
        self.landscape_view.set_architecture(sizes)
        self.architecture_changed.emit()

    def refresh_data(self) -> None:
        """The same network on other data (points, labels, values or the split): the tabs that draw the data
        (hidden space, landscape) draw it again; the selected neuron, the gradient history, the network
        drawing and the chosen point (the canvas says when it goes) stay."""
        self.hidden_space_view.refresh_data()
        self.landscape_view.refresh_data()

    def update_snapshot(self, snapshot, past: bool = False) -> None:
        """Cheap: restyles items in place, and only for the visible tab (statistics always record). A `past`
        step (the timeline's) is shown by every tab; the landscape, drawn around the run's latest weights,
        marks it on the path."""
        if snapshot is None:
            return
        self._snapshot = snapshot
        self.stats_view.update_snapshot(snapshot)
        self.network_view.update_snapshot(snapshot)
        self.hidden_space_view.update_snapshot(snapshot)
        self.stats_view.mark_step(snapshot.step if past else None)
        if past:
            self.landscape_view.mark_weights(snapshot.flat_weights(), snapshot.step)
        else:
            self.landscape_view.mark_weights(None)
            self.landscape_view.update_snapshot(snapshot)

    def set_sample(self, model_copy, x_features, target, loss_name, step=None, problem="classification") -> None:
        """The point chosen on the canvas (again with newer weights while training runs); the computation
        graph tab draws its Value graph. `target`: what `engine.train.encode_targets` gives for its class, or
        in regression its real target."""
        self.computation_view.set_sample(model_copy, x_features, target, loss_name, step, problem)

    def clear_sample(self) -> None:
        self.computation_view.clear_sample()

    def set_gradcheck_source(self, source) -> None:
        self.stats_view.set_gradcheck_source(source)

    def set_view_data_source(self, source) -> None:
        """``source()`` gives the data and settings (a ``ViewData``) the hidden space and landscape tabs read."""
        self.hidden_space_view.set_data_source(source)
        self.landscape_view.set_data_source(source)

    def set_path_source(self, source) -> None:
        """``source()`` gives the optimiser's path the landscape draws: (K, D) flat weights, or None."""
        self.landscape_view.set_path_source(source)

    def neuron_map(self, layer: int, neuron: int):
        """The last snapshot's (h, w) activation map of a neuron (row 0 at y = ymin), or None."""
        s = self._snapshot
        if s is None or not s.neuron_maps or not 0 <= layer < len(s.neuron_maps):
            return None
        maps = s.neuron_maps[layer]
        return np.asarray(maps[neuron]) if 0 <= neuron < len(maps) else None

    def neuron_curve(self, layer: int, neuron: int):
        """Curve fitting: the last snapshot's (x, output at x) of a neuron, or None (no curves in it)."""
        s = self._snapshot
        if s is None or not s.neuron_curves or not 0 <= layer < len(s.neuron_curves):
            return None
        curves = s.neuron_curves[layer]
        return (np.asarray(s.curve_x), np.asarray(curves[neuron])) if 0 <= neuron < len(curves) else None

    def selected_neuron(self):
        return self._selected

    def clear_selection(self) -> None:
        if self._selected is not None:
            self._selected = None
            self.network_view.set_selected(None)
            self._update_maps_wanted()
            self.neuron_cleared.emit()

    def wants_neuron_maps(self) -> bool:
        """Thumbnails are needed only while the network tab is on screen (or a neuron is selected)."""
        return self._maps_wanted

    # -- internals -----------------------------------------------------------------------------------
    def _on_neuron_clicked(self, layer: int, neuron: int) -> None:
        if self._selected == (layer, neuron):
            self.clear_selection()
            return
        self._selected = (layer, neuron)
        self.network_view.set_selected(self._selected)
        self.computation_view.select_neuron(layer, neuron)
        self._update_maps_wanted()
        self.neuron_selected.emit(layer, neuron)

    def _on_current_changed(self, _index: int) -> None:
        self._update_maps_wanted()

    def _update_maps_wanted(self) -> None:
        # A selected neuron's map is shown large on the canvas, so it is needed even with the panel hidden.
        wanted = self._selected is not None or (self.isVisible() and self.currentWidget() is self.network_view)
        if wanted != self._maps_wanted:
            self._maps_wanted = wanted
            self.neuron_maps_wanted_changed.emit(wanted)

    @guard_override
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._update_maps_wanted()

    @guard_override
    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self._update_maps_wanted()
