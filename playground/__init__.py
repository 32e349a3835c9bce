"""micrograd playground: the desktop app (PySide6 + pyqtgraph) over the `engine` package."""

__all__ = ["MainWindow"]


def __getattr__(name):
    # Lazy, so `python -m playground` can set environment variables before Qt and numpy load.
    if name == "MainWindow":
        from playground.window.main_window import MainWindow
        return MainWindow
    raise AttributeError(name)
