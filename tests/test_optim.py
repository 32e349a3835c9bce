"""engine.optim: SGD, momentum and Adam against PyTorch's update rules written out by hand (and against
torch itself when it is installed), learning-rate changes, bad arguments."""
import math
import random

import pytest

from engine import MLP, Value, losses, optim

GRADS = [[0.5, -1.5, 2.0], [0.25, 0.0, -3.0], [-1.0, 2.5, 0.125], [0.75, -0.5, 1.0]]
INIT = [0.1, -0.2, 0.3]


def run(opt_cls, steps=GRADS, **kw):
    ps = [Value(x) for x in INIT]
    opt = opt_cls(ps, **kw)
    for gs in steps:
        for p, g in zip(ps, gs):
            p.grad = g
        opt.step()
    return [p.data for p in ps]


def test_sgd():
    expected = list(INIT)
    for gs in GRADS:
        expected = [p - 0.1 * g for p, g in zip(expected, gs)]
    assert run(optim.SGD, lr=0.1) == expected


def test_sgd_momentum_as_torch():
    # torch.optim.SGD: buf = grad on the first step, then buf = momentum*buf + grad; p -= lr*buf
    ps, bufs = list(INIT), None
    for gs in GRADS:
        bufs = list(gs) if bufs is None else [0.9 * b + g for b, g in zip(bufs, gs)]
        ps = [p - 0.05 * b for p, b in zip(ps, bufs)]
    assert run(optim.SGD, lr=0.05, momentum=0.9) == ps


def test_adam_as_torch():
    lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8
    ps, m, v = list(INIT), [0.0] * 3, [0.0] * 3
    for t, gs in enumerate(GRADS, start=1):
        m = [mi + (1 - b1) * (g - mi) for mi, g in zip(m, gs)]  # exp_avg.lerp_(grad, 1 - beta1)
        v = [vi * b2 + (1 - b2) * g * g for vi, g in zip(v, gs)]  # mul_(beta2).addcmul_(g, g, 1 - beta2)
        step_size = lr / (1 - b1**t)
        denom = [math.sqrt(vi) / math.sqrt(1 - b2**t) + eps for vi in v]
        ps = [p + -step_size * mi / d for p, mi, d in zip(ps, m, denom)]
    assert run(optim.Adam, lr=lr) == pytest.approx(ps, rel=1e-15, abs=1e-17)
    # and the textbook form, m_hat / (sqrt(v_hat) + eps), agrees to rounding
    ps, m, v = list(INIT), [0.0] * 3, [0.0] * 3
    for t, gs in enumerate(GRADS, start=1):
        m = [b1 * mi + (1 - b1) * g for mi, g in zip(m, gs)]
        v = [b2 * vi + (1 - b2) * g * g for vi, g in zip(v, gs)]
        ps = [p - lr * (mi / (1 - b1**t)) / (math.sqrt(vi / (1 - b2**t)) + eps) for p, mi, vi in zip(ps, m, v)]
    assert run(optim.Adam, lr=lr) == pytest.approx(ps, rel=1e-12)


def test_first_adam_step_moves_each_parameter_by_about_lr():
    out = run(optim.Adam, steps=GRADS[:1], lr=0.01)
    moved = [a - b for a, b in zip(out, INIT)]
    assert moved == pytest.approx([-0.01, 0.01, -0.01], rel=1e-6)


@pytest.mark.parametrize("name,ours,kw", [
    ("SGD", optim.SGD, dict(lr=0.1)),
    ("SGD", optim.SGD, dict(lr=0.1, momentum=0.9)),
    ("Adam", optim.Adam, dict(lr=0.01)),
    ("Adam", optim.Adam, dict(lr=0.3, betas=(0.5, 0.9), eps=1e-3)),
])
def test_against_torch(name, ours, kw):
    torch = pytest.importorskip("torch")
    rng = random.Random(0)
    steps = [[rng.uniform(-2, 2) for _ in INIT] for _ in range(50)]
    t = torch.tensor(INIT, dtype=torch.float64, requires_grad=True)
    topt = getattr(torch.optim, name)([t], **kw)
    for gs in steps:
        t.grad = torch.tensor(gs, dtype=torch.float64)
        topt.step()
    # torch's CPU kernels fuse p + (-lr)*g into one FMA: equal to within rounding, not always bitwise
    assert run(ours, steps=steps, **kw) == pytest.approx(t.tolist(), rel=1e-13, abs=1e-15)


def test_lr_can_change_between_steps():
    p = Value(1.0)
    opt = optim.SGD([p], lr=0.5)
    p.grad = 1.0
    opt.step()
    opt.lr = 0.25
    opt.step()
    assert p.data == 1.0 - 0.5 - 0.25
    with pytest.raises(ValueError, match="lr"):
        opt.lr = 0.0


def test_zero_grad_and_training_reduces_loss():
    model = MLP(2, [8, 1], activation="tanh", rng=random.Random(0))
    X, y = [[0.5, 1.0], [-1.0, 0.3], [0.2, -0.8], [-0.6, -0.4]], [1, -1, 1, -1]
    opt = optim.Adam(model.parameters(), lr=0.05)
    first = None
    for _ in range(30):
        loss = losses.logistic([model(x) for x in X], y)
        first = loss.data if first is None else first
        opt.zero_grad()
        assert all(p.grad == 0.0 for p in model.parameters())
        loss.backward()
        opt.step()
    assert loss.data < 0.5 * first


@pytest.mark.parametrize("kw,match", [
    (dict(lr=0.0), r"lr must be in \(0.0"),
    (dict(lr=-1.0), "lr"),
    (dict(lr=math.nan), "lr must be a finite number"),
    (dict(lr=math.inf), "lr must be a finite number"),
    (dict(lr="0.1"), "lr must be a finite number"),
    (dict(lr=0.1, momentum=-0.1), "momentum"),
    (dict(lr=0.1, momentum=1.0), "momentum"),
])
def test_sgd_bad_arguments(kw, match):
    with pytest.raises(ValueError, match=match):
        optim.SGD([Value(1.0)], **kw)


@pytest.mark.parametrize("kw,match", [
    (dict(betas=(1.0, 0.999)), "beta1"),
    (dict(betas=(0.9, -0.1)), "beta2"),
    (dict(betas=(0.9,)), "pair"),
    (dict(eps=-1e-8), "eps"),
])
def test_adam_bad_arguments(kw, match):
    with pytest.raises(ValueError, match=match):
        optim.Adam([Value(1.0)], lr=0.1, **kw)


def test_bad_parameter_lists():
    with pytest.raises(ValueError, match="empty parameter list"):
        optim.SGD([], lr=0.1)
    with pytest.raises(TypeError, match="must be Values"):
        optim.Adam([1.0], lr=0.1)
    p = Value(1.0)
    with pytest.raises(ValueError, match="more than once"):
        optim.SGD([p, p], lr=0.1)
