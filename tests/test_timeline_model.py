"""The training timeline's Qt-free parts: what the worker records per step, the session's timeline (filled,
truncated for "resume from here" and put back by undo), and the session file (saved, reloaded, optional in
older versions)."""
from __future__ import annotations

import numpy as np
import pytest

from engine import MLP
from engine.features import expand
from engine.nn import flat_weights
from engine.train import Trainer
from playground.model.session import Session
from playground.model.state import PlaygroundState, StateError
from playground.worker.checkpoint_recorder import CheckpointRecorder


def moons_state(**changes) -> PlaygroundState:
    rng = np.random.default_rng(0)
    points = rng.uniform(-1, 1, (40, 2))
    labels = (points[:, 0] > 0).astype(int)
    return PlaygroundState(points=points.tolist(), labels=labels.tolist(), **changes)


def trained_session(steps: int = 30) -> tuple[Session, list]:
    """A session filled as the app fills it: a Trainer's steps through a CheckpointRecorder, in batches."""
    session = Session(moons_state())
    state = session.settings
    model = MLP(2, state.layer_sizes, activation=state.activation)
    X = expand(np.asarray(session.points), list(state.features))
    trainer = Trainer(model, X, np.where(session.labels == 1, 1.0, -1.0), loss="hinge", optimizer="adam", lr=0.03)
    recorder, truth = CheckpointRecorder(), []
    for step in range(1, steps + 1):
        stats = trainer.step()
        recorder.record(step, stats.loss, trainer.stepped_weights())
        truth.append(np.array(flat_weights(model)))
        if step % 7 == 0 or step == steps:
            batch = recorder.take(step, float("nan"), lambda: None)
            session.add_checkpoints(batch.steps, batch.losses, batch.weights)
    return session, truth


def test_every_step_is_recorded_with_the_weights_that_step_left():
    session, truth = trained_session(30)
    timeline = session.timeline
    assert timeline.steps.tolist() == list(range(1, 31))
    for i in (0, 6, 29):
        np.testing.assert_array_equal(timeline[i].weights, truth[i])


def test_a_snapshot_before_any_step_records_the_weights_it_shows_once():
    recorder = CheckpointRecorder()
    first = recorder.take(0, 0.7, lambda: np.arange(5.0))
    assert first.steps.tolist() == [0] and first.weights[0].tolist() == [0, 1, 2, 3, 4]
    assert recorder.take(0, 0.7, lambda: np.arange(5.0)) is None        # a paused re-emit: nothing new
    assert recorder.take(3, float("nan"), lambda: np.arange(5.0)) is None   # no finite loss: no place to go back


def test_held_back_snapshots_thin_the_pending_rows_by_the_stores_rule():
    recorder = CheckpointRecorder(capacity=64)
    for step in range(1, 301):
        recorder.record(step, 1.0 / step, np.full(3, float(step)))
    batch = recorder.take(300, 0.0, lambda: None)
    assert len(batch) <= 64 and batch.steps[0] == 1 and batch.steps[-1] == 300
    assert (np.diff(batch.steps) > 0).all()
    np.testing.assert_array_equal(batch.weights[:, 0], batch.steps)     # rows stay whole


def test_a_loaded_runs_first_snapshot_does_not_repeat_its_step():
    session, _ = trained_session(10)
    assert session.add_checkpoints(np.array([10]), np.array([0.1]), session.timeline[-1].weights[None]) == 0
    assert len(session.timeline) == 10


def test_resume_truncates_curves_and_checkpoints_and_putting_back_restores_them():
    session, _ = trained_session(30)
    session.history.append_train(np.arange(1, 31), np.linspace(1, 0.1, 30))
    before_steps = session.timeline.steps.copy()
    before_curve = session.history.to_dict()
    dropped = session.truncate_run(12)
    assert session.timeline.steps[-1] == 12 and session.history.to_dict()["step"][-1] == 12
    # trained on from step 12 meanwhile, then undone: what came since goes, what was dropped comes back
    session.add_checkpoints(np.array([13, 14]), np.array([0.5, 0.4]), np.zeros((2, session.timeline.n_params)))
    session.history.append_train([13, 14], [0.5, 0.4])
    session.truncate_run(12)
    session.put_back_run(dropped)
    np.testing.assert_array_equal(session.timeline.steps, before_steps)
    assert session.history.to_dict() == before_curve


def test_the_timeline_is_saved_and_read_back_with_the_session():
    session, truth = trained_session(20)
    data = session.to_dict()
    assert data["version"] == 3 and data["timeline"]["steps"] == list(range(1, 21))
    again = Session.from_dict(data)
    np.testing.assert_array_equal(again.timeline[4].weights, truth[4])
    assert Session(session.to_state(with_curves=False)).timeline.steps.tolist() == []   # the light copy


@pytest.mark.parametrize("version", [1, 2])
def test_a_file_from_before_the_timeline_still_loads(version):
    data = moons_state().to_dict()
    del data["timeline"]
    if version == 1:
        for field in ("init", "schedule", "activations"):
            del data[field]
    data["version"] = version
    state = PlaygroundState.from_dict(data)
    assert state.version == 3 and state.timeline == {}


def test_a_timeline_of_another_network_is_refused_naming_the_field():
    session, _ = trained_session(5)
    data = session.to_dict()
    data["hidden_layers"] = [4]
    data["weights"] = None
    with pytest.raises(StateError, match=r"timeline\.weights\[0\]"):
        PlaygroundState.from_dict(data)


def test_the_saved_timeline_stays_within_its_budget_even_with_the_longest_numbers():
    """to_dict sizes by an upper bound (it runs on the GUI thread for autosave): never over, never slow."""
    import json

    from playground.model.checkpoints import CheckpointStore
    store = CheckpointStore()
    longest = -2.2250738585072014e-308
    for step in range(500):
        store.add(10**15 + step, longest * (1 + step), np.full(40, longest))
    data = store.to_dict(max_bytes=200_000)
    assert 2 <= len(data["steps"]) < 500 and len(json.dumps(data)) <= 200_000


def test_a_wide_networks_pending_rows_are_bounded_in_bytes():
    from playground.worker.checkpoint_recorder import PENDING_BYTES
    recorder = CheckpointRecorder()
    width = 4_000
    for step in range(1, 200):
        recorder.record(step, 1.0 / step, np.full(width, float(step)))
    batch = recorder.take(199, 0.0, lambda: None)
    assert batch.weights.nbytes <= PENDING_BYTES and batch.steps[0] == 1 and batch.steps[-1] == 199
