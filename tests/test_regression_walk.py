"""Regression across the whole app, walked from a default window (Problem ▸ Regression): a curve's snapshot
carries its fit and each neuron's output over x (no heatmap, no neuron maps: the curve canvas shows neither),
the network's thumbnails are curves, a neuron clicked shows its curve on the canvas, the timeline scrubs the
curve back with R², the hidden space colours by target, presentation mode thickens the curve, and every graph
tab works in curve and surface mode whichever comes first."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QPushButton, QSlider
from test_app_flow import WAIT
from test_hidden_space_view import open_tab

from engine import batched
from engine.features import expand
from engine.metrics import r_squared
from playground.views.canvas.curve import CURVE_WIDTH


def choose(qtbot, window, name: str, value: str, check=lambda s: True):
    """Pick `value` in combo `name` and wait for the snapshot that satisfies `check`."""
    combo = window.findChild(QComboBox, name)
    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT, check_params_cb=check):
        combo.setCurrentIndex(combo.findData(value))
    # The new preset's points settle after the switch (a new trainer, the panel's network set again): until
    # the snapshot after them the graph panel has none.
    qtbot.waitUntil(lambda: window.graph_panel._snapshot is not None, timeout=WAIT)


def choose_regression(qtbot, window) -> None:
    choose(qtbot, window, "problemCombo", "regression",
           lambda s: len(s.curve_x) > 0 and len(s.neuron_curves) > 0)
    qtbot.waitUntil(lambda: window.graph_panel.neuron_curve(0, 0) is not None, timeout=WAIT)


def choose_surface(qtbot, window) -> None:
    choose(qtbot, window, "presetCombo", "plane", lambda s: s.weights[0].shape[1] == 2 and len(s.neuron_maps) > 0)
    qtbot.waitUntil(lambda: window.graph_panel.neuron_map(0, 0) is not None, timeout=WAIT)


def step(qtbot, window, times: int = 1) -> None:
    for _ in range(times):
        target = window.latest_snapshot().step + 1
        with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT, check_params_cb=lambda s, t=target: s.step == t):
            qtbot.mouseClick(window.findChild(QPushButton, "stepButton"), Qt.MouseButton.LeftButton)


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGBA8888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, :image.width() * 4]


def click_neuron(qtbot, window, layer: int, neuron: int) -> None:
    view = window.graph_panel.network_view
    box = view.drawing.neurons[layer][neuron]
    qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.canvas.mapFromScene(box.sceneBoundingRect().center()))


# -- curve mode: what the worker computes and the network view shows ------------------------------------------
def test_a_curve_snapshot_carries_its_fit_and_neuron_curves_and_no_heatmap(qtbot, window):
    choose_regression(qtbot, window)      # the Network tab is the default one: thumbnails are wanted
    snap = window.latest_snapshot()
    assert snap.boundary.size == 0 and snap.neuron_maps == ()          # no 2-D pictures computed for a curve
    assert not window.canvas.has_boundary()
    settings = window.session.settings
    layers = [(np.asarray(W), np.asarray(b)) for W, b in zip(snap.weights, snap.biases)]
    outs = batched.forward_arrays(layers, settings.model_activation,
                                  expand(np.asarray(snap.curve_x)[:, None], settings.features), all_layers=True)
    assert [c.shape for c in snap.neuron_curves] == [(n, len(snap.curve_x)) for n in settings.layer_sizes]
    for curves, out in zip(snap.neuron_curves, outs):
        np.testing.assert_allclose(curves, out.T)
    np.testing.assert_allclose(snap.neuron_curves[-1][0], snap.curve_y)

    # Each thumbnail is a curve over x: its rows differ (a map over a plane of x alone: identical rows).
    drawing = window.graph_panel.network_view.drawing
    qtbot.waitUntil(lambda: not drawing.thumbnail(1, 0).isNull(), timeout=WAIT)
    for column, index in ((0, 0), (1, 0), (1, 3), (len(settings.layer_sizes), 0)):
        rows = pixels(drawing.thumbnail(column, index))
        assert any(not np.array_equal(rows[0], r) for r in rows), (column, index)

    # A surface has its heatmap and maps again, and no curves.
    choose_surface(qtbot, window)
    snap = window.latest_snapshot()
    assert snap.boundary.ndim == 2 and snap.boundary.size > 0 and snap.neuron_curves == ()
    assert window.canvas.has_boundary() and len(snap.curve_x) == 0


def test_a_neuron_clicked_in_curve_mode_draws_its_output_over_x_on_the_canvas(qtbot, window):
    choose_regression(qtbot, window)
    qtbot.waitUntil(lambda: window.graph_panel.network_view.drawing is not None, timeout=WAIT)
    click_neuron(qtbot, window, 0, 1)
    assert window.graph_panel.selected_neuron() == (0, 1)
    canvas, snap = window.canvas, window.latest_snapshot()
    assert canvas.highlight_label().startswith("layer 1, neuron 2")
    line = canvas.regression.neuron_curve
    x, y = line.item.getData()
    assert line.item.isVisible() and not canvas._images.highlight.isVisible()   # a curve, not a hidden map
    np.testing.assert_allclose(x, snap.curve_x)
    np.testing.assert_allclose(y, snap.neuron_curves[0][1])
    step(qtbot, window)                                     # it follows training
    np.testing.assert_allclose(line.item.getData()[1], window.latest_snapshot().neuron_curves[0][1])
    assert not np.allclose(line.item.getData()[1], snap.neuron_curves[0][1])

    click_neuron(qtbot, window, 0, 1)                       # again: cleared
    assert canvas.highlight_label() == "" and not line.item.isVisible()
    click_neuron(qtbot, window, 0, 1)
    assert line.item.isVisible()
    choose_surface(qtbot, window)                           # a new network: the selection goes
    assert canvas.highlight_label() == "" and not line.item.isVisible() and len(line.x) == 0


# -- the timeline in curve mode ------------------------------------------------------------------------------------
def test_scrubbing_back_in_curve_mode_shows_that_steps_curve_and_r2_and_survives_a_file(qtbot, window, tmp_path):
    choose_regression(qtbot, window)
    step(qtbot, window, 6)
    click_neuron(qtbot, window, 1, 0)                                  # a neuron shown on the canvas too
    live = window.latest_snapshot()
    slider = window.findChild(QSlider, "timelineSlider")
    slider.setValue(1)
    qtbot.waitUntil(lambda: window.timeline.frame is not None and window.timeline.frame.step == 1, timeout=WAIT)
    frame = window.timeline.frame
    drawn = window.canvas.regression.curve.item.getData()[1]
    np.testing.assert_allclose(drawn, frame.curve_y)                   # the past step's curve, not the live one
    assert not np.allclose(frame.curve_y, live.curve_y)
    np.testing.assert_allclose(window.canvas.regression.neuron_curve.item.getData()[1], frame.neuron_curves[1][0])
    assert not np.allclose(frame.neuron_curves[1][0], live.neuron_curves[1][0])
    assert frame.boundary.size == 0 and not window.canvas.has_boundary()

    # Its R² and gradients are regression's (a curve's x to its y), as the worker measures them.
    settings, session = window.session.settings, window.session
    train = ~np.asarray(frame_train_mask(window))
    points = np.asarray(session.points)[train]
    layers = [(np.asarray(W), np.asarray(b)) for W, b in zip(frame.weights, frame.biases)]
    X = expand(points[:, :1], settings.features)
    predicted = batched.forward_arrays(layers, settings.model_activation, X)[:, 0]
    assert frame.train_accuracy == pytest.approx(r_squared(predicted, points[:, 1]), rel=1e-9)
    assert f"R² {frame.train_accuracy:.3f}" in window.status.figures.text()
    _, grads = batched.loss_and_grad_arrays(layers, settings.model_activation, X, points[:, 1], settings.loss,
                                            settings.l2, problem="regression")
    np.testing.assert_allclose(frame.weight_grads[0], grads[0][0], rtol=1e-9, atol=1e-12)

    # A live snapshot while scrubbed (the window widened: the worker's view moves) leaves the past curve on
    # the canvas; the past step is then computed again over the new view.
    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT):
        window.resize(window.width() + 160, window.height())
    np.testing.assert_allclose(window.canvas.regression.curve.item.getData()[1], frame.curve_y)
    qtbot.waitUntil(lambda: window.timeline.frame.extent == window.latest_snapshot().extent, timeout=WAIT)
    frame = window.timeline.frame
    np.testing.assert_allclose(window.canvas.regression.curve.item.getData()[1], frame.curve_y)

    slider.setValue(slider.maximum())                                  # back to now: the live curves
    assert not window.timeline.showing_past()
    np.testing.assert_allclose(window.canvas.regression.curve.item.getData()[1], window.latest_snapshot().curve_y)
    np.testing.assert_allclose(window.canvas.regression.neuron_curve.item.getData()[1],
                               window.latest_snapshot().neuron_curves[1][0])

    path = tmp_path / "curve-run.json"
    assert window.files.save_to(path)
    steps = window.session.timeline.steps.tolist()
    assert window.files.open_path(path, ask_to_save=False)
    assert window.session.timeline.steps.tolist() == steps and window.session.settings.problem == "regression"
    window.findChild(QSlider, "timelineSlider").setValue(1)
    qtbot.waitUntil(lambda: window.timeline.frame is not None and window.timeline.frame.step == 1, timeout=WAIT)
    np.testing.assert_allclose(window.timeline.frame.curve_y, frame.curve_y)
    np.testing.assert_allclose(window.canvas.regression.curve.item.getData()[1], frame.curve_y)


def frame_train_mask(window):
    from engine.split import held_out_mask
    return held_out_mask(np.asarray(window.session.points), window.session.settings.test_fraction)


# -- the hidden space in regression ------------------------------------------------------------------------------
def test_the_hidden_space_colours_regression_points_by_their_target(qtbot, window):
    choose_regression(qtbot, window)
    view = window.graph_panel.hidden_space_view
    with qtbot.waitSignal(view.frame_drawn, timeout=WAIT):
        open_tab(qtbot, window, view)
    note = window.findChild(QLabel, "hiddenColourLabel")
    assert note.isVisible() and "target y" in note.text()
    colours = [spot.brush().color() for spot in view.train_item.points()]
    ys = np.asarray(window.session.points)[~frame_train_mask(window), 1]
    assert len({c.name() for c in colours}) > 10                    # not one class colour for all
    lowest, highest = colours[int(np.argmin(ys))], colours[int(np.argmax(ys))]
    assert lowest.red() > lowest.blue() and highest.blue() > highest.red()     # orange below 0, blue above


# -- presentation mode --------------------------------------------------------------------------------------------
@pytest.fixture
def restore_font():
    app = QApplication.instance()
    font = app.font()
    yield
    app.setFont(font)


def test_presentation_mode_thickens_the_fitted_curve_and_keeps_the_value_readable(qtbot, window, restore_font):
    choose_regression(qtbot, window)
    curve = window.canvas.regression.curve.item
    assert curve.opts["pen"].widthF() == CURVE_WIDTH
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert window.isFullScreen()
    assert curve.opts["pen"].widthF() == pytest.approx(CURVE_WIDTH * 1.5)
    assert window.canvas.regression.neuron_curve.item.opts["pen"].widthF() == pytest.approx(CURVE_WIDTH * 1.5)
    choose_surface(qtbot, window)
    label = window.findChild(QLabel, "valueLabel")
    qtbot.waitUntil(label.isVisible, timeout=WAIT)
    for text in ("-1.00", "+0.50"):
        window.problem.value_picker.set_value(float(text))
        qtbot.waitUntil(lambda: label.width() >= label.fontMetrics().horizontalAdvance(label.text()), timeout=WAIT)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert not window.isFullScreen() and curve.opts["pen"].widthF() == CURVE_WIDTH


# -- the graph tabs in curve and surface mode, opened after the switch or before it -----------------------------------
def check_stats_tab(qtbot, window) -> None:
    stats = window.graph_panel.stats_view
    open_tab(qtbot, window, stats)
    step(qtbot, window)
    snap = window.latest_snapshot()
    qtbot.waitUntil(lambda: stats.history is not None and stats.history.n > 0
                    and stats.history.steps[stats.history.n - 1] == snap.step, timeout=WAIT)
    h = stats.history
    assert np.isfinite(h.grad[h.n - 1]).all() and (h.grad[h.n - 1] > 0).all()   # regression's gradients
    with qtbot.waitSignal(stats.gradient_checked, timeout=WAIT) as checked:
        qtbot.mouseClick(stats.check_button, Qt.MouseButton.LeftButton)
    assert checked.args[0].startswith("✓"), checked.args[0]


def check_computation_tab(qtbot, window) -> None:
    view = window.graph_panel.computation_view
    open_tab(qtbot, window, view)
    x, y = window.dataset.points()[5]
    qtbot.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                     window.canvas.data_to_viewport(x, y))
    qtbot.waitUntil(lambda: view._sample is not None and view.graph is not None, timeout=WAIT)
    if window.session.settings.regression_kind == "curve":
        assert view._sample[1] == [x] and view._sample[2] == y              # input x, target y
    else:
        assert view._sample[1] == [x, y] and view._sample[2] == window.dataset.values()[5]
    assert np.isfinite(view.graph.loss)


def check_landscape_tab(qtbot, window) -> None:
    view = window.graph_panel.landscape_view
    if not view.isVisible():
        with qtbot.waitSignal(view.landscape_ready, timeout=WAIT):
            open_tab(qtbot, window, view)
    refresh = window.findChild(QPushButton, "refreshLandscapeButton")
    qtbot.waitUntil(refresh.isEnabled, timeout=WAIT)
    with qtbot.waitSignal(view.landscape_ready, timeout=WAIT) as done:
        qtbot.mouseClick(refresh, Qt.MouseButton.LeftButton)
    result = done.args[0]
    assert np.isfinite(result.landscape.losses).all()
    assert result.landscape.center_loss == pytest.approx(window.latest_snapshot().train_loss, rel=1e-9)


CHECKS = (check_stats_tab, check_computation_tab, check_landscape_tab)


def test_each_graph_tab_after_choosing_a_curve_then_a_surface(qtbot, window):
    choose_regression(qtbot, window)
    for check in CHECKS:
        check(qtbot, window)
    choose(qtbot, window, "presetCombo", "plane", lambda s: s.weights[0].shape[1] == 2)
    for check in CHECKS:
        check(qtbot, window)


def test_each_graph_tab_open_before_switching_to_a_curve_and_to_a_surface(qtbot, window):
    for check in CHECKS:
        open_tab(qtbot, window, {check_stats_tab: window.graph_panel.stats_view,
                                 check_computation_tab: window.graph_panel.computation_view,
                                 check_landscape_tab: window.graph_panel.landscape_view}[check])
        if check is check_landscape_tab:
            qtbot.waitUntil(lambda: window.graph_panel.landscape_view.result is not None, timeout=WAIT)
        choose(qtbot, window, "problemCombo", "regression", lambda s: len(s.curve_x) > 0)
        check(qtbot, window)
        choose(qtbot, window, "presetCombo", "plane", lambda s: s.weights[0].shape[1] == 2)
        check(qtbot, window)
        choose(qtbot, window, "problemCombo", "classification", lambda s: len(s.curve_x) == 0)
