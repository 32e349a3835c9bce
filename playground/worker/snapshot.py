"""What the training worker sends the GUI: immutable pictures of the run, ~30 a second at most."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np

from engine.batched import flatten_layers
from engine.grid import GridEvaluator, grid_shape


def frozen(array, dtype=np.float64) -> np.ndarray:
    """A read-only copy, so the GUI can never mutate what the worker still owns (or vice versa); pictures keep
    their float32 (half the bytes to pickle and pipe)."""
    out = np.array(array, dtype=dtype, copy=True)
    out.flags.writeable = False
    return out


@dataclass(frozen=True)
class Snapshot:
    model_id: int                    # bumps each time the worker re-creates the model
    step: int                        # optimisation steps taken on this model
    running: bool
    train_loss: float                # loss on the whole train split at `step` (nan before any data)
    train_accuracy: float
    test_loss: float | None          # None when there is no test split
    test_accuracy: float | None
    steps_per_second: float
    # Per-step training losses since the previous snapshot (the loss plot appends them).
    new_steps: np.ndarray
    new_losses: np.ndarray
    # Decision boundary over `extent` = (xmin, xmax, ymin, ymax), the part of the plane the canvas showed when
    # it was computed: row i is y, column j is x. (H, W) scores for one output; (H, W, K) probabilities for K;
    # (0, 0) for a curve (its canvas shows none).
    boundary: np.ndarray
    extent: tuple
    # Per layer, input side first: W (nout, nin), b (nout,), and their gradients from the last step.
    weights: tuple
    biases: tuple
    weight_grads: tuple
    bias_grads: tuple
    # Per layer (nout, h, w) activations on a coarse grid over the same extent, for the neuron thumbnails and
    # the neuron shown large on the canvas; () when not asked for.
    neuron_maps: tuple = ()
    diverged: bool = False
    message: str = ""
    # The weights Restore (or Train, after a divergence) goes back to: the lowest train loss seen on this
    # data, and the step it was seen at (-1: none yet).
    best_step: int = -1
    best_loss: float = float("nan")
    learning_rate: float = float("nan")   # the rate the next step uses: the schedule's, at `step` (nan: none)
    # Curve fitting (regression, 1D): the network's y at x values across the extent; empty otherwise. In
    # regression `train_accuracy` and `test_accuracy` hold R² (Trainer.evaluate's metric).
    curve_x: np.ndarray = field(default_factory=lambda: frozen(np.zeros(0)))
    curve_y: np.ndarray = field(default_factory=lambda: frozen(np.zeros(0)))
    # Curve fitting, when neuron maps are asked for: per layer (n, len(curve_x)) each neuron's output at
    # curve_x (the curve's neuron thumbnails and the neuron shown on the canvas); () otherwise.
    neuron_curves: tuple = ()
    # The training timeline's new rows since the previous snapshot (checkpoint_recorder.CheckpointBatch), or
    # None: every step's weights, thinned only when snapshots are held back.
    checkpoints: object = None
    # The step the four figures above (train/test loss and accuracy) were measured at: while training runs they
    # are measured a few times a second, not for every snapshot (-1: at `step`).
    eval_step: int = -1

    def evaluated_at(self) -> int:
        """The step train_loss, train_accuracy, test_loss and test_accuracy belong to."""
        return self.step if self.eval_step < 0 else self.eval_step

    def flat_weights(self) -> np.ndarray:
        """The weights and biases as one flat vector in MLP.parameters() order (the engine's layout)."""
        return flatten_layers(zip(self.weights, self.biases))


def refrozen(snapshot: Snapshot) -> Snapshot:
    """The snapshot with its arrays read-only again: unpickled arrays (from the training process) come back
    writeable. Works on every field, so a new field needs nothing here."""
    for f in dataclasses.fields(snapshot):
        value = getattr(snapshot, f.name)
        for array in value if isinstance(value, tuple) else (value,):
            if isinstance(array, np.ndarray):
                array.flags.writeable = False
    return snapshot


# Grid points per block: BLAS runs on one thread in the training process (as in the app), so larger blocks
# than the engine's default cost fewer numpy calls (benchmarks/bench_child.py: ~30% off a boundary image). The
# grids are evaluated on a thread beside the training (snapshot_sender.py), where each numpy call is a GIL
# hand-over that may wait for the training thread: 8192 makes a 160×160 grid 4 blocks, as fast as 2048's 13.
PICTURE_CHUNK = 8192


def grid_evaluator(features, cells: int, extent) -> GridEvaluator:
    """The worker's evaluator for a grid of about `cells` square cells over extent = (xmin, xmax, ymin, ymax);
    in float32: these grids are pictures (boundary, neuron maps), and float32 halves the training process's
    cost of each snapshot."""
    return GridEvaluator.over(extent, grid_shape(extent, cells), list(features),   # row i is y, column j is x
                              dtype=np.float32, chunk=PICTURE_CHUNK)


def boundary_image(scores: np.ndarray) -> np.ndarray:
    """(H, W, nout) grid scores -> (H, W) scores for one output, (H, W, K) softmax probabilities for K."""
    with np.errstate(all="ignore"):
        if scores.shape[2] == 1:
            image = scores[:, :, 0]
        else:
            z = scores - scores.max(axis=2, keepdims=True)
            e = np.exp(z)
            image = e / e.sum(axis=2, keepdims=True)
    return frozen(np.nan_to_num(image, nan=0.0, posinf=1e6, neginf=-1e6), dtype=image.dtype)
