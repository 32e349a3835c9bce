"""Regression in the app (issue 12): the problem setting, its file format, the data's values, curve fitting
walked from a default window as a person would (Problem ▸ Regression, the sine preset, Train)."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QPushButton, QToolButton

from engine.regression_datasets import CURVES
from playground.model.problem import make_preset, preset_changes, problem_changes
from playground.model.session import Session
from playground.model.state import PlaygroundState, StateError
from playground.undo.dataset_model import DatasetModel
from playground.worker.config import TrainingConfig

WAIT = 30_000


def regression_state(preset="sine", **changes) -> PlaygroundState:
    base = PlaygroundState()
    state = replace(base, **problem_changes(base, "regression"))
    if preset != state.preset:
        state = replace(state, preset=preset, features=["x1", "x2"] if preset not in CURVES else ["x1"])
    points, labels, values, _ = make_preset("regression", preset, 40, 0.1, 0)
    return replace(state, points=points.tolist(), labels=labels.tolist(), values=values.tolist(), **changes)


# -- the file format --------------------------------------------------------------------------------------
def test_a_version_2_file_reads_as_classification_without_values():
    old = PlaygroundState().to_dict()
    old.update(version=2)
    del old["problem"], old["values"]
    state = PlaygroundState.from_dict(old)
    assert state.problem == "classification" and state.values is None and state.version == 3


def test_a_regression_session_survives_the_file_with_its_values():
    state = regression_state("plane")
    session = Session(PlaygroundState.from_dict(state.to_dict()))
    again = session.to_state()
    assert again.problem == "regression" and again.regression_kind == "surface"
    assert again.values == state.values and again.points == state.points
    assert Session(PlaygroundState()).to_state().values is None      # classification writes none


@pytest.mark.parametrize("change, field", [
    ({"loss": "hinge"}, "'loss'"),                     # a classification loss in regression
    ({"preset": "moons"}, "'preset'"),                 # a classification preset
    ({"features": ["x1", "x2"]}, "'features'"),        # a curve's points have x alone
    ({"values": [0.5]}, "'values'"),                   # not one value per point
    ({"problem": "ranking"}, "'problem'"),
])
def test_bad_regression_settings_are_refused_naming_the_field(change, field):
    with pytest.raises(StateError, match=field):
        PlaygroundState.from_dict({**regression_state().to_dict(), **change})


def test_huber_is_refused_in_classification():
    with pytest.raises(StateError, match="'loss'"):
        PlaygroundState.from_dict({**PlaygroundState().to_dict(), "loss": "huber"})


def test_a_non_finite_value_is_refused():
    data = regression_state("plane").to_dict()
    data["values"][3] = float("nan")
    with pytest.raises(StateError, match=r"'values\[3\]'"):
        PlaygroundState.from_dict(data)


def test_a_switch_keeps_the_features_that_still_fit():
    rich = replace(PlaygroundState(), features=["x1", "x2", "sin(x1)", "x1*x2"])
    to_curve = problem_changes(rich, "regression")
    assert to_curve["features"] == ["x1", "sin(x1)"] and to_curve["loss"] == "mse"
    curve = replace(rich, **to_curve)
    assert preset_changes(curve, "plane")["features"] == ["x1", "x2"]      # a curve's features have no x2
    assert problem_changes(replace(rich, problem="regression", loss="mse", preset="plane"),
                           "classification")["features"] == rich.features


# -- what trains on what ------------------------------------------------------------------------------------
def test_a_curve_trains_on_x_to_y_and_a_surface_on_points_to_values():
    curve = TrainingConfig.from_state(regression_state("sine"))
    X, y = curve.split_data(~curve.is_test)
    np.testing.assert_array_equal(X[:, 0], curve.points[~curve.is_test, 0])
    np.testing.assert_array_equal(y, curve.points[~curve.is_test, 1])
    surface = TrainingConfig.from_state(regression_state("multi_gaussian"))
    X, y = surface.split_data(~surface.is_test)
    np.testing.assert_array_equal(X, surface.points[~surface.is_test])
    np.testing.assert_array_equal(y, surface.values[~surface.is_test])
    assert not curve.untrainable and not surface.untrainable


# -- the dataset's values go with their points through every edit --------------------------------------------
def test_values_follow_their_points_through_edits_undo_and_redo(qtbot):
    model = DatasetModel()
    model.replace([[0.0, 0.0], [1.0, 1.0]], [0, 0], values=[0.25, -0.5])
    model.add_points([2.0, 2.0], 0, 0.75)
    assert model.values().tolist() == [0.25, -0.5, 0.75]
    model.remove_near(1.0, 1.0, 0.1)
    assert model.values().tolist() == [0.25, 0.75]
    model.undo_stack.undo()
    assert model.values().tolist() == [0.25, -0.5, 0.75]
    model.undo_stack.undo()
    model.undo_stack.undo()
    assert model.values().tolist() == []
    model.undo_stack.redo()
    assert model.values().tolist() == [0.25, -0.5]
    with pytest.raises(ValueError, match="value 1 is not finite"):
        model.replace([[0.0, 0.0], [1.0, 1.0]], [0, 0], values=[0.0, np.inf])
    assert model.values().tolist() == [0.25, -0.5]       # nothing changed


# -- the walk: curve fitting from a default window --------------------------------------------------------------
def curve_error(snap, points) -> float:
    """Mean squared distance, at the points' x, between the drawn curve and the points' y."""
    return float(np.mean((np.interp(points[:, 0], snap.curve_x, snap.curve_y) - points[:, 1]) ** 2))


def test_choose_regression_pick_sine_and_train_the_curve_bends_to_the_points(qtbot, window, tmp_path):
    assert window.session.settings.problem == "classification" and window.session.settings.loss == "hinge"
    problem = window.findChild(QComboBox, "problemCombo")
    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT, check_params_cb=lambda s: len(s.curve_x) > 0):
        problem.setCurrentIndex(problem.findData("regression"))
    settings = window.session.settings
    assert (settings.problem, settings.loss, settings.preset, settings.features) == ("regression", "mse", "sine",
                                                                                      ["x1"])
    assert window.findChild(QComboBox, "presetCombo").currentData() == "sine"
    assert window.findChild(QComboBox, "lossCombo").currentData() == "mse"
    assert window.dataset.count() == settings.preset_points      # the sine's points, made at once
    assert window.canvas.regression.kind == "curve" and not window.class_picker.isVisible()
    assert window.loss_plot.metric_name() == "R²"
    assert not window.findChild(QCheckBox, "featureX2").isEnabled()       # a curve's network sees x alone
    assert window.findChild(QCheckBox, "featureSinX1").isEnabled()
    qtbot.waitUntil(lambda: len(window.latest_snapshot().curve_x) > 0, timeout=WAIT)
    points = window.dataset.points()
    before = curve_error(window.latest_snapshot(), points)

    train = window.findChild(QPushButton, "trainButton")
    qtbot.mouseClick(train, Qt.MouseButton.LeftButton)

    def fitted():
        assert window.latest_snapshot().train_accuracy >= 0.9          # R²
    qtbot.waitUntil(fitted, timeout=WAIT)
    qtbot.mouseClick(train, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.latest_snapshot().running, timeout=WAIT)
    snap = window.latest_snapshot()
    assert curve_error(snap, points) < before / 5
    drawn_x, drawn_y = window.canvas.regression.curve.item.getData()
    np.testing.assert_allclose(drawn_y, snap.curve_y)                  # the canvas draws the worker's curve
    assert "R² " in window.status.figures.text() and "accuracy" not in window.status.figures.text()

    # A click adds the point (x, y) itself; Ctrl+Z takes it back.
    n = window.dataset.count()
    qtbot.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     window.canvas.data_to_viewport(0.5, -1.0))
    assert window.dataset.count() == n + 1
    np.testing.assert_allclose(window.dataset.points()[-1], [0.5, -1.0], atol=0.05)
    assert window.dataset.values()[-1] == 0.0          # its target is its y, not the (hidden) value picker's
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.dataset.count() == n

    # Saved and reopened: still regression, same points and weights, the curve drawn again.
    path = tmp_path / "curve.json"
    assert window.files.save_to(path)
    problem.setCurrentIndex(problem.findData("classification"))
    assert window.session.settings.problem == "classification" and window.canvas.regression.kind == ""
    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT, check_params_cb=lambda s: len(s.curve_x) > 0):
        assert window.files.open_path(path, ask_to_save=False)
    reopened = window.current_state()
    assert reopened.problem == "regression" and reopened.step == snap.step
    np.testing.assert_array_equal(window.dataset.points(), points)
    assert window.canvas.regression.kind == "curve" and window.loss_plot.metric_name() == "R²"
    np.testing.assert_allclose(window.latest_snapshot().curve_y, snap.curve_y)


def test_a_surface_point_carries_the_picked_value_and_shows_in_its_colour(qtbot, window):
    problem = window.findChild(QComboBox, "problemCombo")
    problem.setCurrentIndex(problem.findData("regression"))
    preset = window.findChild(QComboBox, "presetCombo")
    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT,
                          check_params_cb=lambda s: s.weights[0].shape[1] == 2):
        preset.setCurrentIndex(preset.findData("plane"))
    settings = window.session.settings
    assert settings.regression_kind == "surface" and settings.features == ["x1", "x2"]
    assert window.dataset.count() == settings.preset_points and np.abs(window.dataset.values()).max() > 0.5
    picker = window.problem.value_picker
    assert picker.isVisible() and not window.class_picker.isVisible()
    assert window.canvas.regression.kind == "surface" and window.canvas.has_boundary()
    np.testing.assert_array_equal(np.sort(window.canvas.regression.value_points.values),
                                  np.sort(window.dataset.values()))   # every point, in its value's colour

    qtbot.mouseClick(window.findChild(QToolButton, "valueMinusOne"), Qt.MouseButton.LeftButton)
    assert picker.value() == -1.0
    n = window.dataset.count()
    qtbot.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     window.canvas.data_to_viewport(0.3, 0.4))
    assert window.dataset.count() == n + 1 and window.dataset.values()[-1] == -1.0
    assert -1.0 in window.canvas.regression.value_points.values.tolist()
    state = window.current_state()
    assert state.values[-1] == -1.0 and len(state.values) == n + 1          # the file carries it

    # Trained, the heatmap is the predicted value: high where the plane's values are high.
    train = window.findChild(QPushButton, "trainButton")
    qtbot.mouseClick(train, Qt.MouseButton.LeftButton)

    def fitted():
        assert window.latest_snapshot().train_accuracy >= 0.8           # R²
    qtbot.waitUntil(fitted, timeout=WAIT)
    qtbot.mouseClick(train, Qt.MouseButton.LeftButton)
    image = window.latest_snapshot().boundary                           # row i is y, column j is x
    assert image[-1, -1] > 0.5 > -0.5 > image[0, 0]                     # value (x1 + x2) / 10, TF units


def test_the_graph_views_take_a_curves_x_and_y(qtbot, window):
    """Computation graph, gradient check and loss landscape: a curve's input is x and its target y."""
    from engine import batched
    from engine.landscape import landscape
    from playground.window.graph_wiring import view_data

    problem = window.findChild(QComboBox, "problemCombo")
    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT, check_params_cb=lambda s: len(s.curve_x) > 0):
        problem.setCurrentIndex(problem.findData("regression"))
    window.findChild(QComboBox, "lossCombo").setCurrentIndex(
        window.findChild(QComboBox, "lossCombo").findData("huber"))
    assert window.session.settings.loss == "huber"
    qtbot.waitUntil(lambda: window.latest_snapshot().step == 0 and window.session.weights is not None, timeout=WAIT)
    x, y = window.dataset.points()[7]
    qtbot.mouseClick(window.canvas.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                     window.canvas.data_to_viewport(x, y))
    assert window.canvas.selected_index() == 7
    view = window.graph_panel.computation_view
    qtbot.waitUntil(lambda: view._sample is not None, timeout=WAIT)
    assert view._sample[1] == [x] and view._sample[2] == y          # input x alone, target y
    view.rebuild()
    pred = window.latest_snapshot()
    layers = list(zip(pred.weights, pred.biases))
    score = batched.forward_arrays(layers, window.session.settings.model_activation, np.array([[x]]))[0, 0]
    d = abs(score - y)
    assert view.graph.loss == pytest.approx(0.5 * d * d if d <= 1.0 else d - 0.5, rel=1e-9)   # Huber, delta 1

    stats = window.graph_panel.stats_view
    with qtbot.waitSignal(stats.gradient_checked, timeout=WAIT) as checked:
        qtbot.mouseClick(stats.check_button, Qt.MouseButton.LeftButton)
    assert checked.args[0].startswith("✓"), checked.args[0]

    data = view_data(window)
    X, t = data.training_inputs(), data.training_targets()
    train = ~data.is_test
    np.testing.assert_array_equal(X[:, 0], data.points[train, 0])
    np.testing.assert_array_equal(np.ravel(t), data.points[train, 1])
    surface = landscape(layers, window.session.settings.model_activation, X, t, "huber", resolution=5,
                        problem="regression")
    assert np.isfinite(surface.losses).all()


# -- CSV: a value column -------------------------------------------------------------------------------------
def test_a_regression_dataset_goes_through_csv_with_its_values(tmp_path):
    from playground.files.dataset_csv import read_csv, write_csv
    state = regression_state("plane")
    write_csv(tmp_path / "plane.csv", state.points, state.labels, state.values)
    assert (tmp_path / "plane.csv").read_text().splitlines()[0] == "x1,x2,value"
    data = read_csv(tmp_path / "plane.csv")
    assert data.points == state.points and data.values == state.values and set(data.labels) == {0}
    (tmp_path / "bad.csv").write_text("x1,x2,value\n0.5,0.25,1.5\n0.1,0.2,nan\n")
    with pytest.raises(ValueError, match="line 3: value 'nan' is not a finite number"):
        read_csv(tmp_path / "bad.csv")
    (tmp_path / "none.csv").write_text("x1,x2\n0.5,0.25\n")
    with pytest.raises(ValueError, match="; x1,x2,value for regression"):
        read_csv(tmp_path / "none.csv")
    (tmp_path / "classes.csv").write_text("x1,x2,label\n0.5,0.25,1\n")
    assert read_csv(tmp_path / "classes.csv").values is None          # classification files as before


def test_the_autosave_copy_shares_no_list_with_the_session():
    from playground.files.session_io import detached_dict
    state = regression_state("plane")
    copy = detached_dict(state)
    assert copy["values"] == state.values and copy["values"] is not state.values
