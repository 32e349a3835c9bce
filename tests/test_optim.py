"""engine.optim: SGD, momentum and Adam against PyTorch's update rules written out by hand (and against
torch itself when it is installed), learning-rate changes, saving and loading state, bad arguments; and
engine.flat_optim, the same rules on a numpy vector."""
import json
import math
import random

import numpy as np
import pytest

from engine import MLP, Value, losses, optim
from engine.flat_optim import FlatAdam, FlatSGD

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


KINDS = [  # (optim class, its flat twin, arguments)
    (optim.SGD, FlatSGD, dict(lr=0.1)),
    (optim.SGD, FlatSGD, dict(lr=0.05, momentum=0.9)),
    (optim.Adam, FlatAdam, dict(lr=0.01)),
    (optim.Adam, FlatAdam, dict(lr=0.3, betas=(0.5, 0.9), eps=1e-3)),
]


def scalar_steps(opt, ps, steps):
    for gs in steps:
        for p, g in zip(ps, gs):
            p.grad = g
        opt.step()
    return [p.data for p in ps]


def flat_steps(opt, theta, steps):
    for gs in steps:
        opt.step(theta, np.array(gs))
    return theta.tolist()


@pytest.mark.parametrize("cls, _, kw", KINDS)
def test_state_dict_round_trip_continues_exactly(cls, _, kw):
    ps = [Value(x) for x in INIT]
    opt = cls(ps, **kw)
    scalar_steps(opt, ps, GRADS[:2])
    state = json.loads(json.dumps(opt.state_dict()))  # plain JSON-native data
    assert state == opt.state_dict()
    middle = [p.data for p in ps]
    expected = scalar_steps(opt, ps, GRADS[2:])
    resumed = [Value(x) for x in middle]
    fresh = cls(resumed, **kw)
    fresh.load_state_dict(state)
    assert scalar_steps(fresh, resumed, GRADS[2:]) == expected
    assert fresh.state_dict() == opt.state_dict()


def test_state_dict_contents():
    sgd = optim.SGD([Value(1.0), Value(2.0)], lr=0.1, momentum=0.5)
    assert sgd.state_dict() == {"buf": None}  # no buffer before the first step
    adam = optim.Adam([Value(1.0), Value(2.0)], lr=0.1)
    assert adam.state_dict() == {"t": 0, "m": [0.0, 0.0], "v": [0.0, 0.0]}
    for opt in (sgd, adam):
        for p in opt.params:
            p.grad = 1.0
        opt.step()
    assert sgd.state_dict() == {"buf": [1.0, 1.0]}
    assert adam.state_dict()["t"] == 1 and adam.state_dict()["m"] == pytest.approx([0.1, 0.1])
    sgd.load_state_dict({"buf": None})
    assert sgd.state_dict() == {"buf": None}


@pytest.mark.parametrize("cls, flat_cls, kw", KINDS)
def test_flat_twins_take_the_same_steps(cls, flat_cls, kw):
    rng = random.Random(1)
    steps = [[rng.uniform(-2, 2) for _ in INIT] for _ in range(20)]
    ps = [Value(x) for x in INIT]
    ours = scalar_steps(cls(ps, **kw), ps, steps)
    flat = flat_steps(flat_cls(len(INIT), **kw), np.array(INIT), steps)
    assert flat == pytest.approx(ours, rel=1e-15, abs=1e-17)


@pytest.mark.parametrize("cls, flat_cls, kw", KINDS)
def test_state_moves_between_the_twins(cls, flat_cls, kw):
    ps = [Value(x) for x in INIT]
    scalar = cls(ps, **kw)
    scalar_steps(scalar, ps, GRADS[:2])
    flat = flat_cls(len(INIT), **kw)
    flat.load_state_dict(json.loads(json.dumps(scalar.state_dict())))
    assert flat.state_dict() == scalar.state_dict()
    theta = np.array([p.data for p in ps])
    assert flat_steps(flat, theta, GRADS[2:]) == pytest.approx(scalar_steps(scalar, ps, GRADS[2:]), rel=1e-15)
    back = cls([Value(x) for x in INIT], **kw)
    back.load_state_dict(flat.state_dict())
    assert back.state_dict() == flat.state_dict()


@pytest.mark.parametrize("opt", [
    optim.SGD([Value(1.0), Value(2.0)], lr=0.1, momentum=0.9), FlatSGD(2, lr=0.1, momentum=0.9),
    optim.Adam([Value(1.0), Value(2.0)], lr=0.1), FlatAdam(2, lr=0.1),
], ids=["SGD", "FlatSGD", "Adam", "FlatAdam"])
def test_state_for_another_parameter_count_is_refused(opt):
    key = "buf" if "buf" in opt.state_dict() else "m"
    state = {"t": 3, "buf": [0.5, 0.5], "m": [0.5, 0.5], "v": [0.5, 0.5], key: [0.5, 0.5, 0.5]}
    before = opt.state_dict()
    with pytest.raises(ValueError, match=f"optimizer state '{key}' has 3 entries, expected 2"):
        opt.load_state_dict(state)
    assert opt.state_dict() == before  # nothing half-loaded


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
