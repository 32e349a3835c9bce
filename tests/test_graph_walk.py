"""Backprop step by step and the point graph: the math under the graph panel (gradient check: test_gradcheck)."""
import random

import pytest

import engine
from engine.value import topological_order, trace
from playground.views.graph.backprop_walk import BackpropWalk
from playground.views.graph.point_graph import build_point_graph


def point_loss(fused=True, activation="tanh", loss="logistic"):
    m = engine.MLP(3, [4, 4, 1], activation=activation, rng=random.Random(0), fused=fused)
    out = m([0.5, -1.0, 2.0])
    return m, getattr(engine.losses, loss)([out], [-1.0])


@pytest.mark.parametrize("fused", [True, False])
@pytest.mark.parametrize("loss", ["logistic", "hinge", "mse"])
def test_the_walk_ends_with_backwards_grads_bit_for_bit(fused, loss):
    _, root = point_loss(fused, loss=loss)
    nodes, edges = trace(root)
    values = topological_order(root)
    walk = BackpropWalk(values)
    assert all(v.grad == 0.0 for v in values)
    steps = 0
    while walk.step() is not None:
        steps += 1
    assert steps == walk.total == sum(1 for n in nodes if n.op)
    assert all(v.grad == 0.0 for v in values), "the walk must not write .grad"
    root.backward()
    assert walk.grads == [v.grad for v in values]


def test_each_step_pushes_one_nodes_grad_along_its_edges():
    _, root = point_loss()
    nodes, edges = trace(root)
    walk = BackpropWalk(topological_order(root))
    first = walk.step()
    assert first.node == len(nodes) - 1 and first.grad == 1.0        # the loss goes first, with grad 1
    assert set(first.edges) == {(c, p) for c, p in edges if p == first.node}
    seen = {first.node}
    while (s := walk.step()) is not None:
        assert walk.finished(s.node)                 # a node only pushes once its grad is complete
        assert all((c, s.node) in set(edges) for c, _ in s.edges)
        seen.add(s.node)
    assert seen == {i for i, n in enumerate(nodes) if n.op}
    walk.reset()
    assert walk.position == 0 and walk.grads[-1] == 1.0 and sum(map(abs, walk.grads)) == 1.0


def test_topological_order_is_traces_order_and_stops_where_asked():
    _, root = point_loss(fused=False)
    order = topological_order(root)
    pos = {id(v): i for i, v in enumerate(order)}
    assert all(pos[id(c)] < pos[id(v)] for v in order for c in v._prev)
    nodes, _ = trace(root)
    assert [(v._op, v.label, v.data) for v in order] == [(n.op, n.label, n.data) for n in nodes]
    assert order[-1] is root
    inner = next(v for v in order if v._op == "tanh")
    below = topological_order(inner, stop={id(c) for c in inner._prev})
    assert below == [*inner._prev, inner]            # a stopped child counts as a leaf
    with pytest.raises(ValueError):
        BackpropWalk([])


def test_the_point_graph_of_a_small_net_is_traces_graph():
    m = engine.MLP(3, [4, 4, 1], activation="tanh", rng=random.Random(2))
    g = build_point_graph(m, [0.1, 0.2, -0.3], 1, "hinge")
    assert g.neuron is None
    nodes, edges = trace(g.values[-1])
    assert list(g.edges) == edges
    assert [v._op for v in g.values] == [n.op for n in nodes]
    assert g.names[-1] == "loss" and "x1" in g.names and "w0 L1n1" in g.names and "b L3n1" in g.names
    assert g.values[-1].grad == 1.0


def test_a_big_net_gives_one_neurons_graph_with_true_gradients():
    m = engine.MLP(2, [16, 16, 1], activation="tanh", rng=random.Random(2))
    g = build_point_graph(m, [0.4, -0.7], -1, "logistic", neuron=(1, 5))
    neuron = m.layers[1].neurons[5]
    params = neuron.w + [neuron.b]
    assert g.neuron == (1, 5)
    assert {id(p) for p in params} <= {id(v) for v in g.values}
    assert sum(1 for name in g.names if name.startswith("L1n")) == 16       # its 16 inputs, as leaves
    walk = BackpropWalk(g.values, seed=g.walk_seed, stop=g.walk_stop)
    walk.run()
    index = {id(v): i for i, v in enumerate(g.values)}
    assert [walk.grads[index[id(p)]] for p in params] == [p.grad for p in params]
    default = build_point_graph(m, [0.4, -0.7], -1, "logistic")
    assert default.neuron == (0, 0)


@pytest.mark.parametrize("bad", [dict(x_features=[1.0]), dict(target=0), dict(loss_name="nope"),
                                 dict(x_features=[float("nan"), 0, 0])])
def test_bad_samples_are_refused(bad):
    m = engine.MLP(3, [2, 1], rng=random.Random(0))
    args = dict(x_features=[0.0, 1.0, 2.0], target=1, loss_name="hinge") | bad
    with pytest.raises(ValueError):
        build_point_graph(m, args["x_features"], args["target"], args["loss_name"])
    with pytest.raises(ValueError):
        build_point_graph(m, [0.0, 1.0, 2.0], 1, "hinge", neuron=(5, 0))


def test_cross_entropy_graph_for_a_class():
    m = engine.MLP(2, [3, 3], activation="relu", rng=random.Random(1))
    g = build_point_graph(m, [0.3, 0.9], 2, "cross_entropy")
    assert g.names.count("out1") == g.names.count("out3") == 1
    with pytest.raises(ValueError):
        build_point_graph(m, [0.3, 0.9], 3, "cross_entropy")
