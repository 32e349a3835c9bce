"""What a dataset edit accepts: points, class ids, values and class counts, checked before anything changes
(a clear message names what does not fit)."""
from __future__ import annotations

import numpy as np

from playground.model.state import MAX_CLASSES, MIN_CLASSES


def is_int(v) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))


def is_num(v) -> bool:
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))


def check_finite(v, name: str) -> float:
    if not is_num(v) or not np.isfinite(v):
        raise ValueError(f"{name} must be a finite number, got {v!r}")
    return float(v)


def check_num_classes(k) -> int:
    if not is_int(k) or not MIN_CLASSES <= k <= MAX_CLASSES:
        raise ValueError(f"number of classes must be a whole number in {MIN_CLASSES}..{MAX_CLASSES}, got {k!r}")
    return int(k)


def check_points(points) -> np.ndarray:
    """(2,) for one point or (M, 2); finite numbers. Returns a fresh (M, 2) float64 array."""
    raw = np.asarray(points)
    if raw.size == 0 and raw.ndim <= 2:
        return np.zeros((0, 2), dtype=np.float64)
    if raw.dtype.kind not in "iuf":
        raise ValueError(f"points must be numbers, got an array of {raw.dtype}")
    pts = np.array(raw, dtype=np.float64).reshape(-1, 2) if raw.shape == (2,) else np.array(raw, dtype=np.float64)
    if pts.ndim != 2 or pts.shape[1] != 2:
        raise ValueError(f"points must have shape (M, 2) or (2,), got {raw.shape}")
    bad = ~np.isfinite(pts).all(axis=1)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(f"point {i} is not finite: {pts[i].tolist()} (NaN and infinity are not allowed)")
    return pts


def check_labels(labels, n: int, k: int) -> np.ndarray:
    raw = np.asarray(labels)
    if raw.ndim != 1 or len(raw) != n:
        raise ValueError(f"labels must have shape ({n},) to match the points, got {raw.shape}")
    if n and raw.dtype.kind == "f" and np.all(np.isfinite(raw)) and np.all(raw == np.round(raw)):
        raw = raw.astype(np.int64)   # 0.0/1.0 from float arrays (e.g. generators) are whole class ids
    if n and raw.dtype.kind not in "iu":
        raise ValueError(f"labels must be whole class ids, got an array of {raw.dtype}")
    lab = np.array(raw, dtype=np.int64)
    out = (lab < 0) | (lab >= k)
    if out.any():
        i = int(np.flatnonzero(out)[0])
        raise ValueError(f"label {i} is {int(lab[i])}, not a class id in 0..{k - 1}")
    return lab


def check_values(values, n: int) -> np.ndarray:
    """Each point's real value: None (all 0) or n finite numbers. Returns a fresh (n,) float64 array."""
    if values is None:
        return np.zeros(n)
    raw = np.asarray(values)
    if raw.ndim != 1 or len(raw) != n:
        raise ValueError(f"values must have shape ({n},) to match the points, got {raw.shape}")
    if n and raw.dtype.kind not in "iuf":
        raise ValueError(f"values must be numbers, got an array of {raw.dtype}")
    out = np.array(raw, dtype=np.float64)
    bad = ~np.isfinite(out)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(f"value {i} is not finite: {out[i]!r} (NaN and infinity are not allowed)")
    return out
