"""Model exports give the model's own predictions when run as scripts; images come out as real PNG/SVG."""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QLabel

from playground.files import view_export as export
from playground.files.view_export import MODEL_KINDS, export_image, export_model
from playground.model.state import PlaygroundState

ROOT = Path(__file__).resolve().parents[1]
engine = pytest.importorskip("engine")
from engine.features import expand  # noqa: E402

MODELS = {  # name: (settings, number of steps "trained")
    "binary-tanh": dict(features=["x1", "x2"], hidden_layers=[4, 3], activation="tanh", num_classes=2),
    "three-classes-relu-all-features": dict(features=list(export.FEATURE_FORMULAS), hidden_layers=[5],
                                            activation="relu", num_classes=3),
    "sigmoid-no-hidden-layer": dict(features=["x1^2", "sin(x2)", "x1*x2"], hidden_layers=[],
                                    activation="sigmoid", num_classes=2, loss="logistic"),
    "two-classes-cross-entropy-linear": dict(features=["x2", "x1"], hidden_layers=[3, 3], activation="linear",
                                             num_classes=2, loss="cross_entropy"),
    "per-layer-activations": dict(features=["x1", "x2"], hidden_layers=[4, 3, 3], activation="tanh",
                                  activations=["relu", "tanh", "sigmoid"], num_classes=2),
    # Regression (issue 12): a fitted curve of x alone, a surface with the Huber loss.
    "regression-curve": dict(problem="regression", loss="mse", preset="sine", features=["x1", "sin(x1)"],
                             hidden_layers=[6], activation="tanh"),
    "regression-surface": dict(problem="regression", loss="huber", preset="plane", features=["x1", "x2"],
                               hidden_layers=[4, 3], activation="relu"),
}
POINTS = [[0.5, -1.25], [2.0, 3.0], [-1.5, 0.25], [0.0, 0.0], [3.75, -2.5], [-0.1, 1e-3]]


def trained_state(name: str, seed: int = 1) -> PlaygroundState:
    state = PlaygroundState(**MODELS[name], step=123)
    rng = random.Random(seed)
    state.weights = [rng.uniform(-1.5, 1.5) for _ in range(state.parameter_count())]
    state.validate()
    return state


def reference_scores(state: PlaygroundState, points) -> list[list[float]]:
    """What the playground's own engine computes: engine.MLP with the weights, on engine.features."""
    model = engine.MLP(len(state.features), state.layer_sizes, activation=state.hidden_activations)
    for p, w in zip(model.parameters(), state.weights, strict=True):
        p.data = w
    out = []
    for row in expand(points, state.features).tolist():
        y = model(row)
        out.append([v.data for v in (y if isinstance(y, list) else [y])])
    return out


def reference_classes(scores) -> list[int]:
    return [(1 if s[0] > 0 else 0) if len(s) == 1 else int(np.argmax(s)) for s in scores]


def run_script(path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # where `engine` lives; the torch script must not need it
    return subprocess.run([sys.executable, str(path), *args], capture_output=True, text=True, timeout=120,
                          cwd=path.parent, env=env)


def point_args(points) -> list[str]:
    return [repr(c) for p in points for c in p]


@pytest.mark.parametrize("name", MODELS)
def test_the_engine_script_predicts_what_the_model_predicts(tmp_path, name):
    state = trained_state(name)
    export_model(state, tmp_path / "model.py", "engine")
    result = run_script(tmp_path / "model.py", "--json", *point_args(POINTS))
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)
    expected = reference_scores(state, POINTS)
    assert np.allclose(got["scores"], expected, rtol=1e-12, atol=1e-12)
    assert got["classes"] == reference_classes(expected)


@pytest.mark.parametrize("name", MODELS)
def test_the_pytorch_script_predicts_what_the_model_predicts(tmp_path, name):
    pytest.importorskip("torch")
    state = trained_state(name)
    export_model(state, tmp_path / "torch_model.py", "torch")
    env_without_engine = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run([sys.executable, "-I", str(tmp_path / "torch_model.py"), "--json", *point_args(POINTS)],
                            capture_output=True, text=True, timeout=180, cwd=tmp_path, env=env_without_engine)
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)
    expected = reference_scores(state, POINTS)
    assert np.allclose(got["scores"], expected, rtol=1e-10, atol=1e-12)
    assert got["classes"] == reference_classes(expected)
    text = (tmp_path / "torch_model.py").read_text()
    assert "nn.Sequential(" in text and "engine" not in text.split('"""')[2]  # stands alone


def test_the_engine_script_prints_for_people_and_explains_itself(tmp_path):
    state = trained_state("binary-tanh")
    export_model(state, tmp_path / "model.py", "engine")
    result = run_script(tmp_path / "model.py", "0.5", "-1.25")
    score = reference_scores(state, [[0.5, -1.25]])[0][0]
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"(0.5, -1.25) -> class {int(score > 0)}  scores [{score!r}]"
    usage = run_script(tmp_path / "model.py")
    assert usage.returncode == 1 and "python model.py 0.5 -1.2" in usage.stderr


def test_the_weights_json_rebuilds_the_same_network_with_numpy(tmp_path):
    state = trained_state("three-classes-relu-all-features")
    export_model(state, tmp_path / "weights.json", "json")
    doc = json.loads((tmp_path / "weights.json").read_text())
    assert doc["format"] == export.WEIGHTS_FORMAT and doc["parameters"] == state.weights
    assert doc["layer_sizes"] == [7, 5, 3] and doc["features"] == state.features
    x = expand(POINTS, doc["features"])
    for layer in doc["layers"]:
        x = x @ np.array(layer["weight"]).T + np.array(layer["bias"])
        x = {"relu": lambda v: np.maximum(v, 0), "linear": lambda v: v}[layer["activation"]](x)
    assert np.allclose(x, reference_scores(state, POINTS), rtol=1e-12, atol=1e-12)


def test_model_export_checks_its_arguments(tmp_path):
    with pytest.raises(ValueError, match="no trained model yet"):
        export_model(PlaygroundState(), tmp_path / "m.py", "engine")
    with pytest.raises(ValueError, match="kind must be one of engine, torch, json"):
        export_model(trained_state("binary-tanh"), tmp_path / "m.py", "onnx")
    with pytest.raises(ValueError, match="weights"):
        export_model(PlaygroundState(weights=[1.0]), tmp_path / "m.py", "torch")
    assert not list(tmp_path.iterdir())
    assert set(MODEL_KINDS) == set(export.MODEL_FILTERS)


# -- images ----------------------------------------------------------------------------------------------

@pytest.fixture
def plot(qtbot):
    widget = pg.PlotWidget(background="w")
    widget.resize(400, 300)
    image = pg.ImageItem(np.outer(np.linspace(0, 1, 20), np.ones(20)))
    widget.addItem(image)
    widget.plot([0, 5, 10, 20], [0, 12, 4, 20], pen=pg.mkPen("#0072B2", width=2))
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_png_of_a_plot_is_twice_its_size_with_what_is_drawn(tmp_path, plot):
    export_image(plot, tmp_path / "plot.png")
    image = QImage(str(tmp_path / "plot.png"))
    assert (image.width(), image.height()) == (800, 600)
    colours = {image.pixelColor(x, y).name() for x in range(0, 800, 7) for y in range(0, 600, 7)}
    assert len(colours) > 20  # a gradient, a curve, axes: not a blank page


def test_svg_of_a_plot_item_is_an_svg_document(tmp_path, plot):
    export_image(plot.getPlotItem(), tmp_path / "plot.SVG")
    root = ET.parse(tmp_path / "plot.SVG").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert any(el.tag.endswith(("path", "polyline")) for el in root.iter())


def test_a_transparent_view_is_exported_on_its_own_background(tmp_path, plot):
    plot.setBackground(None)
    export_image(plot, tmp_path / "plot.png")
    corner = QImage(str(tmp_path / "plot.png")).pixelColor(1, 1)
    assert corner.alpha() == 255 and corner == plot.palette().base().color()


def test_a_plain_graphics_view_exports_its_whole_scene(tmp_path, qtbot):
    scene = QGraphicsScene()
    scene.addEllipse(0, 0, 40, 40, brush=QColor("#D55E00"))
    scene.addEllipse(300, 200, 40, 40, brush=QColor("#0072B2"))
    view = QGraphicsView(scene)
    view.resize(120, 100)  # shows only a corner; the export holds everything
    qtbot.addWidget(view)
    export_image(view, tmp_path / "net.png", scale=1)
    image = QImage(str(tmp_path / "net.png"))
    assert abs(image.width() - (340 + 24)) <= 2 and abs(image.height() - (240 + 24)) <= 2  # + pen widths
    assert image.pixelColor(12 + 20, 12 + 20) == QColor("#D55E00")
    assert image.pixelColor(12 + 320, 12 + 220) == QColor("#0072B2")
    export_image(scene, tmp_path / "net.svg")
    assert ET.parse(tmp_path / "net.svg").getroot().tag.endswith("svg")


def test_any_widget_exports_as_it_looks(tmp_path, qtbot):
    label = QLabel("hello")
    label.resize(80, 30)
    qtbot.addWidget(label)
    export_image(label, tmp_path / "w.png", scale=1)
    assert QImage(str(tmp_path / "w.png")).size() == label.size()
    export_image(label, tmp_path / "w.svg")
    assert "<svg" in (tmp_path / "w.svg").read_text()


def test_image_export_checks_its_arguments(tmp_path, plot):
    with pytest.raises(ValueError, match="choose a .png or .svg"):
        export_image(plot, tmp_path / "plot.jpg")
    with pytest.raises(ValueError, match="scale"):
        export_image(plot, tmp_path / "plot.png", scale=0)
    with pytest.raises(ValueError, match="cannot export a str"):
        export_image("plot", tmp_path / "plot.png")
    with pytest.raises(ValueError, match="empty"):
        export_image(QGraphicsScene(), tmp_path / "empty.png")
    with pytest.raises(OSError):
        export_image(plot, tmp_path / "missing" / "plot.png")
    assert not list(tmp_path.iterdir())


def test_the_pytorch_script_gives_each_hidden_layer_its_own_activation(tmp_path):
    export_model(trained_state("per-layer-activations"), tmp_path / "torch_model.py", "torch")
    text = (tmp_path / "torch_model.py").read_text()
    modules = [line.strip() for line in text.split("model = nn.Sequential(")[1].split(")." )[0].splitlines()]
    assert [m for m in modules if m and not m.startswith("nn.Linear")] == ["nn.ReLU(),", "nn.Tanh(),", "nn.Sigmoid(),"]


def test_the_engine_script_reproduces_the_apps_fitted_curve(tmp_path):
    from engine import batched
    from playground.worker.measure import fitted_curve
    state = trained_state("regression-curve")
    layers = batched.unflatten_layers(np.asarray(state.weights), [len(state.features)] + state.layer_sizes)
    x, y = fitted_curve(layers, state.model_activation, state.features, (-2.0, 2.0, -2.0, 2.0))
    picked = slice(0, len(x), 37)
    export_model(state, tmp_path / "model.py", "engine")
    result = run_script(tmp_path / "model.py", "--json", *point_args([[float(v), 0.0] for v in x[picked]]))
    assert result.returncode == 0, result.stderr
    assert np.allclose(np.asarray(json.loads(result.stdout)["scores"])[:, 0], y[picked], rtol=1e-12, atol=1e-12)
    assert "fitted curve" in (tmp_path / "model.py").read_text()

