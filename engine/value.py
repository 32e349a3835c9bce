"""Scalar reverse-mode autograd: micrograd's `Value`, without its reference cycles and its recursion.

micrograd stores a closure `_backward` on every node; the closure captures `out`, and `out` holds the
closure, so every node is a reference cycle that only Python's cyclic GC can free (that GC is most of
micrograd's time per training step). Here a node stores instead the *local derivative* of its output with
respect to each child (`_local`, aligned with `_prev`); `backward()` applies the chain rule edge by edge,
`child.grad += local * node.grad`. No closures, no cycles: a dropped graph is freed by reference counting
at once, and `backward()` is a loop, so a 100,000-node-deep chain backpropagates.

Numbers are micrograd's to the last bit: every op does the same float arithmetic in the same order
(`a - b` is `a + (-b)`, `a / b` is `a * b**-1`, a neuron's sum starts at the bias), so a seeded micrograd
script prints the same losses. (Gradient accumulation order can differ from micrograd's, which iterates a
`set` of children in memory-address order; gradients agree to the last bit or two.)

Data rule: `Value(x)` made from user data requires a finite real number (TypeError for non-numbers,
ValueError for NaN/inf). Results of ops are not checked: a diverging run may overflow to inf/NaN and
training code can see and report it.

Public: `Value` (`data`, `grad`; ops `+ - * / **`, `relu`, `tanh`, `sigmoid`, `exp`, `log`; the fused
`Value.dot` and `Value.sum`; `backward()`), and `trace(root) -> (nodes, edges)`, a plain-data snapshot of
the graph behind `root` (`TraceNode`s) for drawing.
"""
import itertools
import math
import numbers
from dataclasses import dataclass
from functools import reduce
from operator import add, attrgetter, mul

__all__ = ["Value", "trace", "TraceNode", "topological_order"]


def _as_float(x):
    """A user-given number as a float; TypeError for non-numbers, ValueError for NaN/inf."""
    if not isinstance(x, numbers.Real):  # int, float, bool, numpy scalars, Fraction...
        raise TypeError(f"Value needs a real number, got {type(x).__name__}: {x!r}")
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"Value needs a finite number, got {x!r} (NaN/inf in the data?)")
    return x


def _lift(x):
    """A Value from a Value or a number (the other operand of an op)."""
    return x if isinstance(x, Value) else Value(x)


class Value:
    """A scalar in the computation graph: `data`, its gradient `grad`, and how it was made.

    `_prev` (tuple of children), `_op` (the op's name, '' for leaves) and `label` are micrograd's, so its
    `trace`/`draw_dot` code works unchanged; `_local` holds d(self)/d(child) for each child in `_prev`.
    """

    __slots__ = ("data", "grad", "_prev", "_op", "_local", "label", "_n", "__weakref__")

    def __init__(self, data, _children=(), _op="", _local=None, label=""):
        if _children:
            if _local is None or len(_local) != len(_children):
                raise TypeError("a Value with children needs _local: d(out)/d(child) for each child")
            self.data = float(data)
        else:
            self.data = data if type(data) is float and data - data == 0.0 else _as_float(data)
        self.grad = 0.0
        self._prev = tuple(_children)
        self._op = _op
        self._local = tuple(_local) if _children else ()
        self.label = label
        self._n = next(_tick)

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"

    # ---- primitives: each builds `out` and records d(out)/d(child) for the backward pass ----

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        # d(a+b)/da = 1, d(a+b)/db = 1
        return _node(self.data + other.data, (self, other), "+", (1.0, 1.0))

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        # d(a*b)/da = b, d(a*b)/db = a
        return _node(self.data * other.data, (self, other), "*", (other.data, self.data))

    def __pow__(self, k):
        if isinstance(k, numbers.Integral) and not isinstance(k, Value):
            k = int(k)
        elif isinstance(k, numbers.Real):
            k = float(k)
        else:
            raise TypeError(f"only int/float powers are supported, got {type(k).__name__}")
        x = self.data
        try:
            y = x**k
        except OverflowError:  # float ** raises where float * gives inf; give inf like *
            y = -math.inf if x < 0 and k % 2 == 1 else math.inf
        except ZeroDivisionError:
            raise ZeroDivisionError(f"Value(data={x}) ** {k}: 0 cannot be raised to a negative power") from None
        if isinstance(y, complex):
            raise ValueError(f"Value(data={x}) ** {k} is not real (negative number to a fractional power)")
        try:
            # d(x**k)/dx = k * x**(k-1), written as micrograd writes it, for the same bits
            local = k * x ** (k - 1)
        except (OverflowError, ZeroDivisionError):  # e.g. sqrt at 0: the slope is infinite
            local = math.inf
        return _node(y, (self,), f"**{k}", (local,))

    def relu(self):
        x = self.data
        # d relu(x)/dx = 1 if x > 0 else 0 (0 at the kink, as micrograd)
        return _node(0.0 if x < 0 else x, (self,), "ReLU", (1.0 if x > 0 else 0.0,))

    def tanh(self):
        t = math.tanh(self.data)
        # d tanh(x)/dx = 1 - tanh(x)^2
        return _node(t, (self,), "tanh", (1.0 - t * t,))

    def sigmoid(self):
        # A primitive, not 1/(1+exp(-x)): that chain overflows exp for x < -709 and its gradient turns
        # into 0*inf = NaN; this form is stable for every x and is one node in the graph view.
        x = self.data
        if x >= 0:
            s = 1.0 / (1.0 + math.exp(-x))
        else:
            e = math.exp(x)
            s = e / (1.0 + e)
        # d sigmoid(x)/dx = s * (1 - s)
        return _node(s, (self,), "sigmoid", (s * (1.0 - s),))

    def exp(self):
        try:
            e = math.exp(self.data)
        except OverflowError:  # math.exp raises where float arithmetic gives inf
            e = math.inf
        # d e^x/dx = e^x
        return _node(e, (self,), "exp", (e,))

    def log(self):
        x = self.data
        if x <= 0:
            raise ValueError(f"log of a non-positive number: Value(data={x}) (log needs data > 0)")
        # d log(x)/dx = 1/x
        return _node(math.log(x), (self,), "log", (1.0 / x,))

    @staticmethod
    def dot(ws, xs, b=0.0):
        """One node for a neuron's weighted sum b + w0*x0 + w1*x1 + ... (op 'dot').

        Fused for speed: one node and one tuple of local derivatives instead of micrograd's 2n nodes. The
        sum is taken in micrograd's order, ((b + w0*x0) + w1*x1) + ..., so the result is bit-identical.
        Numbers among `ws`, `xs`, `b` become constant leaves.
        """
        ws, xs = [_lift(w) for w in ws], [_lift(x) for x in xs]
        if len(ws) != len(xs):
            raise ValueError(f"dot: {len(ws)} weights but {len(xs)} inputs")
        return _dot(ws, xs, _lift(b), [x.data for x in xs])

    @staticmethod
    def sum(values):
        """One node for v0 + v1 + ... (op 'sum'); equal to Python's sum(values) bit for bit.

        Fused so a mean over a dataset is one node in the graph view, not a chain of n '+' nodes.
        """
        values = [_lift(v) for v in values]
        # summed left to right from 0, like sum(); d/dv_i = 1
        return _node(reduce(add, [v.data for v in values], 0.0), tuple(values), "sum", (1.0,) * len(values))

    # ---- derived ops: one-liners over the primitives (micrograd's definitions, hence its bits) ----

    def __neg__(self):  # -a = a * -1
        return self * -1.0

    def __radd__(self, other):  # other + a
        return self + other

    def __sub__(self, other):  # a - b = a + (-b)
        return self + (-other)

    def __rsub__(self, other):  # other - a = other + (-a)
        return other + (-self)

    def __rmul__(self, other):  # other * a
        return self * other

    def __truediv__(self, other):  # a / b = a * b**-1
        return self * other**-1

    def __rtruediv__(self, other):  # other / a = other * a**-1
        return other * self**-1

    # ---- backpropagation ----

    def backward(self):
        """Fill `.grad` of every node this one depends on with d(self)/d(node) (accumulating, like
        micrograd: call `zero_grad()` first). Iterative: no recursion limit on the graph's depth."""
        self.grad = 1.0
        for v in reversed(_topo(self)):
            g = v.grad
            if g == 0.0:
                # Nothing flows on (dead ReLUs are common): skipping adds nothing but 0*local, which
                # differs only when a local derivative is inf/NaN (micrograd would spread NaN). ~40% faster.
                continue
            for child, local in zip(v._prev, v._local):
                child.grad += local * g


_new = object.__new__
_tick = itertools.count()  # creation stamps; next() on it is atomic under the GIL
_stamp = attrgetter("_n")


def _node(data, children, op, local):
    """An op's output node (no checks: ops may overflow to inf/NaN and the training code sees it)."""
    out = _new(Value)
    out.data = data
    out.grad = 0.0
    out._prev = children
    out._op = op
    out._local = local
    out.label = ""
    out._n = next(_tick)
    return out


def _dot(ws, xs, b, xd):
    """Value.dot with the inputs' data already listed (a Layer lists them once for all its neurons)."""
    wd = [w.data for w in ws]
    # d/dw_i = x_i, d/dx_i = w_i, d/db = 1
    return _node(reduce(add, map(mul, wd, xd), b.data), (*ws, *xs, b), "dot", (*xd, *wd, 1.0))


def _topo(root, stop=None):
    """The non-leaf nodes `root` depends on (itself included), children before parents; nodes whose id()
    is in `stop` count as leaves.

    Every node gets a stamp `_n` from a global counter when it is made, and a node is always made after
    its children, so sorting the reachable nodes by stamp is a topological order. Collecting them needs
    no post-order bookkeeping, no recursion, and allocates nothing per node (deep graphs stay GC-quiet).
    Leaves are left out: nothing flows out of them.
    """
    nodes = [root]
    seen = {root}
    stack = [root]
    while stack:
        for c in stack.pop()._prev:
            if c not in seen:
                seen.add(c)
                if c._prev and (stop is None or id(c) not in stop):
                    stack.append(c)
                    nodes.append(c)
    nodes.sort(key=_stamp)
    return nodes


def topological_order(root, stop=frozenset()):
    """Every Value behind `root` (leaves included), children before parents, `root` last: the op nodes in
    the order `backward()` visits them (reversed), each leaf just before the first node that uses it, in
    the order that node lists its children. Values whose id() is in `stop` count as leaves (the graph of
    one neuron ends at its layer's inputs). `trace` draws this order; a step-by-step walk replays it."""
    stop = frozenset(stop)
    if not root._prev or id(root) in stop:
        return [root]
    order, placed = [], set()
    for v in _topo(root, stop or None):
        for c in v._prev:
            if (not c._prev or id(c) in stop) and id(c) not in placed:
                placed.add(id(c))
                order.append(c)
        order.append(v)
    return order


@dataclass(frozen=True)
class TraceNode:
    """One node of a traced graph: plain numbers and strings, safe to hand to another thread."""

    index: int  # position in `nodes`
    data: float
    grad: float
    op: str  # '' for leaves (inputs, parameters, constants)
    label: str  # '' unless set (e.g. 'w0', 'b', 'x1')


def trace(root):
    """Snapshot the graph behind `root` for drawing: `(nodes, edges)`.

    `nodes`: list of TraceNode in topological order, inputs first, `root` last; leaves appear just before
    the first node that uses them, in the order that node lists its children (stable for a given graph).
    `edges`: list of `(child_index, parent_index)` pairs, one per distinct child of each node
    (`a*a` gives one edge), in the order the parents appear.
    """
    order = topological_order(root)
    index = {id(v): i for i, v in enumerate(order)}
    nodes = [TraceNode(i, v.data, v.grad, v._op, v.label) for i, v in enumerate(order)]
    edges = []
    for v in order:
        p = index[id(v)]
        for c in dict.fromkeys(v._prev):
            edges.append((index[id(c)], p))
    return nodes, edges
