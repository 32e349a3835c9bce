"""The loss plot's one-line readout: 'step 3,000   train 0.052 · 99.9%   test 0.085 · 94.9%', at the hovered
step or the latest one, in the curves' colours (Qt-free: it reads a LossHistory and returns rich text)."""
from __future__ import annotations

import numpy as np

from playground.model.history import Curves, LossHistory

NO_STEPS = "No steps yet: press Train, or Step for a single step"


def readout_html(history: LossHistory, at: float | None, colours: dict, extra: str = "",
                 metric: str = "accuracy") -> tuple[str, float | None]:
    """(rich text, the step it reads) at step `at` (None: the latest; then `extra`, e.g. the learning rate,
    goes at the end); the step is None when there are no steps yet. `metric`: "accuracy" (a percentage) or,
    in regression, "R²"."""
    train, evals, test = (history.groups[g] for g in ("train", "eval", "test"))
    if not train.n and not evals.n:
        return NO_STEPS, None
    step = value_at(train if train.n else evals, 0, at)
    shown = "{:.1%}" if metric == "accuracy" else "R² {:.3f}"
    # Evaluations are sparser than steps: the latest one at or before the step read (none yet: not shown),
    # never a later one, which would show figures the network did not have at that step.
    seen = None if at is None else step
    test_row = value_before(test, seen)
    eval_row = value_before(evals, seen)
    values = {"train": [f"{value_at(train, 1, at):.3g}"] if train.n else [],
              "test": [f"{test_row[1]:.3g}", shown.format(test_row[2])] if test_row is not None else []}
    if eval_row is not None:
        values["train"].append(shown.format(eval_row[1]))
    parts = [f"step {step:,.0f}"] + [f"<span style='color:{colours[split]}'>{split} <b>{' · '.join(v)}</b></span>"
                                     for split, v in values.items() if v]
    if at is None and extra:
        parts.append(extra)
    return "&nbsp;&nbsp;&nbsp;".join(parts), step


def value_at(columns: Curves, i: int, x: float | None) -> float:
    """The value in column i at the recorded step nearest to x (the latest one when x is None)."""
    if x is None:
        return columns.last(i)
    steps = columns.column(0)
    j = int(np.clip(np.searchsorted(steps, x), 1, columns.n - 1)) if columns.n > 1 else 0
    if j and abs(steps[j - 1] - x) <= abs(steps[j] - x):
        j -= 1
    return float(columns.column(i)[j])


def value_before(columns: Curves, x: float | None) -> tuple | None:
    """The row (step, values...) recorded last at or before step x (the latest one when x is None); None when
    there is none."""
    if not columns.n:
        return None
    j = columns.n - 1 if x is None else int(np.searchsorted(columns.column(0), x, side="right")) - 1
    return None if j < 0 else columns.row(j)
