"""The loss landscape (Li et al. 2018): filter-normalised directions, the slice, paths projected onto it."""
import random

import numpy as np
import pytest

from engine import batched, datasets
from engine.landscape import (
    Plane,
    filter_normalize,
    flatten,
    landscape,
    loss_surface,
    plane_through,
    plane_through_path,
    random_plane,
)
from engine.nn import MLP


def unflatten(theta, sizes):
    net = batched.FlatNet(sizes)
    net.theta[:] = theta
    return [(W.copy(), b.copy()) for W, b in net.layers()]


@pytest.fixture(scope="module")
def case():
    model = MLP(2, [16, 16, 1], rng=random.Random(3))
    rng = np.random.default_rng(0)
    for layer in model.layers:            # non-zero biases so the bias handling matters
        for n in layer.neurons:
            n.b.data = float(rng.uniform(-0.5, 0.5))
    X, y = datasets.moons(60, 0.1, np.random.default_rng(1))
    t = np.where(y > 0, 1.0, -1.0)
    return batched.layer_arrays(model), model.activation, X, t


def neuron_rows(vec, sizes):
    net = batched.FlatNet(sizes)
    return [vec[sl].reshape(shape) for sl, shape in net.block_slices]


@pytest.mark.parametrize("bias", ["zero", "filter"])
def test_filter_normalised_direction_has_each_neurons_norm(case, bias):
    layers = case[0]
    theta, sizes = flatten(layers), (2, 16, 16, 1)
    d = filter_normalize(np.random.default_rng(5).standard_normal(theta.size), theta, sizes, bias)
    for d_rows, w_rows in zip(neuron_rows(d, sizes), neuron_rows(theta, sizes)):
        if bias == "zero":
            assert (d_rows[:, -1] == 0).all()
            d_rows, w_rows = d_rows[:, :-1], w_rows[:, :-1]
        np.testing.assert_allclose(np.linalg.norm(d_rows, axis=1), np.linalg.norm(w_rows, axis=1), rtol=1e-12)


def test_a_dead_neuron_gets_no_direction():
    sizes = (2, 2, 1)
    theta = np.array([0.0, 0.0, 0.3, 1.0, 2.0, 0.1, 0.5, -0.5, 0.0])
    d = filter_normalize(np.ones(theta.size), theta, sizes)
    np.testing.assert_array_equal(d[:3], 0.0)
    with pytest.raises(ValueError, match="bias must be one of"):
        filter_normalize(np.ones(theta.size), theta, sizes, bias="keep")


def test_centre_of_the_landscape_is_the_current_loss(case):
    layers, act, X, t = case
    current = batched.loss_and_grad_arrays(layers, act, X, t, "hinge", 1e-3)[0]
    slice_ = landscape(layers, act, X, t, "hinge", l2=1e-3, span=0.5, resolution=11, seed=2)
    assert slice_.losses.shape == (11, 11)
    assert slice_.center_loss == pytest.approx(current, rel=1e-12)
    assert slice_.losses[5, 5] == pytest.approx(current, rel=1e-12)
    assert not slice_.losses.flags.writeable and not slice_.plane.d1.flags.writeable


@pytest.mark.parametrize("loss", ["hinge", "mse", "logistic", "cross_entropy"])
def test_every_grid_point_is_the_loss_of_its_weights(loss):
    nout = 3 if loss == "cross_entropy" else 1
    model = MLP(2, [5, nout], activation="tanh", rng=random.Random(7))
    rng = np.random.default_rng(2)
    X = rng.normal(size=(30, 2))
    t = rng.integers(0, 3, 30) if nout == 3 else rng.choice([-1.0, 1.0], 30)
    layers = batched.layer_arrays(model)
    plane = random_plane(layers, seed=4, bias="filter")
    alphas, betas = np.array([-0.7, 0.2, 1.3]), np.array([-1.0, 0.4])
    slice_ = loss_surface(plane, (2, 5, nout), "tanh", X, t, loss, alphas, betas, l2=1e-2)
    for i, b in enumerate(betas):
        for j, a in enumerate(alphas):
            weights = unflatten(plane.point(a, b), (2, 5, nout))
            direct = batched.loss_and_grad_arrays(weights, "tanh", X, t, loss, 1e-2)[0]
            assert slice_.losses[i, j] == pytest.approx(direct, rel=1e-12)


def test_seeded_directions(case):
    layers = case[0]
    same = random_plane(layers, seed=9), random_plane(layers, seed=9)
    np.testing.assert_array_equal(same[0].d1, same[1].d1)
    assert not np.array_equal(random_plane(layers, seed=10).d1, same[0].d1)
    assert not np.array_equal(same[0].d1, same[0].d2)


def test_projection_of_plane_points(case):
    plane = random_plane(case[0], seed=1)
    np.testing.assert_allclose(plane.coordinates(plane.origin), [[0.0, 0.0]], atol=1e-12)
    coords = plane.coordinates([plane.point(0.3, -1.2), plane.point(-2.0, 0.5)])
    np.testing.assert_allclose(coords, [[0.3, -1.2], [-2.0, 0.5]], atol=1e-10)
    with pytest.raises(ValueError, match="weight vectors"):
        plane.coordinates(np.zeros((2, 5)))


def test_plane_through_three_checkpoints_holds_them():
    rng = np.random.default_rng(0)
    path = np.cumsum(rng.normal(size=(20, 12)), axis=0)
    plane = plane_through(path[0], path[7], path[-1])
    np.testing.assert_allclose(plane.origin, path[-1])
    basis = np.stack((plane.d1, plane.d2))
    np.testing.assert_allclose(basis @ basis.T, np.eye(2), atol=1e-12)
    for k in (0, 7, 19):
        a, b = plane.coordinates(path[k])[0]
        np.testing.assert_allclose(plane.point(a, b), path[k], atol=1e-10)
    best = plane_through_path(path)       # the middle farthest from the start-end line
    assert isinstance(best, Plane)
    residual = [np.linalg.norm(best.point(*best.coordinates(p)[0]) - p) for p in path]
    assert residual[0] < 1e-9 and residual[-1] < 1e-9


def test_a_straight_path_spans_no_plane():
    line = np.outer(np.linspace(0, 1, 5), np.ones(4))
    with pytest.raises(ValueError, match="one line"):
        plane_through_path(line)
    with pytest.raises(ValueError, match="same weights"):
        plane_through(line[0], line[2], line[0])
