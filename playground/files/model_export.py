"""The trained model as files: a script that rebuilds it with `engine`, a PyTorch script, the weights as JSON.

The scripts stand alone: the input features are inlined as formulas (the same as engine.features) and the
weights are written with repr(), which round-trips float64 exactly, so a script gives the model's own
predictions. Files are written through session_io.atomic_write (QSaveFile).
"""
from __future__ import annotations

import json
from pathlib import Path
from string import Template

from engine.batched import unflatten_layers
from playground.files.session_io import atomic_write
from playground.model.state import PlaygroundState

MODEL_KINDS = ("engine", "torch", "json")
MODEL_FILTERS = {"engine": "Python script using engine (*.py)",   # file-dialog filters, by kind
                 "torch": "PyTorch script (*.py)",
                 "json": "Weights as JSON (*.json)"}
WEIGHTS_FORMAT = "micrograd-playground-weights"

# Each feature as a Python expression of x1, x2; `sin` is math.sin or torch.sin in the scripts.
FEATURE_FORMULAS = {"x1": "x1", "x2": "x2", "x1^2": "x1 * x1", "x2^2": "x2 * x2", "x1*x2": "x1 * x2",
                    "sin(x1)": "sin(x1)", "sin(x2)": "sin(x2)"}
_TORCH_ACTIVATIONS = {"relu": "nn.ReLU()", "tanh": "nn.Tanh()", "sigmoid": "nn.Sigmoid()"}


# -- the model ---------------------------------------------------------------------------------------

def _trained(state: PlaygroundState) -> PlaygroundState:
    if not isinstance(state, PlaygroundState):
        raise ValueError(f"expected a PlaygroundState, got {type(state).__name__}")
    if state.weights is None:
        raise ValueError("there is no trained model yet: press Train (or Step) first")
    state.validate()  # the weights fit the network described
    return state


def model_layers(state: PlaygroundState) -> list[dict]:
    """Per layer: {"weight": [[...] one row per neuron], "bias": [...], "activation": str}."""
    state = _trained(state)
    sizes = [len(state.features)] + state.layer_sizes
    last = len(sizes) - 2
    return [{"weight": W.tolist(), "bias": b.tolist(),
             "activation": "linear" if i == last else state.hidden_activations[i]}
            for i, (W, b) in enumerate(unflatten_layers(state.weights, sizes))]


def _describe(state: PlaygroundState) -> str:
    layers = " -> ".join(map(str, state.layer_sizes))
    return (f"{len(state.features)} inputs ({', '.join(state.features)}) -> {layers} neurons "
            f"({_activation_words(state)} hidden layers, linear output), trained {state.step} steps")


def _activation_words(state: PlaygroundState) -> str:
    value = _activation_value(state)
    return value if isinstance(value, str) else "/".join(value)


def _activation_value(state: PlaygroundState):
    return state.model_activation


def _decision(state: PlaygroundState) -> str:
    if state.regression_kind == "curve":
        return ("one real value per point: the fitted curve's y at x = x1 (regression; x2 is not read, pass any "
                "number; the score is the prediction, its 'class' means nothing here)")
    if state.problem == "regression":
        return ("one real value per point: the predicted value at (x1, x2) (regression; the score is the "
                "prediction, its 'class' means nothing here)")
    if state.output_size == 1:
        return "one score per point: class 1 if score > 0, else class 0"
    return f"{state.output_size} scores (logits) per point: the class is the largest; softmax gives probabilities"


def _floats(values, indent: str, per_line: int = 4) -> str:
    lines = [", ".join(repr(float(v)) for v in values[i:i + per_line]) for i in range(0, len(values), per_line)]
    if len(values) <= per_line:
        return "[" + ", ".join(repr(float(v)) for v in values) + "]"
    return "[\n" + "".join(f"{indent}    {line},\n" for line in lines) + indent + "]"


def _feature_lines(state: PlaygroundState) -> str:
    return ", ".join(FEATURE_FORMULAS[name] for name in state.features)


_ENGINE_SCRIPT = Template('''\
#!/usr/bin/env python3
"""A model exported from micrograd playground, rebuilt with its `engine` package.

$description.
Output: $decision.
Needs the playground's `engine` package (pip install micrograd-playground, or run next to its source).

    python $name 0.5 -1.2            # each x1 x2 pair: its class and score(s)
    python $name --json 0.5 -1.2 1 2 # the same as JSON: {"classes": [...], "scores": [[...], ...]}
    >>> from ${module} import predict; predict([[0.5, -1.2]])
"""
import json
import sys
${math_import}
from engine import MLP

FEATURES = $features
HIDDEN_LAYERS = $hidden
NUM_OUTPUTS = $outputs
ACTIVATION = $activation  # one name for every hidden layer, or one per hidden layer
# The trained parameters in MLP.parameters() order: layer by layer, neuron by neuron, its weights then its bias.
WEIGHTS = $weights


def features(x1, x2):
    """The network's inputs for one point (the same formulas as engine.features)."""
    return [$feature_list]


def build_model():
    model = MLP(len(FEATURES), HIDDEN_LAYERS + [NUM_OUTPUTS], activation=ACTIVATION)
    parameters = model.parameters()
    if len(parameters) != len(WEIGHTS):
        raise RuntimeError(f"engine built {len(parameters)} parameters, the file has {len(WEIGHTS)}")
    for p, w in zip(parameters, WEIGHTS):
        p.data = w
    return model


MODEL = build_model()


def scores(points):
    """The network's raw outputs for [[x1, x2], ...]: one list of NUM_OUTPUTS floats per point."""
    out = []
    for x1, x2 in points:
        y = MODEL(features(float(x1), float(x2)))
        out.append([v.data for v in (y if isinstance(y, list) else [y])])
    return out


def classify(score):
    if len(score) == 1:
        return 1 if score[0] > 0 else 0
    return max(range(len(score)), key=score.__getitem__)


def predict(points):
    """Class ids (0, 1, ...) for [[x1, x2], ...]."""
    return [classify(s) for s in scores(points)]


def main(argv):
    as_json = "--json" in argv
    numbers = [float(a) for a in argv if a != "--json"]
    if not numbers or len(numbers) % 2:
        sys.exit(__doc__)
    points = [numbers[i:i + 2] for i in range(0, len(numbers), 2)]
    result = scores(points)
    if as_json:
        print(json.dumps({"classes": [classify(s) for s in result], "scores": result}))
        return
    for (x1, x2), s in zip(points, result):
        print(f"({x1!r}, {x2!r}) -> class {classify(s)}  scores {s}")


if __name__ == "__main__":
    main(sys.argv[1:])
''')

_TORCH_SCRIPT = Template('''\
#!/usr/bin/env python3
"""A model exported from micrograd playground, as a PyTorch nn.Sequential (float64, the same predictions).

$description.
Output: $decision.
Needs only torch. Fine-tune it, export it, or use it as a starting point for bigger work.

    python $name 0.5 -1.2            # each x1 x2 pair: its class and score(s)
    python $name --json 0.5 -1.2 1 2 # the same as JSON: {"classes": [...], "scores": [[...], ...]}
    >>> from ${module} import model, predict; predict([[0.5, -1.2]])
"""
import json
import sys

import torch
from torch import ${torch_names}

FEATURES = $features
# Per layer: (weight, one row per neuron, as nn.Linear stores it; bias).
LAYERS = $layers

model = nn.Sequential(
$modules
).to(torch.float64)

with torch.no_grad():
    for linear, (weight, bias) in zip((m for m in model if isinstance(m, nn.Linear)), LAYERS):
        linear.weight.copy_(torch.tensor(weight, dtype=torch.float64))
        linear.bias.copy_(torch.tensor(bias, dtype=torch.float64))
model.eval()


def features(points):
    """(N, 2) points -> (N, $num_features) network inputs (the same formulas as engine.features)."""
    x1, x2 = points[:, 0], points[:, 1]
    return torch.stack([$feature_list], dim=1)


def scores(points):
    """The network's raw outputs for [[x1, x2], ...], an (N, $outputs) float64 tensor."""
    with torch.no_grad():
        return model(features(torch.as_tensor(points, dtype=torch.float64).reshape(-1, 2)))


def predict(points):
    """Class ids for [[x1, x2], ...], as a list of ints."""
    s = scores(points)
    classes = (s[:, 0] > 0).long() if s.shape[1] == 1 else s.argmax(dim=1)
    return classes.tolist()


def main(argv):
    as_json = "--json" in argv
    numbers = [float(a) for a in argv if a != "--json"]
    if not numbers or len(numbers) % 2:
        sys.exit(__doc__)
    points = [numbers[i:i + 2] for i in range(0, len(numbers), 2)]
    result, classes = scores(points).tolist(), predict(points)
    if as_json:
        print(json.dumps({"classes": classes, "scores": result}))
        return
    for (x1, x2), k, s in zip(points, classes, result):
        print(f"({x1!r}, {x2!r}) -> class {k}  scores {s}")


if __name__ == "__main__":
    main(sys.argv[1:])
''')


def _template_fields(state: PlaygroundState, path) -> dict:
    path = Path(path)
    uses_sin = any(name.startswith("sin") for name in state.features)
    return {"description": _describe(state), "decision": _decision(state),
            "name": path.name, "module": path.stem if path.stem.isidentifier() else "model",
            "features": json.dumps(list(state.features)), "feature_list": _feature_lines(state),
            "num_features": len(state.features), "outputs": state.output_size,
            "activation": json.dumps(_activation_value(state)),
            "math_import": "from math import sin\n" if uses_sin else "",
            "torch_names": "nn, sin" if uses_sin else "nn"}


def engine_script(state: PlaygroundState, path="model.py") -> str:
    """A standalone script that rebuilds the trained network with `engine.MLP`."""
    state = _trained(state)
    return _ENGINE_SCRIPT.substitute(_template_fields(state, path), hidden=json.dumps(state.hidden_layers),
                                     weights=_floats(state.weights, ""))


def torch_script(state: PlaygroundState, path="model.py") -> str:
    """A standalone PyTorch script: nn.Sequential with the trained weights in float64."""
    layers = model_layers(state)
    modules = []
    for layer in layers:
        modules.append(f"    nn.Linear({len(layer['weight'][0])}, {len(layer['weight'])}),")
        if layer["activation"] != "linear":
            modules.append(f"    {_TORCH_ACTIVATIONS[layer['activation']]},")
    text = _torch_layers(layers)
    return _TORCH_SCRIPT.substitute(_template_fields(state, path), layers=text, modules="\n".join(modules))


def _torch_layers(layers: list[dict]) -> str:
    out = ["["]
    for layer in layers:
        out += [f"    (  # {len(layer['weight'][0])} -> {len(layer['weight'])}", "        ["]
        out += [f"            {_floats(row, ' ' * 12)}," for row in layer["weight"]]
        out += ["        ],", f"        {_floats(layer['bias'], ' ' * 8)},", "    ),"]
    return "\n".join(out + ["]"])


def weights_json(state: PlaygroundState) -> str:
    """The weights alone, per layer and flat, with what is needed to use them."""
    layers = model_layers(state)
    doc = {"format": WEIGHTS_FORMAT, "version": 1,
           "features": list(state.features), "feature_formulas": {n: FEATURE_FORMULAS[n] for n in state.features},
           "layer_sizes": [len(state.features)] + state.layer_sizes, "activation": state.activation,
           "hidden_activations": state.hidden_activations,
           "output": _decision(state), "num_classes": state.num_classes, "loss": state.effective_loss,
           "step": state.step, "layers": layers,
           "parameters_order": "MLP.parameters(): layer by layer, neuron by neuron, its weights then its bias",
           "parameters": [float(w) for w in state.weights]}
    return json.dumps(doc, indent=1, allow_nan=False) + "\n"


def export_model(state: PlaygroundState, path, kind: str) -> None:
    """Write the model as `kind` ("engine", "torch" or "json") to `path`, atomically."""
    if kind not in MODEL_KINDS:
        raise ValueError(f"kind must be one of {', '.join(MODEL_KINDS)}, got {kind!r}")
    text = {"engine": lambda: engine_script(state, path), "torch": lambda: torch_script(state, path),
            "json": lambda: weights_json(state)}[kind]()
    atomic_write(path, text.encode("utf-8"))
