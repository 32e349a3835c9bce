"""Classification or regression in the window: a switch of problem (or of the kind of regression) brings its
loss, preset and features in one settings update (model/problem.py's rule), makes the new preset's points,
and sets what the views show: the canvas's kind (curve or surface), the class picker (classification only),
R² instead of accuracy, and the fitted curve of each snapshot."""
from __future__ import annotations

from PySide6.QtCore import QObject

from playground.model.problem import preset_changes, problem_changes
from playground.views.value_picker import ValuePicker


class ProblemWiring(QObject):
    def __init__(self, window):
        super().__init__(window)
        self._window = window
        self.value_picker = ValuePicker()
        column = window.class_picker.parentWidget().layout()
        column.insertWidget(column.indexOf(window.class_picker) + 1, self.value_picker)
        self.value_picker.hide()
        self.value_picker.value_changed.connect(window.canvas.regression.set_current_value)
        window.canvas.regression.set_current_value(self.value_picker.value())
        window.snapshot_painted.connect(self._on_snapshot_painted)

    def expand(self, changes: dict) -> dict:
        """The settings a change of problem or preset brings along (a new loss, preset, features)."""
        settings = self._window.session.settings
        if "problem" in changes:       # the same problem again brings nothing
            return {**changes, **problem_changes(settings, changes["problem"])}
        if "preset" in changes:
            return {**changes, **preset_changes(settings, changes["preset"])}
        return changes

    def after_settings(self, problem_before: str, kind_before: str) -> None:
        """After the session took new settings: a new problem or kind of regression makes the new preset's
        points (one undoable step) and updates what the views show."""
        w = self._window
        settings = w.session.settings
        if settings.problem == problem_before and settings.regression_kind == kind_before:
            return
        for panel in (w.data_controls, w.training_controls):
            panel.set_state(settings)
        self.show()
        w.data_controls.generate_button.click()   # the points of the new problem's preset, as Generate makes

    def show(self) -> None:
        """What the views show for the session's problem."""
        w = self._window
        settings = w.session.settings
        regression = settings.problem == "regression"
        w.canvas.regression.set_kind(settings.regression_kind)
        w.class_picker.setVisible(not regression)
        self.value_picker.setVisible(settings.regression_kind == "surface")
        metric = "R²" if regression else "accuracy"
        w.loss_plot.set_metric(metric)
        w.status.metric = metric

    def _on_snapshot_painted(self, snap) -> None:
        if len(snap.curve_x) and self._window.canvas.regression.kind == "curve":
            self._window.canvas.regression.set_curve(snap.curve_x, snap.curve_y)
