"""micrograd's `Neuron`, `Layer`, `MLP`: same API, same weights for the same seed, same numbers.

A `Neuron(nin)` holds `nin` weights `w` and a bias `b` (all `Value`s) and computes act(w . x + b); a
`Layer(nin, nout)` is `nout` neurons fed the same inputs; `MLP(nin, nouts)` chains layers of sizes `nouts`,
hidden ones through the activation, the last one linear (its outputs are the scores). `parameters()` lists
every weight and bias, neuron by neuron, layer by layer; `zero_grad()` resets their `.grad`.

With default arguments the weights come from the global `random.uniform(-1, 1)`, one per weight, neuron by
neuron, layer by layer, biases `Value(0)`, exactly as micrograd 0.1.0 draws them, so a seeded micrograd
script gives the same numbers here. Pass `rng=random.Random(seed)` to leave the global generator alone.
`init=` picks another initialization (`engine.inits`: "micrograd", "xavier", "he", "zeros").

A neuron's weighted sum is one fused `'dot'` node (b + w0*x0 + w1*x1 + ..., summed in micrograd's order,
so bit-identical) followed by its activation node (`'ReLU'`, `'tanh'`, `'sigmoid'`; none for linear).
`fused=False` builds micrograd's own graph instead (a `'*'` node per weight and a chain of `'+'` nodes):
the same numbers, ~3x more nodes, slower; meant for teaching what `dot` stands for.

`MLP(..., activation=...)` takes one name for every hidden layer or a list of names, one per hidden layer
(`MLP.activations` is always that tuple); `hidden_activations` is the one rule turning either into the tuple.

Public: `Module`, `Neuron`, `Layer`, `MLP`, `ACTIVATIONS` ("relu", "tanh", "sigmoid", "linear"),
`INITS` (from `engine.inits`), `hidden_activations`; the rules about a network's parameters every other
module uses: `parameter_count(nin, layer_sizes)`, and a model's parameters as one flat list in `parameters()`
order, `flat_weights(model)` / `set_flat_weights(model, flat)` (`engine.batched.flatten_layers` /
`unflatten_layers` are the same order for per-layer arrays).
"""
import numbers
import random

from engine.inits import INITS, check_init, draw_weights
from engine.value import Value, _dot

__all__ = ["Module", "Neuron", "Layer", "MLP", "ACTIVATIONS", "INITS", "hidden_activations", "parameter_count",
           "flat_weights", "set_flat_weights"]

ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")
_APPLY = {"relu": Value.relu, "tanh": Value.tanh, "sigmoid": Value.sigmoid}
_REPR = {"relu": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid", "linear": "Linear"}


def _alias(owner, name, value, alias, alias_value):
    """Accept micrograd's argument name or our docs' name for it, not both, not neither."""
    if value is not None and alias_value is not None:
        raise TypeError(f"{owner}() got both {name!r} and its alias {alias!r}")
    value = value if value is not None else alias_value
    if value is None:
        raise TypeError(f"{owner}() missing required argument {name!r} (or {alias!r})")
    return value


def _count(owner, name, n):
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise ValueError(f"{owner}: {name} must be a positive integer, got {n!r}")
    return int(n)


def _activation(name):
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose one of {', '.join(map(repr, ACTIVATIONS))}")
    return name


def hidden_activations(activation, n_hidden):
    """One activation per hidden layer, as a tuple: a name is used by every hidden layer, a list or tuple
    must name one per hidden layer (the output layer is always linear and is not listed)."""
    if isinstance(activation, str):
        return (_activation(activation),) * n_hidden
    try:
        names = tuple(activation)
    except TypeError:
        raise ValueError(f"activation must be a name or a list of names, got {activation!r}") from None
    if len(names) != n_hidden:
        raise ValueError(f"activation lists {len(names)} names for {n_hidden} hidden layer"
                         f"{'' if n_hidden == 1 else 's'}: give one per hidden layer (or one name for all)")
    return tuple(_activation(name) for name in names)


def _as_inputs(x, n, owner):
    """The inputs as a list of n Values. A bare Value (what a one-neuron layer returns, as in micrograd)
    or a number counts as one input; raw numbers become leaf Values labelled x1, x2, ..."""
    if isinstance(x, (Value, numbers.Real)):
        x = [x]
    xs = [xi if isinstance(xi, Value) else Value(xi, label=f"x{i + 1}") for i, xi in enumerate(x)]
    if len(xs) != n:
        raise ValueError(f"{owner} expects {n} inputs, got {len(xs)}")
    return xs


class Module:

    def zero_grad(self):
        for p in self.parameters():
            p.grad = 0.0

    def parameters(self):
        return []


class Neuron(Module):
    """`Neuron(nin, nonlin=True)`, micrograd's; `activation` picks the nonlinearity when nonlin; `init` how
    its weights are drawn (`fan_out`: its layer's size, which Xavier's bound depends on)."""

    def __init__(self, nin=None, nonlin=True, *, activation="relu", rng=None, fused=True, input_size=None,
                 init="micrograd", fan_out=1):
        nin = _count("Neuron", "nin", _alias("Neuron", "nin", nin, "input_size", input_size))
        draw = random.uniform if rng is None else rng.uniform  # looked up now: random.seed() still applies
        weights = draw_weights(init, nin, fan_out, draw)
        self.w = [Value(w, label=f"w{i}") for i, w in enumerate(weights)]
        self.b = Value(0, label="b")
        self.activation = _activation(activation) if nonlin else "linear"
        self.nonlin = self.activation != "linear"
        self.fused = fused

    def __call__(self, x):
        xs = _as_inputs(x, len(self.w), "Neuron")
        return self._forward(xs, [xi.data for xi in xs])

    def _forward(self, xs, xd):
        if self.fused:
            act = _dot(self.w, xs, self.b, xd)
        else:  # micrograd's own expression, node for node
            act = sum((wi * xi for wi, xi in zip(self.w, xs)), self.b)
        return _APPLY[self.activation](act) if self.nonlin else act

    def parameters(self):
        return self.w + [self.b]

    def __repr__(self):
        return f"{_REPR[self.activation]}Neuron({len(self.w)})"


class Layer(Module):
    """`Layer(nin, nout, **kwargs)`: nout neurons; returns a bare Value when nout == 1, like micrograd."""

    def __init__(self, nin=None, nout=None, *, num_inputs=None, num_neurons=None, **kwargs):
        nin = _alias("Layer", "nin", nin, "num_inputs", num_inputs)
        nout = _count("Layer", "nout", _alias("Layer", "nout", nout, "num_neurons", num_neurons))
        self.neurons = [Neuron(nin, fan_out=nout, **kwargs) for _ in range(nout)]

    def __call__(self, x):
        xs = _as_inputs(x, len(self.neurons[0].w), "Layer")
        xd = [xi.data for xi in xs]  # listed once for all neurons of the layer
        out = [n._forward(xs, xd) for n in self.neurons]
        return out[0] if len(out) == 1 else out

    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]

    def __repr__(self):
        return f"Layer of [{', '.join(str(n) for n in self.neurons)}]"


class MLP(Module):
    """`MLP(nin, nouts)`: hidden layers use `activation` (ReLU by default; a name, or a list with one name
    per hidden layer), the last layer is linear. `activation` keeps what was given (a name, or a tuple);
    `activations` is always one name per hidden layer. `init`: how the weights are drawn (`INITS`)."""

    def __init__(self, nin=None, nouts=None, *, activation="relu", rng=None, fused=True,
                 input_size=None, layer_sizes=None, init="micrograd"):
        nin = _count("MLP", "nin", _alias("MLP", "nin", nin, "input_size", input_size))
        nouts = _alias("MLP", "nouts", nouts, "layer_sizes", layer_sizes)
        if isinstance(nouts, numbers.Integral) or not list(nouts):
            raise ValueError(f"MLP: nouts must be a non-empty list of layer sizes, got {nouts!r}")
        nouts = [_count("MLP", "each layer size", n) for n in nouts]
        self.activations = hidden_activations(activation, len(nouts) - 1)
        self.activation = activation if isinstance(activation, str) else self.activations
        self.nin, self.nouts, self.init = nin, nouts, check_init(init)
        sz = [nin] + nouts
        acts = self.activations + ("linear",)
        self.layers = [Layer(sz[i], sz[i + 1], nonlin=i != len(nouts) - 1, activation=acts[i],
                             rng=rng, fused=fused, init=init) for i in range(len(nouts))]

    def __call__(self, x):
        x = _as_inputs(x, self.nin, "MLP")
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self):
        return f"MLP of [{', '.join(str(layer) for layer in self.layers)}]"


def parameter_count(nin, layer_sizes):
    """How many weights and biases `MLP(nin, layer_sizes)` has: (inputs + 1) per neuron."""
    sizes = [int(nin), *(int(n) for n in layer_sizes)]
    return sum((a + 1) * b for a, b in zip(sizes, sizes[1:]))


def flat_weights(model):
    """Every parameter's value, in `model.parameters()` order (neuron by neuron, its weights then its bias)."""
    return [p.data for p in model.parameters()]


def set_flat_weights(model, flat):
    """Set every parameter from `flat` (in `parameters()` order); ValueError, nothing changed, if it does not fit."""
    params = model.parameters()
    if len(params) != len(flat):
        raise ValueError(f"{len(flat)} weights do not fit a network with {len(params)} parameters")
    for p, w in zip(params, flat):
        p.data = float(w)
