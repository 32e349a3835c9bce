"""How good a fit is, beyond its loss: ``accuracy`` for classification, ``r_squared`` for regression.

R² (the coefficient of determination) is 1 - SS_res / SS_tot: the share of the targets' variance the
predictions explain. 1 is a perfect fit, 0 is no better than always predicting the targets' mean, and it is
negative for worse fits (it has no lower bound). With constant targets SS_tot is 0 and R² is undefined:
``r_squared`` returns NaN then (a batch of one point, or every point at the same value).

Public: ``METRICS`` (problem -> the metric's name), ``accuracy``, ``r_squared``.
"""
from __future__ import annotations

import numpy as np

__all__ = ["METRICS", "accuracy", "r_squared"]

METRICS = {"classification": "accuracy", "regression": "r_squared"}


def r_squared(predictions, targets) -> float:
    """1 - sum((t - p)^2) / sum((t - mean(t))^2) over matching 1-D (or (N, 1)) arrays; NaN if t is constant."""
    p = np.asarray(predictions, dtype=np.float64).ravel()
    t = np.asarray(targets, dtype=np.float64).ravel()
    if p.shape != t.shape or p.size == 0:
        raise ValueError(f"r_squared needs as many predictions as targets (at least one), got {p.size} and {t.size}")
    residual = t - p
    spread = t - t.mean()
    total = float(np.dot(spread, spread))
    if total == 0.0:
        return float("nan")
    return 1.0 - float(np.dot(residual, residual)) / total


def accuracy(scores, targets) -> float:
    """Share of points classified right: sign of a single score against +-1 targets, argmax of K scores
    against class ids."""
    s = np.asarray(scores, dtype=np.float64)
    t = np.asarray(targets)
    if s.ndim == 2 and s.shape[1] > 1:
        return float(np.mean(s.argmax(axis=1) == t.ravel()))
    return float(np.mean((s.ravel() > 0) == (t.ravel() > 0)))
