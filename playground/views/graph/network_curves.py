"""Curve fitting's neuron thumbnails: each node's output as a small curve over x (a map over the plane of x
alone would be vertical stripes). Above the zero line the area under the curve takes the diverging map's
positive colour, below it the negative one, as the 2-D thumbnails colour values."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen, QPolygonF

from playground.views.graph import weight_colors as palette

CURVE_PX = 72          # a thumbnail's side in image pixels (drawn at about half that: sharp on high-DPI screens)


def curve_strip(curves: np.ndarray, activation: str, pitch: int, lut: np.ndarray, colors: dict) -> QImage:
    """(n, S) outputs at S x values, left to right -> one image of n CURVE_PX squares, `pitch` rows apart,
    transparent between them. Values are put on [-1, 1] as the maps are (palette.normalise_activation)."""
    values = palette.normalise_activation(np.asarray(curves, dtype=np.float64)[:, None, :], activation)[:, 0]
    n, samples = values.shape
    side = CURVE_PX
    image = QImage(side, (n - 1) * pitch + side, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    xs = np.linspace(0.0, side, samples)
    positive, negative = (QColor(*map(int, lut[i][:3]), 150) for i in (-1, 0))
    text = QColor(colors["text"])
    faint = QColor(text)
    faint.setAlpha(90)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    try:
        for i in range(n):
            top = i * pitch
            zero = top + side / 2
            ys = top + (1.0 - (np.clip(values[i], -1.0, 1.0) + 1.0) / 2.0) * side
            box = QRectF(0, top, side, side)
            painter.setClipping(False)
            painter.fillRect(box, colors["base"])
            area = QPainterPath(QPointF(0, zero))
            for x, y in zip(xs, ys):
                area.lineTo(float(x), float(y))
            area.lineTo(side, zero)
            area.closeSubpath()
            painter.setPen(Qt.PenStyle.NoPen)
            for clip, color in ((QRectF(0, top, side, side / 2), positive), (QRectF(0, zero, side, side / 2), negative)):
                painter.setClipRect(clip)
                painter.fillPath(area, color)
            painter.setClipping(False)
            painter.setPen(QPen(faint, 1.0))
            painter.drawLine(QPointF(0, zero), QPointF(side, zero))
            painter.setPen(QPen(text, 3.0))
            painter.drawPolyline(QPolygonF([QPointF(float(x), float(y)) for x, y in zip(xs, ys)]))
    finally:
        painter.end()
    return image
