"""Exports: images of the views (PNG, SVG) here; the trained model in playground.files.model_export (re-exported).

Every file is written through session_io.atomic_write (QSaveFile), so a failed export leaves no torn file.
"""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

import pyqtgraph as pg
import pyqtgraph.exporters  # noqa: F401  (registers ImageExporter and SVGExporter)
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsView, QWidget

from playground.files.model_export import (
    FEATURE_FORMULAS,
    MODEL_FILTERS,
    MODEL_KINDS,
    WEIGHTS_FORMAT,
    engine_script,
    export_model,
    model_layers,
    torch_script,
    weights_json,
)
from playground.files.session_io import atomic_write

__all__ = ["IMAGE_FILTERS", "export_image", "FEATURE_FORMULAS", "MODEL_FILTERS", "MODEL_KINDS", "WEIGHTS_FORMAT",
           "engine_script", "export_model", "model_layers", "torch_script", "weights_json"]

IMAGE_FILTERS = "PNG image (*.png);;SVG image (*.svg)"


# -- images ------------------------------------------------------------------------------------------

def export_image(target, path, scale: float = 2.0) -> None:
    """Save a view as PNG or SVG, chosen by the extension of `path`.

    `target`: a pyqtgraph widget (PlotWidget, GraphicsLayoutWidget), item (PlotItem) or GraphicsScene, which
    go through pyqtgraph's ImageExporter/SVGExporter; a plain QGraphicsView/QGraphicsScene (its whole
    scene); or any other QWidget (as it looks on screen). PNGs are `scale` times the on-screen size; a
    transparent background becomes the widget's own so the picture reads the same on any page.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in (".png", ".svg"):
        raise ValueError(f"choose a .png or .svg file name, not {Path(path).name!r}")
    if not isinstance(scale, (int, float)) or isinstance(scale, bool) or not 0.25 <= scale <= 8:
        raise ValueError(f"scale must be a number in 0.25..8, got {scale!r}")
    if isinstance(target, pg.GraphicsView):
        target = target.scene()
    if isinstance(target, (pg.GraphicsScene, QGraphicsItem)):
        data = _pyqtgraph_bytes(target, suffix, scale)
    elif isinstance(target, (QGraphicsView, QGraphicsScene)):
        data = _scene_bytes(target, suffix, scale)
    elif isinstance(target, QWidget):
        data = _widget_bytes(target, suffix, scale)
    else:
        raise ValueError(f"cannot export a {type(target).__name__} as an image")
    atomic_write(os.fspath(path), data)


def _background(widget: QWidget | None) -> QColor:
    if widget is None:
        return QColor("white")
    brush = widget.backgroundBrush() if isinstance(widget, QGraphicsView) else None
    if brush is not None and brush.style() != Qt.BrushStyle.NoBrush and brush.color().alpha() == 255:
        return brush.color()
    return widget.palette().base().color()


def _png_bytes(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError("could not encode the PNG image")
    return bytes(buffer.data())


def _pyqtgraph_bytes(target, suffix: str, scale: float) -> bytes:
    scene = target if isinstance(target, pg.GraphicsScene) else target.scene()
    if scene is None or not scene.views():
        raise ValueError("the view to export is not shown in a window")
    view = scene.views()[0]
    exporter = (pg.exporters.ImageExporter if suffix == ".png" else pg.exporters.SVGExporter)(target)
    if exporter.parameters()["background"].alpha() < 255:
        exporter.parameters()["background"] = _background(view)
    if exporter.parameters()["width"] < 1 or exporter.parameters()["height"] < 1:
        raise ValueError("the view to export has no size (is it shown?)")
    if suffix == ".png":
        exporter.parameters()["width"] = max(1, round(exporter.parameters()["width"] * scale))  # height follows
        return _png_bytes(exporter.export(toBytes=True))
    try:
        with _close_paths_hidden_from_pyqtgraph():
            return exporter.export(toBytes=True)
    except Exception as exc:  # pyqtgraph raises bare Exceptions; report it as a refusal, not a crash
        raise ValueError(f"pyqtgraph could not export this view as SVG ({exc})") from exc


@contextmanager
def _close_paths_hidden_from_pyqtgraph():
    """pyqtgraph 0.14's SVG exporter reads path data as "x,y" pairs and fails on the "Z" (close path) that
    Qt >= 6.10 writes (pyqtgraph issues #3485/#3495, fixed after 0.14.0). While we export, each path's Z
    tokens are taken out before pyqtgraph rewrites the coordinates and put back where they were after."""
    module = sys.modules.get("pyqtgraph.exporters.SVGExporter")
    original = getattr(module, "correctCoordinates", None)
    if original is None or getattr(original, "_restores_close_paths", False):
        yield
        return

    def correct_coordinates(node, defs, item, options):
        closed = []  # (path element, indices of the points a Z followed)
        for path in node.getElementsByTagName("path"):
            tokens = path.getAttribute("d").split()
            if any(t in ("Z", "z") for t in tokens):
                points = [t for t in tokens if t not in ("Z", "z")]
                after, count = [], 0
                for t in tokens:
                    if t in ("Z", "z"):
                        after.append(count - 1)
                    else:
                        count += 1
                path.setAttribute("d", " ".join(points))
                closed.append((path, after))
        original(node, defs, item, options)
        for path, after in closed:
            tokens = path.getAttribute("d").split()
            for i in reversed(after):
                tokens.insert(i + 1, "Z")
            path.setAttribute("d", " ".join(tokens))

    correct_coordinates._restores_close_paths = True
    module.correctCoordinates = correct_coordinates
    try:
        yield
    finally:
        module.correctCoordinates = original


def _scene_bytes(target, suffix: str, scale: float) -> bytes:
    view = target if isinstance(target, QGraphicsView) else (target.views() or [None])[0]
    scene = target.scene() if isinstance(target, QGraphicsView) else target
    if scene is None or scene.itemsBoundingRect().isEmpty():
        raise ValueError("the view to export is empty")
    source = scene.itemsBoundingRect().adjusted(-12, -12, 12, 12)  # all of it, not just what is scrolled into view
    size = source.size().toSize()
    return _render(lambda painter: scene.render(painter, QRectF(0, 0, size.width(), size.height()), source),
                   size, _background(view), suffix, scale)


def _widget_bytes(widget: QWidget, suffix: str, scale: float) -> bytes:
    if widget.width() < 1 or widget.height() < 1:
        raise ValueError("the view to export has no size (is it shown?)")
    return _render(lambda painter: widget.render(painter, QPoint()), widget.size(), _background(widget),
                   suffix, scale)


def _render(paint, size: QSize, background: QColor, suffix: str, scale: float) -> bytes:
    """`paint(painter)` draws in a size-sized frame; the result as PNG (scale times larger) or SVG bytes."""
    if suffix == ".png":
        image = QImage(round(size.width() * scale), round(size.height() * scale), QImage.Format.Format_ARGB32)
        image.fill(background)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)  # vector drawing at the larger size: crisp text and lines
        paint(painter)
        painter.end()
        return _png_bytes(image)
    data = QByteArray()
    buffer = QBuffer(data)
    generator = QSvgGenerator(QSvgGenerator.SvgVersion.Svg11)  # 1.1 supports clip paths; Tiny 1.2 does not
    generator.setOutputDevice(buffer)
    generator.setSize(size)
    generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
    generator.setTitle("micrograd playground")
    painter = QPainter(generator)
    painter.fillRect(QRectF(0, 0, size.width(), size.height()), background)
    paint(painter)
    painter.end()
    return bytes(data)
