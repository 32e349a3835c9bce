"""What the training loop pictures for the GUI: the part of the plane the canvas shows, the grids over it (the
boundary's and the neuron thumbnails', built when first needed for a set of input features: a curve needs none),
and whether the neuron maps are wanted. `job` gives a snapshot's picture fields (measure.snapshot_pictures)."""
from __future__ import annotations

from collections.abc import Callable

from engine.datasets import VIEW
from engine.grid import check_extent
from playground.worker.config import BOUNDARY_CELLS, THUMBNAIL_CELLS, TrainingConfig
from playground.worker.measure import snapshot_pictures
from playground.worker.snapshot import grid_evaluator


class PictureView:
    def __init__(self):
        self.extent = VIEW               # the part of the plane the canvas shows (set_extent)
        self.maps_wanted = False         # the neuron thumbnails: only while a view shows them
        self._features: tuple = ()
        self._grids: tuple | None = None  # (boundary, thumbnails) GridEvaluators: features and buffers kept

    def set_extent(self, extent) -> bool:
        """The canvas now shows extent = (xmin, xmax, ymin, ymax); True if that changed the view (a canvas
        without a size yet sends one that is refused: the old view stays)."""
        try:
            extent = check_extent(extent)
        except ValueError:
            return False
        if extent == self.extent:
            return False
        self.extent, self._grids = extent, None
        return True

    def job(self, layers, activation, config: TrainingConfig) -> Callable[[], dict]:
        """The Snapshot fields that picture the network `layers` over the view, to compute now or later, maybe on
        another thread (snapshot_sender.py): the view as it is now (its extent, its grids, whether maps are
        wanted) goes with it. `layers` must not change meanwhile (the loop's
        are fresh arrays), and jobs must run one at a time, in order: they share the grids' buffers."""
        grids = self._grids_for(config.features) if config.kind != "curve" else None
        extent, maps_wanted = self.extent, self.maps_wanted
        return lambda: snapshot_pictures(layers, activation, config, lambda: grids, extent, maps_wanted)

    def _grids_for(self, features) -> tuple:
        if self._grids is None or self._features != tuple(features):
            self._features = tuple(features)
            self._grids = (grid_evaluator(features, BOUNDARY_CELLS, self.extent),
                           grid_evaluator(features, THUMBNAIL_CELLS, self.extent))
        return self._grids
