"""engine.grid: the decision-boundary grid equals the batched forward pass on the grid's points."""
import random

import numpy as np
import pytest

from engine import batched
from engine import features as F
from engine import grid as G
from engine.nn import MLP


def net(nin, sizes, activation, seed=6):
    """[(W, b)] of a seeded MLP with non-zero biases (so the bias path is exercised too)."""
    model = MLP(nin, sizes, activation=activation, rng=random.Random(seed))
    rng = np.random.default_rng(seed)
    for p in model.parameters():
        p.data = float(rng.uniform(-1, 1))
    return batched.layer_arrays(model)


def reference(layers, activation, xs, ys, names=None, all_layers=False):
    """forward_arrays on the grid's points, row i <-> ys[i], column j <-> xs[j]."""
    gx, gy = np.meshgrid(xs, ys)
    pts = np.column_stack([gx.ravel(), gy.ravel()])
    return batched.forward_arrays(layers, activation, F.expand(pts, names or F.DEFAULT), all_layers=all_layers)


def close(a, b):
    np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("names", [None, ("x1", "x2", "x1^2", "sin(x2)", "x1*x2")])
def test_grid_matches_forward(names):
    nin = 2 if names is None else len(names)
    layers = net(nin, [6, 4, 1], "tanh")
    xs, ys = np.linspace(-2, 2, 7), np.linspace(-1, 1.5, 5)
    grid = G.GridEvaluator(xs, ys, names)
    scores = grid.evaluate(layers, "tanh")
    assert scores.shape == (5, 7, 1)
    ref = reference(layers, "tanh", xs, ys, names)
    close(scores.reshape(-1, 1), ref)
    assert scores[4, 0, 0] == pytest.approx(ref[4 * 7, 0])  # row i <-> ys[i], column j <-> xs[j]
    per_layer = grid.evaluate(layers, "tanh", all_layers=True)
    assert [a.shape for a in per_layer] == [(5, 7, 6), (5, 7, 4), (5, 7, 1)]
    out = np.empty((5, 7, 1))
    assert G.grid_scores(layers, "tanh", xs, ys, names, out=out) is out
    close(out, scores)


@pytest.mark.parametrize("chunk", [G.GRID_CHUNK, 500])
@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "linear"])
def test_grids_larger_than_a_chunk(activation, chunk):
    xs, ys = np.linspace(-2, 2, 41), np.linspace(-2, 2, 29)  # 1189 points: 2 full chunks and a partial one
    assert xs.size * ys.size > 2 * chunk and (xs.size * ys.size) % chunk
    layers = net(2, [5, 3, 2], activation)
    grid = G.GridEvaluator(xs, ys, chunk=chunk)
    for got, ref in zip(grid.evaluate(layers, activation, all_layers=True),
                        reference(layers, activation, xs, ys, all_layers=True), strict=True):
        close(got.reshape(-1, got.shape[-1]), ref)


def test_a_float32_grid_in_large_chunks_is_the_default_grid():
    """The training process's pictures (float32, 2048-point blocks, biases tiled, relu against zeros) are
    the default evaluator's numbers (to float32's last bits: BLAS may round a block's edge differently),
    blocks partial or not, networks of any width."""
    xs, ys = np.linspace(-2, 2, 70), np.linspace(-2, 2, 60)   # 4200 points: two blocks of 2048 and a rest
    default, large = (G.GridEvaluator(xs, ys, dtype=np.float32, chunk=c) for c in (G.GRID_CHUNK, 2048))
    for sizes in ([16, 16, 1], [3, 7, 2]):
        layers = net(2, sizes, "relu")
        for a, b in zip(default.evaluate(layers, "relu", all_layers=True),
                        large.evaluate(layers, "relu", all_layers=True), strict=True):
            np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-5)


def test_one_evaluator_serves_networks_of_any_shape_and_reuses_its_buffers():
    xs, ys = np.linspace(-1, 1, 9), np.linspace(-1, 1, 8)
    grid = G.GridEvaluator(xs, ys)
    small, big = net(2, [3, 1], "relu", seed=1), net(2, [8, 8, 1], "relu", seed=2)
    first = grid.evaluate(small, "relu")
    kept = first.copy()
    close(grid.evaluate(big, "relu").reshape(-1, 1), reference(big, "relu", xs, ys))
    again = grid.evaluate(net(2, [3, 1], "relu", seed=3), "relu")
    assert np.shares_memory(again, first)  # same shape, same buffer: the documented "copy what you keep"
    assert not np.array_equal(first, kept)
    close(grid.evaluate(small, "relu"), kept)


def test_grid_scores_without_out_returns_a_fresh_array():
    layers = net(2, [4, 1], "tanh")
    a = G.grid_scores(layers, "tanh", [0.0, 1.0], [0.0, 0.5, 1.0])
    b = G.grid_scores(layers, "tanh", [0.0, 1.0], [0.0, 0.5, 1.0])
    assert a.shape == (3, 2, 1) and not np.shares_memory(a, b) and np.array_equal(a, b)


def test_a_grid_over_an_extent_samples_the_centre_of_each_cell():
    layers = net(2, [4, 1], "tanh")
    extent = (-3.0, 1.0, -1.0, 1.0)                     # 4 wide, 2 tall
    grid = G.GridEvaluator.over(extent, (2, 4))
    xs, ys = [-2.5, -1.5, -0.5, 0.5], [-0.5, 0.5]       # 1-unit cells: their centres
    close(grid.evaluate(layers, "tanh").reshape(-1, 1), reference(layers, "tanh", xs, ys))
    assert [a.tolist() for a in G.grid_axes(extent, (2, 4))] == [xs, ys]


def test_grid_shape_keeps_cells_square_and_the_cost_of_a_square_view():
    assert G.grid_shape((-2, 2, -2, 2), 160 * 160) == (160, 160)
    h, w = G.grid_shape((-2, 2, -3, 3), 160 * 160)       # the default window's canvas: 1.5 times as tall
    assert abs(h / w - 1.5) < 0.01 and h * w <= 1.01 * 160 * 160
    h, w = G.grid_shape((0, 1000, 0, 1), 100)           # absurd aspects still give a usable grid
    assert (h, w) == (2, 50)
    for bad in (3, 2.5, True):
        with pytest.raises(ValueError, match="cells"):
            G.grid_shape((0, 1, 0, 1), bad)


@pytest.mark.parametrize("extent, message", [((1, -1, 0, 1), "xmin < xmax"), ((0, 1, 0), "four"),
                                             ((0, np.nan, 0, 1), "finite"), ("abcd", "four numbers")])
def test_bad_extents(extent, message):
    with pytest.raises(ValueError, match=message):
        G.check_extent(extent)


def test_bad_grids_and_networks():
    layers = net(2, [3, 1], "relu")
    with pytest.raises(ValueError, match="3 features"):
        G.GridEvaluator([0, 1], [0, 1], ["x1", "x2", "x1^2"]).evaluate(layers, "relu")
    for xs, ys in (([], [0.0]), ([0.0, np.nan], [0.0]), ([0.0], [np.inf])):
        with pytest.raises(ValueError, match="non-empty and finite"):
            G.GridEvaluator(xs, ys)
    with pytest.raises(ValueError, match="relu, tanh, sigmoid, linear"):
        G.GridEvaluator([0, 1], [0, 1]).evaluate(layers, "gelu")
    with pytest.raises(ValueError, match="unknown feature"):
        G.GridEvaluator([0, 1], [0, 1], ["x3"])


def test_a_float32_grid_is_the_float64_grid_to_seven_digits_and_other_dtypes_are_refused():
    rng = np.random.default_rng(3)
    layers = [(rng.normal(size=(16, 2)), rng.normal(size=16)), (rng.normal(size=(16, 16)), rng.normal(size=16)),
              (rng.normal(size=(1, 16)), rng.normal(size=1))]
    exact = G.GridEvaluator.over((-2, 2, -2, 2), (40, 50)).evaluate(layers, "tanh")
    picture = G.GridEvaluator.over((-2, 2, -2, 2), (40, 50), dtype=np.float32).evaluate(layers, "tanh")
    assert picture.dtype == np.float32 and picture.shape == exact.shape
    np.testing.assert_allclose(picture, exact, rtol=1e-5, atol=1e-5)
    assert np.abs(picture - exact).max() > 0          # really computed in float32
    with pytest.raises(ValueError, match="float64 or float32"):
        G.GridEvaluator.over((-2, 2, -2, 2), (4, 4), dtype=np.int64)
