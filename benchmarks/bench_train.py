"""One training step of micrograd's demo, side by side in one run, plus the app's boundary grid.

micrograd's demo: moons (100 points, noise 0.1, seed 1337), MLP(2, [16, 16, 1]), hinge loss + 1e-4 * L2,
full-batch SGD. Timed here:
  * engine.train.Trainer(engine="batched").step()   (includes reading/writing the 337 Values)
  * the same loop in PyTorch on the CPU, float64, default threads and 1 thread (optional; the target
    is held against the faster of the two)
  * engine.train.Trainer(engine="scalar").step()    (our Value graph)
  * micrograd 0.1.0's demo loop                      (optional; a few steps, ~2 s each)
  * GridEvaluator: a 256 x 256 grid through 2-16-16-1 (the app's decision-boundary heatmap)
Targets (issue 2): batched >= 3x faster than torch and >= 5,000x faster than micrograd; grid: a few ms.
Run: python benchmarks/bench_train.py [--quick]
"""
from __future__ import annotations

import importlib.util
import os
import random
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import numpy as np  # noqa: E402

from engine import batched, datasets  # noqa: E402
from engine.grid import GridEvaluator  # noqa: E402
from engine.nn import MLP  # noqa: E402
from engine.train import Trainer, encode_targets  # noqa: E402

# torch is imported late (see main): its many objects make Python's cyclic GC, and so the Value-graph
# timings, 2x slower.
HAVE_TORCH = importlib.util.find_spec("torch") is not None
try:
    from threadpoolctl import threadpool_limits
except ImportError:
    threadpool_limits = None
try:
    import micrograd.engine
    import micrograd.nn
except ImportError:
    micrograd = None

QUICK = "--quick" in sys.argv
LR, ALPHA = 0.05, 1e-4


def per_call(fn, calls, repeats=5, warmup=0):
    """Median seconds per call over `repeats` timed runs of `calls` calls."""
    for _ in range(warmup):
        fn()
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        runs.append((time.perf_counter() - t0) / calls)
    return statistics.median(runs)


def demo():
    random.seed(1337)
    model = MLP(2, [16, 16, 1])
    X, y = datasets.moons(100, 0.1, 1337)
    return model, X, encode_targets(y, "hinge")


def bench_trainer(engine, calls):
    model, X, t = demo()
    tr = Trainer(model, X, t, loss="hinge", l2=ALPHA, optimizer="sgd", lr=LR, engine=engine)
    return per_call(tr.step, calls, repeats=5 if engine == "batched" else 3, warmup=min(calls, 200)), tr


def bench_torch(calls, threads):
    import torch
    torch.set_num_threads(threads)
    torch.set_default_dtype(torch.float64)
    model, X, t = demo()
    layers = batched.layer_arrays(model)
    mods = []
    for i, (W, b) in enumerate(layers):
        lin = torch.nn.Linear(W.shape[1], W.shape[0])
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(W))
            lin.bias.copy_(torch.from_numpy(b))
        mods += [lin] + ([torch.nn.ReLU()] if i < len(layers) - 1 else [])
    net = torch.nn.Sequential(*mods)
    params = list(net.parameters())
    opt = torch.optim.SGD(params, lr=LR)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(t).reshape(-1, 1)

    def step():  # the same work as Trainer.step: loss, accuracy, gradient, update
        opt.zero_grad()
        scores = net(Xt)
        loss = torch.relu(1 - yt * scores).mean() + ALPHA * sum((p * p).sum() for p in params)
        loss.backward()
        opt.step()
        return loss.item(), ((scores > 0) == (yt > 0)).double().mean().item()

    seconds = per_call(step, calls, warmup=50)
    # Sanity: after the same number of steps from the same weights, torch and the Trainer agree.
    steps_done = 50 + 5 * calls
    ours, _, _ = demo()
    tr = Trainer(ours, X, t, loss="hinge", l2=ALPHA, optimizer="sgd", lr=LR)
    for _ in range(steps_done):
        tr.step()
    flat = np.concatenate([np.column_stack([lin.weight.detach().numpy(), lin.bias.detach().numpy()]).ravel()
                           for lin in net if isinstance(lin, torch.nn.Linear)])
    return seconds, float(np.abs(flat - np.array(tr.snapshot_weights())).max())


def bench_micrograd(steps):
    np.random.seed(1337)  # micrograd's demo, verbatim apart from the timing
    random.seed(1337)
    X, y = datasets.moons(100, 0.1, 1337)
    y = y * 2 - 1
    model = micrograd.nn.MLP(2, [16, 16, 1])
    Value = micrograd.engine.Value

    def step():
        inputs = [list(map(Value, xrow)) for xrow in X]
        scores = list(map(model, inputs))
        losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)]
        data_loss = sum(losses) * (1.0 / len(losses))
        reg_loss = ALPHA * sum(p * p for p in model.parameters())
        total_loss = data_loss + reg_loss
        model.zero_grad()
        total_loss.backward()
        for p in model.parameters():
            p.data -= LR * p.grad

    return per_call(step, 1, repeats=steps)


def bench_grid(calls, one_thread=False):
    model, _, _ = demo()
    xs = np.linspace(-2, 2, 256)
    grid = GridEvaluator(xs, xs)
    layers = batched.layer_arrays(model)
    if not one_thread:
        return per_call(lambda: grid.evaluate(layers, "relu"), calls, warmup=5)
    with threadpool_limits(1):  # what the app's worker does (REFERENCE: BLAS threads fight on 2 cores)
        return per_call(lambda: grid.evaluate(layers, "relu"), calls, warmup=5)


def main():
    ms = lambda s: f"{s * 1e3:10.3f}"  # noqa: E731
    fast, _ = bench_trainer("batched", 300 if QUICK else 2000)
    rows = [("Trainer(engine='batched').step()", fast, "")]
    checks = []
    slow, _ = bench_trainer("scalar", 3 if QUICK else 10)
    rows.append(("Trainer(engine='scalar').step()", slow, "our Value graph"))
    if micrograd is not None:
        t_mg = bench_micrograd(1 if QUICK else 3)
        rows.append(("micrograd 0.1.0 demo step", t_mg, ""))
        checks.append(("batched >= 5,000x faster than micrograd", t_mg / fast, 5000.0))
    else:
        rows.append(("micrograd 0.1.0", None, "not installed: skipped"))
    t_grid = bench_grid(20 if QUICK else 100)
    rows.append(("grid 256x256 through 2-16-16-1", t_grid, "GridEvaluator.evaluate, default BLAS threads"))
    if threadpool_limits is not None:
        t_one = bench_grid(20 if QUICK else 100, one_thread=True)
        rows.append(("grid 256x256, 1 BLAS thread", t_one, "threadpoolctl, as the app's worker"))
        t_grid = min(t_grid, t_one)
    if HAVE_TORCH:  # last: importing torch slows the cyclic GC, and so the Value-graph timings above
        import torch
        # torch's default uses every core; on a busy 2-core machine one thread can be faster, so time both
        # and hold the target against the faster one.
        default_threads = torch.get_num_threads()
        t_torch = []
        for threads in sorted({default_threads, 1}, reverse=True):
            sec, diff = bench_torch(100 if QUICK else 500, threads)
            t_torch.append(sec)
            rows.append((f"PyTorch {torch.__version__} float64, {threads} thread(s)", sec,
                         f"weights vs ours after the run: {diff:.1e}"))
        torch.set_num_threads(default_threads)
        checks.insert(0, ("batched >= 3x faster than torch (faster one)", min(t_torch) / fast, 3.0))
        again, _ = bench_trainer("batched", 300 if QUICK else 2000)
        rows.append(("Trainer batched step, again after torch", again, "same process, torch loaded"))
    else:
        rows.append(("PyTorch", None, "not installed: skipped"))

    print(f"micrograd demo step (moons 100, MLP 2-16-16-1, hinge + 1e-4 L2, full-batch SGD); "
          f"{os.cpu_count()} CPUs")
    print(f"{'what':42s} {'ms/call':>10s}  {'x batched':>10s}  notes")
    for name, sec, note in rows:
        if sec is None:
            print(f"{name:42s} {'-':>10s}  {'-':>10s}  {note}")
        else:
            print(f"{name:42s} {ms(sec)}  {sec / fast:10.1f}  {note}")
    print()
    for name, ratio, target in checks:
        print(f"{name:42s} {ratio:10.1f}x  {'MET' if ratio >= target else 'NOT MET'} (target {target:g}x)")
    print(f"{'grid 256x256 in a few ms (<= 10 ms, best)':42s} {ms(t_grid)}  {'MET' if t_grid <= 0.010 else 'NOT MET'}")


if __name__ == "__main__":
    main()
