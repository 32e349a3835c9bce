"""The training process's efficiency (issue 10): steps per CPU-second of the TrainingLoop against a headless loop.

CPU time (time.thread_time), not wall time: other processes loading the machine move it less, so the figure
says what the app's training process would reach with a free core. The TrainingLoop runs in this process, as
child.py runs it (run_slice between commands, snapshots finished, pickled and written by a SnapshotSender
thread), with a fake GUI end of the pipe that counts the bytes and reports each snapshot painted at once (the
loop still sends at most ~30 a second). The training thread's steps per CPU-second are set against a headless
`Trainer.step()` loop on the same train split and settings; the sender thread's CPU per snapshot is printed
beside (it runs on the other core, and mostly without the GIL). Both of the issue's setups: the moons preset at
200 and 10,000 points, a 2-16-16-1 relu net, hinge, Adam, full batch, no speed limit.

Then a per-snapshot cost breakdown of the training thread (cProfile; cumulative ms per snapshot).

Run: python benchmarks/bench_child.py [--seconds 3] [--profile] [--maps]
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):   # as playground/__main__.py
    os.environ.setdefault(_var, "1")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from benchmarks.bench_app import bench_state, headless_rates  # noqa: E402
from playground.worker.child import pickled  # noqa: E402
from playground.worker.config import TrainingConfig  # noqa: E402
from playground.worker.snapshot_sender import SnapshotSender  # noqa: E402
from playground.worker.training_loop import SNAPSHOT, TrainingLoop  # noqa: E402


class FakeGui:
    """The GUI's end of the pipe as the training process sees it: counts the bytes written, and reports each
    snapshot painted as soon as it is pickled."""

    def __init__(self):
        self.loop: TrainingLoop | None = None
        self.snapshots = 0
        self.bytes = 0

    def pickled(self, message):
        data = pickled(message)                       # what child.serve writes down the pipe
        if message[0] == SNAPSHOT:
            self.snapshots += 1
            if self.loop is not None:
                self.loop.snapshot_painted()
        return data

    def send_bytes(self, data) -> None:
        self.bytes += len(data)

    def close(self) -> None:
        pass


def thread_cpu_seconds(thread) -> float:
    return time.clock_gettime(time.pthread_getcpuclockid(thread.ident))


def loop_rates(config: TrainingConfig, seconds: float, maps: bool, profile: cProfile.Profile | None = None):
    """(steps per wall second, steps per training-thread CPU second, snapshots per second, KiB per snapshot,
    snapshots, training-thread CPU seconds, steps, sender-thread CPU seconds) of the loop."""
    gui = FakeGui()
    sender = SnapshotSender(gui, gui.pickled)
    loop = TrainingLoop(sender.send, deferred_pictures=True)
    gui.loop = loop
    loop.configure(config)
    loop.set_neuron_maps_wanted(maps)
    loop.start()
    for _ in range(20):                       # warm up (first steps, caches)
        loop.run_slice()
    step0, snaps0, bytes0 = loop._step, gui.snapshots, gui.bytes
    t0, cpu0, sender0 = time.perf_counter(), time.thread_time(), thread_cpu_seconds(sender._thread)
    if profile is not None:
        profile.enable()
    while time.perf_counter() - t0 < seconds:
        if loop.wait_seconds() is not None:   # as child.serve: a slice whenever one is allowed
            loop.run_slice()
    if profile is not None:
        profile.disable()
    wall, cpu = time.perf_counter() - t0, time.thread_time() - cpu0
    sender_cpu = thread_cpu_seconds(sender._thread) - sender0
    sender.close()
    steps, snaps = loop._step - step0, gui.snapshots - snaps0
    return (steps / wall, steps / max(cpu, 1e-9), snaps / wall, (gui.bytes - bytes0) / max(snaps, 1) / 1024, snaps,
            cpu, steps, sender_cpu)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--profile", action="store_true", help="print the per-snapshot cost breakdown")
    parser.add_argument("--maps", action="store_true", help="with the neuron maps wanted (Network tab shown)")
    parser.add_argument("--points", default="200,10000")
    args = parser.parse_args(argv)
    for n in (int(p) for p in args.points.split(",")):
        state = bench_state("batched", n)
        config = TrainingConfig.from_state(state)
        head_wall, head_cpu = headless_rates(state, args.seconds)
        wall, rate, fps, kib, snaps, cpu, steps, sender_cpu = loop_rates(config, args.seconds, args.maps)
        head_wall2, head_cpu2 = headless_rates(state, args.seconds)
        head = (head_cpu + head_cpu2) / 2
        print(f"\n{n:,} points{' (neuron maps wanted)' if args.maps else ''}")
        print(f"  headless Trainer.step  {head:9,.0f} steps/CPU-s   ({head_cpu:,.0f} / {head_cpu2:,.0f}; "
              f"wall {head_wall:,.0f} / {head_wall2:,.0f} steps/s)")
        print(f"  TrainingLoop           {rate:9,.0f} steps/CPU-s   = {rate / head:6.1%} of headless "
              f"(wall {wall:,.0f} steps/s, {fps:.1f} snapshots/s, {kib:.1f} KiB pickled each)")
        # Snapshots are paced by the wall clock: a process that gets half a core makes twice as many per
        # CPU-second. The CPU a snapshot costs (all but the steps at the headless rate) gives the figure a
        # free core would reach, with 32 snapshots per CPU-second.
        per_snapshot = (cpu - steps / head) / max(snaps, 1)
        print(f"  per snapshot           {per_snapshot * 1e3:9.2f} ms CPU  -> with a free core "
              f"{max(0.0, 1 - 32 * per_snapshot):6.1%} of headless")
        print(f"  sender thread          {sender_cpu / max(snaps, 1) * 1e3:9.2f} ms CPU per snapshot (pictures, "
              f"pickling, the pipe), beside the training")
        if args.profile:   # a run of its own: the profiler's overhead would spoil the rates above
            prof = cProfile.Profile()
            snaps = loop_rates(config, args.seconds, args.maps, prof)[4]
            print(f"  per snapshot (cumulative ms over {snaps} snapshots):")
            stats = pstats.Stats(prof)
            rows = []
            for (filename, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():
                if "playground" in filename or "engine" in filename or name in ("dumps",):
                    rows.append((ct, f"{os.path.basename(filename)}:{name}"))
            for ct, label in sorted(rows, reverse=True)[:22]:
                print(f"    {ct / max(snaps, 1) * 1e3:7.2f}  {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
