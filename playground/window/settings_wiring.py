"""What the window does when the session's settings change: it observes the session model, so the panels
talk to the model and never to the window. A new network is re-created from the seed; the split and the
test points follow; a refused request is said in the status bar."""
from __future__ import annotations

from PySide6.QtCore import QObject

# Settings that change what the network is: the model is re-created from the seed.
ARCHITECTURE_SETTINGS = ("hidden_layers", "activation", "activations", "init", "features", "loss", "seed",
                         "num_classes")
ZEROS_INIT_MESSAGE = ("All-zero weights: every neuron of a layer computes the same thing and gets the same "
                      "gradient, so they stay identical whatever the training (symmetry). Pick another init.")


class SettingsWiring(QObject):
    def __init__(self, window):
        super().__init__(window)
        self._window = window
        window.model.settings_changed.connect(self._on_settings_changed)
        window.model.settings_rejected.connect(self._on_settings_rejected)

    def _on_settings_changed(self, changed: dict) -> None:
        w = self._window
        if not changed or w._applying:      # a session is being loaded: apply_state reconfigures once, itself
            return
        w.state_changed.emit()
        if "show_test" in changed:
            w.canvas.set_show_test(w.session.settings.show_test)
        if "test_fraction" in changed:
            w.training.data_timer.start()
        if any(k in ARCHITECTURE_SETTINGS for k in changed):
            new = w.session.settings
            w.training.reconfigure(say="Network changed: re-created from seed "
                                       f"{new.seed} ({new.parameter_count()} parameters).")
            if changed.get("init") == "zeros":      # why it will not learn, even before there is data
                w.status.show_message(ZEROS_INIT_MESSAGE)

    def _on_settings_rejected(self, why: str) -> None:
        self._window.status.show_message(why, error=True)
