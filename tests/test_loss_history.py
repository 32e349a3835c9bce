"""The bounded loss history: the one decimation rule the plot and the sessions share."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.model.history import BIN, MAX_ROWS, LossHistory, decimate


@settings(max_examples=60, deadline=None)
@given(n=st.integers(0, 400), limit=st.integers(2 * BIN, 100), seed=st.integers(0, 2**32 - 1))
def test_decimate_fits_the_limit_keeps_extremes_order_and_the_newest_rows(n, limit, seed):
    rng = np.random.default_rng(seed)
    rows = np.vstack((np.cumsum(rng.integers(0, 3, n)), rng.normal(size=n), rng.random(n)))
    out = decimate(rows, limit)
    assert out.shape[1] <= max(limit, 0) and out.shape[0] == 3
    if n <= limit:
        assert out is rows
        return
    assert (np.diff(out[0]) >= 0).all() and out[0, 0] == rows[0, 0]
    for i in (1, 2):
        assert out[i].max() == rows[i].max() and out[i].min() == rows[i].min()
    assert out[:, -limit // 4:].tolist() == rows[:, -limit // 4:].tolist(), "the newest quarter stays whole"


def test_a_history_of_any_length_stays_bounded_and_keeps_its_newest_steps():
    history = LossHistory()
    for start in range(0, 500_000, 500):
        steps = np.arange(start, start + 500)
        history.append_train(steps, 1.0 / (steps + 1))
    saved = history.to_dict()
    assert len(saved["step"]) <= MAX_ROWS and saved["step"][-2000:] == list(range(498_000, 500_000))
    assert max(saved["train_loss"]) == 1.0 and min(saved["train_loss"]) == 1 / 500_000
    again = LossHistory()
    again.load(saved)
    assert again.to_dict() == saved, "a bounded history loads as it is"


def test_decimate_refuses_a_limit_it_cannot_reach():
    with pytest.raises(ValueError, match="limit"):
        decimate(np.zeros((2, 10)), 3)
