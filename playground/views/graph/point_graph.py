"""The Value graph of one data point, from the inputs to the loss, ready to draw. No Qt here.

Small networks (<= WHOLE_GRAPH_LIMIT parameters) are drawn whole, exactly as `engine.value.trace` reports the
graph; bigger ones as the graph of one chosen neuron (its inputs, weights, bias, ops and output), with the
true gradients dL/d(.) from the whole backward pass.
"""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

from engine.checks import LOSSES_FOR, check_problem
from engine.nn import parameter_count
from engine.value import topological_order

WHOLE_GRAPH_LIMIT = 60


@dataclass(frozen=True)
class PointGraph:
    values: tuple          # the Value behind each node, topological order, root last
    names: tuple           # display label per node ('' for an unnamed intermediate)
    edges: tuple           # (child, parent) node index pairs, one per distinct child
    neuron: tuple | None   # (layer, neuron) when this is one neuron's graph, None for the whole graph
    walk_seed: float       # the root's grad to start the step-by-step walk from
    walk_stop: frozenset   # ids of Values the walk treats as leaves (a neuron's inputs)
    loss: float

    @property
    def ops(self) -> tuple:
        return tuple(v._op for v in self.values)


def check_sample(model, x_features, target, loss_name, problem="classification") -> tuple:
    """(features as floats, target as a float ±1 or an int class id, or in regression any real number);
    ValueError naming what does not fit.

    `target` is what `engine.train.encode_targets` gives for the point's class (numpy scalars included).
    """
    if not hasattr(model, "layers") or not hasattr(model, "nin"):
        raise ValueError(f"expected an engine MLP, got {type(model).__name__}")
    allowed = LOSSES_FOR[check_problem(problem)]
    if loss_name not in allowed:
        raise ValueError(f"unknown loss {loss_name!r}; choose one of {', '.join(allowed)}")
    x = [float(v) for v in x_features]
    if len(x) != model.nin or not all(math.isfinite(v) for v in x):
        raise ValueError(f"expected {model.nin} finite features, got {list(x_features)!r}")
    nout = len(model.layers[-1].neurons)
    if isinstance(target, bool) or not isinstance(target, numbers.Real):
        raise ValueError(f"a target must be a number, got {target!r}")
    if problem == "regression":
        if nout != 1 or not math.isfinite(float(target)):
            raise ValueError(f"{loss_name} in regression needs one output and a finite target, got {target!r}")
        return x, float(target)
    if loss_name == "cross_entropy":
        if not isinstance(target, numbers.Integral) or not 0 <= target < nout:
            raise ValueError(f"cross_entropy needs a class id in 0..{nout - 1}, got {target!r}")
        return x, int(target)
    if target not in (1, -1) or nout != 1:
        raise ValueError(f"{loss_name} needs one output and a target of +1 or -1, got {target!r}")
    return x, float(target)


def build_point_graph(model, x_features, target, loss_name, *, neuron=None, input_names=None,
                      whole_limit: int = WHOLE_GRAPH_LIMIT, problem: str = "classification") -> PointGraph:
    """Forward one point, take the loss, backward(); return the whole graph or `neuron`'s (layer, index).

    With `neuron=None` a small model gives the whole graph and a big one the graph of neuron (0, 0).
    The model's parameter grads are overwritten (the app hands us a private copy).
    """
    from engine import losses
    from engine.value import Value
    x, target = check_sample(model, x_features, target, loss_name, problem)
    names = list(input_names) if input_names else [f"x{i + 1}" for i in range(len(x))]
    if len(names) != len(x):
        raise ValueError(f"{len(names)} input names for {len(x)} inputs")
    inputs = [Value(v, label=f"x{i + 1}") for i, v in enumerate(x)]
    acts, layer_inputs, outputs = inputs, [], []
    for layer in model.layers:                  # layer by layer, to know each neuron's inputs and output
        layer_inputs.append(acts)
        acts = [n(acts) for n in layer.neurons]
        outputs.append(acts)
    if loss_name == "cross_entropy":
        loss = losses.cross_entropy([acts], [target])
    elif loss_name == "mse":
        loss = losses.mse([acts[0]], [target], problem=problem)
    else:
        loss = getattr(losses, loss_name)([acts[0]], [target])
    model.zero_grad()
    loss.backward()

    label = {id(v): n for v, n in zip(inputs, names)}
    last = len(model.layers) - 1
    for l, layer in enumerate(model.layers):
        for j, n in enumerate(layer.neurons):
            where = f"L{l + 1}n{j + 1}"
            for k, w in enumerate(n.w):
                label[id(w)] = f"w{k} {where}"
            label[id(n.b)] = f"b {where}"
            out = outputs[l][j]
            if l == last:
                label[id(out)] = "out" if len(layer.neurons) == 1 else f"out{j + 1}"
            else:
                label[id(out)] = where
    label[id(loss)] = "loss"
    if neuron is None and parameter_count(model.nin, model.nouts) > whole_limit:
        neuron = (0, 0)
    if neuron is None:    # the whole graph: trace's order and edges
        root, stop, seed = loss, frozenset(), 1.0
    else:
        l, j = _check_neuron(model, neuron)
        root = outputs[l][j]
        stop = frozenset(id(v) for v in layer_inputs[l])
        seed = root.grad
        neuron = (l, j)
    values = topological_order(root, stop)
    index = {id(v): i for i, v in enumerate(values)}
    edges = [(index[id(c)], index[id(v)]) for v in values if v._prev and id(v) not in stop
             for c in dict.fromkeys(v._prev)]
    shown = tuple(label.get(id(v)) or (v.label or ("const" if not v._prev else "")) for v in values)
    return PointGraph(tuple(values), shown, tuple(edges), neuron, seed, stop, loss.data)


def _check_neuron(model, neuron):
    try:
        l, j = neuron
    except (TypeError, ValueError):
        raise ValueError(f"neuron must be (layer, index), got {neuron!r}") from None
    if not (isinstance(l, int) and 0 <= l < len(model.layers)):
        raise ValueError(f"layer {l!r} is outside 0..{len(model.layers) - 1}")
    if not (isinstance(j, int) and 0 <= j < len(model.layers[l].neurons)):
        raise ValueError(f"neuron {j!r} is outside 0..{len(model.layers[l].neurons) - 1}")
    return l, j
