"""Sessions, datasets, autosave, exports: formats (validated JSON/CSV) and the File menu."""
