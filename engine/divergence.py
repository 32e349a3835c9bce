"""``DivergenceGuard``: tells when a training run has diverged, from the losses its steps report.

A run has diverged when a step's loss is infinite or NaN, or when it has blown up without overflowing: the
loss stayed far above where the run started for most of the last few steps. Adam at learning rate 10 does
the second: every weight moves by ~10 a step, the loss jumps a thousandfold and never overflows.

Where it started is the first loss the guard sees after ``reset()``, but never below ``REFERENCE_FLOOR``: a
net that outputs zeros already scores about 1 on every loss (hinge 1, MSE 1, logistic ln 2, cross-entropy
ln K), so a run resumed from excellent weights (loss 0.01) is not called blown up at loss 0.1. The rule looks
at the data loss (without the l2 term), so a stronger l2 penalty does not read as a blow-up.

Feed it every step's ``StepStats`` (``observe``); it answers ``""`` while the run is fine, or what happened
("the loss blew up"), and ``detail`` then says how.

The thresholds were checked on the moons, circle, xor and spiral presets (2-8-8-1, tanh and relu, full batch
and 10-point batches, every loss and optimizer, learning rates 0.03 to 1, 2,000 steps): the rule fired only
on MSE runs at learning rate 0.3 or more, each of which overflowed or ended at chance accuracy.
"""
from __future__ import annotations

import math
from collections import deque

__all__ = ["DivergenceGuard", "BLOW_UP_FACTOR", "BLOW_UP_WINDOW", "BLOW_UP_STEPS", "REFERENCE_FLOOR"]

BLOW_UP_FACTOR = 10.0      # "far above": this many times the starting loss
BLOW_UP_WINDOW = 20        # of the last this many steps...
BLOW_UP_STEPS = 15         # ...at least this many were far above (minibatch losses are noisy)
REFERENCE_FLOOR = 1.0      # the starting loss counts as at least this (see the module docstring)


class DivergenceGuard:
    def __init__(self):
        self._recent = deque(maxlen=BLOW_UP_WINDOW)    # True where a step's loss was far above the start
        self.reset()

    def reset(self) -> None:
        """A new start (fresh or restored weights, new data): the next loss is where the run starts."""
        self._recent.clear()
        self._above = 0                                # how many of _recent are True
        self._reference = None
        self.detail = ""                               # how the last verdict was reached, as a sentence

    @property
    def threshold(self) -> float | None:
        """The loss above which a step counts as blown up (None before the first step)."""
        return None if self._reference is None else BLOW_UP_FACTOR * self._reference

    def observe(self, stats) -> str:
        """One step's StepStats in; "" while the run is fine, else what happened (a short phrase)."""
        if not (math.isfinite(stats.loss) and math.isfinite(stats.data_loss)):
            self.detail = f"The step's loss was {stats.loss}."
            return "the loss became infinite or NaN"
        reference = self._reference if self._reference is not None else max(stats.data_loss, REFERENCE_FLOOR)
        self._reference = reference
        if len(self._recent) == self._recent.maxlen:
            self._above -= self._recent[0]
        far_above = stats.data_loss > BLOW_UP_FACTOR * reference
        self._recent.append(far_above)
        self._above += far_above
        if self._above >= BLOW_UP_STEPS:
            self.detail = (f"It stayed above {self.threshold:.3g} ({BLOW_UP_FACTOR:g}× where it started) for "
                           f"{self._above} of the last {len(self._recent)} steps.")
            return "the loss blew up"
        return ""
