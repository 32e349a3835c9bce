"""The losses of ``engine.losses`` on whole arrays of scores: each loss's mean value and its gradient.

``loss_head(loss, s, t, ds)`` is the top of the batched engine's backward pass: from the scores ``s`` (N, nout)
and the targets ``t`` in ``engine.checks.check_targets``'s form, it returns the mean loss and fills ``ds``
with d(loss)/d(s). Each formula is written as ``engine.losses`` computes it, so the engines agree to rounding.

Public: ``loss_head``.
"""
from __future__ import annotations

import numpy as np

from engine.losses import HUBER_DELTA

__all__ = ["loss_head"]


def loss_head(loss, s, t, ds):
    """Mean loss over the rows of scores ``s``; fills ``ds`` = d(loss)/d(s); returns (loss, correct).

    Each formula is written as engine.losses computes it (a mean is ``sum * (1.0 / n)``), so the two
    engines agree to rounding of the sums.
    """
    n = s.shape[0]
    inv_n = 1.0 / n
    if loss == "cross_entropy":
        shifted = s - s.max(axis=1, keepdims=True)  # log-sum-exp with every exponent <= 0
        np.exp(shifted, out=ds)
        total = ds.sum(axis=1, keepdims=True)
        rows = np.arange(n)
        value = float(np.log(total).sum() - shifted[rows, t].sum()) * inv_n
        ds /= total  # softmax
        ds[rows, t] -= 1.0
        ds *= inv_n
        return value, int(np.count_nonzero(s.argmax(axis=1) == t))
    correct = int(np.count_nonzero((s > 0) == (t > 0)))
    if loss == "mse":  # mean((s - t)^2)
        np.subtract(s, t, out=ds)
        value = float(np.dot(ds[:, 0], ds[:, 0])) * inv_n
        ds *= 2.0 * inv_n
    elif loss == "hinge":  # mean(relu(1 - t s))
        margin = 1.0 - t * s
        active = margin > 0  # relu's gradient is 0 at exactly 0, as micrograd's
        value = float(margin[active].sum()) * inv_n
        np.multiply(active, t, out=ds)
        ds *= -inv_n
    elif loss == "huber":  # mean(r^2 / 2 where |r| <= delta, else delta |r| - delta^2 / 2), r = s - t
        r = s - t
        small = np.abs(r) <= HUBER_DELTA
        value = float(np.where(small, r * r * 0.5, np.abs(r) * HUBER_DELTA - 0.5 * HUBER_DELTA * HUBER_DELTA).sum())
        value *= inv_n
        np.copyto(ds, np.where(small, r, np.copysign(HUBER_DELTA, r)))
        ds *= inv_n
    else:  # logistic: mean(log(1 + e^u)), u = -t s, as max(u, 0) + log(e^-|u| + 1): no overflow
        u = -t * s
        e = np.exp(-np.abs(u))
        value = float((np.maximum(u, 0.0) + np.log(e + 1.0)).sum()) * inv_n
        np.divide(np.where(u >= 0, 1.0, e), e + 1.0, out=ds)  # sigmoid(u)
        ds *= t
        ds *= -inv_n
    return value, correct
