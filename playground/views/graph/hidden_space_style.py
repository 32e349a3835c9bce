"""How the hidden space tab colours its points: by class in classification; in regression by each point's
target on the canvas's diverging scale (orange below 0, blue above), since every regression point is of the one
"class" 0 and a single colour would say nothing about what the layer has learnt to separate."""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor

from playground.model.problem import regression_data
from playground.views.palette import class_color, diverging_lut, neutral_for, outline_for, values_to_rgba


def regression_targets(data) -> np.ndarray:
    """Every point's target: a curve's y, a surface's value (model.problem's rule)."""
    return regression_data(data.kind, data.points, data.values)[1]


def target_levels(data, targets: np.ndarray) -> tuple[float, float]:
    """A surface's values on −1..1 as the canvas shows them; a curve's y symmetric about 0 out to its largest |y|."""
    if data.kind == "surface":
        return -1.0, 1.0
    m = float(np.max(np.abs(targets))) if len(targets) else 0.0
    return (-m, m) if m > 0 else (-1.0, 1.0)


def colour_note(data) -> str:
    """What the colours mean, said under the axes ('' in classification: the class colours are the canvas's)."""
    if data.problem != "regression":
        return ""
    what = "y" if data.kind == "curve" else "value"
    return f"Colour: each point's target {what} (orange < 0 < blue), as on the canvas"


def point_style(data, mask: np.ndarray, hollow: bool, background: QColor, scaled) -> tuple[list, list]:
    """(brushes, pens) of the points under `mask`: training points filled, test points (`hollow`) a ring of their
    colour. `scaled(px)`: a width at presentation mode's scale."""
    if data.problem == "regression":
        targets = regression_targets(data)
        neutral = neutral_for(background)
        rgba = values_to_rgba(targets[None, :], target_levels(data, targets), neutral, diverging_lut(neutral))[0]
        colours = [QColor(*map(int, c[:3])) for c in rgba[mask]]
    else:
        colours = [class_color(int(k)) for k in data.labels[mask]]
    if hollow:
        return ([pg.mkBrush(neutral_for(background))] * len(colours),
                [pg.mkPen(c, width=scaled(2.2)) for c in colours])
    return [pg.mkBrush(c) for c in colours], [pg.mkPen(outline_for(background), width=scaled(1.0))] * len(colours)
