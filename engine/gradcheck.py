"""Gradient check: the engine's gradients against central finite differences of the loss.

    dL/dp ~ (L(p + h) - L(p - h)) / (2h)

for every parameter (or an evenly spread sample of at most `max_params` of them on big networks, so the
button answers in well under a second), on the current model and data. The analytic gradients are the ones
training uses (`engine.batched.loss_and_grad`); the finite differences re-evaluate the loss with the
batched forward pass, so a check of 337 parameters is 674 cheap forward passes.

Relative error per parameter: |a - n| / max(|a| + |n|, floor). The floor keeps a parameter whose true
gradient is ~0 (a dead ReLU) from reporting round-off noise as a 100% error. Kinks (ReLU at 0, hinge at
margin 1) can make a single parameter disagree when the +-h step crosses one; `worst` names it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine import batched

__all__ = ["GradCheckResult", "check_gradients", "parameter_position"]


@dataclass(frozen=True)
class GradCheckResult:
    max_relative_error: float
    checked: int                 # parameters compared
    total: int                   # parameters in the model
    worst: int                   # index (MLP.parameters() order) of the worst parameter
    worst_position: tuple        # (layer, neuron, input_index); input_index == nin is the bias
    analytic: float              # the worst parameter's engine gradient
    numeric: float               # and its finite-difference estimate

    def summary(self, tolerance: float = 1e-5) -> str:
        of = f"{self.checked}" if self.checked == self.total else f"{self.checked} of {self.total}"
        mark = "✓" if self.max_relative_error <= tolerance else "✗"
        return f"max relative error {self.max_relative_error:.1e} over {of} parameters {mark}"


def parameter_position(model, index: int) -> tuple:
    """(layer, neuron, input_index) of parameter `index` in MLP.parameters() order."""
    if not 0 <= index < len(model.parameters()):
        raise ValueError(f"parameter index {index} is outside 0..{len(model.parameters()) - 1}")
    for li, layer in enumerate(model.layers):
        nin = len(layer.neurons[0].w)
        size = len(layer.neurons) * (nin + 1)
        if index < size:
            return li, index // (nin + 1), index % (nin + 1)
        index -= size
    raise AssertionError("unreachable")


def check_gradients(model, X, targets, loss: str, l2: float = 0.0, *, h: float = 1e-5,
                    floor: float = 1e-8, max_params: int = 2000) -> GradCheckResult:
    """Compare `loss_and_grad`'s gradients with central differences; the model is left as it was."""
    if not (isinstance(h, float) and 0 < h < 1):
        raise ValueError(f"h must be a small positive float, got {h!r}")
    if not (isinstance(max_params, int) and max_params >= 1):
        raise ValueError(f"max_params must be a positive int, got {max_params!r}")
    params = model.parameters()
    saved_grads = [p.grad for p in params]
    batched.loss_and_grad(model, X, targets, loss=loss, l2=l2)
    analytic = np.array([p.grad for p in params])
    for p, g in zip(params, saved_grads):        # the check must not disturb what the app shows
        p.grad = g
    net = batched.FlatNet.from_model(model)
    Xc = batched.check_inputs(X, model.nin)
    t = batched.check_targets(targets, loss, net.sizes[-1], len(Xc))
    n = net.set_inputs(Xc)
    total = len(params)
    # An even spread across all layers when the model is too big to check every parameter.
    chosen = np.unique(np.linspace(0, total - 1, min(total, max_params)).round().astype(int))
    numeric = np.empty(len(chosen))
    theta = net.theta
    with np.errstate(all="ignore"):
        for k, i in enumerate(chosen):
            old = theta[i]
            theta[i] = old + h
            up = net.loss_and_grad(n, t, loss, float(l2), backward=False)[0]
            theta[i] = old - h
            down = net.loss_and_grad(n, t, loss, float(l2), backward=False)[0]
            theta[i] = old
            numeric[k] = (up - down) / (2 * h)
    a = analytic[chosen]
    rel = np.abs(a - numeric) / np.maximum(np.abs(a) + np.abs(numeric), floor)
    if not np.all(np.isfinite(rel)):
        rel = np.where(np.isfinite(rel), rel, np.inf)
    k = int(np.argmax(rel))
    worst = int(chosen[k])
    return GradCheckResult(float(rel[k]), len(chosen), total, worst, parameter_position(model, worst),
                           float(a[k]), float(numeric[k]))
