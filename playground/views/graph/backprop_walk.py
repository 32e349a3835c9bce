"""The backward pass, one node at a time, for the "Backprop step by step" mode. No Qt here.

It does what `Value.backward()` does: seed the root's grad with 1, then for each op node in reverse
topological order add `local * node.grad` to each child's grad, with the local derivatives the engine stored
in `_local`. Walked in the reverse of `engine.value.trace`'s order (the order `backward()` uses), the grads it
ends with equal `backward()`'s to the last bit. It never writes `.grad` on the Values: the walk keeps its own
numbers, so the real gradients stay intact.
"""
from __future__ import annotations

from dataclasses import dataclass


def value_order(root, stop=frozenset()) -> list:
    """The Values behind `root` in a topological order, leaves just before their first user, root last.

    Values whose id() is in `stop` count as leaves: the graph of one neuron ends at its layer's inputs.
    Iterative (graphs can be deep).
    """
    def is_leaf(v):
        return not v._prev or id(v) in stop

    if is_leaf(root):
        return [root]
    # Mark a node when it is expanded, not when first pushed: a node reached again later must still be
    # expanded above (before) the parent that reached it, or the order breaks.
    topo, visited, stack = [], set(), [(root, False)]
    while stack:
        v, expanded = stack.pop()
        if expanded:
            topo.append(v)
            continue
        if id(v) in visited:
            continue
        visited.add(id(v))
        stack.append((v, True))
        for c in reversed(v._prev):
            if id(c) not in visited and not is_leaf(c):
                stack.append((c, False))
    order, placed = [], set()
    for v in topo:
        for c in v._prev:
            if is_leaf(c) and id(c) not in placed:
                placed.add(id(c))
                order.append(c)
        order.append(v)
    return order


def values_for_trace(root, nodes, edges) -> list:
    """The Value behind each node of `engine.value.trace(root)`, matched by walking down from the root.

    trace lists each parent's distinct children in order, so a parent's edges pair up with its `_prev`; a
    pair must also agree on op, label and data, or this raises ValueError (the graph changed meanwhile).
    """
    children = {}
    for c, p in edges:
        children.setdefault(p, []).append(c)
    out = [None] * len(nodes)
    out[len(nodes) - 1] = root
    stack = [len(nodes) - 1]
    while stack:
        p = stack.pop()
        kids = list(dict.fromkeys(out[p]._prev))
        listed = children.get(p, [])
        if len(kids) != len(listed):
            raise ValueError(f"node {p}: trace lists {len(listed)} children, the Value has {len(kids)}")
        for ci, v in zip(listed, kids):
            n = nodes[ci]
            if n.op != v._op or n.label != v.label or not (n.data == v.data or n.data != n.data):
                raise ValueError(f"node {ci} of the trace does not match its Value ({n.op!r}, {v._op!r})")
            if out[ci] is None:
                out[ci] = v
                stack.append(ci)
            elif out[ci] is not v:
                raise ValueError(f"node {ci} of the trace matches two different Values")
    if any(v is None for v in out):
        raise ValueError("some traced nodes are not reachable from the root")
    return out


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
