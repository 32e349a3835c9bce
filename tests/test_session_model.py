"""The session model: one owner of settings, data, curves, weights and run state; the worker reads its arrays."""
import numpy as np
import pytest

from playground.model.session import Session
from playground.model.state import PlaygroundState, StateError
from playground.undo.session_model import SessionModel
from playground.worker.config import TrainingConfig


def test_the_session_file_is_the_sessions_serialisation():
    state = PlaygroundState(points=[[0.5, -1.0], [1.0, 2.0]], labels=[0, 1], hidden_layers=[3])
    state.weights = [0.1 * i for i in range(state.parameter_count())]
    state.step = 7
    session = Session.from_dict(state.to_dict())
    assert session.points.dtype == np.float64 and session.points.shape == (2, 2)
    assert not session.points.flags.writeable and not session.weights.flags.writeable
    assert session.to_state(with_curves=False).to_dict() == state.to_dict()
    with pytest.raises(StateError):
        session.update_settings({"learning_rate": -1.0})
    assert session.update_settings({"learning_rate": 0.5, "seed": 0}) == {"learning_rate": 0.5}


def test_undoable_edits_change_the_sessions_arrays_and_the_worker_shares_them(qtbot):
    model = SessionModel()
    session, dataset = model.session, model.dataset
    with qtbot.waitSignal(model.data_changed):
        dataset.add_points([[0.0, 0.0], [1.0, 1.0]], 0)
    dataset.add_points([0.5, 0.5], 1)
    assert session.labels.tolist() == [0, 0, 1]
    config = TrainingConfig.from_session(session)
    assert config.points is session.points and config.labels is session.labels   # no copy, no list
    dataset.undo_stack.undo()
    assert session.labels.tolist() == [0, 0] and config.labels.tolist() == [0, 0, 1]
    assert TrainingConfig.from_session(session).untrainable.startswith("Training needs points of at least two")
    changes = []
    model.settings_changed.connect(changes.append)
    model.update_settings({"learning_rate": 0.1})
    assert changes == [{"learning_rate": 0.1}] and session.settings.learning_rate == 0.1



def test_a_step_grows_the_curves_through_the_session_model_and_the_plot_redraws(qtbot, window):
    """The loss plot draws the session's history; what the worker sends reaches it as history_changed."""
    from PySide6.QtWidgets import QPushButton
    window.data_controls.generate_button.click()
    qtbot.waitUntil(window.training_bar.train_enabled, timeout=5000)
    train = window.session.history.groups["train"]
    with qtbot.waitSignal(window.model.history_changed, timeout=10000,
                          check_params_cb=lambda: len(train.column(0)) == 1):
        window.training_bar.findChild(QPushButton, "stepButton").click()
    qtbot.waitUntil(lambda: window.loss_plot.train_loss_curve.getData()[0] is not None
                    and len(window.loss_plot.train_loss_curve.getData()[0]) == 1, timeout=5000)
    assert window.current_state().history["step"] == [1]
