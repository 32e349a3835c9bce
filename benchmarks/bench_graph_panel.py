"""How fast the graph panel draws, and how much showing it slows training.

1. Network view refresh for 8 hidden layers x 16 neurons with thumbnails: update_snapshot() plus a
   synchronous repaint of the view, per second (target >= 15/s).
2. Computation graph of MLP(3, [4, 4, 1]) on one point: build (forward, loss, backward, trace), layout and
   draw, from scratch (target well under 1 s).
3. Training steps/s through the real TrainingController (its training process) with the panel shown (network tab,
   thumbnails on) vs hidden (target: at most 20% slower). Skipped if the worker is not importable.

    python benchmarks/bench_graph_panel.py [--seconds 3] [--rounds 3]
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from engine import batched  # noqa: E402
from engine.features import expand  # noqa: E402
from engine.nn import MLP  # noqa: E402
from playground.views.graph import GraphPanel  # noqa: E402
from playground.views.graph.demo import snapshot_of, toy_data  # noqa: E402

FEATURES = ["x1", "x2"]
HIDDEN = [16] * 8


def network_refresh(app, seconds):
    sizes = HIDDEN + [1]
    panel = GraphPanel()
    panel.resize(1000, 650)
    panel.show()
    panel.set_architecture(FEATURES, sizes, "tanh")
    m = MLP(2, sizes, activation="tanh", rng=random.Random(0))
    X, t = toy_data(200)
    snaps = []
    for step in range(30):                         # real, changing weights, gradients and thumbnails
        batched.loss_and_grad(m, X, t, loss="logistic")
        snaps.append(snapshot_of(m, FEATURES, step=step, maps_resolution=24))
        for p in m.parameters():
            p.data -= 0.3 * p.grad
    view = panel.network_view
    viewport = view.canvas.viewport()
    app.processEvents()
    # Capacity: every update_snapshot() paints (the 20 frames/s cap lifted), then a synchronous repaint.
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds / 2:
        view._last_paint = 0.0
        panel.update_snapshot(snaps[n % len(snaps)])
        viewport.repaint()
        app.processEvents()
        n += 1
    capacity = n / (time.perf_counter() - t0)
    # As in the app: snapshots arrive at 30 a second; count the frames actually drawn.
    painted0, t0 = view.frames_painted, time.perf_counter()
    feeder = QTimer()
    feeder.setInterval(33)
    fed = [0]

    def feed():
        panel.update_snapshot(snaps[fed[0] % len(snaps)])
        fed[0] += 1

    feeder.timeout.connect(feed)
    feeder.start()
    loop = QEventLoop()
    QTimer.singleShot(int(seconds / 2 * 1000), loop.quit)
    loop.exec()
    feeder.stop()
    rate = (view.frames_painted - painted0) / (time.perf_counter() - t0)
    edges = sum(a * b for a, b in zip([2] + sizes, sizes))
    print(f"network view, 8x16 tanh, {edges} edges, {sum(sizes)} thumbnails 24x24: {capacity:6.1f} refreshes/s "
          f"possible (update + paint), {rate:5.1f}/s drawn when fed 30 snapshots/s  (target >= 15)  "
          f"{'ok' if min(capacity, rate) >= 15 else 'SLOW'}")
    panel.close()
    return rate


def computation_graph(app, repeats=5):
    panel = GraphPanel()
    panel.resize(1000, 650)
    panel.show()
    panel.setCurrentWidget(panel.computation_view)
    feats = ["x1", "x2", "x1*x2"]
    times = []
    for r in range(repeats):
        panel.set_architecture(feats, [4, 4, 1], "tanh")        # forget the layout: build from scratch
        m = MLP(3, [4, 4, 1], activation="tanh", rng=random.Random(r))
        x = list(expand(np.array([[0.3, -0.7]]), feats)[0])
        app.processEvents()
        t0 = time.perf_counter()
        panel.set_sample(m, x, 1, "logistic")
        panel.computation_view.canvas.viewport().repaint()
        times.append(time.perf_counter() - t0)
    n = len(panel.computation_view.graph.values)
    best, mean = min(times), statistics.mean(times)
    print(f"computation graph MLP(3,[4,4,1]), one point, {n} values: build+layout+draw "
          f"{mean * 1e3:6.1f} ms mean, {best * 1e3:.1f} ms best  (target well under 1 s)  "
          f"{'ok' if mean < 0.5 else 'SLOW'}")
    panel.close()
    return mean


def training_with_panel(app, seconds, rounds=3):
    try:
        from playground.model.state import PlaygroundState
        from playground.worker.config import TrainingConfig
        from playground.worker.controller import TrainingController
    except ImportError as exc:
        print(f"training shown vs hidden: skipped, the worker is not available ({exc})")
        return None
    X, labels = toy_data(200)
    state = PlaygroundState(points=X.tolist(), labels=[int(v > 0) for v in labels], features=FEATURES,
                            hidden_layers=list(HIDDEN), activation="tanh", loss="logistic")

    def run(shown):
        panel = GraphPanel()
        panel.resize(1000, 650)
        controller = TrainingController()
        controller.snapshot_ready.connect(panel.update_snapshot)
        panel.neuron_maps_wanted_changed.connect(controller.set_neuron_maps_wanted)
        panel.set_architecture(FEATURES, state.layer_sizes, state.activation)
        if shown:
            panel.show()
        seen = []
        controller.snapshot_ready.connect(lambda s: seen.append((time.perf_counter(), s.step)))
        painted0 = panel.network_view.frames_painted
        controller.configure(TrainingConfig.from_state(state))
        controller.start()
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()
        controller.shutdown()
        painted = panel.network_view.frames_painted - painted0
        panel.close()
        app.processEvents()
        steps = [(t, s) for t, s in seen if s > 0]
        if len(steps) < 2:
            return float("nan"), painted
        (t0, s0), (t1, s1) = steps[0], steps[-1]
        return (s1 - s0) / (t1 - t0), painted

    # The machine may be shared and noisy: alternate the two cases and compare medians.
    hidden, shown, frames = [], [], []
    for _ in range(rounds):
        hidden.append(run(False)[0])
        rate, n = run(True)
        shown.append(rate)
        frames.append(n)
    h, s = statistics.median(hidden), statistics.median(shown)
    slower = 1 - s / h
    print(f"training 8x16 tanh, 200 points, median of {rounds}: hidden {h:7.0f} steps/s "
          f"({min(hidden):.0f}-{max(hidden):.0f}), shown {s:7.0f} steps/s ({min(shown):.0f}-{max(shown):.0f}, "
          f"network view drawn ~{statistics.median(frames) / seconds:.0f} times/s): {slower:+.0%} slower  "
          f"(target <= 20%)  {'ok' if slower <= 0.2 else 'SLOW'}")
    return slower


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="seconds per timed run")
    parser.add_argument("--rounds", type=int, default=3, help="hidden/shown training runs to alternate")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])
    network_refresh(app, args.seconds)
    computation_graph(app)
    training_with_panel(app, args.seconds, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
