"""Repository rows -> networkx graph; layout; metrics; arrays for drawing. No Qt."""
