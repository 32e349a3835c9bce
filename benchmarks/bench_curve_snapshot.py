"""What a curve-fitting snapshot's pictures cost the worker (issue 12's regression, regfix): before, the worker
also computed the boundary heatmap and the 2-D neuron maps, which the curve canvas never shows; now a curve's
snapshot carries its fitted curve and, while thumbnails are wanted, each neuron's output along it.

    python benchmarks/bench_curve_snapshot.py [--calls 200]
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import sys

from _common import ms, print_table, time_calls

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))   # this checkout's packages

from engine import batched
from engine.datasets import VIEW
from playground.model.problem import make_preset, problem_changes
from playground.model.state import PlaygroundState
from playground.worker.config import BOUNDARY_CELLS, THUMBNAIL_CELLS, TrainingConfig
from playground.worker.measure import fitted_curve, pictures, snapshot_pictures
from playground.worker.snapshot import grid_evaluator
from playground.worker.training_setup import build_model


def sine_config() -> TrainingConfig:
    base = PlaygroundState()
    state = dataclasses.replace(base, **problem_changes(base, "regression"))
    points, labels, values, _ = make_preset("regression", state.preset, 200, 0.1, 0)
    return TrainingConfig.from_state(dataclasses.replace(state, points=points.tolist(), labels=labels.tolist(),
                                                         values=values.tolist()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    calls = parser.parse_args().calls
    config = sine_config()
    model = build_model(config)
    layers, act = batched.layer_arrays(model), model.activation
    extent = (-2.9, 2.9, -2.0, 2.0)   # a wide canvas's view of the data box
    grids = (grid_evaluator(config.features, BOUNDARY_CELLS, extent),
             grid_evaluator(config.features, THUMBNAIL_CELLS, extent))

    def before(want_maps):
        def run():
            pictures(layers, act, *grids, want_maps)            # the heatmap and maps the curve canvas hides
            fitted_curve(layers, act, config.features, extent)
        return run

    def now(want_maps):
        return lambda: snapshot_pictures(layers, act, config, lambda: grids, extent, want_maps)

    rows = []
    for want_maps, what in ((False, "no thumbnails"), (True, "Network tab open")):
        rows.append((f"before, {what}", ms(time_calls(before(want_maps), calls))))
        rows.append((f"now,    {what}", ms(time_calls(now(want_maps), calls))))
    print_table(f"A curve snapshot's pictures, 1-{'-'.join(map(str, config.layer_sizes))} "
                f"{config.activation}, over {extent} (the data box {VIEW} on a wide canvas), per snapshot "
                f"(~30 a second while training)", rows)


if __name__ == "__main__":
    main()
