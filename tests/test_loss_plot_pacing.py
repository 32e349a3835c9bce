"""The loss plot follows a growing run at a few range updates a second (issue 10), and still shows every
loss it was given once the views catch up."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QTimer

from playground.views import loss_plot_axes


def x_range(plot):
    return plot.train_loss_curve.getViewBox().viewRange()[0]


def y_range(plot):
    return plot.train_loss_curve.getViewBox().viewRange()[1]


def test_a_streamed_run_is_drawn_whole_and_the_views_catch_up(qtbot, plot):
    """Snapshots arrive as the worker sends them (a slice of steps every 33 ms, an evaluation now and then);
    once they stop, every step is on the curve and the views show all of it."""
    sent = {"step": 0}

    def send():
        s = sent["step"]
        steps = np.arange(s, s + 40)
        plot.append(steps, 2.0 / (1 + steps / 300))
        if s % 200 == 0:
            plot.append_test(s + 39, 2.5 / (1 + s / 300), 0.5, 0.5)
        sent["step"] = s + 40
    timer = QTimer(interval=33)
    timer.timeout.connect(send)
    timer.start()
    qtbot.waitUntil(lambda: sent["step"] >= 1200, timeout=20000)
    timer.stop()
    last = sent["step"] - 1
    # The curve caught up (its redraws are paced), and so did the view (which may leave room ahead).
    qtbot.waitUntil(lambda: plot.train_loss_curve.getOriginalDataset()[0][-1] == last
                    and x_range(plot)[1] >= last, timeout=5000)
    x, y = plot.train_loss_curve.getOriginalDataset()
    np.testing.assert_array_equal(x, np.arange(last + 1))                   # every step sent, in order
    low, high = y_range(plot)
    assert low <= y.min() and high >= 2.0                                   # all of the curve in view
    assert x_range(plot)[0] <= 0
    tx, _ = plot.test_loss_curve.getOriginalDataset()
    last_evaluation = max(s for s in range(0, sent["step"], 40) if s % 200 == 0) + 39
    assert tx[-1] == last_evaluation                                        # the latest evaluation is drawn


def test_ranges_move_at_most_a_few_times_a_second_but_at_once_for_a_new_scale(qtbot, plot, monkeypatch):
    clock = {"now": 1000.0}
    monkeypatch.setattr(loss_plot_axes.time, "monotonic", lambda: clock["now"])
    view = plot.train_loss_curve.getViewBox()
    plot.append(np.arange(100), np.linspace(1, 0.5, 100))
    plot._redraw()
    ranged = x_range(plot)[1]
    assert ranged >= 99
    for start in range(100, 1000, 100):                 # ten redraws within one instant: no new ranges
        plot.append(np.arange(start, start + 100), np.linspace(0.5, 0.4, 100))
        plot._redraw()
    assert x_range(plot)[1] == ranged
    clock["now"] += loss_plot_axes.RANGE_MS / 1000      # its turn: the next redraw ranges to the data
    plot.append(np.arange(1000, 1100), np.linspace(0.4, 0.3, 100))
    plot._redraw()
    assert x_range(plot)[1] >= 1099
    plot.append(np.arange(1100, 1200), np.linspace(0.3, 0.01, 100))
    plot.set_log_scale(True)                             # a new scale: ranged at once, in log units
    low, high = view.viewRange()[1]
    assert low <= np.log10(0.01) and high >= 0 and x_range(plot)[1] >= 1199
