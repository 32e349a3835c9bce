"""Gradient statistics: norms over steps on log axes, histograms, and the gradient check button."""
import random

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

import engine
from engine import batched
from playground.views.graph import GraphPanel
from playground.views.graph.demo import snapshot_of, toy_data
from playground.views.graph.gradient_norms import NormHistory

FEATURES = ["x1", "x2"]
SIZES = [6, 6, 1]


@pytest.fixture
def trained(qtbot):
    panel = GraphPanel()
    qtbot.addWidget(panel)
    panel.resize(1000, 500)
    panel.show()
    panel.set_architecture(FEATURES, SIZES, "sigmoid")
    panel.setCurrentWidget(panel.stats_view)
    m = engine.MLP(2, SIZES, activation="sigmoid", rng=random.Random(5))
    X, t = toy_data(100)
    snaps = [snapshot_of(m, FEATURES, step=0)]         # as the worker starts a model: no gradient yet
    panel.update_snapshot(snaps[0])
    for step in range(1, 31):                          # each step's snapshot: the gradient it stepped with
        batched.loss_and_grad(m, X, t, loss="logistic")
        snaps.append(snapshot_of(m, FEATURES, step=step))
        for p in m.parameters():
            p.data -= 0.5 * p.grad
        panel.update_snapshot(snaps[-1])
    wait_for_points(qtbot, panel, 31)
    return panel, m, X, t, snaps


def wait_for_points(qtbot, panel, n):
    """Curves redraw on a timer (a few times a second), not on every snapshot."""
    def drawn():
        xs, _ = panel.stats_view._curves[0][0].getOriginalDataset()
        return xs is not None and len(xs) == n
    qtbot.waitUntil(drawn)


def test_norm_curves_follow_each_layers_gradients_and_weights(trained):
    panel, _, _, _, snaps = trained
    view = panel.stats_view
    assert view.grad_plot.getPlotItem().ctrl.logYCheck.isChecked()
    for i, (gc, wc, hc) in enumerate(view._curves):
        xs, gs = gc.getOriginalDataset()
        _, ws = wc.getOriginalDataset()
        assert list(xs) == list(range(31))
        assert np.isnan(gs[0])                         # step 0: no gradient yet, not a zero one
        expect_g = [np.linalg.norm(np.append(s.weight_grads[i].ravel(), s.bias_grads[i])) for s in snaps[1:]]
        expect_w = [np.linalg.norm(np.append(s.weights[i].ravel(), s.biases[i])) for s in snaps]
        assert gs[1:] == pytest.approx(expect_g) and ws == pytest.approx(expect_w)
        edges, counts = hc.getOriginalDataset()
        nonzero = np.count_nonzero(np.append(snaps[-1].weight_grads[i].ravel(), snaps[-1].bias_grads[i]))
        assert counts.sum() == nonzero                 # every nonzero gradient lands in one bin


def test_deep_sigmoid_gradients_vanish_towards_the_input(qtbot):
    sizes = [6] * 6 + [1]
    panel = GraphPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.set_architecture(FEATURES, sizes, "sigmoid")
    panel.setCurrentWidget(panel.stats_view)
    m = engine.MLP(2, sizes, activation="sigmoid", rng=random.Random(5))
    X, t = toy_data(100)
    panel.update_snapshot(snapshot_of(m, FEATURES, step=0))
    batched.loss_and_grad(m, X, t, loss="logistic")
    panel.update_snapshot(snapshot_of(m, FEATURES, step=1))
    wait_for_points(qtbot, panel, 2)
    norms = [c[0].getOriginalDataset()[1][-1] for c in panel.stats_view._curves]
    assert norms[0] < norms[-1] / 100      # the vanishing gradient this tab is there to show


def test_a_new_model_starts_new_curves(trained, qtbot):
    panel, m, *_ = trained
    panel.update_snapshot(snapshot_of(m, FEATURES, step=0, model_id=2))
    wait_for_points(qtbot, panel, 1)
    xs, _ = panel.stats_view._curves[0][0].getOriginalDataset()
    assert list(xs) == [0]


def test_the_gradient_check_button_reports_a_small_error(trained, qtbot):
    panel, m, X, t, _ = trained
    panel.set_gradcheck_source(lambda: (m, X, t, "logistic", 0.001))
    button = panel.findChild(QPushButton, "gradientCheckButton")
    with qtbot.waitSignal(panel.stats_view.gradient_checked) as done:
        qtbot.mouseClick(button, Qt.LeftButton)
    n = len(m.parameters())
    assert done.args[0].startswith(f"✓ backprop matches finite differences on all {n} parameters")
    label = panel.findChild(QLabel, "gradientCheckLabel")
    assert label.text() == done.args[0]
    largest = float(label.text().split("largest difference ")[1].split(",")[0])
    assert largest < 1e-6


def test_the_gradient_check_explains_missing_data(trained, qtbot):
    panel, *_ = trained
    button = panel.findChild(QPushButton, "gradientCheckButton")
    qtbot.mouseClick(button, Qt.LeftButton)
    assert "No model" in panel.stats_view.check_label.text()
    panel.set_gradcheck_source(lambda: None)
    qtbot.mouseClick(button, Qt.LeftButton)
    assert "No training data" in panel.stats_view.check_label.text()


def test_history_thins_itself_and_ignores_repeated_steps():
    h = NormHistory(2, capacity=8)
    for step in range(40):
        h.add(step, np.array([step, 1.0]), np.array([1.0, 2.0]))
        h.add(step, np.array([9e9, 9e9]), np.array([9e9, 9e9]))     # same step again: ignored
    steps = h.steps[:h.n]
    assert h.n <= 8 and steps[0] == 0 and steps[-1] >= 32
    assert list(steps) == sorted(steps) and np.all(h.grad[:h.n, 0] == steps)


def test_a_layer_with_zero_gradients_draws_on_the_zero_row(qtbot):
    panel = GraphPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.set_architecture(FEATURES, SIZES, "relu")
    panel.setCurrentWidget(panel.stats_view)
    view = panel.stats_view
    m = engine.MLP(2, SIZES, activation="relu", rng=random.Random(5))
    X, t = toy_data(100)
    panel.update_snapshot(snapshot_of(m, FEATURES, step=0))
    wait_for_points(qtbot, panel, 1)
    assert "none before a step" in view.hist_plot.getPlotItem().titleLabel.text
    batched.loss_and_grad(m, X, t, loss="logistic")
    for n in m.layers[0].neurons:                      # the first layer died: exactly 0, not 1e-300
        n.b.grad = 0.0
        for w in n.w:
            w.grad = 0.0
    panel.update_snapshot(snapshot_of(m, FEATURES, step=1))
    wait_for_points(qtbot, panel, 2)
    live = [c[0].getOriginalDataset()[1][-1] for c in view._curves[1:]]
    row = np.floor(np.log10(min(live))) - 1
    axis = view.grad_plot.getAxis("left")
    assert axis.zero_row == row and axis.tickStrings([row], 1.0, 1.0) == ["0"]
    assert view._curves[0][0].getOriginalDataset()[1][-1] == 10.0 ** row

    def ranged():                                      # the view box fits its range when it next paints
        low, high = view.grad_plot.getViewBox().viewRange()[1]
        assert row - 1 <= low <= row and high >= np.log10(max(live))
    qtbot.waitUntil(ranged)
    zeros = sum(p.grad == 0 for p in m.parameters())   # the dead layer and any ReLU dead on every point
    assert zeros >= sum(len(n.w) + 1 for n in m.layers[0].neurons)
    assert f"{zeros} of {len(m.parameters())} are 0" in view.hist_plot.getPlotItem().titleLabel.text
    assert view.weight_plot.getAxis("left").zero_row is None     # no weight norm is 0: a plain log axis
