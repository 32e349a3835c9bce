"""The checkpoint store compacts without moving weights (issue 11's follow-up: a full store of a wide network
cost ~20 ms of the GUI thread every ~500 steps copying them): each checkpoint's weights stay in their row,
and the rows compaction, truncation and resume free are used again, every checkpoint keeping its own weights."""
import numpy as np

from playground.model.checkpoints import CheckpointStore


def weights_of(step: int, width: int = 4) -> np.ndarray:
    return np.arange(width) + 1000.0 * step


def test_compacting_leaves_every_kept_checkpoints_weights_where_they_are():
    store = CheckpointStore(max_checkpoints=40)
    for step in range(40):
        store.add(step, 1.0 / (1 + step), weights_of(step))
    buffer = store._weights                       # the rows the weights were written to
    before = buffer.copy()
    store.add(40, 0.01, weights_of(40))          # one over the bound: compacted to 30
    assert len(store) == 30 and store._weights is buffer
    kept_rows = store._slots[:len(store) - 1]      # all but the newest, which went into a free row
    np.testing.assert_array_equal(buffer[kept_rows], before[kept_rows])   # not one of them moved


def test_every_checkpoint_keeps_its_own_weights_through_compactions_truncation_and_put_back():
    store = CheckpointStore(max_checkpoints=20)
    rng = np.random.default_rng(3)
    for step in range(300):
        store.add(step, float(rng.random()), weights_of(step))
    tail = store.tail_after(150)
    store.truncate_after(150)
    for step in range(151, 260):                   # resumed: the freed rows are written again
        store.add(step, float(rng.random()), weights_of(step))
    for i in range(len(store)):
        np.testing.assert_array_equal(store[i].weights, weights_of(store[i].step))
    np.testing.assert_array_equal(store.weights_at([0, len(store) - 1]),
                                  [weights_of(store.steps[0]), weights_of(store.steps[-1])])
    store.truncate_after(150)
    store.put_back(tail)
    for i in range(len(store)):
        np.testing.assert_array_equal(store[i].weights, weights_of(store[i].step))
    assert store.steps[-1] == 299
