"""Weight initializations: how a layer's starting weights are drawn (biases always start at 0).

The starting weights decide where gradient descent begins, and some starts cannot learn at all:
* ``"micrograd"`` (the default): U(-1, 1) per weight, micrograd 0.1.0's own draws, in its order.
* ``"xavier"``: Glorot & Bengio's uniform, U(-a, a) with a = sqrt(6 / (fan_in + fan_out)): keeps the
  variance of activations and of gradients about level through tanh/sigmoid layers.
* ``"he"``: He/Kaiming uniform for ReLU, U(-a, a) with a = sqrt(6 / fan_in) (variance 2 / fan_in, what
  PyTorch's ``kaiming_uniform_(nonlinearity="relu")`` draws). Uniform, not normal, so every init but zeros
  takes exactly one ``uniform`` draw per weight from the same generator, in the same order.
* ``"zeros"``: every weight 0 (no draws). It shows the symmetry problem: the neurons of a layer compute the
  same thing, get the same gradient and so stay identical forever, whatever the training.

fan_in is the number of inputs of the layer's neurons, fan_out the number of neurons in the layer.

Public: ``INITS``, ``check_init``, ``draw_weights``.
"""
import math

__all__ = ["INITS", "check_init", "draw_weights"]

INITS = ("micrograd", "xavier", "he", "zeros")


def check_init(name):
    """``name`` if it is one of ``INITS``, else a ValueError that lists them."""
    if name not in INITS:
        raise ValueError(f"unknown init {name!r}; choose one of {', '.join(map(repr, INITS))}")
    return name


def draw_weights(init, fan_in, fan_out, uniform):
    """One neuron's ``fan_in`` starting weights; ``uniform(a, b)`` is the generator's draw (``random.uniform``
    or a ``random.Random``'s), called once per weight except for "zeros"."""
    if check_init(init) == "zeros":
        return [0.0] * fan_in
    if init == "micrograd":
        return [uniform(-1, 1) for _ in range(fan_in)]  # micrograd's exact expression and draws
    bound = math.sqrt(6.0 / (fan_in + fan_out)) if init == "xavier" else math.sqrt(6.0 / fan_in)
    return [uniform(-bound, bound) for _ in range(fan_in)]
