"""Colours and edge widths of the graph panel, as plain numbers (no Qt), so tests can recompute them.

Sign colours are TensorFlow Playground's: blue for positive, orange for negative. Widths grow linearly with
the magnitude over a scale (the largest |weight| in the network, or the largest |gradient| in a layer) and
are quantised, so a frame only touches the edges whose look actually changed.
"""
from __future__ import annotations

import numpy as np

POSITIVE = "#0877bd"
NEGATIVE = "#f59322"
ZERO = "#8c8c8c"                 # exactly zero (a dead ReLU's gradient): neither sign

MIN_WIDTH = 0.5                  # px: the smallest edge stays visible
MAX_WIDTH = 6.0
WIDTH_STEP = 0.25                # quantum of widths (and of the matching opacity)


def signs(values) -> np.ndarray:
    """-1, 0 or +1 per value (NaN counts as 0: it has no sign to show)."""
    v = np.nan_to_num(np.asarray(values, dtype=np.float64), nan=0.0)
    return np.sign(v).astype(np.int8)


def sign_color(value: float) -> str:
    return POSITIVE if value > 0 else NEGATIVE if value < 0 else ZERO


def scale_of(*arrays) -> float:
    """The largest finite magnitude over the arrays (1.0 when there is none), the width scale."""
    best = 0.0
    for a in arrays:
        a = np.abs(np.asarray(a, dtype=np.float64))
        a = a[np.isfinite(a)]
        if a.size:
            best = max(best, float(a.max()))
    return best if best > 0 else 1.0


def edge_widths(values, scale: float) -> np.ndarray:
    """Pen widths in px: MIN_WIDTH at 0 to MAX_WIDTH at |value| >= scale, in WIDTH_STEP steps."""
    if not (np.isfinite(scale) and scale > 0):
        raise ValueError(f"scale must be a positive finite number, got {scale!r}")
    rel = np.clip(np.nan_to_num(np.abs(np.asarray(values, dtype=np.float64)) / scale, nan=0.0,
                                posinf=1.0), 0.0, 1.0)
    raw = MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * rel
    return np.round(raw / WIDTH_STEP) * WIDTH_STEP


def edge_alpha(width: float) -> int:
    """Opacity 0..255 for a width: thin (small) edges recede so the big ones read first."""
    rel = (width - MIN_WIDTH) / (MAX_WIDTH - MIN_WIDTH)
    return int(round(255 * (0.35 + 0.65 * min(max(rel, 0.0), 1.0))))


def edge_rgb(sign: int, width: float, background: tuple) -> tuple:
    """An edge's opaque colour: its sign colour faded towards the background as the edge gets thinner.

    Opaque rather than translucent because ~2000 blended lines per frame draw about twice as slowly.
    """
    a = edge_alpha(width) / 255.0
    rgb = hex_rgb(sign_color(sign))
    return tuple(int(round(a * c + (1 - a) * b)) for c, b in zip(rgb, background[:3]))


def nearest_sign(rgb: tuple) -> int:
    """Which sign colour an (edge) colour was faded from: +1, -1 or 0 (the inverse of edge_rgb, for tests
    and tooltips). Compares the direction from grey, which fading towards any background preserves."""
    r, g, b = rgb[:3]
    if abs(r - b) < 8 and abs(g - b) < 8:
        return 0
    return 1 if b > r else -1


def hex_rgb(color: str) -> tuple:
    color = color.lstrip("#")
    if len(color) != 6:
        raise ValueError(f"expected #rrggbb, got {color!r}")
    return tuple(int(color[i:i + 2], 16) for i in (0, 2, 4))


def diverging_lut(neutral: tuple, n: int = 256) -> np.ndarray:
    """(n, 4) uint8 RGBA from orange (-1) through `neutral` (0, the panel's background) to blue (+1).

    The middle is the background colour, not white, so a silent neuron fades into the page in a dark
    theme as in a light one.
    """
    neg, pos, mid = np.array(hex_rgb(NEGATIVE), float), np.array(hex_rgb(POSITIVE), float), np.array(neutral, float)
    t = np.linspace(-1.0, 1.0, n)[:, None]
    rgb = np.where(t < 0, mid + (neg - mid) * -t, mid + (pos - mid) * t)
    out = np.empty((n, 4), np.uint8)
    out[:, :3] = np.round(rgb).astype(np.uint8)
    out[:, 3] = 255
    return out


def normalise_activation(values: np.ndarray, activation: str) -> np.ndarray:
    """Activations mapped onto [-1, 1] for the diverging colour scale.

    tanh is already there; sigmoid's 0.5 is its neutral point; ReLU and linear units (and outputs) have no
    fixed range, so each map is scaled by its own largest magnitude.
    """
    v = np.nan_to_num(np.asarray(values, dtype=np.float64), nan=0.0, posinf=1.0, neginf=-1.0)
    if activation == "tanh":
        return np.clip(v, -1.0, 1.0)
    if activation == "sigmoid":
        return np.clip(2.0 * v - 1.0, -1.0, 1.0)
    m = np.abs(v).max(axis=(-2, -1), keepdims=True) if v.ndim >= 2 else np.abs(v).max()
    return v / np.where(m > 0, m, 1.0)


def lut_indices(normalised: np.ndarray, n: int = 256) -> np.ndarray:
    return np.clip(np.round((normalised + 1.0) * 0.5 * (n - 1)), 0, n - 1).astype(np.intp)
