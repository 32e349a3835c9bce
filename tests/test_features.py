import numpy as np
import pytest

from engine import features as F


def test_every_feature_and_its_label():
    pts = np.array([[0.5, -2.0], [3.0, 0.25]])
    x1, x2 = pts.T
    expected = {"x1": x1, "x2": x2, "x1^2": x1 ** 2, "x2^2": x2 ** 2, "x1*x2": x1 * x2,
                "sin(x1)": np.sin(x1), "sin(x2)": np.sin(x2)}
    assert set(F.FEATURES) == set(expected) == set(F.LABELS)
    out = F.expand(pts, F.FEATURES)
    assert out.shape == (2, 7) and out.dtype == np.float64
    for j, name in enumerate(F.FEATURES):
        assert np.array_equal(out[:, j], expected[name])
    assert F.LABELS["x1^2"] == "x₁²" and F.LABELS["sin(x2)"] == "sin(x₂)"


def test_order_follows_names_and_default():
    pts = np.arange(6.0).reshape(3, 2)
    assert np.array_equal(F.expand(pts, ["x2", "x1"]), pts[:, ::-1])
    assert np.array_equal(F.expand(pts), pts)
    assert np.array_equal(F.expand(pts.tolist(), ("x1*x2",))[:, 0], pts[:, 0] * pts[:, 1])


def test_out_buffer_is_filled_and_returned():
    pts = np.random.default_rng(0).normal(size=(5, 2))
    out = np.empty((5, 2))
    assert F.expand(pts, ["x1^2", "sin(x1)"], out=out) is out
    assert np.array_equal(out, F.expand(pts, ["x1^2", "sin(x1)"]))
    with pytest.raises(ValueError, match="out must be"):
        F.expand(pts, ["x1"], out=np.empty((5, 2)))


@pytest.mark.parametrize("points, names, message", [
    (np.zeros((3, 2)), ["x3"], "unknown feature 'x3'"),
    (np.zeros((3, 2)), [], "at least one feature"),
    (np.zeros((3, 2)), "x1", "list of feature names"),
    (np.zeros((3, 2)), ["x1", "x1"], "twice"),
    (np.zeros((3, 3)), ["x1"], r"shape \(N, 2\)"),
    (np.zeros(4), ["x1"], r"shape \(N, 2\)"),
])
def test_bad_input(points, names, message):
    with pytest.raises(ValueError, match=message):
        F.expand(points, names)
