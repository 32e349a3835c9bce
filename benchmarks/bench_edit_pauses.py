"""The GUI thread's pauses around a data edit at many points (issue 10, "no freeze"): CPU time, medians.

The window open on the moons preset (as bench_edits.py), one step taken (weights to read), idle, the Network tab
shown (the default). Per repeat, after a click that adds a point:
  * data-settled: `TrainingWiring.data_settled`, what the 60 ms timer after an edit runs on the GUI thread;
  * autosave tick: `Autosaver._on_timer_timeout`, the GUI thread's share of an autosave (the write itself runs on
    the autosaver's pool thread), and how late a 16 ms timer fired while that write ran (the pool holding the
    GIL in long C calls shows here);
  * model_from_window / view_data: what the graph tabs read several times a second (the computation graph,
    the gradient check; the hidden space and landscape).
CPU time of this (the GUI) thread (time.thread_time) hardly moves when other processes load the machine.

Run: QT_QPA_PLATFORM=offscreen python benchmarks/bench_edit_pauses.py [--points 99990] [--repeats 15]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_app  # noqa: E402  (sets the process up as the app does: BLAS threads, Qt platform, sys.path)
import numpy as np  # noqa: E402
from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

KINDS = ("data-settled", "autosave tick", "model_from_window", "view_data")


def cpu_ms(act) -> float:
    c0 = time.thread_time()
    act()
    return (time.thread_time() - c0) * 1000


def spin_until(done, lag: bench_app.LoopLag, limit_s: float = 10.0) -> None:
    """Run the event loop (lag measuring it) until `done()`, polled every 2 ms."""
    loop = QEventLoop()
    poll = QTimer(interval=2)
    poll.timeout.connect(lambda: done() and loop.quit())
    QTimer.singleShot(int(limit_s * 1000), loop.quit)
    lag.start()
    poll.start()
    loop.exec()
    poll.stop()
    lag.stop()


def measure(app, n_points: int, repeats: int, tmp: str) -> tuple[dict, list]:
    from playground.window.graph_wiring import model_from_window, view_data
    window = bench_app.open_window(bench_app.bench_state("batched", n_points), tmp)
    cpu: dict[str, list[float]] = {k: [] for k in KINDS}
    write_lag: list[float] = []
    try:
        lag = bench_app.LoopLag()
        bench_app.run_for(app, 0.8, lag)                     # first layout, first boundary
        window.training.step_once()
        spin_until(lambda: window.latest_snapshot() is not None and window.latest_snapshot().step >= 1, lag)
        canvas, viewport = window.canvas, window.canvas.viewport()
        saver = window.autosaver
        rng = np.random.default_rng(0)
        xmin, xmax, ymin, ymax = canvas.extent()
        for _ in range(repeats):
            x, y = rng.uniform(xmin, xmax) * 0.9, rng.uniform(ymin, ymax) * 0.9
            QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                             canvas.data_to_viewport(x, y))
            window.training.data_timer.stop()                # run its step here, timed
            cpu["data-settled"].append(cpu_ms(window.training.data_settled))
            bench_app.run_for(app, 0.15, lag)                # the worker's snapshot of the new data paints
            saver._timer.stop()
            saver.mark_dirty()
            saver._timer.stop()
            cpu["autosave tick"].append(cpu_ms(saver._on_timer_timeout))
            spin_until(lambda: not saver._in_flight, lag)    # the pool writes meanwhile
            write_lag.append(max(lag.lateness_ms, default=0.0))
            cpu["model_from_window"].append(cpu_ms(lambda: model_from_window(window)))
            cpu["view_data"].append(cpu_ms(lambda: view_data(window)))
    finally:
        saver.close()
        bench_app.close_window(window)
    return cpu, write_lag


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, nargs="+", default=[99_990])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args(argv)
    sys.setswitchinterval(bench_app.SWITCH_INTERVAL)       # as the app sets it (playground/app.py)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from playground.app import apply_theme
    apply_theme(app)
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.points:
            cpu, write_lag = measure(app, n, args.repeats, tmp)
            print(f"\n{n:,} points, GUI-thread CPU, median of {args.repeats} (min, max):")
            for kind in KINDS:
                print(f"  {kind:18s} {np.median(cpu[kind]):7.2f} ms   ({min(cpu[kind]):.2f}, {max(cpu[kind]):.2f})")
            print(f"  a 16 ms timer's worst lateness while the autosave wrote: median {np.median(write_lag):.1f} ms "
                  f"(max {max(write_lag):.1f}; wall clock, noisy on a loaded machine)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
