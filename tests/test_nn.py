"""engine.nn: micrograd 0.1.0's API and numbers (its demo's first loss to the last digit), our keyword
names and activations, one-neuron layers, seeded reproducibility, bad input."""
import random

import numpy as np
import pytest

from engine import MLP, Layer, Module, Neuron, Value, losses


def make_moons(n, noise, gen):
    """sklearn.datasets.make_moons(n, noise=noise) with numpy alone (sklearn isn't a dependency):
    two half circles, shuffled by sklearn.utils.shuffle (arange + generator.shuffle), then noise."""
    n_out, n_in = n // 2, n - n // 2
    outer_x, outer_y = np.cos(np.linspace(0, np.pi, n_out)), np.sin(np.linspace(0, np.pi, n_out))
    inner_x = 1 - np.cos(np.linspace(0, np.pi, n_in))
    inner_y = 1 - np.sin(np.linspace(0, np.pi, n_in)) - 0.5
    X = np.vstack([np.append(outer_x, inner_x), np.append(outer_y, inner_y)]).T
    y = np.hstack([np.zeros(n_out, dtype=np.intp), np.ones(n_in, dtype=np.intp)])
    idx = np.arange(n)
    gen.shuffle(idx)
    X, y = X[idx], y[idx]
    X += gen.normal(scale=noise, size=X.shape)
    return X, y


@pytest.fixture
def seeded_global_random():
    """micrograd's demo seeds the global `random`; restore it afterwards."""
    state = random.getstate()
    random.seed(1337)
    yield
    random.setstate(state)


def demo_loss(model, X, y):
    """micrograd's demo notebook `loss()`, verbatim apart from names."""
    inputs = [list(map(Value, xrow)) for xrow in X]
    scores = list(map(model, inputs))
    data_loss = sum((1 + -yi * scorei).relu() for yi, scorei in zip(y, scores)) * (1.0 / len(scores))
    reg_loss = 1e-4 * sum(p * p for p in model.parameters())
    accuracy = [(yi > 0) == (scorei.data > 0) for yi, scorei in zip(y, scores)]
    return data_loss + reg_loss, sum(accuracy) / len(accuracy)


def test_micrograd_demo_first_loss_exact_and_it_trains(seeded_global_random):
    X, y = make_moons(100, 0.1, np.random.RandomState(1337))  # = np.random.seed(1337) then global
    y = y * 2 - 1
    model = MLP(2, [16, 16, 1])
    for k in range(100):
        total, acc = demo_loss(model, X, y)
        if k == 0:
            print(repr(total.data))
            assert total.data == 0.8958441028683222  # micrograd's printed first loss, to the last digit
            assert acc == 0.5
            inputs = [list(map(Value, xrow)) for xrow in X]
            same = losses.hinge(list(map(model, inputs)), y) + losses.l2(model.parameters(), 1e-4)
            assert same.data == total.data
        if k == 1:
            assert total.data == pytest.approx(1.7235905336972022, rel=1e-14)  # micrograd's step 1
        model.zero_grad()
        total.backward()
        lr = 1.0 - 0.9 * k / 100
        for p in model.parameters():
            p.data -= lr * p.grad
    assert acc == 1.0 and total.data < 0.05  # micrograd's demo ends at 100% accuracy


def test_same_weights_as_micrograd_for_the_same_seed(seeded_global_random):
    mg = pytest.importorskip("micrograd.nn")
    ours = MLP(2, [16, 16, 1])
    random.seed(1337)
    theirs = mg.MLP(2, [16, 16, 1])
    assert [p.data for p in ours.parameters()] == [p.data for p in theirs.parameters()]
    assert repr(ours) == repr(theirs)
    x = [0.3, -0.7]
    assert ours(x).data == theirs(x).data


def test_parameter_counts_and_keyword_names():
    assert len(MLP(2, [16, 16, 1]).parameters()) == 337
    assert len(MLP(3, [4, 4, 1]).parameters()) == 41
    model = MLP(input_size=3, layer_sizes=[4, 4, 1])
    assert len(model.parameters()) == 41
    assert (model.nin, model.nouts, model.activation) == (3, [4, 4, 1], "relu")
    assert len(Neuron(input_size=3).w) == 3
    layer = Layer(num_inputs=3, num_neurons=4)
    assert len(layer.neurons) == 4 and len(layer.parameters()) == 16
    assert isinstance(model, Module) and isinstance(layer, Module)


def test_structure_attributes_and_repr():
    model = MLP(2, [3, 1])
    assert len(model.layers) == 2 and len(model.layers[0].neurons) == 3
    hidden, out = model.layers[0].neurons[0], model.layers[1].neurons[0]
    assert (hidden.nonlin, hidden.activation) == (True, "relu")
    assert (out.nonlin, out.activation) == (False, "linear")
    assert isinstance(hidden.b, Value) and hidden.b.data == 0.0 and len(hidden.w) == 2
    assert [p.label for p in hidden.parameters()] == ["w0", "w1", "b"]
    assert repr(model) == "MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2), ReLUNeuron(2)], Layer of [LinearNeuron(3)]]"
    # parameters(): neuron by neuron, layer by layer, weights then bias
    expected = [p for layer in model.layers for n in layer.neurons for p in n.w + [n.b]]
    assert model.parameters() == expected


@pytest.mark.parametrize("activation,op", [("relu", "ReLU"), ("tanh", "tanh"), ("sigmoid", "sigmoid"), ("linear", "dot")])
def test_activations(activation, op):
    model = MLP(2, [3, 2], activation=activation, rng=random.Random(1))
    assert {n.activation for n in model.layers[0].neurons} == {activation}
    assert {n.activation for n in model.layers[1].neurons} == {"linear"}
    assert model.layers[0]([0.5, -0.5])[0]._op == op
    assert [o._op for o in model([0.5, -0.5])] == ["dot", "dot"]
    assert repr(model.layers[0].neurons[0]).endswith("Neuron(2)")


def test_unknown_activation_names_the_choices():
    with pytest.raises(ValueError, match="'relu', 'tanh', 'sigmoid', 'linear'"):
        MLP(2, [3, 1], activation="gelu")


def test_one_neuron_layers():
    layer = Layer(2, 1)
    out = layer([1.0, 2.0])
    assert isinstance(out, Value)  # micrograd returns out[0] for one neuron
    model = MLP(2, [1, 3, 1], rng=random.Random(0))  # a one-neuron hidden layer feeds the next layer
    y = model([1.0, -2.0])
    assert isinstance(y, Value)
    y.backward()
    assert all(isinstance(p.grad, float) for p in model.parameters())
    assert isinstance(MLP(1, [2, 1])(0.5), Value)  # one input may be given bare, like a Value


def test_seeded_reproducibility_and_rng_leaves_global_random_alone():
    state = random.getstate()
    a = MLP(2, [4, 1], rng=random.Random(7))
    b = MLP(2, [4, 1], rng=random.Random(7))
    assert random.getstate() == state
    assert [p.data for p in a.parameters()] == [p.data for p in b.parameters()]
    random.seed(3)
    c = MLP(2, [4, 1])
    random.seed(3)
    d = MLP(2, [4, 1])
    assert [p.data for p in c.parameters()] == [p.data for p in d.parameters()]
    random.setstate(state)


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "linear"])
def test_unfused_micrograd_graph_gives_identical_numbers(activation):
    x = [0.37, -1.25, 2.0]
    grads = []
    for fused in (True, False):
        model = MLP(3, [4, 4, 1], activation=activation, rng=random.Random(5), fused=fused)
        out = model(x)
        out.backward()
        grads.append((out.data, [p.grad for p in model.parameters()]))
        assert (out._op == "dot") == fused
    assert grads[0] == grads[1]


def test_mlp_gradient_against_finite_differences():
    model = MLP(2, [3, 1], activation="tanh", rng=random.Random(2))
    x = [0.4, -0.9]
    model(x).backward()
    h = 1e-6
    for p in model.parameters():
        p.data += h
        up = model(x).data
        p.data -= 2 * h
        down = model(x).data
        p.data += h
        assert p.grad == pytest.approx((up - down) / (2 * h), rel=1e-5, abs=1e-7)


def test_zero_grad():
    model = MLP(2, [3, 1], rng=random.Random(0))
    model([1.0, 1.0]).backward()
    model.zero_grad()
    assert all(p.grad == 0.0 and type(p.grad) is float for p in model.parameters())


def test_wrong_input_length_says_expected_and_got():
    with pytest.raises(ValueError, match="expects 2 inputs, got 3"):
        MLP(2, [3, 1])([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="expects 3 inputs, got 1"):
        Neuron(3)([1.0])
    with pytest.raises(ValueError, match="expects 2 inputs, got 0"):
        Layer(2, 2)([])


def test_bad_arguments():
    with pytest.raises(TypeError, match="both"):
        MLP(2, [1], input_size=2)
    with pytest.raises(TypeError, match="missing"):
        Neuron()
    with pytest.raises(ValueError, match="positive integer"):
        MLP(0, [1])
    with pytest.raises(ValueError, match="positive integer"):
        MLP(2, [3, 0])
    with pytest.raises(ValueError, match="non-empty list"):
        MLP(2, [])
    with pytest.raises(ValueError, match="non-empty list"):
        MLP(2, 3)
    with pytest.raises(ValueError, match="finite"):
        MLP(2, [1])([float("nan"), 1.0])
    with pytest.raises(TypeError, match="real number"):
        MLP(2, [1])(["a", 1.0])


def test_parameter_count_and_flat_weights_are_the_engines_one_layout():
    from engine.batched import flatten_layers, layer_arrays, unflatten_layers
    from engine.nn import flat_weights, parameter_count, set_flat_weights
    m = MLP(3, [4, 2], activation="tanh", rng=random.Random(1))
    assert parameter_count(3, [4, 2]) == len(m.parameters()) == 4 * 4 + 2 * 5
    flat = flat_weights(m)
    np.testing.assert_array_equal(flatten_layers(layer_arrays(m)), flat)     # per-layer arrays, same order
    for (W, b), (W2, b2) in zip(unflatten_layers(flat, [3, 4, 2]), layer_arrays(m)):
        np.testing.assert_array_equal(W, W2)
        np.testing.assert_array_equal(b, b2)
    other = MLP(3, [4, 2], activation="tanh", rng=random.Random(2))
    set_flat_weights(other, flat)
    assert flat_weights(other) == flat
    with pytest.raises(ValueError, match="do not fit"):
        set_flat_weights(other, flat[:-1])
    with pytest.raises(ValueError, match="do not fit"):
        unflatten_layers(flat[:-1], [3, 4, 2])
    assert flat_weights(other) == flat              # nothing changed
