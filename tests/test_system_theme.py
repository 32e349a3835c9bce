"""Light and dark follow the system live: the system's colour-scheme switch (QStyleHints.colorSchemeChanged,
emitted here as the platform would: offscreen has no system to switch) re-themes every plot, heatmap and
graph view; a theme chosen in View ▸ Theme wins over the system's and is remembered."""
from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget

from playground.views.palette import is_dark
from playground.window.view_menu import THEME_KEY, apply_theme_palette


@pytest.fixture
def system_scheme():
    """Switch the (simulated) system's colour scheme; the light system comes back afterwards."""
    hints = QGuiApplication.styleHints()
    yield hints.colorSchemeChanged.emit
    apply_theme_palette("system", Qt.ColorScheme.Unknown)


def backgrounds(window) -> dict[str, bool]:
    """Is each view's background dark? (plots, the heatmap's canvas, the graph views, the timeline's bar and
    its marker's ring, the value picker)"""
    panel = window.graph_panel
    stats = panel.stats_view
    computation = panel.computation_view.canvas
    brushes = {
        "canvas": window.canvas.backgroundBrush().color(),
        "loss plot": window.loss_plot.backgroundBrush().color(),
        "gradient norms": stats.grad_plot.backgroundBrush().color(),
        "gradient histogram": stats.hist_plot.backgroundBrush().color(),
        "hidden space": panel.hidden_space_view.plot.backgroundBrush().color(),
        "landscape": panel.landscape_view.plot.backgroundBrush().color(),
        "network nodes": panel.network_view.drawing.colors["base"],
        "new plots": pg.mkColor(pg.getConfigOption("background")),
        "timeline bar": window.timeline.bar.palette().window().color(),
        "value picker": window.problem.value_picker.palette().window().color(),
        "timeline marker's halo": window.timeline.marker.dot.opts["symbolPen"].color(),
    }
    dark = {name: is_dark(colour) for name, colour in brushes.items()}
    box = next(iter(computation.boxes.values()), None)     # None while the graph is being rebuilt
    dark["computation boxes"] = is_dark(box.brush().color()) if box is not None else None
    return dark


def all_dark(window) -> bool:
    return all(dark is True for dark in backgrounds(window).values())


def none_dark(window) -> bool:
    return all(dark is False for dark in backgrounds(window).values())


def text_is_light(window) -> dict[str, bool]:
    stats_title = window.graph_panel.stats_view.grad_plot.getPlotItem().titleLabel.opts["color"]
    return {
        "canvas axis": not is_dark(window.canvas.getPlotItem().getAxis("bottom").textPen().color()),
        "loss axis": not is_dark(window.loss_plot._loss.getAxis("left").textPen().color()),
        "gradient title": not is_dark(pg.mkColor(stats_title)),
        "new plots": not is_dark(pg.mkColor(pg.getConfigOption("foreground"))),
        "fitted curve": not is_dark(window.canvas.regression.curve.item.opts["pen"].color()),
        "timeline step": not is_dark(window.timeline.bar.step_label.palette().windowText().color()),
    }


def test_the_system_going_dark_re_themes_every_view_live_and_a_chosen_theme_wins(
        window, settings, qtbot, system_scheme):
    with qtbot.waitSignal(window.snapshot_painted, timeout=10_000):    # the data reached the network
        window.findChild(QWidget, "generateButton").click()
    panel = window.graph_panel
    panel.setCurrentWidget(panel.computation_view)
    window.canvas.set_selected_index(0)           # the computation graph draws this point's boxes
    qtbot.waitUntil(lambda: bool(panel.computation_view.canvas.boxes))
    assert window.view_extras.theme() == "system"
    assert none_dark(window)

    system_scheme(Qt.ColorScheme.Dark)
    assert is_dark(QGuiApplication.palette().color(QPalette.ColorRole.Window))
    qtbot.waitUntil(lambda: all_dark(window))
    qtbot.waitUntil(lambda: all(text_is_light(window).values()))

    system_scheme(Qt.ColorScheme.Light)
    qtbot.waitUntil(lambda: none_dark(window))
    assert not any(text_is_light(window).values())

    # View ▸ Theme ▸ Light: the system going dark no longer changes anything, and the choice is kept.
    window.view_extras.theme_actions["light"].trigger()
    system_scheme(Qt.ColorScheme.Dark)
    assert not is_dark(QGuiApplication.palette().color(QPalette.ColorRole.Window))
    qtbot.waitUntil(lambda: none_dark(window))
    assert settings.value(THEME_KEY) == "light"
    window.view_extras.theme_actions["system"].trigger()     # back to following the system, which is dark
    qtbot.waitUntil(lambda: all_dark(window))
