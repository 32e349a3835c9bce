"""Pure layout math and styling numbers of the graph panel (no Qt)."""
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.views.graph import weight_colors as palette
from playground.views.graph.graph_layout import (
    assign_layers,
    count_crossings,
    layered_layout,
    network_layout,
)


def random_dag(rng, n, p):
    edges = [(a, b) for b in range(n) for a in range(b) if rng.random() < p]
    return list(range(n)), edges


def test_layers_run_left_to_right_and_leaves_sit_next_to_their_first_use():
    # 0 and 1 feed 2; 3 is a leaf used only by 4, which needs 2: longest path would put 3 in column 0.
    nodes, edges = [0, 1, 2, 3, 4], [(0, 2), (1, 2), (2, 4), (3, 4)]
    layer = assign_layers(nodes, edges)
    assert all(layer[a] < layer[b] for a, b in edges)
    assert layer[3] == layer[4] - 1 == layer[2]


def test_a_cycle_is_refused():
    with pytest.raises(ValueError, match="cycle"):
        assign_layers([0, 1], [(0, 1), (1, 0)])


def test_unknown_nodes_and_missing_sizes_are_refused():
    with pytest.raises(ValueError, match="sizes"):
        layered_layout([0, 1], [(0, 1)], {0: (10, 10)})
    with pytest.raises(ValueError, match="not in nodes"):
        layered_layout([0], [(0, 9)], {0: (10, 10)})


def test_crossings_are_counted():
    assert count_crossings(["a", "b"], ["c", "d"], [("a", "d"), ("b", "c")]) == 1
    assert count_crossings(["a", "b"], ["c", "d"], [("a", "c"), ("b", "d")]) == 0


def test_barycenter_ordering_untangles_a_shuffled_planar_graph():
    # Two columns of parallel edges a_i -> b_i, listed in scrambled order: a perfect order has no crossing.
    n = 12
    order = list(range(n))
    random.Random(3).shuffle(order)
    nodes = [("a", i) for i in range(n)] + [("b", i) for i in order]
    edges = [(("a", i), ("b", i)) for i in range(n)]
    edges += [(("b", i), ("c",)) for i in range(n)]
    nodes.append(("c",))
    sizes = {v: (30, 10) for v in nodes}
    assert count_crossings([("a", i) for i in range(n)], [("b", i) for i in order], edges) > 0
    lay = layered_layout(nodes, edges, sizes)
    assert lay.crossings == 0


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 25), st.floats(0.05, 0.5), st.integers(0, 10_000))
def test_layout_keeps_boxes_apart_and_routes_attach_to_their_nodes(n, p, seed):
    rng = random.Random(seed)
    nodes, edges = random_dag(rng, n, p)
    sizes = {v: (rng.uniform(20, 80), rng.uniform(10, 30)) for v in nodes}
    lay = layered_layout(nodes, edges, sizes)
    assert set(lay.positions) == set(nodes)
    for col in lay.columns:                         # in order, no two boxes of a column overlap
        for a, b in zip(col, col[1:]):
            gap = lay.positions[b][1] - lay.positions[a][1]
            assert gap >= (sizes[a][1] + sizes[b][1]) / 2 - 1e-6
    for a, b in edges:
        pts = lay.routes[(a, b)]
        (ax, ay), (bx, by) = lay.positions[a], lay.positions[b]
        assert pts[0] == pytest.approx((ax + sizes[a][0] / 2, ay))
        assert pts[-1] == pytest.approx((bx - sizes[b][0] / 2, by))
        xs = [x for x, _ in pts]
        assert xs == sorted(xs)                     # always left to right
    for v, (_x, y) in lay.positions.items():
        assert -1e-6 <= y - sizes[v][1] / 2 and y + sizes[v][1] / 2 <= lay.height + 1e-6


def test_layout_is_deterministic():
    nodes, edges = random_dag(random.Random(1), 30, 0.15)
    sizes = {v: (40, 20) for v in nodes}
    assert layered_layout(nodes, edges, sizes) == layered_layout(nodes, edges, sizes)


def test_network_layout_centres_columns_and_scales_to_big_networks():
    cols = network_layout([7] + [32] * 8 + [6], node=40, v_gap=14)
    assert [len(c) for c in cols] == [7] + [32] * 8 + [6]
    for c in cols:
        ys = [y for _, y in c]
        assert np.mean(ys) == pytest.approx(0.0)
        assert min(np.diff(ys)) == pytest.approx(54.0)
    assert len({x for c in cols for x, _ in c}) == len(cols)
    with pytest.raises(ValueError):
        network_layout([2, 0, 1])
    with pytest.raises(ValueError):
        network_layout([])


def test_edge_widths_grow_with_magnitude_and_are_capped():
    w = palette.edge_widths([0.0, -0.25, 0.5, -1.0, 3.0], scale=1.0)
    assert w[0] == palette.MIN_WIDTH and w[3] == w[4] == palette.MAX_WIDTH
    assert list(w[:4]) == sorted(w[:4])
    assert np.all(np.round(w / palette.WIDTH_STEP) * palette.WIDTH_STEP == w)
    with pytest.raises(ValueError):
        palette.edge_widths([1.0], scale=0.0)


def test_signs_colours_and_scales():
    assert list(palette.signs([2.0, -0.1, 0.0, np.nan])) == [1, -1, 0, 0]
    assert palette.sign_color(0.3) == "#0877bd" and palette.sign_color(-2) == "#f59322"
    assert palette.scale_of(np.array([[0.5, -2.0]]), np.array([1.0])) == 2.0
    assert palette.scale_of(np.zeros(3)) == 1.0


def test_diverging_lut_runs_orange_to_background_to_blue():
    lut = palette.diverging_lut((30, 30, 30))
    assert tuple(lut[0, :3]) == palette.hex_rgb(palette.NEGATIVE)
    assert tuple(lut[-1, :3]) == palette.hex_rgb(palette.POSITIVE)
    mid = lut[len(lut) // 2, :3]
    assert np.all(np.abs(mid.astype(int) - 30) < 12)


def test_edge_colours_fade_towards_the_background_and_keep_their_sign():
    for background in ((255, 255, 255), (30, 30, 30)):
        strong = palette.edge_rgb(1, palette.MAX_WIDTH, background)
        assert strong == palette.hex_rgb(palette.POSITIVE)
        for sign in (1, -1):
            for width in (palette.MIN_WIDTH, 2.0, palette.MAX_WIDTH):
                assert palette.nearest_sign(palette.edge_rgb(sign, width, background)) == sign
        faint = palette.edge_rgb(-1, palette.MIN_WIDTH, background)
        assert sum(abs(a - b) for a, b in zip(faint, background)) < sum(
            abs(a - b) for a, b in zip(palette.hex_rgb(palette.NEGATIVE), background))
