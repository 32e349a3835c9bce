"""engine.split: a point's train/test side is decided by its coordinates alone."""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.split import held_out_mask, split_scores

coord = st.floats(-10, 10, allow_nan=False, allow_infinity=False)
points = st.lists(st.tuples(coord, coord), min_size=1, max_size=40)
fraction = st.floats(0.0, 1.0, exclude_max=True)


def random_points(n, seed=0, scale=2.0):
    return np.random.default_rng(seed).uniform(-scale, scale, (n, 2))


@settings(max_examples=100, deadline=None)
@given(mine=points, others=points, f=fraction, data=st.data())
def test_a_points_side_does_not_depend_on_the_other_points(mine, others, f, data):
    alone = held_out_mask(mine, f)
    together = held_out_mask(mine + others, f)  # others added after
    assert np.array_equal(together[:len(mine)], alone)
    assert np.array_equal(held_out_mask(others + mine, f)[len(others):], alone)  # ... or before
    order = data.draw(st.permutations(range(len(mine))))
    assert np.array_equal(held_out_mask([mine[i] for i in order], f), alone[order])  # erasing / reordering


def test_adding_and_erasing_points_never_moves_the_others():
    pts = random_points(2000, seed=1)
    full = held_out_mask(pts, 0.2)
    keep = np.random.default_rng(2).random(len(pts)) < 0.5  # erase about half of them
    assert np.array_equal(held_out_mask(pts[keep], 0.2), full[keep])
    extra = random_points(500, seed=3)
    assert np.array_equal(held_out_mask(np.vstack([pts, extra]), 0.2)[:len(pts)], full)


@settings(max_examples=100, deadline=None)
@given(pts=points, a=fraction, b=fraction)
def test_raising_the_fraction_only_moves_points_from_train_to_test(pts, a, b):
    low, high = sorted((a, b))
    assert not (held_out_mask(pts, low) & ~held_out_mask(pts, high)).any()


def test_monotone_on_many_points_and_fractions():
    pts = random_points(5000, seed=4)
    masks = [held_out_mask(pts, f) for f in np.linspace(0.0, 0.95, 20)]
    for smaller, larger in zip(masks, masks[1:]):
        assert not (smaller & ~larger).any()
    assert not masks[0].any()  # fraction 0: nothing is held out


@pytest.mark.parametrize("seed, scale", [(0, 2.0), (1, 2.0), (2, 0.01), (3, 100.0)])
@pytest.mark.parametrize("f", [0.1, 0.2, 0.25, 0.5, 0.9])
def test_about_the_asked_share_is_held_out(seed, scale, f):
    n = 10_000
    share = held_out_mask(random_points(n, seed, scale), f).mean()
    assert abs(share - f) < 4 * math.sqrt(f * (1 - f) / n)  # 4 binomial standard deviations


def test_about_the_asked_share_on_a_regular_grid():
    g = np.linspace(-2, 2, 100)  # points on a lattice, like clicks snapped to a grid, are not special
    pts = np.column_stack([a.ravel() for a in np.meshgrid(g, g)])
    for f in (0.1, 0.3, 0.5):
        assert abs(held_out_mask(pts, f).mean() - f) < 0.02


def test_scores_are_in_the_unit_interval_and_repeatable():
    pts = random_points(1000, seed=5, scale=50.0)
    s = split_scores(pts)
    assert s.shape == (1000,) and ((0.0 <= s) & (s < 1.0)).all()
    assert np.array_equal(split_scores(pts.tolist()), s)  # lists work, and the same points give the same


def test_shapes():
    assert held_out_mask([[0.5, -0.25]], 0.3).shape == (1,)
    assert held_out_mask([0.5, -0.25], 0.3).shape == (1,)  # one bare point
    empty = held_out_mask(np.zeros((0, 2)), 0.3)
    assert empty.shape == (0,) and empty.dtype == bool


@pytest.mark.parametrize("bad", [-0.1, 1.0, 1.5, math.nan, math.inf, -math.inf])
def test_bad_fraction_is_a_value_error(bad):
    with pytest.raises(ValueError, match="test fraction"):
        held_out_mask([[0.0, 0.0]], bad)
