"""Regression datasets: real-valued targets to fit, ``(n, noise, rng) -> (inputs, values)``.

Curve fitting, 1D -> 1D (``CURVES``): ``(x, y)``, two (n,) float64 arrays, x uniform in VIEW's [-2, 2] and
y = f(x) + N(0, (0.5·noise)^2) with f one of ``engine.function_datasets.FUNCTIONS`` (sine, step, abs, cubic;
``noisy_line`` is 0.75 x with a standard deviation of 0.2 + 0.5·noise). The network sees x through the
one-input features (``engine.features.DEFAULT_1D``, i.e. ``x1``): the universal-approximation picture.

Surfaces, 2D -> 1D (``SURFACES``): ``(points, values)``, points (n, 2) in VIEW, values (n,) in [-1, 1]:
TensorFlow Playground's two regression datasets in its own units (points U(-6, 6)^2; the value is taken at
the point jittered by U(-6, 6)·noise per axis), scaled by ``TF_SCALE`` = 1/3 to VIEW:
* ``plane``: value = (x + y) / 10 (TF units);
* ``multi_gaussian``: six bumps of sign +-1 at (-4, 2.5) +, (0, 2.5) -, (4, 2.5) +, (-4, -2.5) -,
  (0, -2.5) +, (4, -2.5) -; each is sign·max(0, 1 - d/2) at distance d, and the value is the bump largest
  in absolute value.

``noise`` is a fraction in [0, 1]; ``rng`` an int seed, Generator, RandomState or None (``datasets.as_rng``).

Public: ``CURVES``, ``SURFACES`` (name -> generator), ``curve``, ``plane``, ``multi_gaussian``.
"""
from __future__ import annotations

import numpy as np

from engine.datasets import TF_SCALE, VIEW, _check_n, _check_noise, as_rng
from engine.function_datasets import FUNCTIONS

__all__ = ["CURVES", "SURFACES", "curve", "plane", "multi_gaussian"]

TF_RADIUS = 6.0
BUMPS = ((-4.0, 2.5, 1.0), (0.0, 2.5, -1.0), (4.0, 2.5, 1.0), (-4.0, -2.5, -1.0), (0.0, -2.5, 1.0),
         (4.0, -2.5, -1.0))


def curve(name, n, noise, rng):
    """(x, y): n points of y = f(x) plus Gaussian noise, f = ``FUNCTIONS[name]`` (see the docstring)."""
    if name not in FUNCTIONS:
        raise ValueError(f"unknown curve {name!r}; choose from {', '.join(FUNCTIONS)}")
    n = _check_n(n)
    noise = _check_noise(noise)
    gen = as_rng(rng)
    x = gen.uniform(VIEW[0], VIEW[1], n)
    std = 0.5 * noise + (0.2 if name == "line" else 0.0)
    y = FUNCTIONS[name](x) + gen.normal(0.0, 1.0, n) * std
    return x, np.asarray(y, dtype=np.float64)


def _tf_points(n, noise, rng):
    """TF's regression sampling: points U(-6, 6)^2 and a jittered copy at which the value is taken."""
    n = _check_n(n)
    noise = _check_noise(noise)
    gen = as_rng(rng)
    xy = gen.uniform(-TF_RADIUS, TF_RADIUS, (n, 2))
    moved = xy + gen.uniform(-TF_RADIUS, TF_RADIUS, (n, 2)) * noise
    return xy, moved


def plane(n, noise, rng):
    """TF's regress-plane: value (x + y) / 10 in TF units, in [-1.2, 1.2] before noise (clean: within +-1.2)."""
    xy, moved = _tf_points(n, noise, rng)
    values = (moved[:, 0] + moved[:, 1]) / 10.0
    return np.ascontiguousarray(xy * TF_SCALE), values


def multi_gaussian(n, noise, rng):
    """TF's regress-gaussian: six +-1 bumps, the largest in absolute value wins; values in [-1, 1]."""
    xy, moved = _tf_points(n, noise, rng)
    values = np.zeros(len(xy))
    for cx, cy, sign in BUMPS:
        bump = sign * np.clip(1.0 - np.hypot(moved[:, 0] - cx, moved[:, 1] - cy) / 2.0, 0.0, 1.0)
        values = np.where(np.abs(bump) > np.abs(values), bump, values)
    return np.ascontiguousarray(xy * TF_SCALE), values


def _curve_preset(name):
    def make(n, noise, rng):
        return curve(name, n, noise, rng)
    make.__name__ = name
    return make


# What the app offers for each kind of regression, in its order.
CURVES = {"sine": _curve_preset("sine"), "step": _curve_preset("step"), "abs": _curve_preset("abs"),
          "cubic": _curve_preset("cubic"), "noisy_line": _curve_preset("line")}
SURFACES = {"plane": plane, "multi_gaussian": multi_gaussian}
