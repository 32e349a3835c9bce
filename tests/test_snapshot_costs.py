"""Issue 10, the training process's cost per snapshot: the splits' losses are measured a few times a second while
training runs (periodic snapshots carry the last figures and the step they belong to), afresh for every
command's snapshot; what the views show stays true to the step it names."""
from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPushButton

from engine import datasets
from playground.model.state import PlaygroundState
from playground.worker import measure
from playground.worker.config import TrainingConfig
from playground.worker.training_loop import SNAPSHOT, TrainingLoop

WAIT = 15_000


def moons_config(**fields) -> TrainingConfig:
    points, labels = datasets.moons_centered(200, 0.1, 0)
    state = PlaygroundState(points=points.tolist(), labels=labels.tolist(), hidden_layers=[16, 16],
                            activation="relu", loss="hinge", optimizer="adam", learning_rate=0.03)
    for name, value in fields.items():
        setattr(state, name, value)
    state.validate()
    return TrainingConfig.from_state(state)


def test_periodic_snapshots_carry_the_last_measurement_and_a_pause_measures_afresh(monkeypatch):
    monkeypatch.setattr(measure, "EVAL_INTERVAL", 1e9)     # no periodic snapshot measures the splits
    monkeypatch.setattr(measure, "EARLY_GROWTH", 1e9)
    sent = []
    loop = TrainingLoop(lambda kind, payload: sent.append(payload) if kind == SNAPSHOT else None)
    loop.configure(moons_config())
    first = sent[-1]
    assert first.step == 0 and first.evaluated_at() == 0
    loop.start()
    while len(sent) < 5:                                     # as child.serve: slices, each painted at once
        loop.run_slice()
        loop.snapshot_painted()
    periodic = sent[2:]
    assert periodic[-1].step > 0
    for snap in periodic:                                    # the figures of the last measurement (at start)
        assert snap.evaluated_at() == 0 and snap.train_loss == first.train_loss
        assert snap.test_loss == first.test_loss and snap.train_accuracy == first.train_accuracy
    loop.pause()
    paused = sent[-1]
    assert not paused.running and paused.evaluated_at() == paused.step > 0
    # The same figures a fresh loop measures for these weights.
    check = []
    TrainingLoop(lambda kind, payload: check.append(payload)).configure(
        moons_config(weights=paused.flat_weights().tolist(), step=paused.step))
    assert paused.train_loss == check[-1].train_loss < first.train_loss
    assert paused.test_loss == check[-1].test_loss


def test_a_runs_start_is_measured_as_the_step_grows_then_a_few_times_a_second(monkeypatch):
    """The eval curve's start: the losses move most in a run's first steps, so a periodic snapshot is measured
    whenever the step has grown by a quarter since the last measurement, though less than EVAL_INTERVAL passed
    (a run's first 0.2 s were one flat segment of the test curve); later ones carry the last figures."""
    monkeypatch.setattr(measure, "EVAL_INTERVAL", 1e9)
    sent = []
    loop = TrainingLoop(lambda kind, payload: sent.append(payload) if kind == SNAPSHOT else None)
    loop.configure(moons_config())
    loop.start()
    while sent[-1].step < 400:
        loop.run_slice()
        loop.snapshot_painted()
    periodic = [s for s in sent[2:] if s.running]
    measured = [s.evaluated_at() for s in periodic]
    assert measured[0] == periodic[0].step > 0                  # the first periodic snapshot is measured
    fresh = [s.step for s in periodic if s.evaluated_at() == s.step]
    assert len(fresh) >= 3
    for earlier, later in zip(fresh, fresh[1:]):                 # each at a quarter more steps at least
        assert later >= measure.EARLY_GROWTH * earlier
    for snap in periodic:                                        # the others: the last measurement's step
        assert snap.evaluated_at() in fresh and snap.evaluated_at() <= snap.step < measure.EARLY_GROWTH * max(snap.evaluated_at(), 1)


def test_split_meter_keeps_a_configs_arrays_and_measures_a_new_config(monkeypatch):
    monkeypatch.setattr(measure, "EVAL_INTERVAL", 1e9)
    sent = []
    loop = TrainingLoop(lambda kind, payload: sent.append(payload) if kind == SNAPSHOT else None)
    loop.configure(moons_config())
    before = sent[-1]
    loop.replace_data(moons_config(test_fraction=0.5))      # other splits: measured on them, not the kept ones
    after = sent[-1]
    assert after.step == 0 and after.train_loss != before.train_loss
    expected = measure.evaluate_splits(loop._trainer, moons_config(test_fraction=0.5))
    assert (after.train_loss, after.train_accuracy, after.test_loss, after.test_accuracy) == expected


def test_the_eval_curve_and_status_bar_show_the_paused_steps_figures(window, qtbot):
    """Moons from a default window, train, pause: the eval curve starts with the run (the first periodic
    snapshot's step is measured), the paused snapshot's losses are measured at its step, the loss plot's eval
    curve ends there (each measurement once, steps increasing), the status bar says that loss."""
    combo = window.findChild(QComboBox, "presetCombo")
    combo.setCurrentIndex(combo.findData("moons"))
    qtbot.mouseClick(window.findChild(QPushButton, "generateButton"), Qt.MouseButton.LeftButton)
    train = window.findChild(QPushButton, "trainButton")
    qtbot.waitUntil(train.isEnabled, timeout=WAIT)
    painted = []
    window.snapshot_painted.connect(lambda snap: painted.append(snap.step) if snap.running and snap.step else None)
    qtbot.mouseClick(train, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.latest_snapshot().step > 100, timeout=WAIT)
    with qtbot.waitSignal(window.snapshot_painted, timeout=WAIT, check_params_cb=lambda s: not s.running):
        qtbot.mouseClick(train, Qt.MouseButton.LeftButton)
    paused = window.latest_snapshot()
    assert paused.evaluated_at() == paused.step and math.isfinite(paused.train_loss)
    steps = window.session.history.groups["eval"].column(0)
    assert steps[-1] == paused.step and np.all(np.diff(steps) > 0)
    assert painted[0] in steps                               # the curve's start, not 0.2 s of steps later
    assert f"train loss {paused.train_loss:.4f}" in window.status.figures.text()


def test_the_training_process_writes_snapshots_in_pickle_protocol_5_and_the_pipe_reads_them():
    from multiprocessing.reduction import ForkingPickler

    from playground.worker.child import pickled
    sent = []
    TrainingLoop(lambda kind, payload: sent.append((kind, payload))).configure(moons_config())
    data = pickled(sent[-1])
    assert bytes(data[:2]) == b"\x80\x05"                   # protocol 5: arrays without an extra copy
    kind, snap = ForkingPickler.loads(bytes(data))           # what Connection.recv does with the bytes read
    assert kind == SNAPSHOT and snap.step == 0 and snap.train_loss == sent[-1][1].train_loss
    np.testing.assert_array_equal(snap.boundary, sent[-1][1].boundary)
