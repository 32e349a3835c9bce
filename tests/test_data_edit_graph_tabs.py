"""Issue 10 (no freeze after a data edit): adding or erasing points changes the data, not the network, so the
graph panel is not rebuilt. The selected neuron, the gradient history and the chosen point survive the edit;
the tabs that draw the data (hidden space, landscape) draw the new points; a real architecture change still
resets everything."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton
from test_app_flow import LEFT, RIGHT, WAIT, button, click_point, draw_two_clusters, wait_trainable
from test_regression_walk import click_neuron

from playground.views.graph.computation_view import NO_POINT
from playground.window.graph_wiring import view_data

RIGHT_BUTTON = Qt.MouseButton.RightButton


def count_rebuilds(monkeypatch, panel) -> list:
    """Every set_architecture call on the graph panel from now on (the ~70 ms rebuild), its arguments."""
    calls, rebuild = [], panel.set_architecture

    def counted(*args):
        calls.append(args)
        rebuild(*args)
    monkeypatch.setattr(panel, "set_architecture", counted)
    return calls


def step(qtbot, window, times: int) -> None:
    for _ in range(times):
        target = window.latest_snapshot().step + 1
        with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT, check_params_cb=lambda s, t=target: s.step == t):
            qtbot.mouseClick(button(window, "stepButton"), Qt.MouseButton.LeftButton)


def open_tab(qtbot, panel, view):
    tabs = panel.tabBar()
    qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(panel.indexOf(view)).center())
    qtbot.waitUntil(view.isVisible, timeout=WAIT)
    return view


def edit(qtbot, window, x, y, mouse=Qt.MouseButton.LeftButton) -> None:
    """A click on the canvas (left adds, right erases), then the 60 ms until the edit is handed over."""
    count = window.dataset.count()
    click_point(qtbot, window, x, y, button=mouse)
    assert window.dataset.count() != count
    qtbot.waitUntil(lambda: not window.training.data_timer.isActive(), timeout=WAIT)


def test_adding_and_erasing_points_keeps_the_neuron_the_gradient_history_and_the_point(qtbot, window, monkeypatch):
    draw_two_clusters(qtbot, window)
    wait_trainable(qtbot, window)
    step(qtbot, window, 3)
    panel = window.graph_panel
    rebuilds = count_rebuilds(monkeypatch, panel)
    qtbot.waitUntil(lambda: panel.network_view.drawing is not None and panel.network_view.isVisible(), timeout=WAIT)
    with qtbot.waitSignal(panel.neuron_selected, timeout=WAIT):
        click_neuron(qtbot, window, 0, 1)
    qtbot.waitUntil(lambda: window.canvas.highlight_label() == "layer 1, neuron 2", timeout=WAIT)
    click_point(qtbot, window, *LEFT[0], modifier=Qt.KeyboardModifier.ControlModifier)   # the point to follow
    assert window.canvas.selected_index() == 0
    stats = open_tab(qtbot, panel, panel.stats_view)
    recorded = stats.history.steps[:stats.history.n].copy()
    assert len(recorded) >= 3

    edit(qtbot, window, 0.0, 1.6)                             # a new point, far from the others
    edit(qtbot, window, *RIGHT[0], mouse=RIGHT_BUTTON)        # one of the right cluster's, erased
    assert rebuilds == []                                     # the same network: nothing rebuilt
    assert panel.selected_neuron() == (0, 1)
    assert window.canvas.highlight_label() == "layer 1, neuron 2"
    np.testing.assert_array_equal(stats.history.steps[:len(recorded)], recorded)   # the run's curves go on
    step(qtbot, window, 1)
    assert stats.history.n == len(recorded) + 1
    computation = open_tab(qtbot, panel, panel.computation_view)
    qtbot.waitUntil(lambda: computation.caption.text().startswith("Point (-1.30, -0.60)"), timeout=WAIT)
    assert "changed" not in computation.caption.text()

    edit(qtbot, window, *LEFT[0], mouse=RIGHT_BUTTON)         # the chosen point erased: its graph goes
    assert window.canvas.selected_index() == -1
    assert computation.caption.text() == NO_POINT
    assert rebuilds == []

    add_layer = window.findChild(QToolButton, "addLayerButton")
    qtbot.mouseClick(add_layer, Qt.MouseButton.LeftButton)    # a real architecture change: all afresh
    assert len(rebuilds) == 1
    assert panel.selected_neuron() is None and window.canvas.highlight_label() == ""
    assert stats.history.n == 0


def training_rows(window) -> int:
    return int((~view_data(window).is_test).sum())


def test_the_hidden_space_and_landscape_tabs_draw_the_points_as_they_are_edited(qtbot, window, monkeypatch):
    draw_two_clusters(qtbot, window)
    wait_trainable(qtbot, window)
    step(qtbot, window, 2)
    panel = window.graph_panel
    rebuilds = count_rebuilds(monkeypatch, panel)
    hidden = open_tab(qtbot, panel, panel.hidden_space_view)

    def drawn() -> int:
        return sum(len(p) for p in hidden.drawn_points())
    qtbot.waitUntil(lambda: drawn() == window.dataset.count(), timeout=WAIT)
    edit(qtbot, window, 0.0, 1.6)
    qtbot.waitUntil(lambda: drawn() == window.dataset.count(), timeout=WAIT)
    edit(qtbot, window, *LEFT[2], mouse=RIGHT_BUTTON)
    qtbot.waitUntil(lambda: drawn() == window.dataset.count(), timeout=WAIT)

    landscape = panel.landscape_view
    with qtbot.waitSignal(landscape.landscape_ready, timeout=WAIT):     # drawn when the tab opens
        open_tab(qtbot, panel, landscape)
    for x, y, mouse in ((0.2, -1.6, Qt.MouseButton.LeftButton), (*RIGHT[3], RIGHT_BUTTON)):
        with qtbot.waitSignal(landscape.landscape_ready, timeout=WAIT) as ready:   # paused: no new step
            edit(qtbot, window, x, y, mouse)
        assert len(ready.args[0].request.X) == training_rows(window)       # the loss over today's points
    landscape.wait()
    assert rebuilds == []
