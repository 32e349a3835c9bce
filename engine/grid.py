"""Decision-boundary grids: a network's scores at every point of an H x W grid, for the app's heatmaps.

The canvas colours each pixel by what the network says there; that is the network evaluated on a grid of
points (point ``(xs[j], ys[i])`` at row ``i``, column ``j``). ``GridEvaluator`` computes the grid's input
features once and keeps its buffers, so re-evaluating after every few training steps only runs the layers.
``grid_scores`` is the one-off version. Networks come as ``layers = [(W (nout, nin), b (nout,)), ...]``
(``engine.batched.layer_arrays(model)`` or ``Trainer.layers()``), hidden layers through ``activation``, the last
layer linear, exactly as ``engine.batched.forward_arrays`` (``activation``: a name or one per hidden layer).

A grid over a rectangle ``extent = (xmin, xmax, ymin, ymax)`` samples the centre of each of its H x W cells,
so an image of it stretched over exactly that rectangle puts every pixel's value where it was computed
(``grid_axes``, ``GridEvaluator.over``). ``grid_shape`` picks H x W for a rectangle of any aspect at a fixed cost.

Public: ``GridEvaluator``, ``grid_scores``, ``grid_shape``, ``grid_axes``, ``check_extent``, ``GRID_CHUNK``.
(``engine.batched`` re-exports the first two.)
"""
from __future__ import annotations

import numpy as np

from engine import features as _features
from engine.batched import activate, check_activations

__all__ = ["GridEvaluator", "grid_scores", "grid_shape", "grid_axes", "check_extent", "GRID_CHUNK"]

GRID_CHUNK = 512  # grid rows evaluated at a time (see GridEvaluator.evaluate)


class GridEvaluator:
    """Evaluates networks on a fixed H x W grid (point (xs[j], ys[i]) at row i, column j), reusing buffers.

    The grid's input features are computed once; each ``evaluate`` only runs the layers (a 256 x 256 grid
    through 2-16-16-1 takes ~3 ms; with ``dtype=np.float32``, for pictures, about half). ``chunk``: grid points
    per block (larger blocks cost fewer numpy calls: 2048 is ~30% faster than the default where BLAS runs on
    one thread). Returned arrays are views of internal buffers, overwritten by the next call: copy them if you
    keep them.
    """

    def __init__(self, xs, ys, features=None, dtype=np.float64, chunk=GRID_CHUNK):
        xs = np.asarray(xs, dtype=np.float64).ravel()
        ys = np.asarray(ys, dtype=np.float64).ravel()
        if not (xs.size and ys.size and np.isfinite(xs).all() and np.isfinite(ys).all()):
            raise ValueError("grid coordinates must be non-empty and finite")
        self.shape = (ys.size, xs.size)
        gx, gy = np.meshgrid(xs, ys)
        points = np.column_stack([gx.ravel(), gy.ravel()])
        self.features = _features.check_names(features or _features.DEFAULT)
        # float32 halves the cost of a picture: 7 significant digits are far finer than a pixel's 8 bits.
        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.float64, np.float32):
            raise ValueError(f"dtype must be float64 or float32, got {self.dtype}")
        self.inputs = _features.expand(points, self.features).astype(self.dtype)
        self._bufs = {}
        self._chunk = max(1, int(chunk))
        self._rows = min(self._chunk, self.inputs.shape[0])
        self._zeros = {}             # width -> (rows, width) zeros: relu's other operand

    @classmethod
    def over(cls, extent, shape, features=None, dtype=np.float64, chunk=GRID_CHUNK) -> GridEvaluator:
        """An evaluator for an (H, W) grid of cell centres over extent = (xmin, xmax, ymin, ymax)."""
        xs, ys = grid_axes(extent, shape)
        return cls(xs, ys, features, dtype, chunk)

    def evaluate(self, layers, activation, all_layers=False):
        """(H, W, nout) scores, or with ``all_layers`` a list of (H, W, n_l) post-activation arrays.
        ``activation``: a name, or one per hidden layer (``model.activation`` either way)."""
        acts = check_activations(activation, len(layers) - 1)
        nin = len(self.features)
        if np.shape(layers[0][0])[1] != nin:
            raise ValueError(f"the network takes {np.shape(layers[0][0])[1]} inputs "
                             f"but the grid has {nin} features")
        sizes = tuple(np.shape(W)[0] for W, _ in layers)
        outs = self._bufs.get(sizes)
        if outs is None:
            outs = self._bufs[sizes] = [np.empty((self.inputs.shape[0], k), dtype=self.dtype) for k in sizes]
        Ws = [np.asarray(W, dtype=self.dtype).T for W, _ in layers]
        rows = self._rows
        # Biases tiled to a chunk's shape, and relu as a maximum with an array of zeros: numpy's
        # broadcasting loops (a row, a scalar) run several times slower than same-shape ones in float32.
        bs = [np.broadcast_to(np.asarray(b, dtype=self.dtype), (rows, len(b))).copy() for _, b in layers]
        for k in sizes:
            if k not in self._zeros:
                self._zeros[k] = np.zeros((rows, k), dtype=self.dtype)
        zeros = [self._zeros[k] for k in sizes]
        last = len(layers) - 1
        # In chunks of rows: each chunk's arrays stay in cache, and each matmul stays under OpenBLAS's
        # threading threshold, so a busy 2-core machine does not make BLAS threads fight (2-5x slower).
        step = self._chunk
        for start in range(0, self.inputs.shape[0], step):
            A = self.inputs[start:start + step]
            n = A.shape[0]
            for i, out in enumerate(outs):
                Z = out[start:start + step]
                np.matmul(A, Ws[i], out=Z)
                np.add(Z, bs[i][:n], out=Z)
                if i < last:
                    if acts[i] == "relu":
                        np.maximum(Z, zeros[i][:n], out=Z)
                    else:
                        activate(acts[i], Z)
                A = Z
        shaped = [o.reshape(*self.shape, o.shape[1]) for o in outs]
        return shaped if all_layers else shaped[-1]


def grid_scores(layers, activation, xs, ys, features=None, out=None):
    """One-off (H, W, nout) scores on the grid ``xs`` x ``ys``; use ``GridEvaluator`` to reuse buffers."""
    scores = GridEvaluator(xs, ys, features).evaluate(layers, activation)
    if out is None:
        return scores.copy()
    out[...] = scores
    return out


def check_extent(extent) -> tuple:
    """extent as four floats (xmin, xmax, ymin, ymax), finite and increasing; ValueError otherwise."""
    try:
        values = tuple(float(v) for v in extent)
    except (TypeError, ValueError):
        raise ValueError(f"extent must be four numbers (xmin, xmax, ymin, ymax), got {extent!r}") from None
    if len(values) != 4 or not all(np.isfinite(values)):
        raise ValueError(f"extent must be four finite numbers (xmin, xmax, ymin, ymax), got {extent!r}")
    xmin, xmax, ymin, ymax = values
    if not (xmin < xmax and ymin < ymax):
        raise ValueError(f"extent needs xmin < xmax and ymin < ymax, got {extent!r}")
    return values


def grid_shape(extent, cells: int) -> tuple:
    """(H, W) with about `cells` cells in all and square cells over extent: a wide or tall view costs what a
    square one does (it gets fewer cells per unit instead)."""
    xmin, xmax, ymin, ymax = check_extent(extent)
    if not (isinstance(cells, (int, np.integer)) and cells >= 4):
        raise ValueError(f"cells must be a whole number >= 4, got {cells!r}")
    width, height = xmax - xmin, ymax - ymin
    ratio = max(width, height) / min(width, height)
    short = max(2, round(np.sqrt(cells / ratio)))      # the short side first: rounding it skews cells least
    long = int(min(round(short * ratio), cells // 2))
    return (short, long) if width >= height else (long, short)


def grid_axes(extent, shape) -> tuple:
    """(xs, ys): the centres of an (H, W) grid's columns and rows over extent (ys[0] near ymin)."""
    xmin, xmax, ymin, ymax = check_extent(extent)
    h, w = shape
    xs = xmin + (np.arange(w) + 0.5) * ((xmax - xmin) / w)
    ys = ymin + (np.arange(h) + 0.5) * ((ymax - ymin) / h)
    return xs, ys
