"""The GUI thread's long blocks while the app trains (issue 10's "GUI p95"), measured without the training process.

bench_app.py's event-loop delay is wall time: on a shared 2-core machine it mostly measures the other processes
(the training process itself takes a core). Here a real run's snapshots are recorded first (bench_app's setup:
2-16-16-1 relu, hinge, Adam, moons 200 points, 1280x800, default tab), then replayed into a fresh MainWindow at
a fixed rate, delivered as the controller delivers them (a queued call, then the window's own painting), with
no training process running. Per replay:
  * the GUI thread's CPU per painted snapshot;
  * bench_app's LoopLag (a 16 ms precise timer re-armed each tick): wall lateness p50 / p95 / max;
  * the same lateness in CPU terms: the GUI thread's CPU spent in the event dispatches that ran between a tick's
    due time and its firing (every top-level dispatch is timed through QApplication.notify), i.e. what delayed
    the tick on a quiet machine, whatever else the machine runs;
  * the longest single dispatches (which event, which receiver), to say what makes a block long.

Run: QT_QPA_PLATFORM=offscreen python benchmarks/bench_gui_blocks.py [--engine scalar] [--rate 10] [--repeats 3]
"""
from __future__ import annotations

import argparse
import collections
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_app  # noqa: E402  (sets the process up as the app does: BLAS threads, platform, sys.path)
import numpy as np  # noqa: E402
from PySide6.QtCore import QObject, Qt, QTimer, Signal  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

DEFAULT_RATE = {"scalar": 10.0, "batched": 32.0}     # snapshots/s the app paints on a quiet machine


class TimedApplication(QApplication):
    """Times every top-level event dispatch of the GUI thread: (wall start, wall end, CPU, event, receiver)."""

    def __init__(self, argv):
        super().__init__(argv)
        self.dispatches: list[tuple] = []
        self._depth = 0

    def notify(self, receiver, event):  # Qt override (a benchmark's: nothing to guard)
        if self._depth:
            return super().notify(receiver, event)
        self._depth = 1
        name = event.type().name, type(receiver).__name__ + (f"#{receiver.objectName()}" if receiver.objectName()
                                                             else "")   # before: it may be gone after
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            return super().notify(receiver, event)
        finally:
            self._depth = 0
            self.dispatches.append((wall, time.perf_counter(), time.thread_time() - cpu) + name)


class Feeder(QObject):
    """Hands recorded snapshots to the window as the controller's reader thread does: a queued call."""

    queued = Signal(object)

    def __init__(self, window, snapshots, rate: float):
        super().__init__()
        self._window, self._snapshots = window, list(snapshots)
        self.queued.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._timer = QTimer(self, timerType=Qt.TimerType.PreciseTimer, interval=max(1, round(1000 / rate)))
        self._timer.timeout.connect(self._on_timer_timeout)

    def start(self):
        self._timer.start()

    def _on_timer_timeout(self):
        if self._snapshots:
            self.queued.emit(self._snapshots.pop(0))
        else:
            self._timer.stop()

    def _deliver(self, snapshot):
        self._window.controller.snapshot_ready.emit(snapshot)


def record(app, engine: str, count: int, tmp: str) -> list:
    """`count` snapshots of a real run, as the window received them (the first second's dropped)."""
    window = bench_app.open_window(bench_app.bench_state(engine), tmp)
    seen = []
    try:
        window.controller.snapshot_ready.connect(seen.append)
        lag = bench_app.LoopLag()
        bench_app.run_for(app, 0.5, lag)
        window.start_training()
        bench_app.run_for(app, 1.0, lag)
        seen.clear()
        while len(seen) < count:
            bench_app.run_for(app, 0.5, lag)
    finally:
        bench_app.close_window(window)
    return [s for s in seen if s.running][:count]


def replay(app: TimedApplication, engine: str, snapshots: list, rate: float, tmp: str) -> dict:
    window = bench_app.open_window(bench_app.bench_state(engine), tmp)
    try:
        painted = []
        window.snapshot_painted.connect(lambda s: painted.append(s.step))
        lag = bench_app.LoopLag()
        fired = []
        original = lag._on_timeout

        def on_timeout():
            fired.append((lag._due, time.perf_counter()))
            original()
        lag._timer.timeout.disconnect()
        lag._timer.timeout.connect(on_timeout)
        bench_app.run_for(app, 0.8, lag)                  # first layout and paints
        feeder = Feeder(window, snapshots, rate)
        fired.clear()
        app.dispatches.clear()
        cpu0 = time.thread_time()
        feeder.start()
        wall = bench_app.run_for(app, len(snapshots) / rate + 0.3, lag)
        cpu = time.thread_time() - cpu0
    finally:
        bench_app.close_window(window)
    dispatches = list(app.dispatches)
    starts = np.array([d[0] for d in dispatches])
    ends = np.array([d[1] for d in dispatches])
    cpus = np.array([d[2] for d in dispatches])
    late_cpu = []
    for due, at in fired:
        first, last = np.searchsorted(ends, due), np.searchsorted(starts, at)
        share = [1.0 if starts[k] >= due else (ends[k] - due) / max(ends[k] - starts[k], 1e-9)
                 for k in range(first, last)]
        late_cpu.append(1000 * float(np.dot(cpus[first:last], share)) if share else 0.0)
    late_wall, late_cpu = np.array(lag.lateness_ms), np.array(late_cpu)
    by_kind = collections.defaultdict(float)
    for d in dispatches:
        by_kind[(d[3], d[4])] += d[2]
    n = max(1, len(painted))
    return dict(painted=len(painted) / wall, cpu_ms=1000 * cpu / n,
                wall=np.percentile(late_wall, [50, 95, 100]), cpu=np.percentile(late_cpu, [50, 95, 100]),
                longest=sorted(dispatches, key=lambda d: -d[2])[:5],
                by_kind=sorted(((1000 * v / n, k) for k, v in by_kind.items()), reverse=True)[:10])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default="scalar", choices=("scalar", "batched"))
    parser.add_argument("--rate", type=float, help="snapshots a second replayed (default: 10 scalar, 32 batched)")
    parser.add_argument("--snapshots", type=int, default=60, help="how many snapshots to record and replay")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    rate = args.rate or DEFAULT_RATE[args.engine]
    sys.setswitchinterval(bench_app.SWITCH_INTERVAL)
    app = TimedApplication(sys.argv[:1])
    from playground.app import apply_theme
    apply_theme(app)
    with tempfile.TemporaryDirectory() as tmp:
        snapshots = record(app, args.engine, args.snapshots, tmp)
        print(f"{args.engine} engine: {len(snapshots)} recorded snapshots replayed at {rate:g}/s, no training "
              f"process running")
        for run in range(1, args.repeats + 1):
            r = replay(app, args.engine, snapshots, rate, tmp)
            print(f"\nrun {run}: {r['painted']:.1f} snapshots painted/s, GUI CPU {r['cpu_ms']:.1f} ms per snapshot")
            print("  tick lateness, wall: p50 {:.1f} p95 {:.1f} max {:.1f} ms".format(*r["wall"]))
            print("  tick lateness, CPU:  p50 {:.1f} p95 {:.1f} max {:.1f} ms".format(*r["cpu"]))
            print("  CPU per snapshot by event: " + ", ".join(f"{kind}/{who} {ms:.1f}" for ms, (kind, who)
                                                            in r["by_kind"] if ms >= 0.2))
            print("  longest dispatches: " + ", ".join(f"{d[3]}/{d[4]} {1000 * d[2]:.1f} ms" for d in r["longest"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
