"""The side panel's controls and the run bar; each emits settings_changed(dict)."""
