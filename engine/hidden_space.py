"""The hidden space: the input plane as a hidden layer sees it (ConvNetJS's picture of a net folding the plane).

A grid of lines over the input plane (``grid_lines``) and the data points go through the network up to a
hidden layer's activations (``layer_outputs``, the batched engine). A layer of 2 neurons is drawn as it is;
a wider one through a ``Projection`` to 2-D: two chosen neurons (``neuron_projection``), or a PCA fitted on
the layer's activations of the data points (``pca_projection``), fitted when asked and then reused frame
after frame, so the picture moves only as the network does. PCA components have an arbitrary sign; they
are sign-fixed (each component's largest loading positive, or, given the previous projection, pointing the
way its components did) so that a refit does not mirror the picture.

``HiddenSpace.morph(t)`` blends the input plane into the layer's space, t * layer + (1 - t) * input, after
the projection. ``decision_line`` is the output's boundary w . h + b = 0 in the projected space, when it
is one there (see its docstring for exactly when).

Public: ``Projection``, ``neuron_projection``, ``pca_projection``, ``grid_lines``, ``layer_outputs``,
``HiddenSpace``, ``hidden_space``, ``DecisionLine``, ``decision_line``, ``morph``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.batched import forward_arrays
from engine.features import DEFAULT, expand
from engine.grid import check_extent

__all__ = ["Projection", "neuron_projection", "pca_projection", "grid_lines", "layer_outputs", "HiddenSpace",
           "hidden_space", "DecisionLine", "decision_line", "morph"]

EXACT_TOLERANCE = 1e-9   # relative: how closely the output weights must lie in the projection's row space


def _readonly(a) -> np.ndarray:
    a = np.array(a, dtype=np.float64)
    a.setflags(write=False)
    return a


@dataclass(frozen=True)
class Projection:
    """A layer's activations h (width,) -> 2-D coordinates y = C (h - mean), C = ``components`` (2, width).

    ``kind`` is "neurons" (C selects two neurons, mean 0) or "pca". A value: keep it to draw every frame
    the same way; refit only when the user asks."""
    kind: str
    mean: np.ndarray
    components: np.ndarray
    neurons: tuple = ()

    def __post_init__(self):
        object.__setattr__(self, "mean", _readonly(self.mean))
        object.__setattr__(self, "components", _readonly(self.components))
        if self.components.ndim != 2 or self.components.shape[0] != 2 or self.mean.shape != (self.width,):
            raise ValueError("a projection needs components (2, width) and a mean (width,)")

    @property
    def width(self) -> int:
        return int(self.components.shape[1])

    def apply(self, activations) -> np.ndarray:
        """(..., width) activations -> (..., 2) coordinates."""
        h = np.asarray(activations, dtype=np.float64)
        if h.shape[-1] != self.width:
            raise ValueError(f"this projection takes a layer of {self.width} neurons, got {h.shape[-1]}")
        return (h - self.mean) @ self.components.T


def neuron_projection(width: int, first: int = 0, second: int | None = 1) -> Projection:
    """Neurons ``first`` and ``second`` of a layer of ``width`` as x and y (``second=None``: y = 0, for a
    layer of one neuron)."""
    if not (isinstance(width, (int, np.integer)) and width >= 1):
        raise ValueError(f"width must be a whole number >= 1, got {width!r}")
    picked = (first,) if second is None else (first, second)
    for n in picked:
        if not (isinstance(n, (int, np.integer)) and 0 <= n < width):
            raise ValueError(f"neuron {n!r} is not in a layer of {width} (0..{width - 1})")
    if second is not None and first == second:
        raise ValueError(f"pick two different neurons, got {first} twice")
    components = np.zeros((2, width))
    for row, n in enumerate(picked):
        components[row, n] = 1.0
    return Projection("neurons", np.zeros(width), components, tuple(int(n) for n in picked))


def pca_projection(activations, previous: Projection | None = None) -> Projection:
    """The first two principal components of a layer's activations of the data points (N, width).

    Signs: each component pointing as ``previous``'s did (a PCA projection of the same width), else with its
    largest loading positive. Either way the same activations give the same projection on every call."""
    H = np.asarray(activations, dtype=np.float64)
    if H.ndim != 2 or H.shape[0] < 1 or not np.isfinite(H).all():
        raise ValueError("PCA needs a finite (N, width) array of activations with N >= 1")
    mean = H.mean(axis=0)
    _, _, vt = np.linalg.svd(H - mean, full_matrices=False)
    components = np.zeros((2, H.shape[1]))
    components[:min(2, len(vt))] = vt[:2]
    same_kind = previous is not None and previous.kind == "pca" and previous.width == H.shape[1]
    reference = previous.components if previous is not None and same_kind else None
    for k, row in enumerate(components):
        along = 0.0 if reference is None else float(np.dot(row, reference[k]))
        if (along < 0) if along != 0 else (row[np.argmax(np.abs(row))] < 0):
            row *= -1.0
    return Projection("pca", mean, components)


def grid_lines(extent, n_lines: int = 21, samples: int = 100) -> np.ndarray:
    """(2 * n_lines, samples, 2) points: ``n_lines`` horizontal lines, then as many vertical ones, evenly
    spaced over extent = (xmin, xmax, ymin, ymax) edges included, each sampled at ``samples`` points."""
    xmin, xmax, ymin, ymax = check_extent(extent)
    for name, v in (("n_lines", n_lines), ("samples", samples)):
        if not (isinstance(v, (int, np.integer)) and v >= 2):
            raise ValueError(f"{name} must be a whole number >= 2, got {v!r}")
    xs, ys = np.linspace(xmin, xmax, samples), np.linspace(ymin, ymax, samples)
    across, up = np.linspace(ymin, ymax, n_lines), np.linspace(xmin, xmax, n_lines)
    lines = np.empty((2 * n_lines, samples, 2))
    lines[:n_lines, :, 0], lines[:n_lines, :, 1] = xs, across[:, None]
    lines[n_lines:, :, 0], lines[n_lines:, :, 1] = up[:, None], ys
    return lines


def _check_layer(layers, layer) -> int:
    hidden = len(layers) - 1
    if not (isinstance(layer, (int, np.integer)) and 0 <= layer < hidden):
        raise ValueError(f"layer must be a hidden layer, 0..{hidden - 1}, got {layer!r}" if hidden
                         else "this network has no hidden layer")
    return int(layer)


def layer_outputs(layers, activation, points, layer: int, features=DEFAULT) -> np.ndarray:
    """Hidden layer ``layer``'s activations (N, width) for input-plane points (N, 2), through ``features``."""
    layer = _check_layer(layers, layer)
    X = expand(np.asarray(points, dtype=np.float64).reshape(-1, 2), features)
    # through the next layer too: forward_arrays leaves its last layer linear, and this one is hidden
    return forward_arrays(layers[:layer + 2], activation, X, all_layers=True)[layer]


@dataclass(frozen=True)
class DecisionLine:
    """The line normal . y + offset = 0 in a projected space."""
    normal: np.ndarray
    offset: float

    def segment(self, extent):
        """The part of the line inside extent = (xmin, xmax, ymin, ymax) as ((x0, y0), (x1, y1)), or None."""
        xmin, xmax, ymin, ymax = check_extent(extent)
        n = np.asarray(self.normal, dtype=np.float64)
        p = -self.offset * n / np.dot(n, n)              # the line's point nearest the origin
        d = np.array([-n[1], n[0]])
        lo, hi = -np.inf, np.inf                         # Liang-Barsky: clip p + s d to the box
        for k, (low, high) in enumerate(((xmin, xmax), (ymin, ymax))):
            if abs(d[k]) < 1e-300:
                if not low <= p[k] <= high:
                    return None
                continue
            s0, s1 = sorted(((low - p[k]) / d[k], (high - p[k]) / d[k]))
            lo, hi = max(lo, s0), min(hi, s1)
        if lo > hi:
            return None
        return tuple(tuple((p + s * d).tolist()) for s in (lo, hi))


def decision_line(layers, layer: int, projection: Projection) -> DecisionLine | None:
    """The output's decision line score = w . h + b = 0 drawn in ``projection``'s 2-D space, or None.

    Exact, never approximated: given only when ``layer`` is the last hidden layer of a one-output net (the
    next layer is then the linear output) and the score is a function of the projected coordinates alone,
    i.e. w = C^T n for some n (then w . h + b = n . y + (w . mean + b)). In practice that is a layer of 2
    neurons (two neurons picked, or its PCA: C is invertible) or of 1; for a wider layer the score also
    depends on what the projection drops (the neurons not shown, the third principal component...), so
    there is no line: None."""
    layer = _check_layer(layers, layer)
    if layer != len(layers) - 2:
        return None
    W, b = (np.asarray(v, dtype=np.float64) for v in layers[-1])
    if W.shape[0] != 1 or W.shape[1] != projection.width:
        return None
    w = W[0]
    C = projection.components
    n, *_ = np.linalg.lstsq(C.T, w, rcond=None)
    scale = max(1.0, float(np.linalg.norm(w)))
    if np.linalg.norm(C.T @ n - w) > EXACT_TOLERANCE * scale or not np.any(n):
        return None
    return DecisionLine(_readonly(n), float(w @ projection.mean + b[0]))


def morph(layer_xy, input_xy, t: float) -> np.ndarray:
    """t * layer_xy + (1 - t) * input_xy, for t in [0, 1]: 0 the input plane, 1 the layer's space."""
    if not 0.0 <= t <= 1.0:
        raise ValueError(f"t must be in 0..1, got {t!r}")
    return t * np.asarray(layer_xy, dtype=np.float64) + (1.0 - t) * np.asarray(input_xy, dtype=np.float64)


@dataclass(frozen=True)
class HiddenSpace:
    """One frame: the data points and grid lines in the input plane and in the projected layer space
    (points (N, 2), lines (L, S, 2)), and the decision line there if there is an exact one."""
    layer: int
    projection: Projection
    input_points: np.ndarray
    input_lines: np.ndarray
    points: np.ndarray
    lines: np.ndarray
    decision: DecisionLine | None

    def __post_init__(self):
        for name in ("input_points", "input_lines", "points", "lines"):
            object.__setattr__(self, name, _readonly(getattr(self, name)))

    def morph(self, t: float) -> tuple:
        """(points, lines) at t of the way from the input plane to the layer's space (decision: t = 1 only)."""
        return morph(self.points, self.input_points, t), morph(self.lines, self.input_lines, t)


def hidden_space(layers, activation, layer: int, points, extent, projection: Projection, features=DEFAULT,
                 n_lines: int = 21, samples: int = 100) -> HiddenSpace:
    """A ``HiddenSpace`` frame of hidden layer ``layer``: data ``points`` (N, 2) in the input plane and a
    ``grid_lines(extent, n_lines, samples)`` grid, all in one forward pass, through ``projection``."""
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    lines = grid_lines(extent, n_lines, samples)
    both = np.concatenate((points, lines.reshape(-1, 2)))
    hidden = projection.apply(layer_outputs(layers, activation, both, layer, features))
    n = len(points)
    return HiddenSpace(int(layer), projection, points, lines, hidden[:n], hidden[n:].reshape(lines.shape),
                       decision_line(layers, layer, projection))
