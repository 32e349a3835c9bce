"""The loss/accuracy plot: long runs, bad numbers, the log scale and the saved history."""
from __future__ import annotations

import json
import math
import re
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QCheckBox

from playground.model.history import HISTORY_GROUPS, MAX_ROWS
from playground.model.state import PlaygroundState
from playground.views.loss_plot import LossPlot


def drawn(curve):
    """What the curve hands to the painter (after clipping and decimation)."""
    x, y = curve.getData()
    return (np.zeros(0), np.zeros(0)) if x is None else (x, y)


def falling_run(n, seed=0):
    rng = np.random.default_rng(seed)
    steps = np.arange(n, dtype=np.float64)
    return steps, np.exp(-steps / (n / 5)) + 0.05 * rng.random(n)


def test_a_100k_step_run_is_stored_bounded_and_drawn_decimated(qtbot, plot):
    steps, losses = falling_run(100_000)
    losses[777] = 5.0                                              # an early spike
    for start in range(0, steps.size, 1000):                       # as the worker sends them, in slices
        plot.append(steps[start:start + 1000], losses[start:start + 1000])
    # Once the view has ranged itself to the data, pyqtgraph draws about a pixel's worth of points, not 100k.
    qtbot.waitUntil(lambda: 0 < drawn(plot.train_loss_curve)[0].size < 10_000)
    history = plot.history()
    assert len(history["step"]) <= MAX_ROWS and history["step"][0] == 0 and history["step"][-1] == 99_999
    assert history["train_loss"][-1000:] == losses[-1000:].tolist(), "the newest steps are kept whole"
    assert max(history["train_loss"]) == 5.0 and min(history["train_loss"]) == losses.min(), \
        "decimating old steps keeps their extremes"
    x, y = drawn(plot.train_loss_curve)
    assert x[-1] >= 99_000, "the whole run is in view"
    assert y.max() == pytest.approx(5.0), "peak decimation keeps the spikes"


def test_test_points_and_accuracy(qtbot, plot):
    plot.append(np.arange(1, 101), np.linspace(1, 0.1, 100))
    for step in (0, 50, 100):
        plot.append_test(step, 0.5, step / 100, None if step == 0 else step / 200)
    plot.append_test(120, None, 0.9, None)                         # no test split
    qtbot.waitUntil(lambda: drawn(plot.train_accuracy_curve)[0].size == 4)
    history = plot.history()
    assert history["eval_step"] == [0, 50, 100, 120] and history["train_accuracy"] == [0, 0.5, 1.0, 0.9]
    assert history["test_step"] == [50, 100] and history["test_accuracy"] == [0.25, 0.5]
    assert drawn(plot.test_loss_curve)[0].tolist() == [50, 100]
    for bad in ({"accuracy_train": 1.5}, {"step": True}, {"loss": "low"}, {"step": -1}):
        args = {"step": 200, "loss": 0.1, "accuracy_train": 0.5, "accuracy_test": 0.5} | bad
        with pytest.raises(ValueError):
            plot.append_test(**args)
    assert plot.history() == history, "a refused call changes nothing"


def test_non_finite_losses_are_skipped_not_drawn(qtbot, plot):
    plot.append([1, 2, 3, 4], [0.5, math.nan, math.inf, 0.25])
    plot.append_test(4, math.nan, 0.5, 0.5)                        # a diverged test loss: no test point
    qtbot.waitUntil(lambda: drawn(plot.train_loss_curve)[0].size == 2)
    assert plot.history()["train_loss"] == [0.5, 0.25]
    assert plot.history()["test_step"] == [] and plot.history()["eval_step"] == [4]
    json.dumps(plot.history(), allow_nan=False)                    # still valid JSON


def test_log_scale_with_zeros_and_nan_stays_finite(qtbot, plot):
    checkbox = plot.findChild(QCheckBox, "logScaleCheck")
    assert checkbox is not None and checkbox.isVisible()
    plot.append([0, 1, 2, 3, 4], [1.0, 0.1, 0.0, math.nan, 0.0])   # hinge loss does reach exactly 0
    plot.append_test(4, 0.0, 1.0, 1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")                             # no log10(0) RuntimeWarning either
        with qtbot.waitSignal(plot.log_scale_toggled) as blocker:
            qtbot.mouseClick(checkbox, Qt.MouseButton.LeftButton)
        assert blocker.args == [True] and plot.log_scale()
        plot.grab()                                                # paint it
    x, y = drawn(plot.train_loss_curve)
    assert x.size == 4 and np.isfinite(y).all()
    assert y.min() < math.log10(0.1), "zeros sit below the smallest positive loss"
    assert np.isfinite(drawn(plot.test_loss_curve)[1]).all()
    with qtbot.assertNotEmitted(plot.log_scale_toggled):
        plot.set_log_scale(False)
    assert not checkbox.isChecked()
    with pytest.raises(ValueError):
        plot.set_log_scale("yes")


def test_history_round_trips_through_json_and_the_state(qtbot, plot):
    steps, losses = falling_run(500)
    plot.append(steps, losses)
    for step in range(0, 500, 100):
        plot.append_test(step, float(losses[step]) + 0.1, 0.5 + step / 1000, 0.4 + step / 1000)
    saved = json.loads(json.dumps(plot.history(), allow_nan=False))
    PlaygroundState(history=saved).validate()                      # sessions accept it as it is
    restored = LossPlot()
    qtbot.addWidget(restored)
    restored.set_history(saved)
    assert restored.history() == saved
    assert set(saved) == {key for keys in HISTORY_GROUPS.values() for key in keys}
    restored.clear()
    assert all(values == [] for values in restored.history().values())
    restored.set_history({})
    assert restored.history()["step"] == []


@pytest.mark.parametrize("bad, word", [
    ({"step": [1, 2], "train_loss": [0.1]}, "length"),
    ({"step": [1, 2]}, "train_loss"),
    ({"steps": [1]}, "unknown"),
    ({"step": [2, 1], "train_loss": [0.1, 0.2]}, "decrease"),
    ({"step": [1.5], "train_loss": [0.1]}, "whole"),
    ({"step": [1], "train_loss": [float("nan")]}, "finite"),
    ({"step": [1], "train_loss": ["0.1"]}, r"history.train_loss\[0\]': '0.1' is not a number"),
    ({"step": [True], "train_loss": [0.1]}, r"history.step\[0\]': true is not a number"),
    ({"step": [10**400], "train_loss": [0.1]}, "an integer of 401 digits is not a finite number"),
    ({"eval_step": [1], "train_accuracy": [1.5]}, "0..1"),
    ([1, 2], "expected an object"),
])
def test_a_bad_history_is_refused_and_changes_nothing(qtbot, plot, bad, word):
    plot.append([1, 2], [0.3, 0.2])
    before = plot.history()
    with pytest.raises(ValueError, match=word):
        plot.set_history(bad)
    assert plot.history() == before


def test_append_checks_its_arguments(plot):
    with pytest.raises(ValueError, match="length"):
        plot.append([1, 2, 3], [0.1, 0.2])
    with pytest.raises(ValueError, match="one-dimensional"):
        plot.append(np.zeros((2, 2)), np.zeros((2, 2)))
    with pytest.raises(ValueError, match="numbers"):
        plot.append(["a"], [0.1])
    plot.append([5], [0.1])
    with pytest.raises(ValueError, match="backwards"):
        plot.append([3], [0.1])                                    # a new model needs clear() first
    plot.clear()
    plot.append([3], [0.1])
    assert plot.history()["step"] == [3]


def test_hovering_reads_the_values_at_the_step_under_the_mouse(qtbot, plot):
    plot.append(np.arange(1001), np.linspace(1.0, 0.0, 1001))
    plot.append_test(1000, 0.05, 0.99, 0.97)
    qtbot.waitUntil(lambda: drawn(plot.train_loss_curve)[0].size > 0)
    plot.train_loss_curve.getViewBox().setXRange(0, 1000, padding=0)
    view = plot.train_loss_curve.getViewBox()
    scene_point = view.mapViewToScene(view.mapToView(view.boundingRect().center()))
    middle = plot.mapFromScene(scene_point)
    qtbot.mouseMove(plot.viewport(), QPoint(middle.x(), middle.y()))
    # The middle pixel is step 500 give or take the steps one pixel spans (here about two).
    qtbot.waitUntil(lambda: re.search(r"step 50[01]\b|step 499\b", plot._readout.text) is not None)
    step = int(re.search(r"step (\d+)", plot._readout.text).group(1))
    train = float(re.search(r"train <b>([\d.]+)", plot._readout.text).group(1))
    assert train == pytest.approx(1.0 - step / 1000, abs=1e-3)       # the curve's value at that step


def test_follows_a_dark_palette(qtbot, plot):
    dark = QPalette(plot.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e0e0e0"))
    plot.setPalette(dark)
    assert plot.backgroundBrush().color().name() == "#1e1e1e"
    assert plot.train_loss_curve.opts["pen"].color().lightness() > 128, "train curve must stand out on dark"


def test_the_history_and_the_session_rules_load_no_qt():
    """The loss history, its decimation and the state's rules run without Qt (a Qt-free session model next)."""
    probe = ("import sys, playground.model.history, playground.model.state, playground.files.strict_json\n"
             "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph'))))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=Path(__file__).resolve().parents[1],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
