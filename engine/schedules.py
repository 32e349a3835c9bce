"""Learning-rate schedules: the learning rate of step k (0 for the first step) from the base rate.

A big step early moves fast, a small one late settles into a minimum; micrograd's demo decays its rate
linearly, ``lr = 1.0 - 0.9*k/100``, which is ``Schedule("linear", steps=100, final=0.1)`` with base 1.0
(the same float operations, so the same rates to the last bit).

* ``"constant"`` (the default): the base rate every step.
* ``"linear"``: from the base rate down to ``final`` x base in ``steps`` steps, then ``final`` x base:
  ``base * (1 - (1 - final) * k / steps)``.
* ``"step"``: multiplied by ``factor`` every ``steps`` steps, never below ``final`` x base:
  ``base * max(factor ** (k // steps), final)``.
* ``"cosine"``: half a cosine from the base rate to ``final`` x base in ``steps`` steps, then flat:
  ``base * (final + (1 - final) * (1 + cos(pi * k / steps)) / 2)``.

``final`` is > 0 (a rate of 0 would stop training and optimizers refuse it) and <= 1. A ``Schedule`` is a frozen
value; ``to_dict``/``from_dict`` give its JSON form for session files. ``engine.train.Trainer`` applies it.

Public: ``SCHEDULES``, ``Schedule``, ``CONSTANT``.
"""
from __future__ import annotations

import math
import numbers
from dataclasses import asdict, dataclass

__all__ = ["SCHEDULES", "Schedule", "CONSTANT"]

SCHEDULES = ("constant", "linear", "step", "cosine")


def _fraction(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 < value <= 1:
        raise ValueError(f"schedule {name} must be a number in (0, 1], got {value!r}")
    return float(value)


@dataclass(frozen=True)
class Schedule:
    kind: str = "constant"
    steps: int = 100      # linear, cosine: steps to reach final; step: steps between two drops
    final: float = 0.1    # the lowest rate, as a fraction of the base rate (not used by constant)
    factor: float = 0.5   # step: what each drop multiplies the rate by

    def __post_init__(self):
        if self.kind not in SCHEDULES:
            raise ValueError(f"unknown schedule {self.kind!r}; choose from {', '.join(SCHEDULES)}")
        if isinstance(self.steps, bool) or not isinstance(self.steps, numbers.Integral) or self.steps < 1:
            raise ValueError(f"schedule steps must be a whole number >= 1, got {self.steps!r}")
        object.__setattr__(self, "steps", int(self.steps))
        object.__setattr__(self, "final", _fraction("final", self.final))
        object.__setattr__(self, "factor", _fraction("factor", self.factor))

    def rate(self, base, k):
        """The learning rate of step ``k`` (0-based) for the base rate ``base``."""
        if self.kind == "constant":
            return base
        if self.kind == "step":
            return base * max(self.factor ** (k // self.steps), self.final)
        t = min(k, self.steps)
        if self.kind == "linear":
            return base * (1.0 - (1.0 - self.final) * t / self.steps)  # micrograd: 1.0 - 0.9*k/100
        return base * (self.final + (1.0 - self.final) * (1.0 + math.cos(math.pi * t / self.steps)) / 2)

    def to_dict(self):
        """JSON-native fields: {"kind", "steps", "final", "factor"}."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        """The inverse of ``to_dict``; ValueError naming what is wrong (unknown or missing fields too)."""
        if not isinstance(data, dict) or set(data) != {"kind", "steps", "final", "factor"}:
            raise ValueError(f"a schedule needs exactly the fields kind, steps, final, factor; got {data!r}")
        return cls(**data)


CONSTANT = Schedule()
