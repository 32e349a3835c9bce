"""Issue 10, the GUI thread's long blocks while training runs (the scalar engine's p95): a snapshot no longer
re-lays out the window (its live figures sit in steady labels), the network view draws a running training's
frames in a turn of the event loop of their own, and the loss plot changes a range only when the data leave it
(with room to grow into), so its axes are not regenerated every turn. Every view still shows the latest step."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPainterPathStroker
from PySide6.QtWidgets import QApplication, QHBoxLayout, QWidget
from test_app_flow import WAIT, button, draw_two_clusters, wait_paused, wait_trainable

from playground.views import loss_plot_axes
from playground.views.graph import weight_colors as palette
from playground.views.steady_label import SteadyLabel


class LayoutRequests(QObject):
    """Counts LayoutRequest events reaching a widget (the window re-laid out)."""

    def __init__(self, widget):
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, obj, event):  # Qt override (a test's counter)
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def shows_weights(view, snap) -> bool:
    """The network view's edges have the snapshot's signs (its picture is of that snapshot), each drawn by the
    path of its look (the edge's line lies on that path)."""
    drawing = view.drawing
    for layer, W in enumerate(snap.weights):
        for (j, k), w in np.ndenumerate(W):
            if w and palette.nearest_sign(drawing.edge_pen(layer, j, k).color().getRgb()) != np.sign(w):
                return False
            line, path = drawing.edges[layer][j][k].line(), drawing.edge_path(layer, j, k).path()
            if not QPainterPathStroker().createStroke(path).contains(line.pointAt(0.5)):
                return False
    return True


def test_training_paints_every_view_without_relaying_out_the_window_and_the_network_in_its_own_turn(
        qtbot, window):
    draw_two_clusters(qtbot, window)
    wait_trainable(qtbot, window)
    network = window.graph_panel.network_view
    assert network.isVisible()                                   # the default tab
    drawn_in_handler = []
    window.snapshot_painted.connect(lambda s: drawn_in_handler.append((s.running, network._painted is s)))
    qtbot.mouseClick(button(window, "trainButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(drawn_in_handler) >= 3, timeout=WAIT)    # Train's own relayout (its text) done
    layouts, before = LayoutRequests(window), len(drawn_in_handler)
    qtbot.waitUntil(lambda: len(drawn_in_handler) >= before + 20, timeout=WAIT)
    # The status figures and the timeline's step change with every snapshot; the window is not re-laid out.
    assert layouts.count < 5
    running = [inside for is_running, inside in drawn_in_handler if is_running]
    assert len(running) >= 20
    assert not any(running)                 # a running frame is drawn after the snapshot's handler, not in it
    figures = window.status.figures
    assert figures.text().startswith("step ")
    assert figures.width() >= figures.fontMetrics().horizontalAdvance(figures.text())   # nothing cut off
    qtbot.mouseClick(button(window, "trainButton"), Qt.MouseButton.LeftButton)          # pause
    wait_paused(qtbot, window)
    last = window.latest_snapshot()
    qtbot.waitUntil(lambda: network._painted is last, timeout=WAIT)   # the paused step is the one drawn
    assert shows_weights(network, last)
    assert figures.text().startswith(f"step {last.step:,}")
    assert window.timeline.bar.step_label.text()


@pytest.fixture
def row(qtbot):
    host = QWidget()
    layout = QHBoxLayout(host)
    label = SteadyLabel(objectName="steadyLabel")
    layout.addWidget(label)
    layout.addStretch(1)
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    return host, label


def fits(label) -> bool:
    return label.width() >= label.fontMetrics().horizontalAdvance(label.text())


def test_a_steady_label_keeps_its_size_while_its_text_fits_and_makes_room_when_it_does_not(qtbot, row):
    host, label = row
    label.setText("step 10")
    qtbot.waitUntil(lambda: fits(label))
    QApplication.sendPostedEvents()         # its first fit's layout
    width = label.width()
    requests = LayoutRequests(host)
    for step in range(11, 40):              # a growing count: the window stays as it is
        label.setText(f"step {step}")
    QApplication.sendPostedEvents()         # the layout requests it would have posted
    assert requests.count == 0 and label.width() == width and fits(label)
    label.setText("step 1,000,000   12 steps/s   train loss 0.1234")    # longer: it grows at once
    QApplication.sendPostedEvents()
    qtbot.waitUntil(lambda: fits(label))
    assert requests.count >= 1
    long_width = label.width()
    label.setText("step 1")                 # much shorter: the room goes back
    qtbot.waitUntil(lambda: label.width() < long_width / 2)
    assert fits(label)
    label.set_room(label.fontMetrics().horizontalAdvance("step 00,000 / 00,000"))   # a room kept whatever
    qtbot.waitUntil(lambda: label.width() >= label.fontMetrics().horizontalAdvance("step 00,000 / 00,000"))
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 2)            # presentation mode's larger text
    label.setFont(font)
    label.setText("step 1,000,000")
    qtbot.waitUntil(lambda: fits(label) and label.height() >= label.fontMetrics().height())


def test_the_loss_plot_keeps_its_range_while_a_growing_run_fits_and_then_makes_room_ahead(qtbot, plot,
                                                                                          monkeypatch):
    clock = {"now": 1000.0}
    monkeypatch.setattr(loss_plot_axes.time, "monotonic", lambda: clock["now"])
    view = plot.train_loss_curve.getViewBox()
    ranges = []
    view.sigRangeChanged.connect(lambda *_: ranges.append(view.viewRange()))

    def grow(start, stop):
        steps = np.arange(start, stop)
        plot.append(steps, 1.0 / (1 + steps / 100))
        clock["now"] += loss_plot_axes.RANGE_MS / 1000          # each redraw may range the views
        plot._redraw()

    grow(0, 100)
    (x0, x1), (y0, y1) = view.viewRange()
    assert x0 <= 0 and x1 > 99 * (1 + loss_plot_axes.ROOM / 2)   # room ahead of the newest step
    assert y0 <= 1 / (1 + 99 / 100) and y1 >= 1.0
    ranges.clear()
    grow(100, 105)                          # five more steps fit in that room: the views stay
    assert ranges == []
    for start in range(105, 400, 5):        # a run that goes on: every step stays in view
        grow(start, start + 5)
        (x0, x1), (y0, y1) = view.viewRange()
        assert x0 <= 0 and x1 >= start + 4
        assert y0 <= 1 / (1 + (start + 4) / 100) and y1 >= 1.0
    assert 0 < len(ranges) < 40             # ranged now and then, not at every turn (59 turns)
    # A zoom by the user turns auto-range off: the views stay where the user put them.
    view.scaleBy((0.5, 0.5))
    zoomed = view.viewRange()
    grow(400, 600)
    assert view.viewRange() == zoomed


def test_live_snapshots_leave_the_landscapes_mark_alone_until_a_past_step_is_shown(qtbot):
    import random

    import engine
    from playground.views.graph import GraphPanel
    from playground.views.graph.demo import snapshot_of, toy_data
    panel = GraphPanel()
    qtbot.addWidget(panel)
    panel.set_architecture(["x1", "x2"], [3, 1], "tanh")
    model = engine.MLP(2, [3, 1], activation="tanh", rng=random.Random(3))
    snap = snapshot_of(model, ["x1", "x2"], *toy_data(), loss="logistic", maps_resolution=8)
    view = panel.landscape_view
    calls = []
    original = view.step_item.setData
    view.step_item.setData = lambda *args, **kwargs: (calls.append(args), original(*args, **kwargs))
    for _ in range(3):
        panel.update_snapshot(snap)         # live: nothing marked, nothing to redo
    assert calls == [] and view.marked_point() is None
    panel.update_snapshot(snap, past=True)  # the timeline shows a past step: its mark is set (none: no plane yet)
    assert len(calls) == 1
    panel.update_snapshot(snap)             # back to now: the mark is cleared, once
    panel.update_snapshot(snap)
    assert len(calls) == 2 and view.marked_point() is None
