"""The scalar engine's math on whole batches, with numpy (float64): the fast path the Trainer uses.

Building a ``Value`` graph point by point and calling ``backward()`` is the clearest way to see where
gradients come from, and slow. This module does the same forward and backward passes for all N points at
once, one matrix product per layer: same network, same losses, same gradients. Only the order of
floating-point sums differs (results agree to ~1e-15 relative).

Three levels:
* model-level, on an ``engine.nn.MLP``: ``forward(model, X)`` (scores), ``activations(model, X)`` (every
  layer's output), ``loss_and_grad(model, X, targets, loss, l2)`` (the loss; sets every parameter's ``.grad``);
* array-level, on ``layers = [(W (nout, nin), b (nout,)), ...]`` (``layer_arrays(model)``):
  ``forward_arrays``, ``loss_and_grad_arrays``;
* ``FlatNet``: all parameters as one flat vector in ``MLP.parameters()`` order, with per-layer views and
  preallocated buffers; the Trainer's hot path (``engine.flat_optim`` updates that vector).

Targets: ``mse``/``hinge``/``logistic`` take +-1 targets and one output; ``cross_entropy`` takes class ids
``0..K-1`` and K >= 2 outputs. Accuracy counts ``score > 0 == target > 0`` for one output, argmax otherwise.
Checks shared with the other numpy modules: ``check_inputs``, ``check_targets``, ``check_loss``,
``check_activation``; ``activate`` applies an activation in place. The heatmap grids (``GridEvaluator``,
``grid_scores``) live in ``engine.grid`` and can still be imported from here.
"""
from __future__ import annotations

import numpy as np

from engine.losses import BINARY_LOSSES, LOSSES
from engine.nn import ACTIVATIONS, parameter_count

__all__ = ["forward", "activations", "loss_and_grad", "layer_arrays", "forward_arrays", "loss_and_grad_arrays",
           "flatten_layers", "unflatten_layers",
           "FlatNet", "check_inputs", "check_targets", "check_loss", "check_activation", "activate",
           "ACTIVATIONS", "LOSSES", "BINARY_LOSSES"]



def check_activation(name):
    """``name`` if it is one of ``ACTIVATIONS``, else a ValueError that lists them."""
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose from {', '.join(ACTIVATIONS)}")
    return name


def check_loss(name):
    """``name`` if it is one of ``LOSSES``, else a ValueError that lists them."""
    if name not in LOSSES:
        raise ValueError(f"unknown loss {name!r}; choose from {', '.join(LOSSES)}")
    return name


def check_inputs(X, nin):
    """-> X as a C-contiguous float64 (N, nin) array (not copied if it is one already); ValueError if it is
    empty, misshapen or not finite."""
    try:
        arr = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError("inputs must be numbers (an (N, nin) array)") from None
    if arr.ndim != 2 or arr.shape[1] != nin:
        raise ValueError(f"inputs must have shape (N, {nin}) for this network, got {arr.shape}")
    if arr.shape[0] == 0:
        raise ValueError("the dataset is empty: at least one point is needed")
    if not np.isfinite(arr).all():
        raise ValueError("inputs contain NaN or infinite values")
    return np.ascontiguousarray(arr)


def check_targets(targets, loss, nout, n):
    """-> targets in the form the math uses: an (n, 1) float column of +-1, or (n,) int classes."""
    check_loss(loss)
    try:
        t = np.asarray(targets, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError("targets must be numbers") from None
    if loss in BINARY_LOSSES and t.ndim == 2 and t.shape[1] == 1:
        t = t[:, 0]
    if t.shape != (n,):
        raise ValueError(f"need one target per point: shape ({n},), got {t.shape}")
    if not np.isfinite(t).all():
        raise ValueError("targets contain NaN or infinite values")
    if loss in BINARY_LOSSES:
        if nout != 1:
            raise ValueError(f"{loss} needs a network with 1 output, this one has {nout} "
                             f"(use cross_entropy for {nout} classes)")
        if not np.isin(t, (-1.0, 1.0)).all():
            bad = sorted(set(np.unique(t[~np.isin(t, (-1.0, 1.0))]).tolist()))[:5]
            raise ValueError(f"{loss} needs targets of -1 or +1, got {bad} "
                             "(map class 0 to -1 and class 1 to +1)")
        return t.reshape(n, 1).copy()
    if nout < 2:
        raise ValueError("cross_entropy needs a network with at least 2 outputs (one per class)")
    if (t != np.round(t)).any():
        raise ValueError("cross_entropy needs integer class ids as targets")
    if t.min() < 0 or t.max() >= nout:
        bad = t[(t < 0) | (t >= nout)][0]
        raise ValueError(f"class {int(bad)} does not fit a network with {nout} outputs "
                         f"(cross_entropy needs classes 0..{nout - 1})")
    return t.astype(np.intp)


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


def _loss_head(loss, s, t, ds):
    """Mean loss over the rows of scores ``s``; fills ``ds`` = d(loss)/d(s); returns (loss, correct).

    Each formula is written as engine.losses computes it (a mean is ``sum * (1.0 / n)``), so the two
    engines agree to rounding of the sums.
    """
    n = s.shape[0]
    inv_n = 1.0 / n
    if loss == "cross_entropy":
        shifted = s - s.max(axis=1, keepdims=True)  # log-sum-exp with every exponent <= 0
        np.exp(shifted, out=ds)
        total = ds.sum(axis=1, keepdims=True)
        rows = np.arange(n)
        value = float(np.log(total).sum() - shifted[rows, t].sum()) * inv_n
        ds /= total  # softmax
        ds[rows, t] -= 1.0
        ds *= inv_n
        return value, int(np.count_nonzero(s.argmax(axis=1) == t))
    correct = int(np.count_nonzero((s > 0) == (t > 0)))
    if loss == "mse":  # mean((s - t)^2)
        np.subtract(s, t, out=ds)
        value = float(np.dot(ds[:, 0], ds[:, 0])) * inv_n
        ds *= 2.0 * inv_n
    elif loss == "hinge":  # mean(relu(1 - t s))
        margin = 1.0 - t * s
        active = margin > 0  # relu's gradient is 0 at exactly 0, as micrograd's
        value = float(margin[active].sum()) * inv_n
        np.multiply(active, t, out=ds)
        ds *= -inv_n
    else:  # logistic: mean(log(1 + e^u)), u = -t s, as max(u, 0) + log(e^-|u| + 1): no overflow
        u = -t * s
        e = np.exp(-np.abs(u))
        value = float((np.maximum(u, 0.0) + np.log(e + 1.0)).sum()) * inv_n
        np.divide(np.where(u >= 0, 1.0, e), e + 1.0, out=ds)  # sigmoid(u)
        ds *= t
        ds *= -inv_n
    return value, correct


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
        self.activation = check_activation(activation)
        shapes = [(nout, nin + 1) for nin, nout in zip(self.sizes, self.sizes[1:])]
        total = sum(r * c for r, c in shapes)
        self.theta = np.zeros(total)
        self.grad = np.zeros(total)
        self.blocks, self.gblocks, start = [], [], 0
        for r, c in shapes:
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
                activate(self.activation, z)
        return acts

    def loss_and_grad(self, n, targets, loss, l2=0.0, backward=True):
        """Forward the inputs in ``buffers(n)``, then (if ``backward``) fill ``self.grad``.

        ``targets`` must come from ``check_targets``. Returns (loss incl. l2 term, data loss, #correct).
        """
        acts, deltas, tmps = self.buffers(n)
        self.forward(n)
        data_loss, correct = _loss_head(loss, acts[-1], targets, deltas[-1])
        total = data_loss + (l2 * float(np.dot(self.theta, self.theta)) if l2 else 0.0)
        if backward:
            for i in range(len(self.blocks) - 1, -1, -1):
                np.matmul(deltas[i + 1].T, acts[i], out=self.gblocks[i])
                _bias_sum(deltas[i + 1], self.gblocks[i][:, -1])
                if i:
                    np.matmul(deltas[i + 1], self.blocks[i][:, :-1], out=deltas[i])
                    _activation_grad(self.activation, acts[i][:, :-1], deltas[i], tmps[i])
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
    after its activation (the last layer is linear), as a list of (N, n_l) arrays."""
    check_activation(activation)
    A = check_inputs(X, np.shape(layers[0][0])[1])
    outs = []
    for i, (W, b) in enumerate(layers):
        A = A @ np.asarray(W, dtype=np.float64).T
        A += b
        if i < len(layers) - 1:
            activate(activation, A)
        outs.append(A)
    return outs if all_layers else A


def forward(model, X):
    """Scores (N, nout) of ``model`` on the N inputs in X: ``model(x)`` for every row x, as numbers."""
    return forward_arrays(layer_arrays(model), model.activation, X)


def activations(model, X):
    """Every layer's output on X, a list of (N, n_l) arrays: hidden layers after their activation."""
    return forward_arrays(layer_arrays(model), model.activation, X, all_layers=True)


def _loss_and_grad(net, X, targets, loss, l2):
    X = check_inputs(X, net.sizes[0])
    t = check_targets(targets, loss, net.sizes[-1], len(X))
    if isinstance(l2, bool) or not isinstance(l2, (int, float)) or not (np.isfinite(l2) and l2 >= 0):
        raise ValueError(f"l2 must be a finite number >= 0, got {l2!r}")
    with np.errstate(all="ignore"):  # overflow shows up as an inf/NaN loss, not as warnings
        return net.loss_and_grad(net.set_inputs(X), t, loss, float(l2))[0]


def loss_and_grad_arrays(layers, activation, X, targets, loss="mse", l2=0.0):
    """-> (loss, [(dW, db)] per layer): loss = mean data loss + l2 * sum of squared parameters."""
    net = FlatNet.from_layers(layers, activation)
    return _loss_and_grad(net, X, targets, loss, l2), net.grad_layers()


def loss_and_grad(model, X, targets, loss="mse", l2=0.0):
    """The loss as a float; every parameter's ``.grad`` is *set* (not added to) to what ``zero_grad()``,
    the scalar graph and ``backward()`` would give."""
    net = FlatNet.from_model(model)
    total = _loss_and_grad(net, X, targets, loss, l2)
    for p, g in zip(model.parameters(), net.grad.tolist()):
        p.grad = g
    return total



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
