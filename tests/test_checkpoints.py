"""The training timeline's checkpoint store: bounded, densest where the loss moved, saved within a budget."""
import json

import numpy as np
import pytest

from playground.model.checkpoints import MAX_CHECKPOINTS, CheckpointStore
from playground.model.thinning import keep_mask


def drop_at(step, start=500_000, length=1_000):
    """A loss that sits at 1, falls to 0.1 over `length` steps from `start`, then sits at 0.1."""
    if step < start:
        return 1.0
    return 0.1 if step >= start + length else 1.0 - 0.9 * (step - start) / length


def filled(n, width=3, loss=drop_at, **kwargs):
    store = CheckpointStore(**kwargs)
    for step in range(n):
        store.add(step, loss(step), np.full(width, float(step)))
    return store


def test_every_step_is_kept_at_first():
    store = filled(500)
    assert len(store) == 500
    np.testing.assert_array_equal(store.steps, np.arange(500))
    assert store[123].step == 123 and store[123].weights.tolist() == [123.0] * 3


def test_add_many_is_add_step_by_step():
    steps = np.arange(20_000)
    losses = np.array([drop_at(s, 12_000, 300) for s in steps]) + 0.01 * np.sin(steps)
    weights = np.outer(steps, [1.0, -1.0])
    weights[777] = np.nan
    one, many = CheckpointStore(max_checkpoints=100), CheckpointStore(max_checkpoints=100)
    for s, loss, w in zip(steps.tolist(), losses, weights):
        one.add(s, loss, w)
    for block in range(0, 20_000, 3_000):
        many.add_many(steps[block:block + 3_000], losses[block:block + 3_000], weights[block:block + 3_000])
    np.testing.assert_array_equal(one.steps, many.steps)
    np.testing.assert_array_equal([one[i].weights for i in range(len(one))],
                                  [many[i].weights for i in range(len(many))])
    assert one.stride == many.stride


def test_a_million_steps_stay_bounded_keep_ends_and_crowd_around_the_loss_drop():
    store = CheckpointStore()
    for block in range(0, 1_000_000, 10_000):           # as a worker training in slices adds them
        steps = np.arange(block, block + 10_000)
        losses = 1.0 - 0.9 * np.clip((steps - 500_000) / 1_000, 0.0, 1.0)      # drop_at, vectorised
        store.add_many(steps, losses, np.repeat(steps[:, None], 3, axis=1))
    steps = store.steps
    assert 2 <= len(store) <= MAX_CHECKPOINTS
    assert steps[0] == 0 and steps[-1] == 999_999
    assert (np.diff(steps) > 0).all()
    in_drop = np.count_nonzero((steps >= 500_000) & (steps <= 501_000))
    elsewhere = np.count_nonzero((steps >= 200_000) & (steps <= 201_000))
    average = len(store) * 1_000 / 1_000_000
    assert in_drop >= 20 * max(average, elsewhere)
    # each kept checkpoint holds its own step's weights
    for i in (0, len(store) // 2, -1):
        assert store[i].weights[0] == store[i].step


def test_the_latest_checkpoint_is_always_the_last_step_added():
    store = filled(10_000, max_checkpoints=50)
    for step in range(10_000, 10_037):
        store.add(step, 0.5, np.zeros(3))
        assert store[-1].step == step
    assert len(store) <= 50


def test_nearest_checkpoint():
    store = CheckpointStore()
    for step in (0, 10, 20):
        store.add(step, 1.0, np.array([float(step)]))
    assert [store.nearest(s).step for s in (-5, 4, 5, 6, 14.9, 15, 16, 1e9)] == [0, 0, 0, 10, 10, 10, 20, 20]
    assert CheckpointStore().nearest(3) is None


def test_truncate_after_a_step_then_resume_from_there():
    store = filled(300)
    assert store.truncate_after(99) == 200
    assert len(store) == 100 and store[-1].step == 99
    with pytest.raises(ValueError, match="after the latest checkpoint.s 99"):
        store.add(50, 1.0, np.zeros(3))
    assert store.add(100, 1.0, np.zeros(3)) and store[-1].step == 100


def test_non_finite_steps_are_not_stored_and_bad_weights_refused():
    store = filled(3)
    assert not store.add(3, float("nan"), np.zeros(3))
    assert not store.add(4, 1.0, np.array([0.0, np.inf, 0.0]))
    assert len(store) == 3
    with pytest.raises(ValueError, match="flat vector of 3"):
        store.add(5, 1.0, np.zeros(4))
    with pytest.raises(ValueError, match="whole number"):
        store.add(True, 1.0, np.zeros(3))
    store.clear()
    assert store.add(0, 1.0, np.zeros(4)) and store.n_params == 4


def test_round_trip_through_json():
    store = filled(5_000, width=4, loss=lambda s: 1.0 / (1 + s) + 0.1 * np.sin(s))
    data = json.loads(json.dumps(store.to_dict()))
    back = CheckpointStore.from_dict(data, n_params=4)
    np.testing.assert_array_equal(back.steps, store.steps)
    np.testing.assert_array_equal(back.losses, store.losses)
    for i in (0, 7, -1):
        np.testing.assert_array_equal(back[i].weights, store[i].weights)
    assert back.to_dict() == store.to_dict()
    empty = CheckpointStore.from_dict(CheckpointStore().to_dict())
    assert len(empty) == 0


def test_to_dict_thins_to_its_byte_budget_keeping_the_ends():
    store = filled(2_000, width=50, loss=lambda s: 1.0 / (1 + s))
    full = len(json.dumps(store.to_dict()))
    data = store.to_dict(max_bytes=full // 4)
    assert len(json.dumps(data)) <= full // 4
    assert len(data["steps"]) < len(store) // 3
    assert data["steps"][0] == 0 and data["steps"][-1] == 1_999
    assert len(store) == 2_000        # the store itself keeps everything
    with pytest.raises(ValueError, match="budget"):
        store.to_dict(max_bytes=100)


@pytest.mark.parametrize("change, field", [
    (lambda d: d.pop("losses"), "'timeline.losses': missing"),
    (lambda d: d.update(extra=1), "'timeline': unknown field(s) extra"),
    (lambda d: d.update(version=2), "'timeline.version'"),
    (lambda d: d.update(version=True), "'timeline.version'"),
    (lambda d: d["steps"].__setitem__(2, 1), "'timeline.steps[2]'"),
    (lambda d: d["steps"].__setitem__(0, -1), "'timeline.steps[0]'"),
    (lambda d: d["steps"].__setitem__(1, 1.5), "'timeline.steps[1]'"),
    (lambda d: d["losses"].__setitem__(3, None), "'timeline.losses[3]': null is not a number"),
    (lambda d: d["losses"].pop(), "'timeline.losses': 4 losses for 5 steps"),
    (lambda d: d["weights"][1].__setitem__(0, float("inf")), "'timeline.weights[1][0]'"),
    (lambda d: d["weights"][4].append(0.0), "'timeline.weights[4]': 4 numbers, expected 3"),
    (lambda d: d.update(weights="many"), "'timeline.weights': expected a list"),
])
def test_bad_timelines_are_refused_naming_the_field(change, field):
    data = filled(5).to_dict()
    change(data)
    with pytest.raises(ValueError, match="field " + field.replace("(", r"\(").replace(")", r"\)")
                       .replace("[", r"\[").replace("]", r"\]")):
        CheckpointStore.from_dict(data, n_params=3)


def test_weights_of_another_model_are_refused():
    with pytest.raises(ValueError, match=r"'timeline.weights\[0\]': 3 numbers, expected 337"):
        CheckpointStore.from_dict(filled(2).to_dict(), n_params=337)


def test_a_longer_saved_timeline_is_thinned_on_load():
    data = filled(300).to_dict()
    store = CheckpointStore.from_dict(data, max_checkpoints=100)
    assert len(store) <= 100 and store[0].step == 0 and store[-1].step == 299


def test_keep_mask_spares_the_ends_and_the_steep_part():
    steps = np.arange(1000)
    losses = np.where(steps < 500, 1.0, 0.0) + np.where((steps >= 500) & (steps < 520), 1 - (steps - 500) / 20, 0)
    keep = keep_mask(steps, losses, 100)
    assert keep.sum() <= 100 and keep[0] and keep[-1]
    assert np.count_nonzero(keep[495:525]) > 3 * np.count_nonzero(keep[100:130])


def test_a_flat_loss_is_kept_evenly_spaced():
    store = filled(100_000, loss=lambda s: 0.5)
    gaps = np.diff(store.steps[:-1])
    assert len(store) <= MAX_CHECKPOINTS and gaps.max() <= 4 * np.median(gaps)
