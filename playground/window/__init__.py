"""The main window: builds the parts and wires them together, nothing more."""
