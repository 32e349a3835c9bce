"""Gradient check: the engine's gradients against finite differences of the loss.

    dL/dp ~ (L(p + h) - L(p - h)) / (2h)

for every parameter (or an evenly spread sample of at most `max_params` of them on big networks), on the
current model and data. The analytic gradients are the ones training uses (`engine.batched.loss_and_grad`);
the finite differences re-evaluate the loss with the batched forward pass.

A parameter passes when |backprop - finite difference| <= atol + rtol * max(|backprop|, |finite difference|),
the absolute-plus-relative test of numpy's `allclose` and PyTorch's `gradcheck`. `atol` is the finite
difference's own noise: a loss is rounded to ~eps * (|L| + 1) (the +1: targets and hinge margins are of
order one even when the loss is tiny), and dividing by 2h magnifies that, so a true gradient of 0 comes out
as a few 1e-11. Two more things make a finite difference differ from the derivative without any bug:
- a kink (ReLU at 0, hinge at margin 1) inside [p - h, p + h]: the central difference averages two slopes.
  It is detected (some ReLU unit or hinge margin changes side within the step), and the parameter is
  measured from the side without a kink, (-3 L(p) + 4 L(p + h) - L(p + 2h)) / 2h (second order, too),
  or if both sides have one, with h/10 or h/100 (the tolerance grows with the noise);
- curvature: a parameter outside the tolerance is measured again with 2h, and the spread of the two
  estimates is added to its tolerance.
What is still out of tolerance after that is a gradient that does not match its own loss.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine import batched

__all__ = ["ROUNDOFF", "RTOL", "STEP", "GradCheckResult", "check_gradients", "parameter_name", "parameter_position"]

STEP = 1e-5            # h: truncation error grows as h^2, round-off as eps/h; 1e-5 keeps both tiny
RTOL = 1e-5            # relative tolerance, well above the h^2 truncation error of a smooth loss
ROUNDOFF = 256.0       # atol = ROUNDOFF * eps * (|L| + 1) / h: ~60x the worst rounding seen in a sweep
ONE_SIDED_NOISE = 4.0  # the one-sided formula's weights (3 + 4 + 1) / 2 against the central one's (1 + 1) / 2
SHRINK = (1, 10, 100)  # step divisors tried, in order, while a kink lies within the step
EPS = float(np.finfo(np.float64).eps)
KINKS = ("ReLU", "hinge")      # the kinds of kink, in the order a report names them


@dataclass(frozen=True)
class GradCheckResult:
    total: int                   # parameters in the model
    sampled: int                 # parameters looked at (all, or an even spread on big models)
    around_kinks: int            # of those, measured one-sided or with a shorter step: a kink lies within +-h
    skipped: int                 # of those, not compared: kinks on both sides even within +-h/100
    kinks: tuple                 # the kinds of kink met: ("ReLU",), ("hinge",), both, or ()
    kinked: tuple                # the kinds of kink this network and loss have at all (relu units, hinge)
    failed: int                  # compared parameters outside the tolerance
    loss: float                  # the loss at the current weights
    atol: float
    rtol: float
    step: float                  # h
    max_difference: float        # largest |backprop - finite difference| among the compared parameters
    worst: int                   # index (MLP.parameters() order) of the parameter furthest out of tolerance
    worst_position: tuple        # (layer, neuron, input_index); input_index == nin is the bias
    worst_name: str              # "w1 of layer 2 neuron 3", "bias of output neuron 1"
    analytic: float              # the worst parameter's engine gradient
    numeric: float               # and its finite-difference estimate
    worst_rechecked: bool        # whether a step of 2h confirmed the worst parameter's finite difference

    @property
    def checked(self) -> int:
        """Parameters actually compared."""
        return self.sampled - self.skipped

    @property
    def passed(self) -> bool:
        return bool(np.isfinite(self.loss)) and self.checked > 0 and self.failed == 0

    def summary(self) -> str:
        if not np.isfinite(self.loss):
            return f"Cannot check: the loss is {self.loss} at these weights (the run diverged)."
        kinks = " and ".join(self.kinks)
        if self.checked == 0:
            return (f"Cannot check: every sampled parameter has {kinks} kinks on both sides, closer than "
                    f"±{self.step / SHRINK[-1]:g}.")
        tolerance = f"tolerance {self.atol:.1e} absolute + {self.rtol:g} relative"
        if self.checked == self.total:
            scope = f"all {self.total} parameters"
        elif self.sampled == self.total:
            scope = f"{self.checked} of {self.total} parameters"
        else:
            scope = f"{self.checked} of {self.total} parameters (an even spread)"
        if self.passed:
            text = (f"✓ backprop matches finite differences on {scope}: largest difference "
                    f"{self.max_difference:.1e}, {tolerance}.")
        else:
            text = (f"✗ backprop and finite differences disagree on {self.failed} of {self.checked} parameters "
                    f"({tolerance}). Worst: {self.worst_name}, backprop {self.analytic:.4e}, finite differences "
                    f"{self.numeric:.4e}. " + self._cause())
        if self.around_kinks:
            text += (f" {self.around_kinks} measured from one side or with a shorter step: a {kinks} kink lies "
                     f"within ±{self.step:g} of their value.")
        if self.skipped:
            text += f" {self.skipped} skipped: {kinks} kinks on both sides, closer than ±{self.step / SHRINK[-1]:g}."
        return text

    def _cause(self) -> str:
        """Why the worst parameter disagrees: only what was checked to be true for this network."""
        if not np.isfinite(self.numeric):
            return f"The loss is not finite within ±{self.step:g} of its value."
        if not np.isfinite(self.analytic):
            return "Backprop's gradient is not finite."
        why = "It is far beyond round-off"
        if self.kinked:
            why += f", no {' or '.join(self.kinked)} kink lies between the points measured"
        if self.worst_rechecked:
            why += ", and a step twice as long confirms the finite difference"
        return why + ": backprop's gradient does not match the loss."


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


def parameter_name(model, index: int) -> str:
    """"w1 of layer 2 neuron 3" (inputs counted from 0, layers and neurons from 1), "bias of output neuron 1"."""
    layer, neuron, k = parameter_position(model, index)
    what = "bias" if k == len(model.layers[layer].neurons[neuron].w) else f"w{k}"
    where = "output" if layer == len(model.layers) - 1 else f"layer {layer + 1}"
    return f"{what} of {where} neuron {neuron + 1}"


class _Probe:
    """The loss with one parameter moved, and which side of its kink every kinked quantity is on.

    The sides are the ones batched's backward pass branches on: a ReLU unit is on when its output is > 0,
    a hinge term when its margin 1 - t*s is > 0. tanh, sigmoid, mse, logistic and cross-entropy are smooth.
    """

    def __init__(self, model, X, targets, loss, l2, problem):
        self.net = batched.FlatNet.from_model(model)
        X = batched.check_inputs(X, model.nin)
        self.targets = batched.check_targets(targets, loss, self.net.sizes[-1], len(X), problem)
        self.n = self.net.set_inputs(X)
        self.loss, self.l2 = loss, float(l2)
        self.base_loss, self.base_sides = self.at(0, 0.0)

    def at(self, i: int, offset: float):
        """(loss, sides) with parameter i moved by offset; the parameter is put back."""
        theta = self.net.theta
        old = theta[i]
        theta[i] = old + offset
        value = self.net.loss_and_grad(self.n, self.targets, self.loss, self.l2, backward=False)[0]
        acts = self.net.buffers(self.n)[0]
        sides = {}
        relu = [a for a, name in zip(acts[1:-1], self.net.activations) if name == "relu"]  # hidden layers only
        if relu:
            sides["ReLU"] = np.concatenate([(a[:, :-1] > 0).ravel() for a in relu])
        if self.loss == "hinge":
            sides["hinge"] = (1.0 - self.targets * acts[-1] > 0).ravel()
        theta[i] = old
        return value, sides

    def crossed(self, *sides) -> tuple:
        """The kinds of kink on which any of `sides` differs from the unmoved network."""
        return tuple(kind for kind, on in self.base_sides.items()
                     if not all(np.array_equal(on, s[kind]) for s in sides))

    def derivative(self, i: int, h: float):
        """(estimate of dL/dp_i, its noise in units of the step-h central difference's, kinks within +-h).

        Central when no kink lies within +-h, else from a side that has none within 2h; failing both, the
        same with h/10 and h/100 (noisier by as much). NaN, noise 0 when kinks are closer than that.
        """
        kinds = ()
        for shrink in SHRINK:
            step = h / shrink
            up, up_sides = self.at(i, step)
            down, down_sides = self.at(i, -step)
            crossed = self.crossed(up_sides, down_sides)
            kinds = kinds or crossed
            if not crossed:
                return (up - down) / (2 * step), shrink, kinds
            for sign, near, near_sides in ((1.0, up, up_sides), (-1.0, down, down_sides)):
                if self.crossed(near_sides):
                    continue
                far, far_sides = self.at(i, 2 * sign * step)
                if not self.crossed(far_sides):
                    return sign * (4 * near - 3 * self.base_loss - far) / (2 * step), ONE_SIDED_NOISE * shrink, kinds
        return float("nan"), 0.0, kinds


def check_gradients(model, X, targets, loss: str, l2: float = 0.0, *, h: float = STEP,
                    max_params: int = 2000, problem: str = "classification") -> GradCheckResult:
    """Compare `loss_and_grad`'s gradients with finite differences; the model is left as it was.
    `problem="regression"` takes real targets (losses mse, huber; huber is smooth enough: no kink)."""
    if not (isinstance(h, float) and 0 < h < 1):
        raise ValueError(f"h must be a small positive float, got {h!r}")
    if not (isinstance(max_params, int) and max_params >= 1):
        raise ValueError(f"max_params must be a positive int, got {max_params!r}")
    params = model.parameters()
    saved_grads = [p.grad for p in params]
    loss_value = batched.loss_and_grad(model, X, targets, loss=loss, l2=l2, problem=problem)
    analytic = np.array([p.grad for p in params])
    for p, g in zip(params, saved_grads):        # the check must not disturb what the app shows
        p.grad = g
    total = len(params)
    # An even spread across all layers when the model is too big to check every parameter.
    chosen = np.unique(np.linspace(0, total - 1, min(total, max_params)).round().astype(int))
    a = analytic[chosen]
    atol = ROUNDOFF * EPS * (abs(loss_value) + 1.0) / h
    numeric = np.full(len(chosen), np.nan)
    noise = np.zeros(len(chosen))
    kinds_met: set = set()
    rechecked = np.zeros(len(chosen), dtype=bool)
    with np.errstate(all="ignore"):
        probe = _Probe(model, X, targets, loss, l2, problem) if np.isfinite(loss_value) else None
        for k, i in enumerate(chosen if probe is not None else ()):
            numeric[k], noise[k], kinds = probe.derivative(int(i), h)  # type: ignore[union-attr]
            kinds_met.update(kinds)
        compared = noise > 0
        diff = np.abs(a - numeric)
        tol = noise * atol + RTOL * np.maximum(np.abs(a), np.abs(numeric))
        # Out of tolerance: measure again with 2h; a curved loss moves the estimate by its truncation error.
        for j in np.flatnonzero(compared & ~(diff <= tol)):
            again, again_noise, _ = probe.derivative(int(chosen[j]), 2 * h)  # type: ignore[union-attr]
            if again_noise and np.isfinite(again):
                tol[j] += abs(again - numeric[j])
                rechecked[j] = True
    diff = np.where(np.isnan(diff), np.inf, diff)   # a NaN difference counts as out of tolerance
    bad = compared & ~(diff <= tol)
    ratio = np.where(compared, diff / tol, -1.0)
    k = int(np.argmax(ratio))
    worst = int(chosen[k])
    return GradCheckResult(
        total=total, sampled=len(chosen), around_kinks=int(np.count_nonzero(noise > 1)),
        skipped=int(np.count_nonzero(~compared)) if probe is not None else 0,
        kinks=tuple(kind for kind in KINKS if kind in kinds_met), failed=int(bad.sum()),
        kinked=tuple(probe.base_sides) if probe is not None else (),
        loss=float(loss_value), atol=float(atol), rtol=RTOL, step=h,
        max_difference=float(diff[compared].max()) if compared.any() else 0.0,
        worst=worst, worst_position=parameter_position(model, worst), worst_name=parameter_name(model, worst),
        analytic=float(a[k]), numeric=float(numeric[k]), worst_rechecked=bool(rechecked[k]))
