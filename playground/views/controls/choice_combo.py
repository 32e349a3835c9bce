"""A combo box of named choices (activations, inits, losses, optimizers...), each item with what it does."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox


def choice_combo(object_name: str, info: dict, tip: str = "") -> QComboBox:
    """`info`: {name: (label, what it does)}, in the engine's order; an item's data is its name (as
    `PlaygroundState` spells it) and its tooltip "label: what it does"."""
    combo = QComboBox(objectName=object_name)
    for i, (name, (text, item_tip)) in enumerate(info.items()):
        combo.addItem(text, name)
        combo.setItemData(i, f"{text}: {item_tip}", Qt.ItemDataRole.ToolTipRole)
    combo.setToolTip(tip)
    return combo
