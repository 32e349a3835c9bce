"""The rule a saved training timeline obeys (``CheckpointStore.to_dict``'s shape), naming the field it refuses.

Qt-free, JSON-native: {"version": 1, "steps": [whole numbers, increasing], "losses": [finite numbers],
"weights": [[finite numbers, one per parameter], ...]}, one loss and one weight list per step; written by
``timeline_to_dict`` within a byte budget.
"""
from __future__ import annotations

import numpy as np

from playground.model.json_values import finite_array, is_int, json_kind, short_repr
from playground.model.thinning import keep_mask

FORMAT_VERSION = 1
KEYS = ("version", "steps", "losses", "weights")
MAX_BYTES = 5_000_000            # a timeline's JSON in a session file
# The longest JSON a float64 takes (repr of -2.2250738585072014e-308) with its ", "; steps take fewer.
NUMBER_BYTES = 26
FIXED_BYTES = 64                 # {"version": 1, "steps": [], "losses": [], "weights": []}


def _field(name: str) -> str:
    return f"field 'timeline.{name}'" if name else "field 'timeline'"


def _numbers(values, name: str) -> np.ndarray:
    return finite_array(values, _field(name))


def check_timeline(data, n_params: int | None = None) -> tuple:
    """The rule for a saved timeline: (steps int64 (n,), losses (n,), weights (n, P)); ValueError naming
    the field for anything else."""
    if not isinstance(data, dict):
        raise ValueError(f"{_field('')}: expected an object, got {json_kind(data)}")
    unknown = sorted(set(data) - set(KEYS), key=str)
    if unknown:
        raise ValueError(f"{_field('')}: unknown field(s) {', '.join(map(str, unknown))} (known: {', '.join(KEYS)})")
    for key in KEYS:
        if key not in data:
            raise ValueError(f"{_field(key)}: missing")
    if data["version"] != FORMAT_VERSION or not is_int(data["version"]):
        raise ValueError(f"{_field('version')}: format version {short_repr(data['version'])} is not supported "
                         f"(this version reads {FORMAT_VERSION})")
    raw_steps = data["steps"]
    if not isinstance(raw_steps, list):
        raise ValueError(f"{_field('steps')}: expected a list of whole numbers, got {json_kind(raw_steps)}")
    for i, s in enumerate(raw_steps):
        if not (is_int(s) and 0 <= s < 2**63) or (i and s <= raw_steps[i - 1]):
            raise ValueError(f"{_field(f'steps[{i}]')}: {short_repr(s)}: steps must be whole numbers >= 0, "
                             f"each after the one before")
    steps = np.array(raw_steps, dtype=np.int64)
    losses = _numbers(data["losses"], "losses")
    if losses.size != steps.size:
        raise ValueError(f"{_field('losses')}: {losses.size} losses for {steps.size} steps")
    rows = data["weights"]
    if not isinstance(rows, list):
        raise ValueError(f"{_field('weights')}: expected a list of weight lists, got {json_kind(rows)}")
    if len(rows) != steps.size:
        raise ValueError(f"{_field('weights')}: {len(rows)} weight lists for {steps.size} steps")
    width = n_params if n_params is not None else (len(rows[0]) if rows and isinstance(rows[0], list) else None)
    fast = _all_numbers(rows, width)
    if fast is not None:
        return steps, losses, fast
    arrays = []
    for i, row in enumerate(rows):
        array = _numbers(row, f"weights[{i}]")
        if array.size != width or not array.size:
            raise ValueError(f"{_field(f'weights[{i}]')}: {array.size} numbers, expected {width} "
                             f"(one per parameter of the model)")
        arrays.append(array)
    weights = np.array(arrays).reshape(len(arrays), width or 0)
    return steps, losses, weights


def _all_numbers(rows: list, width: int | None) -> np.ndarray | None:
    """The weights as an (n, width) array when every row is a list of `width` finite ints or floats (one pass
    over the types, one conversion: ~10x faster than row by row, and autosave checks every file it writes);
    None otherwise, and the row-by-row check names what is wrong."""
    if not width or not all(isinstance(row, list) and len(row) == width for row in rows):
        return None
    if not {type(x) for row in rows for x in row} <= {float, int}:
        return None
    try:
        weights = np.array(rows, dtype=np.float64).reshape(len(rows), width)
    except (OverflowError, ValueError):      # an int too large for a float: the slow path says which
        return None
    return weights if np.isfinite(weights).all() else None


def timeline_to_dict(store, max_bytes: int = MAX_BYTES) -> dict:
    """{"version", "steps", "losses", "weights"} as JSON-native lists, thinned (keep_mask) so that its JSON
    fits ``max_bytes``. ValueError if even the first and latest checkpoints alone might not fit.

    Sized by an upper bound (every number at its longest), not by serialising it: autosave calls this on
    the GUI thread every few seconds while training, and json.dumps of 2,000 checkpoints takes ~1 s."""
    steps, losses = store.steps, store.losses
    row_bytes = ((store.n_params or 0) + 2) * NUMBER_BYTES + 8     # its weights, step and loss; brackets
    fit = (max_bytes - FIXED_BYTES) // row_bytes
    rows = np.arange(len(store))
    if len(store) > fit:
        if fit < 2:
            raise ValueError(f"the timeline's first and latest checkpoints alone may take "
                             f"{FIXED_BYTES + 2 * row_bytes:,} bytes, over its budget of {max_bytes:,}")
        rows = rows[keep_mask(steps, losses, fit)]
    return {"version": FORMAT_VERSION, "steps": steps[rows].tolist(), "losses": losses[rows].tolist(),
            "weights": store.weights_at(rows).tolist()}
