"""The training timeline: weight checkpoints to scrub back through a run, kept bounded.

Qt-free. The worker adds one checkpoint per step (its step, its loss, the flat weight vector in
``MLP.parameters()`` order), with ``add`` or a slice of steps at once with ``add_many``; the timeline views look
one up by step (``nearest``); "resume from here" truncates the rest (``truncate_after``).

Bounded, and densest where the loss moved. Every step is kept at first. Once a run outgrows
``max_checkpoints`` (2,000), two rules keep it there:
* at add time, the newest checkpoint replaces the one before it unless that one earned its place: it lies
  ``stride`` steps past the checkpoint before it, or the loss changed by ``LOSS_JUMP`` of the loss range seen
  since (so a sudden drop is recorded step by step, a plateau once every ``stride`` steps);
* when full, the store is compacted to 3/4 of its bound by ``keep_mask`` (model/thinning.py: the least
  important interior checkpoints go); ``stride`` is then set to the remaining average spacing.
The first and the latest checkpoints are never dropped.

Weights stay in the row they were written to: a position's row is ``_slots[i]``, and compacting moves only
steps, losses and row numbers (moving the weights cost ~20 ms of the GUI thread on a 3,300-weight network,
every ~500 steps); the rows it frees are reused.

Saved as JSON-native lists (``to_dict``), thinned by the same rule to fit a byte budget (an upper bound); ``from_dict``
validates every field and names the one it refuses.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from playground.model.checkpoints_json import MAX_BYTES, check_timeline, timeline_to_dict
from playground.model.json_values import is_int
from playground.model.thinning import keep_mask

MAX_CHECKPOINTS = 2_000
LOSS_JUMP = 0.02                 # of the loss range seen: a change this large earns a checkpoint at any spacing


@dataclass(frozen=True)
class Checkpoint:
    step: int
    loss: float
    weights: np.ndarray          # read-only copy


def nearest_index(steps: np.ndarray, step: float) -> int | None:
    """The index in increasing ``steps`` of the one nearest ``step`` (the earlier one on a tie); None if none."""
    n = len(steps)
    if not n:
        return None
    i = int(np.searchsorted(steps, step))
    if i == n or (i > 0 and step - steps[i - 1] <= steps[i] - step):
        i -= 1
    return i


class CheckpointStore:
    """At most ``max_checkpoints`` (step, loss, weights) checkpoints, steps strictly increasing."""

    def __init__(self, max_checkpoints: int = MAX_CHECKPOINTS):
        if not (is_int(max_checkpoints) and max_checkpoints >= 4):
            raise ValueError(f"max_checkpoints must be a whole number >= 4, got {max_checkpoints!r}")
        self.max_checkpoints = max_checkpoints
        self.stride = 1
        self._low: float = math.inf
        self._high: float = -math.inf
        self._last: tuple[int, float] = (0, 0.0)
        self._before: tuple[int, float] = (0, 0.0)
        self.clear()

    def clear(self) -> None:
        """Forget every checkpoint (a new model: the weights may change size)."""
        self._steps = np.zeros(0, dtype=np.int64)
        self._losses = np.zeros(0)
        self._weights = np.zeros((0, 0))
        self._slots = np.zeros(0, dtype=np.int64)   # position i's weights are _weights[_slots[i]]
        self._free: list[int] = []                  # rows no position uses, next one last
        self._n = 0
        self._sync()

    def __len__(self) -> int:
        return self._n

    @property
    def n_params(self) -> int | None:
        return self._weights.shape[1] if self._n else None

    @property
    def steps(self) -> np.ndarray:
        view = self._steps[:self._n]
        view.flags.writeable = False
        return view

    @property
    def losses(self) -> np.ndarray:
        view = self._losses[:self._n]
        view.flags.writeable = False
        return view

    def __getitem__(self, i: int) -> Checkpoint:
        if not -self._n <= i < self._n:
            raise IndexError(f"checkpoint {i} of {self._n}")
        i %= self._n
        weights = self._weights[self._slots[i]].copy()
        weights.flags.writeable = False
        return Checkpoint(int(self._steps[i]), float(self._losses[i]), weights)

    def add(self, step: int, loss: float, weights) -> bool:
        """Record the weights after ``step``. Returns False, storing nothing, when the loss or a weight is
        not finite (a diverged step is no place to go back to). ValueError when the step does not come after
        the latest one, or the weights are not a flat vector of the size stored so far.

        Called once per training step, so it stays lean: the weights' finiteness is read off their sum (NaN
        and inf propagate; only a sum past 1.8e308, weights long diverged, is refused with them)."""
        if not isinstance(step, (int, np.integer)) or isinstance(step, bool) or step < 0:
            raise ValueError(f"step must be a whole number >= 0, got {step!r}")
        if self._n and step <= self._last[0]:
            raise ValueError(f"step {step} does not come after the latest checkpoint's {self._last[0]} "
                             f"(truncate_after() first to resume earlier)")
        w = np.asarray(weights, dtype=np.float64)
        if w.ndim != 1 or (self._n and w.size != self._weights.shape[1]):
            raise ValueError(f"weights must be a flat vector of {self.n_params or 'N'} numbers, got shape "
                             f"{w.shape} (clear() when the model is re-created)")
        loss = float(loss)
        if not (math.isfinite(loss) and math.isfinite(w.sum())):
            return False
        if self._weights.shape[1] != w.size:
            self._allocate(w.size)
        self._weights[self._push(int(step), loss)] = w
        if self._n > self.max_checkpoints:
            self._compact(self.max_checkpoints * 3 // 4)
        return True

    def _push(self, step: int, loss: float) -> int:
        """Place (step, loss) as the latest checkpoint: after the current latest if that one earned its place,
        else over it. Returns the slot; the caller writes the weights there."""
        if self._n < 2 or self._earned():
            self._slots[self._n] = self._free.pop()
            self._n += 1
            self._before = self._last
        i = self._n - 1
        self._steps[i], self._losses[i] = step, loss
        self._last = (step, loss)
        if loss < self._low:
            self._low = loss
        if loss > self._high:
            self._high = loss
        return int(self._slots[i])

    def add_many(self, steps, losses, weights) -> int:
        """``add`` for each of m steps in turn (same rule, same result), faster: steps (m,) whole numbers,
        losses (m,), weights (m, n_params). Returns how many were finite and so recorded. For a worker that
        trains in slices of steps."""
        steps_array = np.asarray(steps)
        if steps_array.ndim != 1 or (steps_array.size and steps_array.dtype.kind not in "iu"):
            raise ValueError("steps must be a list of whole numbers")
        step_list = steps_array.tolist()
        losses_array = np.asarray(losses, dtype=np.float64)
        W = np.asarray(weights, dtype=np.float64)
        width = self._weights.shape[1] if self._n else None
        if W.ndim != 2 or len(W) != len(step_list) or losses_array.shape != (len(step_list),) or (
                width is not None and W.shape[1] != width):
            raise ValueError(f"need one loss and one flat vector of {width or 'N'} weights per step, got "
                             f"{len(step_list)} steps, losses {losses_array.shape}, weights {W.shape} "
                             f"(clear() when the model is re-created)")
        if not step_list:
            return 0
        after = self._last[0] if self._n else -1
        if step_list[0] < 0 or step_list[0] <= after or any(b <= a for a, b in zip(step_list, step_list[1:])):
            raise ValueError(f"steps must be whole numbers >= 0, increasing, after the latest checkpoint's "
                             f"{after} (truncate_after() first to resume earlier)")
        finite = np.isfinite(losses_array) & np.isfinite(W).all(axis=1)
        rows = np.flatnonzero(finite).tolist()
        if rows and self._weights.shape[1] != W.shape[1]:
            self._allocate(W.shape[1])
        loss_list = losses_array.tolist()
        pending: dict[int, int] = {}       # slot -> row of W: weights are copied once, when they stay
        for row in rows:
            pending[self._push(step_list[row], loss_list[row])] = row
            if self._n > self.max_checkpoints:
                self._flush(pending, W)
                self._compact(self.max_checkpoints * 3 // 4)
        self._flush(pending, W)
        return len(rows)

    def _flush(self, pending: dict, W: np.ndarray) -> None:
        if pending:
            self._weights[list(pending)] = W[list(pending.values())]
            pending.clear()

    def _allocate(self, width: int) -> None:
        self._steps = np.zeros(self.max_checkpoints + 1, dtype=np.int64)
        self._losses = np.zeros(self.max_checkpoints + 1)
        self._weights = np.zeros((self.max_checkpoints + 1, width))
        self._slots = np.zeros(self.max_checkpoints + 1, dtype=np.int64)
        self._free = list(range(self.max_checkpoints, -1, -1))

    def _earned(self) -> bool:
        """Does the latest checkpoint stay when the next one comes (rather than be replaced by it)?"""
        (step, loss), (before_step, before_loss) = self._last, self._before
        if step - before_step >= self.stride:
            return True
        change = abs(loss - before_loss)          # > 0: a flat loss (range 0) earns nothing by this rule
        return change > 0 and change >= LOSS_JUMP * (self._high - self._low)

    def _compact(self, target: int) -> None:
        mask = keep_mask(self._steps[:self._n], self._losses[:self._n], target)
        keep = np.flatnonzero(mask)
        m = len(keep)
        self._free.extend(self._slots[:self._n][~mask].tolist())
        self._steps[:m], self._losses[:m], self._slots[:m] = self._steps[keep], self._losses[keep], self._slots[keep]
        self._n = m
        self._sync()

    def _sync(self) -> None:
        """Re-derive the stride, the loss range and the latest two checkpoints from the arrays."""
        n, steps, losses = self._n, self._steps, self._losses
        self.stride = max(1, int(steps[n - 1] - steps[0]) // (self.max_checkpoints * 3 // 4)) if n else 1
        self._low, self._high = (float(losses[:n].min()), float(losses[:n].max())) if n else (math.inf, -math.inf)
        self._last = (int(steps[n - 1]), float(losses[n - 1])) if n else (0, 0.0)
        self._before = (int(steps[n - 2]), float(losses[n - 2])) if n > 1 else self._last

    def nearest_index(self, step: float) -> int | None:
        """The index of the checkpoint nearest ``step`` (the earlier one on a tie), or None when empty."""
        return nearest_index(self._steps[:self._n], step)

    def weights_at(self, indices) -> np.ndarray:
        """(K, n_params) copies of the weights of checkpoints ``indices`` (positions, in order given)."""
        indices = np.asarray(indices, dtype=np.int64)
        if indices.size and not (0 <= indices.min() and indices.max() < self._n):
            raise IndexError(f"checkpoints {indices.min()}..{indices.max()} of {self._n}")
        return self._weights[self._slots[indices]] if self._n else np.zeros((0, 0))

    def nearest(self, step: float) -> Checkpoint | None:
        i = self.nearest_index(step)
        return None if i is None else self[i]

    def truncate_after(self, step: int) -> int:
        """Drop every checkpoint after ``step`` ("resume from here"); returns how many went."""
        m = int(np.searchsorted(self._steps[:self._n], step, side="right"))
        self._free.extend(self._slots[m:self._n].tolist())
        dropped, self._n = self._n - m, m
        self._sync()
        return dropped

    def tail_after(self, step: int) -> tuple:
        """Copies of the checkpoints after ``step``: (steps, losses, weights), what ``truncate_after`` would
        drop, for ``put_back`` (undoing a resume)."""
        m = int(np.searchsorted(self._steps[:self._n], step, side="right"))
        return self._steps[m:self._n].copy(), self._losses[m:self._n].copy(), self.weights_at(np.arange(m, self._n))

    def put_back(self, tail: tuple) -> None:
        """Append a ``tail_after`` result as it was (no thinning rule at add time); its steps must come after
        the latest checkpoint. Over the bound, the whole store is compacted as usual."""
        steps, losses, weights = tail
        if not len(steps):
            return
        if self._n and (steps[0] <= self._steps[self._n - 1] or weights.shape[1] != self._weights.shape[1]):
            raise ValueError("put_back: the checkpoints must come after the latest one, with as many weights")
        self._load(np.concatenate((self._steps[:self._n], steps)), np.concatenate((self._losses[:self._n], losses)),
                   np.concatenate((self.weights_at(np.arange(self._n)), weights)) if self._n else weights)

    def _load(self, steps: np.ndarray, losses: np.ndarray, weights: np.ndarray) -> None:
        """Hold exactly these checkpoints (thinned to the bound by keep_mask if more)."""
        keep = keep_mask(steps, losses, self.max_checkpoints)
        steps, losses, weights = steps[keep], losses[keep], weights[keep]
        n = len(steps)
        self._allocate(weights.shape[1])
        self._steps[:n], self._losses[:n], self._weights[:n] = steps, losses, weights
        self._slots[:n] = np.arange(n)
        del self._free[len(self._free) - n:]        # rows 0..n-1: the last n of the free list
        self._n = n
        self._sync()

    def to_dict(self, max_bytes: int = MAX_BYTES) -> dict:
        """{"version", "steps", "losses", "weights"} as JSON-native lists whose JSON fits ``max_bytes``
        (checkpoints_json.timeline_to_dict: thinned by keep_mask; ValueError if two checkpoints cannot fit)."""
        return timeline_to_dict(self, max_bytes)

    @classmethod
    def from_dict(cls, data, n_params: int | None = None,
                  max_checkpoints: int = MAX_CHECKPOINTS) -> CheckpointStore:
        """A store from a to_dict()-shaped dict. ValueError naming the field ("field 'timeline.steps[3]': ...")
        for anything else; weights must have ``n_params`` numbers each when given. A longer timeline than
        ``max_checkpoints`` is thinned on the way in."""
        steps, losses, weights = check_timeline(data, n_params)
        store = cls(max_checkpoints)
        if len(steps):
            store._load(steps, losses, weights)
        return store
