import random

import numpy as np
import pytest

from engine import datasets as D

TF_SETS = ("circle", "xor", "gauss", "spiral")


def gen(name):
    return getattr(D, name)


@pytest.mark.parametrize("name", ["moons", "moons_centered", *TF_SETS, "blobs"])
@pytest.mark.parametrize("n", [1, 2, 7, 100])
def test_shapes_dtypes_and_labels(name, n):
    if name == "blobs" and n < 3:
        n = 3
    X, y = gen(name)(n, 0.2, 0)
    assert X.shape == (n, 2) and X.dtype == np.float64 and X.flags.c_contiguous
    assert y.shape == (n,) and y.dtype == np.int64
    k = 3 if name == "blobs" else 2
    assert set(y.tolist()) <= set(range(k))
    assert np.isfinite(X).all()


@pytest.mark.parametrize("name", D.PRESETS)
def test_deterministic_per_seed_and_no_global_state(name):
    np_state, py_state = np.random.get_state(), random.getstate()
    f = D.PRESETS[name]
    a = f(50, 0.3, 7)
    b = f(50, 0.3, 7)
    c = f(50, 0.3, np.random.RandomState(7))  # an int seed means RandomState(seed), as in sklearn
    other = f(50, 0.3, 8)
    g1 = f(50, 0.3, np.random.default_rng(3))
    g2 = f(50, 0.3, np.random.default_rng(3))
    for x, y in ((a, b), (a, c), (g1, g2)):
        assert np.array_equal(x[0], y[0]) and np.array_equal(x[1], y[1])
    assert not np.array_equal(a[0], other[0])
    assert np.random.get_state()[1].tolist() == np_state[1].tolist()
    assert random.getstate() == py_state


def test_moons_matches_scikit_learn_exactly():
    # Reference values printed by scikit-learn 1.9.1:
    # make_moons(n_samples=100, noise=0.1, random_state=np.random.RandomState(1337))  (micrograd's demo)
    X, y = D.moons(100, 0.1, np.random.RandomState(1337))
    assert X[0].tolist() == [1.1221146075409685, 0.08147717341718697]
    assert X[1].tolist() == [-0.8188294130836691, 0.058790063907949996]
    assert X[2].tolist() == [1.613709660987544, -0.12464590012238597]
    assert X[-1].tolist() == [0.12108297264758441, 1.0655522522437006]
    assert y[:10].tolist() == [0, 0, 1, 0, 1, 1, 1, 1, 1, 0]
    assert X.sum(axis=0).tolist() == pytest.approx([52.103976393758344, 26.506258031258774], abs=1e-12)
    # make_moons(n_samples=7, noise=0.3, random_state=5): odd n, int seed
    X, y = D.moons(7, 0.3, 5)
    assert X[0].tolist() == [2.410275657250182, 0.672412306288705]
    assert X[4].tolist() == [1.2735620926180162, -0.43315246604704166]
    assert y.tolist() == [1, 0, 1, 0, 0, 1, 1]


def test_moons_recipe_without_noise():
    X, y = D.moons(42, 0.0, 0)
    upper, lower = X[y == 0], X[y == 1]
    assert len(upper) == 21 and len(lower) == 21
    assert np.allclose(np.hypot(*upper.T), 1.0)  # the upper moon: the unit half circle
    assert np.allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0)
    assert (upper[:, 1] >= -1e-12).all() and (lower[:, 1] <= 0.5 + 1e-12).all()
    Xc, yc = D.moons_centered(42, 0.0, 0)
    assert np.array_equal(yc, y) and np.allclose(Xc, X + D.MOONS_SHIFT)
    assert np.allclose(Xc.min(0) + Xc.max(0), 0.0)  # centred on the origin


def test_circle_recipe():
    X, y = D.circle(400, 0.0, 1)
    r = np.hypot(*X.T) / D.TF_SCALE  # back to TF units
    assert np.array_equal(y == 1, r < 2.5)
    assert ((r < 2.5) | ((r >= 3.5) & (r <= 5))).all()
    assert y.sum() == 200
    _, y_noisy = D.circle(400, 0.5, 1)
    assert 0 < (y_noisy != (np.hypot(*D.circle(400, 0.5, 1)[0].T) / D.TF_SCALE < 2.5)).sum()


def test_xor_recipe():
    X, y = D.xor(300, 0.0, 2)
    tf = X / D.TF_SCALE
    assert np.array_equal(y == 1, tf[:, 0] * tf[:, 1] >= 0)
    assert (np.abs(tf) >= 0.3 - 1e-9).all() and (np.abs(tf) <= 5.3 + 1e-9).all()


def test_gauss_recipe():
    X, y = D.gauss(2000, 0.0, 3)
    tf = X / D.TF_SCALE
    assert np.allclose(tf[y == 1].mean(0), [2, 2], atol=0.1)
    assert np.allclose(tf[y == 0].mean(0), [-2, -2], atol=0.1)
    assert tf[y == 1].std() == pytest.approx(np.sqrt(0.5), rel=0.1)  # TF: variance 0.5 at noise 0
    assert D.gauss(2000, 0.5, 3)[0][y == 1].std() / D.TF_SCALE == pytest.approx(2.0, rel=0.1)


def test_spiral_recipe():
    X, y = D.spiral(200, 0.0, 4)
    r = np.sort(np.hypot(*X[y == 1].T)) / D.TF_SCALE
    assert np.allclose(r, 5 * np.arange(100) / 100)
    assert y.sum() == 100


def test_blobs():
    for k in range(2, 7):
        X, y = D.blobs(61, 0.1, 5, k=k)
        counts = np.bincount(y, minlength=k)
        assert len(counts) == k and counts.max() - counts.min() <= 1
        centres = np.array([X[y == c].mean(0) for c in range(k)])
        assert np.allclose(np.hypot(*centres.T), 1.2, atol=0.15)


@pytest.mark.parametrize("name", D.PRESETS)
def test_presets_share_one_view(name):
    X, _ = D.PRESETS[name](1000, 0.2, 0)
    xmin, xmax, ymin, ymax = D.VIEW
    inside = (X[:, 0] >= xmin) & (X[:, 0] <= xmax) & (X[:, 1] >= ymin) & (X[:, 1] <= ymax)
    assert inside.mean() > 0.97
    assert np.abs(X).max() > 1.0  # and they use it: no preset is a dot in the middle


@pytest.mark.parametrize("call, message", [
    (lambda: D.moons(0, 0.1, 0), "at least 1"),
    (lambda: D.circle(10, -0.1, 0), "noise"),
    (lambda: D.xor(10, 1.5, 0), "between 0 and 1"),
    (lambda: D.gauss(10, float("nan"), 0), "noise"),
    (lambda: D.moons(10, float("inf"), 0), "noise"),
    (lambda: D.blobs(10, 0.1, 0, k=1), "2 to 6"),
    (lambda: D.blobs(10, 0.1, 0, k=7), "2 to 6"),
    (lambda: D.blobs(4, 0.1, 0, k=5), "at least 5"),
])
def test_bad_arguments(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_bad_types():
    with pytest.raises(TypeError, match="rng"):
        D.spiral(10, 0.1, "seed")
    with pytest.raises(TypeError, match="int"):
        D.moons(10.0, 0.1, 0)
    with pytest.raises(TypeError, match="int"):
        D.moons(True, 0.1, 0)
