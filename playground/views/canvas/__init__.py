"""The dataset canvas: points, the decision boundary, and the gestures that edit them."""
