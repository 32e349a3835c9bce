"""View ▸ Theme switches every view's colours and is remembered; View ▸ Presentation mode (F11) goes full
screen with larger text and back."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from playground.views.palette import is_dark
from playground.window.view_menu import THEME_KEY, apply_theme_palette


@pytest.fixture
def restore_look():
    """Palette and font are the application's: give them back so no other test runs dark or large."""
    app = QApplication.instance()
    font = app.font()
    yield
    apply_theme_palette("system")
    app.setFont(font)


def test_dark_theme_recolours_the_views_and_is_remembered(window, settings, qtbot, restore_look):
    from playground.window.main_window import MainWindow
    extras = window.view_extras
    assert extras.theme() == "system"
    base = window.canvas.backgroundBrush().color()
    extras.theme_actions["dark"].trigger()
    assert is_dark(QApplication.instance().palette().color(QPalette.ColorRole.Window))
    # Qt hands the new palette to the widgets from the event loop.
    qtbot.waitUntil(lambda: is_dark(window.canvas.backgroundBrush().color()))
    qtbot.waitUntil(lambda: is_dark(window.loss_plot.backgroundBrush().color()))
    assert settings.value(THEME_KEY) == "dark"
    window.close()

    again = MainWindow(settings=settings, data_dir=window.data_dir)
    qtbot.addWidget(again)
    try:
        assert again.view_extras.theme() == "dark"
        qtbot.waitUntil(lambda: is_dark(again.canvas.backgroundBrush().color()))
        again.view_extras.theme_actions["system"].trigger()
        assert settings.value(THEME_KEY) == "system"
        qtbot.waitUntil(lambda: again.canvas.backgroundBrush().color() == base)
    finally:
        again.controller.shutdown()


def test_presentation_mode_is_full_screen_with_larger_text(window, restore_look):
    app = QApplication.instance()
    size = app.font().pointSizeF()
    action = window.view_extras.presentation
    assert action.shortcut().toString() == "F11"
    action.trigger()
    assert window.isFullScreen()
    assert app.font().pointSizeF() == pytest.approx(size * 1.5)
    action.trigger()
    assert not window.isFullScreen()
    assert app.font().pointSizeF() == pytest.approx(size)
