"""Which points are held out for testing, decided by the point itself.

A point's side of the split comes from a hash of its coordinates, not from its position in the list, so
adding, erasing or undoing other points never moves a point between train and test, and raising the
test fraction only ever moves points from train to test.

Public: ``held_out_mask(points, test_fraction)``; ``split_scores(points)``, the per-point number behind it.
"""
from __future__ import annotations

import numpy as np

__all__ = ["held_out_mask", "split_scores"]


def split_scores(points) -> np.ndarray:
    """A number in [0, 1) per point, fixed by its coordinates (the classic GLSL hash of sin)."""
    p = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    h = np.sin(p[:, 0] * 12.9898 + p[:, 1] * 78.233) * 43758.5453
    return h - np.floor(h)


def held_out_mask(points, test_fraction: float) -> np.ndarray:
    """True for the points in the test split (about `test_fraction` of them)."""
    if not 0.0 <= test_fraction < 1.0:
        raise ValueError(f"test fraction must be in [0, 1), got {test_fraction!r}")
    return split_scores(points) < test_fraction
