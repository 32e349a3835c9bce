"""The weights to go back to after a divergence: the lowest loss on the whole train split seen so far."""
from __future__ import annotations

import math

from engine.nn import flat_weights, set_flat_weights


class BestWeights:
    def __init__(self):
        self.loss = math.nan
        self.step = -1
        self.weights: list | None = None

    def __bool__(self) -> bool:
        return self.weights is not None

    def clear(self) -> None:
        self.loss, self.step, self.weights = math.nan, -1, None

    def offer(self, loss: float, step: int, model) -> None:
        """Checkpoint the model's weights if `loss` (finite) is the lowest yet."""
        if math.isfinite(loss) and (not self or loss < self.loss):
            self.loss, self.step, self.weights = loss, step, flat_weights(model)

    def remeasure(self, model, train_loss) -> None:
        """New data: the best weights' loss on it (they stay the ones to go back to if still finite);
        train_loss() measures the model as it is."""
        if not self:
            return
        current = flat_weights(model)
        set_flat_weights(model, self.weights)
        loss = train_loss()
        set_flat_weights(model, current)
        if math.isfinite(loss):
            self.loss = loss
        else:
            self.clear()

    def put_into(self, model) -> None:
        set_flat_weights(model, self.weights)

    def diverged_message(self, reason: str, detail: str) -> str:
        # What to do comes first: the status bar shows the start of it (the whole text is its tooltip).
        head = f"{reason[0].upper()}{reason[1:]}: paused."
        if not self:
            return f"{head} Press Reset for fresh weights from the seed. {detail}".rstrip()
        return (f"{head} Lower the learning rate and Train again: it goes on from the best weights (step "
                f"{self.step:,}), or Restore them. {detail}").rstrip()
