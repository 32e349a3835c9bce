"""What the gradient statistics tab measures, Qt-free: per-layer gradient and weight norms over the steps
(`NormHistory`, thinned so a long run keeps its whole shape) and the histogram's log10|dL/dw| per layer, whose
exact zeros have no logarithm and are counted instead."""
from __future__ import annotations

import numpy as np

MAX_POINTS = 4000                      # history kept per curve; older points are thinned 2:1
HIST_BIN = 0.25                        # decades per histogram bin


def histogram_bins(logs) -> np.ndarray:
    """Shared bin edges (in log10 units) covering every layer's values, HIST_BIN wide."""
    values = [v for v in logs if len(v)]
    if not values:
        return np.arange(-3.0, 0.0 + HIST_BIN, HIST_BIN)
    lo = np.floor(min(float(v.min()) for v in values)) - HIST_BIN
    hi = np.ceil(max(float(v.max()) for v in values)) + HIST_BIN
    return np.arange(lo, hi + HIST_BIN / 2, HIST_BIN)


class NormHistory:
    """Step and per-layer norms, thinned 2:1 when full so a long run keeps its whole shape."""

    def __init__(self, n_layers: int, capacity: int = MAX_POINTS):
        self.steps = np.empty(capacity)
        self.grad = np.empty((capacity, n_layers))
        self.weight = np.empty((capacity, n_layers))
        self.n = 0
        self.stride = 1                 # record every stride-th snapshot step after thinning
        self._skipped = 0
        self._last_step = None

    def add(self, step, grad_norms, weight_norms) -> None:
        if self._last_step is not None and step <= self._last_step:
            return                      # the same step again (a paused run re-emits): nothing new
        self._last_step = step
        self._skipped += 1
        if self._skipped < self.stride:
            return
        self._skipped = 0
        if self.n == len(self.steps):
            keep = slice(0, self.n, 2)
            half = len(self.steps[keep])
            self.steps[:half], self.grad[:half], self.weight[:half] = self.steps[keep], self.grad[keep], self.weight[keep]
            self.n, self.stride = half, self.stride * 2
        self.steps[self.n], self.grad[self.n], self.weight[self.n] = step, grad_norms, weight_norms
        self.n += 1


def layer_norms(snapshot):
    """(gradient norms, weight norms) per layer, weights and bias together (inf once a run diverges)."""
    with np.errstate(over="ignore", invalid="ignore"):
        return _norms(snapshot.weight_grads, snapshot.bias_grads), _norms(snapshot.weights, snapshot.biases)


def _norms(weights, biases):
    return np.array([float(np.sqrt(np.sum(np.square(W)) + np.sum(np.square(b)))) for W, b in zip(weights, biases)])


def gradient_logs(snapshot, n_layers: int) -> tuple[list, int, int]:
    """(per layer log10|dL/dθ| of its nonzero finite gradients, how many are exactly 0, how many in all)."""
    logs, zeros, count = [], 0, 0
    for i in range(n_layers):
        mags = np.abs(np.concatenate([np.ravel(snapshot.weight_grads[i]), np.ravel(snapshot.bias_grads[i])]))
        zeros += int(np.count_nonzero(mags == 0))
        count += mags.size
        logs.append(np.log10(mags[np.isfinite(mags) & (mags > 0)]))   # zeros have no log: counted
    return logs, zeros, count
