"""Start the app: QApplication, theme, the main window."""
from __future__ import annotations

import argparse
import sys

import numpy  # noqa: F401  (heavy imports before any thread starts: importing in a worker stalls the GUI)
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from playground.app_icon import app_icon
from playground.error_guard import install_exception_hook
from playground.resources import APP_ID

APP_NAME = "micrograd playground"
ORGANIZATION = "micrograd-playground"
SWITCH_INTERVAL = 0.0005  # seconds; see benchmarks/bench_app.py


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="micrograd-playground", description=__doc__)
    parser.add_argument("file", nargs="?", help="a session (.json) or dataset (.csv) to open")
    parser.add_argument("--data-dir", help="where autosaves live (default: the user's data folder)")
    parser.add_argument("--train-on-start", action="store_true",
                        help="press Train as soon as the window is up (demos, tests)")
    parser.add_argument("--restore", choices=("ask", "yes", "no"), default="ask",
                        help="what to do with an autosave left by a crash")
    parser.add_argument("--install-desktop", action="store_true",
                        help="add the app to your launcher (per user, under ~/.local/share) and exit")
    parser.add_argument("--uninstall-desktop", action="store_true", help="remove it from your launcher and exit")
    return parser.parse_args(argv)


def apply_theme(app: QApplication) -> None:
    """pyqtgraph draws on black by default; follow the system's light or dark palette instead."""
    palette = app.palette()
    pg.setConfigOptions(antialias=True, background=palette.base().color(),
                        foreground=palette.text().color())


def is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hasattr(hints, "colorScheme") and hints.colorScheme() == Qt.ColorScheme.Dark


def run(argv: list[str]) -> int:
    args = parse_args(argv[1:])
    if args.install_desktop or args.uninstall_desktop:
        from playground.desktop import main as desktop_main
        return desktop_main(["install" if args.install_desktop else "uninstall"])
    # The worker holds the GIL in short Python stretches; a shorter switch interval keeps the GUI snappy.
    sys.setswitchinterval(SWITCH_INTERVAL)
    app = QApplication.instance() or QApplication(argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName(APP_ID)       # Wayland and task bars match the window to its launcher entry
    app.setWindowIcon(app_icon())
    apply_theme(app)
    from playground.window.main_window import MainWindow
    window = MainWindow(data_dir=args.data_dir)
    install_exception_hook(lambda text: window.status.show_message(text, error=True))
    window.show()
    window.files.after_launch(args.file, restore=args.restore)
    if args.train_on_start:
        window.start_training()
    return app.exec()
