"""Issue 12's knobs, walked from a default window as a user would: initialization, learning-rate schedule,
per-layer activations, layers inserted and removed anywhere, function datasets; saved and reopened.

Waits are on what the window paints (snapshot_painted), never a sleep.
"""
from __future__ import annotations

import json
import random

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGraphicsSimpleTextItem,
    QPushButton,
    QSpinBox,
    QToolButton,
)

from engine import MLP, batched
from engine.features import expand
from engine.grid import grid_axes
from engine.schedules import Schedule
from playground.model.state import PlaygroundState
from tests.test_app_flow import WAIT, draw_two_clusters, wait_trainable

LEFT = Qt.MouseButton.LeftButton


def choose(qtbot, window, name, data):
    """Pick an item of a combo box by keyboard, as a person tabbing through the panel would."""
    combo = window.findChild(QComboBox, name)
    assert combo is not None and combo.findData(data) >= 0, (name, data)
    combo.setFocus()
    while combo.currentData() != data:
        key = Qt.Key.Key_Down if combo.findData(data) > combo.currentIndex() else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)
    return combo


def type_number(qtbot, window, name, value):
    spin = window.findChild((QSpinBox, QDoubleSpinBox)[isinstance(value, float)], name)
    assert spin is not None and spin.isVisible(), name
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), spin.textFromValue(value))
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)
    assert spin.value() == value


def fresh_snapshot(qtbot, window, act):
    """Do `act`, then wait for the snapshot of the new model it asks for (step 0)."""
    before = window.latest_snapshot().model_id if window.latest_snapshot() is not None else -1
    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT,
                          check_params_cb=lambda s: s.step == 0 and s.model_id > before):
        act()
    return window.latest_snapshot()


def step_to(qtbot, window, n):
    step = window.findChild(QPushButton, "stepButton")
    while window.latest_snapshot().step < n:
        target = window.latest_snapshot().step + 1
        with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT, check_params_cb=lambda s, t=target: s.step == t):
            qtbot.mouseClick(step, LEFT)
    return window.latest_snapshot()


def seeded_mlp(state: PlaygroundState):
    return MLP(len(state.features), state.layer_sizes, activation=state.hidden_activations,
               rng=random.Random(state.seed), init=state.init)


def reopen(qtbot, window, tmp_path):
    """Save to a file, open it again (in the same window, as File > Open does); the state read back."""
    path = tmp_path / "knobs.json"
    assert window.files.save_to(path)
    saved = json.loads(path.read_text())
    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT):
        assert window.files.open_path(path)
    return saved, window.current_state()


# -- initialization ----------------------------------------------------------------------------------------
def test_init_combo_recreates_the_network_from_the_seed_and_zeros_explain_symmetry(qtbot, window, tmp_path):
    assert window.findChild(QComboBox, "initCombo").currentData() == "micrograd"
    snap = fresh_snapshot(qtbot, window, lambda: choose(qtbot, window, "initCombo", "xavier"))
    expected = [p.data for p in seeded_mlp(window.state()).parameters()]
    assert window.state().init == "xavier" and snap.flat_weights().tolist() == expected
    default = [p.data for p in MLP(2, [8, 8, 1], activation="tanh", rng=random.Random(0)).parameters()]
    assert expected != default

    snap = fresh_snapshot(qtbot, window, lambda: choose(qtbot, window, "initCombo", "zeros"))
    assert "symmetry" in window.status.text()
    draw_two_clusters(qtbot, window)
    wait_trainable(qtbot, window)
    snap = step_to(qtbot, window, 3)
    for W, b in zip(snap.weights[:-1], snap.biases[:-1]):     # every neuron of a hidden layer the same
        assert np.all(W == W[0]) and np.all(b == b[0])

    saved, state = reopen(qtbot, window, tmp_path)
    assert saved["state"]["init"] == "zeros" and state.init == "zeros"
    assert window.findChild(QComboBox, "initCombo").currentData() == "zeros"


# -- learning-rate schedule -----------------------------------------------------------------------------
def test_schedule_sets_each_steps_rate_shown_beside_the_loss_and_in_the_status_bar(qtbot, window, tmp_path):
    draw_two_clusters(qtbot, window)
    wait_trainable(qtbot, window)
    choose(qtbot, window, "scheduleCombo", "linear")
    assert not window.findChild(QDoubleSpinBox, "scheduleFactor").isVisible()   # step decay's only
    type_number(qtbot, window, "scheduleSteps", 4)
    type_number(qtbot, window, "scheduleFinal", 0.25)
    schedule = Schedule("linear", steps=4, final=0.25)
    assert window.state().schedule == schedule.to_dict()
    base = window.state().learning_rate
    for n in (1, 2, 5):
        snap = step_to(qtbot, window, n)
        rate = schedule.rate(base, snap.step)      # the rate the next step uses
        assert snap.learning_rate == rate
        text = f"lr {rate:.4g}"
        qtbot.waitUntil(lambda text=text: text in window.loss_plot._readout.text, timeout=WAIT)
        assert text in window.status.figures.text()

    saved, state = reopen(qtbot, window, tmp_path)
    assert saved["state"]["schedule"] == schedule.to_dict() and state.learning_schedule == schedule
    assert window.latest_snapshot().learning_rate == schedule.rate(base, 5)   # resumes where it was


# -- per-layer activations, layers anywhere ---------------------------------------------------------------
def test_per_layer_activations_and_a_layer_inserted_in_the_middle(qtbot, window, tmp_path):
    network = window.network_controls
    fresh_snapshot(qtbot, window, lambda: choose(qtbot, window, "layer2Activation", "relu"))
    assert window.state().hidden_activations == ["tanh", "relu"]
    sizes = window.findChild(QSpinBox, "layer2Neurons")
    sizes.setFocus()
    fresh_snapshot(qtbot, window, lambda: qtbot.mouseClick(window.findChild(QToolButton, "layer2MinusButton"), LEFT))
    assert window.state().hidden_layers == [8, 7]

    snap = fresh_snapshot(qtbot, window, lambda: qtbot.mouseClick(
        window.findChild(QToolButton, "layer2InsertButton"), LEFT))
    state = window.state()
    assert state.hidden_layers == [8, 7, 7] and state.hidden_activations == ["tanh", "tanh", "relu"]
    assert [row.spin.value() for row in network.layer_rows()] == [8, 7, 7]
    heads = {item.text() for item in window.graph_panel.network_view.canvas.scene().items()
             if isinstance(item, QGraphicsSimpleTextItem)}
    assert {"8 tanh", "7 tanh", "7 relu"} <= heads          # the network view names each layer's activation
    assert snap.flat_weights().tolist() == [p.data for p in seeded_mlp(state).parameters()]
    # The boundary the window shows is the batched forward of an MLP with those activations.
    layers = [(np.asarray(W), np.asarray(b)) for W, b in zip(snap.weights, snap.biases)]
    xs, ys = grid_axes(snap.extent, snap.boundary.shape)
    grid = np.array([[x, y] for y in ys[::17] for x in xs[::17]])
    scores = batched.forward_arrays(layers, state.hidden_activations, expand(grid, state.features))[:, 0]
    assert np.allclose(snap.boundary[::17, ::17].ravel(), scores, rtol=1e-5, atol=1e-5)   # a float32 picture
    model = seeded_mlp(state)                      # and the scalar engine agrees
    assert np.isclose(model(list(grid[0])).data, scores[0], rtol=1e-9, atol=1e-12)

    fresh_snapshot(qtbot, window, lambda: qtbot.mouseClick(window.findChild(QToolButton, "layer1RemoveButton"), LEFT))
    assert window.state().hidden_layers == [7, 7] and window.state().hidden_activations == ["tanh", "relu"]

    saved, state = reopen(qtbot, window, tmp_path)
    assert saved["state"]["activations"] == ["tanh", "relu"] and state.hidden_activations == ["tanh", "relu"]
    assert [row.activation.currentData() for row in network.layer_rows()] == ["tanh", "relu"]

    fresh_snapshot(qtbot, window, lambda: choose(qtbot, window, "activationCombo", "sigmoid"))   # sets all
    assert window.state().hidden_activations == ["sigmoid", "sigmoid"]
    assert [row.activation.currentData() for row in network.layer_rows()] == ["sigmoid", "sigmoid"]


# -- function datasets ---------------------------------------------------------------------------------------
def test_function_presets_generate_points_by_the_side_of_the_curve(qtbot, window):
    from engine.function_datasets import FUNCTION_PRESETS
    choose(qtbot, window, "presetCombo", "sine")
    qtbot.mouseClick(window.findChild(QPushButton, "generateButton"), LEFT)
    state = window.state()
    points, labels = FUNCTION_PRESETS["sine"](state.preset_points, state.preset_noise, state.preset_seed)
    assert np.array_equal(window.dataset.points(), points) and np.array_equal(window.dataset.labels(), labels)
    assert window.findChild(QComboBox, "presetCombo").currentText() == "Sine"


# -- version-1 files ----------------------------------------------------------------------------------------
def test_a_version_1_state_opens_with_the_old_behaviour(qtbot, window, tmp_path):
    v1 = PlaygroundState(hidden_layers=[3, 2], activation="relu").to_dict()
    for new in ("init", "schedule", "activations", "problem", "values"):
        del v1[new]
    v1["version"] = 1
    state = PlaygroundState.from_dict(v1)
    assert (state.version, state.init, state.learning_schedule.kind) == (3, "micrograd", "constant")
    assert state.problem == "classification" and state.values is None
    assert state.hidden_activations == ["relu", "relu"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"format": "micrograd-playground-session", "version": 1, "state": v1}))
    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT):
        assert window.files.open_path(path)
    assert window.state().hidden_layers == [3, 2] and window.state().init == "micrograd"
    bad = {**PlaygroundState().to_dict(), "activations": ["tanh", "wavy"]}
    try:
        PlaygroundState.from_dict(bad)
    except ValueError as exc:
        assert "activations[1]" in str(exc)
    else:
        raise AssertionError("a bad activation was accepted")


def test_last_used_settings_of_version_1_and_2_keep_working(settings):
    from playground.window.main_window import last_used_settings
    v1 = PlaygroundState(hidden_layers=[5], optimizer="sgd").to_dict()
    for new in ("init", "schedule", "activations"):
        del v1[new]
    settings.setValue("session/lastSettings", json.dumps({**v1, "version": 1}))
    state = last_used_settings(settings)
    assert (state.hidden_layers, state.optimizer, state.init) == ([5], "sgd", "micrograd")
    v2 = PlaygroundState(init="he", activations=["relu"], hidden_layers=[5],
                         schedule=Schedule("cosine", 50, 0.2).to_dict())
    settings.setValue("session/lastSettings", json.dumps(v2.to_dict()))
    assert last_used_settings(settings) == v2
