"""The network view's scene items and how they are restyled in place for each snapshot.

Built once per architecture; a snapshot only changes paths, brushes and pixmaps (never adds or removes an
item), and only for edges whose quantised look actually changed since the previous frame. Edges are drawn by
one path per look (sign, width quantum); each edge's own item, drawing nothing, answers hovers and clicks.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainterPath, QPen, QPixmap, QTransform
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsPathItem,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
)

from engine.nn import hidden_activations
from playground.views.graph import weight_colors as palette
from playground.views.graph.graph_layout import network_layout
from playground.views.graph.network_curves import CURVE_PX, curve_strip

NODE = 40.0           # neuron box, px (scene units)
THUMB = NODE - 4.0    # thumbnail inside it
V_GAP = 14.0          # between nodes of a column
BIAS = 9.0            # bias marker square
KIND = 0              # QGraphicsItem.data key holding ("edge", l, j, k) / ("neuron", l, j) / ...


def _pitch_rows(h: int) -> int:
    """Image rows from one thumbnail to the next in a strip: the node pitch at the thumbnail's scale."""
    return int(round(h * (NODE + V_GAP) / THUMB))


def _readable_at(text: QGraphicsSimpleTextItem, x: float, y: float, dx: float, dy: float) -> None:
    """Text anchored at the scene point (x, y), offset by (dx, dy) screen pixels, at its font's size however
    far the view is zoomed out: a wide or deep network is fitted small, its labels stay readable."""
    text.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
    text.setPos(x, y)
    text.setTransform(QTransform.fromTranslate(dx, dy))


class NetworkDrawing:
    """Items of one architecture. Layer l (0-based) is the model's layer l; column l + 1 in the picture."""

    def __init__(self, scene, feature_names, feature_labels, layer_sizes, activation, colors, scale: float = 1.0):
        self.scene = scene
        self.scale = scale            # presentation mode: thicker edges, larger headings
        self.feature_names = list(feature_names)
        self.layer_sizes = list(layer_sizes)
        self.activation = activation
        self.activations = hidden_activations(activation, len(self.layer_sizes) - 1)   # one per hidden layer
        self.colors = colors          # dict: text, border, base, highlight (QColor)
        self.nin = [len(feature_names)] + self.layer_sizes[:-1]
        cols = network_layout([len(feature_names)] + self.layer_sizes, node=NODE, v_gap=V_GAP)
        self.centres = cols
        self.inputs, self.neurons, self.biases, self.edges = [], [], [], []
        self.strips = []              # per column, one pixmap item holding all its thumbnails
        self._edge_keys = [None] * len(self.layer_sizes)
        self._lines = []              # per layer, per neuron, per input: the edge's QLineF
        self._edge_groups: dict = {}  # edge key -> the path item drawing every edge with that look
        self._bias_keys = [None] * len(self.layer_sizes)
        self._pens: dict = {}
        self._lut = palette.diverging_lut(colors["base"].getRgb()[:3])
        self._input_thumb_key = None
        self._build(feature_labels)

    # -- building --------------------------------------------------------------------------------
    def _build(self, feature_labels):
        sc, c = self.scene, self.colors
        small = QFont()
        small.setPointSizeF(8.5 * self.scale)
        for l, col in enumerate(self.centres[1:]):          # edges first so nodes paint over them
            prev = self.centres[l]
            layer_edges, layer_lines = [], []
            for j, (x, y) in enumerate(col):
                row, lines = [], []
                for k, (px, py) in enumerate(prev):
                    line = QLineF(px + NODE / 2, py, x - NODE / 2, y)
                    item = QGraphicsLineItem(line)
                    item.setData(KIND, ("edge", l, j, k))
                    item.setZValue(0)
                    # Each edge's item only answers hovers and clicks; the edges are drawn by one path per look
                    # (_restyle_groups, edge_pen): ~300 items painted one by one cost ~2 ms a frame.
                    item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
                    sc.addItem(item)
                    row.append(item)
                    lines.append(line)
                layer_edges.append(row)
                layer_lines.append(lines)
            self.edges.append(layer_edges)
            self._lines.append(layer_lines)
        # Every edge's ends as plain floats, layer by layer, row by row (the order of the flattened keys).
        ends = [(line.x1(), line.y1(), line.x2(), line.y2()) for layer in self._lines for row in layer
                for line in row]
        self._ends = tuple(list(column) for column in zip(*ends)) if ends else ([], [], [], [])
        # One path per look an edge can have (sign, width quantum), made now: a snapshot never adds an item.
        n_widths = int(round((palette.MAX_WIDTH - palette.MIN_WIDTH) / palette.WIDTH_STEP)) + 1
        for sign in (-1, 0, 1):
            for i in range(n_widths):
                width = palette.MIN_WIDTH + i * palette.WIDTH_STEP
                group = QGraphicsPathItem()
                group.setPen(self.pen(sign, width))
                group.setZValue(0)
                sc.addItem(group)
                self._edge_groups[int(_edge_key(sign, width))] = group
        for k, (x, y) in enumerate(self.centres[0]):
            box = self._node(x, y, ("input", k))
            self.inputs.append(box)
            label = QGraphicsSimpleTextItem(feature_labels[k])
            label.setBrush(c["text"])
            r = label.boundingRect()
            _readable_at(label, x - NODE / 2 - 6, y, -r.width(), -r.height() / 2)
            sc.addItem(label)
        for l, col in enumerate(self.centres[1:]):
            boxes, biases = [], []
            for j, (x, y) in enumerate(col):
                box = self._node(x, y, ("neuron", l, j))
                bias = QGraphicsRectItem(QRectF(x - NODE / 2 - BIAS / 2, y + NODE / 2 - BIAS / 2, BIAS, BIAS))
                bias.setData(KIND, ("bias", l, j))
                bias.setPen(QPen(c["base"], 1))
                bias.setZValue(3)
                sc.addItem(bias)
                boxes.append(box)
                biases.append(bias)
            self.neurons.append(boxes)
            self.biases.append(biases)
        for col in self.centres:
            # One image per column, thumbnails stacked at the node pitch: 9 pixmaps a frame instead of 129.
            strip = QGraphicsPixmapItem()
            strip.setTransformationMode(Qt.SmoothTransformation)
            strip.setPos(col[0][0] - THUMB / 2, col[0][1] - THUMB / 2)
            strip.setZValue(1.5)
            sc.addItem(strip)
            self.strips.append(strip)
        n_layers = len(self.layer_sizes)
        top = min(y for col in self.centres for _, y in col) - NODE / 2
        for ci, col in enumerate(self.centres):
            if ci == 0:
                text = "Inputs"
            elif ci == n_layers:
                text = "Output" if self.layer_sizes[-1] == 1 else f"Outputs ({self.layer_sizes[-1]})"
            else:
                text = f"Layer {ci}\n{self.layer_sizes[ci - 1]} {self.activations[ci - 1]}"
            lines = text.split("\n")
            for i, line in enumerate(lines):       # each line centred over its column
                head = QGraphicsSimpleTextItem(line)
                head.setFont(small)
                head.setBrush(c["text"])
                r = head.boundingRect()
                _readable_at(head, col[0][0], top - 10, -r.width() / 2, -(len(lines) - i) * r.height())
                sc.addItem(head)

    def _node(self, x, y, kind):
        box = QGraphicsRectItem(QRectF(x - NODE / 2, y - NODE / 2, NODE, NODE))
        box.setData(KIND, kind)
        box.setBrush(QBrush(self.colors["base"]))
        box.setPen(QPen(self.colors["border"], 1.2))
        box.setZValue(1)
        self.scene.addItem(box)
        return box

    # -- restyling --------------------------------------------------------------------------------
    def pen(self, sign: int, width: float) -> QPen:
        key = (sign, width)
        pen = self._pens.get(key)
        if pen is None:
            color = QColor(*palette.edge_rgb(sign, width, self.colors["base"].getRgb()))
            pen = QPen(color, width * self.scale)
            pen.setCosmetic(True)     # widths in screen px: a fitted big network keeps readable lines
            pen.setCapStyle(Qt.FlatCap)
            self._pens[key] = pen
        return pen

    def style_edges(self, values_per_layer, scales) -> None:
        """values_per_layer[l]: (nout, nin) weights or gradients; scales[l]: the width scale of layer l."""
        regroup: set = set()          # the looks (edge keys) some edge took or left
        for l, (values, scale) in enumerate(zip(values_per_layer, scales)):
            values = np.asarray(values, dtype=np.float64)
            widths = palette.edge_widths(values, scale)
            s = palette.signs(values)
            keys = _edge_key(s.astype(np.int64), widths)
            last = self._edge_keys[l]
            changed = np.argwhere(keys != last) if last is not None and last.shape == keys.shape \
                else np.argwhere(np.ones_like(keys, dtype=bool))
            if last is not None and last.shape == keys.shape:
                regroup.update(last[changed[:, 0], changed[:, 1]].tolist())
            regroup.update(keys[changed[:, 0], changed[:, 1]].tolist())
            self._edge_keys[l] = keys
        self._restyle_groups(regroup)

    def edge_pen(self, layer: int, neuron: int, input_index: int) -> QPen:
        """The pen an edge is drawn with (its look's path's), as last styled; Qt's default before any snapshot."""
        item = self.edge_path(layer, neuron, input_index)
        return QPen() if item is None else item.pen()

    def edge_path(self, layer: int, neuron: int, input_index: int) -> QGraphicsPathItem | None:
        """The path item that draws an edge now (None before any snapshot)."""
        keys = self._edge_keys[layer]
        return None if keys is None else self._edge_groups[int(keys[neuron, input_index])]

    def _restyle_groups(self, regroup: set) -> None:
        """Redraw the path of each edge look (edge key) some edge took or left."""
        if not regroup or any(keys is None for keys in self._edge_keys):
            return
        keys = np.concatenate([k.ravel() for k in self._edge_keys])     # every edge, in _ends' order
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        x1, y1, x2, y2 = self._ends
        for key in regroup:
            lo, hi = np.searchsorted(sorted_keys, [key, key + 1])
            path = QPainterPath()
            for i in order[lo:hi].tolist():
                path.moveTo(x1[i], y1[i])
                path.lineTo(x2[i], y2[i])
            self._edge_groups[key].setPath(path)

    def style_biases(self, values_per_layer) -> None:
        for l, values in enumerate(values_per_layer):
            s = palette.signs(values)
            if self._bias_keys[l] is not None and np.array_equal(self._bias_keys[l], s):
                continue
            for j, sign in enumerate(s.tolist()):
                self.biases[l][j].setBrush(QColor(palette.sign_color(sign)))
            self._bias_keys[l] = s

    def set_thumbnails(self, neuron_maps) -> None:
        """neuron_maps[l]: (nout, h, w) activations, row 0 at the bottom of the plane (y = ymin); each
        thumbnail shows the centre square of its map."""
        last = len(self.layer_sizes) - 1
        for l, maps in enumerate(neuron_maps[:len(self.layer_sizes)]):
            self._paint(l + 1, maps, self.activations[l] if l < last else "linear")

    def set_input_thumbnails(self, feature_maps) -> None:
        self._paint(0, feature_maps, "linear")

    def set_curve_thumbnails(self, neuron_curves, feature_curves) -> None:
        """Curve fitting: per layer (nout, S) outputs at S x values, and the inputs' (nin, S): each node's
        thumbnail is its curve over x (network_curves.py)."""
        last = len(self.layer_sizes) - 1
        self._paint_curves(0, feature_curves, "linear")
        for l, curves in enumerate(neuron_curves[:len(self.layer_sizes)]):
            self._paint_curves(l + 1, curves, self.activations[l] if l < last else "linear")

    def _paint_curves(self, column, curves, activation) -> None:
        curves = np.asarray(curves, dtype=np.float64)
        if curves.ndim != 2 or curves.shape[0] != len(self.centres[column]):
            return                      # a snapshot from another architecture: skip, the next one fits
        pitch = _pitch_rows(CURVE_PX)
        item = self.strips[column]
        item.setPixmap(QPixmap.fromImage(curve_strip(curves, activation, pitch, self._lut, self.colors)))
        item.setTransform(QTransform.fromScale(THUMB / CURVE_PX, (NODE + V_GAP) / pitch))

    def thumbnail(self, column: int, index: int) -> QImage:
        """The thumbnail shown for node `index` of a column (0 = inputs), as drawn (for tests)."""
        strip = self.strips[column].pixmap().toImage()
        if strip.isNull():
            return strip
        w = strip.width()
        return strip.copy(0, index * _pitch_rows(w), w, w)

    def _paint(self, column, maps, activation):
        maps = np.asarray(maps, dtype=np.float64)
        if maps.ndim != 3 or maps.shape[0] != len(self.centres[column]):
            return                      # a snapshot from another architecture: skip, the next one fits
        rgba = np.take(self._lut, palette.lut_indices(palette.normalise_activation(maps, activation)), axis=0)
        rgba = _centre_square(rgba)     # maps cover the canvas's view, which is seldom square
        n, h, w, _ = rgba.shape
        pitch = _pitch_rows(h)
        strip = np.zeros(((n - 1) * pitch + h, w, 4), np.uint8)       # transparent between thumbnails
        for i in range(n):
            strip[i * pitch:i * pitch + h] = rgba[i, ::-1]               # y up, as on the canvas
        image = QImage(strip.data, w, strip.shape[0], 4 * w, QImage.Format_RGBA8888)
        item = self.strips[column]
        item.setPixmap(QPixmap.fromImage(image))       # copies: the array may go
        item.setTransform(QTransform.fromScale(THUMB / w, (NODE + V_GAP) / pitch))

    def mark_selected(self, selected) -> None:
        for l, boxes in enumerate(self.neurons):
            for j, box in enumerate(boxes):
                on = selected == (l, j)
                # The text colour, not the highlight: a blue highlight would read as "positive".
                box.setPen(QPen(self.colors["text"], 3.5) if on else QPen(self.colors["border"], 1.2))
                box.setZValue(2 if on else 1)


def _edge_key(sign, width):
    """An edge's look as one integer (scalars or arrays): its sign and its width in WIDTH_STEP quanta."""
    return sign * 1000 + np.round(np.asarray(width) / palette.WIDTH_STEP).astype(np.int64)


def _centre_square(images: np.ndarray) -> np.ndarray:
    """(n, h, w, ...) -> (n, s, s, ...), s = min(h, w): the middle of each image."""
    h, w = images.shape[1:3]
    s = min(h, w)
    top, left = (h - s) // 2, (w - s) // 2
    return images[:, top:top + s, left:left + s]
