"""Classification or regression in the window: a switch of problem (or of the kind of regression) brings its
loss, preset and features in one settings update (model/problem.py's rule), makes the new preset's points,
and sets what the views show: the canvas's kind (curve or surface), the class picker (classification only),
R² instead of accuracy, and the fitted curve of each snapshot."""
from __future__ import annotations

from PySide6.QtCore import QObject

from playground.views.value_picker import ValuePicker
from playground.window.focus_order import tab_after


class ProblemWiring(QObject):
    def __init__(self, window):
        super().__init__(window)
        self._window = window
        self.value_picker = ValuePicker()
        column = window.class_picker.parentWidget().layout()
        column.insertWidget(column.indexOf(window.class_picker) + 1, self.value_picker)
        picker = self.value_picker
        tab_after(window.class_picker, (picker.slider, *picker.quick_buttons))   # in its place, not last
        self.value_picker.hide()
        self.value_picker.value_changed.connect(window.canvas.regression.set_current_value)
        window.canvas.regression.set_current_value(self.value_picker.value())
        window.snapshot_painted.connect(self._on_snapshot_painted)
        window.model.settings_changed.connect(self._on_settings_changed)
        self._shown = ("", "")     # the (problem, kind of regression) the views show
        self.show()

    def _on_settings_changed(self, _changed: dict) -> None:
        """A new problem or kind of regression (the model brought its loss, preset and features along) makes
        the new preset's points (one undoable step) and updates what the views show."""
        w = self._window
        settings = w.session.settings
        if w._applying or (settings.problem, settings.regression_kind) == self._shown:
            return
        self.show()
        # The new preset's points, as Generate makes them (from the model: the panels may not show it yet).
        w.generate_preset(settings.preset, settings.preset_points, settings.preset_noise, settings.preset_seed)

    def show(self) -> None:
        """What the views show for the session's problem."""
        w = self._window
        settings = w.session.settings
        self._shown = (settings.problem, settings.regression_kind)
        regression = settings.problem == "regression"
        w.canvas.regression.set_kind(settings.regression_kind)
        w.class_picker.setVisible(not regression)
        self.value_picker.setVisible(settings.regression_kind == "surface")
        metric = "R²" if regression else "accuracy"
        w.loss_plot.set_metric(metric)
        w.status.metric = metric

    def show_curve(self, snap) -> None:
        """A snapshot's fitted curve on the canvas (a live one, or a past step's from the timeline)."""
        if len(snap.curve_x) and self._window.canvas.regression.kind == "curve":
            self._window.canvas.regression.set_curve(snap.curve_x, snap.curve_y)

    def _on_snapshot_painted(self, snap) -> None:
        timeline = getattr(self._window, "timeline", None)
        if timeline is None or not timeline.showing_past():    # scrubbed: the past step's curve stays
            self.show_curve(snap)
