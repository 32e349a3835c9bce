"""ClassPicker and ToolPicker, clicked as a person would, wired to a real canvas and model."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QToolButton, QVBoxLayout, QWidget

from playground.undo.dataset_model import DatasetModel
from playground.views.canvas.canvas import DatasetCanvas
from playground.views.class_picker import ClassPicker, ToolPicker

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def ui(qtbot):
    """A picker, a tool row and a canvas, connected the way the main window connects them."""
    host = QWidget()
    model = DatasetModel(host)
    canvas = DatasetCanvas(model)
    picker, tools = ClassPicker(model), ToolPicker(canvas)
    picker.current_class_changed.connect(canvas.set_current_class)
    layout = QVBoxLayout(host)
    for w in (picker, tools, canvas):
        layout.addWidget(w)
    qtbot.addWidget(host)
    host.resize(460, 640)
    host.show()
    qtbot.waitExposed(host)
    yield model, canvas, picker, tools     # yield: qtbot holds the host only weakly


def button(widget, name) -> QToolButton:
    found = widget.findChild(QToolButton, name)
    assert found is not None, name
    return found


def click_canvas(qtbot, canvas, x, y):
    pos = canvas.mapFromScene(canvas.plotItem.vb.mapViewToScene(QPointF(x, y)))
    qtbot.mouseClick(canvas.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, pos)


def test_choosing_a_class_then_clicking_the_canvas_adds_that_class(qtbot, ui):
    model, canvas, picker, _ = ui
    assert picker.objectName() == "classPicker"
    click_canvas(qtbot, canvas, -1, 0)
    with qtbot.waitSignal(picker.current_class_changed) as chosen:
        qtbot.mouseClick(button(picker, "classButton1"), LEFT)
    assert chosen.args == [1] and button(picker, "classButton1").isChecked()
    click_canvas(qtbot, canvas, 1, 0)
    np.testing.assert_array_equal(model.labels(), [0, 1])


def test_only_the_classes_in_use_have_buttons(ui):
    model, _, picker, _ = ui
    shown = [button(picker, f"classButton{k}").isVisibleTo(picker) for k in range(6)]
    assert shown == [True, True, False, False, False, False]
    assert "orange" in button(picker, "classButton0").toolTip()


def test_plus_adds_a_class_and_minus_is_disabled_at_two(qtbot, ui):
    model, _, picker, _ = ui
    assert not button(picker, "removeClassButton").isEnabled()
    with qtbot.waitSignal(picker.num_classes_changed) as grew:
        qtbot.mouseClick(button(picker, "addClassButton"), LEFT)
    assert grew.args == [3] and model.num_classes == 3
    assert button(picker, "classButton2").isVisibleTo(picker)
    for _ in range(5):
        qtbot.mouseClick(button(picker, "addClassButton"), LEFT)
    assert model.num_classes == 6 and not button(picker, "addClassButton").isEnabled()


def test_removing_a_class_removes_its_points_says_so_and_undo_brings_both_back(qtbot, ui):
    model, canvas, picker, _ = ui
    qtbot.mouseClick(button(picker, "addClassButton"), LEFT)
    qtbot.mouseClick(button(picker, "classButton2"), LEFT)
    click_canvas(qtbot, canvas, 0.5, 0.5)
    click_canvas(qtbot, canvas, -0.5, 0.5)
    # The counts follow an edit a turn of the event loop later (coalesced, after the canvas repaints).
    qtbot.waitUntil(lambda: "2 points" in button(picker, "removeClassButton").toolTip())
    with qtbot.waitSignals([picker.message_posted, picker.num_classes_changed, picker.current_class_changed]):
        qtbot.mouseClick(button(picker, "removeClassButton"), LEFT)
    assert model.num_classes == 2 and model.count() == 0
    assert picker.current_class() == 1 and canvas.current_class() == 1     # clamped to a class that exists
    with qtbot.waitSignal(picker.num_classes_changed) as back:
        model.undo_stack.undo()
    assert back.args == [3] and model.count() == 2
    assert button(picker, "classButton2").isVisibleTo(picker)


def test_a_preset_with_more_classes_shows_up_in_the_picker(qtbot, ui):
    model, _, picker, _ = ui
    with qtbot.waitSignal(picker.num_classes_changed) as follows:
        model.replace(np.zeros((4, 2)), [0, 1, 2, 3], num_classes=4, text="Preset blobs")
    assert follows.args == [4] and picker.num_classes() == 4
    assert "1 point" in button(picker, "classButton3").toolTip()


def test_set_current_class_checks_its_button_and_refuses_missing_classes(ui):
    _, _, picker, _ = ui
    picker.set_current_class(1)
    assert button(picker, "classButton1").isChecked()
    with pytest.raises(ValueError, match="0..1"):
        picker.set_current_class(4)


def test_tool_buttons_set_the_canvas_tool_and_follow_it(qtbot, ui):
    _, canvas, _, tools = ui
    assert tools.objectName() == "canvasTools" and button(tools, "addToolButton").isChecked()
    with qtbot.waitSignal(canvas.tool_changed) as changed:
        qtbot.mouseClick(button(tools, "eraseToolButton"), LEFT)
    assert changed.args == ["erase"] and canvas.tool() == "erase"
    canvas.set_tool("select")
    assert button(tools, "selectToolButton").isChecked()


def test_the_pickers_need_their_model_and_canvas(qapp):
    with pytest.raises(ValueError, match="DatasetModel"):
        ClassPicker(None)
    with pytest.raises(ValueError, match="DatasetCanvas"):
        ToolPicker(DatasetModel())
