"""micrograd's demo training step, on micrograd 0.1.0 and on our `Value`, side by side in one run.

The loop is the demo notebook's, unchanged: moons (100 points), MLP(2, [16, 16, 1]), hinge loss +
1e-4 * sum(p^2), full batch, zero_grad, backward, `p.data -= lr * p.grad`. As in the notebook, the previous
step's graph stays alive until the next one is built. Target: ours >= 20x faster than micrograd (gc on).
Also: backward through a 100,000-deep chain (micrograd's recursive topological sort cannot).

    python benchmarks/bench_value.py [--steps 30] [--mg-steps 4]
"""
import argparse
import gc
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # runnable as a plain script

import numpy as np  # noqa: E402

from benchmarks._common import make_moons, ms, print_table, time_calls  # noqa: E402

TARGET = 20.0


def demo_step(Value, MLP):
    """A step() closure running micrograd's demo loop with the given Value/MLP classes; step() -> loss."""
    np.random.seed(1337)
    random.seed(1337)
    X, y = make_moons(100, noise=0.1)
    y = y * 2 - 1
    model = MLP(2, [16, 16, 1])
    state = {"k": 0, "total": None}

    def step():
        inputs = [list(map(Value, xrow)) for xrow in X]
        scores = list(map(model, inputs))
        losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)]
        data_loss = sum(losses) * (1.0 / len(losses))
        reg_loss = 1e-4 * sum(p * p for p in model.parameters())
        total = data_loss + reg_loss
        state["total"] = total  # the notebook keeps `total_loss` until the next step rebinds it
        model.zero_grad()
        total.backward()
        lr = 1.0 - 0.9 * state["k"] / 100
        for p in model.parameters():
            p.data -= lr * p.grad
        state["k"] += 1
        return total.data

    return step


def deep_chain(Value, depth=100_000):
    """(build seconds, backward seconds) for y = x + 1 + 1 + ... (depth '+' nodes)."""
    t0 = time.perf_counter()
    x = Value(1.0)
    y = x
    for _ in range(depth):
        y = y + 1.0
    t1 = time.perf_counter()
    y.backward()
    t2 = time.perf_counter()
    assert x.grad == 1.0
    return t1 - t0, t2 - t1


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=30, help="timed steps on our engine")
    ap.add_argument("--mg-steps", type=int, default=4, help="timed steps on micrograd (~2 s each)")
    args = ap.parse_args(argv)

    from engine import MLP, Value

    rows, results = [], {}
    first = demo_step(Value, MLP)()
    ours = time_calls(demo_step(Value, MLP), args.steps)
    results["ours_ms"] = statistics.mean(ours) * 1e3
    rows.append(("ours (gc on)", ms(ours) + f"   first loss {first!r}"))
    ours_off = time_calls(demo_step(Value, MLP), args.steps, gc_enabled=False)
    rows.append(("ours (gc off)", ms(ours_off)))

    try:
        from micrograd.engine import Value as MgValue
        from micrograd.nn import MLP as MgMLP
    except ImportError:
        MgValue = None
        rows.append(("micrograd 0.1.0", "not installed (pip install micrograd==0.1.0): skipped"))
    if MgValue is not None:
        mg_first = demo_step(MgValue, MgMLP)()
        mg = time_calls(demo_step(MgValue, MgMLP), args.mg_steps)
        gc.collect()
        mg_off = time_calls(demo_step(MgValue, MgMLP), args.mg_steps, gc_enabled=False)
        gc.collect()
        results["micrograd_ms"] = statistics.mean(mg) * 1e3
        results["ratio"] = results["micrograd_ms"] / results["ours_ms"]
        rows.append(("micrograd 0.1.0 (gc on)", ms(mg) + f"   first loss {float(mg_first)!r}"))
        rows.append(("micrograd 0.1.0 (gc off)", ms(mg_off)))
        met = "MET" if results["ratio"] >= TARGET else "NOT MET"
        rows.append(("speed-up (gc on)", f"{results['ratio']:8.1f}x   target >= {TARGET:.0f}x: {met}"))
        rows.append(("same first loss", str(float(mg_first) == first)))
    print_table("micrograd demo training step (moons 100, MLP(2, [16, 16, 1]), hinge + L2, full batch)", rows)

    build, backward = deep_chain(Value)
    results["deep_chain_backward_ms"] = backward * 1e3
    rows = [("ours", f"build {build * 1e3:.0f} ms, backward {backward * 1e3:.0f} ms")]
    if MgValue is not None:
        try:
            deep_chain(MgValue)
            rows.append(("micrograd 0.1.0", "ok"))
        except RecursionError:
            rows.append(("micrograd 0.1.0", "RecursionError (its topological sort is recursive)"))
        gc.collect()
    print_table("100,000-deep chain y = x + 1 + ... + 1", rows)
    return results


if __name__ == "__main__":
    main()
