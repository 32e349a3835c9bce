"""The one rule from what a user labels to what a loss trains on: ``encode_targets``.

Classification: class ids (0/1, or 0..K-1) -> +-1 for the one-output losses (class 1 -> +1, class 0 -> -1),
the ids themselves for cross_entropy. Regression: the points' real values, as floats, unchanged.

Public: ``encode_targets``.
"""
from __future__ import annotations

import numpy as np

from engine.checks import check_loss
from engine.losses import BINARY_LOSSES

__all__ = ["encode_targets"]


def encode_targets(labels, loss, problem="classification"):
    """Labels -> what ``loss`` expects for ``problem`` (see the module docstring); ValueError if they do not fit."""
    check_loss(loss, problem)
    if problem == "regression":
        try:
            y = np.asarray(labels, dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError("regression targets must be numbers") from None
        if not np.isfinite(y).all():
            raise ValueError("regression targets contain NaN or infinite values")
        return y.copy()
    y = np.asarray(labels)
    if loss in BINARY_LOSSES:
        if not np.isin(y, (0, 1)).all():
            raise ValueError(f"{loss} is for two classes: labels must be 0 or 1")
        return np.where(y == 1, 1.0, -1.0)
    return y.astype(np.intp)
