"""What painting costs the GUI thread (issue 10), apart from training: printed figures, not asserts.

1. Replayed snapshots: the real MainWindow trains the bench_app setting (2-16-16-1 relu, hinge, Adam, full
   batch, moons 200 points) for a few seconds while its snapshots are recorded; then, paused, the same
   snapshots are handed to the window again at 30 a second for as long (as the controller hands them over;
   fewer recorded are repeated, their steps going on) with no training thread running. Printed: the GUI thread's CPU per snapshot (time.thread_time: it hardly moves when
   other processes load the machine), the real repaints per second of the canvas and the loss plot (Paint
   events), the network view's frames, and the event-loop delay of a 16 ms timer (p50 / p95 / max): the
   GUI's own share of issue 10's p95 target, for the batched and the scalar engine's snapshots.
2. A LossPlot alone, fed as the window feeds it: its GUI CPU per second and repaints per second.
(Edits among many points, from the event to the canvas repainted: benchmarks/bench_edits.py.)

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_painting.py [--seconds 3] [--only replay|plot]
"""
from __future__ import annotations

import argparse
import dataclasses
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
from bench_app import LoopLag, PaintCounter, bench_state, close_window, open_window, run_for, viewports  # noqa: E402
from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

REPLAY_HZ = 30


def record(app, window, seconds: float) -> list:
    """The snapshots a real run hands the window over `seconds` (the run then paused)."""
    seen: list = []
    window.controller.snapshot_ready.connect(seen.append)
    window.start_training()
    run_for(app, seconds, LoopLag())
    window.training.set_running(False)
    run_for(app, 0.5, LoopLag())
    window.controller.snapshot_ready.disconnect(seen.append)
    return [s for s in seen if s.running]


def continued(snapshots: list, count: int) -> list:
    """`count` snapshots: the recorded ones, again and again, their steps (losses, evaluation, checkpoints) going on
    where the last left off."""
    span = snapshots[-1].step + 1
    out = []
    for i in range(count):
        s, offset = snapshots[i % len(snapshots)], (i // len(snapshots)) * span
        checkpoints = s.checkpoints
        if checkpoints is not None:
            checkpoints = dataclasses.replace(checkpoints, steps=checkpoints.steps + offset)
        out.append(dataclasses.replace(s, step=s.step + offset, new_steps=np.asarray(s.new_steps) + offset,
                                       eval_step=s.eval_step + offset if s.eval_step >= 0 else s.eval_step,
                                       checkpoints=checkpoints))
    return out


def replay(app, engine: str, seconds: float, tmp: str) -> dict:
    window = open_window(bench_state(engine), tmp)
    try:
        run_for(app, 0.5, LoopLag())
        snapshots = continued(record(app, window, seconds), int(seconds * REPLAY_HZ))
        window.model.clear_history()                 # the curve starts again with the first replayed step
        canvas = PaintCounter(viewports(window.canvas))
        plot = PaintCounter(viewports(window.loss_plot))
        network = window.graph_panel.network_view
        frames0 = network.frames_painted
        queue = list(snapshots)

        def hand_over():            # a GUI that falls behind gets fewer: the timer does not queue up
            if queue:
                window.controller.snapshot_ready.emit(queue.pop(0))
        timer = QTimer(timerType=Qt.TimerType.PreciseTimer, interval=1000 // REPLAY_HZ)
        timer.timeout.connect(hand_over)
        lag = LoopLag()
        cpu0 = time.thread_time()
        timer.start()
        wall = run_for(app, len(snapshots) / REPLAY_HZ + 0.3, lag)
        timer.stop()
        cpu = time.thread_time() - cpu0
        frames = network.frames_painted - frames0
    finally:
        close_window(window)
    late = np.array(lag.lateness_ms)
    shown = len(snapshots) - len(queue)
    return dict(n=shown, cpu_ms=1000 * cpu / max(1, shown), cpu_share=cpu / wall,
                canvas=canvas.count / wall, plot=plot.count / wall, network=frames / wall,
                p50=np.percentile(late, 50), p95=np.percentile(late, 95), max=late.max())


def loss_plot_alone(app, seconds: float) -> dict:
    """A LossPlot on its own, fed as the window feeds it at 30 snapshots a second (40 steps each, an
    evaluation every 5th): its GUI CPU per second of training and its real repaints per second."""
    from playground.views.loss_plot import LossPlot
    plot = LossPlot()
    plot.resize(560, 320)
    plot.show()
    counter = PaintCounter([plot.viewport()])
    sent = {"step": 0, "n": 0}

    def feed():
        s = sent["step"]
        steps = np.arange(s, s + 40)
        plot.append(steps, 1.0 / (1 + steps / 500))
        if sent["n"] % 5 == 0:
            plot.append_test(s + 39, 1.1 / (1 + s / 500), 0.5 + s / 1e6, 0.5)
        sent["step"], sent["n"] = s + 40, sent["n"] + 1
    timer = QTimer(timerType=Qt.TimerType.PreciseTimer, interval=1000 // REPLAY_HZ)
    timer.timeout.connect(feed)
    timer.start()
    run_for(app, 1.0, LoopLag())
    counter.count, cpu0 = 0, time.thread_time()
    wall = run_for(app, seconds, LoopLag())
    cpu = time.thread_time() - cpu0
    timer.stop()
    plot.close()
    return dict(cpu_ms_per_s=1000 * cpu / wall, repaints=counter.count / wall)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="how long each recorded run trains")
    parser.add_argument("--only", choices=("replay", "plot"), help="one part only")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from playground.app import apply_theme
    apply_theme(app)
    with tempfile.TemporaryDirectory() as tmp:
        if args.only != "plot":
            print(f"Snapshots replayed at {REPLAY_HZ}/s into the MainWindow, nothing training:")
            for engine in ("batched", "scalar"):
                r = replay(app, engine, args.seconds, tmp)
                print(f"  {engine:8s} {r['n']:4d} snapshots handed over: GUI CPU {r['cpu_ms']:5.1f} ms each ({r['cpu_share']:4.0%});"
                      f" canvas {r['canvas']:4.1f}, loss plot {r['plot']:4.1f} repaints/s, network {r['network']:4.1f}"
                      f" frames/s; event-loop delay p50 {r['p50']:.1f}, p95 {r['p95']:.1f}, max {r['max']:.1f} ms")
        if args.only != "replay":
            r = loss_plot_alone(app, args.seconds)
            print(f"Loss plot alone, fed {REPLAY_HZ} snapshots/s: GUI CPU {r['cpu_ms_per_s']:.0f} ms per second, "
                  f"{r['repaints']:.1f} repaints/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
