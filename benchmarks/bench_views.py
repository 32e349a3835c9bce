"""Training throughput with each of issue 11's views shown vs hidden: the timeline, the Hidden space, the Loss
landscape.

The real MainWindow trains the bench_app network (2-16-16-1 relu, hinge, Adam, full batch, moons 200 points)
at full speed with, in turn: the graph panel hidden (the baseline of the tabs); its computation graph tab with no point chosen (a tab that draws nothing
while training); the Hidden space tab (a frame at most every 100 ms); the Loss landscape tab (a 41x41
landscape on a background thread every few seconds, its path the timeline's checkpoints). Rounds alternate so
the machine's load drift hits every case alike. Printed figures, not asserts; issue 11's aim: each view costs
the training loop at most 10% of its steps/s. The timeline records in the training process, so its cost is
measured there, in steps per CPU-second with recording on and off: benchmarks/bench_timeline.py, section 3.

    python benchmarks/bench_views.py [--seconds 3] [--rounds 2]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):   # as playground/__main__.py
    os.environ.setdefault(_var, "1")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from bench_app import bench_state  # noqa: E402
from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def spin(seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def measure(window, case, seconds: float, counters: dict) -> float:
    """In-app training steps/s over `seconds` in `case`: (the tab on screen or None, the timeline on)."""
    tab = case
    window.graph_panel.setVisible(tab is not None)
    if tab is not None:
        window.graph_panel.setCurrentWidget(tab)
    spin(0.5)                                        # settle: the tab's first frame or landscape
    steps = []
    record = lambda s: steps.append((time.perf_counter(), s.step))   # noqa: E731
    window.snapshot_painted.connect(record)
    before = dict(counters)
    spin(seconds)
    window.snapshot_painted.disconnect(record)
    for key in ("frames", "landscapes"):
        counters[key + "_run"] = counters[key] - before[key]
    return (steps[-1][1] - steps[0][1]) / (steps[-1][0] - steps[0][0]) if len(steps) > 1 else 0.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    _app = QApplication.instance() or QApplication([])   # kept alive while the window runs
    from playground.window.main_window import MainWindow
    tmp = tempfile.mkdtemp()
    window = MainWindow(settings=QSettings(os.path.join(tmp, "s.ini"), QSettings.Format.IniFormat),
                        data_dir=os.path.join(tmp, "data"), state=bench_state("batched"))
    panel = window.graph_panel
    counters = {"frames": 0, "landscapes": 0}

    def count(key):
        def bump(_):
            counters[key] += 1
        return bump
    panel.hidden_space_view.frame_drawn.connect(count("frames"))
    panel.landscape_view.landscape_ready.connect(count("landscapes"))
    cases = {"graph panel hidden": None,
             "computation graph tab, no point": panel.computation_view,
             "Hidden space shown": panel.hidden_space_view,
             "Loss landscape shown": panel.landscape_view}
    rates: dict = {name: [] for name in cases}
    drawn: dict = {name: [] for name in cases}
    try:
        window.resize(1280, 800)
        window.show()
        spin(0.5)
        window.start_training()
        spin(0.5)
        for _ in range(args.rounds):
            for name, case in cases.items():
                rates[name].append(measure(window, case, args.seconds, counters))
                drawn[name].append((counters["frames_run"] / args.seconds, counters["landscapes_run"]))
    finally:
        window.controller.shutdown()
        window.files.set_interactive(False)
        window.close()
    mean = {name: sum(rates[name]) / args.rounds for name in cases}
    print(f"MainWindow training, {args.rounds} rounds of {args.seconds:g} s per case:")
    for name in cases:
        frames = sum(f for f, _ in drawn[name]) / args.rounds
        lands = sum(n for _, n in drawn[name])
        print(f"  {name:48s} {mean[name]:8.0f} steps/s  ({mean[name] / mean['graph panel hidden']:6.1%} of panel "
              f"hidden)  hidden-space frames {frames:4.1f}/s, landscapes {lands}")
    print("Each view's cost to the training loop (issue 11: at most 10%), shown vs hidden:")
    print("  (the timeline's: benchmarks/bench_timeline.py, section 3, in the training process)")
    for view, shown, hidden in (("Hidden space", "Hidden space shown", "graph panel hidden"),
                                ("Loss landscape", "Loss landscape shown", "graph panel hidden")):
        cost = 1 - mean[shown] / mean[hidden] if mean[hidden] else float("nan")
        print(f"  {view:16s} {cost:+7.1%}  {'within 10%' if cost <= 0.10 else 'OVER 10%'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
