"""The app's state, Qt-free: settings, data, history. Never imports Qt (import-linter checks it)."""
