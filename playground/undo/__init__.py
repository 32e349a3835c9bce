"""Undoable edits of the data (Qt's QUndoStack) over the model's arrays."""
