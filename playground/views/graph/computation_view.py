"""The "Computation" tab (the computation graph): the Value graph of the chosen point, and backprop step by step."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.features import LABELS
from engine.nn import parameter_count
from playground.error_guard import guard_override
from playground.views.graph.backprop_walk import BackpropWalk
from playground.views.graph.computation_canvas import ComputationCanvas, fmt
from playground.views.graph.point_graph import (
    WHOLE_GRAPH_LIMIT,
    build_point_graph,
    check_sample,
)

PLAY_INTERVAL_MS = 350
NO_POINT = "Click a point on the canvas to see its computation graph."


class ComputationGraphView(QWidget):
    walk_finished = Signal()
    shown = Signal()            # the tab came on screen: whoever feeds it samples may have newer weights

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("computationGraphView")
        self.canvas = ComputationCanvas(self)
        self.caption = QLabel(NO_POINT, self)
        self.caption.setObjectName("computationCaption")
        self.caption.setWordWrap(True)   # long texts wrap instead of widening the window
        self.layer_combo = QComboBox(self)
        self.layer_combo.setObjectName("graphLayerCombo")
        self.layer_combo.setToolTip("The network has more than "
                                    f"{WHOLE_GRAPH_LIMIT} parameters: the graph of one neuron is shown")
        self.neuron_spin = QSpinBox(self)
        self.neuron_spin.setObjectName("graphNeuronSpin")
        self.neuron_spin.setPrefix("neuron ")
        self.layer_combo.currentIndexChanged.connect(self._on_neuron_choice_changed)
        self.neuron_spin.valueChanged.connect(self._on_neuron_choice_changed)
        self.fit_button = QPushButton("Fit all", self)
        self.fit_button.setObjectName("graphFitButton")
        self.fit_button.clicked.connect(self.canvas.fit)
        self.step_button = QPushButton("Backprop step by step", self)
        self.step_button.setObjectName("backpropStepButton")
        self.step_button.setToolTip("Push the gradient back through one more node, in reverse topological order")
        self.play_button = QPushButton("Play", self)
        self.play_button.setObjectName("backpropPlayButton")
        self.play_button.setCheckable(True)
        self.reset_button = QPushButton("Reset walk", self)
        self.reset_button.setObjectName("backpropResetButton")
        self.walk_label = QLabel(self)
        self.walk_label.setWordWrap(True)   # long texts wrap instead of widening the window
        self.walk_label.setObjectName("backpropWalkLabel")
        self.step_button.clicked.connect(self.step_walk)
        self.play_button.toggled.connect(self._on_play_toggled)
        self.reset_button.clicked.connect(self.reset_walk)
        self.timer = QTimer(self)
        self.timer.setInterval(PLAY_INTERVAL_MS)
        self.timer.timeout.connect(self._on_timer_timeout)
        # Texts get full-width rows of their own, so a narrow panel wraps them instead of squeezing buttons.
        row1 = QHBoxLayout()
        row1.addWidget(self.layer_combo)
        row1.addWidget(self.neuron_spin)
        row1.addStretch(1)
        row1.addWidget(self.fit_button)
        row2 = QHBoxLayout()
        for w in (self.step_button, self.play_button, self.reset_button):
            row2.addWidget(w)
        row2.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.caption)
        lay.addLayout(row1)
        lay.addLayout(row2)
        lay.addWidget(self.walk_label)
        lay.addWidget(self.canvas, 1)
        stops = (self.layer_combo, self.neuron_spin, self.fit_button, self.step_button, self.play_button,
                 self.reset_button, self.canvas)
        for before, after in zip(stops, stops[1:]):     # Tab goes as laid out, top to bottom
            QWidget.setTabOrder(before, after)
        self.graph = None
        self.walk: BackpropWalk | None = None
        self._sample = None
        self._problem = "classification"   # of the sample: regression has real targets
        self._input_names = None
        self._dirty = False
        self._refit = False         # the next drawing frames the whole graph (a new point)
        self._set_neuron_controls(None)
        self._enable_walk(False)

    # -- API ---------------------------------------------------------------------------------------
    def set_architecture(self, feature_names, layer_sizes) -> None:
        self._input_names = [LABELS.get(n, n) for n in feature_names]     # x₁², as the network view
        had_point = self._sample is not None
        self._clear()
        if had_point:           # the app sends the chosen point again with the new network's weights
            self.caption.setText("The network changed: the chosen point's graph follows with its weights.")
        whole = sum((a + 1) * b for a, b in zip([len(feature_names)] + list(layer_sizes), layer_sizes))
        self._set_neuron_controls(None if whole <= WHOLE_GRAPH_LIMIT else list(layer_sizes))

    def set_sample(self, model, x_features, target, loss_name, step=None, problem="classification") -> None:
        """The point to draw (`target` as `engine.train.encode_targets` gives it), with the weights of training
        step `step` if known; ValueError if it does not fit the model or the loss. Drawn when visible.

        The same point again (newer weights) only updates the numbers; a new point is framed whole."""
        x, target = check_sample(model, x_features, target, loss_name, problem)
        if self._input_names is not None and len(self._input_names) != model.nin:
            self._input_names = None
        if parameter_count(model.nin, model.nouts) > WHOLE_GRAPH_LIMIT and self.layer_combo.isHidden():
            self._set_neuron_controls([len(layer.neurons) for layer in model.layers])
        if self._sample is None or self._sample[1:4] != (x, target, loss_name):
            self._refit = True
        self._sample = (model, x, target, loss_name, step)
        self._problem = problem
        self._dirty = True
        if self.isVisible():
            self.rebuild()

    def clear_sample(self) -> None:
        """No point chosen: an empty graph and the hint to choose one."""
        self._clear()

    def chosen_neuron(self):
        if self.layer_combo.isHidden():
            return None
        return self.layer_combo.currentIndex(), self.neuron_spin.value() - 1

    def select_neuron(self, layer: int, neuron: int) -> None:
        """In one-neuron mode, show this neuron (ignored when the whole graph is shown)."""
        if self.layer_combo.isHidden() or not 0 <= layer < self.layer_combo.count():
            return
        self.layer_combo.setCurrentIndex(layer)
        self.neuron_spin.setValue(neuron + 1)

    def set_presentation(self, scale: float) -> None:
        """Presentation mode: edges `scale` times their normal width, the boxes' text `scale` times its size
        (1: back to normal)."""
        self.canvas.set_line_scale(scale)
        if scale != self.canvas.text_scale:
            self.canvas.set_text_scale(scale)
            self._redraw_when_seen()

    def _redraw_when_seen(self) -> None:
        """The boxes built again now if shown, else when next shown."""
        if self.isVisible():
            self.rebuild()
        else:
            self._dirty = True

    def rebuild(self) -> None:
        if self._sample is None:
            return
        model, x, target, loss_name, step = self._sample
        self._dirty = False
        problem = self._problem
        g = build_point_graph(model, x, target, loss_name, neuron=self.chosen_neuron(),
                              input_names=self._input_names, problem=problem)
        same = self.canvas.shape == (g.names, g.ops, g.edges)
        self.graph = g
        if not same:            # a new shape needs a new layout; new numbers only need new texts
            self.canvas.build(g.names, g.ops, g.edges, self._colors())
        elif self._refit:
            self.canvas.fit()
        self._refit = False
        self.walk = BackpropWalk(g.values, seed=g.walk_seed, stop=g.walk_stop)
        self.timer.stop()
        self.play_button.setChecked(False)
        self._show_backward()
        point = ", ".join(f"{v:.2f}" for v in x)
        what = ("whole graph" if g.neuron is None
                else f"layer {g.neuron[0] + 1}, neuron {g.neuron[1] + 1} only")
        tgt = (f"class {target}" if loss_name == "cross_entropy" else
               f"target {target:+.3g}" if problem == "regression" else f"target {target:+.0f}")
        when = "" if step is None else f" at step {step}"
        self.caption.setText(f"Point ({point}), {tgt}: {loss_name} loss {fmt(g.loss)}{when}. "
                             f"{what}, {len(g.values)} values. Wheel: zoom, drag: pan.")

    # -- the walk -----------------------------------------------------------------------------------------
    def step_walk(self) -> None:
        w = self.walk
        if w is None:
            return
        if w.done:                  # after the end (or from backward()'s view): start over
            w.reset()
        step = w.step()
        known = {i for i in range(len(w.values)) if i in w.touched}
        self.canvas.show_values([v.data for v in w.values], w.grads, known)
        self.canvas.light(step.node, step.edges)
        op = self.graph.ops[step.node]
        name = f"{self.graph.names[step.node]} ({op})" if self.graph.names[step.node] else f"the {op} node"
        self.walk_label.setText(f"step {w.position}/{w.total}: {name} "
                                f"passes its grad {fmt(step.grad)} back to {len(step.edges)} input(s)")
        if w.done:
            self.timer.stop()
            self.play_button.setChecked(False)
            self.canvas.light(None)
            self.walk_label.setText(self.walk_label.text() + " · done: grads match backward()")
            self.walk_finished.emit()

    def reset_walk(self) -> None:
        if self.walk is None:
            return
        self.timer.stop()
        self.play_button.setChecked(False)
        self.walk.reset()
        self.canvas.show_values([v.data for v in self.walk.values], self.walk.grads, set(self.walk.touched))
        self.canvas.light(self.walk.root)
        self.walk_label.setText(f"step 0/{self.walk.total}: d{self.graph.names[-1] or 'out'}/"
                                f"d{self.graph.names[-1] or 'out'} = {fmt(self.walk.seed)}; the rest unknown")

    def _show_backward(self) -> None:
        g = self.graph
        self.canvas.light(None)
        self.canvas.show_values([v.data for v in g.values], [v.grad for v in g.values])
        self.walk.position = self.walk.total          # the walk "has run": a step starts it over
        self._enable_walk(True)
        share = "" if g.neuron is None else " (inputs: this neuron's share only during a walk)"
        self.walk_label.setText(f"grads from backward(){share}. Step to watch them arrive.")

    def _clear(self) -> None:
        self._sample, self.graph, self.walk = None, None, None
        self._dirty = self._refit = False
        self.timer.stop()
        self.play_button.setChecked(False)
        self.canvas.clear()
        self.caption.setText(NO_POINT)
        self.walk_label.setText("")
        self._enable_walk(False)

    def _enable_walk(self, on: bool) -> None:
        for b in (self.step_button, self.play_button, self.reset_button):
            b.setEnabled(on)

    def _set_neuron_controls(self, layer_sizes) -> None:
        hidden = layer_sizes is None
        self.layer_combo.setHidden(hidden)
        self.neuron_spin.setHidden(hidden)
        if hidden:
            return
        self.layer_combo.blockSignals(True)
        self.layer_combo.clear()
        last = len(layer_sizes) - 1
        self.layer_combo.addItems([("output layer" if i == last else f"layer {i + 1}") for i in range(len(layer_sizes))])
        self.layer_combo.blockSignals(False)
        self._sizes = list(layer_sizes)
        self.neuron_spin.setRange(1, self._sizes[0])

    def _on_neuron_choice_changed(self, _=None) -> None:
        l = self.layer_combo.currentIndex()
        if l >= 0 and self.neuron_spin.maximum() != self._sizes[l]:
            self.neuron_spin.setRange(1, self._sizes[l])
        if self._sample is not None:
            self.rebuild()

    def _on_play_toggled(self, on: bool) -> None:
        if on and self.walk is not None:
            if self.walk.done:
                self.reset_walk()
                self.play_button.setChecked(True)
            self.timer.start()
        else:
            self.timer.stop()

    def _on_timer_timeout(self) -> None:
        self.step_walk()

    def _colors(self) -> dict:
        p = self.palette()
        return {"text": p.color(QPalette.Text), "border": p.color(QPalette.Mid), "base": p.color(QPalette.Base),
                "alt": p.color(QPalette.AlternateBase)}

    @guard_override
    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "_refit"):
            self.canvas.shape = None           # boxes and texts take the theme's colours when built
            self._redraw_when_seen()

    @guard_override
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.shown.emit()
        if self._dirty:
            self.rebuild()
