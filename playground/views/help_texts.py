"""What every control, view and plot is called and what it does, in one table keyed by objectName.

`name` is the accessible name a screen reader says ("Train", not "trainButton"), `tip` a one-sentence
tooltip, `what` the *What's This?* (Shift+F1) text: one or two sentences a learner understands.
A view that sets its own tooltip or accessible name (often a live one, e.g. why Train is disabled) keeps it:
the table fills only what is empty. `{n}` in a key stands for a number (layer1Neurons, classButton3).
The table's texts live in two files: help_panels.py (the controls one sets) and help_views.py (what one watches).
"""
from __future__ import annotations

import re

from PySide6.QtWidgets import QTabWidget, QWidget

from playground.views.help_entry import Help
from playground.views.help_panels import PANEL_HELP
from playground.views.help_views import VIEW_HELP

__all__ = ["HELP", "Help", "explain", "explain_tree", "help_for"]

HELP: dict[str, Help] = {**PANEL_HELP, **VIEW_HELP}

_PATTERNS = [(re.compile(re.escape(key).replace(re.escape("{n}"), r"(?P<n>\d+)") + "$"), help)
             for key, help in HELP.items()]


def help_for(object_name: str) -> Help | None:
    """The table's entry for an objectName, `{n}` filled in; None for a name it does not explain."""
    for pattern, entry in _PATTERNS:
        match = pattern.match(object_name)
        if match:
            n = match.groupdict().get("n")
            if n is None:
                return entry
            return Help(*(text.replace("{n}", n) for text in (entry.name, entry.tip, entry.what)))
    return None


def explain(*widgets: QWidget) -> None:
    """Give each widget its What's This text, and its name and tooltip unless its view set them."""
    for widget in widgets:
        entry = help_for(widget.objectName())
        if entry is None:
            continue
        widget.setWhatsThis(entry.what)
        if not widget.accessibleName():
            widget.setAccessibleName(entry.name)
        if not widget.toolTip():
            widget.setToolTip(entry.tip)
        if isinstance(widget, QTabWidget):     # each tab says what its page is
            for i in range(widget.count()):
                page = help_for(widget.widget(i).objectName())
                if page is not None:
                    widget.setTabToolTip(i, page.tip)
                    widget.setTabWhatsThis(i, page.what)


def explain_tree(root: QWidget) -> None:
    explain(root, *root.findChildren(QWidget))
