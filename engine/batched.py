"""The scalar engine's math on whole batches, with numpy (float64): the fast path the Trainer uses.

Building a ``Value`` graph point by point and calling ``backward()`` is the clearest way to see where
gradients come from, and slow. This module does the same forward and backward passes for all N points at
once, one matrix product per layer: same network, same losses, same gradients. Only the order of
floating-point sums differs (results agree to ~1e-15 relative).

Three levels:
* model-level, on an ``engine.nn.MLP``: ``forward(model, X)`` (scores), ``activations(model, X)`` (every
  layer's output), ``loss_and_grad(model, X, targets, loss, l2)`` (the loss; sets every parameter's ``.grad``);
* array-level, on ``layers = [(W (nout, nin), b (nout,)), ...]`` (``layer_arrays(model)``):
  ``forward_arrays``, ``loss_and_grad_arrays``; ``loss_values`` (the loss of P networks' scores at once);
* ``FlatNet``: all parameters as one flat vector in ``MLP.parameters()`` order, with per-layer views and
  preallocated buffers; the Trainer's hot path (``engine.flat_optim`` updates that vector).

Activations: wherever one is asked for, a name (every hidden layer) or a list with one name per hidden
layer (``engine.nn.hidden_activations``), as ``MLP(activation=...)`` takes them; ``model.activation`` fits.

Targets (``engine.checks``): in classification ``mse``/``hinge``/``logistic`` take +-1 targets and one
output, ``cross_entropy`` class ids ``0..K-1`` and K >= 2 outputs; in regression (``problem="regression"``)
``mse``/``huber`` take real targets and one output. Accuracy counts ``score > 0 == target > 0`` for one output,
argmax otherwise (meaningless in regression: use ``engine.metrics.r_squared``). The checks live in
``engine.checks`` and the losses' array formulas in ``engine.loss_heads``, re-exported here; ``activate``
applies an activation in place. The heatmap grids (``GridEvaluator``,
``grid_scores``) live in ``engine.grid`` and can still be imported from here.
"""
from __future__ import annotations

import numpy as np

from engine.checks import check_activation, check_activations, check_inputs, check_loss, check_problem, check_targets
from engine.loss_heads import loss_head
from engine.losses import BINARY_LOSSES, LOSSES, PROBLEMS, REGRESSION_LOSSES
from engine.nn import ACTIVATIONS, parameter_count

__all__ = ["forward", "activations", "loss_and_grad", "layer_arrays", "forward_arrays", "loss_and_grad_arrays",
           "flatten_layers", "unflatten_layers", "FlatNet", "loss_values", "check_inputs", "check_targets", "check_loss", "check_activation", "check_activations", "activate",
           "check_problem", "ACTIVATIONS", "LOSSES", "BINARY_LOSSES", "REGRESSION_LOSSES", "PROBLEMS"]


def _sigmoid(z, out):
    """Overflow-free logistic function written into ``out`` (never exp of a large positive number)."""
    e = np.exp(-np.abs(z))
    np.divide(np.where(z >= 0, 1.0, e), 1.0 + e, out=out)
    return out


def activate(name, z):
    """Apply the activation ``name`` to the array ``z`` in place ("linear" leaves it as it is)."""
    if name == "relu":
        np.maximum(z, 0.0, out=z)
    elif name == "tanh":
        np.tanh(z, out=z)
    elif name == "sigmoid":
        _sigmoid(z, z)


def _activation_grad(name, a, d, tmp):
    """d <- d * act'(z), written in terms of the activation's output a (as the scalar engine does)."""
    if name == "relu":
        np.multiply(d, a > 0, out=d)  # micrograd: (out.data > 0) * out.grad, so 0 at exactly 0
    elif name == "tanh":
        np.multiply(a, a, out=tmp)
        np.subtract(1.0, tmp, out=tmp)
        d *= tmp
    elif name == "sigmoid":
        np.subtract(1.0, a, out=tmp)
        tmp *= a
        d *= tmp


def _bias_sum(d, out):
    """out <- the column sums of d, added point by point from the last point to the first.

    Bias gradients are sums of +-1/n terms that often cancel exactly (balanced classes). Summed in the
    scalar engine's order (its backward pass visits the last point first), both engines get the same
    rounding residue; otherwise Adam would blow a 1e-17 difference up to lr * 1e-17 / eps. numpy reduces
    along a non-contiguous axis row after row, in order (pairwise summation is used only along the
    contiguous axis, hence cumsum for a single column); the engine-parity tests check this.
    """
    if d.shape[1] == 1:
        out[0] = np.cumsum(d[::-1, 0])[-1]
    else:
        np.add.reduce(d[::-1], axis=0, out=out)


class FlatNet:
    """An MLP's parameters as one flat vector, in ``MLP.parameters()`` order (neuron by neuron, weights then
    bias), viewed per layer as ``[W | b]`` blocks of shape (nout, nin + 1).

    Activations are kept with an extra column of ones, so one matmul applies weights and bias, and the
    gradient of a whole block (weights and bias) is one matmul written straight into ``self.grad``.
    Buffers are preallocated per batch size and reused, so a training step allocates little.
    """

    def __init__(self, sizes, activation="relu"):
        self.sizes = tuple(int(s) for s in sizes)
        if len(self.sizes) < 2 or min(self.sizes) < 1:
            raise ValueError(f"layer sizes must be >= 1 with at least one layer, got {list(sizes)}")
        self.activations = check_activations(activation, len(self.sizes) - 2)  # one per hidden layer
        self.activation = activation if isinstance(activation, str) else self.activations
        shapes = [(nout, nin + 1) for nin, nout in zip(self.sizes, self.sizes[1:])]
        total = sum(r * c for r, c in shapes)
        self.theta = np.zeros(total)
        self.grad = np.zeros(total)
        self.blocks, self.gblocks, start = [], [], 0
        self.block_slices = []  # [(slice of theta, (nout, nin + 1))] per layer: the flat layout, for other vectors
        for r, c in shapes:
            self.block_slices.append((slice(start, start + r * c), (r, c)))
            self.blocks.append(self.theta[start:start + r * c].reshape(r, c))
            self.gblocks.append(self.grad[start:start + r * c].reshape(r, c))
            start += r * c
        self._bufs = {}

    @classmethod
    def from_model(cls, model):
        net = cls([model.nin, *model.nouts], model.activation)
        net.theta[:] = [p.data for p in model.parameters()]
        return net

    @classmethod
    def from_layers(cls, layers, activation):
        sizes = [np.shape(layers[0][0])[1]] + [np.shape(W)[0] for W, _ in layers]
        net = cls(sizes, activation)
        for block, (W, b) in zip(net.blocks, layers):
            block[:, :-1] = W
            block[:, -1] = b
        return net

    def layers(self):
        """[(W, b)] views into ``theta`` (writing to them changes the net)."""
        return [(B[:, :-1], B[:, -1]) for B in self.blocks]

    def grad_layers(self):
        return [(G[:, :-1].copy(), G[:, -1].copy()) for G in self.gblocks]

    def buffers(self, n):
        """Per-batch-size work arrays: inputs/activations with a ones column, the output, deltas."""
        bufs = self._bufs.get(n)
        if bufs is None:
            if len(self._bufs) >= 4:  # batch sizes come and go (minibatches, test splits): keep a few
                self._bufs.clear()
            acts = [np.ones((n, k + 1)) for k in self.sizes[:-1]] + [np.empty((n, self.sizes[-1]))]
            deltas = [np.empty((n, k)) for k in self.sizes]
            tmps = [np.empty((n, k)) for k in self.sizes]
            bufs = self._bufs[n] = (acts, deltas, tmps)
        return bufs

    def set_inputs(self, X):
        acts = self.buffers(len(X))[0]
        acts[0][:, :-1] = X
        return len(X)

    def forward(self, n):
        """Run the inputs already in ``buffers(n)``; returns the per-layer activation arrays."""
        acts = self.buffers(n)[0]
        last = len(self.blocks) - 1
        for i, block in enumerate(self.blocks):
            if i == last:
                np.matmul(acts[i], block.T, out=acts[i + 1])
            else:
                z = acts[i + 1][:, :-1]
                np.matmul(acts[i], block.T, out=z)
                activate(self.activations[i], z)
        return acts

    def loss_and_grad(self, n, targets, loss, l2=0.0, backward=True):
        """Forward the inputs in ``buffers(n)``, then (if ``backward``) fill ``self.grad``.

        ``targets`` must come from ``check_targets``. Returns (loss incl. l2 term, data loss, #correct).
        """
        acts, deltas, tmps = self.buffers(n)
        self.forward(n)
        data_loss, correct = loss_head(loss, acts[-1], targets, deltas[-1])
        total = data_loss + (l2 * float(np.dot(self.theta, self.theta)) if l2 else 0.0)
        if backward:
            for i in range(len(self.blocks) - 1, -1, -1):
                np.matmul(deltas[i + 1].T, acts[i], out=self.gblocks[i])
                _bias_sum(deltas[i + 1], self.gblocks[i][:, -1])
                if i:
                    np.matmul(deltas[i + 1], self.blocks[i][:, :-1], out=deltas[i])
                    _activation_grad(self.activations[i - 1], acts[i][:, :-1], deltas[i], tmps[i])
            if l2:  # d(l2 * sum p*p)/dp, added as the scalar graph adds it: p*l2 once per factor of p*p
                penalty = l2 * self.theta
                self.grad += penalty
                self.grad += penalty
        return total, data_loss, correct


def layer_arrays(model):
    """[(W (nout, nin), b (nout,))] per layer, read from the model's Values (fresh arrays)."""
    return [(np.array([[w.data for w in n.w] for n in layer.neurons], dtype=np.float64).reshape(
                len(layer.neurons), -1),
             np.array([n.b.data for n in layer.neurons], dtype=np.float64))
            for layer in model.layers]


def forward_arrays(layers, activation, X, all_layers=False):
    """Scores (N, nout) of the network ``layers`` on inputs X; with ``all_layers`` every layer's output
    after its activation (the last layer is linear), as a list of (N, n_l) arrays. ``activation``: a name
    or one per hidden layer."""
    acts = check_activations(activation, len(layers) - 1)
    A = check_inputs(X, np.shape(layers[0][0])[1])
    outs = []
    for i, (W, b) in enumerate(layers):
        A = A @ np.asarray(W, dtype=np.float64).T
        A += b
        if i < len(layers) - 1:
            activate(acts[i], A)
        outs.append(A)
    return outs if all_layers else A


def forward(model, X):
    """Scores (N, nout) of ``model`` on the N inputs in X: ``model(x)`` for every row x, as numbers."""
    return forward_arrays(layer_arrays(model), model.activation, X)


def activations(model, X):
    """Every layer's output on X, a list of (N, n_l) arrays: hidden layers after their activation."""
    return forward_arrays(layer_arrays(model), model.activation, X, all_layers=True)


def _loss_and_grad(net, X, targets, loss, l2, problem):
    X = check_inputs(X, net.sizes[0])
    t = check_targets(targets, loss, net.sizes[-1], len(X), problem)
    if isinstance(l2, bool) or not isinstance(l2, (int, float)) or not (np.isfinite(l2) and l2 >= 0):
        raise ValueError(f"l2 must be a finite number >= 0, got {l2!r}")
    with np.errstate(all="ignore"):  # overflow shows up as an inf/NaN loss, not as warnings
        return net.loss_and_grad(net.set_inputs(X), t, loss, float(l2))[0]


def loss_and_grad_arrays(layers, activation, X, targets, loss="mse", l2=0.0, problem="classification"):
    """-> (loss, [(dW, db)] per layer): loss = mean data loss + l2 * sum of squared parameters."""
    net = FlatNet.from_layers(layers, activation)
    return _loss_and_grad(net, X, targets, loss, l2, problem), net.grad_layers()


def loss_and_grad(model, X, targets, loss="mse", l2=0.0, problem="classification"):
    """The loss as a float; every parameter's ``.grad`` is *set* (not added to) to what ``zero_grad()``,
    the scalar graph and ``backward()`` would give."""
    net = FlatNet.from_model(model)
    total = _loss_and_grad(net, X, targets, loss, l2, problem)
    for p, g in zip(model.parameters(), net.grad.tolist()):
        p.grad = g
    return total


def loss_values(loss, scores, targets, problem="classification"):
    """The mean data loss of each of P networks' scores: ``scores`` (P, N, nout) against ``targets`` from
    ``check_targets`` -> (P,) floats, by the training step's own formulas (``loss_head``).

    Used to evaluate many weight vectors on the same data (``engine.landscape``). Overflow gives inf/NaN.
    """
    check_loss(loss, problem)
    scores = np.asarray(scores, dtype=np.float64)
    if scores.ndim != 3:
        raise ValueError(f"scores must have shape (P, N, nout), got {scores.shape}")
    ds = np.empty(scores.shape[1:])
    out = np.empty(scores.shape[0])
    with np.errstate(all="ignore"):
        for p in range(scores.shape[0]):
            out[p] = loss_head(loss, scores[p], targets, ds)[0]
    return out


def flatten_layers(layers):
    """Per-layer (W (nout, nin), b (nout,)) -> one flat float64 vector in ``MLP.parameters()`` order."""
    blocks = [np.column_stack([np.asarray(W, dtype=np.float64), np.asarray(b, dtype=np.float64)]).ravel()
              for W, b in layers]
    return np.concatenate(blocks) if blocks else np.zeros(0)


def unflatten_layers(flat, sizes):
    """A flat vector in ``MLP.parameters()`` order -> [(W (nout, nin), b (nout,))] for layer sizes
    ``sizes`` = [nin, hidden..., nout] (fresh arrays); ValueError when the count does not fit."""
    flat = np.asarray(flat, dtype=np.float64).reshape(-1)
    sizes = [int(s) for s in sizes]
    if len(flat) != parameter_count(sizes[0], sizes[1:]):
        raise ValueError(f"{len(flat)} weights do not fit a network with "
                         f"{parameter_count(sizes[0], sizes[1:])} parameters")
    layers, at = [], 0
    for nin, nout in zip(sizes, sizes[1:]):
        block = flat[at:at + nout * (nin + 1)].reshape(nout, nin + 1)
        layers.append((block[:, :-1].copy(), block[:, -1].copy()))
        at += nout * (nin + 1)
    return layers
