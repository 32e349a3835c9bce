"""Edits in the window at many points (issue 10): add, erase, undo, from the mouse event to the canvas repainted.

The same path as bench_app.py's `measure_edits` (the window open on the moons preset, idle; a left click adds a
point, a right click on an existing point erases the eraser's disc around it, Undo), with more repeats and the GUI
thread's CPU time beside the wall time: CPU time hardly moves when other processes load the machine, wall time
does. `--profile erase` (or add, undo, undo-erase) prints where that edit's CPU time goes (cProfile, timed by
the thread's CPU clock).

Run: QT_QPA_PLATFORM=offscreen python benchmarks/bench_edits.py [--points 99990] [--repeats 15] [--profile erase]
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_app  # noqa: E402  (sets the process up as the app does: BLAS threads, Qt platform, sys.path)
import numpy as np  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

KINDS = ("add", "undo", "erase", "undo-erase")


def measure(app, n_points: int, repeats: int, tmp: str, profile: str | None) -> tuple[dict, dict, dict, object]:
    """Per edit kind: wall ms, CPU ms of this (the GUI) thread, and symbols the canvas stamped to repaint."""
    window = bench_app.open_window(bench_app.bench_state("batched", n_points), tmp)
    wall: dict[str, list[float]] = {k: [] for k in KINDS}
    cpu: dict[str, list[float]] = {k: [] for k in KINDS}
    stamped: dict[str, list[int]] = {k: [] for k in KINDS}
    profiler = cProfile.Profile(time.thread_time) if profile else None
    try:
        lag = bench_app.LoopLag()
        bench_app.run_for(app, 0.8, lag)                     # first layout, first boundary
        canvas, viewport = window.canvas, window.canvas.viewport()
        layers = canvas._points.items()
        undo = window.findChild(type(window.menuBar().actions()[0]), "actionUndo")
        rng = np.random.default_rng(0)
        xmin, xmax, ymin, ymax = canvas.extent()

        def click(button, x, y):
            QTest.mouseClick(viewport, button, Qt.KeyboardModifier.NoModifier, canvas.data_to_viewport(x, y))

        def timed(kind, act, *args):
            drawn0 = sum(item.symbols_drawn for item in layers)
            t0, c0 = time.perf_counter(), time.thread_time()
            if profiler and kind == profile:
                profiler.enable()
            act(*args)
            viewport.repaint()
            if profiler:
                profiler.disable()
            cpu[kind].append((time.thread_time() - c0) * 1000)
            wall[kind].append((time.perf_counter() - t0) * 1000)
            stamped[kind].append(sum(item.symbols_drawn for item in layers) - drawn0)
            bench_app.run_for(app, 0.15, lag)                # the worker takes the new data; its snapshot paints

        for _ in range(repeats):
            x, y = rng.uniform(xmin, xmax) * 0.9, rng.uniform(ymin, ymax) * 0.9
            timed("add", click, Qt.MouseButton.LeftButton, x, y)
            timed("undo", undo.trigger)
            px, py = window.dataset.points()[int(rng.integers(window.dataset.count()))]
            timed("erase", click, Qt.MouseButton.RightButton, px, py)
            timed("undo-erase", undo.trigger)
    finally:
        bench_app.close_window(window)
    return wall, cpu, stamped, profiler


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, nargs="+", default=[10_000, 99_990])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--profile", choices=KINDS, help="print where this edit's CPU time goes")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from playground.app import apply_theme
    apply_theme(app)
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.points:
            wall, cpu, stamped, profiler = measure(app, n, args.repeats, tmp, args.profile)
            print(f"\n{n:,} points, median of {args.repeats} (event to repainted canvas):")
            for kind in KINDS:
                print(f"  {kind:11s} wall {np.median(wall[kind]):6.1f} ms   GUI-thread CPU {np.median(cpu[kind]):6.1f} ms"
                      f"   (CPU min {min(cpu[kind]):.1f}, max {max(cpu[kind]):.1f}; "
                      f"symbols stamped {int(np.median(stamped[kind])):,})")
            if profiler:
                print(f"\n  where {args.profile}'s CPU time goes, all {args.repeats} together:")
                pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
