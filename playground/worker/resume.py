"""What a fresh training process needs to go on where a dead one stopped: the commands to send it first.

The controller records the commands that shape the run (the config, live settings, the view, neuron maps)
and the last snapshot shown; a new process gets the config again with that snapshot's weights and step,
under the same model number, so the window's curves and picture go on as if nothing had happened.
"""
from __future__ import annotations

import dataclasses

from engine.nn import parameter_count
from playground.worker.config import TrainingConfig


class ResumePoint:
    def __init__(self):
        self._config: TrainingConfig | None = None
        self._settings: dict = {}
        self._view = None
        self._maps: bool | None = None
        self._latest = None              # the last snapshot of the current model the window got

    def record(self, name: str, args: tuple) -> None:
        """A command sent to the process."""
        if name == "configure":
            self._config, self._settings, self._latest = args[0], {}, None
        elif name == "replace_data":     # the same model on new data: it keeps its number
            model_id = self._config.model_id if self._config is not None else 0
            self._config, self._settings = dataclasses.replace(args[0], model_id=model_id), {}
        elif name == "update_settings":
            self._settings.update(args[0])
        elif name == "set_view_extent":
            self._view = args[0]
        elif name == "set_neuron_maps_wanted":
            self._maps = args[0]

    def shown(self, snapshot) -> None:
        self._latest = snapshot

    @property
    def step(self) -> int:
        return self._latest.step if self._latest is not None else 0

    def commands(self) -> list[tuple[str, tuple]]:
        """(name, args) to send a fresh process, in order; the view and maps first, so the model's first
        snapshot already covers the view."""
        out: list[tuple[str, tuple]] = []
        if self._view is not None:
            out.append(("set_view_extent", (self._view,)))
        if self._maps is not None:
            out.append(("set_neuron_maps_wanted", (self._maps,)))
        if self._config is None:
            return out
        config, latest = self._config, self._latest
        if latest is not None:
            weights = latest.flat_weights()
            if len(weights) == parameter_count(len(config.features), config.layer_sizes):
                config = dataclasses.replace(config, weights=weights, step=latest.step, model_id=latest.model_id)
        out.append(("configure", (config,)))
        if self._settings:
            out.append(("update_settings", (dict(self._settings),)))
        return out
