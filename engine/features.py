"""Input features computed from a 2-D point, as in TensorFlow Playground's input column.

A network only sees numbers; a point (x1, x2) can be shown to it as more than its two coordinates, e.g.
``x1^2`` and ``x2^2`` make a circle a straight line for the first layer. ``expand(points, names)`` turns
``(N, 2)`` points into the ``(N, len(names))`` matrix the network sees (one column per feature, in order).

1D problems (curve fitting: x -> y) have one coordinate: their points are ``(N, 1)`` and their features
are those of x1 alone, ``FEATURES_1D``; ``DEFAULT_1D`` = (``x1``,) feeds the network x itself.

Public: ``FEATURES`` (every name), ``DEFAULT`` (``x1``, ``x2``), ``FEATURES_1D``, ``DEFAULT_1D``, ``LABELS``
(how the app prints them), ``check_names``, ``expand``.
"""
from __future__ import annotations

import numpy as np

FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")

# What the app shows next to each input.
LABELS = {
    "x1": "x₁",
    "x2": "x₂",
    "x1^2": "x₁²",
    "x2^2": "x₂²",
    "x1*x2": "x₁x₂",
    "sin(x1)": "sin(x₁)",
    "sin(x2)": "sin(x₂)",
}

DEFAULT = ("x1", "x2")
FEATURES_1D = ("x1", "x1^2", "sin(x1)")
DEFAULT_1D = ("x1",)

__all__ = ["FEATURES", "LABELS", "DEFAULT", "FEATURES_1D", "DEFAULT_1D", "check_names", "expand"]


def _fill(name, x1, x2, out):
    """Write one feature column into ``out`` without temporaries (the app evaluates big grids)."""
    if name == "x1":
        out[...] = x1
    elif name == "x2":
        out[...] = x2
    elif name == "x1^2":
        np.multiply(x1, x1, out=out)
    elif name == "x2^2":
        np.multiply(x2, x2, out=out)
    elif name == "x1*x2":
        np.multiply(x1, x2, out=out)
    elif name == "sin(x1)":
        np.sin(x1, out=out)
    else:  # "sin(x2)"
        np.sin(x2, out=out)


def check_names(names):
    """Validate a feature list and return it as a tuple (non-empty, known names, no repeats)."""
    if isinstance(names, str):
        raise ValueError(f"names must be a list of feature names, not the string {names!r}")
    names = tuple(names)
    if not names:
        raise ValueError(f"at least one feature is needed; choose from {', '.join(FEATURES)}")
    for name in names:
        if name not in FEATURES:
            raise ValueError(f"unknown feature {name!r}; choose from {', '.join(FEATURES)}")
    if len(set(names)) != len(names):
        raise ValueError(f"a feature is listed twice in {list(names)}")
    return names


def expand(points, names=DEFAULT, out=None):
    """``(N, 2)`` points (or ``(N, 1)`` for a 1D problem, with names from ``FEATURES_1D``) ->
    ``(N, len(names))`` float64 features, in the order of ``names``.

    ``out``, if given, must be a float64 array of shape ``(N, len(names))``; it is filled and returned, so a
    caller evaluating the same grid repeatedly allocates nothing.
    """
    names = check_names(names)
    pts = np.asarray(points, dtype=np.float64)
    if pts.ndim != 2 or pts.shape[1] not in (1, 2):
        raise ValueError(f"points must have shape (N, 2), or (N, 1) for a 1D problem, got {pts.shape}")
    if pts.shape[1] == 1 and not set(names) <= set(FEATURES_1D):
        raise ValueError(f"1D points have only x1: choose features from {', '.join(FEATURES_1D)}")
    shape = (pts.shape[0], len(names))
    if out is None:
        out = np.empty(shape)
    elif out.shape != shape or out.dtype != np.float64:
        raise ValueError(f"out must be a float64 array of shape {shape}, got {out.dtype} {out.shape}")
    x1, x2 = pts[:, 0], pts[:, -1]  # 1D points: x2 is never read (checked above)
    for j, name in enumerate(names):
        _fill(name, x1, x2, out[:, j])
    return out
