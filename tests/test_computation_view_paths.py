"""The Computation graph tab on the real window, walked in the orders a person uses it.

Every loss × activation × engine: choose a point while the Network tab shows, open the tab, train while it is
visible (it follows), pause (it shows the current weights), change the network (the point stays chosen and
the new network's graph is shown), reset. Waits are qtbot.waitSignal / waitUntil only.
"""
from __future__ import annotations

import math
import re

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QPushButton,
    QSpinBox,
    QToolButton,
)

import engine
from engine.features import expand
from engine.nn import ACTIVATIONS
from engine.train import encode_targets
from playground.views.graph.computation_canvas import fmt

WAIT = 15_000
LOSSES = ("hinge", "logistic", "mse", "cross_entropy")
ENGINES = ("batched", "scalar")
ACTIVATION_OPS = {"relu": "ReLU", "tanh": "tanh", "sigmoid": "sigmoid", "linear": None}


# -- acting as the user --------------------------------------------------------------------------------------
def choose(window, combo_name, value):
    combo = window.findChild(QComboBox, combo_name)
    index = combo.findData(value)
    assert index >= 0, f"{combo_name} has no {value!r}"
    combo.setCurrentIndex(index)


def click(qtbot, window, button_name, kind=QPushButton):
    button = window.findChild(kind, button_name)
    assert button is not None and button.isEnabled(), button_name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def make_data(qtbot, window, points=40):
    """A small moons preset (quick steps on the scalar engine too), then wait for a finite snapshot."""
    window.findChild(QSpinBox, "presetPoints").setValue(points)
    click(qtbot, window, "generateButton")
    train = window.findChild(QPushButton, "trainButton")
    qtbot.waitUntil(lambda: train.isEnabled() and window.latest_snapshot() is not None
                    and window.latest_snapshot().step == 0 and math.isfinite(window.latest_snapshot().train_loss)
                    and window.dataset.count() == points, timeout=WAIT)


def select_point(qtbot, window, index):
    """Ctrl+click the point: the canvas selects the nearest one under the cursor."""
    x, y = window.dataset.points()[index]
    qtbot.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                     window.canvas.data_to_viewport(x, y))
    chosen = window.canvas.selected_index()
    assert chosen >= 0
    return chosen


def open_tab(qtbot, window, title):
    panel = window.graph_panel
    bar = panel.tabBar()
    index = next(i for i in range(panel.count()) if panel.tabText(i) == title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert panel.currentIndex() == index


def wait_paused(qtbot, window):
    qtbot.waitUntil(lambda: window.latest_snapshot() is not None and not window.latest_snapshot().running,
                    timeout=WAIT)


# -- what the tab shows ----------------------------------------------------------------------------------------
def caption_step(view):
    m = re.search(r"at step (\d+)\.", view.caption.text())
    return int(m.group(1)) if m else None


def point_loss_now(window, index):
    """The chosen point's loss with the weights of the last snapshot, computed apart from the graph tab."""
    state, snap = window.state(), window.latest_snapshot()
    model = engine.MLP(len(state.features), state.layer_sizes, activation=state.activation)
    for p, w in zip(model.parameters(), snap.flat_weights().tolist(), strict=True):
        p.data = w
    x = expand(window.dataset.points()[index:index + 1], list(state.features))[0].tolist()
    loss = state.effective_loss
    target = encode_targets(window.dataset.labels()[index:index + 1], loss)[0]
    out = model(x)
    if loss == "cross_entropy":
        return engine.losses.cross_entropy([out], [int(target)]).data
    return getattr(engine.losses, loss)([out], [float(target)]).data


def shows_current_weights(window, view, index):
    snap = window.latest_snapshot()
    return (view.graph is not None and caption_step(view) == snap.step
            and f"loss {fmt(point_loss_now(window, index))} at step" in view.caption.text())


def whole_graph_visible(canvas) -> bool:
    visible = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
    return visible.contains(canvas.scene().itemsBoundingRect().adjusted(2, 2, -2, -2))


def shows_activation(view, activation) -> bool:
    op = ACTIVATION_OPS[activation]
    ops = set(view.graph.ops) if view.graph is not None else set()
    others = {o for a, o in ACTIVATION_OPS.items() if o and a != activation}
    return view.graph is not None and (op is None or op in ops) and not ops & others


# -- the paths -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("engine_name", ENGINES)
@pytest.mark.parametrize("loss", LOSSES)
def test_a_chosen_point_follows_training_pauses_architecture_changes_and_reset(qtbot, window, loss, engine_name):
    view = window.graph_panel.computation_view
    choose(window, "lossCombo", loss)
    choose(window, "engineCombo", engine_name)
    make_data(qtbot, window)
    assert window.graph_panel.currentWidget() is window.graph_panel.network_view    # the default tab
    index = select_point(qtbot, window, 3)

    # Choose the point first, then open the tab (this order crashed the app with the default hinge loss).
    open_tab(qtbot, window, "Computation")
    qtbot.waitUntil(lambda: shows_current_weights(window, view, index), timeout=WAIT)
    target = encode_targets(window.dataset.labels()[index:index + 1], loss)[0]
    assert (f"class {target}" if loss == "cross_entropy" else f"target {target:+.0f}") in view.caption.text()
    assert whole_graph_visible(view.canvas)

    # Every activation is an architecture change: the point stays chosen and the new network's graph shows.
    for activation in ACTIVATIONS:
        choose(window, "activationCombo", activation)
        qtbot.waitUntil(lambda a=activation: shows_activation(view, a) and shows_current_weights(window, view, index),
                        timeout=WAIT)
        assert window.canvas.selected_index() == index
        click(qtbot, window, "stepButton")           # one step: the graph shows the stepped weights
        qtbot.waitUntil(lambda: window.latest_snapshot().step == 1 and shows_current_weights(window, view, index),
                        timeout=WAIT)

    # Train with the tab visible: the caption follows the run, not the selection-time numbers.
    click(qtbot, window, "trainButton")
    qtbot.waitUntil(lambda: (caption_step(view) or 0) > 1, timeout=WAIT)
    first = caption_step(view)
    qtbot.waitUntil(lambda: (caption_step(view) or 0) > first, timeout=WAIT)
    click(qtbot, window, "trainButton")             # pause: the current weights, exactly
    wait_paused(qtbot, window)
    qtbot.waitUntil(lambda: shows_current_weights(window, view, index), timeout=WAIT)

    # Another layer: the new network's graph for the same point.
    click(qtbot, window, "addLayerButton", QToolButton)
    hidden = len(window.state().hidden_layers)
    qtbot.waitUntil(lambda: window.latest_snapshot().step == 0 and shows_current_weights(window, view, index),
                    timeout=WAIT)
    assert view.layer_combo.count() == hidden + 1 and window.canvas.selected_index() == index

    # Reset after a step: fresh weights from the seed, still this point.
    click(qtbot, window, "stepButton")
    qtbot.waitUntil(lambda: caption_step(view) == 1, timeout=WAIT)
    click(qtbot, window, "resetButton")
    qtbot.waitUntil(lambda: window.latest_snapshot().step == 0 and shows_current_weights(window, view, index),
                    timeout=WAIT)
    assert whole_graph_visible(view.canvas)


@pytest.mark.parametrize("loss", LOSSES)
def test_open_the_tab_then_choose_points(qtbot, window, loss):
    view = window.graph_panel.computation_view
    choose(window, "lossCombo", loss)
    make_data(qtbot, window)
    open_tab(qtbot, window, "Computation")
    assert view.caption.text().startswith("Click a point") and view.graph is None
    index = select_point(qtbot, window, 5)
    qtbot.waitUntil(lambda: shows_current_weights(window, view, index), timeout=WAIT)
    assert whole_graph_visible(view.canvas)

    # Zoomed in, a run keeps the zoom; another point is framed whole again.
    canvas = view.canvas
    pos = QPointF(canvas.viewport().rect().center())
    QApplication.sendEvent(canvas.viewport(), QWheelEvent(
        pos, QPointF(canvas.viewport().mapToGlobal(pos.toPoint())), QPoint(), QPoint(0, 480),
        Qt.NoButton, Qt.NoModifier, Qt.NoScrollPhase, False))
    zoom = canvas.zoom
    assert not whole_graph_visible(canvas)
    click(qtbot, window, "stepButton")
    qtbot.waitUntil(lambda: caption_step(view) == 1, timeout=WAIT)
    assert canvas.zoom == zoom
    other = next(i for i in range(window.dataset.count())
                 if np.linalg.norm(window.dataset.points()[i] - window.dataset.points()[index]) > 0.5)
    other = select_point(qtbot, window, other)
    qtbot.waitUntil(lambda: shows_current_weights(window, view, other), timeout=WAIT)
    assert whole_graph_visible(canvas)

    # Clicking empty canvas with the Select tool chooses no point: the tab says how to choose one.
    click(qtbot, window, "selectToolButton", QToolButton)
    qtbot.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, pos=window.canvas.data_to_viewport(-1.9, 1.9))
    assert window.canvas.selected_index() == -1
    assert view.caption.text().startswith("Click a point") and view.graph is None


def test_a_hidden_tab_does_no_work_and_catches_up_when_shown(qtbot, window):
    view = window.graph_panel.computation_view
    make_data(qtbot, window)
    open_tab(qtbot, window, "Computation")
    index = select_point(qtbot, window, 7)
    qtbot.waitUntil(lambda: shows_current_weights(window, view, index), timeout=WAIT)
    open_tab(qtbot, window, "Network")
    drawn = view.graph
    click(qtbot, window, "trainButton")
    qtbot.waitUntil(lambda: window.latest_snapshot().step > 5, timeout=WAIT)
    click(qtbot, window, "trainButton")
    wait_paused(qtbot, window)
    assert view.graph is drawn                     # nothing rebuilt behind the user's back
    open_tab(qtbot, window, "Computation")
    qtbot.waitUntil(lambda: shows_current_weights(window, view, index), timeout=WAIT)
    assert caption_step(view) > 5


def test_more_than_two_classes_show_the_class_and_cross_entropy(qtbot, window):
    view = window.graph_panel.computation_view
    click(qtbot, window, "addClassButton", QToolButton)
    choose(window, "presetCombo", "blobs")
    make_data(qtbot, window, points=45)
    assert window.state().effective_loss == "cross_entropy"
    labels = window.dataset.labels()
    index = select_point(qtbot, window, int(np.flatnonzero(labels == 2)[0]))
    open_tab(qtbot, window, "Computation")
    qtbot.waitUntil(lambda: shows_current_weights(window, view, index), timeout=WAIT)
    assert f"class {labels[index]}: cross_entropy loss" in view.caption.text()


def test_network_changes_and_reset_while_training_keep_the_point_and_follow_on(qtbot, window):
    view = window.graph_panel.computation_view
    make_data(qtbot, window)
    open_tab(qtbot, window, "Computation")
    index = select_point(qtbot, window, 9)
    click(qtbot, window, "trainButton")
    qtbot.waitUntil(lambda: (caption_step(view) or 0) > 0, timeout=WAIT)
    choose(window, "activationCombo", "relu")           # a new network mid-run
    qtbot.waitUntil(lambda: shows_activation(view, "relu") and (caption_step(view) or 0) > 0, timeout=WAIT)
    click(qtbot, window, "resetButton")                 # reset mid-run: it keeps training from fresh weights
    qtbot.waitUntil(lambda: (caption_step(view) or 0) > 0, timeout=WAIT)
    assert window.canvas.selected_index() == index and shows_activation(view, "relu")
    click(qtbot, window, "trainButton")
    wait_paused(qtbot, window)
    qtbot.waitUntil(lambda: shows_current_weights(window, view, index), timeout=WAIT)


def test_following_training_does_not_copy_the_loss_curves(qtbot, window, monkeypatch):
    """After a long run the curves take tens of milliseconds to copy; the tab asks for weights 4 times a
    second, so it must not copy them."""
    from playground.window.graph_wiring import model_from_window
    make_data(qtbot, window)

    def refuse():
        raise AssertionError("the graph tab copied the loss curves")
    monkeypatch.setattr(window.loss_plot, "history", refuse)
    model, state = model_from_window(window)
    assert model is not None and state.weights is not None
