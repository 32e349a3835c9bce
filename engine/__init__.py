"""The playground's computing half: a fast, micrograd-compatible scalar autograd engine and friends.

Never imports Qt (tests/test_engine_is_qt_free.py). `Value`, `trace`, the nets and the submodules `losses`
and `optim` load with the package; the numpy-based submodules (`batched`, `train`, `datasets`, ...) load
on first use, so `engine.batched` works without an explicit import yet `import engine` stays light.
"""
import importlib
import importlib.util

from engine.value import TraceNode, Value, trace
from engine.nn import MLP, Layer, Module, Neuron
from engine import losses, optim

__all__ = ["Value", "trace", "TraceNode", "Module", "Neuron", "Layer", "MLP", "losses", "optim"]


def __getattr__(name):
    if not name.startswith("_") and importlib.util.find_spec(f"{__name__}.{name}") is not None:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
