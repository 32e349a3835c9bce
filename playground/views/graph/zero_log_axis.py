"""A log axis with a row for exact zeros, which a logarithm cannot place.

Zeros are drawn one decade below the smallest positive value shown (`with_zero_row`), and the axis labels
that row "0". Nothing is drawn between it and the next decade, so no tick is placed there either. The axis
therefore spans only the decades the data uses, not 1e-300 because one value was 0.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFontMetrics

EMPTY_ZERO_ROW = -3.0        # log10 of the zero row when no value is positive (all zero: nothing to scale by)
# Labelled minor ticks (2..9 times a decade) for a decade of a given height, in label heights: log spacing
# crowds 8 and 9 together, which pyqtgraph's even-spacing rule for hiding labels does not see.
MINOR_LABELS = ((18.0, (1, 2, 3, 4, 5, 6, 7, 8, 9)), (5.5, (1, 2, 3, 5)), (3.2, (1, 2, 5)), (0.0, (1,)))


def zero_row(values) -> float:
    """log10 of where zeros are drawn: one decade below the smallest positive finite value."""
    v = np.asarray(values, dtype=np.float64)
    v = v[np.isfinite(v) & (v > 0)]
    return float(np.floor(np.log10(v.min())) - 1.0) if v.size else EMPTY_ZERO_ROW


def with_zero_row(values, row: float) -> np.ndarray:
    """The values to plot: zeros moved to 10**row; non-finite ones (a diverged run) become gaps (NaN)."""
    v = np.array(values, dtype=np.float64)
    v[~np.isfinite(v) | (v < 0)] = np.nan
    v[v == 0] = 10.0 ** row
    return v


class ZeroRowLogAxis(pg.AxisItem):
    """Left axis of a log-y plot whose row `zero_row` (log10 units) reads "0"; None: an ordinary log axis."""

    def __init__(self, orientation="left", **kwargs):
        super().__init__(orientation, **kwargs)
        self.zero_row: float | None = None
        self._decade_px = 0.0            # pixels per decade at the last layout

    def set_zero_row(self, row: float | None) -> None:
        if row != self.zero_row:
            self.zero_row = row
            self.picture = None          # AxisItem caches its drawing; the labels changed
            self.update()

    def logTickValues(self, minVal, maxVal, size, stdTicks):
        self._decade_px = size / max(maxVal - minVal, 1e-12)
        levels = super().logTickValues(minVal, maxVal, size, stdTicks)
        z = self.zero_row
        if z is None:
            return levels
        out = []
        for spacing, values in levels:
            gap = max(1.0, spacing or 1.0)   # keep the "0" label clear of the next label up
            out.append((spacing, [v for v in values if v >= z + gap - 1e-9]))
        if minVal - 1e-9 <= z <= maxVal + 1e-9:
            out[0] = (out[0][0], sorted(out[0][1] + [z]))
        return out

    def logTickStrings(self, values, scale, spacing):
        strings = super().logTickStrings(values, scale, spacing)
        if spacing is None:          # the minor level: label only the multiples that have room
            decades = self._decade_px / max(1, QFontMetrics(self.font()).height())
            room = next((kept for need, kept in MINOR_LABELS if decades >= need), ())
            strings = [s if round(10 ** (v % 1)) in room else "" for v, s in zip(values, strings)]
        if self.zero_row is not None:
            strings = ["0" if abs(v - self.zero_row) < 1e-9 else s for v, s in zip(values, strings)]
        return strings
