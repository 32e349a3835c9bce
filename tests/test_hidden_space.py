"""The hidden space: grid lines and points through a hidden layer, projections, the morph, the decision line."""
import random

import numpy as np
import pytest

from engine import batched
from engine.hidden_space import (
    DecisionLine,
    decision_line,
    grid_lines,
    hidden_space,
    layer_outputs,
    neuron_projection,
    pca_projection,
)
from engine.nn import MLP

EXTENT = (-2.0, 2.0, -1.0, 3.0)


def net(hidden, seed=0, activation="tanh"):
    model = MLP(2, [*hidden, 1], activation=activation, rng=random.Random(seed))
    rng = np.random.default_rng(seed)
    for p in model.parameters():
        p.data = float(rng.uniform(-1, 1))
    return batched.layer_arrays(model)


def test_grid_lines_cover_the_extent():
    lines = grid_lines(EXTENT, n_lines=5, samples=7)
    assert lines.shape == (10, 7, 2)
    np.testing.assert_array_equal(lines[0, :, 1], -1.0)          # first horizontal line at ymin
    np.testing.assert_array_equal(lines[4, :, 1], 3.0)
    np.testing.assert_array_equal(lines[5, :, 0], -2.0)          # first vertical line at xmin
    np.testing.assert_array_equal(lines[9, :, 1], np.linspace(-1, 3, 7))


def test_an_identity_layer_maps_the_plane_to_itself():
    layers = [(np.eye(2), np.zeros(2)), (np.array([[1.0, -1.0]]), np.array([0.0]))]
    pts = np.array([[0.5, 1.0], [-1.0, 2.0]])
    frame = hidden_space(layers, "linear", 0, pts, EXTENT, neuron_projection(2))
    np.testing.assert_allclose(frame.lines, frame.input_lines, atol=1e-15)
    np.testing.assert_allclose(frame.points, pts)


def test_a_linear_layer_maps_lines_to_lines():
    layers = [(np.array([[2.0, 1.0], [-0.5, 1.5]]), np.array([0.3, -0.2])), (np.ones((1, 2)), np.zeros(1))]
    frame = hidden_space(layers, "linear", 0, np.zeros((1, 2)), EXTENT, neuron_projection(2, 1, 0))
    for line in frame.lines:
        centred = line - line.mean(axis=0)
        assert np.linalg.svd(centred, compute_uv=False)[1] < 1e-9      # rank 1: a straight line
    bent = hidden_space(layers, "tanh", 0, np.zeros((1, 2)), EXTENT, neuron_projection(2))
    assert max(np.linalg.svd(line - line.mean(axis=0), compute_uv=False)[1] for line in bent.lines) > 1e-3


def test_morph_goes_from_the_input_plane_to_the_layer():
    layers = net([3, 2])
    pts = np.random.default_rng(1).normal(size=(10, 2))
    frame = hidden_space(layers, "tanh", 1, pts, EXTENT, neuron_projection(2), n_lines=4, samples=9)
    points0, lines0 = frame.morph(0.0)
    points1, lines1 = frame.morph(1.0)
    np.testing.assert_array_equal(points0, pts)
    np.testing.assert_array_equal(lines0, frame.input_lines)
    np.testing.assert_array_equal(points1, frame.points)
    np.testing.assert_array_equal(lines1, frame.lines)
    half = frame.morph(0.5)[0]
    np.testing.assert_allclose(half, (pts + frame.points) / 2)
    with pytest.raises(ValueError, match="0..1"):
        frame.morph(1.5)


def test_pca_is_the_same_on_every_call_and_sign_fixed():
    layers = net([6, 6])
    pts = np.random.default_rng(2).normal(size=(80, 2))
    H = layer_outputs(layers, "tanh", pts, 1)
    first, again = pca_projection(H), pca_projection(H[::-1].copy())        # row order changes the SVD's work
    np.testing.assert_allclose(first.components, again.components, atol=1e-12)
    for row in first.components:
        assert row[np.argmax(np.abs(row))] > 0
    # a refit after a small change follows the previous projection's directions, whatever the convention says
    flipped = type(first)("pca", first.mean, -first.components)
    refit = pca_projection(H + 1e-6, previous=flipped)
    np.testing.assert_allclose(refit.components, -first.components, atol=1e-6)
    y = first.apply(H)
    np.testing.assert_allclose(y.mean(axis=0), 0.0, atol=1e-12)
    assert y[:, 0].var() >= y[:, 1].var()


def test_decision_line_of_a_two_neuron_last_layer_separates_as_the_net_does():
    layers = net([4, 2], seed=3)
    pts = np.random.default_rng(3).normal(size=(200, 2)) * 2
    scores = batched.forward_arrays(layers, "tanh", pts)[:, 0]
    H = layer_outputs(layers, "tanh", pts, 1)
    for projection in (neuron_projection(2), neuron_projection(2, 1, 0), pca_projection(H)):
        frame = hidden_space(layers, "tanh", 1, pts, EXTENT, projection)
        line = frame.decision
        assert isinstance(line, DecisionLine)
        np.testing.assert_allclose(frame.points @ line.normal + line.offset, scores, atol=1e-12)


def test_no_decision_line_where_it_would_not_be_exact():
    wide = net([4, 3], seed=4)
    assert decision_line(wide, 1, neuron_projection(3)) is None                    # a third neuron unseen
    H = layer_outputs(wide, "tanh", np.random.default_rng(0).normal(size=(30, 2)), 1)
    assert decision_line(wide, 1, pca_projection(H)) is None                       # a third component
    assert decision_line(net([2, 2]), 0, neuron_projection(2)) is None             # not the last hidden layer


def test_decision_line_segment_is_clipped_to_the_box():
    line = DecisionLine(np.array([1.0, 0.0]), -0.5)                # x = 0.5
    (x0, y0), (x1, y1) = line.segment((0.0, 1.0, 0.0, 1.0))
    assert (x0, x1) == (0.5, 0.5) and sorted((y0, y1)) == [0.0, 1.0]
    assert line.segment((1.0, 2.0, 0.0, 1.0)) is None
    diagonal = DecisionLine(np.array([1.0, -1.0]), 0.0)            # y = x
    ends = diagonal.segment((-1.0, 1.0, -3.0, 3.0))
    np.testing.assert_allclose(sorted(ends), [(-1.0, -1.0), (1.0, 1.0)])


def test_bad_choices_are_refused():
    layers = net([3, 2])
    with pytest.raises(ValueError, match="hidden layer, 0..1"):
        layer_outputs(layers, "tanh", np.zeros((1, 2)), 2)
    with pytest.raises(ValueError, match="not in a layer of 3"):
        neuron_projection(3, 0, 3)
    with pytest.raises(ValueError, match="two different"):
        neuron_projection(3, 1, 1)
    with pytest.raises(ValueError, match="layer of 3 neurons"):
        neuron_projection(3).apply(np.zeros((4, 2)))


def test_a_one_neuron_layer_is_drawn_on_a_line():
    layers = net([1], seed=5)
    frame = hidden_space(layers, "tanh", 0, np.zeros((3, 2)), EXTENT, neuron_projection(1, 0, None))
    np.testing.assert_array_equal(frame.lines[..., 1], 0.0)
    assert frame.decision is not None and frame.decision.normal[1] == pytest.approx(0.0, abs=1e-12)
