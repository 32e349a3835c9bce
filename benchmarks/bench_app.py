"""The app's speed while it trains (issue 3, "Threads and speed"): printed figures, not asserts.

A 2-16-16-1 relu net (hinge loss, Adam, full batch) on the moons preset's 200 points, as a user would set it up:
  1. headless: `Trainer.step()` rate on the same train split, measured before and after each app run below
     (the machine's load drifts; the app's rate is compared with the mean of the two);
  2. the real MainWindow training at full speed on the batched engine for a few seconds:
       * the GUI thread's event-loop delay: a 16 ms single-shot precise QTimer re-armed on every tick, and how
         late each tick fires (p50 / p95 / max);
       * snapshots painted per second (MainWindow.snapshot_painted), and the real repaints of the boundary
         canvas and the loss plot (Paint events on their graphics views' viewports, via an event filter);
       * in-app training steps/s (snapshot steps over wall time) and its ratio to (1);
  3. the same on the scalar engine (the real Value graph): the GUI must still answer.
  A "worker only" row (a TrainingController with nothing painting) separates the worker's cost from the GUI's.

The process is set up as `python -m playground` sets it up (playground/__main__.py, app.py): BLAS pinned to
one thread before numpy loads, the same sys.setswitchinterval, the same theme.

Run: QT_QPA_PLATFORM=offscreen python benchmarks/bench_app.py [--seconds 5] [--screenshot out.png]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):   # as playground/__main__.py
    os.environ.setdefault(_var, "1")
if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import numpy as np  # noqa: E402
from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QGraphicsView  # noqa: E402

from engine import datasets  # noqa: E402
from engine.nn import MLP  # noqa: E402
from engine.train import Trainer  # noqa: E402
from playground.model.state import PlaygroundState  # noqa: E402
from playground.worker.config import TrainingConfig  # noqa: E402

try:   # what playground.app.run sets; 2 ms until app.py names it
    from playground.app import SWITCH_INTERVAL
except ImportError:
    SWITCH_INTERVAL = 0.002
TICK_MS = 16


def bench_state(engine: str) -> PlaygroundState:
    points, labels = datasets.moons_centered(200, 0.1, 0)
    return PlaygroundState(points=points.tolist(), labels=labels.tolist(), hidden_layers=[16, 16],
                           activation="relu", loss="hinge", optimizer="adam", learning_rate=0.01,
                           batch_size=0, engine=engine, steps_per_second=0)


def headless_rate(state: PlaygroundState, seconds: float) -> float:
    """Trainer.step() per second on exactly the data and settings the app's worker trains on."""
    config = TrainingConfig.from_state(state)
    train = ~config.is_test
    import random
    model = MLP(len(config.features), list(config.layer_sizes), activation=config.activation,
                rng=random.Random(config.seed))
    from engine.features import expand
    trainer = Trainer(model, expand(config.points[train], list(config.features)),
                      config.targets(config.labels[train]), loss=config.loss, optimizer=config.optimizer,
                      lr=config.learning_rate, engine=config.engine, seed=config.seed)
    trainer.step()
    steps, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        trainer.step()
        steps += 1
    return steps / (time.perf_counter() - t0)


class LoopLag(QObject):
    """How late the GUI thread's event loop runs a 16 ms timer: re-armed each tick, lateness recorded."""

    def __init__(self):
        super().__init__()
        self.lateness_ms: list[float] = []
        self._timer = QTimer(self, singleShot=True, timerType=Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._on_timeout)
        self._due = 0.0

    def start(self):
        self.lateness_ms.clear()
        self._arm()

    def stop(self):
        self._timer.stop()

    def _arm(self):
        self._due = time.perf_counter() + TICK_MS / 1000
        self._timer.start(TICK_MS)

    def _on_timeout(self):
        self.lateness_ms.append(max(0.0, (time.perf_counter() - self._due) * 1000))
        self._arm()


class PaintCounter(QObject):
    """Counts Paint events reaching the watched widgets (what was really repainted, not just asked for)."""

    def __init__(self, widgets):
        super().__init__()
        self.count = 0
        for w in widgets:
            w.installEventFilter(self)

    def eventFilter(self, obj, event):  # Qt override
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def viewports(widget):
    """The viewports of every graphics view inside `widget` (pyqtgraph draws into these)."""
    views = ([widget] if isinstance(widget, QGraphicsView) else []) + widget.findChildren(QGraphicsView)
    return [v.viewport() for v in views if v.isVisible()]


def run_for(app, seconds: float, lag: LoopLag) -> float:
    """Spin the GUI event loop for `seconds` while `lag` measures it; returns the wall time.

    A local QEventLoop, not app.exec()/app.quit(): since Qt 6 quitting the application closes its windows,
    and a closed window paints nothing (and MainWindow stops its worker on close)."""
    loop = QEventLoop()
    lag.start()
    t0 = time.perf_counter()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
    lag.stop()
    return time.perf_counter() - t0


def measure_window(app, engine: str, seconds: float, tmp: str, screenshot: str | None) -> dict:
    from playground.window.main_window import MainWindow
    state = bench_state(engine)
    head_before = headless_rate(state, 1.5 if engine == "batched" else 3.0)
    settings = QSettings(os.path.join(tmp, f"settings-{engine}.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, data_dir=os.path.join(tmp, "data"), state=state)
    try:
        window.resize(1280, 800)
        window.show()
        painted = []
        window.snapshot_painted.connect(lambda s: painted.append((time.perf_counter(), s.step, s.running)))
        canvas = PaintCounter(viewports(window.canvas))
        plot = PaintCounter(viewports(window.loss_plot))
        lag = LoopLag()
        run_for(app, 0.5, lag)                       # let the first layout and paints settle
        window.start_training()
        run_for(app, 0.5, lag)                       # warm-up: first snapshots, first curve points
        painted.clear()
        canvas.count = plot.count = 0
        cpu0 = time.thread_time()                    # this (the GUI) thread's CPU time: robust to other load
        wall = run_for(app, seconds, lag)
        gui_cpu = time.thread_time() - cpu0
        if screenshot:
            window.grab().save(screenshot.replace(".png", f"-{engine}.png"))
    finally:                                         # never leave the training thread behind
        window.controller.shutdown()
        window.files.set_interactive(False)
        window.close()
        window.deleteLater()
    late = np.array(lag.lateness_ms)
    running = [(t, s) for t, s, r in painted if r]
    head_after = headless_rate(state, 1.5 if engine == "batched" else 3.0)
    steps = (running[-1][1] - running[0][1]) / (running[-1][0] - running[0][0]) if len(running) > 1 else 0.0
    head = (head_before + head_after) / 2
    return dict(head=head, head_range=(head_before, head_after), steps=steps, ratio=steps / head,
                painted=len(painted) / wall, gui_cpu=gui_cpu / wall,
                gui_ms_per_frame=1000 * gui_cpu / max(1, len(painted)), canvas=canvas.count / wall, plot=plot.count / wall,
                p50=np.percentile(late, 50), p95=np.percentile(late, 95), max=late.max(), ticks=len(late))


def measure_worker_only(app, engine: str, seconds: float) -> dict:
    """The controller alone (no window, nothing painted): the worker's own throughput and emit rate."""
    from playground.worker.controller import TrainingController
    state = bench_state(engine)
    head = headless_rate(state, 1.5)
    controller = TrainingController()
    seen = []
    controller.snapshot_ready.connect(lambda s: seen.append((time.perf_counter(), s.step, s.running)))
    controller.configure(TrainingConfig.from_state(state))
    controller.start()
    lag = LoopLag()
    run_for(app, 0.5, lag)
    seen.clear()
    wall = run_for(app, seconds, lag)
    controller.shutdown()
    running = [(t, s) for t, s, r in seen if r]
    steps = (running[-1][1] - running[0][1]) / (running[-1][0] - running[0][0])
    late = np.array(lag.lateness_ms)
    return dict(head=head, steps=steps, ratio=steps / head, emitted=len(seen) / wall,
                p95=np.percentile(late, 95))


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="how long each app run trains")
    parser.add_argument("--screenshot", help="save the window at the end of each run (PATH-<engine>.png)")
    parser.add_argument("--switch-interval", type=float, default=SWITCH_INTERVAL,
                        help="sys.setswitchinterval in seconds (to try others than the app's)")
    parser.add_argument("--engines", default="batched,scalar", help="which app runs to do")
    args = parser.parse_args(argv)
    sys.setswitchinterval(args.switch_interval)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from playground.app import apply_theme
    apply_theme(app)
    print(f"2-16-16-1 relu, hinge, Adam, full batch, moons 200 points (160 train); {os.cpu_count()} CPUs; "
          f"switch interval {sys.getswitchinterval() * 1000:g} ms; "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}; Qt platform {app.platformName()}")
    alone = measure_worker_only(app, "batched", min(args.seconds, 3.0))
    print(f"\nworker only (no window): {alone['steps']:,.0f} steps/s = {alone['ratio']:.0%} of headless "
          f"{alone['head']:,.0f}/s; {alone['emitted']:.1f} snapshots/s; GUI tick p95 {alone['p95']:.1f} ms")
    engines = [e for e in ("batched", "scalar") if e in args.engines.split(",")]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for engine in engines:
            results[engine] = r = measure_window(app, engine, args.seconds, tmp, args.screenshot)
            lo, hi = r["head_range"]
            print(f"\n{engine} engine, MainWindow training for {args.seconds:g} s ({r['ticks']} GUI ticks):")
            print(f"  headless Trainer.step()          {r['head']:10,.0f} steps/s  (before {lo:,.0f}, after {hi:,.0f})")
            print(f"  in the app                       {r['steps']:10,.0f} steps/s  ({r['ratio']:.0%} of headless)")
            print(f"  snapshots painted                {r['painted']:10.1f} /s")
            print(f"  GUI thread CPU                   {r['gui_cpu']:10.0%}     ({r['gui_ms_per_frame']:.1f} ms per painted snapshot)")
            print(f"  canvas repaints (Paint events)   {r['canvas']:10.1f} /s")
            print(f"  loss plot repaints               {r['plot']:10.1f} /s")
            print(f"  GUI event-loop delay (16 ms tick) p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, "
                  f"max {r['max']:.1f} ms")
            if engine == "scalar":
                print("  (headless scalar steps pay for Python's cyclic GC; the app's worker pauses it per step,"
                      " so this ratio can pass 100%)")
    rows = []
    if "batched" in results:
        fast = results["batched"]
        rows += [
            ("batched: GUI event-loop delay p95", f"{fast['p95']:.1f} ms", "<= 16 ms", fast["p95"] <= 16),
            ("batched: boundary repaints", f"{fast['canvas']:.1f} /s", ">= 30 /s", fast["canvas"] >= 30),
            ("batched: loss curve repaints", f"{fast['plot']:.1f} /s", ">= 30 /s", fast["plot"] >= 30),
            ("batched: snapshots painted", f"{fast['painted']:.1f} /s", ">= 30 /s", fast["painted"] >= 30),
            ("batched: in-app / headless steps", f"{fast['ratio']:.0%}", ">= 50%", fast["ratio"] >= 0.5),
        ]
    if "scalar" in results:
        slow = results["scalar"]
        rows.append(("scalar: GUI event-loop delay p95", f"{slow['p95']:.1f} ms", "<= 33 ms", slow["p95"] <= 33))
    print(f"\n{'target':36s} {'measured':>10s}  {'target':>9s}  verdict")
    for name, got, target, ok in rows:
        print(f"{name:36s} {got:>10s}  {target:>9s}  {verdict(ok)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
