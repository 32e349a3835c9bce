"""engine.losses: values against the plain formulas, gradients against central differences, stability
for large scores and logits, and the errors for bad targets."""
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import Value, losses

fast = settings(max_examples=30, deadline=None)
score = st.floats(-5, 5, allow_nan=False)
sign = st.sampled_from([-1, 1])


def grads_match(loss_fn, xs, h=1e-6):
    """loss_fn maps a list of Values to a Value; check backward() against central differences."""
    vs = [Value(x) for x in xs]
    loss_fn(vs).backward()
    for i, v in enumerate(vs):
        up = loss_fn([Value(x + h * (j == i)) for j, x in enumerate(xs)]).data
        down = loss_fn([Value(x - h * (j == i)) for j, x in enumerate(xs)]).data
        assert v.grad == pytest.approx((up - down) / (2 * h), rel=1e-4, abs=1e-6)


@fast
@given(st.lists(st.tuples(score, sign), min_size=1, max_size=8))
def test_binary_losses_values(pairs):
    s, t = [p[0] for p in pairs], [p[1] for p in pairs]
    vs = [Value(x) for x in s]
    n = len(s)
    assert losses.mse(vs, t).data == pytest.approx(sum((a - b) ** 2 for a, b in zip(s, t)) / n)
    assert losses.hinge(vs, t).data == pytest.approx(sum(max(0.0, 1 - b * a) for a, b in zip(s, t)) / n)
    assert losses.logistic(vs, t).data == pytest.approx(sum(math.log1p(math.exp(-b * a)) for a, b in zip(s, t)) / n)


@pytest.mark.parametrize("name", ["mse", "hinge", "logistic"])
def test_binary_losses_gradients(name):
    fn = getattr(losses, name)

    @fast
    @given(st.lists(st.tuples(score.filter(lambda x: abs(abs(x) - 1) > 1e-2), sign), min_size=1, max_size=6))
    def check(pairs):  # hinge has its kink at t*s = 1: stay away from |s| = 1
        t = [p[1] for p in pairs]
        grads_match(lambda vs: fn(vs, t), [p[0] for p in pairs])

    check()


def softmax_ce(rows, classes):
    out = 0.0
    for row, c in zip(rows, classes):
        out += -math.log(math.exp(row[c]) / sum(math.exp(z) for z in row))
    return out / len(rows)


@fast
@given(st.integers(2, 4).flatmap(lambda k: st.lists(
    st.tuples(st.lists(score, min_size=k, max_size=k), st.integers(0, k - 1)), min_size=1, max_size=4)))
def test_cross_entropy_value_and_gradients(samples):
    rows, classes = [s[0] for s in samples], [s[1] for s in samples]
    k = len(rows[0])
    loss = losses.cross_entropy([[Value(z) for z in row] for row in rows], classes)
    assert loss.data == pytest.approx(softmax_ce(rows, classes), rel=1e-12, abs=1e-12)

    def fn(vs):
        return losses.cross_entropy([vs[i:i + k] for i in range(0, len(vs), k)], classes)
    grads_match(fn, [z for row in rows for z in row])


def test_stable_for_large_scores_and_logits():
    for s, t, value, grad in [(1000.0, 1, 0.0, -0.0), (-1000.0, 1, 1000.0, -1.0), (1000.0, -1, 1000.0, 1.0)]:
        v = Value(s)
        loss = losses.logistic([v], [t])
        loss.backward()
        assert loss.data == value and v.grad == pytest.approx(grad)
    row = [Value(1000.0), Value(0.0), Value(-1000.0)]
    loss = losses.cross_entropy([row], [1])
    loss.backward()
    assert loss.data == pytest.approx(1000.0)
    assert [z.grad for z in row] == pytest.approx([1.0, -1.0, 0.0])
    assert all(math.isfinite(z.grad) for z in row)


def test_scores_as_one_element_lists_and_micrograd_hinge_bits():
    s = [Value(0.3), Value(-1.7), Value(2.2)]
    t = [1, 1, -1]
    assert losses.hinge([[x] for x in s], t).data == losses.hinge(s, t).data
    micrograd = sum((1 + -ti * si).relu() for ti, si in zip(t, s)) * (1.0 / len(s))
    assert losses.hinge(s, t).data == micrograd.data


def test_l2():
    ps = [Value(0.5), Value(-2.0)]
    reg = losses.l2(ps, 1e-2)
    reg.backward()
    assert reg.data == 1e-2 * sum(p.data * p.data for p in ps)
    assert [p.grad for p in ps] == pytest.approx([2e-2 * 0.5, 2e-2 * -2.0])
    assert isinstance(losses.l2(ps, 0), Value) and losses.l2(ps, 0).data == 0.0
    with pytest.raises(ValueError, match="alpha"):
        losses.l2(ps, -1.0)


@pytest.mark.parametrize("name", ["mse", "hinge", "logistic"])
def test_binary_losses_bad_input(name):
    fn = getattr(losses, name)
    s = [Value(0.1), Value(0.2)]
    with pytest.raises(ValueError, match=r"-1 or \+1, got 0 at index 0.*2\*y - 1"):
        fn(s, [0, 1])
    with pytest.raises(ValueError, match="got 0.5 at index 1"):
        fn(s, [1, 0.5])
    with pytest.raises(ValueError, match="empty"):
        fn([], [])
    with pytest.raises(ValueError, match="2 scores but 3 targets"):
        fn(s, [1, -1, 1])
    with pytest.raises(ValueError, match="one score per sample.*cross_entropy"):
        fn([[Value(1.0), Value(2.0)]], [1])
    assert isinstance(fn(s, [1.0, -1.0]), Value)


def test_cross_entropy_bad_input():
    rows = [[Value(0.1), Value(0.2), Value(0.3)]]
    with pytest.raises(ValueError, match=r"class 3 at index 0 is out of range for 3 outputs \(expected 0..2\)"):
        losses.cross_entropy(rows, [3])
    with pytest.raises(ValueError, match="out of range"):
        losses.cross_entropy(rows, [-1])
    with pytest.raises(TypeError, match="integers"):
        losses.cross_entropy(rows, [1.0])
    with pytest.raises(ValueError, match="empty"):
        losses.cross_entropy([], [])
    with pytest.raises(ValueError, match="1 rows of logits but 2 classes"):
        losses.cross_entropy(rows, [0, 1])
    with pytest.raises(ValueError, match="row 1 has 2 logits, expected 3"):
        losses.cross_entropy(rows + [[Value(0.0), Value(1.0)]], [0, 0])
