"""File ▸ Examples…: a gallery of the example sessions, each with a picture of its data and what to watch for.

Opening one goes through `SessionFiles.open_untitled`: it asks to save unsaved work first, as Open does, and
the example opens untitled, so Save asks for a name instead of writing over the packaged resource. The
thumbnails are drawn at open time from each example's own points (the file is the one truth of its data).
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from playground.files.dialogs import explain
from playground.files.examples import EXAMPLES, Example, load_example
from playground.files.session_files import SessionFiles
from playground.files.session_io import BadFileError
from playground.model.state import PlaygroundState
from playground.views.help_texts import explain_tree
from playground.views.palette import CLASS_COLORS

THUMBNAIL = 96         # pixels, the list's icons
PREVIEW = 240          # pixels, the selected example's larger picture


def data_thumbnail(state: PlaygroundState, size: int, background: QColor, dpr: float = 1.0) -> QPixmap:
    """The session's points as dots in their class colours, framed square around the data, y up: `size`
    logical pixels, drawn at device pixel ratio `dpr` (2 on a 200% screen: crisp, not a 1x picture blown up)."""
    pixmap = QPixmap(round(size * dpr), round(size * dpr))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(background)
    points = state.points
    if not points:
        return pixmap
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    half = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9) / 2 * 1.1   # a margin so no dot is cut off
    scale = size / (2 * half)
    radius = max(1.5, size / 70)
    painter = QPainter(pixmap)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        for k in range(state.num_classes):
            painter.setBrush(QColor(CLASS_COLORS[k]))
            for (x, y), label in zip(points, state.labels):
                if label == k:
                    painter.drawEllipse(QPointF((x - cx) * scale + size / 2, size / 2 - (y - cy) * scale),
                                        radius, radius)
        painter.setPen(background.darker(130))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(0, 0, size - 1, size - 1))
    finally:
        painter.end()
    return pixmap


class ExamplesGallery(QDialog):
    """Every example: a list (thumbnail and title) beside the chosen one's picture and description."""

    example_chosen = Signal(object, object)   # Example, PlaygroundState: Open was pressed on a readable one

    def __init__(self, parent: QWidget | None = None, examples: tuple[Example, ...] = EXAMPLES):
        super().__init__(parent)
        self.setObjectName("examplesGallery")
        self.setWindowTitle("Examples")
        self._examples = examples
        self._states: list[PlaygroundState | None] = []
        self._errors: list[str] = []
        background = self.palette().color(QPalette.ColorRole.Base)
        dpr = self.devicePixelRatioF()       # the screen's: the pictures are drawn at its resolution

        self.list = QListWidget(objectName="examplesList")
        self.list.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        self.list.setSpacing(2)
        self.list.setMinimumWidth(THUMBNAIL + 260)
        self._pictures: list[QPixmap] = []
        for example in examples:
            try:
                state, error = load_example(example), ""
            except (OSError, BadFileError) as exc:      # a broken install: say so, the others still open
                state, error = None, f"This example could not be read: {explain(exc)}"
            self._states.append(state)
            self._errors.append(error)
            self._pictures.append(data_thumbnail(state, PREVIEW, background, dpr) if state else QPixmap())
            item = QListWidgetItem(example.title)
            if state is not None:
                item.setIcon(QIcon(data_thumbnail(state, THUMBNAIL, background, dpr)))
            else:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(error)
            self.list.addItem(item)

        self.picture = QLabel(objectName="examplePicture", alignment=Qt.AlignmentFlag.AlignCenter)
        self.picture.setFixedSize(PREVIEW, PREVIEW)
        self.title = QLabel(objectName="exampleTitle", textFormat=Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.description = QLabel(objectName="exampleDescription", wordWrap=True,
                                  textFormat=Qt.TextFormat.PlainText,
                                  alignment=Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.description.setMinimumWidth(PREVIEW + 60)
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        self.open_button = self.buttons.button(QDialogButtonBox.StandardButton.Open)
        self.open_button.setObjectName("openExampleButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        detail = QVBoxLayout()
        detail.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignHCenter)
        detail.addWidget(self.title)
        detail.addWidget(self.description, 1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(detail)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(self.buttons)

        self.list.currentRowChanged.connect(self._on_current_row_changed)
        self.list.itemActivated.connect(self._on_item_activated)
        self.list.setCurrentRow(next((i for i, s in enumerate(self._states) if s is not None), -1))
        self._on_current_row_changed(self.list.currentRow())
        self.resize(800, 640)
        explain_tree(self)

    def examples(self) -> tuple[Example, ...]:
        return self._examples

    def select(self, slug: str) -> None:
        """Make the example named `slug` the current one (as a click on it would)."""
        rows = [i for i, e in enumerate(self._examples) if e.slug == slug]
        if not rows:
            raise ValueError(f"no example {slug!r}; there are {', '.join(e.slug for e in self._examples)}")
        self.list.setCurrentRow(rows[0])

    @Slot(int)
    def _on_current_row_changed(self, row: int) -> None:
        ok = 0 <= row < len(self._examples) and self._states[row] is not None
        self.open_button.setEnabled(ok)
        if not 0 <= row < len(self._examples):
            self.title.clear()
            self.description.clear()
            self.picture.clear()
            return
        self.title.setText(self._examples[row].title)
        self.description.setText(self._examples[row].description + (f"\n\n{self._errors[row]}" if not ok else ""))
        self.picture.setPixmap(self._pictures[row])

    @Slot(QListWidgetItem)
    def _on_item_activated(self, _item: QListWidgetItem) -> None:
        if self.open_button.isEnabled():
            self.accept()

    def accept(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self._examples) or self._states[row] is None:
            return
        super().accept()
        self.example_chosen.emit(self._examples[row], self._states[row])


def open_example(files: SessionFiles, example: Example, state: PlaygroundState) -> bool:
    """Open an example as an untitled session (asks to save unsaved work first). False if cancelled/refused."""
    return files.open_untitled(state, example.title)


def install_examples(window: QWidget, files: SessionFiles, menu: QMenu) -> QAction:
    """File ▸ Examples… (after Open Recent): opens the gallery; choosing an example opens it untitled."""
    action = QAction("&Examples…", window, objectName="actionExamples")

    def show_gallery() -> None:
        gallery = ExamplesGallery(window)
        gallery.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        gallery.example_chosen.connect(lambda example, state: open_example(files, example, state))
        gallery.open()       # window-modal, without a nested event loop

    action.triggered.connect(show_gallery)
    separator = next((a for a in menu.actions() if a.isSeparator()), None)
    menu.insertAction(separator, action)   # None: at the end
    return action
