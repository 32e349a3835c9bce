"""Classification or regression: what a problem means for the settings and the data (Qt-free).

The engine owns the vocabularies (`engine.losses.PROBLEMS`, `REGRESSION_LOSSES`, `engine.regression_datasets`'s
`CURVES` and `SURFACES`); this module holds the app's rules over them, in one place:

* Which presets a problem offers (`presets_for`). In regression the preset also says which kind of regression
  the canvas shows (`regression_kind`): a *curve* (1D -> 1D: a point IS (x, y), the input is x, the target y;
  features of x alone, `FEATURES_1D`) or a *surface* (2D -> 1D: a point (x1, x2) carries a real `value`).
* What else changes with the problem or the kind (`problem_changes`, `preset_changes`): the loss, the
  preset, the input features; one settings update, so no state in between is ever validated.
* The inputs and targets of the data (`regression_data`) and a preset's data (`make_preset`).
"""
from __future__ import annotations

import numpy as np

from engine.checks import LOSSES_FOR
from engine.datasets import PRESETS as SHAPE_PRESETS
from engine.features import DEFAULT, DEFAULT_1D, FEATURES_1D
from engine.function_datasets import FUNCTION_PRESETS
from engine.losses import PROBLEMS
from engine.regression_datasets import CURVES, SURFACES

__all__ = ["PROBLEMS", "LOSSES_FOR", "CLASSIFICATION_PRESETS", "REGRESSION_PRESETS", "CURVES", "SURFACES",
           "presets_for", "regression_kind", "problem_changes", "preset_changes", "implied_changes", "regression_data",
           "make_preset", "features_fit"]

CLASSIFICATION_PRESETS = {**SHAPE_PRESETS, **FUNCTION_PRESETS}   # the 2-D shapes, then the sides of y = f(x)
REGRESSION_PRESETS = {**CURVES, **SURFACES}                      # the curves, then the surfaces
# What a switch of problem starts with (the first preset of each, the loss the engine lists first).
DEFAULT_LOSS = {"classification": "hinge", "regression": "mse"}


def presets_for(problem: str) -> tuple:
    return tuple(REGRESSION_PRESETS if problem == "regression" else CLASSIFICATION_PRESETS)


def regression_kind(problem: str, preset: str) -> str:
    """'curve' (x -> y), 'surface' ((x1, x2) -> value), or '' for classification."""
    if problem != "regression":
        return ""
    return "curve" if preset in CURVES else "surface"


def features_fit(kind: str, features) -> bool:
    """A curve's points have x alone: its features are those of x1 (engine.features.FEATURES_1D)."""
    return kind != "curve" or set(features) <= set(FEATURES_1D)


def _features_for(kind: str, features) -> list:
    """A curve keeps the features of x1 it has (else x1); a plane keeps its features unless they are all of
    x1 (a curve's), then x1, x2."""
    if kind == "curve":
        kept = [f for f in features if f in FEATURES_1D]
        return kept or list(DEFAULT_1D)
    return list(features) if features and not set(features) <= set(FEATURES_1D) else list(DEFAULT)


def problem_changes(settings, problem: str) -> dict:
    """The settings a switch to `problem` changes: the problem, its default loss and first preset, features."""
    if problem not in PROBLEMS:
        raise ValueError(f"unknown problem {problem!r}; choose from {', '.join(PROBLEMS)}")
    if problem == settings.problem:
        return {}
    preset = presets_for(problem)[0]
    kind = regression_kind(problem, preset)
    return {"problem": problem, "loss": DEFAULT_LOSS[problem], "preset": preset,
            "features": _features_for(kind, settings.features)}


def preset_changes(settings, preset: str) -> dict:
    """The settings picking `preset` changes: the preset, and the features when the kind of regression changes."""
    changes: dict = {"preset": preset}
    old = regression_kind(settings.problem, settings.preset)
    new = regression_kind(settings.problem, preset)
    if new != old:
        changes["features"] = _features_for(new, settings.features)
    return changes


def implied_changes(settings, changes: dict) -> dict:
    """A requested change with what it brings along: a new problem its loss, preset and features; a preset of
    another kind of regression its features."""
    if "problem" in changes:       # the same problem again brings nothing
        return {**changes, **problem_changes(settings, changes["problem"])}
    if "preset" in changes:
        return {**changes, **preset_changes(settings, changes["preset"])}
    return changes


def regression_data(kind: str, points: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(inputs, targets): a curve's (N, 1) x and its y; a surface's (N, 2) points and their values."""
    if kind == "curve":
        return points[:, :1], points[:, 1]
    return points, values


def make_preset(problem: str, name: str, n: int, noise: float, seed: int, num_classes: int = 2):
    """A preset's (points (N, 2), labels (N,), values (N,), class count); ValueError for bad arguments."""
    if problem == "regression":
        if name in CURVES:
            x, y = CURVES[name](n, noise, seed)
            points, values = np.column_stack([x, y]), np.zeros(len(x))
        else:
            points, values = SURFACES[name](n, noise, seed)
        return points, np.zeros(len(points), dtype=np.int64), np.asarray(values, dtype=np.float64), 2
    make = CLASSIFICATION_PRESETS[name]
    if name == "blobs":
        points, labels = make(n, noise, seed, k=num_classes)
        return points, labels, np.zeros(len(points)), num_classes
    points, labels = make(n, noise, seed)
    return points, labels, np.zeros(len(points)), 2
