"""Write the example sessions of File ▸ Examples (playground/resources/examples/<slug>.json) from code.

The data come from the engine's presets (and micrograd's 100 demo points from the CSV beside them), the
settings are a `PlaygroundState`, and the file is written by the app's own `write_session`, so every example
validates. The titles and descriptions live in `playground/files/examples.py`'s `EXAMPLES`; this script makes
exactly the files that table names. No trained weights: each example starts from its seed.

Run after changing an example or the session format, and commit the JSON:
    .venv/bin/python scripts/make_examples.py
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.datasets import PRESETS  # noqa: E402
from engine.schedules import Schedule  # noqa: E402
from playground.files.dataset_csv import read_csv  # noqa: E402
from playground.files.examples import EXAMPLES  # noqa: E402
from playground.files.session_io import write_session  # noqa: E402
from playground.model.problem import make_preset, problem_changes  # noqa: E402
from playground.model.state import PlaygroundState  # noqa: E402

EXAMPLES_DIR = ROOT / "playground" / "resources" / "examples"
MICROGRAD_POINTS = EXAMPLES_DIR / "micrograd_demo_moons.csv"


def preset_state(preset: str, points: int, noise: float, preset_seed: int = 0, num_classes: int = 2,
                 **settings) -> PlaygroundState:
    """A session on a preset's data, made as the Data panel makes it, with `settings` on top."""
    make = PRESETS[preset]
    xy, labels = make(points, noise, preset_seed, k=num_classes) if preset == "blobs" else \
        make(points, noise, preset_seed)
    return PlaygroundState(points=xy.tolist(), labels=labels.tolist(), num_classes=num_classes, preset=preset,
                           preset_points=points, preset_noise=noise, preset_seed=preset_seed, **settings)


def curve_state(preset: str, points: int, noise: float, preset_seed: int = 0, **settings) -> PlaygroundState:
    """A regression session on a curve preset's data (as Problem ▸ Regression makes it), `settings` on top."""
    base = PlaygroundState()
    xy, labels, values, _ = make_preset("regression", preset, points, noise, preset_seed)
    changes = {**problem_changes(base, "regression"), "preset": preset}
    return PlaygroundState(**{**changes, "points": xy.tolist(), "labels": labels.tolist(), "values": values.tolist(),
                              "preset_points": points, "preset_noise": noise, "preset_seed": preset_seed, **settings})


def micrograd_demo() -> PlaygroundState:
    data = read_csv(MICROGRAD_POINTS)
    return PlaygroundState(
        points=data.points, labels=data.labels, num_classes=2,
        test_fraction=0.0,                 # the demo trains on all 100 points
        hidden_layers=[16, 16], activation="relu", loss="hinge", l2=1e-4,
        optimizer="sgd", momentum=0.0, learning_rate=1.0, batch_size=0,
        schedule=Schedule("linear", steps=100, final=0.1).to_dict(),   # lr = 1.0 - 0.9*k/100
        seed=1337,                         # random.Random(1337): the weights random.seed(1337) gives micrograd
        preset="moons", preset_points=100, preset_noise=0.1, preset_seed=1337)


BUILDERS: dict[str, Callable[[], PlaygroundState]] = {
    "xor_no_hidden_layer": lambda: preset_state("xor", 200, 0.0, hidden_layers=[]),
    "xor_one_hidden_layer": lambda: preset_state("xor", 200, 0.0, hidden_layers=[4]),
    "spiral_features": lambda: preset_state(
        "spiral", 300, 0.1, hidden_layers=[8],
        features=["x1", "x2", "x1^2", "x2^2", "sin(x1)", "sin(x2)"]),
    "vanishing_gradients": lambda: preset_state(
        "circle", 200, 0.1, hidden_layers=[8] * 6, activation="sigmoid", optimizer="sgd", momentum=0.0,
        learning_rate=0.3),
    "three_class_blobs": lambda: preset_state("blobs", 300, 0.5, num_classes=3, hidden_layers=[6],
                                              loss="cross_entropy"),
    "diverging_learning_rate": lambda: preset_state(
        "moons", 200, 0.1, hidden_layers=[8, 8], loss="mse", optimizer="sgd", momentum=0.0, learning_rate=10.0),
    "micrograd_demo": micrograd_demo,
    "regression_curve_fitting": lambda: curve_state("sine", 100, 0.1, hidden_layers=[16], activation="tanh"),
}


def main() -> None:
    names = [example.slug for example in EXAMPLES]
    if sorted(names) != sorted(BUILDERS):
        raise SystemExit(f"EXAMPLES and BUILDERS differ: {sorted(set(names) ^ set(BUILDERS))}")
    for example in EXAMPLES:
        path = EXAMPLES_DIR / example.file_name
        write_session(path, BUILDERS[example.slug]())
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
