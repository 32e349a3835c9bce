"""JSON values in session files: what counts as a number (JSON integers may be larger than any float, and
true is not 1), and how to name a value in a message.

Qt-free. `state.py` and `loss_history.py` both validate with these, so a session, the window and the plot
agree on one rule: a number is an int or a float (never a bool) that converts to a finite float.
"""
from __future__ import annotations

import math

import numpy as np


def is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def is_finite_number(v) -> bool:
    """An int or float whose float value is finite: NaN, ±inf and integers beyond ±1.8e308 are not."""
    if not is_number(v):
        return False
    try:
        return math.isfinite(v)
    except OverflowError:  # math.isfinite(10**400): "int too large to convert to float"
        return False


def first_non_finite(values: list) -> int | None:
    """The index of the first item of `values` that is not a finite number (is_finite_number), or None.
    Fast for long lists of floats (numpy); the item-by-item check only runs to find the culprit."""
    if set(map(type, values)) <= {int, float}:     # bool is a type of its own
        try:
            if np.isfinite(np.array(values, dtype=np.float64)).all():
                return None
        except OverflowError:                       # an integer beyond any float
            pass
    return next((i for i, v in enumerate(values) if not is_finite_number(v)), None)


def finite_array(values, field: str) -> np.ndarray:
    """A JSON list of finite numbers as a float64 array; ValueError naming `field` (e.g. "field 'history.step'")
    and, for a bad item, its index."""
    if not isinstance(values, list):
        raise ValueError(f"{field}: expected a list of numbers, got {json_kind(values)}")
    i = first_non_finite(values)
    if i is not None:
        what = "is not a finite number" if is_number(values[i]) else "is not a number"
        bad = f"{field[:-1]}[{i}]'" if field.endswith("'") else f"{field}[{i}]"
        raise ValueError(f"{bad}: {short_repr(values[i])} {what}")
    return np.array(values, dtype=np.float64)


def short_repr(v, limit: int = 40) -> str:
    """repr() for a message about a JSON value: null/true/false as JSON spells them, and short (a 5,000-digit
    integer or a whole list would swamp the message)."""
    if v is None or isinstance(v, bool):
        return json_kind(v)
    if is_int(v) and v.bit_length() > 3 * limit:  # repr() itself refuses past 4,300 digits
        return f"an integer of {len(str(abs(v))) if v.bit_length() < 14_000 else 'over 4,000'} digits"
    text = repr(v)
    return text if len(text) <= limit else f"{text[:limit // 2]}…({len(text):,} characters)"


def json_kind(v) -> str:
    """A value's JSON type, as a message names it: "null", "true", "a list", "an object", ..."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return "a string"
    if is_number(v):
        return "a number"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, dict):
        return "an object"
    return type(v).__name__
