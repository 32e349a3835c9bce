"""The pictures under the canvas's points: the network's decision boundary as a heatmap, or one neuron's map
shown instead of it with a caption naming it. Both are kept as given, so a theme change recolours them.

Scores (H, W) are drawn as tanh(score / scale) on the diverging map (a regression surface's predicted values
as they are, −1..1 end to end), probabilities (H, W, K) as blended class
colours, a neuron's values on the diverging map symmetric about 0 (palette.py); row i is y (row 0 at ymin),
column j is x, stretched over their extent (xmin, xmax, ymin, ymax).
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont

from engine.grid import check_extent
from playground.views import palette


class CanvasImages:
    def __init__(self):
        self.boundary = pg.ImageItem(axisOrder="row-major")
        self.highlight = pg.ImageItem(axisOrder="row-major")
        self.caption = pg.TextItem(anchor=(0, 0))
        self.highlight.hide()
        self.caption.hide()
        self._caption_font = QFont(self.caption.textItem.font())   # its size at scale 1
        self.neutral = palette.LIGHT_NEUTRAL
        self.lut = palette.diverging_lut(self.neutral)
        self.kind = ""                   # regression's kind (curve.py): a curve shows no heatmap, a surface values
        self._boundary_source = None     # (array, extent, scale): kept to recolour on a theme change
        self._highlight_source = None    # (array, extent, label, levels)

    def set_boundary(self, image, extent, scale: float = 1.0) -> None:
        array, ext = np.asarray(image), check_extent(extent)
        if array.ndim not in (2, 3):
            raise ValueError(f"boundary must be (H, W) scores or (H, W, K) probabilities, got shape {array.shape}")
        if array.size == 0:      # a curve's snapshot carries none (its canvas shows no heatmap)
            self.clear_boundary()
            return
        if array.ndim == 2 and self.kind == "surface":    # predicted values, −1..1 end to end
            rgba = palette.values_to_rgba(array, (-1.0, 1.0), self.neutral, self.lut)
        elif array.ndim == 2:                             # validates before anything changes
            rgba = palette.score_to_rgba(array, scale, self.neutral, self.lut)
        else:
            rgba = palette.probabilities_to_rgba(array, self.neutral)
        self._boundary_source = (array, ext, scale)
        _show(self.boundary, rgba, ext)

    def clear_boundary(self) -> None:
        self._boundary_source = None
        self.boundary.clear()

    def has_boundary(self) -> bool:
        return self._boundary_source is not None

    def boundary_array(self):
        """The scores or probabilities the boundary shows, as given (None: no boundary)."""
        return None if self._boundary_source is None else self._boundary_source[0]

    def set_highlight(self, image, extent, label: str, levels=None) -> None:
        ext = check_extent(extent)
        if not isinstance(label, str):
            raise ValueError(f"label must be a string, got {type(label).__name__}")
        rgba = palette.values_to_rgba(image, levels, self.neutral, self.lut)
        self._highlight_source = (np.asarray(image), ext, label, levels)
        _show(self.highlight, rgba, ext)
        self.highlight.show()
        self.boundary.hide()
        self.set_caption(label)

    def set_caption(self, label: str) -> None:
        """The caption naming what is shown instead of the boundary ('' hides it)."""
        self.caption.setText(label)
        self.caption.setVisible(bool(label))

    def highlight_label(self) -> str:
        return self._highlight_source[2] if self._highlight_source is not None else ""

    def clear_highlight(self) -> None:
        self._highlight_source = None
        self.highlight.hide()
        self.highlight.clear()
        self.caption.hide()
        self.boundary.setVisible(self.kind != "curve")

    def image_rect(self):
        """(xmin, xmax, ymin, ymax) covered by the image on show as drawn, or None when there is none."""
        item = self.highlight if self._highlight_source is not None else self.boundary
        if item.image is None:
            return None
        r = item.mapRectToView(item.boundingRect())
        return r.left(), r.right(), r.top(), r.bottom()

    def set_caption_scale(self, scale: float) -> None:
        """Presentation mode: the caption's text `scale` times its normal size (a scene item: the application's
        font does not reach it)."""
        font = QFont(self._caption_font)
        font.setPointSizeF(self._caption_font.pointSizeF() * scale)
        self.caption.setFont(font)

    def restyle(self, base: QColor, text: QColor) -> None:
        """Colours for a palette with this background and text: the neutral middle of the maps, the caption;
        what is on show is drawn again in them."""
        self.neutral = palette.neutral_for(base)
        self.lut = palette.diverging_lut(self.neutral)
        caption_fill = QColor(base)
        caption_fill.setAlpha(200)
        self.caption.setColor(text)
        self.caption.fill = pg.mkBrush(caption_fill)
        if self._boundary_source is not None:
            self.set_boundary(*self._boundary_source)
        if self._highlight_source is not None:
            self.set_highlight(*self._highlight_source[:3], levels=self._highlight_source[3])


def _show(item: pg.ImageItem, rgba: np.ndarray, extent: tuple) -> None:
    xmin, xmax, ymin, ymax = extent
    item.setImage(rgba, autoLevels=False, levels=None)
    item.setRect(QRectF(xmin, ymin, xmax - xmin, ymax - ymin))
