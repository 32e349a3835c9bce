"""Layout math for the graph panel, kept free of Qt so it can be tested (and reasoned about) on its own.

`layered_layout` is a small Sugiyama-style layout for the computation graph, drawn left to right:
1. layers: longest path from the inputs, then every value is moved right to just before its first use, so a
   weight sits next to the op that reads it instead of far away in column 0;
2. edges that skip columns get dummy points, one per column crossed, so they run in their own lane;
3. the order inside each column comes from barycenter sweeps, keeping the order with the fewest crossings;
4. positions along a column come from repeatedly pulling each node to the mean of its neighbours and then
   resolving overlaps with isotonic regression (the least-squares move that keeps order and spacing).

`network_layout` places the neurons of an MLP in columns, centred vertically.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

Node = Hashable


@dataclass(frozen=True)
class LayeredLayout:
    positions: dict          # node -> (x, y) of its centre
    columns: list            # per column, its real nodes top to bottom
    routes: dict             # (src, dst) -> [(x, y), ...] from src's right side to dst's left side
    width: float
    height: float
    crossings: int           # edge crossings between adjacent columns in the chosen order


def assign_layers(nodes: Sequence[Node], edges: Sequence[tuple]) -> dict:
    """Column of each node: longest path from the sources, then each node pulled right to its first use."""
    succ, pred = _adjacency(nodes, edges)
    order = _topological(nodes, succ, pred)
    layer = {}
    for v in order:
        layer[v] = max((layer[u] + 1 for u in pred[v]), default=0)
    for v in reversed(order):
        if succ[v]:
            layer[v] = min(layer[s] for s in succ[v]) - 1
    return layer


def count_crossings(upper: Sequence[Node], lower: Sequence[Node], edges: Sequence[tuple]) -> int:
    """Crossings between two adjacent columns: inversions among the edges sorted by their upper end."""
    pu = {v: i for i, v in enumerate(upper)}
    pl = {v: i for i, v in enumerate(lower)}
    pairs = sorted((pu[a], pl[b]) for a, b in edges if a in pu and b in pl)
    return _inversions([b for _, b in pairs])


def layered_layout(nodes: Sequence[Node], edges: Sequence[tuple], sizes: dict, *,
                   h_gap: float = 70.0, v_gap: float = 14.0, lane: float = 6.0,
                   sweeps: int = 12) -> LayeredLayout:
    """Lay out a DAG left to right; `sizes[node] = (width, height)`; edges are (src, dst) in data-flow order."""
    nodes = list(dict.fromkeys(nodes))
    missing = [v for v in nodes if v not in sizes]
    if missing:
        raise ValueError(f"sizes lacks {len(missing)} node(s), e.g. {missing[0]!r}")
    known = set(nodes)
    for a, b in edges:
        if a not in known or b not in known:
            raise ValueError(f"edge {(a, b)!r} names a node that is not in nodes")
    if not nodes:
        return LayeredLayout({}, [], {}, 0.0, 0.0, 0)
    layer = assign_layers(nodes, edges)
    # Split long edges into unit steps through dummy nodes, one per column crossed.
    unique_edges = list(dict.fromkeys((a, b) for a, b in edges))
    chains, unit_edges, is_dummy = {}, [], {v: False for v in nodes}
    for a, b in unique_edges:
        chain = [a]
        for k in range(layer[a] + 1, layer[b]):
            d = ("__dummy__", a, b, k)
            layer[d], is_dummy[d] = k, True
            chain.append(d)
        chain.append(b)
        chains[(a, b)] = chain
        unit_edges.extend(zip(chain, chain[1:]))
    n_cols = max(layer.values()) + 1
    columns = [[] for _ in range(n_cols)]
    for v in is_dummy:                      # real nodes in the caller's order first, then dummies
        columns[layer[v]].append(v)
    columns, crossings = _order(columns, unit_edges, sweeps)
    height_of = {v: (lane if is_dummy[v] else sizes[v][1]) for v in is_dummy}
    dummies = {v for v, d in is_dummy.items() if d}
    ys = _coordinates(columns, unit_edges, height_of, v_gap, dummies)
    # Columns as wide as their widest real node, h_gap apart; nodes centred in their column.
    col_w = [max((sizes[v][0] for v in col if not is_dummy[v]), default=0.0) for col in columns]
    col_x, x = [], 0.0
    for w in col_w:
        col_x.append(x)
        x += w + h_gap
    width = x - h_gap
    top = min(ys[v] - height_of[v] / 2 for v in ys)
    bottom = max(ys[v] + height_of[v] / 2 for v in ys)
    positions = {v: (col_x[layer[v]] + col_w[layer[v]] / 2, ys[v] - top) for v in nodes}
    routes = {}
    for (a, b), chain in chains.items():
        ax, ay = positions[a]
        bx, by = positions[b]
        pts = [(ax + sizes[a][0] / 2, ay)]
        for d in chain[1:-1]:               # a dummy runs straight across its column, in its own lane
            c = layer[d]
            pts += [(col_x[c], ys[d] - top), (col_x[c] + col_w[c], ys[d] - top)]
        pts.append((bx - sizes[b][0] / 2, by))
        routes[(a, b)] = pts
    real_columns = [[v for v in col if not is_dummy[v]] for col in columns]
    return LayeredLayout(positions, real_columns, routes, width, bottom - top, crossings)


def network_layout(layer_sizes: Sequence[int], *, node: float = 40.0, v_gap: float = 14.0,
                   h_gap: float = 110.0) -> list:
    """Centres of an MLP's nodes per column (column 0 = the inputs), columns centred on y = 0."""
    if not layer_sizes or any(not isinstance(n, int) or isinstance(n, bool) or n < 1 for n in layer_sizes):
        raise ValueError(f"layer sizes must be positive whole numbers, got {list(layer_sizes)!r}")
    out = []
    for c, n in enumerate(layer_sizes):
        span = n * node + (n - 1) * v_gap
        y0 = -span / 2 + node / 2
        out.append([(c * (node + h_gap), y0 + i * (node + v_gap)) for i in range(n)])
    return out


# -- internals ---------------------------------------------------------------------------------------

def _adjacency(nodes, edges):
    succ, pred = {v: [] for v in nodes}, {v: [] for v in nodes}
    for a, b in dict.fromkeys((a, b) for a, b in edges):
        succ[a].append(b)
        pred[b].append(a)
    return succ, pred


def _topological(nodes, succ, pred):
    indeg = {v: len(pred[v]) for v in nodes}
    ready = [v for v in nodes if indeg[v] == 0]
    order = []
    while ready:
        v = ready.pop()
        order.append(v)
        for s in succ[v]:
            indeg[s] -= 1
            if indeg[s] == 0:
                ready.append(s)
    if len(order) != len(nodes):
        raise ValueError("the graph has a cycle; a computation graph never does")
    return order


def _inversions(seq):
    """Number of pairs i < j with seq[i] > seq[j] (merge sort, O(n log n))."""
    if len(seq) < 2:
        return 0
    mid = len(seq) // 2
    left, right = sorted(seq[:mid]), sorted(seq[mid:])
    count = _inversions(seq[:mid]) + _inversions(seq[mid:])
    j = 0
    for x in left:                          # for each left item, how many right items are smaller
        while j < len(right) and right[j] < x:
            j += 1
        count += j
    return count


def _total_crossings(columns, by_upper):
    return sum(count_crossings(columns[c], columns[c + 1], by_upper[c]) for c in range(len(columns) - 1))


def _order(columns, unit_edges, sweeps):
    layer_of = {v: c for c, col in enumerate(columns) for v in col}
    by_upper = defaultdict(list)
    up, down = defaultdict(list), defaultdict(list)
    for a, b in unit_edges:
        by_upper[layer_of[a]].append((a, b))
        down[a].append(b)
        up[b].append(a)
    columns = [list(col) for col in columns]
    best, best_cross = [list(c) for c in columns], _total_crossings(columns, by_upper)
    for s in range(sweeps):
        rng = range(1, len(columns)) if s % 2 == 0 else range(len(columns) - 2, -1, -1)
        neighbours = up if s % 2 == 0 else down
        for c in rng:
            ref = columns[c - 1] if s % 2 == 0 else columns[c + 1]
            pos = {v: i for i, v in enumerate(ref)}
            keyed = []
            for i, v in enumerate(columns[c]):
                ns = [pos[n] for n in neighbours[v]]
                # Nodes without neighbours on that side keep their place.
                keyed.append((sum(ns) / len(ns) if ns else float(i), i, v))
            columns[c] = [v for _, _, v in sorted(keyed, key=lambda t: (t[0], t[1]))]
        cross = _total_crossings(columns, by_upper)
        if cross < best_cross:
            best, best_cross = [list(c) for c in columns], cross
        if best_cross == 0:
            break
    return best, best_cross


def _coordinates(columns, unit_edges, height_of, v_gap, dummies, rounds=6):
    nbrs_up, nbrs_down = defaultdict(list), defaultdict(list)
    for a, b in unit_edges:
        nbrs_down[a].append(b)
        nbrs_up[b].append(a)
    ys = {}
    for col in columns:                     # start stacked and centred
        y = 0.0
        for i, v in enumerate(col):
            if i:
                y += _gap(col[i - 1], v, height_of, v_gap, dummies)
            ys[v] = y
        shift = y / 2
        for v in col:
            ys[v] -= shift
    passes = [(range(1, len(columns)), nbrs_up), (range(len(columns) - 2, -1, -1), nbrs_down)] * rounds
    passes.append((range(len(columns)), None))
    for rng, nbrs in passes:
        for c in rng:
            col = columns[c]
            desired = []
            for v in col:
                ns = (nbrs_up[v] + nbrs_down[v]) if nbrs is None else nbrs[v]
                desired.append(sum(ys[n] for n in ns) / len(ns) if ns else ys[v])
            gaps = [0.0] + [_gap(col[i - 1], col[i], height_of, v_gap, dummies) for i in range(1, len(col))]
            for v, y in zip(col, _place(desired, gaps)):
                ys[v] = y
    return ys


def _gap(a, b, height_of, v_gap, dummies):
    # Lanes of long edges pack tighter than boxes, which need room to read.
    gap = v_gap / 3 if (a in dummies and b in dummies) else v_gap
    return (height_of[a] + height_of[b]) / 2 + gap


def _place(desired, gaps):
    """Positions closest (least squares) to `desired` that keep order with at least `gaps` between them."""
    offsets, acc = [], 0.0
    for g in gaps:
        acc += g
        offsets.append(acc)
    targets = [d - o for d, o in zip(desired, offsets)]
    # Pool adjacent violators: isotonic (non-decreasing) regression of the targets.
    blocks = []                              # [mean, count]
    for t in targets:
        blocks.append([t, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, n2 = blocks.pop()
            m1, n1 = blocks.pop()
            blocks.append([(m1 * n1 + m2 * n2) / (n1 + n2), n1 + n2])
    z = [m for m, n in blocks for _ in range(n)]
    return [zi + o for zi, o in zip(z, offsets)]
