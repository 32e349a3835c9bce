"""Wires files, autosave, exports, the File menu and drag-and-drop into the main window."""
from __future__ import annotations

from playground.files.autosave import Autosaver
from playground.files.examples_gallery import install_examples
from playground.files.menu import FileMenu
from playground.files.session_exports import SessionExports
from playground.files.session_files import SessionFiles


def install_files(window) -> SessionFiles:
    """The window's SessionFiles (returned; the window keeps it as `files`), with `window.autosaver`,
    `window.exports` and `window.file_menu_actions` (the FileMenu, installed into `window.file_menu`)."""
    autosaver = Autosaver(lambda: window.session.snapshot(), data_dir=window.data_dir, parent=window)
    files = SessionFiles(window.current_state, window.apply_state, window.settings, window,
                         autosaver=autosaver,
                         # an imported CSV is an edit like any other: one step on the undo stack
                         apply_dataset=lambda points, labels, k, values: window.dataset.replace(
                             points, labels, k, text="Import dataset", values=values))
    exports = SessionExports(files, image_targets=lambda: {
        "Decision boundary": window.canvas,
        "Loss plot": window.loss_plot,
        "Network view": window.graph_panel.network_view,
    })
    window.file_menu_actions = FileMenu(files, exports, window)
    window.file_menu_actions.install(window.file_menu)
    window.autosaver, window.exports = autosaver, exports
    install_examples(window, files, window.file_menu)   # File ▸ Examples…
    window.state_changed.connect(files.mark_dirty)
    files.title_changed.connect(window.setWindowTitle)
    window.setWindowTitle(files.window_title())
    window.setAcceptDrops(True)
    return files
