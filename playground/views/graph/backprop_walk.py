"""The backward pass, one node at a time, for the "Backprop step by step" mode. No Qt here.

It does what `Value.backward()` does: seed the root's grad with 1, then for each op node in reverse
topological order add `local * node.grad` to each child's grad, with the local derivatives the engine stored
in `_local`. Walked over `engine.value.topological_order` (the order `trace` draws and, reversed, the order
`backward()` visits), the grads it ends with equal `backward()`'s to the last bit. It never writes `.grad`
on the Values: the walk keeps its own numbers, so the real gradients stay intact.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WalkStep:
    node: int            # index of the op node whose gradient was just pushed back
    edges: tuple         # (child, node) index pairs the gradient flowed along, one per distinct child
    grad: float          # that node's (final) gradient


class BackpropWalk:
    """Step through the backward pass over `values` (topological order, the root last).

    `grads[i]` is the gradient accumulated so far in values[i]; `step()` processes the next op node and
    returns what it did, or None when the walk is over. `seed` is the root's starting grad (1 for a loss;
    the true dL/d(out) when walking one neuron, whose inputs are `stop`ped leaves holding, at the end, only
    this neuron's share of their gradient).
    """

    def __init__(self, values, seed: float = 1.0, stop=frozenset()):
        values = list(values)
        if not values or not all(hasattr(v, "_prev") and hasattr(v, "_local") for v in values):
            raise ValueError("expected a non-empty list of engine Values")
        self.values = values
        self.seed = float(seed)
        index = {id(v): i for i, v in enumerate(values)}
        ops = [v for v in values if v._prev and id(v) not in stop]
        try:
            self._flows = {index[id(v)]: [(index[id(c)], float(l)) for c, l in zip(v._prev, v._local)]
                           for v in ops}
        except KeyError:
            raise ValueError("values must hold every child of every op node (or stop it)") from None
        # Reverse topological order over op nodes: the order backward() visits them.
        self._schedule = [index[id(v)] for v in reversed(ops)]
        rank = {p: k for k, p in enumerate(self._schedule)}
        if any(rank[p] >= rank[c] for p, flows in self._flows.items() for c, _ in flows if c in rank):
            raise ValueError("values are not in topological order")
        self._last_user = {}             # node -> rank of the last op that pushes a share into it
        for p, flows in self._flows.items():
            for c, _ in flows:
                self._last_user[c] = max(self._last_user.get(c, -1), rank[p])
        self.grads: list[float] = []
        self.touched: set[int] = set()
        self.position = 0
        self.reset()

    @property
    def total(self) -> int:
        return len(self._schedule)

    @property
    def done(self) -> bool:
        return self.position >= len(self._schedule)

    @property
    def root(self) -> int:
        return len(self.values) - 1

    def next_node(self) -> int | None:
        return None if self.done else self._schedule[self.position]

    def reset(self) -> None:
        self.grads = [0.0] * len(self.values)
        self.grads[self.root] = self.seed    # d(root)/d(root) = 1, as backward() seeds it
        self.touched = {self.root}
        self.position = 0

    def step(self) -> WalkStep | None:
        if self.done:
            return None
        p = self._schedule[self.position]
        self.position += 1
        g = self.grads[p]
        for c, local in self._flows[p]:
            self.grads[c] += local * g
            self.touched.add(c)
        return WalkStep(p, tuple(dict.fromkeys((c, p) for c, _ in self._flows[p])), g)

    def finished(self, i: int) -> bool:
        """Whether node i's gradient is final: every op that uses it has pushed its share back."""
        return i == self.root or self._last_user.get(i, -1) < self.position

    def run(self) -> None:
        while self.step() is not None:
            pass
