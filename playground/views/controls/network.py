"""The network panel: which input features feed the MLP (feature_boxes.py), its hidden layers, their
activations, the init.

Each hidden layer's row has its own activation (the global combo sets them all) and buttons to insert a layer
before it or remove it, so layers can be added anywhere while the others keep their sizes.

It only shows and edits settings. Every user edit emits `settings_changed` with just the fields that changed,
named as in `PlaygroundState`: a request to the session model (`PanelBinding`), which validates it; the panel
shows what the model then holds. These all re-create the network.
"""
from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from engine.nn import parameter_count
from playground.model.state import (
    ACTIVATIONS,
    FEATURES,
    INITS,
    MAX_CLASSES,
    MAX_HIDDEN_LAYERS,
    MAX_NEURONS,
    PlaygroundState,
)
from playground.views.controls.choice_combo import choice_combo
from playground.views.controls.feature_boxes import FeatureBoxes
from playground.views.controls.layer_row import LayerRow, activation_combo

_INIT_INFO = {
    "micrograd": ("micrograd U(−1, 1)", "every weight uniform in −1..1, as micrograd draws them"),
    "xavier": ("Xavier (Glorot)", "uniform, scaled by the layer's inputs and outputs: suits tanh and sigmoid"),
    "he": ("He (Kaiming)", "uniform, scaled by the layer's inputs: suits ReLU"),
    "zeros": ("zeros", "every weight 0: the neurons of a layer stay identical (symmetry), so it cannot learn"),
}
assert tuple(_INIT_INFO) == INITS


_DEFAULT_NEW_LAYER = 4


class NetworkControls(QWidget):
    """Input features, hidden layers (0–8, 1–32 neurons each), activation, and the live parameter count.

    Signals: settings_changed(dict) with any of "features" (list[str] in FEATURES order),
    "hidden_layers" (list[int]), "activation" (str), "activations" (one name per hidden layer, or None when
    every layer uses "activation") and "init" (str).
    """

    settings_changed = Signal(dict)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("networkControls")
        self._output_size = 1
        self._rows: list[LayerRow] = []

        self._inputs = FeatureBoxes()
        self._inputs.toggled.connect(self._on_features_toggled)

        layers = QGroupBox("Hidden layers", objectName="layerControls")
        self._remove_layer = QToolButton(text="−", objectName="removeLayerButton")
        self._add_layer = QToolButton(text="+", objectName="addLayerButton")
        for button in (self._remove_layer, self._add_layer):
            button.setFixedWidth(button.sizeHint().height())
        self._remove_layer.setToolTip("Remove the last hidden layer")
        self._add_layer.setToolTip(f"Add a hidden layer before the output (at most {MAX_HIDDEN_LAYERS})")
        self._remove_layer.clicked.connect(self._on_remove_layer_clicked)
        self._add_layer.clicked.connect(self._on_add_layer_clicked)
        self._layer_count = QLabel(objectName="layerCountLabel")
        header = QHBoxLayout()
        header.addWidget(self._remove_layer)
        header.addWidget(self._add_layer)
        header.addWidget(self._layer_count, 1)
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setSpacing(2)

        self._activation = activation_combo("activationCombo")
        self._activation.setToolTip("The non-linearity every hidden neuron applies to its weighted sum (sets "
                                    "every layer's; each layer can pick its own). The output layer stays linear.")
        self._activation.currentIndexChanged.connect(self._on_activation_changed)
        self._init = choice_combo("initCombo", _INIT_INFO,
                                  "How the starting weights are drawn from the seed (biases start at 0)")
        self._init.currentIndexChanged.connect(
            lambda _i: self.settings_changed.emit({"init": self._init.currentData()}))
        form = QFormLayout()
        form.addRow("Activation", self._activation)
        form.addRow("Initialization", self._init)

        self._shape = QLabel(objectName="architectureLabel")
        self._shape.setToolTip("Neurons per layer, from the inputs to the outputs")
        self._parameters = QLabel(objectName="parameterCountLabel")
        self._parameters.setToolTip("Weights and biases the optimizer adjusts: each neuron has one weight per "
                                    "input plus a bias, so a layer has (inputs + 1) × neurons of them")
        font = self._parameters.font()
        font.setBold(True)
        self._parameters.setFont(font)
        self._shape.setWordWrap(True)    # 8 layers of "32" do not fit on one line
        summary = QVBoxLayout()
        summary.setSpacing(2)
        summary.addWidget(self._shape)
        summary.addWidget(self._parameters)

        layers_layout = QVBoxLayout(layers)
        layers_layout.addLayout(header)
        layers_layout.addLayout(self._rows_layout)
        layers_layout.addLayout(form)
        layers_layout.addLayout(summary)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._inputs)
        layout.addWidget(layers)
        self.setMinimumWidth(240)
        self._apply(PlaygroundState())

    # -- public API --------------------------------------------------------------------------------
    def set_state(self, state: PlaygroundState) -> None:
        """Show `state` without emitting settings_changed."""
        if not isinstance(state, PlaygroundState):
            raise ValueError(f"expected a PlaygroundState, got {type(state).__name__}")
        self._apply(state)

    def set_output_size(self, outputs: int) -> None:
        """Outputs of the last layer (PlaygroundState.output_size: 1, or K for cross-entropy): updates the counts."""
        if not isinstance(outputs, int) or isinstance(outputs, bool) or not 1 <= outputs <= MAX_CLASSES:
            raise ValueError(f"output size must be a whole number in 1..{MAX_CLASSES}, got {outputs!r}")
        self._output_size = outputs
        self._update_summary()

    def hidden_layers(self) -> list[int]:
        return [row.spin.value() for row in self._rows]

    def features(self) -> list[str]:
        return self._inputs.features()

    def activation(self) -> str:
        return self._activation.currentData()

    def activations(self) -> list | None:
        """One activation per hidden layer, or None when every layer uses the global one."""
        names = [row.activation.currentData() for row in self._rows]
        return None if all(name == self.activation() for name in names) else names

    def init(self) -> str:
        return self._init.currentData()

    def layer_rows(self) -> list:
        return list(self._rows)

    def parameter_count(self) -> int:
        return parameter_count(len(self.features()), self.hidden_layers() + [self._output_size])

    # -- slots -------------------------------------------------------------------------------------
    def _on_features_toggled(self) -> None:
        self._update_summary()
        self.settings_changed.emit({"features": self.features()})

    def _on_add_layer_clicked(self) -> None:
        self._on_insert_layer(len(self._rows))

    def _on_remove_layer_clicked(self) -> None:
        if self._rows:
            self._on_remove_layer(len(self._rows) - 1)

    def _on_insert_layer(self, index: int) -> None:
        """A new hidden layer at `index` with the global activation; the other layers keep their sizes."""
        if len(self._rows) >= MAX_HIDDEN_LAYERS:
            return
        sizes, names = self.hidden_layers(), [row.activation.currentData() for row in self._rows]
        # It copies the width of the layer it is inserted before (or the last one's): depth usually keeps width.
        size = sizes[min(index, len(sizes) - 1)] if sizes else _DEFAULT_NEW_LAYER
        self._change_layers(sizes[:index] + [size] + sizes[index:],
                            names[:index] + [self.activation()] + names[index:])

    def _on_remove_layer(self, index: int) -> None:
        sizes, names = self.hidden_layers(), [row.activation.currentData() for row in self._rows]
        self._change_layers(sizes[:index] + sizes[index + 1:], names[:index] + names[index + 1:])

    def _change_layers(self, sizes: list[int], names: list[str]) -> None:
        was = self.activations()
        self._set_layers(sizes, names)
        changes: dict = {"hidden_layers": self.hidden_layers()}
        if was is not None or self.activations() is not None:
            changes["activations"] = self.activations()
        self.settings_changed.emit(changes)

    def _on_layer_activation_changed(self, _index: int) -> None:
        self.settings_changed.emit({"activations": self.activations()})

    def _on_layer_size_changed(self, _value: int) -> None:
        self._update_summary()
        self.settings_changed.emit({"hidden_layers": self.hidden_layers()})

    def _on_activation_changed(self, _index: int) -> None:
        for row in self._rows:               # the global activation sets every layer's
            with QSignalBlocker(row.activation):
                row.activation.setCurrentIndex(self._activation.currentIndex())
        self.settings_changed.emit({"activation": self.activation(), "activations": None})

    # -- helpers -----------------------------------------------------------------------------------
    def _apply(self, state: PlaygroundState) -> None:
        if state.activation not in ACTIVATIONS:
            raise ValueError(f"unknown activation {state.activation!r}")
        if not state.features or any(name not in FEATURES for name in state.features):
            raise ValueError(f"features must be a non-empty list from {', '.join(FEATURES)}, got {state.features!r}")
        sizes_ok = all(isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= MAX_NEURONS
                       for n in state.hidden_layers)
        if len(state.hidden_layers) > MAX_HIDDEN_LAYERS or not sizes_ok:
            raise ValueError(f"hidden_layers must be at most {MAX_HIDDEN_LAYERS} sizes in 1..{MAX_NEURONS}, "
                             f"got {state.hidden_layers!r}")
        with QSignalBlocker(self._activation), QSignalBlocker(self._init):
            self._activation.setCurrentIndex(self._activation.findData(state.activation))
            self._init.setCurrentIndex(max(0, self._init.findData(state.init)))
        # A curve's points have x alone: features of x1 only.
        self._inputs.show_features(state.features, curve=state.regression_kind == "curve")
        self._output_size = state.output_size
        self._set_layers(list(state.hidden_layers), state.hidden_activations)

    def _set_layers(self, sizes: list[int], names: list[str]) -> None:
        """Make the rows show `sizes` and activation `names`, reusing rows so focus and the rest of the panel
        stay put (no signals)."""
        while len(self._rows) > len(sizes):
            row = self._rows.pop()
            self._rows_layout.removeWidget(row)
            row.hide()              # deleteLater() waits for the event loop; until then it would still be drawn
            row.deleteLater()
        while len(self._rows) < len(sizes):
            row = LayerRow(len(self._rows), sizes[len(self._rows)], self._on_layer_size_changed,
                            on_activation=self._on_layer_activation_changed, on_insert=self._on_insert_layer,
                            on_remove=self._on_remove_layer)
            self._rows_layout.addWidget(row)
            row.show()      # a layout shows new children of a visible parent only at the next event loop turn
            self._rows.append(row)
        for row, size, name in zip(self._rows, sizes, names):
            with QSignalBlocker(row.spin), QSignalBlocker(row.activation):
                row.spin.setValue(size)
                row.activation.setCurrentIndex(row.activation.findData(name))
            row.insert.setEnabled(len(sizes) < MAX_HIDDEN_LAYERS)
            row.update_buttons()
        n = len(sizes)
        self._layer_count.setText(f"{n} hidden layer{'' if n == 1 else 's'}")
        self._remove_layer.setEnabled(n > 0)
        self._add_layer.setEnabled(n < MAX_HIDDEN_LAYERS)
        self._update_summary()
        # Rows made later would come last in the Tab order: keep it as laid out, the rows above the combos.
        stops = [self._add_layer, *(w for r in self._rows for w in (r.insert, r.minus, r.spin, r.plus, r.activation,
                                                                  r.remove)), self._activation, self._init]
        for before, after in zip(stops, stops[1:]):
            QWidget.setTabOrder(before, after)

    def _update_summary(self) -> None:
        n_in, n_out = len(self.features()), self._output_size
        shape = [f"{n_in} input{'' if n_in == 1 else 's'}"] + [str(n) for n in self.hidden_layers()]
        shape.append(f"{n_out} output{'' if n_out == 1 else 's'}")
        self._shape.setText(" → ".join(shape))
        self._parameters.setText(f"{self.parameter_count():,} parameters")
