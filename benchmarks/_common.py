"""Small helpers shared by the benchmarks: micrograd's demo data, timing, and printing a table."""
import gc
import statistics
import time

import numpy as np


def make_moons(n=100, noise=0.1, generator=None):
    """sklearn.datasets.make_moons(n, noise=noise) reproduced with numpy alone, draw for draw.

    `generator` is a numpy RandomState (sklearn's `random_state=None` means numpy's global one, which is
    what micrograd's demo uses after `np.random.seed(1337)`). Labels are 0/1 like sklearn's.
    """
    gen = np.random.mtrand._rand if generator is None else generator
    n_out = n // 2
    n_in = n - n_out
    outer_x, outer_y = np.cos(np.linspace(0, np.pi, n_out)), np.sin(np.linspace(0, np.pi, n_out))
    inner_x = 1 - np.cos(np.linspace(0, np.pi, n_in))
    inner_y = 1 - np.sin(np.linspace(0, np.pi, n_in)) - 0.5
    X = np.vstack([np.append(outer_x, inner_x), np.append(outer_y, inner_y)]).T
    y = np.hstack([np.zeros(n_out, dtype=np.intp), np.ones(n_in, dtype=np.intp)])
    idx = np.arange(n)  # sklearn.utils.shuffle -> resample(replace=False): arange, then shuffle in place
    gen.shuffle(idx)
    X, y = X[idx], y[idx]
    X += gen.normal(scale=noise, size=X.shape)
    return X, y


def time_calls(fn, n, warmup=1, gc_enabled=True):
    """Seconds per call of fn() for n calls after `warmup` untimed ones; gc state restored afterwards."""
    was_enabled = gc.isenabled()
    (gc.enable if gc_enabled else gc.disable)()
    try:
        for _ in range(warmup):
            fn()
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
    finally:
        (gc.enable if was_enabled else gc.disable)()
    return times


def ms(times):
    """'mean ms (min-max)' of a list of seconds."""
    return f"{statistics.mean(times) * 1e3:8.1f} ms  (min {min(times) * 1e3:.1f}, max {max(times) * 1e3:.1f})"


def print_table(title, rows):
    """rows: list of (label, text) pairs."""
    print(f"\n{title}")
    width = max(len(label) for label, _ in rows)
    for label, text in rows:
        print(f"  {label:<{width}}  {text}")
