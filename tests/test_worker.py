"""The training worker, driven through its TrainingController as the GUI drives it: commands in, snapshots out.

Every wait is on a signal (a snapshot that satisfies a condition), never on time passing, and every test
shuts its controllers down through the `run` fixture (conftest fails a test that leaves a thread up).
"""
from __future__ import annotations

import dataclasses
import gc
import math
import random
import time

import numpy as np
import pytest

from engine import batched, datasets
from engine.nn import MLP
from engine.train import Trainer
from playground.model.state import PlaygroundState
from playground.worker.config import TrainingConfig
from playground.worker.controller import TrainingController
from playground.worker.training_loop import SNAPSHOT, TrainingLoop


def make_config(n=200, seed=0, data=None, **fields) -> TrainingConfig:
    """A config as the app makes one: from a validated PlaygroundState holding the moons preset's points."""
    points, labels = data if data is not None else datasets.moons_centered(n, 0.1, 0)
    state = PlaygroundState(points=points.tolist(), labels=labels.tolist(), hidden_layers=[16, 16],
                            activation="tanh", loss="hinge", optimizer="adam", learning_rate=0.03, seed=seed)
    for name, value in fields.items():
        setattr(state, name, value)
    state.validate()
    return TrainingConfig.from_state(state)


# relu 2-32-32-32-1, MSE, plain SGD at the highest learning rate the app allows: the loss overflows within
# a handful of steps (step 4 with seed 0), on either engine.
DIVERGING = dict(hidden_layers=[32, 32, 32], activation="relu", loss="mse", optimizer="sgd", learning_rate=10.0)


def flat(snapshot) -> np.ndarray:
    """The snapshot's parameters in MLP.parameters() order (the engine's layout)."""
    return snapshot.flat_weights()


class Recorder:
    """Keeps every snapshot and rejection the controller delivers, in order, and waits for one that fits."""

    def __init__(self, qtbot, controller):
        self.qtbot, self.snapshots, self.rejections = qtbot, [], []
        controller.snapshot_ready.connect(self.snapshots.append)
        controller.config_rejected.connect(self.rejections.append)

    def mark(self) -> int:
        return len(self.snapshots)

    def wait(self, condition=lambda s: True, since: int = 0, timeout: int = 10_000):
        """The first snapshot from index `since` on that satisfies `condition` (waits for it to arrive)."""
        found = []

        def arrived():
            found[:] = [s for s in self.snapshots[since:] if condition(s)][:1]
            assert found, f"no matching snapshot among {len(self.snapshots) - since} received"

        self.qtbot.waitUntil(arrived, timeout=timeout)
        return found[0]

    def after(self, command, condition=lambda s: True, timeout: int = 10_000):
        """Run `command`, then wait for the first later snapshot satisfying `condition`."""
        since = self.mark()
        command()
        return self.wait(condition, since, timeout)


@pytest.fixture
def run(qtbot):
    """Makes controllers configured with `config` (default: moons, 2-16-16-1), paused at step 0, each with its
    recorder; shuts every one down (joining its thread) when the test ends, passed or failed."""
    made = []

    def start(config=None):
        made.append(TrainingController())
        rec = Recorder(qtbot, made[-1])
        first = rec.after(lambda: made[-1].configure(config or make_config()))
        return made[-1], rec, first

    yield start
    for c in made:
        assert c.shutdown(), "the training thread did not end"


def test_training_lowers_the_loss_and_changes_the_boundary(run):
    c, rec, first = run()
    assert (first.step, first.running, first.boundary.shape) == (0, False, (160, 160))
    c.start()
    late = rec.wait(lambda s: s.running and s.train_loss < 0.5 * first.train_loss)
    assert late.step > 0 and math.isfinite(late.train_loss) and late.steps_per_second > 0
    assert np.abs(late.boundary - first.boundary).max() > 0.1
    assert late.new_steps.size == late.new_losses.size and not late.boundary.flags.writeable


def test_the_controller_drops_snapshots_of_replaced_models(run, qtbot):
    """While training, Reset twice in a row: nothing from a replaced model reaches the window afterwards, and
    each fresh model announces itself (a fresh curve) before its first snapshot."""
    c, rec, first = run()
    started = []
    c.model_started.connect(lambda: started.append(len(rec.snapshots)))
    c.start()
    rec.wait(lambda s: s.step > 5)
    since = rec.mark()
    c.configure(make_config())
    c.configure(make_config())
    last = rec.wait(lambda s: s.step > 5, since)     # the newest model, trained on
    after = rec.snapshots[since:]
    assert [s.model_id for s in after] == sorted(s.model_id for s in after)   # never back to an old one
    assert after[0].model_id == first.model_id + 2 == last.model_id       # the middle model: never shown
    assert started == [since] and after[0].step == 0


def cell_centres(extent, shape):
    """Where pixel (i, j) of an (h, w) image stretched over extent sits: the centre of its cell."""
    (xmin, xmax, ymin, ymax), (h, w) = extent, shape
    return xmin + (np.arange(w) + 0.5) * (xmax - xmin) / w, ymin + (np.arange(h) + 0.5) * (ymax - ymin) / h


def assert_boundary_is_the_network_over_its_extent(snap):
    h, w = snap.boundary.shape
    xs, ys = cell_centres(snap.extent, (h, w))
    layers = list(zip(snap.weights, snap.biases))
    for i, j in [(0, 0), (h - 1, w - 1), (10, w - 10), (h - 10, 10), (h // 2, w // 5)]:   # row i is y, column j is x
        score = batched.forward_arrays(layers, "tanh", [[xs[j], ys[i]]])[0, 0]
        # The boundary is a picture, computed in float32 (7 significant digits).
        assert snap.boundary[i, j] == pytest.approx(score, rel=1e-5, abs=1e-5)


def test_the_boundary_is_the_network_on_the_view_grid(run):
    _, _, snap = run()
    assert snap.extent == datasets.VIEW and snap.boundary.shape == (160, 160)
    assert_boundary_is_the_network_over_its_extent(snap)


def test_a_new_view_gets_a_boundary_over_it_at_once_when_paused_and_soon_when_running(run):
    c, rec, _ = run()
    c.set_neuron_maps_wanted(True)
    stepped = rec.after(c.step, lambda s: s.step == 1)
    wide = (-5.0, 3.0, -1.5, 2.5)                                   # twice as wide as tall
    snap = rec.after(lambda: c.set_view_extent(wide))
    assert snap.extent == wide and (snap.step, snap.running) == (1, False)    # no step was taken for it
    np.testing.assert_array_equal(flat(snap), flat(stepped))
    h, w = snap.boundary.shape
    assert w == 2 * h and h * w <= 1.01 * 160 * 160                 # square cells, no dearer than 160×160
    assert_boundary_is_the_network_over_its_extent(snap)
    maps = snap.neuron_maps[0]
    mh, mw = maps.shape[1:]
    assert mw == 2 * mh
    xs, ys = cell_centres(wide, (mh, mw))
    W, b = snap.weights[0], snap.biases[0]
    assert maps[4, 1, mw - 2] == pytest.approx(np.tanh(W[4] @ [xs[mw - 2], ys[1]] + b[4]), abs=1e-5)
    c.set_view_extent((1.0, 0.0, 0.0, 1.0))                         # refused: the view stays
    assert rec.after(c.step, lambda s: s.step == 2).extent == wide
    c.start()
    tall = (-1.0, 1.0, -3.0, 3.0)
    c.set_view_extent(tall)
    moving = rec.wait(lambda s: s.extent == tall and s.running and s.step > 2)
    assert moving.boundary.shape[0] > 2 * moving.boundary.shape[1]
    assert_boundary_is_the_network_over_its_extent(moving)


def test_three_classes_give_softmax_probabilities_and_neuron_maps(run):
    c, rec, first = run(make_config(data=datasets.blobs(150, 0.2, 1, k=3), num_classes=3))
    assert first.boundary.shape == (160, 160, 3) and first.weights[-1].shape == (3, 16)
    np.testing.assert_allclose(first.boundary.sum(axis=2), 1.0, atol=1e-5)     # float32 pictures
    maps = rec.after(lambda: c.set_neuron_maps_wanted(True)).neuron_maps
    assert [m.shape for m in maps] == [(16, 32, 32), (16, 32, 32), (3, 32, 32)]
    c.start()
    assert rec.wait(lambda s: s.train_accuracy > 0.9).neuron_maps     # maps keep coming while training


def test_pause_stops_training_and_step_adds_exactly_one(run):
    c, rec, _ = run()
    c.start()
    rec.wait(lambda s: s.running and s.step > 10)
    paused = rec.after(c.pause, lambda s: not s.running)
    # Commands queued after the pause each emit a snapshot: if a slice had run in between, the step would move.
    again = rec.after(lambda: c.set_neuron_maps_wanted(True))
    still = rec.after(lambda: c.set_neuron_maps_wanted(False))
    assert again.step == still.step == paused.step and not (again.running or still.running)
    since = rec.mark()
    for _ in range(3):
        c.step()
    rec.wait(lambda s: s.step == paused.step + 3, since)
    assert [s.step for s in rec.snapshots[since:]] == [paused.step + 1, paused.step + 2, paused.step + 3]
    assert list(rec.snapshots[since].new_steps) == [paused.step + 1]


def test_reconfiguring_from_the_seed_gives_the_initial_weights_again(run):
    # The app's Reset: configure the same settings again, without weights.
    config = make_config(seed=7)
    c, rec, first = run(config)
    c.start()
    trained = rec.wait(lambda s: s.step > 20)
    assert not np.allclose(flat(trained), flat(first))
    reset = rec.after(lambda: c.configure(config), lambda s: s.model_id > first.model_id and s.step == 0)
    np.testing.assert_array_equal(flat(reset), flat(first))
    assert rec.wait(lambda s: s.model_id == reset.model_id and s.step > 0).running   # keeps training
    c2, rec2, fresh = run(make_config(seed=7))
    np.testing.assert_array_equal(flat(fresh), flat(first))
    other = rec2.after(lambda: c2.configure(make_config(seed=8)))
    assert not np.allclose(flat(other), flat(first))


@pytest.mark.parametrize("changes", [{"learning_rate": 0.005}, {"optimizer": "sgd"}, {"optimizer": "momentum"},
                                     {"batch_size": 16}, {"l2": 0.01}, {"engine": "scalar"},
                                     {"steps_per_second": 200}])
def test_settings_changed_while_running_keep_it_training(run, changes):
    c, rec, _ = run()
    c.start()
    before = rec.wait(lambda s: s.running and s.step > 5)
    since = rec.mark()
    c.update_settings(changes)
    after = rec.wait(lambda s: s.running and s.step > before.step + 2, since)
    assert after.model_id == before.model_id and math.isfinite(after.train_loss) and rec.rejections == []


@pytest.mark.parametrize("optimizer,changes,attribute,value", [
    ("sgd", {"learning_rate": 0.7}, "lr", 0.7),
    ("adam", {"batch_size": 16}, "batch_size", 16),        # Adam's moments carry over
    ("momentum", {"momentum": 0.5}, "momentum", 0.5),
    ("sgd", {"optimizer": "adam"}, "optimizer", "adam"),
    ("adam", {"l2": 0.01}, "l2", 0.01),
])
def test_a_live_setting_applies_at_the_next_step(run, optimizer, changes, attribute, value):
    config = make_config(optimizer=optimizer, learning_rate=0.1, seed=3)
    c, rec, _ = run(config)
    c.step()
    c.step()
    c.update_settings(changes)
    c.step()
    got = rec.wait(lambda s: s.step == 3)
    # The same three steps on a Trainer of our own, the setting changed between steps 2 and 3.
    model = MLP(2, [16, 16, 1], activation="tanh", rng=random.Random(3))
    train = ~config.is_test
    trainer = Trainer(model, config.points[train], config.targets(config.labels[train]), loss="hinge",
                      optimizer=optimizer, lr=0.1, seed=3)
    trainer.step()
    trainer.step()
    setattr(trainer, attribute, value)
    trainer.step()
    np.testing.assert_allclose(flat(got), trainer.snapshot_weights(), rtol=0, atol=1e-12)
    assert rec.rejections == []


def test_a_bad_setting_is_rejected_and_training_goes_on(run):
    c, rec, _ = run()
    c.start()
    before = rec.wait(lambda s: s.running and s.step > 0)
    since = rec.mark()
    c.update_settings({"optimizer": "rmsprop"})
    rec.qtbot.waitUntil(lambda: bool(rec.rejections), timeout=5_000)
    assert "rmsprop" in rec.rejections[0]
    c.update_settings({"layer_sizes": (4, 1)})     # not a live setting: the network stays as it is
    rec.qtbot.waitUntil(lambda: len(rec.rejections) == 2, timeout=5_000)
    assert rec.wait(lambda s: s.running and s.step > before.step + 2, since)


def test_replace_data_keeps_the_weights_and_the_step(run):
    c, rec, first = run()
    for _ in range(5):
        c.step()
    trained = rec.wait(lambda s: s.step == 5)
    more = make_config(n=260)
    replaced = rec.after(lambda: c.replace_data(more))
    assert (replaced.model_id, replaced.step) == (first.model_id, 5)
    np.testing.assert_array_equal(flat(replaced), flat(trained))
    assert replaced.train_loss != trained.train_loss          # measured on the new points
    assert rec.after(c.step).step == 6
    # A new input feature changes the network's shape: the model is re-created, from step 0.
    remade = rec.after(lambda: c.replace_data(make_config(features=["x1", "x2", "x1*x2"])))
    assert remade.model_id == first.model_id + 1 and remade.step == 0 and remade.weights[0].shape == (16, 3)


def test_data_that_cannot_train_while_running_pauses_without_crashing(run):
    c, rec, first = run()
    c.start()
    rec.wait(lambda s: s.running and s.step > 0)
    one_class = make_config(data=(datasets.moons_centered(200, 0.1, 0)[0], np.zeros(200, dtype=np.int64)))
    since = rec.mark()
    c.replace_data(one_class)
    c.set_neuron_maps_wanted(True)            # the worker still answers afterwards
    last = rec.wait(lambda s: len(s.neuron_maps) == 3, since)
    assert not last.running and math.isnan(last.train_loss)
    c.start()                                 # refused: one class cannot train
    assert rec.after(lambda: c.set_neuron_maps_wanted(False)).running is False
    assert rec.after(lambda: c.replace_data(make_config())).model_id == first.model_id


def test_a_diverging_run_pauses_itself_and_restores_the_best_weights(run):
    c, rec, first = run(make_config(**DIVERGING))
    c.start()
    bad = rec.wait(lambda s: s.diverged)
    assert not bad.running and "NaN" in bad.message and not math.isfinite(bad.train_loss)
    # The last finite weights before the overflow had a loss of ~1e115; the best seen are step 0's.
    assert (bad.best_step, bad.best_loss) == (0, first.train_loss) and "step 0" in bad.message
    refused = rec.after(c.step)                # refused while diverged, and says so again
    assert refused.step == bad.step and refused.diverged and "Train" in refused.message
    restored = rec.after(c.restore_best_weights)
    assert not restored.diverged and "step 0" in restored.message and not restored.running
    np.testing.assert_array_equal(flat(restored), flat(first))
    assert restored.train_loss == first.train_loss
    c.update_settings({"learning_rate": 0.001})
    on = rec.after(c.start, lambda s: s.running and s.step > bad.step + 50 or s.diverged)
    assert not on.diverged and math.isfinite(on.train_loss)


def test_train_after_a_divergence_goes_on_from_the_best_weights_with_the_new_settings(run):
    c, rec, first = run(make_config(**DIVERGING))
    c.start()
    bad = rec.wait(lambda s: s.diverged)
    c.update_settings({"learning_rate": 0.001})
    since = rec.mark()
    c.start()                                  # no Restore first: Train itself goes back to the best weights
    again = rec.wait(lambda s: True, since)
    assert again.running and not again.diverged and "best weights (step 0)" in again.message
    np.testing.assert_array_equal(flat(again), flat(first))
    # The splits' loss is measured a few times a second while running: wait for one 50 steps on.
    on = rec.wait(lambda s: s.evaluated_at() > bad.step + 50 or s.diverged, since)
    assert on.running and not on.diverged and math.isfinite(on.train_loss) and on.train_loss < first.train_loss


def test_adam_blowing_up_without_overflow_pauses_itself(run):
    # Adam at learning rate 10 moves every weight by ~10 a step: the loss jumps a thousandfold but stays finite.
    c, rec, first = run(make_config(loss="mse", optimizer="adam", learning_rate=10.0))
    c.start()
    bad = rec.wait(lambda s: s.diverged or s.step > 300)
    assert bad.diverged and not bad.running and "blew up" in bad.message and bad.step < 100
    assert math.isfinite(bad.train_loss) and bad.best_step == 0


def test_start_without_trainable_data_is_refused_with_a_reason(run, qtbot):
    one_class = make_config(data=(datasets.moons_centered(200, 0.1, 0)[0], np.zeros(200, dtype=np.int64)))
    c, rec, _ = run(one_class)
    with qtbot.waitSignal(c.start_refused, timeout=5_000) as refused:
        c.start()
    assert "two classes" in refused.args[0]


def test_a_run_stepped_into_overflow_says_so_at_once(run):
    c, rec, _ = run(make_config(**DIVERGING))
    since = rec.mark()
    for _ in range(8):
        c.step()
    bad = rec.wait(lambda s: not math.isfinite(s.train_loss), since)
    # The first snapshot with an infinite loss already flags it: no step that can show it unflagged.
    assert bad.diverged and "NaN" in bad.message and bad.step <= 5
    assert rec.wait(lambda s: s.step == bad.step, since) is bad
    assert [s.step for s in rec.snapshots[since:]][-1] == bad.step    # the later steps were refused


def test_a_typed_weight_shows_in_the_snapshot_and_is_trained_from(run):
    c, rec, first = run()
    got = rec.after(lambda: c.set_weight(0, 1, 0, 0.75))
    assert got.weights[0][1, 0] == 0.75 and got.step == 0
    assert rec.after(lambda: c.set_weight(1, 2, 16, -1.5)).biases[1][2] == -1.5   # index nin = the bias
    typed = rec.snapshots[-1]
    assert (flat(typed) != flat(first)).sum() == 2
    c.set_weight(9, 0, 0, 1.0)                # no such layer, and a value that is not finite: ignored
    c.set_weight(0, 0, 0, math.nan)
    np.testing.assert_array_equal(flat(rec.after(lambda: c.set_neuron_maps_wanted(True))), flat(typed))
    stepped = rec.after(c.step)
    assert stepped.step == 1 and stepped.weights[0][1, 0] != 0.75   # trained on from the typed value


def test_scalar_engine_gives_the_batched_weights(run):
    results = []
    for engine in ("batched", "scalar"):
        c, rec, _ = run(make_config(n=60, engine=engine, seed=4, optimizer="adam"))
        since = rec.mark()
        for _ in range(4):
            c.step()
        results.append(flat(rec.wait(lambda s: s.step == 4, since)))
    np.testing.assert_allclose(results[0], results[1], rtol=0, atol=1e-10)
    assert gc.isenabled()                     # the worker pauses the cyclic GC only during a scalar step


def test_a_config_the_engine_refuses_keeps_the_old_model(run, qtbot):
    c, rec, first = run()
    c.configure(dataclasses.replace(make_config(), weights=(0.5,) * 3))
    qtbot.waitUntil(lambda: bool(rec.rejections), timeout=5_000)
    assert "3 weights do not fit" in rec.rejections[0]
    assert rec.after(c.step).model_id == first.model_id


def run_loop_until(loop, condition, limit_s: float = 10.0) -> None:
    """Host the Qt-free loop as the training process does (slices, no commands arriving) until `condition`."""
    deadline = time.perf_counter() + limit_s
    while not condition():
        assert time.perf_counter() < deadline, "the loop never got there"
        loop.run_slice()


def test_a_loop_whose_gui_never_reports_painting_still_sends_snapshots():
    # The loop waits for the GUI's "painted" before its next periodic snapshot; without a controller nobody
    # says so, and it must fall back to a few a second rather than go quiet.
    sent = []
    loop = TrainingLoop(lambda kind, payload: sent.append(payload) if kind == SNAPSHOT else None)
    loop.configure(make_config())
    loop.start()
    run_loop_until(loop, lambda: sent[-1].running and sent[-1].step > 0)
    first = len(sent)
    run_loop_until(loop, lambda: len(sent) >= first + 3)           # three more periodic snapshots
    assert all(s.running for s in sent[first:])


def test_a_gui_that_falls_behind_loses_frames_never_steps():
    """Snapshots wait for the GUI's "painted"; the steps taken meanwhile all reach the next one's losses."""
    sent = []
    loop = TrainingLoop(lambda kind, payload: sent.append(payload) if kind == SNAPSHOT else None)
    loop.configure(make_config())
    loop.start()
    run_loop_until(loop, lambda: sent[-1].step > 0)
    loop.snapshot_painted()
    held = len(sent)
    run_loop_until(loop, lambda: len(sent) > held)                # the one the GUI was ready for
    steps_at_hold = sent[-1].step
    run_loop_until(loop, lambda: sent[-1].step > steps_at_hold + 200)   # no "painted": steps go on
    painted_late = len(sent)
    loop.snapshot_painted()
    run_loop_until(loop, lambda: len(sent) > painted_late)
    # Fewer snapshots than the steps would fill at ~30 a second, yet every step's loss is in one of them.
    steps = np.concatenate([s.new_steps for s in sent])
    np.testing.assert_array_equal(steps, np.arange(1, sent[-1].step + 1))


@pytest.mark.parametrize("engine,hidden", [("batched", [16, 16]), ("scalar", [32, 32, 32])])
def test_shutdown_while_running_joins_quickly(run, engine, hidden):
    c, rec, _ = run(make_config(engine=engine, hidden_layers=hidden))
    c.start()
    rec.wait(lambda s: s.running and s.step > 0)
    # The worker checks its stop flag between steps, so the join does not wait for the run to end
    # (a run never ends by itself); how long it takes is not this test's business.
    assert c.shutdown(timeout_ms=10_000)
    assert not c.is_running()
    assert TrainingController.running_controllers() == []
