"""One hidden layer's row of the network panel, and the activation combo it shares with the panel.

A row: '⊕ Layer 1  − [8] +  [tanh]  ×'. It only shows and edits; the callbacks it is given (the network
panel's) turn its edits into setting requests.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QToolButton, QWidget

from playground.model.state import ACTIVATIONS, MAX_NEURONS
from playground.views.controls.choice_combo import choice_combo
from playground.views.help_texts import explain

ACTIVATION_INFO = {
    "relu": ("ReLU", "max(0, z): cheap, trains fast, but a neuron can 'die' and output 0 everywhere"),
    "tanh": ("tanh", "squashes to -1..1 and is centred on 0: smooth boundaries, a good default here"),
    "sigmoid": ("sigmoid", "squashes to 0..1; saturates easily, so gradients get small in deep nets"),
    "linear": ("linear", "no non-linearity: any number of layers can still only draw a straight line"),
}
assert tuple(ACTIVATION_INFO) == ACTIVATIONS


def activation_combo(object_name: str) -> QComboBox:
    return choice_combo(object_name, ACTIVATION_INFO)


class LayerRow(QWidget):
    """One hidden layer: '⊕ Layer 1  − [8] +  [tanh]  ×': insert a layer before it, its neurons (TensorFlow
    Playground style, a typeable spin box between − and +), its activation, remove it."""

    def __init__(self, index: int, size: int, on_changed, parent=None, on_activation=None, on_insert=None,
                 on_remove=None):
        super().__init__(parent)
        number = index + 1
        self.activation = activation_combo(f"layer{number}Activation")
        self.insert = QToolButton(text="+", objectName=f"layer{number}InsertButton")
        self.remove = QToolButton(text="×", objectName=f"layer{number}RemoveButton")
        self.activation.setToolTip(f"The activation of hidden layer {number} (the Activation below sets all)")
        self.insert.setToolTip(f"Insert a hidden layer before layer {number}; the others keep their sizes")
        self.remove.setToolTip(f"Remove hidden layer {number}; the others keep their sizes")
        explain(self.activation, self.insert, self.remove)
        if on_activation is not None:
            self.activation.currentIndexChanged.connect(lambda _i: on_activation(index))
        if on_insert is not None:
            self.insert.clicked.connect(lambda: on_insert(index))
        if on_remove is not None:
            self.remove.clicked.connect(lambda: on_remove(index))
        self.minus = QToolButton(text="−", objectName=f"layer{number}MinusButton")
        self.plus = QToolButton(text="+", objectName=f"layer{number}PlusButton")
        self.spin = QSpinBox(objectName=f"layer{number}Neurons", minimum=1, maximum=MAX_NEURONS)
        self.spin.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        self.spin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.spin.setKeyboardTracking(False)   # typing "16" should not emit 1 first and rebuild the model twice
        self.spin.setFixedWidth(self.spin.fontMetrics().horizontalAdvance("000") + 16)
        self.spin.setValue(size)
        self.minus.setToolTip(f"One neuron fewer in hidden layer {number} (at least 1)")
        self.plus.setToolTip(f"One neuron more in hidden layer {number} (at most {MAX_NEURONS})")
        self.spin.setToolTip(f"Neurons in hidden layer {number}: more neurons can draw a more detailed boundary, "
                             f"but have more parameters to learn (1–{MAX_NEURONS})")
        explain(self.minus, self.spin, self.plus)      # rows come and go with layers: named when made
        for button in (self.minus, self.plus, self.insert, self.remove):
            button.setAutoRaise(False)
            button.setFixedWidth(button.sizeHint().height())   # square, easy to hit
        self.minus.clicked.connect(lambda: self.spin.stepBy(-1))
        self.plus.clicked.connect(lambda: self.spin.stepBy(1))
        self.spin.valueChanged.connect(self.update_buttons)
        self.spin.valueChanged.connect(on_changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.insert)
        layout.addWidget(QLabel(f"Layer {number}"))
        layout.addStretch(1)
        for widget in (self.minus, self.spin, self.plus, self.activation, self.remove):
            layout.addWidget(widget)
        self.update_buttons()

    def update_buttons(self) -> None:
        self.minus.setEnabled(self.spin.value() > 1)
        self.plus.setEnabled(self.spin.value() < MAX_NEURONS)
