"""What the canvas shows under and over its points besides the points: the network's boundary heatmap, one
neuron's map shown instead of it, or in curve fitting a neuron's output drawn as a curve (images.py and curve.py
hold the items; this is DatasetCanvas's API over them)."""
from __future__ import annotations

import numpy as np


class CanvasPictures:
    """DatasetCanvas's picture methods (a mixin: it reads the canvas's `_images` and `regression`)."""

    def image_rect(self):
        """(xmin, xmax, ymin, ymax) covered by the image on show (a neuron's map, else the boundary) as drawn,
        or None when there is none."""
        return self._images.image_rect()

    def set_boundary(self, image, extent, scale: float = 1.0) -> None:
        """(H, W) scores (drawn as tanh(score/scale) on the diverging map) or (H, W, K) probabilities
        (class colours blended); row i is y (row 0 at ymin), column j is x, over extent (xmin, xmax, ymin, ymax).
        An empty image (a curve's snapshot) clears it."""
        self._images.set_boundary(image, extent, scale)

    def clear_boundary(self) -> None:
        self._images.clear_boundary()

    def has_boundary(self) -> bool:
        return self._images.has_boundary()

    def boundary_array(self):
        """The scores (H, W) or probabilities (H, W, K) the boundary shows (None: none yet)."""
        return self._images.boundary_array()

    def set_highlight_image(self, image, extent, label: str, levels=None) -> None:
        """Show one (H, W) map (e.g. a neuron's activation) instead of the boundary, with a caption.

        levels=(lo, hi) fixes the colour range; by default it is symmetric about 0 (see palette.values_to_rgba).
        """
        self.regression.clear_neuron_curve()
        self._images.set_highlight(image, extent, label, levels)

    def set_highlight_curve(self, x, y, label: str) -> None:
        """Curve fitting: one neuron's output y at each x drawn over the points (dashed), with a caption."""
        self._images.clear_highlight()
        self.regression.set_neuron_curve(x, y, label)
        self._images.set_caption(label)

    def highlight_label(self) -> str:
        """The caption of the neuron shown (its map instead of the boundary, or its curve); '' for none."""
        return self._images.highlight_label() or self.regression.neuron_label

    def clear_highlight(self) -> None:
        self.regression.clear_neuron_curve()
        self._images.clear_highlight()

    def diverging_lut(self) -> np.ndarray:
        """The diverging map's table for the current palette (heatmap, neuron maps, a surface's points)."""
        return self._images.lut
