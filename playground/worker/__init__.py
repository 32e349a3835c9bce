"""Training in its own process: the Qt-free loop it runs, the controller the GUI holds, config in, snapshots out."""
