"""Shared test setup: headless Qt, isolated settings, and no thread left running."""
from __future__ import annotations

import multiprocessing
import os
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def no_threads_left_running(request):
    """Fail any test that leaves a training process or thread (or a Python thread) running."""
    before = set(threading.enumerate())
    children_before = set(multiprocessing.active_children())   # the forkserver is not one: not listed
    yield
    leaked = [t.name for t in threading.enumerate() if t not in before and t.is_alive()]
    try:
        from playground.worker.controller import TrainingController
    except ImportError:  # engine-only environments
        running = []
    else:
        running = TrainingController.running_controllers()
        for controller in running:       # stop them so one leak does not cascade
            controller.shutdown()
    assert not running, f"{request.node.name} left {len(running)} training process(es) running"
    children = [p.name for p in multiprocessing.active_children() if p not in children_before]
    assert not children, f"{request.node.name} left child processes running: {children}"
    assert not leaked, f"{request.node.name} left Python threads running: {leaked}"


@pytest.fixture
def settings(tmp_path):
    """A QSettings on a private ini file: tests never read or write the user's real settings."""
    from PySide6.QtCore import QSettings
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, settings, tmp_path):
    """The real main window, isolated from the user's settings and data folder."""
    from playground.window.main_window import MainWindow
    win = MainWindow(settings=settings, data_dir=tmp_path / "data")
    qtbot.addWidget(win)
    win.files.set_interactive(False)     # message boxes become signals in tests
    win.show()
    yield win
    win.controller.shutdown()


@pytest.fixture
def plot(qtbot):
    """A LossPlot on screen, 640×400 (a test module may define its own `plot`)."""
    from playground.views.loss_plot import LossPlot
    widget = LossPlot()
    qtbot.addWidget(widget)
    widget.resize(640, 400)
    widget.show()
    qtbot.waitExposed(widget)
    return widget
