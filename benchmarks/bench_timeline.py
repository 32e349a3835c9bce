"""The training timeline's cost (issue 11: at most 10% of training throughput): printed figures, not asserts.

On the bench_app network (2-16-16-1 relu, hinge, Adam, full batch, moons 200 points) and a wide one (2-32x4-1):
  1. headless: a Trainer.step() and the worker's per-step record (CheckpointRecorder), timed step by step;
  2. per snapshot: taking the rows since the last one, pickling them (a snapshot crosses a process pipe when the
     worker runs in its own process) and adding them to the session's CheckpointStore;
  3. the training process's loop (TrainingLoop, as child.py runs it) at full speed with recording on and off, in
     steps per CPU-second (other load barely moves it), rounds alternating;
  4. a past step's picture (worker/past_frame.compute_frame, off the GUI thread) and saving 2,000 checkpoints
     (CheckpointStore.to_dict, on the GUI thread for autosave);
  5. compacting a full store (GUI thread, every ~500 rows of a long run): the add that goes over the bound.

    python benchmarks/bench_timeline.py [--seconds 3] [--rounds 2]
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):   # as playground/__main__.py
    os.environ.setdefault(_var, "1")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import numpy as np  # noqa: E402
from bench_app import bench_state  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from playground.model.checkpoints import CheckpointStore  # noqa: E402
from playground.worker.checkpoint_recorder import CheckpointRecorder  # noqa: E402
from playground.worker.child import pickled  # noqa: E402
from playground.worker.config import TrainingConfig  # noqa: E402
from playground.worker.process_link import RESULTS_PIPE_BYTES  # noqa: E402
from playground.worker.training_setup import build_model, make_trainer  # noqa: E402

WIDE = [32, 32, 32, 32]


def spin(seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def headless(state, seconds: float) -> tuple:
    """(µs per Trainer.step(), µs per record) timed step by step in one loop, so load drift hits both alike."""
    config = TrainingConfig.from_state(state)
    trainer = make_trainer(config, build_model(config), 0)
    recorder = CheckpointRecorder()
    trainer.step()
    stepping = recording = 0.0
    steps, clock, t_end = 0, time.perf_counter, time.perf_counter() + seconds
    while clock() < t_end:
        t0 = clock()
        stats = trainer.step()
        t1 = clock()
        recorder.record(steps, stats.loss, trainer.stepped_weights())
        t2 = clock()
        stepping, recording, steps = stepping + t1 - t0, recording + t2 - t1, steps + 1
        if steps % 100 == 0:              # ~a snapshot's worth of rows
            recorder.take(steps, stats.loss, trainer.stepped_weights)
    return stepping / steps * 1e6, recording / steps * 1e6


def per_snapshot(state, rows: int) -> tuple:
    """(ms to take + pickle + store `rows` rows, pickled bytes) averaged over 200 snapshots. Through a real pipe
    as the app's (child.pickled written, Connection.recv reading), widened as process_link widens it."""
    config = TrainingConfig.from_state(state)
    reader, writer = multiprocessing.Pipe(duplex=False)
    try:
        import fcntl
        fcntl.fcntl(writer.fileno(), fcntl.F_SETPIPE_SZ, RESULTS_PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass
    trainer = make_trainer(config, build_model(config), 0)
    recorder, store = CheckpointRecorder(), CheckpointStore()
    step, spent, size = 0, 0.0, 0
    for _ in range(200):
        for _ in range(rows):
            step += 1
            recorder.record(step, 1.0 / step, trainer.stepped_weights())
        t0 = time.perf_counter()
        batch = recorder.take(step, 0.0, trainer.stepped_weights)
        data = pickled(batch)
        writer.send_bytes(data)
        batch = reader.recv()
        store.add_many(batch.steps, batch.losses, batch.weights)
        spent += time.perf_counter() - t0
        size += len(data)
    reader.close()
    writer.close()
    return spent / 200 * 1000, size // 200


class _Off:
    """A recorder that records nothing: the worker without a timeline."""

    def __init__(self, *args, **kwargs):
        pass

    def clear(self):
        pass

    def record(self, *args):
        pass

    def take(self, *args):
        return None


def loop_rate(state, seconds: float, record: bool) -> float:
    """Steps per CPU-second of the training process's loop (TrainingLoop, run slice by slice as child.py runs
    it, each snapshot acknowledged at once as a fast GUI would), recording the timeline or not. CPU time: other
    load on the machine barely moves it, and the loop runs in a process of its own in the app."""
    from playground.worker.training_loop import SNAPSHOT, TrainingLoop
    loops: list = []

    def send(kind, _payload) -> None:
        if kind == SNAPSHOT and loops:
            loops[0].snapshot_painted()
    loop = TrainingLoop(send)
    loops.append(loop)
    if not record:
        loop._checkpoints = _Off()
    loop.configure(TrainingConfig.from_state(state))
    loop.start()
    for _ in range(20):                   # warm up: first steps, caches
        loop.run_slice()
    step0, cpu0, end = loop._step, time.thread_time(), time.perf_counter() + seconds
    while time.perf_counter() < end:
        loop.run_slice()
    return (loop._step - step0) / (time.thread_time() - cpu0)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    _app = QApplication.instance() or QApplication([])   # kept alive while the benchmark runs
    nets = {"2-16-16-1": bench_state("batched"),
            "2-32x4-1": bench_state("batched").__class__(**{**bench_state("batched").to_dict(),
                                                            "hidden_layers": WIDE})}
    print("1. headless: a Trainer.step() vs the worker's per-step record, timed step by step")
    for name, state in nets.items():
        step_us, record_us = headless(state, args.seconds)
        print(f"   {name:10s} ({state.parameter_count():5d} params): step {step_us:7.1f} µs, record {record_us:5.2f} µs "
              f"({record_us / step_us:.1%} of a step)")
    print("2. per snapshot: take + pickle + unpickle + CheckpointStore.add_many")
    for name, state in nets.items():
        for rows in (30, 300):
            ms, size = per_snapshot(state, rows)
            print(f"   {name:10s} {rows:4d} rows: {ms:6.2f} ms, {size / 1000:7.1f} kB pickled")
    print("3. the training process's loop at full speed (steps per CPU-second), recording on vs off")
    for name, state in nets.items():
        on, off = [], []
        for _ in range(args.rounds):
            off.append(loop_rate(state, args.seconds, False))
            on.append(loop_rate(state, args.seconds, True))
        print(f"   {name:10s}: off {np.mean(off):8,.0f}  on {np.mean(on):8,.0f} steps/CPU-s  "
              f"(cost {1 - np.mean(on) / np.mean(off):+.1%}; rounds off {[round(r) for r in off]}, "
              f"on {[round(r) for r in on]})")
    print("4. a past step's picture (off the GUI thread) and saving a full timeline (GUI thread)")
    from playground.worker.past_frame import FrameRequest, compute_frame
    for name, state in nets.items():
        config = TrainingConfig.from_state(state)
        store = CheckpointStore()
        rng = np.random.default_rng(0)
        for step in range(2_000):
            store.add(step, 1.0 / (1 + step), rng.normal(size=state.parameter_count()))
        request = FrameRequest.of(config, store[100], (-2.0, 2.0, -2.0, 2.0), True, 1)
        t0 = time.perf_counter()
        for _ in range(5):
            compute_frame(request)
        frame_ms = (time.perf_counter() - t0) / 5 * 1000
        t0 = time.perf_counter()
        saved = store.to_dict()
        save_ms = (time.perf_counter() - t0) * 1000
        print(f"   {name:10s}: frame {frame_ms:6.1f} ms; to_dict of 2,000 checkpoints {save_ms:6.1f} ms "
              f"({len(saved['steps']):,} kept within the byte budget)")
    print("5. compacting a full CheckpointStore (the add over the bound; GUI thread, every ~500 rows)")
    for name, state in nets.items():
        print(f"   {name:10s}: {compaction_ms(state.parameter_count()):6.2f} ms")
    return 0


def compaction_ms(width: int, repeats: int = 5) -> float:
    """Mean ms of the add that takes a full store over its bound (compacted to 3/4)."""
    spent = 0.0
    for _ in range(repeats):
        store = CheckpointStore()
        steps = np.arange(store.max_checkpoints)
        store.add_many(steps, 1.0 / (1 + steps), np.zeros((len(steps), width)))
        t0 = time.perf_counter()
        store.add(int(steps[-1]) + 1, 0.0, np.zeros(width))
        spent += time.perf_counter() - t0
    return spent / repeats * 1000


if __name__ == "__main__":
    sys.exit(main())
