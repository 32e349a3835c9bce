"""`engine.optim`'s update rules on one flat numpy parameter vector: the batched engine's optimizers.

`optim.SGD` and `optim.Adam` walk a list of `Value`s; `FlatSGD` and `FlatAdam` apply the same rules, as
the same float operations in the same order, to a whole vector at once (``FlatNet.theta`` with its
gradient ``FlatNet.grad``, in ``MLP.parameters()`` order). So both engines take the same steps, to rounding.

    opt = FlatAdam(net.theta.size, lr=0.01)
    opt.step(net.theta, net.grad)          # updates theta in place

Their ``state_dict()`` has the same keys and meaning as their `engine.optim` twin's, so a saved state moves
between the engines. Arguments are not validated here: `engine.train.Trainer`, their one user, checks its
settings before it passes them on.

Public: `FlatSGD`, `FlatAdam`.
"""
from __future__ import annotations

import numpy as np

__all__ = ["FlatSGD", "FlatAdam"]


def _array(name, xs, n):
    """A saved per-parameter list as a float64 array of n entries; ValueError for another count."""
    arr = np.array(xs, dtype=np.float64).ravel()
    if arr.size != n:
        raise ValueError(f"optimizer state {name!r} has {arr.size} entries, expected {n}")
    return arr


class FlatSGD:
    """`optim.SGD` on a vector: buf = g on the first step, then buf = momentum*buf + g; theta -= lr*buf."""

    def __init__(self, size, lr, momentum=0.0):
        self.size, self.lr, self.momentum = size, lr, momentum
        self._buf = None

    def step(self, theta, grad):
        lr, mu = self.lr, self.momentum
        if mu == 0.0:
            theta -= lr * grad
            return
        if self._buf is None:  # torch: buf = clone(grad) on the first step
            self._buf = grad.copy()
        else:
            self._buf *= mu
            self._buf += grad
        theta -= lr * self._buf

    def state_dict(self):
        """{"buf": the momentum buffer as a list of floats, or None before the first step with momentum}."""
        return {"buf": None if self._buf is None else self._buf.tolist()}

    def load_state_dict(self, state):
        buf = state["buf"]
        self._buf = None if buf is None else _array("buf", buf, self.size)


class FlatAdam:
    """`optim.Adam` on a vector (bias-corrected, torch's lerp for m; see there for the formulas)."""

    def __init__(self, size, lr, betas=(0.9, 0.999), eps=1e-8):
        self.size, self.lr, self.betas, self.eps = size, lr, tuple(betas), eps
        self.t = 0
        self._m, self._v = np.zeros(size), np.zeros(size)

    def step(self, theta, grad):
        b1, b2 = self.betas
        self.t += 1
        t = float(self.t)
        step_size = self.lr / (1 - b1**t)
        bc2_sqrt = (1 - b2**t) ** 0.5
        m, v = self._m, self._v
        m += (1 - b1) * (grad - m)  # torch's lerp: m + w*(g - m)
        v *= b2
        v += ((1 - b2) * grad) * grad
        denom = np.sqrt(v)
        denom /= bc2_sqrt
        denom += self.eps
        step = (-step_size) * m
        step /= denom
        theta += step

    def state_dict(self):
        """{"t": steps taken, "m": first-moment estimates, "v": second-moment estimates} (lists of floats)."""
        return {"t": self.t, "m": self._m.tolist(), "v": self._v.tolist()}

    def load_state_dict(self, state):
        m, v = _array("m", state["m"], self.size), _array("v", state["v"], self.size)
        self.t, self._m, self._v = int(state["t"]), m, v
