"""Wires files, autosave and drag-and-drop (issue 5's modules) into the main window."""
from __future__ import annotations

from playground.files.autosave import Autosaver
from playground.files.examples_gallery import install_examples
from playground.files.menu import FileActions


def install_files(window) -> FileActions:
    autosaver = Autosaver(window.current_state, data_dir=window.data_dir, parent=window)
    files = FileActions(window.current_state, window.apply_state, window.settings, window,
                        image_targets=lambda: {
                            "Decision boundary": window.canvas,
                            "Loss plot": window.loss_plot,
                            "Network view": window.graph_panel.network_view,
                        },
                        autosaver=autosaver,
                        # an imported CSV is an edit like any other: one step on the undo stack
                        apply_dataset=lambda points, labels, k: window.dataset.replace(
                            points, labels, k, text="Import dataset"))
    files.install(window.file_menu)
    install_examples(window, files, window.file_menu)   # File ▸ Examples…
    window.autosaver = autosaver
    window.state_changed.connect(files.mark_dirty)
    files.title_changed.connect(window.setWindowTitle)
    window.setWindowTitle(files.window_title())
    window.setAcceptDrops(True)
    return files
