"""The network view: edges, thumbnails, hovering, clicking and editing, driven as a user would."""
import dataclasses
import random

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QPalette
from PySide6.QtWidgets import QApplication, QToolTip

import engine
from playground.views.graph import GraphPanel
from playground.views.graph import weight_colors as palette
from playground.views.graph.demo import snapshot_of, toy_data

FEATURES = ["x1", "x2"]
BASE = None     # the panel's background colour, read in the fixture
SIZES = [5, 3, 1]


@pytest.fixture
def setup(qtbot):
    panel = GraphPanel()
    qtbot.addWidget(panel)
    panel.resize(900, 600)
    panel.show()
    qtbot.waitExposed(panel)
    model = engine.MLP(2, SIZES, activation="tanh", rng=random.Random(7))
    X, t = toy_data()
    panel.set_architecture(FEATURES, SIZES, "tanh")
    global BASE
    BASE = panel.network_view.palette().color(QPalette.Base).getRgb()
    snap = snapshot_of(model, FEATURES, X, t, loss="logistic", maps_resolution=12)
    panel.update_snapshot(snap)
    return panel, model, snap


def edge_pen(panel, l, j, k):
    return panel.network_view.drawing.edge_pen(l, j, k)


def view_point(panel, item):
    canvas = panel.network_view.canvas
    return canvas.mapFromScene(item.sceneBoundingRect().center())


def edge_point(panel, l, j, k):
    line = panel.network_view.drawing.edges[l][j][k].line()
    return panel.network_view.canvas.mapFromScene(line.pointAt(0.5))


def test_edges_show_the_models_weights(setup):
    panel, model, _ = setup
    weights = [np.array([[w.data for w in n.w] for n in L.neurons]) for L in model.layers]
    scale = max(np.abs(W).max() for W in weights)
    widths = []
    for l, W in enumerate(weights):
        for (j, k), w in np.ndenumerate(W):
            pen = edge_pen(panel, l, j, k)
            width = palette.edge_widths([w], scale)[0]
            assert pen.widthF() == pytest.approx(width)
            assert pen.color().getRgb()[:3] == palette.edge_rgb(np.sign(w), width, BASE)
            assert palette.nearest_sign(pen.color().getRgb()) == np.sign(w)
            widths.append((abs(w), pen.widthF()))
    widths.sort()
    assert [w for _, w in widths] == sorted(w for _, w in widths)       # wider means bigger |w|
    assert widths[-1][1] == palette.MAX_WIDTH


def test_gradient_mode_shows_gradients_scaled_per_layer(setup, qtbot):
    panel, model, _ = setup
    check = panel.findChild(type(panel.network_view.show_gradients), "showGradientsCheck")
    qtbot.mouseClick(check, Qt.LeftButton, pos=QPoint(5, check.height() // 2))
    assert check.isChecked()
    for l, layer in enumerate(model.layers):
        G = np.array([[w.grad for w in n.w] for n in layer.neurons])
        scale = np.abs(G).max()
        for (j, k), g in np.ndenumerate(G):
            pen = edge_pen(panel, l, j, k)
            width = palette.edge_widths([g], scale)[0]
            assert pen.widthF() == pytest.approx(width)
            assert pen.color().getRgb()[:3] == palette.edge_rgb(np.sign(g), width, BASE)
            assert palette.nearest_sign(pen.color().getRgb()) == np.sign(g)
        jmax, kmax = np.unravel_index(np.abs(G).argmax(), G.shape)
        assert edge_pen(panel, l, jmax, kmax).widthF() == palette.MAX_WIDTH   # every layer has a widest edge
        for j, n in enumerate(layer.neurons):
            bias = panel.network_view.drawing.biases[l][j]
            assert bias.brush().color().name() == palette.sign_color(n.b.grad)
    qtbot.mouseClick(check, Qt.LeftButton, pos=QPoint(5, check.height() // 2))
    w = model.layers[0].neurons[0].w[0].data
    assert palette.nearest_sign(edge_pen(panel, 0, 0, 0).color().getRgb()) == np.sign(w)


def test_a_new_snapshot_restyles_edges_in_place(setup, qtbot):
    panel, model, _ = setup
    item = panel.network_view.drawing.edges[0][0][0]
    count = len(panel.network_view.canvas.scene().items())
    model.layers[0].neurons[0].w[0].data = -50.0          # now by far the largest weight
    panel.update_snapshot(snapshot_of(model, FEATURES, step=1, maps_resolution=12))
    # Frames are capped (~16 a second): the newest snapshot is drawn when its frame is due.
    qtbot.waitUntil(lambda: edge_pen(panel, 0, 0, 0).widthF() == palette.MAX_WIDTH)
    assert panel.network_view.drawing.edges[0][0][0] is item
    assert len(panel.network_view.canvas.scene().items()) == count
    pen = edge_pen(panel, 0, 0, 0)
    assert pen.color().name() == palette.NEGATIVE and pen.widthF() == palette.MAX_WIDTH
    assert palette.nearest_sign(edge_pen(panel, 0, 1, 0).color().getRgb()) != 0
    assert edge_pen(panel, 0, 1, 0).widthF() < 1.0


def test_thumbnails_show_each_units_activation(setup):
    panel, _, snap = setup
    d = panel.network_view.drawing
    for column, n in enumerate([2] + SIZES):
        assert all(d.thumbnail(column, i).width() == 12 for i in range(n))
    x1 = d.thumbnail(0, 0)                        # x1 over the plane: orange on the left, blue on the right
    left, right = x1.pixelColor(0, x1.height() // 2), x1.pixelColor(x1.width() - 1, x1.height() // 2)
    assert left.name() == palette.NEGATIVE and right.name() == palette.POSITIVE
    x2 = d.thumbnail(0, 1)                        # x2: blue at the top (y up, as on the canvas)
    assert x2.pixelColor(0, 0).name() == palette.POSITIVE and x2.pixelColor(0, 11).name() == palette.NEGATIVE
    # A neuron's thumbnail is its own map: the brightest blue pixel sits where its activation is largest.
    act = snap.neuron_maps[0][3][::-1]            # as displayed: top row = ymax
    img = d.thumbnail(1, 3)
    blue = np.array([[img.pixelColor(x, y).blue() - img.pixelColor(x, y).red() for x in range(12)]
                     for y in range(12)])
    assert np.unravel_index(blue.argmax(), blue.shape) == np.unravel_index(act.argmax(), act.shape)
    assert np.array_equal(panel.neuron_map(0, 2), snap.neuron_maps[0][2])
    assert panel.neuron_map(9, 0) is None


def show_tooltip(canvas, pos):
    QApplication.sendEvent(canvas.viewport(), QHelpEvent(QEvent.ToolTip, pos, canvas.viewport().mapToGlobal(pos)))


def test_hovering_an_edge_or_a_neuron_shows_value_and_gradient(setup, qtbot):
    panel, model, _ = setup
    canvas = panel.network_view.canvas
    w = model.layers[1].neurons[2].w[4]
    show_tooltip(canvas, edge_point(panel, 1, 2, 4))
    qtbot.waitUntil(lambda: QToolTip.isVisible())
    text = QToolTip.text()
    assert f"w = {w.data:.4g}" in text and f"dL/dw = {w.grad:.4g}" in text
    assert "layer 1 neuron 5 → layer 2 neuron 3" in text
    b = model.layers[0].neurons[1].b
    show_tooltip(canvas, view_point(panel, panel.network_view.drawing.neurons[0][1]))
    qtbot.waitUntil(lambda: "layer 1 neuron 2 (tanh)" in QToolTip.text())
    assert f"dL/db = {b.grad:.4g}" in QToolTip.text()


def test_clicking_a_neuron_selects_it_and_clicking_again_clears(setup, qtbot):
    panel, _, _ = setup
    box = panel.network_view.drawing.neurons[1][0]
    canvas = panel.network_view.canvas
    with qtbot.waitSignal(panel.neuron_selected) as sel:
        qtbot.mouseClick(canvas.viewport(), Qt.LeftButton, pos=view_point(panel, box))
    assert sel.args == [1, 0] and panel.selected_neuron() == (1, 0)
    assert box.pen().widthF() > 3 and panel.wants_neuron_maps()
    with qtbot.waitSignal(panel.neuron_cleared):
        qtbot.mouseClick(canvas.viewport(), Qt.LeftButton, pos=view_point(panel, box))
    assert panel.selected_neuron() is None and box.pen().widthF() < 2


def type_into_editor(qtbot, panel, text):
    editor = panel.findChild(type(panel.network_view.editor), "weightEditor")
    assert editor.isVisible()
    spin = editor.spin
    spin.selectAll()
    qtbot.keyClicks(spin, text)
    qtbot.keyClick(spin, Qt.Key_Return)
    return editor


def test_clicking_an_edge_edits_that_weight(setup, qtbot):
    panel, _, _ = setup
    canvas = panel.network_view.canvas
    qtbot.mouseClick(canvas.viewport(), Qt.LeftButton, pos=edge_point(panel, 1, 2, 3))
    assert panel.network_view.editor.target == (1, 2, 3)
    with qtbot.waitSignal(panel.weight_edited) as edited:
        editor = type_into_editor(qtbot, panel, "-0.75")
    assert edited.args == [1, 2, 3, -0.75]
    assert not editor.isVisible()


def test_clicking_a_bias_marker_edits_the_bias_at_input_index_nin(setup, qtbot):
    panel, _, _ = setup
    canvas = panel.network_view.canvas
    qtbot.mouseClick(canvas.viewport(), Qt.LeftButton, pos=view_point(panel, panel.network_view.drawing.biases[2][0]))
    with qtbot.waitSignal(panel.weight_edited) as edited:
        type_into_editor(qtbot, panel, "1.5")
    assert edited.args == [2, 0, 3, 1.5]


def test_escape_closes_the_editor_without_an_edit(setup, qtbot):
    panel, _, _ = setup
    panel.network_view.edit_weight(0, 0, 1)
    editor = panel.network_view.editor
    with qtbot.assertNotEmitted(panel.weight_edited):
        qtbot.keyClick(editor.spin, Qt.Key_Escape)
    assert not editor.isVisible()
    with pytest.raises(ValueError):
        panel.network_view.edit_weight(0, 0, 3)      # layer 0 has 2 inputs: index 2 is its bias, 3 is out
    with pytest.raises(ValueError):
        panel.network_view.edit_weight(3, 0, 0)


def test_big_networks_lay_out_without_overlap(qtbot):
    panel = GraphPanel()
    qtbot.addWidget(panel)
    panel.resize(700, 500)
    panel.show()
    sizes = [32] * 8 + [6]
    feats = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]
    panel.set_architecture(feats, sizes, "relu")
    d = panel.network_view.drawing
    assert sum(len(c) for c in d.neurons) == sum(sizes)
    assert sum(len(r) for layer in d.edges for r in layer) == 7 * 32 + 7 * 32 * 32 + 32 * 6
    rects = [b.sceneBoundingRect() for col in d.neurons for b in col]
    for a, b in zip(rects, rects[1:]):
        assert not a.intersects(b) or a == b
    canvas = panel.network_view.canvas
    assert canvas.mapToScene(canvas.viewport().rect()).boundingRect().contains(
        canvas.scene().itemsBoundingRect().adjusted(4, 4, -4, -4))      # fitted: all of it in view
    m = engine.MLP(7, sizes, activation="relu", rng=random.Random(0))
    panel.update_snapshot(snapshot_of(m, feats, maps_resolution=8))
    assert not d.thumbnail(8, 31).isNull() and d.thumbnail(8, 31).height() == 8


def test_bad_arguments_are_refused(qtbot):
    panel = GraphPanel()
    qtbot.addWidget(panel)
    for args in ((["x1"], [2, 1], "swish"), ([], [2, 1], "relu"), (["x1"], [0, 1], "relu"), (["x1"], [], "relu")):
        with pytest.raises(ValueError):
            panel.set_architecture(*args)
    with pytest.raises(ValueError):
        panel.set_gradcheck_source(42)


def test_maps_are_wanted_only_while_the_network_tab_shows(setup, qtbot):
    panel, _, _ = setup
    assert panel.wants_neuron_maps()
    with qtbot.waitSignal(panel.neuron_maps_wanted_changed) as changed:
        panel.tabBar().setCurrentIndex(2)
    assert changed.args == [False]
    with qtbot.waitSignal(panel.neuron_maps_wanted_changed) as changed:
        qtbot.mouseClick(panel.tabBar(), Qt.LeftButton, pos=panel.tabBar().tabRect(0).center())
    assert changed.args == [True]


def test_an_edited_weight_reaches_the_training_model(setup, qtbot):
    """Through the real worker: the edit comes back in the next snapshot's weights."""
    from playground.model.state import PlaygroundState
    from playground.worker.config import TrainingConfig
    from playground.worker.controller import TrainingController
    panel, _, _ = setup
    X, t = toy_data(40)
    state = PlaygroundState(points=X.tolist(), labels=[int(v > 0) for v in t], features=FEATURES,
                            hidden_layers=SIZES[:-1], activation="tanh", loss="logistic")
    controller = TrainingController()
    try:
        controller.snapshot_ready.connect(panel.update_snapshot)
        panel.weight_edited.connect(controller.set_weight)
        with qtbot.waitSignal(controller.snapshot_ready, timeout=10_000):
            controller.configure(TrainingConfig.from_state(state))
        qtbot.mouseClick(panel.network_view.canvas.viewport(), Qt.LeftButton, pos=edge_point(panel, 0, 4, 1))
        with qtbot.waitSignal(controller.snapshot_ready, timeout=10_000,
                              check_params_cb=lambda s: s.weights[0][4, 1] == 0.625) as got:
            type_into_editor(qtbot, panel, "0.625")
        assert got.args[0].weights[0][4, 1] == 0.625
        qtbot.waitUntil(lambda: edge_pen(panel, 0, 4, 1).widthF() == pytest.approx(
            palette.edge_widths([0.625], palette.scale_of(*got.args[0].weights))[0]))
    finally:
        assert controller.shutdown()


def test_maps_of_a_wide_view_show_their_centre_square(setup, qtbot):
    """The worker's maps cover the canvas's view, seldom square: a thumbnail shows its middle, undistorted."""
    panel, _, snap = setup
    maps = []
    for n in SIZES:
        m = np.full((n, 6, 18), -3.0)                # 6 tall, 18 wide: the centre square is columns 6..11
        m[:, :, 6:12] = 3.0
        maps.append(m)
    panel.update_snapshot(dataclasses.replace(snap, step=snap.step + 1, extent=(-6, 6, -2, 2),
                                              neuron_maps=tuple(maps)))
    qtbot.waitUntil(lambda: panel.network_view.drawing.thumbnail(1, 0).width() != 12)   # painted (throttled)
    img = panel.network_view.drawing.thumbnail(1, 0)
    assert (img.width(), img.height()) == (6, 6)
    assert {img.pixelColor(x, y).name() for x in range(6) for y in range(6)} == {palette.POSITIVE}
    x1 = panel.network_view.drawing.thumbnail(0, 0)  # the inputs' maps are made over the same view and cut alike
    assert x1.width() == 6
    assert x1.pixelColor(0, 3).name() != palette.NEGATIVE   # x1 = -1 at the square's left edge, not -6
