"""What the user sees and touches: canvas, plots, controls, the graph panel. They only paint."""
