"""Optimizers: the "nudge every parameter against its gradient" step of micrograd's training loop.

micrograd's demo updates by hand, `p.data -= learning_rate * p.grad` after `loss.backward()`; these classes
do that step, with PyTorch's update rules (torch.optim.SGD / Adam defaults), over a list of `Value`s:

    opt = SGD(model.parameters(), lr=0.05, momentum=0.9)      # or Adam(model.parameters(), lr=0.01)
    opt.zero_grad(); loss.backward(); opt.step()

Each update is written as the float arithmetic torch performs on CPU, in the same order, so the numbers
match torch to rounding (torch's vectorized kernels may fuse a multiply-add, the only source of difference).
`lr` may be changed between steps (learning-rate schedules); it is checked on every assignment.
`state_dict()` / `load_state_dict(d)` save and restore what an optimizer remembers between steps (momentum
buffer; Adam's step count and moment estimates) as plain JSON-ready data.

Public: `Optimizer` (the base: `params`, `lr`, `zero_grad()`), `SGD`, `Adam`.
"""
import math
import numbers

from engine.value import Value

__all__ = ["Optimizer", "SGD", "Adam"]


def _real(name, x, low, high=math.inf, low_open=False, high_open=True):
    """x as a float within [low, high) (or the open/closed variant asked); ValueError otherwise."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real) or not math.isfinite(x):
        raise ValueError(f"{name} must be a finite number, got {x!r}")
    if (x <= low if low_open else x < low) or (x >= high if high_open else x > high):
        lo, hi = "(" if low_open else "[", ")" if high_open else "]"
        raise ValueError(f"{name} must be in {lo}{low}, {high}{hi}, got {x!r}")
    return float(x)


def _floats(name, xs, n):
    """A saved per-parameter list as a list of n floats; ValueError if it is for another parameter count."""
    xs = [float(x) for x in xs]
    if len(xs) != n:
        raise ValueError(f"optimizer state {name!r} has {len(xs)} entries, expected {n}")
    return xs


class Optimizer:
    """Holds the parameters (a list of Values) and the learning rate; `zero_grad()` sets grads to 0.0.

    Subclasses define `step()` and `state_dict()` / `load_state_dict(d)`."""

    def __init__(self, params, lr):
        self.params = list(params)
        if not self.params:
            raise ValueError("optimizer got an empty parameter list")
        for p in self.params:
            if not isinstance(p, Value):
                raise TypeError(f"optimizer parameters must be Values, got {type(p).__name__}")
        if len({id(p) for p in self.params}) != len(self.params):
            raise ValueError("some parameters appear more than once in the optimizer's list")
        self.lr = lr

    @property
    def lr(self):
        return self._lr

    @lr.setter
    def lr(self, value):
        self._lr = _real("lr", value, 0.0, low_open=True)

    def zero_grad(self):
        for p in self.params:
            p.grad = 0.0

    def step(self):
        raise NotImplementedError


class SGD(Optimizer):
    """torch.optim.SGD(params, lr, momentum) with dampening 0, no Nesterov, no weight decay.

    buf = g on the first step, then buf = momentum*buf + g;  p -= lr*buf  (p -= lr*g without momentum).
    """

    def __init__(self, params, lr, momentum=0.0):
        super().__init__(params, lr)
        self.momentum = _real("momentum", momentum, 0.0, 1.0)
        self._buf = [None] * len(self.params)

    def step(self):
        lr, mu = self.lr, self.momentum
        if mu == 0.0:
            for p in self.params:
                p.data -= lr * p.grad
            return
        buf = self._buf
        for i, p in enumerate(self.params):
            g = p.grad
            b = buf[i]
            # torch: buf = clone(grad) the first time, then buf.mul_(momentum).add_(grad)
            buf[i] = b = g if b is None else b * mu + g
            p.data -= lr * b

    def state_dict(self):
        """{"buf": the momentum buffer as a list of floats, or None before the first step with momentum}."""
        # steps fill the whole buffer at once, so its first entry tells whether it exists yet
        return {"buf": None if self._buf[0] is None else [float(b) for b in self._buf]}

    def load_state_dict(self, state):
        """Continue from a `state_dict()` of an SGD over as many parameters."""
        buf = state["buf"]
        n = len(self.params)
        self._buf = [None] * n if buf is None else _floats("buf", buf, n)


class Adam(Optimizer):
    """torch.optim.Adam(params, lr, betas, eps): bias-corrected, amsgrad off, no weight decay.

    t += 1;  m = m + (1-b1)*(g - m)  (torch's lerp);  v = v*b2 + (1-b2)*g*g
    p += (-lr/(1 - b1^t)) * m / (sqrt(v)/sqrt(1 - b2^t) + eps)
    """

    def __init__(self, params, lr=0.001, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, lr)
        if len(betas) != 2:
            raise ValueError(f"betas must be a pair (beta1, beta2), got {betas!r}")
        self.betas = (_real("beta1", betas[0], 0.0, 1.0), _real("beta2", betas[1], 0.0, 1.0))
        self.eps = _real("eps", eps, 0.0)
        self.t = 0
        self._m = [0.0] * len(self.params)
        self._v = [0.0] * len(self.params)

    def step(self):
        b1, b2 = self.betas
        self.t += 1
        t = float(self.t)  # torch keeps the step count as a float tensor
        step_size = self.lr / (1 - b1**t)
        bc2_sqrt = (1 - b2**t) ** 0.5
        w1, w2, eps = 1 - b1, 1 - b2, self.eps
        m, v = self._m, self._v
        for i, p in enumerate(self.params):
            g = p.grad
            # lerp with weight < 0.5 is self + weight*(end - self)
            m[i] = mi = m[i] + w1 * (g - m[i])
            # exp_avg_sq.mul_(b2).addcmul_(g, g, value=1-b2): self + value*g*g
            v[i] = vi = v[i] * b2 + w2 * g * g
            denom = vi**0.5 / bc2_sqrt + eps
            # param.addcdiv_(m, denom, value=-step_size): self + value*m/denom
            p.data = p.data + -step_size * mi / denom

    def state_dict(self):
        """{"t": steps taken, "m": first-moment estimates, "v": second-moment estimates} (lists of floats)."""
        return {"t": self.t, "m": [float(x) for x in self._m], "v": [float(x) for x in self._v]}

    def load_state_dict(self, state):
        """Continue from a `state_dict()` of an Adam over as many parameters."""
        n = len(self.params)
        m, v = _floats("m", state["m"], n), _floats("v", state["v"], n)
        self.t, self._m, self._v = int(state["t"]), m, v
