"""Keyboard: every action is reachable from the menu bar (or a shortcut), Tab walks every control a user can act
on in panel order (the run bar, the side panel top to bottom, the canvas, the curves, the graph panel's tab) and
never stops on a hidden one, and every control that takes the focus has a human accessible name."""
from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QWidget

# The window's regions in the order Tab should visit them.
PANELS = ("trainingBar", "sidePanel", "canvasBox", "lossPlotBox", "graphPanel")   # lossPlotBox: the curves, the timeline


def menu_actions(window) -> set[QAction]:
    found: set[QAction] = set()

    def walk(actions):
        for action in actions:
            found.add(action)
            if action.menu() is not None:
                walk(action.menu().actions())
    walk(window.menuBar().actions())
    return found


def test_every_action_is_in_a_menu_with_a_mnemonic(window):
    titles = [a.text() for a in window.menuBar().actions()]
    letters = [t[t.index("&") + 1].lower() for t in titles if "&" in t]
    assert len(letters) == len(titles) == len(set(letters)), titles     # Alt+letter opens each menu
    reachable = menu_actions(window)
    unreachable = [a.text() for a in window.findChildren(QAction)
                   if a.text() and not a.isSeparator() and a not in reachable
                   and type(a.parent()).__module__.split(".")[0] != "pyqtgraph"]   # its plot menus are off
    assert unreachable == []


def acts_on_tab(widget: QWidget) -> bool:
    """A control Tab should stop on: shown, enabled, taking Tab focus; of an exclusive button group only the
    checked button (the arrow keys move within the group, as Qt does)."""
    if not (widget.isVisible() and widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
        return False
    if widget.focusProxy() is not None:
        return False                                # its proxy takes the focus
    parent = widget.parentWidget()
    if parent is not None and parent.focusProxy() is widget:
        widget = parent                             # a spin box's line edit stands for the spin box
    if isinstance(widget, QAbstractButton) and widget.group() is not None and widget.group().exclusive():
        return widget.isChecked()
    if isinstance(widget, QAbstractButton) and widget.autoExclusive():
        return widget.isChecked()
    return True


def panel_of(widget: QWidget) -> int:
    w = widget
    while w is not None:
        if w.objectName() in PANELS:
            return PANELS.index(w.objectName())
        w = w.parentWidget()
    raise AssertionError(f"{widget.objectName() or type(widget).__name__} is in no panel")


def stop_name(widget: QWidget) -> str:
    parent = widget.parentWidget()
    if parent is not None and parent.focusProxy() is widget:
        widget = parent
    return widget.objectName() or type(widget).__name__


def tab_round(window, qtbot, first: QWidget) -> list[QWidget]:
    """Press Tab from `first` until the focus comes back to it; the widgets it stopped on, in order."""
    first.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(first.hasFocus)
    stops = [first]
    for _ in range(200):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        if focus is first:
            return stops
        stops.append(focus)
    raise AssertionError(f"Tab never came back to {first.objectName()}: {[stop_name(w) for w in stops[-10:]]}")


def test_tab_visits_every_control_in_panel_order_and_nothing_hidden(window, qtbot):
    window.findChild(QWidget, "generateButton").click()     # data: Train and Step are enabled
    qtbot.waitUntil(lambda: window.findChild(QWidget, "trainButton").isEnabled())
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    step = window.findChild(QAction, "actionStep")
    while len(window.session.timeline) < 3:          # a few steps: the timeline's controls come alive
        with qtbot.waitSignal(window.model.timeline_changed, timeout=10_000):
            step.trigger()
    window.timeline.scrub_to(0)                      # a past step: "Resume from here" too
    panel = window.graph_panel
    for tab in range(panel.count()):                 # each graph tab brings its own controls
        panel.setCurrentIndex(tab)
        names = check_tab_round(window, qtbot)
    assert {"problemCombo", "timelineSlider", "timelinePlayButton", "timelineSpeedCombo",
            "timelineResumeButton"} <= set(names)


def test_tab_reaches_the_value_picker_of_a_regression_surface_in_panel_order(window, qtbot):
    problem = window.findChild(QComboBox, "problemCombo")
    problem.setCurrentIndex(problem.findData("regression"))
    preset = window.findChild(QComboBox, "presetCombo")
    preset.setCurrentIndex(preset.findData("plane"))              # a surface: its points carry values
    qtbot.waitUntil(lambda: window.problem.value_picker.isVisible()
                    and window.findChild(QWidget, "trainButton").isEnabled())
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    names = check_tab_round(window, qtbot)
    picker = ["valueSlider", "valueMinusOne", "valueZero", "valuePlusOne"]
    assert set(picker) <= set(names)
    assert names.index("problemCombo") > max(names.index(n) for n in picker)   # the picker sits above Data


def check_tab_round(window, qtbot) -> list[str]:
    stops = tab_round(window, qtbot, window.findChild(QWidget, "trainButton"))
    names = [stop_name(w) for w in stops]
    assert len(names) == len(set(names)), f"visited twice: {names}"
    hidden = [stop_name(w) for w in stops if not (w.isVisible() and w.isEnabled())]
    assert hidden == []
    expected = {stop_name(w) for w in window.findChildren(QWidget) if acts_on_tab(w)}
    assert set(names) == expected, (f"never reached: {sorted(expected - set(names))}; "
                                    f"not a control: {sorted(set(names) - expected)}")
    # Panel by panel, and top to bottom inside each (a row: left to right).
    order = [panel_of(w) for w in stops]
    assert order == sorted(order), list(zip(names, order))
    for before, after in zip(stops, stops[1:]):
        if panel_of(before) == panel_of(after):
            top_before = before.mapTo(window, before.rect().topLeft()).y()
            top_after = after.mapTo(window, after.rect().topLeft()).y()
            assert top_after >= top_before - 4, f"Tab goes up from {stop_name(before)} to {stop_name(after)}"
    return names


def is_human(name: str, object_name: str) -> bool:
    """Words a screen reader can say: not empty, not the objectName, not an identifier."""
    return bool(name.strip()) and name != object_name and not re.fullmatch(r"[a-z]+([A-Z0-9]\w*)|\w+_\w+", name)


def test_every_named_control_that_takes_the_focus_has_a_human_accessible_name(window, qtbot):
    qtbot.mouseClick(window.findChild(QWidget, "addLayerButton"), Qt.MouseButton.LeftButton)   # a new row too
    problems = []
    for widget in window.findChildren(QWidget):
        if not widget.objectName() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if widget.objectName().startswith("qt_") and widget is not window.graph_panel.tabBar():
            continue                                # Qt's own parts (a spin box's line edit): their owner is named
        if not is_human(widget.accessibleName(), widget.objectName()):
            problems.append(f"{widget.objectName()} ({type(widget).__name__}): {widget.accessibleName()!r}")
    assert problems == []
