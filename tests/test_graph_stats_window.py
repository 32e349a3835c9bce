"""The Gradient statistics tab in the real MainWindow, used as a person would: click points, Reset, open the
tab, check the gradients; train hinge until its gradients are exactly 0 and read the plots at 1280x800."""
from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt
from test_app_flow import (
    WAIT,
    button,
    click_point,
    pick_class,
    wait_paused,
    wait_trainable,
)

from engine import batched
from playground.window.graph_wiring import GRADCHECK_POINTS, gradcheck_source

# Four clicks per class. On the fresh default net (tanh, hinge) every margin is active and the classes are
# balanced, so the output bias's gradient is exactly 0. Its finite difference is round-off, some 1e-12 or
# exactly 0 depending on where the clicks land; with these clicks the old check said "max relative error
# 6.9e-05 ... ✗" (a 1e-8 floor under a relative error; the noise is ~1e-11).
CLICKED = {0: [(-1.1, 1.0), (-1.2, -0.7), (-0.7, 0.9), (-0.3, 0.8)],
           1: [(1.3, -0.1), (0.7, -0.5), (0.6, -0.1), (0.9, 0.1)]}
# Close to the boundary a fresh net draws (hinge > 0 at first), yet separable: hinge training reaches 0.
NEAR = {0: [(-0.4, -0.5), (-0.3, 0.2), (-0.5, 0.6), (-0.35, -0.1)],
        1: [(0.4, 0.5), (0.3, -0.2), (0.5, -0.6), (0.35, 0.1)]}


def click_classes(qtbot, window, points):
    for k, pts in points.items():
        pick_class(qtbot, window, k)
        for x, y in pts:
            click_point(qtbot, window, x, y)


def open_stats_tab(qtbot, window):
    panel = window.graph_panel
    tabs = panel.tabBar()
    index = panel.indexOf(panel.stats_view)
    qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(index).center())
    qtbot.waitUntil(panel.stats_view.isVisible, timeout=WAIT)
    return panel.stats_view


def test_gradient_check_of_a_reset_network_on_clicked_points_passes(qtbot, window):
    click_classes(qtbot, window, CLICKED)
    wait_trainable(qtbot, window)
    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT, check_params_cb=lambda s: s.step == 0):
        qtbot.mouseClick(button(window, "resetButton"), Qt.MouseButton.LeftButton)
    view = open_stats_tab(qtbot, window)
    model, X, targets, loss, l2, _problem = gradcheck_source(window)
    assert loss == "hinge" and model.activation == "tanh"
    batched.loss_and_grad(model, X, targets, loss=loss, l2=l2)
    assert model.parameters()[-1].grad == 0               # the output bias: a true gradient of 0
    with qtbot.waitSignal(view.gradient_checked, timeout=WAIT) as done:
        qtbot.mouseClick(button(window, "gradientCheckButton"), Qt.MouseButton.LeftButton)
    text = done.args[0]
    assert text.startswith(f"✓ backprop matches finite differences on all {len(model.parameters())} parameters")
    assert "✗" not in text and "kink" not in text        # tanh is smooth, and every margin is far from 1
    assert view.check_label.text() == text


def test_hinge_at_zero_loss_draws_zero_gradients_on_a_labelled_row_at_1280x800(qtbot, window):
    window.resize(1280, 800)
    click_classes(qtbot, window, NEAR)
    first = wait_trainable(qtbot, window)
    assert first.train_loss > 0                          # some gradient to begin with
    view = open_stats_tab(qtbot, window)
    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT, check_params_cb=lambda s: s.step == 1):
        qtbot.mouseClick(button(window, "stepButton"), Qt.MouseButton.LeftButton)     # one step: a gradient

    def gradients_are_zero():
        s = window.latest_snapshot()
        assert s.step > 1 and s.train_loss == 0
        assert not any(np.any(g) for g in (*s.weight_grads, *s.bias_grads))
    qtbot.mouseClick(button(window, "trainButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(gradients_are_zero, timeout=30_000)
    qtbot.mouseClick(button(window, "trainButton"), Qt.MouseButton.LeftButton)
    wait_paused(qtbot, window)
    gradients_are_zero()                                 # the run paused with its gradients at exactly 0

    history = view.history
    norms = history.grad[:history.n]
    positive = norms[np.isfinite(norms) & (norms > 0)]
    assert positive.size and np.any(norms == 0)
    row = math.floor(math.log10(positive.min())) - 1     # zeros sit one decade below the smallest norm
    axis = view.grad_plot.getAxis("left")

    def drawn():
        assert axis.zero_row == row
        for g, _, _ in view._curves:
            xs, ys = g.getOriginalDataset()
            assert xs[-1] == window.latest_snapshot().step and ys[-1] == 10.0 ** row
        # The view range follows the data a paint later (pyqtgraph's auto-range): wait for it too.
        low, high = view.grad_plot.getViewBox().viewRange()[1]
        assert row - 1 <= low <= row and high >= math.log10(positive.max())
    qtbot.waitUntil(drawn, timeout=WAIT)
    assert row > -20                                     # not the 1e-300 a floor of "tiny" gave
    assert axis.tickStrings([row, row + 1], 1.0, 1.0) == ["0", f"{10.0 ** (row + 1):0.1g}"]
    low, high = view.grad_plot.getViewBox().viewRange()[1]
    ticks = [v for _, values in axis.tickValues(low, high, axis.height()) for v in values]
    assert any(abs(v - row) < 1e-9 for v in ticks) and min(ticks) >= row - 1e-9
    s = window.latest_snapshot()
    count = sum(g.size for g in (*s.weight_grads, *s.bias_grads))
    assert f"all {count} are 0" in view.hist_plot.getPlotItem().titleLabel.text
    assert view.hist_plot.getViewBox().viewRange()[1] == [0, 1]     # an empty histogram, honestly scaled

    # Readable at 1280x800: each title fits above its plot, the step plots have room for their ticks.
    for plot in (view.grad_plot, view.weight_plot, view.hist_plot):
        title = plot.getPlotItem().titleLabel
        assert title.item.boundingRect().width() <= title.width(), title.text
    for plot in (view.grad_plot, view.weight_plot):
        assert plot.getPlotItem().getViewBox().width() >= 200


def test_the_gradient_check_of_many_points_runs_on_an_even_spread_of_them(qtbot, window):
    # The check runs while the user waits: 20,000 points are checked on GRADCHECK_POINTS of them, all classes.
    rng = np.random.default_rng(3)
    points = rng.uniform(-2, 2, size=(20_000, 2))
    window.dataset.replace(points, (points[:, 0] > 0).astype(np.int64), 2)
    wait_trainable(qtbot, window)
    _model, X, targets, _loss, _l2, _problem = gradcheck_source(window)
    assert len(X) == len(targets) == GRADCHECK_POINTS
    assert set(np.unique(targets)) == {-1.0, 1.0}
    assert X[:, 0].min() < -1.9 and X[:, 0].max() > 1.9        # spread over the data, not its first rows
