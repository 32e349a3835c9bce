"""What the README pictures showed cut off or unreadable: the graph panel's tabs all in sight in the default
1280-px window, and the network diagram's labels at their font's size (and inside the view) however small a
big network is fitted."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsSimpleTextItem, QWidget


def test_every_graph_tab_is_in_sight_in_the_default_window(window, qtbot):
    assert window.width() == 1280
    bar = window.graph_panel.tabBar()
    qtbot.waitUntil(lambda: bar.isVisible() and bar.width() > 0)
    hidden = [bar.tabText(i) for i in range(bar.count()) if bar.tabRect(i).right() > bar.width()]
    assert hidden == []


def test_the_network_labels_stay_readable_when_a_wide_layer_is_fitted_small(window, qtbot):
    view = window.graph_panel.network_view
    qtbot.waitUntil(lambda: view.drawing is not None)
    plus = window.findChild(QWidget, "layer1PlusButton")
    for _ in range(16 - window.session.settings.layer_sizes[0]):      # 16 neurons: a tall column
        qtbot.mouseClick(plus, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.drawing.layer_sizes[0] == 16)
    canvas = view.canvas
    qtbot.waitUntil(lambda: canvas.zoom < 0.8)                          # fitted smaller than its scene
    labels = [item for item in canvas.scene().items() if isinstance(item, QGraphicsSimpleTextItem)]
    assert {"Inputs", "Layer 1", "16 tanh", "Output"} <= {item.text() for item in labels}
    viewport = canvas.viewport().rect()
    for item in labels:
        on_screen = item.deviceTransform(canvas.viewportTransform()).mapRect(item.boundingRect())
        assert on_screen.height() >= item.boundingRect().height() - 0.5, item.text()   # not shrunk
        assert viewport.contains(on_screen.toAlignedRect()), item.text()                # not cut off
