"""The playground's computing half: micrograd's autograd engine and neural nets, made fast enough to
train live, plus what the app needs around them. Never imports Qt (tests/test_engine_is_qt_free.py).

micrograd in a nutshell: a `Value` wraps one number and remembers how it was computed (its children
`_prev` and its operation `_op`). Computing a loss from Values builds a graph; `loss.backward()` walks it
from the loss back to the inputs and fills every Value's `.grad` with d(loss)/d(value), the chain rule
applied one edge at a time. A `Neuron` computes act(w . x + b), a `Layer` is a list of neurons, an `MLP` a
list of layers. Training repeats: forward pass, loss, `zero_grad()`, `backward()`, then nudge every
parameter against its gradient (`p.data -= lr * p.grad`, or an optimizer's `step()`):

    from engine import MLP, losses, optim
    model = MLP(2, [16, 16, 1])                    # 2 inputs, two hidden layers of 16 ReLUs, 1 output
    opt = optim.SGD(model.parameters(), lr=0.05)
    loss = losses.hinge([model(x) for x in X], y)  # y: targets -1 or +1
    opt.zero_grad(); loss.backward(); opt.step()

One idea per module. Loaded with `import engine` (pure Python, no numpy):
* `value`: `Value` (+ - * / **, relu, tanh, sigmoid, exp, log, `Value.dot`, `Value.sum`, `backward()`);
  `trace(root)` snapshots a graph as plain `TraceNode`s and edges, for drawing.
* `nn`: `Module`, `Neuron`, `Layer`, `MLP`: micrograd's API and, for a seed, micrograd's numbers;
  `MLP(activation=...)` takes one name or one per hidden layer, `MLP(init=...)` an initialization.
* `inits`: `INITS` ("micrograd" U(-1, 1), "xavier", "he", "zeros"), how starting weights are drawn.
* `losses`: `mse`, `hinge`, `logistic`, `cross_entropy`, `huber` and the `l2` penalty, each one `Value`;
  the vocabularies `LOSSES`, `REGRESSION_LOSSES`, `PROBLEMS` ("classification", "regression").
* `schedules`: `SCHEDULES`, `Schedule` (constant, linear, step, cosine): the learning rate of each step.
* `optim`: `SGD` (with momentum) and `Adam`, PyTorch's update rules; `state_dict()` to save them.
Loaded on first use (numpy), as `engine.batched` etc., so `import engine` stays light:
* `batched`: the same forward and backward passes on a whole batch at once (`forward`, `activations`,
  `loss_and_grad`, `FlatNet`): the fast path.
* `flat_optim`: `FlatSGD`, `FlatAdam`: `optim`'s rules on the batched engine's flat parameter vector.
* `checks`, `loss_heads`: what the numpy modules accept (inputs, targets for a problem), the losses on arrays.
* `train`: `Trainer`, one optimisation step at a time on either engine (`StepStats`), a schedule applied.
* `targets`: `encode_targets`, labels -> what a loss trains on; `metrics`: `r_squared`, `accuracy`.
* `divergence`: `DivergenceGuard`, which tells from the step losses when a run has diverged or blown up.
* `landscape`: the loss around the weights on a plane of two filter-normalised random directions (Li et
  al. 2018), or the plane through three checkpoints; a training path's coordinates in it.
* `hidden_space`: the input plane's grid lines and the data through a hidden layer, projected to 2-D (two
  neurons or a sign-fixed PCA), the morph from the plane to that space, the output's decision line there.
* `grid`: `GridEvaluator`, `grid_scores`: the network at every pixel of the decision-boundary heatmap.
* `datasets`: toy 2-D datasets `moons`, `circle`, `xor`, `gauss`, `spiral`, `blobs` (`PRESETS`).
* `function_datasets`: classification by the side of y = f(x) (`FUNCTION_PRESETS`: sine, cubic, abs, step).
* `regression_datasets`: curve fitting 1D -> 1D (`CURVES`) and TF Playground's surfaces 2D -> 1D (`SURFACES`).
* `features`: input features (`x1`, `x2`, `x1^2`, `x1*x2`, `sin(x1)`, ...) and `expand(points, names)`;
  `DEFAULT_1D` (`x1`) for 1D problems.
* `split`: `held_out_mask`: which points form the test split, decided by each point's coordinates.
* `gradcheck`: `check_gradients`: the engine's gradients against finite differences.

`import engine` itself gives `Value`, `trace`, `TraceNode`, `Module`, `Neuron`, `Layer`, `MLP`, `losses`,
`optim` (its `__all__`).
"""
import importlib
import importlib.util

from engine import losses, optim
from engine.nn import MLP, Layer, Module, Neuron
from engine.value import TraceNode, Value, trace

__all__ = ["Value", "trace", "TraceNode", "Module", "Neuron", "Layer", "MLP", "losses", "optim"]


def __getattr__(name):
    if not name.startswith("_") and importlib.util.find_spec(f"{__name__}.{name}") is not None:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
