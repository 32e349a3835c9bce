"""Time to compute a loss landscape (issue 11): a 41 x 41 slice of 200 points on 2-16-16-1.

Li et al.'s filter-normalised random plane around micrograd's initial weights, hinge + 1e-4 * L2, as the
app's loss-landscape view computes it (1,682 forward passes: 41 x 41 grid points and the centre).
Target: well under a second. Run: python benchmarks/bench_landscape.py [--quick]
"""
from __future__ import annotations

import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import numpy as np  # noqa: E402
from _common import ms, print_table, time_calls  # noqa: E402

from engine import batched, datasets  # noqa: E402
from engine.landscape import landscape  # noqa: E402
from engine.nn import MLP  # noqa: E402


def main():
    quick = "--quick" in sys.argv
    X, y = datasets.moons(200, 0.1, np.random.RandomState(1337))
    targets = np.where(y > 0, 1.0, -1.0)
    layers = batched.layer_arrays(MLP(2, [16, 16, 1], rng=random.Random(1337)))
    rows = []
    for resolution in (21, 41):
        times = time_calls(lambda r=resolution: landscape(layers, "relu", X, targets, "hinge", l2=1e-4,
                                                           resolution=r), 2 if quick else 5)
        rows.append((f"{resolution} x {resolution} slice, 200 points, 2-16-16-1", ms(times)))
    print_table("loss landscape (engine.landscape.landscape)", rows)
    print("  target: 41 x 41 well under 1,000 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
