"""Regression: huber and mse on real targets (scalar = batched, gradients = finite differences), R², the
Trainer's regression problem on both engines, curve and surface datasets, and the function datasets."""
import math
import random

import numpy as np
import pytest

from engine import batched, features, gradcheck, losses
from engine.datasets import VIEW
from engine.function_datasets import FUNCTION_PRESETS, FUNCTIONS, side_of
from engine.metrics import METRICS, accuracy, r_squared
from engine.nn import MLP
from engine.regression_datasets import CURVES, SURFACES, multi_gaussian, plane
from engine.train import Trainer, encode_targets
from engine.value import Value


def scalar_total(model, X, t, loss):
    model.zero_grad()
    scores = [model(list(x)) for x in X.tolist()]
    kwargs = {"problem": "regression"} if loss == "mse" else {}
    total = getattr(losses, loss)(scores, t.tolist(), **kwargs)
    total.backward()
    return total.data, np.array([p.grad for p in model.parameters()])


def real_case(seed=0, n=15, hidden=(6, 5)):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2, 2, (n, 2))
    t = np.sin(X[:, 0]) * 2.5 + X[:, 1]  # residuals both inside and beyond huber's delta
    return MLP(2, [*hidden, 1], activation="tanh", rng=random.Random(seed)), X, t


def test_huber_is_quadratic_near_the_target_and_linear_beyond_delta():
    t = [0.0, 0.0, 0.0]
    s = [Value(0.5), Value(-3.0), Value(2.0)]
    loss = losses.huber(s, t)
    assert loss.data == pytest.approx((0.125 + (3.0 - 0.5) + (2.0 - 0.5)) / 3)
    loss.backward()
    assert [v.grad for v in s] == pytest.approx([0.5 / 3, -1 / 3, 1 / 3])  # r, then delta * sign(r)
    assert losses.huber([Value(4.0)], [1.0], delta=2.0).data == pytest.approx(2.0 * (3.0 - 1.0))


def test_real_targets_need_a_regression_loss_or_problem():
    with pytest.raises(ValueError, match=r"-1 or \+1"):
        losses.mse([Value(0.1)], [0.3])
    assert losses.mse([Value(0.1)], [0.3], problem="regression").data == pytest.approx(0.04)
    with pytest.raises(ValueError, match="finite real targets"):
        losses.huber([Value(0.1)], [math.nan])
    with pytest.raises(ValueError, match="delta"):
        losses.huber([Value(0.1)], [0.0], delta=0)
    with pytest.raises(ValueError, match="'huber' is a regression loss; for classification"):
        encode_targets([0, 1], "huber")
    with pytest.raises(ValueError, match="'hinge' is a classification loss; for regression choose from mse, huber"):
        encode_targets([0.3, 1.2], "hinge", problem="regression")
    assert encode_targets([0.3, -1.25], "huber", problem="regression").tolist() == [0.3, -1.25]


@pytest.mark.parametrize("loss", ["mse", "huber"])
def test_scalar_and_batched_regression_losses_agree(loss):
    model, X, t = real_case()
    ref_loss, ref_grads = scalar_total(model, X, t, loss)
    got = batched.loss_and_grad(model, X, t, loss, problem="regression")
    assert got == pytest.approx(ref_loss, rel=1e-13)
    np.testing.assert_allclose([p.grad for p in model.parameters()], ref_grads, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("loss", ["mse", "huber"])
@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_regression_gradients_match_finite_differences(loss, activation):
    model, X, t = real_case(seed=3)
    model = MLP(2, [6, 5, 1], activation=activation, rng=random.Random(3))
    result = gradcheck.check_gradients(model, X, t, loss, l2=1e-3, problem="regression")
    assert result.passed, result.summary()


def test_r_squared():
    t = np.array([1.0, 2.0, 3.0, 4.0])
    assert r_squared(t, t) == 1.0
    assert r_squared(np.full(4, 2.5), t) == 0.0  # the mean explains nothing
    assert r_squared(t[::-1], t) == pytest.approx(1 - 20 / 5)  # worse than the mean: negative
    assert math.isnan(r_squared([1.0, 2.0], [3.0, 3.0]))  # constant targets: undefined
    with pytest.raises(ValueError, match="as many predictions as targets"):
        r_squared([1.0], [1.0, 2.0])
    assert accuracy([[0.3], [-2.0]], [1.0, 1.0]) == 0.5 and accuracy([[0, 2], [3, 1]], [1, 1]) == 0.5
    assert METRICS == {"classification": "accuracy", "regression": "r_squared"}


@pytest.mark.parametrize("loss", ["mse", "huber"])
def test_a_1_16_1_tanh_net_fits_a_sine_on_both_engines_alike(loss):
    x, y = CURVES["sine"](60, 0.0, 4)
    X = features.expand(x[:, None], features.DEFAULT_1D)
    a, b = (Trainer(MLP(1, [16, 1], activation="tanh", rng=random.Random(0)), X, encode_targets(y, loss, "regression"),
                    loss=loss, optimizer="adam", lr=0.03, engine=engine, problem="regression")
            for engine in ("batched", "scalar"))
    for _ in range(5):
        sa, sb = a.step(), b.step()
        assert sa.accuracy is None and sa.r_squared == pytest.approx(sb.r_squared, rel=1e-10)
        assert sa.loss == pytest.approx(sb.loss, rel=1e-12)
        np.testing.assert_allclose(a.snapshot_weights(), b.snapshot_weights(), rtol=0, atol=1e-12)
    for _ in range(1500):
        stats = a.step()
    loss_value, r2 = a.evaluate(X, y)
    assert r2 > 0.97 and stats.r_squared == pytest.approx(r_squared(batched.forward(a.model, X), y), abs=0.02)
    assert loss_value < 0.05


def test_a_regression_trainer_refuses_classification_settings():
    x, y = CURVES["abs"](20, 0.1, 0)
    X = x[:, None]
    with pytest.raises(ValueError, match="regression loss|classification loss"):
        Trainer(MLP(1, [4, 1]), X, y, loss="hinge", problem="regression")
    with pytest.raises(ValueError, match="1 output"):
        Trainer(MLP(1, [4, 2]), X, y, loss="mse", problem="regression")
    with pytest.raises(ValueError, match="unknown problem"):
        Trainer(MLP(1, [4, 1]), X, y, loss="mse", problem="ranking")
    assert Trainer(MLP(2, [4, 1]), np.zeros((2, 2)), [1.0, -1.0], loss="mse").step().r_squared is None


@pytest.mark.parametrize("name", list(CURVES))
def test_curves_are_seeded_in_the_view_and_follow_their_function(name):
    x, y = CURVES[name](200, 0.0, 7)
    x2, y2 = CURVES[name](200, 0.0, 7)
    assert np.array_equal(x, x2) and np.array_equal(y, y2) and x.shape == y.shape == (200,)
    assert VIEW[0] <= x.min() and x.max() <= VIEW[1] and np.abs(y).max() <= 2.0
    f = FUNCTIONS["line" if name == "noisy_line" else name]
    if name == "noisy_line":
        assert 0.1 < np.std(y - f(x)) < 0.3
    else:
        assert np.array_equal(y, f(x))
        noisy = CURVES[name](2000, 0.4, 1)
        assert np.std(noisy[1] - f(noisy[0])) == pytest.approx(0.2, rel=0.1)


def test_surfaces_follow_tensorflow_playgrounds_recipes():
    pts, v = plane(300, 0.0, 2)
    assert pts.shape == (300, 2) and np.abs(pts).max() <= 2.0
    np.testing.assert_allclose(v, (pts[:, 0] + pts[:, 1]) * 3 / 10)  # (x + y)/10 in TF units
    pts, v = multi_gaussian(2000, 0.0, 3)
    assert np.abs(v).max() <= 1.0 and v.max() > 0.9 and v.min() < -0.9
    centre = np.argmin(np.hypot(pts[:, 0] - 4 / 3, pts[:, 1] - 2.5 / 3))  # TF's (4, 2.5): a + bump
    assert v[centre] > 0.8
    assert set(SURFACES) == {"plane", "multi_gaussian"}
    noisy = plane(300, 0.5, 2)[1]
    assert not np.allclose(noisy, v[:300]) and np.abs(noisy).max() <= 1.2 * 1.5 + 1e-9


@pytest.mark.parametrize("name", list(FUNCTION_PRESETS))
def test_function_datasets_label_by_the_side_of_the_curve(name):
    pts, labels = FUNCTION_PRESETS[name](400, 0.0, 5)
    assert pts.shape == (400, 2) and labels.dtype == np.int64 and set(labels.tolist()) == {0, 1}
    assert np.abs(pts).max() <= 2.0
    assert np.array_equal(labels, (pts[:, 1] > FUNCTIONS[name](pts[:, 0])).astype(int))
    assert 0.3 < labels.mean() < 0.7  # both sides of the box are used
    noisy = FUNCTION_PRESETS[name](400, 0.3, 5)
    assert np.array_equal(noisy[0], pts) and not np.array_equal(noisy[1], labels)
    with pytest.raises(ValueError, match="unknown function"):
        side_of("tan", 10, 0.0, 0)


def test_one_dimensional_features():
    x = np.array([[0.5], [-1.0]])
    np.testing.assert_allclose(features.expand(x, ("x1", "x1^2", "sin(x1)")),
                               [[0.5, 0.25, math.sin(0.5)], [-1.0, 1.0, math.sin(-1.0)]])
    assert features.DEFAULT_1D == ("x1",) and set(features.FEATURES_1D) <= set(features.FEATURES)
    with pytest.raises(ValueError, match="1D points have only x1"):
        features.expand(x, ("x1", "x2"))
