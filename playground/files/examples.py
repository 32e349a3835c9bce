"""The example sessions of File ▸ Examples: one table of titles and descriptions, and the loader.

Each example is a session file in `playground/resources/examples/` (made by `scripts/make_examples.py` with the
app's own writer, so it validates), read through `importlib.resources` like every resource and validated by
the same reader as any session: an example that no longer fits the app is refused, never half-applied.
The table is the one place the descriptions live; the script builds exactly the files it names.
"""
from __future__ import annotations

from dataclasses import dataclass

from playground.files.session_io import decode_text, parse_json, state_from_document
from playground.model.state import PlaygroundState
from playground.resources import resource


@dataclass(frozen=True)
class Example:
    slug: str          # the file is examples/<slug>.json
    title: str
    description: str   # one paragraph: what to watch for

    @property
    def file_name(self) -> str:
        return f"{self.slug}.json"


EXAMPLES: tuple[Example, ...] = (
    Example("xor_no_hidden_layer", "XOR without a hidden layer",
            "Four squares, diagonal ones alike: no straight line separates them, and a network with no hidden "
            "layer can only draw a straight line (its output is one weighted sum of x1 and x2). Press Train and "
            "watch it give up: the loss stalls near 1 and accuracy hovers around a half. Then add a hidden "
            "layer (or open the next example)."),
    Example("xor_one_hidden_layer", "XOR with one hidden layer",
            "The same XOR data, now with one hidden layer of four tanh neurons. Each hidden neuron draws one "
            "soft line (see their thumbnails in the Network tab) and the output combines them, so the boundary "
            "bends around the squares: accuracy reaches 100% within a few hundred steps."),
    Example("spiral_features", "Spiral with x², sin features",
            "Two intertwined spiral arms are hard for a small network fed only x1 and x2. Here it also gets "
            "x1², x2², sin(x1) and sin(x2): curved building blocks that make the spiral easy, and one hidden "
            "layer of eight neurons separates it in a few hundred steps. Untick every feature but x1 and x2, "
            "press Reset, and compare how much slower (and worse) it learns."),
    Example("vanishing_gradients", "Vanishing gradients (sigmoid, 6 layers)",
            "Six hidden layers of sigmoid neurons, trained with plain SGD. A sigmoid's slope is at most 0.25, "
            "and backpropagation multiplies one slope per layer, so the gradient shrinks on its way back to the "
            "first layers. Open the Gradient statistics tab: the per-layer gradient norms fall by orders of "
            "magnitude from the last layer to the first, and the loss barely moves. Switch the activation to "
            "tanh or relu, press Reset, and compare."),
    Example("three_class_blobs", "Three classes with cross-entropy",
            "Three clusters, three classes: the network has three outputs, one score per class, and softmax "
            "cross-entropy turns them into probabilities and a loss. Each point is given the class with the "
            "highest score, so the plane splits into three regions. Add a fourth class with the class picker "
            "and draw some points: a new output appears."),
    Example("diverging_learning_rate", "A learning rate that diverges",
            "Mean squared error with plain SGD and a learning rate of 10: every step overshoots the minimum by "
            "more than the last, so the loss grows by orders of magnitude within a few steps. The run notices "
            "and pauses itself, and the status bar says why; Restore best weights goes back to the best step "
            "seen. Lower the learning rate to 0.1, press Reset, and train again."),
    Example("micrograd_demo", "micrograd's demo",
            "Andrej Karpathy's micrograd demo: its 100 moons points, an MLP 2-16-16-1 with relu, hinge loss with "
            "1e-4 L2, full-batch SGD without momentum, the learning rate decaying linearly from 1.0 to 0.1 over "
            "100 steps (micrograd's 1.0 - 0.9·k/100) and seed 1337 (the same starting weights as micrograd's "
            "random.seed(1337)). Step 100 times: the losses are the ones micrograd prints, from 0.8958 at the "
            "first step, and accuracy reaches 100%."),
    Example("regression_curve_fitting", "Regression: a curve through points",
            "Regression instead of classes: each point is (x, y), the network takes x and predicts y, and its "
            "curve is drawn over the points as it trains. A 1-16-1 tanh network with mean squared error starts "
            "almost flat; press Train and watch it bend to the sine wave (the universal approximation picture) "
            "while R², the share of y's variation it explains, climbs towards 1. Try the step preset: smooth "
            "tanh neurons can only approximate the jump. Click to add points; the curve follows."),
)


def example_resource(example: Example):
    return resource("examples", example.file_name)


def load_example(example: Example) -> PlaygroundState:
    """The example's session, read and validated as any session file. Raises BadFileError or OSError."""
    node = example_resource(example)
    name = f"example {example.file_name}"
    return state_from_document(name, parse_json(name, decode_text(name, node.read_bytes())))
