"""micrograd's draw_dot, alive: record boxes "label | data | grad", op circles between, left to right.

Items are made once per graph shape; new numbers for the same shape (a new point, newer weights) and every
step of the backprop walk only change texts, pens and brushes.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QPainterPath,
    QPen,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsLineItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
)

from playground.views.graph import weight_colors as palette
from playground.views.graph.graph_layout import layered_layout
from playground.views.graph.zoom_view import ZoomableView

WALK = "#d81b60"        # the backprop walk's highlight: neither weight sign colour
BOX_H = 24.0
PAD = 6.0
OP_GAP = 12.0      # from an op circle to its value's box
MONO_PT = 8.5      # the boxes' text size at scale 1
OP_H = 26.0        # an op circle's height at scale 1
KIND = 0


def fmt(v: float) -> str:
    """Four significant decimals in a fixed width, switching to exponent form for tiny or huge values."""
    if v != v or math.isinf(v):
        return f"{v}"
    if v == 0 or 1e-3 <= abs(v) < 1e4:
        return f"{v:+.4f}"
    return f"{v:+.2e}"


class ComputationCanvas(ZoomableView):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("computationCanvas")
        self.mono = QFontDatabase.systemFont(QFontDatabase.FixedFont)
        self.mono.setPointSizeF(MONO_PT)
        self.boxes: dict = {}       # node -> QGraphicsRectItem
        self.grad_texts: dict = {}  # node -> QGraphicsSimpleTextItem
        self.data_texts: dict = {}
        self.grad_cells: dict = {}  # node -> QGraphicsRectItem tinted by the grad's sign
        self.op_items: dict = {}    # op node -> QGraphicsEllipseItem
        self.edge_items: dict = {}  # (child, parent) -> path from child's box to parent's op circle
        self.op_edges: dict = {}    # op node -> path from its circle to its box
        self.shape = None
        self.colors = {}
        self._lit: list = []
        self.line_scale = 1.0       # presentation mode: thicker edges
        self.text_scale = 1.0       # presentation mode: larger text, and boxes to hold it

    # -- building ------------------------------------------------------------------------------------
    def clear(self) -> None:
        """No graph: the scene emptied and no item of it kept (they are deleted with the scene's)."""
        self.scene().clear()
        self.boxes, self.grad_texts, self.data_texts, self.grad_cells = {}, {}, {}, {}
        self.op_items, self.edge_items, self.op_edges, self._lit = {}, {}, {}, []
        self.shape = None

    def build(self, names, ops, edges, colors) -> None:
        """Lay out and draw a graph: names/ops per node (op '' for leaves), edges (child, parent)."""
        self.clear()
        self.colors = colors
        self.shape = (tuple(names), tuple(ops), tuple(edges))
        fm = QFontMetricsF(self.mono)
        label_w = max([fm.horizontalAdvance(n) for n in names] + [fm.horizontalAdvance("loss")]) + 2 * PAD
        num_w = fm.horizontalAdvance("grad +0.00e+00") + 2 * PAD
        box_w = label_w + 2 * num_w
        # An op circle sits just left of the box of the value it makes (one layout node for both), so
        # the graph is half as wide as with draw_dot's separate op ranks and reads as "op -> value".
        op_w = {i: max(28.0 * self.text_scale, fm.horizontalAdvance(op) + 12) for i, op in enumerate(ops) if op}
        sizes = {i: (box_w + (op_w[i] + OP_GAP if op else 0.0), self.box_h) for i, op in enumerate(ops)}
        lay = layered_layout(list(range(len(ops))), list(edges), sizes, h_gap=44.0, v_gap=10.0)
        sc = self.scene()
        for (c, p) in edges:
            item = self._path(lay.routes[(c, p)])
            item.setData(KIND, ("edge", c, p))
            self.edge_items[(c, p)] = item
        for i, op in enumerate(ops):
            x, y = lay.positions[i]
            left = x - sizes[i][0] / 2
            self._box(i, names[i], left + sizes[i][0] - box_w, y - self.box_h / 2, label_w, num_w)
            if op:
                w, h = op_w[i], OP_H * self.text_scale
                circle = QGraphicsEllipseItem(QRectF(left, y - h / 2, w, h))
                circle.setBrush(QBrush(colors["alt"]))
                circle.setPen(QPen(colors["border"], 1.0))
                circle.setData(KIND, ("op", i))
                circle.setZValue(2)
                sc.addItem(circle)
                t = QGraphicsSimpleTextItem(op, circle)
                t.setFont(self.mono)
                t.setBrush(colors["text"])
                r = t.boundingRect()
                t.setPos(left + w / 2 - r.width() / 2, y - r.height() / 2)
                self.op_items[i] = circle
                self.op_edges[i] = self._path([(left + w, y), (left + w + OP_GAP, y)])
        self.fit()

    def _path(self, pts) -> QGraphicsPathItem:
        path = QPainterPath(QPointF(*pts[0]))
        for (ax, ay), (bx, by) in zip(pts, pts[1:]):
            dx = (bx - ax) / 2                      # horizontal tangents: smooth S-curves
            path.cubicTo(QPointF(ax + dx, ay), QPointF(bx - dx, by), QPointF(bx, by))
        item = QGraphicsPathItem(path)
        item.setPen(self._edge_pen())
        item.setZValue(0)
        self.scene().addItem(item)
        return item

    def _edge_pen(self, lit=False) -> QPen:
        if lit:
            return QPen(QColor(WALK), 3.0 * self.line_scale)
        color = QColor(self.colors["text"])
        color.setAlpha(110)         # quieter than the boxes, still visible in both themes
        pen = QPen(color, 1.2 * self.line_scale)
        pen.setCosmetic(True)       # edges stay visible however far the graph is zoomed out
        return pen

    def _box(self, i, name, x, y, label_w, num_w) -> None:
        c, sc = self.colors, self.scene()
        box = QGraphicsRectItem(QRectF(x, y, label_w + 2 * num_w, self.box_h))
        box.setBrush(QBrush(c["base"]))
        box.setPen(QPen(c["border"], 1.0))
        box.setData(KIND, ("value", i))
        box.setZValue(1)
        sc.addItem(box)
        cell = QGraphicsRectItem(QRectF(x + label_w + num_w, y, num_w, self.box_h), box)
        cell.setPen(QPen(Qt.NoPen))
        self.grad_cells[i] = cell
        for sx in (x + label_w, x + label_w + num_w):
            line = QGraphicsLineItem(sx, y, sx, y + self.box_h, box)
            line.setPen(QPen(c["border"], 1.0))
        texts = []
        for cx, text in ((x, name), (x + label_w, ""), (x + label_w + num_w, "")):
            t = QGraphicsSimpleTextItem(text, box)
            t.setFont(self.mono)
            t.setBrush(c["text"])
            t.setPos(cx + PAD, y + (self.box_h - QFontMetricsF(self.mono).height()) / 2)
            texts.append(t)
        if name:
            bold = QFont(self.mono)
            bold.setBold(True)
            texts[0].setFont(bold)
        self.boxes[i] = box
        self.data_texts[i], self.grad_texts[i] = texts[1], texts[2]

    # -- numbers and the walk ---------------------------------------------------------------------------
    def show_values(self, data, grads, known=None) -> None:
        """Fill the boxes; `known` (a set) limits which grads are shown, the rest read 'grad ?'."""
        for i, t in self.data_texts.items():
            t.setText(f"data {fmt(data[i])}")
        for i, t in self.grad_texts.items():
            shown = known is None or i in known
            t.setText(f"grad {fmt(grads[i])}" if shown else "grad ?")
            cell = self.grad_cells[i]
            g = grads[i] if shown else 0.0
            if g:
                tint = QColor(palette.sign_color(g))
                tint.setAlpha(60)     # a tint, so the number on it reads in light and dark themes
                cell.setBrush(QBrush(tint))
            else:
                cell.setBrush(QBrush(Qt.NoBrush))

    def light(self, node=None, edges=()) -> None:
        """Highlight the op node being walked and the edges its gradient flowed along (None: clear)."""
        for item, pen, z in self._lit:
            item.setPen(pen)
            item.setZValue(z)
        self._lit = []
        targets = []
        if node is not None:
            targets.append(self.boxes[node])
            if node in self.op_items:
                targets.append(self.op_items[node])
                targets.append(self.op_edges[node])
        targets += [self.edge_items[e] for e in edges if e in self.edge_items]
        for item in targets:
            self._lit.append((item, item.pen(), item.zValue()))
            path = isinstance(item, QGraphicsPathItem)
            item.setPen(self._edge_pen(lit=True) if path else QPen(QColor(WALK), 2.5))
            item.setZValue(item.zValue() + 0.5)
        if node is not None:              # follow the walk when zoomed in
            # Room on the left too: the edges the gradient just flowed along run that way.
            self.ensureVisible(self.boxes[node], 260, 60)

    def set_line_scale(self, scale: float) -> None:
        """Edges `scale` times their normal width (a lit walk keeps its highlight)."""
        self.line_scale = float(scale)
        lit = {id(item) for item, _pen, _z in self._lit}
        for item in (*self.edge_items.values(), *self.op_edges.values()):
            if id(item) not in lit:
                item.setPen(self._edge_pen())

    @property
    def box_h(self) -> float:
        return BOX_H * self.text_scale

    def set_text_scale(self, scale: float) -> None:
        """Text `scale` times its normal size, boxes and circles grown to hold it: a scene's items do not follow
        the application's font. Takes effect at the next build (the shape is forgotten)."""
        self.text_scale = float(scale)
        self.mono.setPointSizeF(MONO_PT * self.text_scale)
        self.shape = None

    def drawn_nodes(self) -> set:
        return {it.data(KIND)[1] for it in self.scene().items()
                if it.data(KIND) is not None and it.data(KIND)[0] == "value"}

    def drawn_edges(self) -> list:
        return [it.data(KIND)[1:] for it in self.scene().items()
                if it.data(KIND) is not None and it.data(KIND)[0] == "edge"]
