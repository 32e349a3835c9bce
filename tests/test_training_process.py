"""Training runs in its own process: Qt-free, joined on close, and a crash of it never takes the window along.

Walked from a default MainWindow as a person would (Generate, Train); every wait is on a signal or on what
the window shows, never a sleep.
"""
from __future__ import annotations

import os
import pathlib
import signal
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

WAIT = 15_000
REPO = pathlib.Path(__file__).resolve().parent.parent
QT_LIBRARIES = ("Qt6", "pyside6", "shiboken6")     # what a process that imported PySide6 has mapped


def click(qtbot, window, name):
    widget = window.findChild(QPushButton, name)
    assert widget is not None and widget.isVisible(), name
    qtbot.waitUntil(widget.isEnabled, timeout=WAIT)          # Train: once the generated data has settled
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def qt_libraries_mapped(pid: int) -> list[str]:
    maps = pathlib.Path(f"/proc/{pid}/maps").read_text()
    return sorted({line.split()[-1] for line in maps.splitlines()
                   if any(name in line.lower() for name in (n.lower() for n in QT_LIBRARIES))})


def train_until(qtbot, window, condition):
    def reached():
        snap = window.latest_snapshot()
        assert snap is not None and condition(snap)
    qtbot.waitUntil(reached, timeout=WAIT)
    return window.latest_snapshot()


needs_proc = pytest.mark.skipif(not pathlib.Path("/proc/self/maps").exists(), reason="reads /proc/<pid>/maps")


@needs_proc
def test_the_window_trains_in_a_qt_free_child_process(qtbot, window):
    click(qtbot, window, "generateButton")
    click(qtbot, window, "trainButton")
    train_until(qtbot, window, lambda s: s.running and s.step > 10)
    pid = window.controller.process_id()
    assert pid is not None and pid != os.getpid()
    assert qt_libraries_mapped(os.getpid())                 # the check sees Qt where it is loaded...
    assert qt_libraries_mapped(pid) == []                   # ...and the training process has none of it
    # A whole snapshot (~450 KiB) fits in the results pipe: its write never waits on this process's GIL.
    import fcntl

    from playground.worker.process_link import RESULTS_PIPE_BYTES
    results = window.controller._process._results
    assert fcntl.fcntl(results.fileno(), fcntl.F_GETPIPE_SZ) == RESULTS_PIPE_BYTES


def test_the_child_module_imports_neither_pyside_nor_pyqtgraph():
    code = ("import sys, playground.worker.child; "
            "print([m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6')])")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


@needs_proc
def test_a_script_run_by_path_that_imports_qt_still_gets_a_qt_free_child(tmp_path):
    """The console script `micrograd-playground` and the benchmarks are scripts run by path: multiprocessing
    would import them again in the child (with Qt) unless the controller keeps them out."""
    script = tmp_path / "launcher.py"
    script.write_text(textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(REPO)!r})
        from PySide6.QtCore import QCoreApplication
        from engine import datasets
        from playground.model.state import PlaygroundState
        from playground.worker.config import TrainingConfig
        from playground.worker.controller import TrainingController

        app = QCoreApplication([])
        points, labels = datasets.moons_centered(50, 0.1, 0)
        state = PlaygroundState(points=points.tolist(), labels=labels.tolist())
        controller = TrainingController()
        controller.snapshot_ready.connect(lambda s: app.quit())
        controller.configure(TrainingConfig.from_state(state))
        app.exec()
        maps = open(f"/proc/{{controller.process_id()}}/maps").read().lower()
        print("qt in child" if "qt6" in maps or "pyside6" in maps else "child is qt-free")
        print("joined" if controller.shutdown() else "left running")
    """))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["child", "is", "qt-free", "joined"]


def test_a_killed_training_process_is_reported_and_train_goes_on_from_the_last_weights(qtbot, window):
    click(qtbot, window, "generateButton")
    points_before = window.dataset.points().copy()
    click(qtbot, window, "trainButton")
    train_until(qtbot, window, lambda s: s.running and s.step > 20)
    first_pid = window.controller.process_id()
    with qtbot.waitSignal(window.controller.worker_lost, timeout=WAIT):
        os.kill(first_pid, signal.SIGKILL)
    # The window is fine, says what happened, and shows the run stopped; the user's points are untouched.
    assert "ended unexpectedly" in window.status.text() and "safe" in window.status.text()
    assert not window.training_bar.is_running() and not window.session.running
    np.testing.assert_array_equal(window.dataset.points(), points_before)
    last = window.latest_snapshot()
    assert window.controller.process_id() is None and not window.controller.is_running()
    # Train again: a fresh process, the same model (same curve) from the last weights shown.
    first_after = []
    window.snapshot_painted.connect(lambda s: first_after.append(s) if not first_after else None)
    click(qtbot, window, "trainButton")
    on = train_until(qtbot, window, lambda s: s.running and s.step > last.step + 20)
    assert window.controller.process_id() not in (None, first_pid)
    assert (first_after[0].model_id, first_after[0].step) == (last.model_id, last.step)
    np.testing.assert_array_equal(first_after[0].flat_weights(), last.flat_weights())
    assert on.model_id == last.model_id and np.isfinite(on.train_loss)


def test_a_fresh_process_is_told_the_last_data_settings_view_and_weights():
    """What the controller replays to a new process after new data and a live setting: the config on the new
    data with the last weights shown, under the same model number, then the setting made since."""
    import dataclasses

    from engine import datasets
    from playground.model.state import PlaygroundState
    from playground.worker.config import TrainingConfig
    from playground.worker.resume import ResumePoint
    from playground.worker.training_loop import SNAPSHOT, TrainingLoop

    def config(n):
        points, labels = datasets.moons_centered(n, 0.1, 0)
        return TrainingConfig.from_state(PlaygroundState(points=points.tolist(), labels=labels.tolist()))

    first = dataclasses.replace(config(100), model_id=3)
    sent = []
    loop = TrainingLoop(lambda kind, payload: sent.append(payload) if kind == SNAPSHOT else None)
    resume = ResumePoint()
    for name, args in [("set_view_extent", ((-2.0, 2.0, -1.0, 1.0),)), ("configure", (first,)),
                       ("update_settings", ({"learning_rate": 0.1},)), ("step_once", ()), ("step_once", ()),
                       ("replace_data", (config(150),)), ("update_settings", ({"l2": 0.01},))]:
        resume.record(name, args)
        getattr(loop, name)(*args)
        if sent:
            resume.shown(sent[-1])
    replay = resume.commands()
    assert [name for name, _ in replay] == ["set_view_extent", "configure", "update_settings"]
    assert replay[0][1] == ((-2.0, 2.0, -1.0, 1.0),) and replay[2][1] == ({"l2": 0.01},)
    again = replay[1][1][0]
    assert (again.model_id, again.step, len(again.points)) == (3, 2, 150)
    np.testing.assert_array_equal(again.weights, sent[-1].flat_weights())
