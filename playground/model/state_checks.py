"""What a `PlaygroundState`'s fields accept, field by field: each check raises `StateError` naming the field.

The settings' one-liners (`check_int`, `check_number`, `check_choice`, `check_choice_list`), and the two bigger
groups: the dataset (`check_data`; `check_data_arrays`, the same on a session's arrays) and what training left (`check_training`: weights, curves, timeline, by the
rules the loss plot's history and the timeline's store apply too).
"""
from __future__ import annotations

import numpy as np

from playground.model.checkpoints_json import check_timeline
from playground.model.history import check_history
from playground.model.json_values import first_non_finite, is_finite_number, is_int, short_repr


class StateError(ValueError):
    """A state (or a file that holds one) that does not fit; the message names the field."""


def check_data(state, max_points: int) -> None:
    """The dataset's fields: points, labels (class ids), values."""
    if not isinstance(state.points, list) or not isinstance(state.labels, list):
        raise StateError("fields 'points' and 'labels' must be lists")
    if len(state.points) > max_points:
        raise StateError(f"field 'points': {len(state.points)} points is more than the {max_points:,} allowed")
    if len(state.points) != len(state.labels):
        raise StateError(f"fields 'points' and 'labels' differ in length "
                         f"({len(state.points)} points, {len(state.labels)} labels)")
    pairs = all(isinstance(p, list) and len(p) == 2 for p in state.points)
    if not pairs or first_non_finite([c for p in state.points for c in p]) is not None:
        i, p = next((i, p) for i, p in enumerate(state.points)
                    if not isinstance(p, list) or len(p) != 2 or first_non_finite(p) is not None)
        raise StateError(f"field 'points[{i}]': expected [x, y] with two finite numbers, "
                         f"got {short_repr(p, 80)}")
    labels = state.labels
    if not (set(map(type, labels)) <= {int} and (not labels or 0 <= min(labels) <= max(labels) < state.num_classes)):
        i, k = next((i, k) for i, k in enumerate(labels) if not is_int(k) or not 0 <= k < state.num_classes)
        raise StateError(f"field 'labels[{i}]': {short_repr(k)} is not a class id in 0..{state.num_classes - 1}")
    if state.values is not None:
        if not isinstance(state.values, list) or len(state.values) != len(state.points):
            raise StateError(f"field 'values': null or a list of one number per point ({len(state.points)})")
        bad = first_non_finite(state.values)
        if bad is not None:
            raise StateError(f"field 'values[{bad}]': {short_repr(state.values[bad])} is not a finite number")


def check_data_arrays(points: np.ndarray, labels: np.ndarray, values: np.ndarray | None, num_classes: int,
                      max_points: int) -> None:
    """check_data's rules on the arrays a session holds ((N, 2) float, (N,) int, (N,) float or None), with
    numpy: no lists made. The same fields named."""
    if len(points) > max_points:
        raise StateError(f"field 'points': {len(points)} points is more than the {max_points:,} allowed")
    if len(points) != len(labels):
        raise StateError(f"fields 'points' and 'labels' differ in length "
                         f"({len(points)} points, {len(labels)} labels)")
    bad = np.flatnonzero(~np.isfinite(points).all(axis=1))
    if len(bad):
        raise StateError(f"field 'points[{bad[0]}]': expected [x, y] with two finite numbers, "
                         f"got {short_repr(points[bad[0]].tolist(), 80)}")
    bad = np.flatnonzero((labels < 0) | (labels >= num_classes))
    if len(bad):
        raise StateError(f"field 'labels[{bad[0]}]': {short_repr(int(labels[bad[0]]))} is not a class id in "
                         f"0..{num_classes - 1}")
    if values is not None:
        if len(values) != len(points):
            raise StateError(f"field 'values': null or a list of one number per point ({len(points)})")
        bad = np.flatnonzero(~np.isfinite(values))
        if len(bad):
            raise StateError(f"field 'values[{bad[0]}]': {short_repr(float(values[bad[0]]))} is not a finite "
                             f"number")


def check_training(state) -> None:
    """The training results' fields: step, weights (of the network described), curves, timeline."""
    check_int(state, "step", 0, 10**12)
    if state.weights is not None:
        if not isinstance(state.weights, list):
            raise StateError("field 'weights': expected a list of numbers or null")
        if len(state.weights) != state.parameter_count():
            raise StateError(f"field 'weights': {len(state.weights)} numbers, but the network described "
                             f"has {state.parameter_count()} parameters")
        i = first_non_finite(state.weights)
        if i is not None:
            raise StateError(f"field 'weights[{i}]': {short_repr(state.weights[i])} is not a finite number")
    try:
        check_history(state.history)  # the rule the loss plot applies too
        if state.timeline != {}:      # the rule the timeline's store applies too
            check_timeline(state.timeline, state.parameter_count())
    except ValueError as e:
        raise StateError(str(e)) from None

def check_int(state, name, lo, hi):
    v = getattr(state, name)
    if not is_int(v) or not lo <= v <= hi:
        raise StateError(f"field '{name}': {short_repr(v)} is not a whole number in {lo}..{hi}")


def check_number(state, name, lo, hi):
    v = getattr(state, name)
    if not is_finite_number(v) or not lo <= v <= hi:
        raise StateError(f"field '{name}': {short_repr(v)} is not a number in {lo}..{hi}")


def check_choice(state, name, choices):
    v = getattr(state, name)
    if v not in choices:
        raise StateError(f"field '{name}': {short_repr(v)} is not one of {', '.join(choices)}")


def check_choice_list(state, name, choices):
    v = getattr(state, name)
    if not isinstance(v, list) or any(x not in choices for x in v) or len(set(v)) != len(v):
        raise StateError(f"field '{name}': {short_repr(v, 80)} must be distinct names from {', '.join(choices)}")
