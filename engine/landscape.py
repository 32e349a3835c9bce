"""The loss landscape: a 2-D slice of the training loss around the current weights.

Li, Xu, Taylor, Studer, Goldstein, "Visualizing the Loss Landscape of Neural Nets" (NeurIPS 2018): plot
L(theta + a*d1 + b*d2) over a grid of (a, b) for two random Gaussian directions d1, d2, each
*filter-normalised*: for every neuron, the direction's weights into that neuron are rescaled to the norm of
the neuron's own weights. A network's loss does not change when a ReLU neuron's weights are scaled up and
the next layer's down, so without it a "flat" or "sharp" picture says more about weight scale than about
the loss. Biases: direction 0 (``bias="zero"``, the paper's default), or ``bias="filter"``: each neuron's
weights and bias normalised together, as one filter.

Weights are flat vectors in ``MLP.parameters()`` order (``FlatNet.theta``; ``flatten(layers)``), so a
training timeline's checkpoints can be projected onto the same plane (``Plane.coordinates``): least-squares
coordinates around the plane's origin. ``plane_through(start, middle, end)`` gives the other plane: the one
the three checkpoints lie in (orthonormal directions, origin at the end), so the optimiser's path is drawn
in it rather than as its shadow on a random plane.

The grid is evaluated with the batched engine's activations and loss formulas, a chunk of P grid points at a
time: every point's weights ``theta + a*d1 + b*d2`` as one (P, D) array, one batched matmul per layer.

Public: ``Plane``, ``Landscape``, ``landscape``, ``loss_surface``, ``random_plane``, ``filter_normalize``,
``plane_through``, ``plane_through_path``, ``axes_around``, ``flatten``, ``BIAS_MODES``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.batched import (
    FlatNet,
    activate,
    check_activation,
    check_inputs,
    check_targets,
    loss_values,
)

__all__ = ["Plane", "Landscape", "landscape", "loss_surface", "random_plane", "filter_normalize",
           "plane_through", "plane_through_path", "axes_around", "flatten", "BIAS_MODES"]

BIAS_MODES = ("zero", "filter")   # a direction's biases: 0, or normalised with the neuron's weights
CHUNK_BYTES = 4 << 20             # activations per chunk of grid points: stays in cache-friendly sizes


def _readonly(a) -> np.ndarray:
    a = np.array(a, dtype=np.float64)
    a.setflags(write=False)
    return a


def sizes_of(layers) -> tuple:
    """Layer sizes (nin, n1, ..., nout) of ``layers = [(W, b), ...]``."""
    return (int(np.shape(layers[0][0])[1]),) + tuple(int(np.shape(W)[0]) for W, _ in layers)


def flatten(layers) -> np.ndarray:
    """``layers`` as one flat vector in ``MLP.parameters()`` order (a new array)."""
    return FlatNet.from_layers(layers, "linear").theta.copy()


def _check_vector(v, size, name) -> np.ndarray:
    v = np.asarray(v, dtype=np.float64)
    if v.shape != (size,):
        raise ValueError(f"{name} must be a flat weight vector of {size} numbers, got shape {v.shape}")
    if not np.isfinite(v).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return v


@dataclass(frozen=True)
class Plane:
    """The plane ``origin + a*d1 + b*d2`` in weight space (flat vectors, read-only)."""
    origin: np.ndarray
    d1: np.ndarray
    d2: np.ndarray

    def __post_init__(self):
        for name in ("origin", "d1", "d2"):
            object.__setattr__(self, name, _readonly(getattr(self, name)))
        if not (self.origin.shape == self.d1.shape == self.d2.shape) or self.origin.ndim != 1:
            raise ValueError("origin, d1 and d2 must be flat vectors of one size")

    def point(self, a: float, b: float) -> np.ndarray:
        """The weights at plane coordinates (a, b)."""
        return self.origin + a * self.d1 + b * self.d2

    def coordinates(self, path) -> np.ndarray:
        """(K, 2) least-squares coordinates (a, b) of K flat weight vectors (K, D): the nearest plane points.
        Exact for points of the plane; for others, their orthogonal shadow."""
        path = np.asarray(path, dtype=np.float64)
        if path.ndim == 1:
            path = path[None]
        if path.ndim != 2 or path.shape[1] != self.origin.size:
            raise ValueError(f"path must be (K, {self.origin.size}) weight vectors, got shape {path.shape}")
        basis = np.stack((self.d1, self.d2), axis=1)
        coords, *_ = np.linalg.lstsq(basis, (path - self.origin).T, rcond=None)
        return coords.T


@dataclass(frozen=True)
class Landscape:
    """``losses[i, j]`` = L(plane.point(alphas[j], betas[i])): rows follow betas, columns alphas (an image's
    (H, W)). ``center_loss`` is the loss at the plane's origin (a grid point only if 0 is on both axes)."""
    alphas: np.ndarray
    betas: np.ndarray
    losses: np.ndarray
    plane: Plane
    center_loss: float

    def __post_init__(self):
        for name in ("alphas", "betas", "losses"):
            object.__setattr__(self, name, _readonly(getattr(self, name)))

    def coordinates(self, path) -> np.ndarray:
        return self.plane.coordinates(path)


def filter_normalize(direction, theta, sizes, bias="zero") -> np.ndarray:
    """``direction`` rescaled neuron by neuron to the norm of that neuron's weights in ``theta`` (a new array).

    With ``bias="zero"`` the direction's biases are 0 and only the incoming weights are compared; with
    ``"filter"`` a neuron's weights and bias form one vector on both sides. A neuron with all-zero weights
    gets a zero direction (nothing to scale to)."""
    if bias not in BIAS_MODES:
        raise ValueError(f"bias must be one of {', '.join(BIAS_MODES)}, got {bias!r}")
    net = FlatNet(sizes)
    theta = _check_vector(theta, net.theta.size, "theta")
    out = _check_vector(direction, net.theta.size, "direction").copy()
    for sl, shape in net.block_slices:
        d, w = out[sl].reshape(shape), theta[sl].reshape(shape)
        cols = slice(None) if bias == "filter" else slice(0, -1)
        if bias == "zero":
            d[:, -1] = 0.0
        own, dir_norm = np.linalg.norm(w[:, cols], axis=1), np.linalg.norm(d[:, cols], axis=1)
        scale = np.divide(own, dir_norm, out=np.zeros_like(own), where=dir_norm > 0)
        d[:, cols] *= scale[:, None]
    return out


def random_plane(layers, seed=0, bias="zero") -> Plane:
    """The plane through the weights ``layers`` along two seeded Gaussian, filter-normalised directions."""
    theta, sizes = flatten(layers), sizes_of(layers)
    rng = np.random.default_rng(seed)
    d1, d2 = (filter_normalize(rng.standard_normal(theta.size), theta, sizes, bias) for _ in range(2))
    return Plane(theta, d1, d2)


def loss_surface(plane, sizes, activation, X, targets, loss="hinge", alphas=(0.0,), betas=(0.0,), l2=0.0,
                 problem="classification"):
    """A ``Landscape`` of the training loss (mean data loss + l2 * sum of squared weights) over ``plane``,
    for a network of layer ``sizes``, at every (alpha, beta) of the two axes (``problem="regression"``: real
    targets, ``mse`` or ``huber``)."""
    check_activation(activation)
    sizes = tuple(int(s) for s in sizes)
    net = FlatNet(sizes, activation)
    _check_vector(plane.origin, net.theta.size, "plane.origin")
    X = check_inputs(X, sizes[0])
    t = check_targets(targets, loss, sizes[-1], len(X), problem)
    alphas, betas = (np.asarray(v, dtype=np.float64).ravel() for v in (alphas, betas))
    if not (alphas.size and betas.size and np.isfinite(alphas).all() and np.isfinite(betas).all()):
        raise ValueError("alphas and betas must be non-empty lists of finite numbers")
    bb, aa = np.meshgrid(betas, alphas, indexing="ij")
    a_all, b_all = aa.ravel(), bb.ravel()
    flat = np.empty(a_all.size)
    chunk = max(1, CHUNK_BYTES // (8 * len(X) * max(sizes)))
    for start in range(0, a_all.size, chunk):
        a, b = a_all[start:start + chunk], b_all[start:start + chunk]
        flat[start:start + a.size] = _losses_at(net, plane, a, b, X, t, loss, l2, problem)
    center = _losses_at(net, plane, np.zeros(1), np.zeros(1), X, t, loss, l2, problem)[0]
    return Landscape(alphas, betas, flat.reshape(betas.size, alphas.size), plane, float(center))


def _losses_at(net, plane, a, b, X, t, loss, l2, problem="classification") -> np.ndarray:
    """(P,) losses of the P networks ``plane.point(a[p], b[p])``: one batched matmul per layer.

    (Writing each layer as A@W.T + a*(A@D1.T) + b*(A@D2.T), three plain matrix products, measured ~2x
    slower: layers this narrow are too small for BLAS to pay, and the extra elementwise passes cost more.)"""
    thetas = plane.origin + np.outer(a, plane.d1) + np.outer(b, plane.d2)    # (P, D)
    P, last = len(a), len(net.block_slices) - 1
    A = X                                     # (N, k) broadcasts against the P weight blocks
    with np.errstate(all="ignore"):          # a far corner may overflow: an inf loss, not a warning
        for i, (sl, shape) in enumerate(net.block_slices):
            block = thetas[:, sl].reshape((P,) + shape)
            A = np.matmul(A, block[:, :, :-1].transpose(0, 2, 1))
            A += block[:, None, :, -1]
            if i < last:
                activate(net.activation, A)
        values = loss_values(loss, A, t, problem)
        if l2:
            values += l2 * np.einsum("pd,pd->p", thetas, thetas)
    return values


def landscape(layers, activation, X, targets, loss="hinge", l2=0.0, span=1.0, resolution=41, seed=0,
              bias="zero", problem="classification") -> Landscape:
    """Li et al.'s picture around the weights ``layers``: ``resolution`` x ``resolution`` points over
    [-span, span]^2 on a seeded random filter-normalised plane (odd resolutions put the centre on the grid)."""
    if not (isinstance(resolution, (int, np.integer)) and resolution >= 2):
        raise ValueError(f"resolution must be a whole number >= 2, got {resolution!r}")
    if not (np.isfinite(span) and span > 0):
        raise ValueError(f"span must be a finite number > 0, got {span!r}")
    axis = np.linspace(-span, span, int(resolution))
    return loss_surface(random_plane(layers, seed, bias), sizes_of(layers), activation, X, targets, loss,
                        axis, axis, l2, problem)


def plane_through(start, middle, end) -> Plane:
    """The plane through three weight vectors: origin ``end`` (the current weights), orthonormal directions
    d1 along start - end and d2 completing the plane towards middle. ValueError when they are (nearly)
    on one line: they span no plane."""
    end = np.asarray(end, dtype=np.float64)
    start = _check_vector(start, end.size, "start")
    middle = _check_vector(middle, end.size, "middle")
    end = _check_vector(end, end.size, "end")
    u, v = start - end, middle - end
    u_norm, v_norm, end_norm = (float(np.linalg.norm(x)) for x in (u, v, end))
    if u_norm <= 1e-12 * max(1.0, end_norm):
        raise ValueError("start and end are the same weights: the path spans no plane")
    d1 = u / u_norm
    v = v - np.dot(v, d1) * d1
    if np.linalg.norm(v) <= 1e-9 * max(u_norm, v_norm):
        raise ValueError("the checkpoints lie on one line: they span no plane")
    return Plane(end, d1, v / np.linalg.norm(v))


def plane_through_path(path, middle=None) -> Plane:
    """``plane_through(path[0], path[middle], path[-1])``; by default the middle checkpoint is the one
    farthest from the line through start and end (the best-conditioned plane the path can give)."""
    path = np.asarray(path, dtype=np.float64)
    if path.ndim != 2 or len(path) < 3:
        raise ValueError("a path needs at least 3 checkpoints (K, D) to span a plane")
    if middle is None:
        u = path[0] - path[-1]
        rel = path - path[-1]
        norm = np.dot(u, u)
        off = rel - np.outer(rel @ u / norm, u) if norm > 0 else rel
        middle = int(np.argmax(np.einsum("kd,kd->k", off, off)))
    return plane_through(path[0], path[middle], path[-1])


def axes_around(coords, resolution=41, margin=0.25) -> tuple:
    """(alphas, betas) covering the plane coordinates ``coords`` (K, 2) and the origin, with ``margin`` of the
    span added on each side: the grid for a landscape the path is drawn over."""
    coords = np.vstack((np.zeros((1, 2)), np.asarray(coords, dtype=np.float64).reshape(-1, 2)))
    lo, hi = coords.min(axis=0), coords.max(axis=0)
    pad = np.maximum((hi - lo) * margin, 1e-3)
    return tuple(np.linspace(lo[k] - pad[k], hi[k] + pad[k], int(resolution)) for k in range(2))
