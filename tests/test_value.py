"""engine.value: every op's gradient against central differences, micrograd's numbers, the deep graph,
no reference cycles, trace(), and bad input."""
import gc
import math
import weakref

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import Value, losses, optim, trace
from engine.nn import MLP

fast = settings(max_examples=40, deadline=None)


def real(lo, hi, avoid=None, gap=1e-2):
    """Floats in [lo, hi], keeping `gap` away from `avoid` (a kink or a pole)."""
    s = st.floats(lo, hi, allow_nan=False, allow_infinity=False)
    return s if avoid is None else s.filter(lambda x: abs(x - avoid) > gap)


def check_grads(f, *xs, h=1e-6):
    """f maps Values to a Value; compare backward()'s gradients with central finite differences."""
    vs = [Value(x) for x in xs]
    out = f(*vs)
    out.backward()
    for i, v in enumerate(vs):
        up = [Value(x + h * (j == i)) for j, x in enumerate(xs)]
        down = [Value(x - h * (j == i)) for j, x in enumerate(xs)]
        numeric = (f(*up).data - f(*down).data) / (2 * h)
        assert v.grad == pytest.approx(numeric, rel=1e-4, abs=1e-5), (i, xs)


BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
}


@pytest.mark.parametrize("name", sorted(BINARY))
@fast
@given(a=real(-5, 5), b=real(-5, 5, avoid=0.0, gap=0.2))
def test_binary_ops_gradients(name, a, b):
    check_grads(BINARY[name], a, b)


REFLECTED = {  # a number on the left: __radd__, __rsub__, __rmul__, __rtruediv__
    "radd": lambda c, a: c + a,
    "rsub": lambda c, a: c - a,
    "rmul": lambda c, a: c * a,
    "rtruediv": lambda c, a: c / a,
}


@pytest.mark.parametrize("name", sorted(REFLECTED))
@fast
@given(c=real(-5, 5), a=real(-5, 5, avoid=0.0, gap=0.2))
def test_reflected_ops(name, c, a):
    op = REFLECTED[name]
    out = op(c, Value(a))
    assert isinstance(out, Value) and out.data == pytest.approx(op(c, a), rel=1e-12)
    check_grads(lambda v: op(c, v), a)


UNARY = {
    "neg": (lambda a: -a, real(-5, 5)),
    "relu": (lambda a: a.relu(), real(-5, 5, avoid=0.0)),
    "tanh": (lambda a: a.tanh(), real(-4, 4)),
    "sigmoid": (lambda a: a.sigmoid(), real(-30, 30)),
    "exp": (lambda a: a.exp(), real(-10, 5)),
    "log": (lambda a: a.log(), real(0.05, 50)),
    "square": (lambda a: a**2, real(-5, 5)),
    "cube": (lambda a: a**3, real(-3, 3)),
    "inverse": (lambda a: a**-1, real(-5, 5, avoid=0.0, gap=0.2)),
    "sqrt": (lambda a: a**0.5, real(0.05, 10)),
    "pow1.5": (lambda a: a**1.5, real(0.05, 10)),
}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_ops_gradients(name):
    f, xs = UNARY[name]

    @fast
    @given(x=xs)
    def check(x):
        check_grads(f, x)

    check()


@fast
@given(ws=st.lists(real(-3, 3), min_size=1, max_size=6), data=st.data())
def test_dot_matches_micrograd_sum_and_grads(ws, data):
    xs = data.draw(st.lists(real(-3, 3), min_size=len(ws), max_size=len(ws)))
    b = data.draw(real(-3, 3))
    fused = Value.dot([Value(w) for w in ws], [Value(x) for x in xs], Value(b))
    unfused = sum((Value(w) * Value(x) for w, x in zip(ws, xs)), Value(b))
    assert fused.data == unfused.data  # bit-identical: same order of float operations
    assert fused._op == "dot"
    n = len(ws)
    check_grads(lambda *v: Value.dot(v[:n], v[n:2 * n], v[2 * n]), *ws, *xs, b)


@fast
@given(st.lists(real(-1e3, 1e3), min_size=1, max_size=20))
def test_value_sum_equals_builtin_sum(xs):
    vs = [Value(x) for x in xs]
    fused, chained = Value.sum(vs), sum(vs)
    assert fused.data == chained.data and fused._op == "sum"
    fused.backward()
    assert [v.grad for v in vs] == [1.0] * len(vs)


def test_micrograd_sanity_check():
    # micrograd's test_engine.py expressions; expected numbers there come from PyTorch
    x = Value(-4.0)
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    assert (y.data, x.grad) == (-20.0, 46.0)


def more_ops(V):
    a, b = V(-4.0), V(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.backward()
    return g.data, a.grad, b.grad


def test_micrograd_more_ops():
    g, ga, gb = more_ops(Value)
    assert g == pytest.approx(24.70408163265306, abs=1e-12)
    assert ga == pytest.approx(138.83381924198252, abs=1e-9)
    assert gb == pytest.approx(645.5772594752186, abs=1e-9)


def test_bit_identical_to_micrograd():
    """The forward value bit for bit; gradients to the last bit or two, as engine.value promises: micrograd
    adds up a node's gradient in the order of a `set` of its children, i.e. memory-address order, so its
    own last bit changes from run to run (about one run in three here)."""
    micrograd = pytest.importorskip("micrograd.engine")
    (g, *grads), (mg_g, *mg_grads) = more_ops(Value), more_ops(micrograd.Value)
    assert g == mg_g
    for ours, theirs in zip(grads, mg_grads, strict=True):
        assert abs(ours - theirs) <= 2 * math.ulp(theirs), (ours, theirs)


def test_leaf_fields_and_repr():
    v = Value(3)
    assert (v.data, v.grad, v._prev, v._op, v.label) == (3.0, 0.0, (), "", "")
    assert type(v.data) is float and type(v.grad) is float
    assert repr(v) == "Value(data=3.0, grad=0.0)"
    assert Value(2.0, label="w0").label == "w0"
    out = v * 2
    assert out._op == "*" and out._prev[0] is v


def test_numpy_scalars_work_as_numbers():
    out = np.float64(2.0) * Value(3.0) + np.int64(1)
    assert isinstance(out, Value) and out.data == 7.0 and type(out.data) is float


def test_deep_chain_100k_backward():
    x = Value(1.0)
    y = x
    for _ in range(100_000):
        y = y * 1.0 + 1.0
    y.backward()
    assert x.grad == 1.0 and y.data == 100_001.0
    del y  # freeing a 200k-deep chain must not crash either


def test_dropped_graph_is_freed_without_gc():
    gc.disable()
    try:
        a, b = Value(2.0), Value(-3.0)
        out = ((a * b).relu() + a.tanh() * b).exp()
        inner = weakref.ref(out._prev[0])
        ref = weakref.ref(out)
        out.backward()
        del out
        assert ref() is None and inner() is None  # reference counting alone freed it
    finally:
        gc.enable()


def training_step(model, opt, X, y):
    loss = losses.hinge([model(x) for x in X], y) + losses.l2(model.parameters(), 1e-4)
    opt.zero_grad()
    loss.backward()
    opt.step()


def test_training_step_leaves_no_cycles_for_gc():
    import random
    model = MLP(2, [8, 8, 1], rng=random.Random(0))
    opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    X, y = [[0.5, -1.0], [1.0, 2.0], [-0.3, 0.2]], [1, -1, 1]
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            training_step(model, opt, X, y)
        assert gc.collect() == 0  # nothing unreachable was left for the cyclic GC
    finally:
        gc.enable()


def test_micrograd_does_leave_cycles():
    # the control for the test above: micrograd's closures make every node a cycle
    mg = pytest.importorskip("micrograd.engine")
    gc.collect()
    gc.disable()
    try:
        a = mg.Value(2.0)
        (a * a + 1).backward()
        del a
        assert gc.collect() > 0
    finally:
        gc.enable()


@pytest.mark.parametrize("bad", ["1.0", None, 1 + 2j, [1.0]])
def test_non_numbers_are_a_type_error(bad):
    with pytest.raises(TypeError, match="real number"):
        Value(bad)
    with pytest.raises(TypeError):
        Value(1.0) + bad


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, np.float64("nan")])
def test_nan_and_inf_data_are_a_value_error(bad):
    with pytest.raises(ValueError, match="finite"):
        Value(bad)


@pytest.mark.parametrize("x", [0.0, -1.0])
def test_log_of_non_positive_is_a_value_error(x):
    with pytest.raises(ValueError, match="log of a non-positive number"):
        Value(x).log()


def test_pow_errors():
    with pytest.raises(TypeError, match="int/float powers"):
        Value(2.0) ** Value(2.0)
    with pytest.raises(ValueError, match="not real"):
        Value(-8.0) ** (1 / 3)
    with pytest.raises(ZeroDivisionError, match="negative power"):
        Value(0.0) ** -1


def test_overflow_gives_inf_not_an_exception():
    # a diverging run must be reportable, not crash the training thread
    assert (Value(1e200) * 1e200).data == math.inf
    assert (Value(1e200) ** 2).data == math.inf
    assert Value(1000.0).exp().data == math.inf


def test_activations_stable_at_extremes():
    for x, s in [(-1000.0, 0.0), (1000.0, 1.0)]:
        v = Value(x)
        out = v.sigmoid()
        out.backward()
        assert out.data == s and v.grad == 0.0
    assert Value(1000.0).tanh().data == 1.0


def test_trace_nodes_and_edges():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    d = c + a * a
    d.backward()
    nodes, edges = trace(d)
    assert [n.index for n in nodes] == list(range(len(nodes)))
    assert nodes[-1].op == "+" and nodes[-1].data == d.data and nodes[-1].grad == 1.0
    assert [(n.label, n.op) for n in nodes if n.op == ""] == [("a", ""), ("b", "")]
    by_label = {n.label: n for n in nodes if n.label}
    assert by_label["a"].grad == a.grad == -3.0 + 4.0 and by_label["b"].grad == 2.0
    assert all(child < parent for child, parent in edges)  # inputs first
    assert len(nodes) == 5 and len(edges) == 5  # a*a is one edge; a is one node
    assert trace(d) == (nodes, edges)  # stable
    with pytest.raises(AttributeError):
        nodes[0].data = 1.0  # frozen snapshots


def test_trace_of_a_leaf_and_micrograd_style_walk():
    nodes, edges = trace(Value(1.0))
    assert len(nodes) == 1 and edges == []

    def micrograd_trace(root):  # trace_graph.ipynb's walk over _prev
        ns, es = set(), set()

        def build(v):
            if v not in ns:
                ns.add(v)
                for child in v._prev:
                    es.add((child, v))
                    build(child)
        build(root)
        return ns, es

    x = Value(1.5)
    y = (x * 2 + 1).tanh()
    ns, es = micrograd_trace(y)
    assert len(ns) == len(trace(y)[0]) and len(es) == len(trace(y)[1])
