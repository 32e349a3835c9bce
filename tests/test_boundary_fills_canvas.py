"""The decision boundary fills whatever the canvas shows: at any window size, after a zoom or a pan, paused or
training, and so does a neuron's map shown large. Driven from a default MainWindow as a person would."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton

from engine.datasets import VIEW

WAIT = 15_000          # ms: generous, a loaded CI box can be slow


def covers(rect, view) -> bool:
    """True when rect = (xmin, xmax, ymin, ymax) contains view (to rounding)."""
    if rect is None:
        return False
    eps = 1e-9 * max(1.0, *map(abs, view))
    return (rect[0] <= view[0] + eps and rect[1] >= view[1] - eps
            and rect[2] <= view[2] + eps and rect[3] >= view[3] - eps)


def wait_until_the_image_fills_the_canvas(qtbot, window, condition=lambda snap: True):
    canvas = window.canvas

    def filled():
        snap = window.latest_snapshot()
        view = canvas.visible_extent()
        assert snap is not None and condition(snap)
        assert covers(canvas.image_rect(), view), f"image {canvas.image_rect()} does not cover view {view}"
    qtbot.waitUntil(filled, timeout=WAIT)
    return window.latest_snapshot()


def generate_and_step(qtbot, window, steps=3):
    """The moons preset (the default), then a few clicks on Step."""
    window.data_controls.generate_button.click()
    step = window.findChild(QPushButton, "stepButton")
    qtbot.waitUntil(step.isEnabled, timeout=WAIT)
    qtbot.waitUntil(lambda: window.latest_snapshot() is not None
                    and window.latest_snapshot().train_loss == window.latest_snapshot().train_loss, timeout=WAIT)
    start = window.latest_snapshot().step
    for _ in range(steps):
        qtbot.mouseClick(step, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.latest_snapshot().step == start + steps, timeout=WAIT)


@pytest.mark.parametrize("size", [(1280, 800), (800, 1000), (1920, 1080)])
def test_the_boundary_fills_the_canvas_at_any_window_size(qtbot, window, size):
    window.resize(*size)
    generate_and_step(qtbot, window)
    wait_until_the_image_fills_the_canvas(qtbot, window)
    xmin, xmax, ymin, ymax = window.canvas.visible_extent()
    # The canvas is not square, so it shows more than the data box: the case that left white bands.
    assert (xmin, ymin) <= VIEW[::2] and (xmax, ymax) >= VIEW[1::2]
    assert xmax - xmin > 4.2 or ymax - ymin > 4.2


def test_a_zoom_and_a_pan_while_paused_get_a_fresh_boundary_without_a_step(qtbot, window):
    generate_and_step(qtbot, window)
    before = wait_until_the_image_fills_the_canvas(qtbot, window)
    vb = window.canvas.getViewBox()
    vb.scaleBy(s=(2.0, 2.0))                    # zoom out: twice as much plane on screen
    vb.translateBy(x=1.5, y=-0.5)
    (x0, x1), (y0, y1) = vb.viewRange()
    assert x1 - x0 > 7.5 and y1 - y0 > 7.5
    after = wait_until_the_image_fills_the_canvas(qtbot, window, lambda s: s.extent == (x0, x1, y0, y1))
    assert (after.step, after.running) == (before.step, False)
    vb.scaleBy(s=(0.25, 0.25))                  # zoom in
    wait_until_the_image_fills_the_canvas(qtbot, window, lambda s: s.extent == window.canvas.visible_extent())
    assert window.latest_snapshot().step == before.step


def test_the_boundary_follows_a_zoom_and_a_resize_while_training(qtbot, window):
    generate_and_step(qtbot, window, steps=1)
    window.start_training()
    window.canvas.getViewBox().scaleBy(s=(1.6, 1.6))
    wait_until_the_image_fills_the_canvas(qtbot, window, lambda s: s.running)
    window.resize(900, 1000)
    moving = wait_until_the_image_fills_the_canvas(
        qtbot, window, lambda s: s.running and s.extent == window.canvas.visible_extent())
    window.pause_training()
    assert moving.boundary.shape[0] * moving.boundary.shape[1] <= 1.01 * 160 * 160   # no dearer than before


def test_a_neuron_shown_large_fills_the_canvas_too(qtbot, window):
    generate_and_step(qtbot, window)
    panel = window.graph_panel
    panel.setCurrentWidget(panel.network_view)
    view = panel.network_view
    qtbot.waitUntil(lambda: view.drawing is not None and view.isVisible(), timeout=WAIT)
    box = view.drawing.neurons[0][1]
    at = view.canvas.mapFromScene(box.sceneBoundingRect().center())
    with qtbot.waitSignal(panel.neuron_selected, timeout=WAIT):
        qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(at))
    canvas = window.canvas
    qtbot.waitUntil(lambda: canvas.highlight_label() == "layer 1, neuron 2", timeout=WAIT)
    wait_until_the_image_fills_the_canvas(qtbot, window, lambda s: bool(s.neuron_maps))
    canvas.getViewBox().scaleBy(s=(1.8, 1.8))
    wait_until_the_image_fills_the_canvas(qtbot, window, lambda s: s.extent == canvas.visible_extent())
    assert canvas.highlight_label() == "layer 1, neuron 2"     # still the neuron, now over the wider view
