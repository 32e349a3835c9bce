"""One training step on micrograd's own engine, as ``Trainer(engine="scalar")`` takes it: the ``Value`` graph
of a batch's loss (+ the l2 penalty), ``backward()``, and one ``engine.optim`` update, skipped when the loss is
not finite (its gradient is meaningless). The batched engine does the same math with numpy (``engine.batched``).
"""
from __future__ import annotations

import math

import numpy as np

from engine import losses

__all__ = ["scalar_step"]


def scalar_step(model, rows, targets, idx, loss, l2, problem, opt):
    """Step ``model`` on the points ``rows[i]`` (lists of floats) for ``i`` in ``idx`` (None: every point), with
    ``targets`` as ``engine.checks.check_targets`` gives them and ``opt`` an ``engine.optim`` optimizer over
    ``model.parameters()``. Returns (loss with l2, data loss, points classified right, batch size, scores
    as an (n, outputs) array), all measured before the update."""
    params = model.parameters()
    batch = range(len(rows)) if idx is None else idx.tolist()
    opt.zero_grad()
    scores = [model(rows[i]) for i in batch]
    if loss != "cross_entropy":  # one output: +-1 targets, or real ones in regression
        wanted = [float(targets[i, 0]) for i in batch]
        real = {"problem": "regression"} if loss == "mse" and problem == "regression" else {}
        data_v = getattr(losses, loss)(scores, wanted, **real)
        s = np.array([v.data for v in scores])[:, None]
        correct = int(np.count_nonzero((s > 0) == (np.array(wanted)[:, None] > 0)))
    else:
        classes = [int(targets[i]) for i in batch]
        data_v = losses.cross_entropy(scores, classes)
        s = np.array([[v.data for v in row] for row in scores])
        correct = int(np.count_nonzero(s.argmax(axis=1) == np.array(classes)))
    total_v = data_v + losses.l2(params, l2) if l2 else data_v
    total_v.backward()
    if math.isfinite(total_v.data):
        opt.step()
    return total_v.data, data_v.data, correct, len(batch), s
