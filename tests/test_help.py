"""Help: every control a user can act on says what it is (accessible name), what it does (tooltip) and why
(What's This?); Help ▸ Keyboard shortcuts lists the window's actions; Help ▸ About names the versions."""
from __future__ import annotations

import platform

import numpy
import pyqtgraph
import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QGraphicsView,
    QTabBar,
    QWhatsThis,
    QWidget,
)

ACTABLE = (QAbstractButton, QComboBox, QAbstractSpinBox, QAbstractSlider, QGraphicsView)


def user_facing_widgets(window) -> list[QWidget]:
    """Named widgets a user acts on or reads: controls, the canvas, the plots, and the app's own views."""
    found = []
    for widget in window.findChildren(QWidget):
        name = widget.objectName()
        if not name or name.startswith("qt_") or isinstance(widget.parentWidget(), QTabBar):  # Qt's own parts
            continue
        if isinstance(widget, ACTABLE) or type(widget).__module__.startswith("playground."):
            found.append(widget)
    return found


def missing_help(window) -> list[str]:
    problems = []
    for widget in user_facing_widgets(window):
        name = widget.objectName()
        for what, text in (("toolTip", widget.toolTip()), ("whatsThis", widget.whatsThis()),
                           ("accessibleName", widget.accessibleName())):
            if not text.strip():
                problems.append(f"{name}: no {what}")
        if widget.accessibleName() == name:
            problems.append(f"{name}: its accessible name is its objectName, not a human name")
    return problems


def test_every_control_view_and_plot_explains_itself(window, qtbot):
    widgets = {w.objectName() for w in user_facing_widgets(window)}
    # The walk reaches what matters (a guard against a filter that silently finds nothing).
    assert {"trainButton", "speedSlider", "datasetCanvas", "lossPlot", "networkCanvas", "l2Strength",
            "presetCombo", "layer1Neurons", "showTestCheck", "gradientStatsView",
            # regression's and the timeline's controls (the value picker hidden in classification: still named)
            "problemCombo", "valuePicker", "valueSlider", "valuePlusOne", "timelineBar", "timelineSlider",
            "timelinePlayButton", "timelineSpeedCombo", "timelineResumeButton"} <= widgets
    assert missing_help(window) == []
    assert window.findChild(QWidget, "trainButton").accessibleName() == "Train"
    assert "L2" in window.findChild(QWidget, "l2Strength").whatsThis()
    assert "thumbnail" in window.findChild(QWidget, "networkCanvas").whatsThis()
    assert "boundary" in window.findChild(QWidget, "datasetCanvas").whatsThis()
    assert "loss plot" in window.findChild(QWidget, "timelineSlider").whatsThis()

    # A hidden layer added by the user comes with its help too.
    qtbot.mouseClick(window.findChild(QWidget, "addLayerButton"), Qt.MouseButton.LeftButton)
    spin = window.findChild(QWidget, "layer3Neurons")
    assert spin is not None
    assert spin.accessibleName() == "Neurons in layer 3" and spin.whatsThis()
    assert missing_help(window) == []


def test_graph_panel_tabs_explain_their_pages(window):
    panel = window.graph_panel
    for i in range(panel.count()):
        assert panel.tabToolTip(i) and panel.tabWhatsThis(i), panel.tabText(i)


def test_whats_this_is_in_the_help_menu_on_shift_f1(window):
    action = window.help.whats_this
    assert action in window.help.menu.actions()
    assert action.shortcut().toString() == "Shift+F1"
    action.trigger()
    try:
        assert QWhatsThis.inWhatsThisMode()
    finally:
        QWhatsThis.leaveWhatsThisMode()


def test_keyboard_shortcuts_lists_every_action_with_keys(window, qtbot):
    window.help.shortcuts.trigger()
    dialog = window.help.shortcuts_dialog
    qtbot.waitUntil(dialog.isVisible)
    table = dialog.findChild(QWidget, "shortcutsTable")
    rows = {tuple(table.item(r, c).text() for c in range(3)) for r in range(table.rowCount())}
    assert ("Train", "Train / Pause", "Space") in rows
    assert ("Train", "Step", "Ctrl+Right") in rows
    assert ("View", "Fit Data", "Ctrl+0") in rows
    assert ("Edit", "Redo", "Ctrl+Shift+Z, Ctrl+Y") in rows
    assert ("File", "Save As", "Ctrl+Shift+S") in rows
    assert ("Help", "What's This?", "Shift+F1") in rows
    assert ("Train", "Play Timeline", "Ctrl+Shift+P") in rows
    assert ("Train", "Resume from Here", "Ctrl+Shift+R") in rows
    with_keys = {a.objectName() for a in window.findChildren(PySide6.QtGui.QAction) if a.shortcuts()}
    assert len(rows) == len(with_keys)          # every action with a shortcut, each once
    dialog.reject()


def test_about_names_the_versions_and_the_licence(window, qtbot):
    window.help.about.trigger()
    box = window.help.about_box
    qtbot.waitUntil(box.isVisible)
    text = box.text()
    for needle in (platform.python_version(), qVersion(), PySide6.__version__, pyqtgraph.__version__,
                   numpy.__version__, "MIT"):
        assert needle in text
    assert not box.iconPixmap().isNull()
    assert not window.windowIcon().isNull()
    box.close()


def test_help_table_names_only_widgets_that_exist(window):
    """A renamed or removed control must not leave its help behind (or lose it silently)."""
    from playground.views.help_texts import HELP
    window.findChild(QAction, "actionExamples").trigger()     # the gallery's controls exist while it is open
    stale = [key for key in HELP if window.findChild(QWidget, key.replace("{n}", "1")) is None]
    assert stale == []


def test_each_object_name_is_explained_by_one_table_only():
    from playground.views.help_panels import PANEL_HELP
    from playground.views.help_views import VIEW_HELP
    assert PANEL_HELP.keys() & VIEW_HELP.keys() == set()
