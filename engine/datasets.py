"""Toy 2-D classification datasets: ``(n, noise, rng) -> (points, labels)``.

* ``points`` is an ``(n, 2)`` float64 array, ``labels`` an ``(n,)`` int64 array of class ids ``0..k-1``.
* ``rng`` is an int seed, a ``numpy.random.Generator``, a ``numpy.random.RandomState`` or ``None`` (fresh
  entropy). An int seed becomes ``np.random.RandomState(seed)``, exactly as scikit-learn's
  ``check_random_state`` does, so ``moons(100, 0.1, 1337)`` equals ``make_moons(100, noise=0.1,
  random_state=1337)``. Nothing here touches numpy's or Python's global random state.

Coordinates: the generators return points in the common view ``VIEW = [-2, 2]^2`` so the app can draw every
preset in one fixed view:

* ``moons`` returns scikit-learn's points unchanged (micrograd's demo relies on them): x in about [-1, 2],
  y in about [-0.5, 1] (plus noise). ``moons_centered`` (the ``"moons"`` preset) shifts them by
  ``MOONS_SHIFT = (-0.5, -0.25)``, to about [-1.5, 1.5] x [-0.75, 0.75].
* ``circle``, ``xor``, ``gauss`` and ``spiral`` follow TensorFlow Playground's recipes in its own units
  (data in about [-6, 6]^2) and are then multiplied by ``TF_SCALE = 1/3``, to about [-2, 2]^2. TF's labels
  are +-1; we return class 1 for TF's +1 and class 0 for TF's -1. Their points are shuffled.
* ``blobs`` puts k Gaussian clusters on a circle of radius 1.2 around the origin.

``noise`` is a fraction in [0, 1] (TF's slider / 100; TF's own slider stops at 0.5) everywhere except in
``moons``, where it is scikit-learn's Gaussian standard deviation (any finite value >= 0).

Public: the generators ``moons``, ``moons_centered``, ``circle``, ``xor``, ``gauss``, ``spiral``, ``blobs``;
``PRESETS`` (name -> generator: what the app offers); ``as_rng``; ``VIEW``, ``NATURAL_RANGE``, ``TF_SCALE``,
``MOONS_SHIFT``.
"""
from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = ["moons", "moons_centered", "circle", "xor", "gauss", "spiral", "blobs", "PRESETS", "as_rng", "VIEW",
           "NATURAL_RANGE", "TF_SCALE", "MOONS_SHIFT"]

VIEW = (-2.0, 2.0, -2.0, 2.0)  # the data box (xmin, xmax, ymin, ymax): every preset; the app frames it
TF_SCALE = 1.0 / 3.0
MOONS_SHIFT = (-0.5, -0.25)

# Where each generator's points naturally lie (xmin, xmax, ymin, ymax), noise aside.
NATURAL_RANGE = {
    "moons": (-1.0, 2.0, -0.5, 1.0),
    "moons_centered": (-1.5, 1.5, -0.75, 0.75),
    "circle": (-5 / 3, 5 / 3, -5 / 3, 5 / 3),
    "xor": (-5.3 / 3, 5.3 / 3, -5.3 / 3, 5.3 / 3),
    "gauss": (-2.0, 2.0, -2.0, 2.0),  # centres at +-2/3; spread grows with noise
    "spiral": (-5 / 3, 5 / 3, -5 / 3, 5 / 3),  # plus up to +-noise/3
    "blobs": (-1.6, 1.6, -1.6, 1.6),
}


def as_rng(rng):
    """An int seed, Generator, RandomState or None -> something with .uniform/.normal/.permutation."""
    if rng is None:
        return np.random.default_rng()
    if isinstance(rng, (np.random.Generator, np.random.RandomState)):
        return rng
    if isinstance(rng, numbers.Integral) and not isinstance(rng, bool):
        return np.random.RandomState(int(rng))  # sklearn's check_random_state(int)
    raise TypeError(f"rng must be an int seed, a numpy Generator or RandomState, or None; got {rng!r}")


def _check_n(n, minimum=1, what="n"):
    if not isinstance(n, numbers.Integral) or isinstance(n, bool):
        raise TypeError(f"{what} must be an int, got {n!r}")
    if n < minimum:
        raise ValueError(f"{what} must be at least {minimum}, got {n}")
    return int(n)


def _check_noise(noise, upper=1.0):
    try:
        value = float(noise)
    except (TypeError, ValueError):
        raise TypeError(f"noise must be a number, got {noise!r}") from None
    if not math.isfinite(value) or value < 0 or (upper is not None and value > upper):
        limit = f"between 0 and {upper:g}" if upper is not None else "a finite number >= 0"
        raise ValueError(f"noise must be {limit}, got {noise!r}")
    return value


def _finish(xy, is_positive, rng, scale=TF_SCALE):
    """Scale TF-unit points, map TF's +1 to class 1, and shuffle points and labels together."""
    order = rng.permutation(len(xy))
    points = np.ascontiguousarray(xy[order] * scale, dtype=np.float64)
    return points, is_positive[order].astype(np.int64)


def moons(n, noise, rng):
    """scikit-learn's ``make_moons(n, noise=noise, random_state=rng)``, reproduced in numpy.

    Same draws in the same order (a shuffle of the indices, then ``rng.normal``), so with the same
    RandomState the points are identical to the last bit. Class 0 is the upper moon, class 1 the lower.
    """
    n = _check_n(n)
    noise = _check_noise(noise, upper=None)
    gen = as_rng(rng)
    n_out = n // 2
    n_in = n - n_out
    outer = np.linspace(0, np.pi, n_out)
    inner = np.linspace(0, np.pi, n_in)
    X = np.vstack([np.append(np.cos(outer), 1 - np.cos(inner)),
                   np.append(np.sin(outer), 1 - np.sin(inner) - 0.5)]).T
    y = np.hstack([np.zeros(n_out, dtype=np.int64), np.ones(n_in, dtype=np.int64)])
    order = np.arange(n)
    gen.shuffle(order)  # sklearn.utils.shuffle -> resample(replace=False)
    X, y = X[order], y[order]
    X += gen.normal(scale=noise, size=X.shape)
    return X, y


def moons_centered(n, noise, rng):
    """``moons`` shifted by ``MOONS_SHIFT`` so it sits around the origin of the common view."""
    X, y = moons(n, noise, rng)
    X += MOONS_SHIFT
    return X, y


def circle(n, noise, rng):
    """TF's circle: class 1 inside radius 2.5 (TF units), class 0 in the ring 3.5..5; noise flips labels."""
    n = _check_n(n)
    noise = _check_noise(noise)
    gen = as_rng(rng)
    radius = 5.0
    n_pos = n - n // 2
    r = np.concatenate([gen.uniform(0, radius * 0.5, n_pos), gen.uniform(radius * 0.7, radius, n // 2)])
    angle = gen.uniform(0, 2 * np.pi, n)
    xy = np.column_stack([r * np.sin(angle), r * np.cos(angle)])
    # The label is taken at a jittered copy of the point: noise mislabels points near the border.
    jitter = gen.uniform(-radius, radius, (n, 2)) * noise
    is_positive = np.hypot(*(xy + jitter).T) < radius * 0.5
    return _finish(xy, is_positive, gen)


def xor(n, noise, rng):
    """TF's xor: uniform in [-5, 5]^2 pushed 0.3 off the axes; class 1 where x*y >= 0 (jittered by noise)."""
    n = _check_n(n)
    noise = _check_noise(noise)
    gen = as_rng(rng)
    xy = gen.uniform(-5, 5, (n, 2))
    xy += np.where(xy > 0, 0.3, -0.3)
    jitter = gen.uniform(-5, 5, (n, 2)) * noise
    moved = xy + jitter
    return _finish(xy, moved[:, 0] * moved[:, 1] >= 0, gen)


def gauss(n, noise, rng):
    """TF's gauss: half around (2, 2) -> class 1, half around (-2, -2) -> class 0.

    TF maps noise in [0, 0.5] linearly to a variance in [0.5, 4]; we extend the same line up to noise 1.
    """
    n = _check_n(n)
    noise = _check_noise(noise)
    gen = as_rng(rng)
    std = math.sqrt(0.5 + noise * (4.0 - 0.5) / 0.5)
    n_pos = n - n // 2
    centres = np.where(np.arange(n)[:, None] < n_pos, 2.0, -2.0)
    xy = gen.normal(centres, std, (n, 2))
    return _finish(xy, np.arange(n) < n_pos, gen)


def spiral(n, noise, rng):
    """TF's two-armed spiral: r = 5 i/m, t = 1.75 (i/m) 2 pi + delta; class 1 for delta = 0, 0 for pi."""
    n = _check_n(n)
    noise = _check_noise(noise)
    gen = as_rng(rng)
    arms = []
    for count, delta in ((n - n // 2, 0.0), (n // 2, np.pi)):
        i = np.arange(count)
        frac = i / max(count, 1)
        r = 5.0 * frac
        t = 1.75 * frac * 2 * np.pi + delta
        wobble = gen.uniform(-1, 1, (count, 2)) * noise
        arms.append(np.column_stack([r * np.sin(t), r * np.cos(t)]) + wobble)
    is_positive = np.arange(n) < n - n // 2
    return _finish(np.concatenate(arms), is_positive, gen)


def blobs(n, noise, rng, k=3):
    """k Gaussian clusters (classes 0..k-1) centred on a circle of radius 1.2; std = 0.1 + 0.5*noise.

    Class sizes differ by at most one (the first classes get the remainder); points are shuffled.
    """
    if not isinstance(k, numbers.Integral) or isinstance(k, bool) or not 2 <= k <= 6:
        raise ValueError(f"k (the number of classes) must be an int from 2 to 6, got {k!r}")
    n = _check_n(n, minimum=k, what=f"n (at least one point per class, k={k})")
    noise = _check_noise(noise)
    gen = as_rng(rng)
    labels = np.arange(n) % k
    angle = 2 * np.pi * labels / k + np.pi / 2  # class 0 at the top
    centres = 1.2 * np.column_stack([np.cos(angle), np.sin(angle)])
    xy = centres + gen.normal(0.0, 0.1 + 0.5 * noise, (n, 2))
    order = gen.permutation(n)
    return np.ascontiguousarray(xy[order]), labels[order].astype(np.int64)


# What the app offers, all drawn in VIEW. "moons" is the centred variant (see the module docstring).
PRESETS = {
    "moons": moons_centered,
    "circle": circle,
    "xor": xor,
    "gauss": gauss,
    "spiral": spiral,
    "blobs": blobs,
}
