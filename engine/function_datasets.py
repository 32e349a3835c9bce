"""Classification by a curve: points labelled by which side of y = f(x) they fall on (TF Playground #252).

A straight line cannot separate them; a network has to bend its boundary into the curve, and the picture
shows how (ReLU nets in kinks, tanh nets smoothly). ``(n, noise, rng) -> (points, labels)`` as every
generator of ``engine.datasets``: points uniform over ``VIEW`` = [-2, 2]^2, class 1 above the curve, class 0
below. ``noise`` in [0, 1] jitters the point at which the label is decided by U(-2, 2)·noise in x and in y
(as TensorFlow Playground's datasets do), so noise mislabels points near the curve.

The curves (``FUNCTIONS``, in view units; each shaped to show inside the box and to split it about evenly):
* ``sine``:  y = 1.5 sin(pi x / 2), one whole period across the box;
* ``cubic``: y = 0.75 (x^3 - 3x): the cubic x^3 - x with x measured in units of sqrt(3), so both bends
  (at x = -1 and x = 1) fall inside the box, spanning y in [-1.5, 1.5];
* ``abs``:   y = |x| - 1 (lowered by 1, so both classes cover half the box);
* ``step``:  y = -1 for x < 0, +1 for x >= 0;
* ``line``:  y = 0.75 x (used by the regression presets' noisy line, not a classification preset).

Public: ``FUNCTIONS``, ``FUNCTION_PRESETS`` (name -> generator), ``side_of``.
"""
from __future__ import annotations

import numpy as np

from engine.datasets import VIEW, _check_n, _check_noise, as_rng

__all__ = ["FUNCTIONS", "FUNCTION_PRESETS", "side_of"]

FUNCTIONS = {
    "sine": lambda x: 1.5 * np.sin(np.pi * x / 2),
    "cubic": lambda x: 0.75 * (x ** 3 - 3 * x),
    "abs": lambda x: np.abs(x) - 1.0,
    "step": lambda x: np.where(x < 0, -1.0, 1.0),
    "line": lambda x: 0.75 * x,
}


def side_of(name, n, noise, rng):
    """n points uniform over VIEW, class 1 where y > f(x) (f = ``FUNCTIONS[name]``), judged at a point
    jittered by U(-2, 2)·noise on each axis."""
    if name not in FUNCTIONS:
        raise ValueError(f"unknown function {name!r}; choose from {', '.join(FUNCTIONS)}")
    n = _check_n(n)
    noise = _check_noise(noise)
    gen = as_rng(rng)
    xmin, xmax, ymin, ymax = VIEW
    points = np.column_stack([gen.uniform(xmin, xmax, n), gen.uniform(ymin, ymax, n)])
    half = (xmax - xmin) / 2
    moved = points + gen.uniform(-half, half, (n, 2)) * noise
    labels = (moved[:, 1] > FUNCTIONS[name](moved[:, 0])).astype(np.int64)
    return np.ascontiguousarray(points), labels


def _preset(name):
    def make(n, noise, rng):
        return side_of(name, n, noise, rng)
    make.__name__ = f"above_{name}"
    make.__doc__ = f"Points of VIEW, class 1 above y = {name}(x) (see the module docstring)."
    return make


# What the app can offer beside engine.datasets.PRESETS (classification).
FUNCTION_PRESETS = {name: _preset(name) for name in ("sine", "cubic", "abs", "step")}
