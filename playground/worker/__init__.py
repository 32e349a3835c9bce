"""Training off the GUI thread: the worker, its controller, the config in and snapshots out."""
