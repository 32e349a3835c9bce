"""Colours that carry meaning: one per class, a diverging map for binary scores, and how points are drawn.

Class 0 and 1 are TensorFlow Playground's orange (its -1) and blue (its +1), so a binary boundary reads the
way people already know. Classes 2-5 come from Paul Tol's and Okabe & Ito's colour-blind-safe sets, picked
by checking CIELAB distances under simulated protan-, deutan- and tritanopia (Machado 2009): every pair of
the first four stays >= 23 dE apart for all three, and >= 15 for all six. A colour name goes with each one
so the UI can say it in words too.

Everything here is pure numpy over whole images: 256x256 turns into RGBA in about a millisecond.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor

from playground.model.state import CLASS_COLOR_NAMES as CLASS_COLOR_NAMES  # the model's: messages say them
from playground.model.state import MAX_CLASSES, MIN_CLASSES

CLASS_COLORS = ("#f59322", "#0877bd", "#aa3377", "#66ccee", "#009e73", "#ddcc77")

# The colour of "no opinion": the middle of the diverging map and what uncertain pixels fade to. Light and
# dark themes get their own so the heatmap never glares against the window.
LIGHT_NEUTRAL = "#f2f3f3"
DARK_NEUTRAL = "#2b2d2f"
# The heatmap stops short of the full class colour so the points drawn on top stay the most saturated
# thing on screen.
BOUNDARY_STRENGTH = 0.72
LUT_SIZE = 256

POINT_SIZE = 9
TEST_RING_WIDTH = 2.4


def class_color(index: int) -> QColor:
    """The colour of class `index` (0..5)."""
    if not isinstance(index, (int, np.integer)) or isinstance(index, bool) or not 0 <= index < MAX_CLASSES:
        raise ValueError(f"class index must be a whole number in 0..{MAX_CLASSES - 1}, got {index!r}")
    return QColor(CLASS_COLORS[int(index)])


def class_rgb(num_classes: int) -> np.ndarray:
    """(num_classes, 3) uint8 RGB of the first `num_classes` class colours."""
    _check_num_classes(num_classes)
    return np.array([_hex_rgb(c) for c in CLASS_COLORS[:num_classes]], dtype=np.uint8)


def is_dark(background: QColor) -> bool:
    return QColor(background).lightness() < 128


def neutral_for(background: QColor) -> str:
    """The neutral heatmap colour that suits a widget background (light or dark theme)."""
    return DARK_NEUTRAL if is_dark(background) else LIGHT_NEUTRAL


def outline_for(background: QColor) -> QColor:
    """A point outline that separates a filled point from both the heatmap and the background."""
    return QColor(235, 235, 235, 220) if is_dark(background) else QColor(25, 25, 25, 200)


def diverging_colormap(neutral: str = LIGHT_NEUTRAL) -> pg.ColorMap:
    """Orange at 0.0, `neutral` at 0.5, blue at 1.0 (positions are pyqtgraph's 0..1 domain)."""
    ends = [_blend(_hex_rgb(CLASS_COLORS[0]), neutral), _hex_rgb(neutral), _blend(_hex_rgb(CLASS_COLORS[1]), neutral)]
    return pg.ColorMap(pos=[0.0, 0.5, 1.0], color=ends, name="micrograd-diverging")


def diverging_lut(neutral: str = LIGHT_NEUTRAL) -> np.ndarray:
    """(LUT_SIZE, 4) uint8 RGBA lookup table of `diverging_colormap`, opaque."""
    lut = diverging_colormap(neutral).getLookupTable(0.0, 1.0, nPts=LUT_SIZE, alpha=True)
    return np.ascontiguousarray(lut, dtype=np.uint8)


def score_to_rgba(scores, scale: float = 1.0, neutral: str = LIGHT_NEUTRAL, lut: np.ndarray | None = None) -> np.ndarray:
    """(H, W) binary scores -> (H, W, 4) uint8: orange for negative, blue for positive, pale near 0.

    The score goes through tanh(score / scale): a hinge margin of 1 at scale 1 is 76 % of the way to the full
    colour, and large logits saturate instead of washing everything else out. An untrained net therefore
    looks pale, which is the truth. NaN counts as 0 (no opinion); +-inf as fully confident.
    """
    s = _check_image(scores, 2, "scores")
    if not (np.isfinite(scale) and scale > 0):
        raise ValueError(f"scale must be a positive finite number, got {scale!r}")
    # float32: 256 colours need no more, and its tanh is ~4x quicker (this runs for every painted snapshot);
    # tanh is 1 to float precision past 20, so clipping there first keeps the cast finite.
    x = np.clip(np.nan_to_num(s, nan=0.0), -20.0 * scale, 20.0 * scale) / scale
    return _signed_to_rgba(np.tanh(x.astype(np.float32)), neutral, lut)


def values_to_rgba(values, levels=None, neutral: str = LIGHT_NEUTRAL, lut: np.ndarray | None = None) -> np.ndarray:
    """(H, W) values (e.g. one neuron's activations) -> RGBA on the diverging map.

    `levels=(lo, hi)` maps lo to orange and hi to blue; by default the map is symmetric about 0 out to the
    largest |value|, so 0 stays neutral and a ReLU's "off" region reads as no opinion.
    """
    v = np.nan_to_num(_check_image(values, 2, "values"), nan=0.0, posinf=0.0, neginf=0.0)
    if levels is None:
        m = float(np.max(np.abs(v))) if v.size else 0.0
        t = v / m if m > 0 else np.zeros_like(v)
    else:
        lo, hi = _check_levels(levels)
        t = (v - lo) * (2.0 / (hi - lo)) - 1.0
    return _signed_to_rgba(t, neutral, lut)


def probabilities_to_rgba(probs, neutral: str = LIGHT_NEUTRAL) -> np.ndarray:
    """(H, W, K) class probabilities -> (H, W, 4) uint8.

    Each pixel mixes the class colours by probability, then fades to `neutral` as the winner's lead
    disappears: a confident pixel shows its class colour, a 1/K-each pixel shows neutral (not the muddy
    average of all colours).
    """
    p = _check_image(probs, 3, "probabilities")
    k = p.shape[2]
    _check_num_classes(k)
    p = np.clip(np.nan_to_num(p, nan=0.0, posinf=1.0, neginf=0.0), 0.0, None).astype(np.float32)
    total = p.sum(axis=2, keepdims=True)
    p = np.divide(p, total, out=np.full_like(p, 1.0 / k), where=total > 0)
    mixed = p @ class_rgb(k).astype(np.float32)
    confidence = np.clip((p.max(axis=2) - 1.0 / k) * (k / (k - 1.0)), 0.0, 1.0)[..., None]
    base = np.asarray(_hex_rgb(neutral), dtype=np.float32)
    rgb = base + (mixed - base) * (BOUNDARY_STRENGTH * confidence)
    out = np.empty(p.shape[:2] + (4,), dtype=np.uint8)
    out[..., :3] = np.clip(rgb + 0.5, 0, 255)
    out[..., 3] = 255
    return out


def train_point_style(label: int, background: QColor) -> dict:
    """ScatterPlotItem keywords for training points of class `label`: filled, thin contrasting outline."""
    return dict(symbol="o", size=POINT_SIZE, brush=pg.mkBrush(class_color(label)),
                pen=pg.mkPen(outline_for(background), width=1.0))


def test_point_style(label: int, background: QColor) -> dict:
    """Test points: a thick ring of the class colour around a neutral centre, so they read as hollow.

    The filled centre keeps the ring visible on a heatmap of its own colour.
    """
    return dict(symbol="o", size=POINT_SIZE + 1, brush=pg.mkBrush(neutral_for(background)),
                pen=pg.mkPen(class_color(label), width=TEST_RING_WIDTH))


def selection_style(background: QColor) -> dict:
    """A large ring around the selected point, in the outline colour so it shows on any class."""
    return dict(symbol="o", size=POINT_SIZE + 11, brush=pg.mkBrush(0, 0, 0, 0),
                pen=pg.mkPen(outline_for(background), width=3.2))


# -- helpers ---------------------------------------------------------------------------------------------
def _signed_to_rgba(t: np.ndarray, neutral: str, lut: np.ndarray | None) -> np.ndarray:
    """t in [-1, 1] (clipped) -> lut rows; -1 is the first row, +1 the last."""
    table = diverging_lut(neutral) if lut is None else lut
    if table.ndim != 2 or table.shape[1] != 4 or table.dtype != np.uint8:
        raise ValueError(f"lut must be an (N, 4) uint8 table, got {table.dtype} {table.shape}")
    last = table.shape[0] - 1
    idx = ((np.clip(t, -1.0, 1.0) + 1.0) * (0.5 * last) + 0.5).astype(np.intp)
    return np.take(table, idx, axis=0)      # the same rows as table[idx], ~10x quicker


def _check_image(array, ndim: int, what: str) -> np.ndarray:
    try:
        a = np.asarray(array, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what} must be a numeric array: {exc}") from None
    if a.ndim != ndim or min(a.shape[:2], default=0) < 1:
        want = "(H, W)" if ndim == 2 else "(H, W, K)"
        raise ValueError(f"{what} must have shape {want}, got {a.shape}")
    return a


def _check_levels(levels) -> tuple[float, float]:
    try:
        lo, hi = (float(x) for x in levels)
    except (TypeError, ValueError):
        raise ValueError(f"levels must be two numbers (lo, hi), got {levels!r}") from None
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ValueError(f"levels must be finite with lo < hi, got {levels!r}")
    return lo, hi


def _check_num_classes(k) -> None:
    if not isinstance(k, (int, np.integer)) or isinstance(k, bool) or not MIN_CLASSES <= k <= MAX_CLASSES:
        raise ValueError(f"number of classes must be a whole number in {MIN_CLASSES}..{MAX_CLASSES}, got {k!r}")


def _hex_rgb(color: str) -> tuple[int, int, int]:
    c = QColor(color)
    if not c.isValid():
        raise ValueError(f"not a colour: {color!r}")
    return c.red(), c.green(), c.blue()


def _blend(rgb, neutral: str) -> tuple[int, int, int]:
    """`rgb` pulled toward `neutral` so it reaches BOUNDARY_STRENGTH of the full colour."""
    n = _hex_rgb(neutral)
    return tuple(int(round(b + (a - b) * BOUNDARY_STRENGTH)) for a, b in zip(rgb, n))
