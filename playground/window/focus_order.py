"""Tab order for parts made after the window's others: Qt appends a new widget's controls to the end of the
focus chain, so a part the wiring inserts into a panel is put back where it sits on screen."""
from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QWidget


def last_in_focus_chain(root: QWidget) -> QWidget:
    """The last widget of `root`'s subtree in the window's focus chain (Tab's order)."""
    last, widget = root, root.nextInFocusChain()
    while widget is not root and root.isAncestorOf(widget):
        last, widget = widget, widget.nextInFocusChain()
    return last


def tab_after(root: QWidget, controls: Iterable[QWidget]) -> None:
    """Tab visits `controls`, in this order, right after `root` and its children."""
    previous = last_in_focus_chain(root)
    for widget in controls:
        QWidget.setTabOrder(previous, widget)
        previous = widget
