"""Every modal dialog of the File menu, in one place: file names, "Save changes?", "Restore?", errors.

FileMenu and SessionFiles decide what to do; these functions only ask. The boxes have stable objectNames
(saveChangesBox, restoreBox, fileErrorBox) so tests can find them and click their buttons.
"""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

Button = QMessageBox.StandardButton
SESSION_FILTER = "micrograd playground session (*.json)"
CSV_FILTER = "Dataset CSV (*.csv)"
MAX_DETAIL = 400  # characters: a refused value can be huge (a whole list); the box must stay readable


def explain(exc: BaseException) -> str:
    """One sentence for a person: what is wrong, and where (the line, column or field)."""
    if isinstance(exc, FileNotFoundError):
        return f"The file {exc.filename or ''} does not exist (any more).".replace("  ", " ")
    if isinstance(exc, PermissionError):
        return f"Permission denied: {exc.filename or 'the file'}."
    if isinstance(exc, IsADirectoryError):
        return "That is a folder, not a file."
    text = (exc.strerror or str(exc)) if isinstance(exc, OSError) else str(exc)
    if not text:
        return type(exc).__name__
    if len(text) > MAX_DETAIL:
        text = text[:MAX_DETAIL].rstrip() + "…"
    return text[0].upper() + text[1:] + ("" if text.endswith((".", "…")) or isinstance(exc, OSError) else ".")


def show_error(parent: QWidget, what: str, detail: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Critical, "micrograd playground", what, Button.Ok, parent)
    box.setObjectName("fileErrorBox")
    box.setInformativeText(detail)
    box.exec()
    box.deleteLater()


def ask_save_changes(parent: QWidget, text: str) -> Button:
    """Save, Discard or Cancel."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved changes", text,
                      Button.Save | Button.Discard | Button.Cancel, parent)
    box.setObjectName("saveChangesBox")
    box.setInformativeText("The points, settings and trained weights will be lost if you don't save them.")
    box.setDefaultButton(Button.Save)
    box.setEscapeButton(Button.Cancel)
    answer = Button(box.exec())
    box.deleteLater()
    return answer


def ask_restore(parent: QWidget, text: str, detail: str) -> bool:
    """True to restore the autosaved session ("Restore" is the Yes button, "Discard" the No button)."""
    box = QMessageBox(QMessageBox.Icon.Question, "Restore unsaved work", text, Button.Yes | Button.No, parent)
    box.setObjectName("restoreBox")
    box.setInformativeText(detail)
    box.button(Button.Yes).setText("Restore")
    box.button(Button.No).setText("Discard")
    box.setDefaultButton(Button.Yes)
    answer = box.exec()
    box.deleteLater()
    return answer == Button.Yes


def ask_open_name(parent: QWidget, title: str, folder: str, filters: str) -> str:
    """A file to read, or "" if cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, title, folder, filters)
    return path


def ask_save_name(parent: QWidget, title: str, start: str, filters: str) -> tuple[str, str]:
    """(path, the filter chosen), path "" if cancelled; an extension-less name gets the filter's extension."""
    path, chosen = QFileDialog.getSaveFileName(parent, title, start, filters)
    if path and not Path(path).suffix:  # not every dialog adds it
        match = re.search(r"\*(\.\w+)", chosen or filters)
        path += match.group(1) if match else ""
    return path, chosen


def ask_item(parent: QWidget, title: str, label: str, names: list[str]) -> str | None:
    """One of `names` (the only one without asking), or None if cancelled."""
    if len(names) == 1:
        return names[0]
    name, ok = QInputDialog.getItem(parent, title, label, names, 0, False)
    return name if ok else None
