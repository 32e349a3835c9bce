"""The graph panel: the network, the computation graph of one point, and gradient statistics."""
from playground.views.graph.panel import GraphPanel

__all__ = ["GraphPanel"]
