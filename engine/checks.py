"""What the numpy modules accept: activations, losses for a problem, inputs and targets, and the training
hyper-parameters' numbers, checked once.

Every check returns its argument in the form the math uses or raises a ValueError that says what is wrong
and what would be right. A *problem* (``PROBLEMS``) decides which losses and targets fit:
* ``"classification"``: ``BINARY_LOSSES`` (``hinge``, ``logistic``, ``mse``) take +-1 targets and one output;
  ``cross_entropy`` takes class ids ``0..K-1`` and K >= 2 outputs.
* ``"regression"``: ``REGRESSION_LOSSES`` (``mse``, ``huber``) take any finite real targets and one output.

Public: ``check_activation``, ``check_activations``, ``check_loss``, ``check_problem``, ``check_inputs``,
``check_targets``, ``check_positive``.
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from engine.losses import BINARY_LOSSES, LOSSES, PROBLEMS, REGRESSION_LOSSES
from engine.nn import ACTIVATIONS, hidden_activations

__all__ = ["check_activation", "check_activations", "check_loss", "check_problem", "check_inputs",
           "check_targets", "check_positive"]

LOSSES_FOR = {"classification": LOSSES, "regression": REGRESSION_LOSSES}


def check_activation(name):
    """``name`` if it is one of ``ACTIVATIONS``, else a ValueError that lists them."""
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose from {', '.join(ACTIVATIONS)}")
    return name


def check_activations(activation, n_hidden):
    """One activation name per hidden layer (a tuple), from a name or a list; ValueError otherwise."""
    if isinstance(activation, str):
        check_activation(activation)
    return hidden_activations(activation, n_hidden)


def check_problem(problem):
    """``problem`` if it is one of ``PROBLEMS``, else a ValueError that lists them."""
    if problem not in PROBLEMS:
        raise ValueError(f"unknown problem {problem!r}; choose from {', '.join(PROBLEMS)}")
    return problem


def check_loss(name, problem="classification"):
    """``name`` if it is a loss for ``problem``, else a ValueError that lists the ones that are."""
    allowed = LOSSES_FOR[check_problem(problem)]
    if name not in allowed:
        other = "a regression" if name in REGRESSION_LOSSES else "a classification" if name in LOSSES else "no"
        why = f"{name!r} is {other} loss" if other != "no" else f"unknown loss {name!r}"
        raise ValueError(f"{why}; for {problem} choose from {', '.join(allowed)}")
    return name


def check_inputs(X, nin):
    """-> X as a C-contiguous float64 (N, nin) array (not copied if it is one already); ValueError if it is
    empty, misshapen or not finite."""
    try:
        arr = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError("inputs must be numbers (an (N, nin) array)") from None
    if arr.ndim != 2 or arr.shape[1] != nin:
        raise ValueError(f"inputs must have shape (N, {nin}) for this network, got {arr.shape}")
    if arr.shape[0] == 0:
        raise ValueError("the dataset is empty: at least one point is needed")
    if not np.isfinite(arr).all():
        raise ValueError("inputs contain NaN or infinite values")
    return np.ascontiguousarray(arr)


def check_targets(targets, loss, nout, n, problem="classification"):
    """-> targets in the form the math uses: an (n, 1) float column (+-1, or real values in regression), or
    (n,) int classes for cross_entropy."""
    check_loss(loss, problem)
    try:
        t = np.asarray(targets, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError("targets must be numbers") from None
    if loss != "cross_entropy" and t.ndim == 2 and t.shape[1] == 1:
        t = t[:, 0]
    if t.shape != (n,):
        raise ValueError(f"need one target per point: shape ({n},), got {t.shape}")
    if not np.isfinite(t).all():
        raise ValueError("targets contain NaN or infinite values")
    if problem == "regression":
        if nout != 1:
            raise ValueError(f"regression needs a network with 1 output (the predicted value), this one has {nout}")
        return t.reshape(n, 1).copy()
    if loss in BINARY_LOSSES:
        if nout != 1:
            raise ValueError(f"{loss} needs a network with 1 output, this one has {nout} "
                             f"(use cross_entropy for {nout} classes)")
        if not np.isin(t, (-1.0, 1.0)).all():
            bad = sorted(set(np.unique(t[~np.isin(t, (-1.0, 1.0))]).tolist()))[:5]
            raise ValueError(f"{loss} needs targets of -1 or +1, got {bad} "
                             "(map class 0 to -1 and class 1 to +1)")
        return t.reshape(n, 1).copy()
    if nout < 2:
        raise ValueError("cross_entropy needs a network with at least 2 outputs (one per class)")
    if (t != np.round(t)).any():
        raise ValueError("cross_entropy needs integer class ids as targets")
    if t.min() < 0 or t.max() >= nout:
        bad = t[(t < 0) | (t >= nout)][0]
        raise ValueError(f"class {int(bad)} does not fit a network with {nout} outputs "
                         f"(cross_entropy needs classes 0..{nout - 1})")
    return t.astype(np.intp)


def check_positive(name, value, allow_zero=False, below_one=False):
    """A finite real number > 0 (>= 0 with ``allow_zero``; below 1 too with ``below_one``), as a float: a
    learning rate, an L2 strength, a momentum, Adam's betas and eps."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if value < 0 or (value == 0 and not allow_zero) or (below_one and value >= 1):
        bounds = "in [0, 1)" if below_one else (">= 0" if allow_zero else "> 0")
        raise ValueError(f"{name} must be {bounds}, got {value!r}")
    return float(value)
