"""The graph panel: the network, the computation graph of one point, and gradient statistics."""
from .panel import GraphPanel

__all__ = ["GraphPanel"]
