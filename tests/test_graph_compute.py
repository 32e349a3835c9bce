"""The computation graph tab: the drawn graph is trace's graph; backprop step by step ends at backward()."""
import random
from collections import Counter

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QPushButton

import engine
from engine.nn import ACTIVATIONS
from engine.train import encode_targets
from engine.value import trace
from playground.views.graph import GraphPanel
from playground.views.graph.computation_canvas import fmt

FEATURES = ["x1", "x2", "x1*x2"]
POINT = [0.4, -0.9, -0.36]


@pytest.fixture
def panel(qtbot):
    p = GraphPanel()
    qtbot.addWidget(p)
    p.resize(1000, 600)
    p.show()
    qtbot.waitExposed(p)
    p.set_architecture(FEATURES, [4, 4, 1], "tanh")
    p.setCurrentWidget(p.computation_view)
    return p


def model(sizes=(4, 4, 1), nin=3, activation="tanh", seed=3):
    return engine.MLP(nin, list(sizes), activation=activation, rng=random.Random(seed))


def reference(m, loss="logistic", target=-1):
    """The same point's loss graph, built independently, and its trace after backward()."""
    out = m(POINT)
    root = getattr(engine.losses, loss)([out], [target])
    m.zero_grad()
    root.backward()
    return trace(root)


def test_the_drawn_graph_has_exactly_traces_nodes_and_edges(panel):
    m = model()
    panel.set_sample(m, POINT, -1, "logistic")
    nodes, edges = reference(model())
    canvas = panel.computation_view.canvas
    assert canvas.drawn_nodes() == set(range(len(nodes)))
    assert Counter(canvas.drawn_edges()) == Counter(edges)
    assert set(canvas.op_items) == {i for i, n in enumerate(nodes) if n.op}
    for i, n in enumerate(nodes):
        assert canvas.data_texts[i].text() == f"data {fmt(n.data)}"
        assert canvas.grad_texts[i].text() == f"grad {fmt(n.grad)}"
        if n.op:
            assert canvas.op_items[i].childItems()[0].text() == n.op
    g = panel.computation_view.graph
    assert g.names[-1] == "loss" and canvas.boxes[len(nodes) - 1].childItems()[-3].text() == "loss"
    for c, p in edges:                    # left to right: a child's box ends before its parent's op circle
        assert canvas.boxes[c].sceneBoundingRect().right() < canvas.op_items[p].sceneBoundingRect().left()


def test_stepping_with_the_button_ends_with_backwards_grads(panel, qtbot):
    panel.set_sample(model(), POINT, -1, "logistic")
    view = panel.computation_view
    button = view.findChild(QPushButton, "backpropStepButton")
    nodes, _ = reference(model())
    qtbot.mouseClick(button, Qt.LeftButton)
    assert view.walk.position == 1
    unknown = [i for i, t in view.canvas.grad_texts.items() if t.text() == "grad ?"]
    assert len(unknown) > len(nodes) // 2          # most grads are not known yet after one step
    lit = [e for e, item in view.canvas.edge_items.items() if item.pen().widthF() >= 3]
    assert lit and all(p == len(nodes) - 1 for _, p in lit)     # the loss' own input edges light up
    while not view.walk.done:
        qtbot.mouseClick(button, Qt.LeftButton)
    assert view.walk.grads == [n.grad for n in nodes]
    assert [view.canvas.grad_texts[i].text() for i in range(len(nodes))] == [f"grad {fmt(n.grad)}" for n in nodes]
    assert "done" in view.walk_label.text()


def test_play_animates_the_walk_and_reset_starts_over(panel, qtbot):
    panel.set_sample(model(), POINT, 1, "hinge")
    view = panel.computation_view
    view.timer.setInterval(1)
    with qtbot.waitSignal(view.walk_finished, timeout=10_000):
        qtbot.mouseClick(view.findChild(QPushButton, "backpropPlayButton"), Qt.LeftButton)
    assert view.walk.done and not view.play_button.isChecked()
    qtbot.mouseClick(view.findChild(QPushButton, "backpropResetButton"), Qt.LeftButton)
    assert view.walk.position == 0
    root = max(view.canvas.grad_texts)
    assert view.canvas.grad_texts[root].text() == "grad +1.0000"
    assert sum(t.text() == "grad ?" for t in view.canvas.grad_texts.values()) == root


def test_a_new_point_with_the_same_shape_updates_numbers_in_place(panel):
    m = model()
    panel.set_sample(m, POINT, -1, "logistic")
    canvas = panel.computation_view.canvas
    box = canvas.boxes[0]
    panel.set_sample(m, [1.0, 1.0, 1.0], -1, "logistic")
    assert canvas.boxes[0] is box
    assert "x₁" in panel.computation_view.graph.names
    x1 = panel.computation_view.graph.names.index("x₁")
    assert canvas.data_texts[x1].text() == "data +1.0000"


def test_big_networks_show_the_chosen_neuron(qtbot):
    p = GraphPanel()
    qtbot.addWidget(p)
    p.resize(900, 600)
    p.show()
    p.set_architecture(["x1", "x2"], [8, 8, 1], "relu")
    p.setCurrentWidget(p.computation_view)
    view = p.computation_view
    assert view.layer_combo.isVisible() and view.neuron_spin.isVisible()
    m = model((8, 8, 1), nin=2, activation="relu")
    p.set_sample(m, [0.2, 0.3], 1, "logistic")
    assert view.graph.neuron == (0, 0)
    view.layer_combo.setCurrentIndex(1)
    view.neuron_spin.setValue(4)
    assert view.graph.neuron == (1, 3)
    assert sorted(n for n in view.graph.names if n.startswith("w")) == sorted(f"w{k} L2n4" for k in range(8))
    p.setCurrentWidget(p.network_view)             # clicking a neuron in the network picks it here too
    box = p.network_view.drawing.neurons[1][6]
    pos = p.network_view.canvas.mapFromScene(box.sceneBoundingRect().center())
    qtbot.mouseClick(p.network_view.canvas.viewport(), Qt.LeftButton, pos=pos)
    p.setCurrentWidget(view)
    assert view.graph.neuron == (1, 6)


def whole_graph_visible(canvas) -> bool:
    visible = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
    return visible.contains(canvas.scene().itemsBoundingRect().adjusted(2, 2, -2, -2))


def wheel_zoom_in(canvas, clicks=2):
    pos = QPointF(canvas.viewport().rect().center())
    wheel = QWheelEvent(pos, QPointF(canvas.viewport().mapToGlobal(pos.toPoint())), QPoint(), QPoint(0, 120 * clicks),
                        Qt.NoButton, Qt.NoModifier, Qt.NoScrollPhase, False)
    QApplication.sendEvent(canvas.viewport(), wheel)


@pytest.mark.parametrize("fused", [True, False])
@pytest.mark.parametrize("loss", ["hinge", "logistic", "mse", "cross_entropy"])
def test_every_loss_activation_and_graph_kind_takes_the_engines_targets(panel, loss, fused):
    """The targets come from engine.train.encode_targets (numpy ±1.0 floats, numpy int class ids): every
    loss × activation × fused/unfused graph draws trace's graph, and the caption names the target."""
    view = panel.computation_view
    classes = [0, 1, 2] if loss == "cross_entropy" else [0, 1]
    nout = len(classes) if loss == "cross_entropy" else 1
    for activation in ACTIVATIONS:
        panel.set_architecture(FEATURES, [4, 4, nout], activation)
        for label in classes:
            m = engine.MLP(3, [4, 4, nout], activation=activation, rng=random.Random(label), fused=fused)
            target = encode_targets([label], loss)[0]
            panel.set_sample(m, POINT, target, loss)
            ref = engine.MLP(3, [4, 4, nout], activation=activation, rng=random.Random(label), fused=fused)
            out = ref(POINT)
            root = (engine.losses.cross_entropy([out], [label]) if loss == "cross_entropy"
                    else getattr(engine.losses, loss)([out], [2.0 * label - 1.0]))
            root.backward()
            nodes, edges = trace(root)
            assert view.graph is not None and view.canvas.drawn_nodes() == set(range(len(nodes)))
            assert Counter(view.canvas.drawn_edges()) == Counter(edges)
            assert view.graph.loss == root.data
            want = f"class {label}" if loss == "cross_entropy" else f"target {'+1' if label else '-1'}"
            assert f"{want}: {loss} loss {fmt(root.data)}" in view.caption.text()
            assert whole_graph_visible(view.canvas)


def test_a_new_point_is_framed_whole_and_newer_weights_keep_the_zoom(panel):
    view = panel.computation_view
    m = model()
    panel.set_sample(m, POINT, -1.0, "logistic")
    canvas = view.canvas
    assert whole_graph_visible(canvas)
    wheel_zoom_in(canvas)
    zoomed = canvas.zoom
    assert not whole_graph_visible(canvas)
    m.parameters()[0].data += 0.5                  # training moved on: same point, newer weights
    panel.set_sample(m, POINT, -1.0, "logistic", step=7)
    assert canvas.zoom == zoomed and "at step 7" in view.caption.text()
    panel.set_sample(m, [0.9, 0.1, 0.09], 1.0, "logistic", step=7)      # another point: seen whole again
    assert whole_graph_visible(canvas)


def test_clearing_the_sample_goes_back_to_the_hint(panel):
    view = panel.computation_view
    panel.set_sample(model(), POINT, 1.0, "hinge")
    panel.clear_sample()
    assert view.graph is None and view.canvas.drawn_nodes() == set()
    assert view.caption.text().startswith("Click a point")
    assert not view.step_button.isEnabled()


def test_the_wheel_zooms_and_fit_all_shows_everything(panel, qtbot):
    panel.set_sample(model(), POINT, -1, "logistic")
    canvas = panel.computation_view.canvas
    before = canvas.zoom
    pos = QPointF(canvas.viewport().rect().center())
    wheel = QWheelEvent(pos, QPointF(canvas.viewport().mapToGlobal(pos.toPoint())), QPoint(), QPoint(0, 240),
                        Qt.NoButton, Qt.NoModifier, Qt.NoScrollPhase, False)
    QApplication.sendEvent(canvas.viewport(), wheel)
    assert canvas.zoom == pytest.approx(before * 1.15 ** 2)
    qtbot.mouseClick(panel.computation_view.fit_button, Qt.LeftButton)
    visible = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
    assert visible.contains(canvas.scene().itemsBoundingRect().adjusted(2, 2, -2, -2))


def test_bad_samples_are_refused(panel):
    with pytest.raises(ValueError):
        panel.set_sample(model(), [0.1, 0.2], 1, "hinge")
    with pytest.raises(ValueError):
        panel.set_sample(model(), POINT, 2, "hinge")
    with pytest.raises(ValueError):
        panel.set_sample("not a model", POINT, 1, "hinge")


def test_a_sample_set_while_hidden_is_drawn_when_shown(panel, qtbot):
    panel.setCurrentWidget(panel.network_view)
    panel.set_sample(model(), POINT, -1, "logistic")
    assert panel.computation_view.graph is None           # no work for a hidden tab
    panel.setCurrentWidget(panel.computation_view)
    qtbot.waitUntil(lambda: panel.computation_view.graph is not None)
