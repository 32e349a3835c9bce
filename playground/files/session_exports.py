"""File ▸ Export: copies of the session written out (the dataset as CSV, a view as PNG/SVG, the model).

An export never changes the session, its file name or its unsaved mark; that is why it is not part of
SessionFiles (session_files.py), which it only asks for the current state and to report a failure.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from playground.files import view_export as export
from playground.files.dataset_csv import write_csv
from playground.files.session_files import SessionFiles


class SessionExports(QObject):
    """The exports of `files`' session. image_targets() -> {name: view} lists the views Export Image can
    write (pyqtgraph widgets/items, QGraphicsViews); without it there are none. A failed export is reported
    through `files` (its error box and error_shown) and returns False."""

    exported = Signal(str)  # a CSV, an image or a model was written to this path

    def __init__(self, files: SessionFiles, image_targets: Callable[[], dict] | None = None):
        if not isinstance(files, SessionFiles):
            raise ValueError("files must be the window's SessionFiles")
        if image_targets is not None and not callable(image_targets):
            raise ValueError("image_targets must be callable")
        super().__init__(files)
        self._files = files
        self._image_targets = image_targets or dict

    def image_names(self) -> list[str]:
        """The views Export Image can write, by name."""
        return list(self._image_targets())

    def export_csv(self, path) -> bool:
        state = self._files.current_state()
        return self._write(path, "the dataset", lambda: write_csv(path, state.points, state.labels, state.values))

    def export_image(self, name: str, path) -> bool:
        targets = self._image_targets()
        if name not in targets:
            raise ValueError(f"no view named {name!r}; there are {', '.join(targets) or 'none'}")
        return self._write(path, f"the {name}", lambda: export.export_image(targets[name], path))

    def export_model(self, path, kind: str) -> bool:
        if kind not in export.MODEL_KINDS:
            raise ValueError(f"kind must be one of {', '.join(export.MODEL_KINDS)}, got {kind!r}")
        return self._write(path, "the model",
                           lambda: export.export_model(self._files.current_state(), path, kind))

    def _write(self, path, what: str, write: Callable[[], None]) -> bool:
        try:
            write()
        except (OSError, ValueError) as exc:
            self._files.report_error(f"Could not export {what} to “{Path(path).name}”.", exc)
            return False
        self._files.recent.remember_folder(path)
        self.exported.emit(str(path))
        return True
