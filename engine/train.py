"""``Trainer``: one optimisation step at a time, on the scalar ``Value`` engine or the batched numpy one.

One ``step()`` is micrograd's training-loop body: forward pass over a batch, loss (+ l2 penalty), gradients,
one optimizer update. With ``engine="scalar"`` it builds the ``Value`` graph and calls ``backward()`` and an
``engine.optim`` optimizer (``engine.scalar_step``); with ``engine="batched"`` (the default, over 100x faster) it does the same math with
``engine.batched.FlatNet`` and ``engine.flat_optim``. Both follow the same update rules (PyTorch's), so from
the same starting weights they produce the same weights step after step (to ~1e-12; only float summation
order differs).

* ``step()`` returns a ``StepStats`` for the batch it used; loss and accuracy are measured at the weights
  *before* that step's update (they come out of the same forward pass as the gradient).
* ``problem="regression"`` trains one output on real targets with ``mse`` or ``huber``; its steps report
  ``r_squared`` (``engine.metrics``) and ``accuracy=None``, classification ones the reverse.
  ``evaluate`` returns (loss, the problem's metric): accuracy, or R².
* The model's ``Value``s are the truth: each batched step reads the weights from them first (≈7 µs for 337
  parameters), so a weight typed in by the user between steps is used by the next step, no sync needed.
  When ``step()`` returns, every Value holds its new weight in ``.data`` and this step's gradient in ``.grad``.
* Minibatches (``batch_size`` < number of points) walk through the data in epochs: a fresh permutation from
  the Trainer's own ``np.random.default_rng(seed)`` per epoch, consecutive chunks of ``batch_size`` points,
  the last chunk of an epoch smaller when it does not divide evenly. ``batch_size=None`` = full batch.
* A non-finite loss never raises: ``step()`` returns its stats (``stats.finite`` is False) and leaves the
  weights as they were (the gradient is meaningless). ``snapshot_weights()``/``restore_weights()`` and
  ``get_state()``/``set_state()`` let the app go back to the last finite weights.
* ``lr``, ``l2``, ``momentum``, ``batch_size``, ``optimizer`` and ``schedule`` can be changed between steps
  (validated properties). Changing ``optimizer`` starts it with fresh state; the others keep the state.
* ``lr`` is the base learning rate; ``schedule`` (an ``engine.schedules.Schedule``, constant by default) gives
  step k's rate from it, counted by ``step_count`` (so ``set_state`` resumes the schedule where it was).
  ``learning_rate`` is the rate the next step will use; ``StepStats.learning_rate`` the one a step used.

Public: ``Trainer``, ``StepStats``, ``encode_targets`` (labels -> the targets a loss expects; from
``engine.targets``), ``OPTIMIZERS``, ``ENGINES``.
"""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np

from engine import batched, optim
from engine.batched import FlatNet
from engine.checks import check_inputs, check_loss, check_positive, check_problem, check_targets
from engine.flat_optim import FlatAdam, FlatSGD
from engine.metrics import r_squared
from engine.scalar_step import scalar_step
from engine.schedules import CONSTANT, Schedule
from engine.targets import encode_targets

__all__ = ["Trainer", "StepStats", "encode_targets", "OPTIMIZERS", "ENGINES"]

OPTIMIZERS = ("sgd", "momentum", "adam")
ENGINES = ("batched", "scalar")


@dataclass(frozen=True, slots=True)
class StepStats:
    step: int  # 1 after the first step
    loss: float  # batch loss: mean data loss + l2 * sum(p^2), before the update
    accuracy: float | None  # fraction of the batch classified correctly, before the update (None: regression)
    data_loss: float  # the loss without the l2 term
    batch_size: int  # points in this step's batch
    learning_rate: float = math.nan  # the rate this step's update used (the schedule's, from the base lr)
    r_squared: float | None = None  # regression: R² of the batch before the update (NaN if its targets are equal)

    @property
    def finite(self):
        return math.isfinite(self.loss)


class Trainer:
    """Trains ``model`` (an engine.nn.MLP) on inputs ``X`` (N, model.nin) and targets ``y`` (+-1 for the
    binary losses, class ids for cross_entropy, real values in regression; see ``encode_targets``). ``optimizer``: "sgd" (plain),
    "momentum" (SGD with ``momentum``) or "adam" (``betas``, ``eps``). A model whose structure changes needs
    a new Trainer."""

    def __init__(self, model, X, y, loss="hinge", l2=0.0, optimizer="sgd", lr=0.1, momentum=0.9,
                 batch_size=None, engine="batched", seed=0, betas=(0.9, 0.999), eps=1e-8, schedule=CONSTANT,
                 problem="classification"):
        if engine not in ENGINES:
            raise ValueError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
        self.model, self.engine, self.seed = model, engine, seed
        self.problem = check_problem(problem)  # fixed: a new problem needs a new Trainer
        self._params = model.parameters()
        self._net = FlatNet([model.nin, *model.nouts], model.activation)
        self._eval_net = FlatNet([model.nin, *model.nouts], model.activation)
        self._rng = np.random.default_rng(seed)
        if len(betas) != 2:
            raise ValueError(f"betas must be a pair (beta1, beta2), got {betas!r}")
        self.betas = tuple(check_positive("beta", b, allow_zero=True, below_one=True) for b in betas)
        self.eps = check_positive("eps", eps)
        self.step_count = 0
        self._stepped_batched = False   # FlatNet.theta holds the last batched step's weights
        self.lr, self.l2, self.momentum, self.batch_size = lr, l2, momentum, None
        self.set_data(X, y, loss)
        self.batch_size = batch_size
        self.optimizer = optimizer
        self.schedule = schedule

    # ---- settings (validated; may change between steps) ----
    l2 = property(lambda self: self._l2,
                  lambda self, v: setattr(self, "_l2", check_positive("l2", v, allow_zero=True)))

    @property
    def lr(self):
        return self._lr

    @lr.setter
    def lr(self, value):
        self._lr = check_positive("lr", value)
        if getattr(self, "_opt", None) is not None:
            self._opt.lr = self._lr

    @property
    def momentum(self):
        return self._momentum

    @momentum.setter
    def momentum(self, value):
        self._momentum = check_positive("momentum", value, allow_zero=True, below_one=True)
        if getattr(self, "_opt", None) is not None and self._name == "momentum":
            self._opt.momentum = self._momentum

    @property
    def schedule(self):
        return self._schedule

    @schedule.setter
    def schedule(self, value):
        if not isinstance(value, Schedule):
            raise ValueError(f"schedule must be an engine.schedules.Schedule, got {value!r}")
        self._schedule = value

    @property
    def learning_rate(self):
        """The rate the next step will use: the schedule's rate for step ``step_count`` from ``lr``."""
        return self._schedule.rate(self._lr, self.step_count)

    @property
    def batch_size(self):
        return self._batch_size

    @batch_size.setter
    def batch_size(self, value):
        if value is not None and (isinstance(value, bool) or not isinstance(value, numbers.Integral)
                                  or value < 1):
            raise ValueError(f"batch_size must be None (full batch) or an int >= 1, got {value!r}")
        self._batch_size = None if value is None else int(value)

    @property
    def optimizer(self):
        return self._name

    @optimizer.setter
    def optimizer(self, name):
        if name not in OPTIMIZERS:
            raise ValueError(f"unknown optimizer {name!r}; choose from {', '.join(OPTIMIZERS)}")
        self._name = name
        # the same rules either way: engine.optim over the Values, engine.flat_optim over FlatNet.theta
        momentum = self._momentum if name == "momentum" else 0.0
        if self.engine == "scalar":
            if name == "adam":
                self._opt = optim.Adam(self._params, lr=self._lr, betas=self.betas, eps=self.eps)
            else:
                self._opt = optim.SGD(self._params, lr=self._lr, momentum=momentum)
        elif name == "adam":
            self._opt = FlatAdam(len(self._params), self._lr, self.betas, self.eps)
        else:
            self._opt = FlatSGD(len(self._params), self._lr, momentum)

    @property
    def loss(self):
        return self._loss

    def set_data(self, X, y, loss=None):
        """Replace the training data (and optionally the loss); the next minibatch starts a new epoch."""
        loss = check_loss(self._loss if loss is None else loss, self.problem)
        X = check_inputs(X, self.model.nin)
        t = check_targets(y, loss, self.model.nouts[-1], len(X), self.problem)
        self._X, self._t, self._loss, self._n = X.copy(), t, loss, len(X)  # a copy: the caller may edit X
        self._rows = X.tolist()
        self._order, self._pos = None, 0
        self._net.set_inputs(X)
        self._full_bufs = self._net.buffers(self._n)

    # ---- training ----
    def _next_batch(self):
        bs = self._batch_size
        if bs is None or bs >= self._n:
            return None
        if self._order is None or self._pos >= self._n:
            self._order, self._pos = self._rng.permutation(self._n), 0
        idx = self._order[self._pos:self._pos + bs]
        self._pos += bs
        return idx

    def step(self):
        rate = self._opt.lr = self.learning_rate
        idx = self._next_batch()
        if self.engine == "scalar":
            total, data, correct, n, scores = scalar_step(self.model, self._rows, self._t, idx, self._loss,
                                                          self._l2, self.problem, self._opt)
        else:
            total, data, correct, n, scores = self._step_batched(idx)
        self.step_count += 1
        if self.problem == "regression":
            r2 = r_squared(scores, self._t if idx is None else self._t[idx])
            return StepStats(self.step_count, total, None, data, n, rate, r2)
        return StepStats(self.step_count, total, correct / n, data, n, rate)

    def _step_batched(self, idx):
        net, params = self._net, self._params
        net.theta[:] = [p.data for p in params]  # the Values are the truth (the user may edit them)
        if idx is None:
            n, t = self._n, self._t
            if net._bufs.get(n) is not self._full_bufs:  # evicted by other batch sizes: refill
                net.set_inputs(self._X)
                self._full_bufs = net.buffers(n)
        else:
            n, t = net.set_inputs(self._X[idx]), self._t[idx]
        with np.errstate(all="ignore"):  # divergence is reported through the loss, not warnings
            total, data, correct = net.loss_and_grad(n, t, self._loss, self._l2)
            if math.isfinite(total):
                self._opt.step(net.theta, net.grad)
        for p, w, g in zip(params, net.theta.tolist(), net.grad.tolist()):
            p.data = w
            p.grad = g
        self._stepped_batched = True
        return total, data, correct, n, net.buffers(n)[0][-1]

    # ---- evaluation and state ----
    def evaluate(self, X, y, include_l2=True):
        """(loss, metric) of the current weights on any data (e.g. the test split), batched math: the metric
        is the accuracy in classification, R² in regression (``engine.metrics.METRICS``).

        ``loss`` is the same quantity as ``StepStats.loss`` (with the l2 term unless ``include_l2=False``)."""
        X = check_inputs(X, self.model.nin)
        t = check_targets(y, self._loss, self.model.nouts[-1], len(X), self.problem)
        net = self._eval_net
        net.theta[:] = [p.data for p in self._params]
        with np.errstate(all="ignore"):
            total, data, correct = net.loss_and_grad(net.set_inputs(X), t, self._loss, self._l2,
                                                     backward=False)
        loss = total if include_l2 else data
        if self.problem == "regression":
            return loss, r_squared(net.buffers(len(X))[0][-1], t)
        return loss, correct / len(X)

    def layers(self):
        """The current weights as [(W, b)] arrays (fresh copies), for GridEvaluator and friends."""
        return batched.layer_arrays(self.model)

    def snapshot_weights(self):
        """The weights as a plain list of floats, in ``model.parameters()`` order."""
        return [p.data for p in self._params]

    def stepped_weights(self):
        """The weights the last ``step()`` left, as a new float64 vector in ``model.parameters()`` order: for a
        per-step record, taken right after ``step()`` (a weight typed in since is not in it on the batched
        engine, which copies the vector it updated: ~1 µs instead of reading every Value)."""
        if self.engine == "batched" and self._stepped_batched:
            return self._net.theta.copy()
        return np.array([p.data for p in self._params])

    def restore_weights(self, weights):
        weights = [float(w) for w in weights]
        if len(weights) != len(self._params):
            raise ValueError(f"expected {len(self._params)} weights, got {len(weights)}")
        if not all(map(math.isfinite, weights)):
            raise ValueError("weights must be finite")
        for p, w in zip(self._params, weights):
            p.data = w
        self._stepped_batched = False

    def get_state(self):
        """Weights, step count and optimizer state as plain JSON-able data (not the minibatch order).

        ``optimizer_state`` always has the keys ``t``, ``buf``, ``m``, ``v`` (None where the optimizer has no
        such state); it is the same for both engines, so a state saved from one loads into the other."""
        return {"weights": self.snapshot_weights(), "step": self.step_count, "optimizer": self._name,
                "optimizer_state": {"t": 0, "buf": None, "m": None, "v": None, **self._opt.state_dict()}}

    def set_state(self, state):
        self.optimizer = state["optimizer"]  # a fresh optimizer of the saved kind, then its saved state
        self.restore_weights(state["weights"])
        self.step_count = int(state["step"])
        self._opt.load_state_dict(state["optimizer_state"])
