"""The main window: builds the panels and wires them together. No math and no drawing of its own."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
from PySide6.QtCore import (
    QEvent,
    QObject,
    QSettings,
    QSignalBlocker,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSlider,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from playground.error_guard import guard_override
from playground.model.problem import make_preset
from playground.model.state import PlaygroundState
from playground.undo.session_model import SessionModel
from playground.views.canvas.canvas import DatasetCanvas
from playground.views.class_picker import ClassPicker, ToolPicker
from playground.views.controls.data import DataControls
from playground.views.controls.model_binding import PanelBinding
from playground.views.controls.run_bar import (
    NetworkControls,
    TrainingBar,
    TrainingControls,
)
from playground.views.loss_plot import LossPlot
from playground.views.status import StatusLine
from playground.window.files_wiring import install_files
from playground.window.graph_wiring import install_graph_panel
from playground.window.help_menu import install_help
from playground.window.problem_wiring import ProblemWiring
from playground.window.settings_wiring import SettingsWiring
from playground.window.timeline_wiring import install_timeline
from playground.window.training_wiring import TrainingWiring
from playground.window.view_menu import install_view_menu
from playground.worker.controller import TrainingController


class MainWindow(QMainWindow):
    state_changed = Signal()           # anything a session file would hold has changed
    snapshot_painted = Signal(object)  # a worker snapshot has been drawn (tests wait on it)

    def __init__(self, settings: QSettings | None = None, data_dir: str | Path | None = None,
                 state: PlaygroundState | None = None):
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("micrograd playground")
        self.settings = settings if settings is not None else QSettings()
        self.data_dir = Path(data_dir) if data_dir is not None else None
        self.model = SessionModel(self, state or last_used_settings(self.settings))
        self.session = self.model.session     # the one owner of settings, data, curves, weights, run state
        self.dataset = self.model.dataset
        self._applying = False
        self.controller = TrainingController(self)
        self._build_widgets()
        self.training = TrainingWiring(self)
        self.settings_wiring = SettingsWiring(self)
        self.problem = ProblemWiring(self)
        self._build_menus()
        self._space_keeper = SpaceForFocusedControls(self)
        QApplication.instance().installEventFilter(self._space_keeper)
        self._connect()
        self.files = install_files(self)
        self.graph_panel = install_graph_panel(self)
        self.timeline = install_timeline(self)     # the bar under the loss plot, past steps, resume
        self.view_extras = install_view_menu(self)
        self.help = install_help(self)
        self.apply_state(self.session.to_state())
        self.resize(1280, 800)
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    # -- building --------------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.canvas = DatasetCanvas(self.dataset)
        self.class_picker = ClassPicker(self.dataset)
        self.tool_picker = ToolPicker(self.canvas)
        self.data_controls = DataControls()
        self.network_controls = NetworkControls()
        self.training_controls = TrainingControls()
        self.training_bar = TrainingBar()
        self.loss_plot = LossPlot(history=self.session.history)   # draws the session's curves
        self.status = StatusLine(self.statusBar())

        side = QWidget(objectName="sidePanel")
        column = QVBoxLayout(side)
        for w in (self.class_picker, self.data_controls, self.network_controls, self.training_controls):
            column.addWidget(w)
        column.addStretch(1)
        # No Tab stop of its own: it scrolls to whichever of its controls has the focus.
        scroll = QScrollArea(objectName="sideScroll", widgetResizable=True, focusPolicy=Qt.FocusPolicy.NoFocus)
        scroll.setWidget(side)
        scroll.setMinimumWidth(side.sizeHint().width() + 24)

        self.right_split = QSplitter(Qt.Orientation.Vertical, objectName="rightSplitter")
        self.right_split.addWidget(self.loss_plot)
        self.main_split = QSplitter(Qt.Orientation.Horizontal, objectName="mainSplitter")
        self.main_split.addWidget(scroll)
        canvas_box = QWidget(objectName="canvasBox")
        canvas_column = QVBoxLayout(canvas_box)
        canvas_column.setContentsMargins(0, 0, 0, 0)
        canvas_column.addWidget(self.tool_picker)
        canvas_column.addWidget(self.canvas, 1)
        self.canvas.setMinimumWidth(320)
        self.main_split.addWidget(canvas_box)
        self.main_split.addWidget(self.right_split)
        self.main_split.setStretchFactor(1, 3)
        self.main_split.setStretchFactor(2, 2)
        self.main_split.setSizes([290, 470, 520])

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.training_bar)
        layout.addWidget(self.main_split, 1)
        self.setCentralWidget(central)

        # Shown while a run has diverged; names the step its weights come from (see TrainingWiring._on_snapshot_ready).
        self.restore_button = QPushButton("Restore best weights", objectName="restoreButton")
        self.restore_button.hide()
        self.statusBar().addPermanentWidget(self.restore_button)

    def _build_menus(self) -> None:
        self.file_menu = self.menuBar().addMenu("&File")
        edit = self.menuBar().addMenu("&Edit")
        undo = self.dataset.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.setObjectName("actionUndo")
        redo = self.dataset.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        redo.setObjectName("actionRedo")
        edit.addAction(undo)
        edit.addAction(redo)
        self.menuBar().addMenu("&View").addActions(self.canvas.navigation.actions())
        train = self.menuBar().addMenu("&Train")
        self.train_action = QAction("Train / Pause", self, objectName="actionTrain")
        self.train_action.setShortcut(QKeySequence(Qt.Key.Key_Space))
        self.train_action.triggered.connect(lambda: self.training.set_running(not self.session.running))
        step = QAction("Step", self, objectName="actionStep", shortcut=QKeySequence("Ctrl+Right"))
        step.triggered.connect(self.training.step_once)
        reset = QAction("Reset", self, objectName="actionReset", shortcut=QKeySequence("Ctrl+R"))
        reset.triggered.connect(self.training.reset)
        for action in (self.train_action, step, reset):
            train.addAction(action)
            self.addAction(action)

    def _connect(self) -> None:
        self.dataset.changed.connect(self.state_changed)      # every data edit is unsaved work
        self.class_picker.current_class_changed.connect(self.canvas.set_current_class)
        self.data_controls.preset_requested.connect(self.generate_preset)
        self.data_controls.clear_requested.connect(self.dataset.clear)
        for panel in (self.data_controls, self.network_controls, self.training_controls, self.training_bar):
            PanelBinding(panel, self.model)     # requests straight to the model; shows what it holds
        self.canvas.message_posted.connect(self.status.show_message)
        self.canvas.visible_extent_changed.connect(self.controller.set_view_extent)
        self.class_picker.message_posted.connect(self.status.show_message)

    # -- state in and out --------------------------------------------------------------------------
    def current_state(self, with_curves: bool = True) -> PlaygroundState:
        """Everything a session file holds, as it is now (without the loss curves, which take ~40 ms to copy
        after a long run, if not `with_curves`)."""
        return self.session.to_state(with_curves)

    def apply_state(self, state: PlaygroundState) -> None:
        """Replace everything with `state` (a new session, a file, a recovered autosave). Not an edit:
        state_changed stays quiet, and the caller (SessionFiles) says whether the result is saved."""
        state.validate()                              # history included: refuse before anything changes
        with QSignalBlocker(self):
            self._applying = True          # the class count that comes with it is no edit
            self.training.set_running(False)
            self.training.latest = None
            self.model.load_settings(state)
            self.dataset.replace(np.asarray(state.points, dtype=np.float64).reshape(-1, 2),
                                 np.asarray(state.labels, dtype=np.int64), state.num_classes, text="Open session",
                                 values=state.values)
            self.dataset.undo_stack.clear()
            self.canvas.set_show_test(state.show_test)
            self.problem.show()
            self.training.data_timer.stop()
            self._applying = False
            self._reconfigure(use_weights=True, say="", continues_curve=True)
        # No second evaluation at the step the loaded history ends with (open + save gives the same file).
        self.training.last_eval_step = state.step

    def latest_snapshot(self):
        return self.training.latest

    def state(self) -> PlaygroundState:
        """The settings (the data are the session's arrays)."""
        return self.session.settings

    # -- reacting to the user ------------------------------------------------------------------------
    def generate_preset(self, name: str, n: int, noise: float, seed: int) -> None:
        """Replace the points with a preset's (one undoable step); a bad request is said, nothing changes."""
        try:
            points, labels, values, k = make_preset(self.session.settings.problem, name, n, noise, seed,
                                                    self.dataset.num_classes)
        except (ValueError, TypeError) as exc:
            self.status.show_message(f"Preset not made: {exc}", error=True)
            return
        self.dataset.replace(points, labels, k, text=f"Preset {name}", values=values)

    def _reconfigure(self, use_weights: bool = False, say: str = "", keep_model: bool = False,
                     continues_curve: bool = False) -> None:
        self.training.reconfigure(use_weights, say, keep_model, continues_curve)

    def start_training(self) -> None:
        if self.training.data_timer.isActive():   # data just changed (a CSV given at launch): hand it over first
            self.training.data_timer.stop()
            self.training.data_settled()
        self.training.set_running(True)

    def pause_training(self) -> None:
        self.training.set_running(False)

    # -- drag and drop ------------------------------------------------------------------------------
    @guard_override
    def dragEnterEvent(self, event) -> None:
        if self.files.accepts_drop(event.mimeData()):
            event.acceptProposedAction()

    @guard_override
    def dropEvent(self, event) -> None:
        if self.files.handle_drop(event.mimeData()):
            event.acceptProposedAction()

    # -- closing ---------------------------------------------------------------------------------------
    @guard_override
    def closeEvent(self, event) -> None:
        if not self.files.maybe_save():
            event.ignore()
            return
        self.controller.shutdown()
        self.timeline.runner.wait()
        QApplication.instance().removeEventFilter(self._space_keeper)
        self.files.on_closed()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("session/lastSettings", json.dumps(
            replace(self.session.settings, points=[], labels=[], weights=None, step=0, history={},
                    timeline={}).to_dict()))
        super().closeEvent(event)


def last_used_settings(settings: QSettings) -> PlaygroundState:
    """The settings (not the data) the last window closed with; defaults when absent or unreadable."""
    text = settings.value("session/lastSettings")
    try:
        return PlaygroundState.from_dict(json.loads(text)) if isinstance(text, str) else PlaygroundState()
    except (ValueError, TypeError):      # StateError and JSONDecodeError are ValueErrors
        return PlaygroundState()


class SpaceForFocusedControls(QObject):
    """Space is Train/Pause window-wide, except on a focused check box, button, combo or slider:
    keyboard users still tick a feature with Space."""

    @guard_override(fallback=False)
    def eventFilter(self, obj, event) -> bool:  # Qt override
        if (event.type() == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_Space
                and not event.modifiers() and isinstance(obj, (QAbstractButton, QComboBox, QSlider))
                and obj.objectName() != "trainButton"):
            event.accept()
        return False
