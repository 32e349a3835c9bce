"""The pickers that go with the dataset canvas: which class to draw, how many classes, which tool.

ClassPicker follows its DatasetModel: undoing a class-count change, loading a file or a preset with another
number of classes all show up here, and num_classes_changed is emitted for each of them. Removing a class
removes its points in the same undoable step (no confirmation dialog: Ctrl+Z brings them back), and the
picker says so through message_posted.
"""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from playground.model.state import MAX_CLASSES, MIN_CLASSES
from playground.undo.dataset_model import DatasetModel
from playground.views import palette

SWATCH = 14


class ClassPicker(QWidget):
    current_class_changed = Signal(int)
    num_classes_changed = Signal(int)
    message_posted = Signal(str)

    def __init__(self, model: DatasetModel, parent: QWidget | None = None):
        if not isinstance(model, DatasetModel):
            raise ValueError(f"model must be a DatasetModel, got {type(model).__name__}")
        super().__init__(parent)
        self.setObjectName("classPicker")
        self._model, self._current, self._shown_k = model, 0, model.num_classes
        self._group = QButtonGroup(self, exclusive=True)
        swatches = QHBoxLayout()
        swatches.setSpacing(4)
        for k in range(MAX_CLASSES):
            b = QToolButton(objectName=f"classButton{k}", checkable=True, text=str(k))
            b.setIcon(_swatch_icon(palette.class_color(k)))
            b.setIconSize(QSize(SWATCH, SWATCH))
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            b.setAccessibleName(f"Class {k}, {palette.CLASS_COLOR_NAMES[k]}")
            self._group.addButton(b, k)
            swatches.addWidget(b)
        swatches.addStretch(1)
        self._minus = QToolButton(objectName="removeClassButton", text="−")
        self._plus = QToolButton(objectName="addClassButton", text="+")
        self._minus.setAccessibleName("Remove the last class")
        self._plus.setAccessibleName("Add a class")
        self._count = QLabel(objectName="classCountLabel")
        count_row = QHBoxLayout()
        for w in (self._minus, self._count, self._plus):
            count_row.addWidget(w)
        count_row.addStretch(1)
        box = QGroupBox("Classes")
        inner = QVBoxLayout(box)
        inner.addLayout(swatches)
        inner.addLayout(count_row)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(box)

        self._group.idClicked.connect(self._on_class_clicked)
        self._minus.clicked.connect(lambda: self._on_count_clicked(-1))
        self._plus.clicked.connect(lambda: self._on_count_clicked(+1))
        # The counts in the tooltips follow an edit a turn of the event loop later (coalesced): at 100,000 points
        # counting and re-setting them took ~0.5-1.5 ms of an erase's one-frame budget before its repaint.
        self._counts_timer = QTimer(self, singleShot=True, interval=0)
        self._counts_timer.timeout.connect(self._show_counts)
        model.changed.connect(self._on_model_changed)
        self._refresh()

    # -- API -----------------------------------------------------------------------------------------------
    def current_class(self) -> int:
        return self._current

    def set_current_class(self, k: int) -> None:
        if not _is_int(k) or not 0 <= k < self._model.num_classes:
            raise ValueError(f"class must be a whole number in 0..{self._model.num_classes - 1}, got {k!r}")
        self._group.button(int(k)).setChecked(True)
        self._set_current(int(k))

    def num_classes(self) -> int:
        return self._model.num_classes

    def set_num_classes(self, k: int) -> None:
        """Ask the model for k classes; points of removed classes go too (one undoable step)."""
        before = self._model.num_classes
        dropped = self._model.set_num_classes(k, drop_points=True)
        if dropped:
            gone = ", ".join(palette.CLASS_COLOR_NAMES[i] for i in range(k, before))
            self.message_posted.emit(f"Removed {dropped} point{'s' if dropped != 1 else ''} of class "
                                     f"{gone} with the class (Ctrl+Z brings them back).")

    # -- reacting ------------------------------------------------------------------------------------------
    def _on_class_clicked(self, k: int) -> None:
        self._set_current(k)

    def _on_count_clicked(self, step: int) -> None:
        k = self._model.num_classes + step
        if MIN_CLASSES <= k <= MAX_CLASSES:
            self.set_num_classes(k)

    def _on_model_changed(self) -> None:
        if self._model.num_classes == self._shown_k:   # an edit: only the counts changed
            self._counts_timer.start()
        else:
            self._refresh()

    def _refresh(self) -> None:
        k = self._model.num_classes
        for i, b in enumerate(self._group.buttons()):
            b.setVisible(i < k)
        self._count.setText(f"{k} classes")
        self._plus.setEnabled(k < MAX_CLASSES)
        self._minus.setEnabled(k > MIN_CLASSES)
        self._plus.setToolTip(f"Add class {k} ({palette.CLASS_COLOR_NAMES[k]})" if k < MAX_CLASSES
                              else f"At most {MAX_CLASSES} classes")
        self._show_counts()
        current = min(self._current, k - 1)
        self._group.button(current).setChecked(True)
        self._set_current(current)
        if k != self._shown_k:
            self._shown_k = k
            self.num_classes_changed.emit(k)

    def _show_counts(self) -> None:
        """Each class's point count in its button's tooltip, and in the minus button's."""
        k, counts = self._model.num_classes, self._model.class_counts()
        for i in range(k):
            n = int(counts[i])
            _set_tip(self._group.button(i),
                     f"Draw class {i} ({palette.CLASS_COLOR_NAMES[i]}): {n} point{'s' if n != 1 else ''}")
        if k > MIN_CLASSES:
            n = int(counts[k - 1])
            _set_tip(self._minus, f"Remove class {k - 1} ({palette.CLASS_COLOR_NAMES[k - 1]})"
                     + (f" and its {n} point{'s' if n != 1 else ''}; Ctrl+Z undoes" if n else ""))
        else:
            _set_tip(self._minus, f"At least {MIN_CLASSES} classes")

    def _set_current(self, k: int) -> None:
        if k != self._current:
            self._current = k
            self.current_class_changed.emit(k)


def _set_tip(widget: QWidget, text: str) -> None:
    if widget.toolTip() != text:      # each set is an event through the application's filters
        widget.setToolTip(text)


class ToolPicker(QWidget):
    """Add / Erase / Select buttons for a DatasetCanvas (they follow the canvas's own tool changes), and
    Fit Data, which undoes any zoom or pan."""

    TIPS = {"add": "Click to add a point of the current class; drag to spray points.",
            "erase": "Click or drag to remove points (the right mouse button erases with any tool).",
            "select": "Click a point to show its computation graph (Ctrl+click works with any tool)."}

    def __init__(self, canvas, parent: QWidget | None = None):
        from playground.views.canvas.canvas import TOOLS, DatasetCanvas
        if not isinstance(canvas, DatasetCanvas):
            raise ValueError(f"canvas must be a DatasetCanvas, got {type(canvas).__name__}")
        super().__init__(parent)
        self.setObjectName("canvasTools")
        self._canvas = canvas
        self._group = QButtonGroup(self, exclusive=True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Tool:"))
        for i, tool in enumerate(TOOLS):
            b = QToolButton(objectName=f"{tool}ToolButton", checkable=True, text=tool.capitalize())
            b.setToolTip(self.TIPS[tool])
            self._group.addButton(b, i)
            row.addWidget(b)
        row.addStretch(1)
        self.fit_button = QToolButton(objectName="fitViewButton")
        self.fit_button.setDefaultAction(canvas.navigation.fit_action)   # text, tip, enabled: the action's
        row.addWidget(self.fit_button)
        self._tools = TOOLS
        self._group.idClicked.connect(lambda i: canvas.set_tool(self._tools[i]))
        canvas.tool_changed.connect(self._on_tool_changed)
        self._on_tool_changed(canvas.tool())

    def _on_tool_changed(self, tool: str) -> None:
        self._group.button(self._tools.index(tool)).setChecked(True)


def _swatch_icon(color: QColor) -> QIcon:
    pm = QPixmap(SWATCH * 2, SWATCH * 2)      # drawn at 2x so it stays crisp on high-DPI screens
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QColor(0, 0, 0, 110))
    p.setBrush(color)
    p.drawEllipse(2, 2, SWATCH * 2 - 4, SWATCH * 2 - 4)
    p.end()
    return QIcon(pm)


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)
