"""The network and training panels and the run bar, driven the way a person would drive them."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QToolButton,
)

from playground.model.state import (
    FEATURES,
    MAX_HIDDEN_LAYERS,
    MAX_NEURONS,
    PlaygroundState,
)
from playground.views.controls.run_bar import (
    SPEEDS,
    NetworkControls,
    TrainingBar,
    TrainingControls,
)


@pytest.fixture
def network(qtbot):
    panel = NetworkControls()
    qtbot.addWidget(panel)
    panel.set_state(PlaygroundState(features=["x1", "x2"], hidden_layers=[4, 4]))
    panel.show()
    return panel


@pytest.fixture
def training(qtbot):
    panel = TrainingControls()
    qtbot.addWidget(panel)
    panel.show()
    return panel


@pytest.fixture
def bar(qtbot):
    widget = TrainingBar()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def child(widget, cls, name):
    found = widget.findChild(cls, name)
    assert found is not None, f"no {cls.__name__} named {name!r}"
    return found


def click(qtbot, button):
    # On a check box, its box: the widget can be wider than what it draws, and only box and text take clicks.
    at = QPoint(8, button.height() // 2) if isinstance(button, QCheckBox) else QPoint()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=at)


def type_into(qtbot, spin, text):
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), text)
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)


# -- NetworkControls ---------------------------------------------------------------------------------------

def test_parameter_count_label_follows_features_and_layers(qtbot, network):
    label = child(network, QLabel, "parameterCountLabel")
    assert label.text() == "37 parameters"                         # 2 inputs, [4, 4], 1 output
    with qtbot.waitSignal(network.settings_changed) as blocker:
        click(qtbot, child(network, QCheckBox, "featureX1Squared"))
    assert blocker.args == [{"features": ["x1", "x2", "x1^2"]}]
    assert label.text() == "41 parameters"                         # 3 inputs, [4, 4], 1 output
    assert child(network, QLabel, "architectureLabel").text() == "3 inputs → 4 → 4 → 1 output"
    network.set_output_size(3)                                     # cross-entropy over 3 classes
    assert label.text() == f"{(3 + 1) * 4 + (4 + 1) * 4 + (4 + 1) * 3} parameters"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(features=st.lists(st.sampled_from(FEATURES), min_size=1, unique=True),
       layers=st.lists(st.integers(1, MAX_NEURONS), max_size=MAX_HIDDEN_LAYERS),
       num_classes=st.integers(2, 6), loss=st.sampled_from(["hinge", "cross_entropy"]))
def test_parameter_count_matches_the_state(network, features, layers, num_classes, loss):
    state = PlaygroundState(features=features, hidden_layers=layers, num_classes=num_classes, loss=loss)
    network.set_state(state)
    assert network.parameter_count() == state.parameter_count()
    assert child(network, QLabel, "parameterCountLabel").text() == f"{state.parameter_count():,} parameters"
    assert network.hidden_layers() == layers
    assert network.features() == [f for f in FEATURES if f in features]


def test_plus_and_minus_change_one_layer_within_1_to_32(qtbot, network):
    plus, minus = child(network, QToolButton, "layer1PlusButton"), child(network, QToolButton, "layer1MinusButton")
    with qtbot.waitSignal(network.settings_changed) as blocker:
        click(qtbot, plus)
    assert blocker.args == [{"hidden_layers": [5, 4]}]
    for _ in range(10):
        click(qtbot, minus)
    assert network.hidden_layers() == [1, 4] and not minus.isEnabled()
    with qtbot.assertNotEmitted(network.settings_changed):
        click(qtbot, minus)                                        # disabled at 1: nothing happens
    spin = child(network, QSpinBox, "layer1Neurons")
    type_into(qtbot, spin, "40")                                   # "0" would make 40: rejected as typed
    assert spin.value() == 4
    type_into(qtbot, spin, "31")
    click(qtbot, plus)
    assert network.hidden_layers() == [MAX_NEURONS, 4] and not plus.isEnabled()


def test_add_and_remove_layers_within_0_to_8(qtbot, network):
    add, remove = child(network, QToolButton, "addLayerButton"), child(network, QToolButton, "removeLayerButton")
    with qtbot.waitSignal(network.settings_changed) as blocker:
        click(qtbot, add)
    assert blocker.args == [{"hidden_layers": [4, 4, 4]}]          # a new layer copies the last one's width
    while add.isEnabled():
        click(qtbot, add)
    assert len(network.hidden_layers()) == MAX_HIDDEN_LAYERS
    assert child(network, QSpinBox, f"layer{MAX_HIDDEN_LAYERS}Neurons").isVisible()
    with qtbot.assertNotEmitted(network.settings_changed):
        click(qtbot, add)
    while remove.isEnabled():
        with qtbot.waitSignal(network.settings_changed):
            click(qtbot, remove)
    assert network.hidden_layers() == []
    # A removed row disappears at once; it is not left drawn over the rows below until Qt deletes it.
    assert not [s for s in network.findChildren(QSpinBox) if s.objectName().startswith("layer") and s.isVisible()]
    assert child(network, QLabel, "layerCountLabel").text() == "0 hidden layers"
    assert child(network, QLabel, "parameterCountLabel").text() == "3 parameters"   # (2 + 1) × 1
    click(qtbot, add)
    assert network.hidden_layers() == [4]


def test_the_last_checked_feature_cannot_be_unchecked(qtbot, network):
    x1, x2 = child(network, QCheckBox, "featureX1"), child(network, QCheckBox, "featureX2")
    with qtbot.waitSignal(network.settings_changed) as blocker:
        click(qtbot, x2)
    assert blocker.args == [{"features": ["x1"]}]
    assert not x1.isEnabled() and "At least one input feature" in x1.toolTip()
    with qtbot.assertNotEmitted(network.settings_changed):
        click(qtbot, x1)
    assert x1.isChecked() and network.features() == ["x1"]
    click(qtbot, child(network, QCheckBox, "featureSinX2"))
    assert x1.isEnabled()
    with qtbot.waitSignal(network.settings_changed) as blocker:
        click(qtbot, x1)
    assert blocker.args == [{"features": ["sin(x2)"]}]


def test_activation_is_chosen_from_the_combo(qtbot, network):
    combo = child(network, QComboBox, "activationCombo")
    assert [combo.itemData(i) for i in range(combo.count())] == ["relu", "tanh", "sigmoid", "linear"]
    combo.setFocus()
    with qtbot.waitSignal(network.settings_changed) as blocker:
        qtbot.keyClick(combo, Qt.Key.Key_Down)                     # tanh → sigmoid
    assert blocker.args == [{"activation": "sigmoid", "activations": None}]   # it sets every layer's
    assert [row.activation.currentData() for row in network.layer_rows()] == ["sigmoid", "sigmoid"]


def test_set_state_shows_without_emitting_and_rejects_nonsense(qtbot, network):
    with qtbot.assertNotEmitted(network.settings_changed):
        network.set_state(PlaygroundState(features=["x1*x2"], hidden_layers=[3], activation="relu"))
    assert network.activation() == "relu" and network.features() == ["x1*x2"] and network.hidden_layers() == [3]
    with pytest.raises(ValueError):
        network.set_state({"hidden_layers": [3]})
    with pytest.raises(ValueError):
        network.set_state(PlaygroundState(hidden_layers=[0]))
    with pytest.raises(ValueError):
        network.set_output_size(0)


def test_every_control_has_a_tooltip(network, training, bar):
    for panel in (network, training, bar):
        for cls in (QCheckBox, QComboBox, QSpinBox, QDoubleSpinBox, QToolButton, QSlider):
            for widget in panel.findChildren(cls):
                if widget.objectName() != "qt_spinbox_lineedit":
                    assert widget.toolTip(), f"{widget.objectName() or widget} has no tooltip"


# -- TrainingControls --------------------------------------------------------------------------------------

def test_more_than_two_classes_force_cross_entropy(qtbot, training):
    combo = child(training, QComboBox, "lossCombo")
    training.set_state(PlaygroundState(loss="logistic"))
    with qtbot.assertNotEmitted(training.settings_changed):
        training.set_num_classes(3)
    assert combo.currentData() == "cross_entropy"
    assert "3 classes" in combo.toolTip()
    model = combo.model()
    enabled = {combo.itemData(i): model.item(i).isEnabled() for i in range(combo.count())}
    assert enabled == {"hinge": False, "logistic": False, "mse": False, "cross_entropy": True,
                       "huber": False}
    combo.setFocus()
    with qtbot.assertNotEmitted(training.settings_changed):
        qtbot.keyClick(combo, Qt.Key.Key_Home)                     # disabled items cannot be picked
    assert combo.currentData() == "cross_entropy"
    training.set_num_classes(2)
    assert combo.currentData() == "logistic"                       # the person's choice comes back
    with pytest.raises(ValueError):
        training.set_num_classes(7)


def test_learning_rate_steps_on_a_ladder_and_cannot_be_typed_out_of_range(qtbot, training):
    lr = child(training, QDoubleSpinBox, "learningRate")
    assert lr.text() == "0.03"
    with qtbot.waitSignal(training.settings_changed) as blocker:
        lr.setFocus()
        qtbot.keyClick(lr, Qt.Key.Key_Up)
    assert blocker.args == [{"learning_rate": 0.1}]
    type_into(qtbot, lr, "20")                                     # the "0" is refused: 2, not 20
    assert lr.value() == 2.0
    with qtbot.assertNotEmitted(training.settings_changed):
        type_into(qtbot, lr, "0.000001")                           # below 1e-5: back to the last good value
    assert lr.value() == 2.0
    type_into(qtbot, lr, "10")
    with qtbot.assertNotEmitted(training.settings_changed):
        qtbot.keyClick(lr, Qt.Key.Key_Up)
    assert lr.value() == 10.0


def test_each_setting_emits_its_field(qtbot, training):
    optimizer = child(training, QComboBox, "optimizerCombo")
    momentum = child(training, QDoubleSpinBox, "momentumSpin")
    assert optimizer.currentData() == "adam" and not momentum.isVisibleTo(training)
    optimizer.setFocus()
    with qtbot.waitSignal(training.settings_changed) as blocker:
        qtbot.keyClick(optimizer, Qt.Key.Key_Up)                   # adam → momentum
    assert blocker.args == [{"optimizer": "momentum"}] and momentum.isVisibleTo(training)
    batch = child(training, QSpinBox, "batchSize")
    assert batch.text() == "full batch"
    seen = []
    training.settings_changed.connect(seen.append)
    type_into(qtbot, batch, "32")
    type_into(qtbot, child(training, QDoubleSpinBox, "l2Strength"), "0.003")
    type_into(qtbot, child(training, QSpinBox, "seedSpin"), "7")
    type_into(qtbot, momentum, "0.95")
    engine = child(training, QComboBox, "engineCombo")
    engine.setFocus()
    qtbot.keyClick(engine, Qt.Key.Key_Down)
    assert seen == [{"batch_size": 32}, {"l2": 0.003}, {"seed": 7}, {"momentum": 0.95}, {"engine": "scalar"}]
    assert training.values() == {"loss": "hinge", "optimizer": "momentum", "momentum": 0.95, "learning_rate": 0.03,
                                 "batch_size": 32, "l2": 0.003, "seed": 7, "engine": "scalar"}


def test_training_set_state_emits_nothing(qtbot, training):
    state = PlaygroundState(loss="mse", optimizer="sgd", learning_rate=0.3, momentum=0.5, batch_size=16,
                            l2=0.01, seed=42, engine="scalar", num_classes=2)
    with qtbot.assertNotEmitted(training.settings_changed):
        training.set_state(state)
    assert training.values() == {"loss": "mse", "optimizer": "sgd", "momentum": 0.5, "learning_rate": 0.3,
                                 "batch_size": 16, "l2": 0.01, "seed": 42, "engine": "scalar"}
    with pytest.raises(ValueError):
        training.set_state(PlaygroundState(learning_rate=100.0))


# -- TrainingBar -------------------------------------------------------------------------------------------

def test_train_button_toggles_and_set_running_does_not_echo(qtbot, bar):
    train = child(bar, QPushButton, "trainButton")
    with qtbot.waitSignal(bar.train_toggled) as blocker:
        click(qtbot, train)
    assert blocker.args == [True] and train.text() == "Pause"
    with qtbot.waitSignal(bar.train_toggled) as blocker:
        click(qtbot, train)
    assert blocker.args == [False] and train.text() == "Train"
    with qtbot.assertNotEmitted(bar.train_toggled):
        bar.set_running(True)
    assert train.text() == "Pause" and bar.is_running()
    with pytest.raises(ValueError):
        bar.set_running(1)


def test_step_and_reset_buttons(qtbot, bar):
    with qtbot.waitSignal(bar.step_requested):
        click(qtbot, child(bar, QPushButton, "stepButton"))
    with qtbot.waitSignal(bar.reset_requested):
        click(qtbot, child(bar, QPushButton, "resetButton"))


def test_disabled_train_says_why(qtbot, bar):
    train, step = bar.findChild(QPushButton, "trainButton"), bar.findChild(QPushButton, "stepButton")
    bar.set_train_enabled(False, "Add points of two classes first.")
    assert not train.isEnabled() and not step.isEnabled() and not bar.train_enabled()
    assert train.toolTip() == step.toolTip() == "Add points of two classes first."
    with qtbot.assertNotEmitted(bar.train_toggled):
        click(qtbot, train)
    bar.set_train_enabled(True)
    assert train.isEnabled() and step.isEnabled() and "Space" in train.toolTip()
    bar.set_running(True)
    bar.set_train_enabled(False, "No points.")
    assert train.isEnabled(), "a running net must stay pausable"
    with pytest.raises(ValueError):
        bar.set_train_enabled(False, "  ")


def test_speed_slider_emits_steps_per_second(qtbot, bar):
    slider, label = child(bar, QSlider, "speedSlider"), child(bar, QLabel, "speedLabel")
    assert label.text() == "max" and bar.speed() == 0
    slider.setFocus()
    with qtbot.waitSignal(bar.speed_changed) as blocker:
        qtbot.keyClick(slider, Qt.Key.Key_Home)
    assert blocker.args == [SPEEDS[0]] and label.text() == "1 step/s"
    with qtbot.waitSignal(bar.speed_changed) as blocker:
        qtbot.keyClick(slider, Qt.Key.Key_Right)
    assert blocker.args == [3] and label.text() == "3 steps/s"
    with qtbot.assertNotEmitted(bar.speed_changed):
        bar.set_state(PlaygroundState(steps_per_second=50))
    assert label.text() == "50 steps/s" and SPEEDS[slider.value()] in (30, 100)
    with pytest.raises(ValueError):
        bar.set_speed(-1)
