"""Report images and interchange files (GraphML, GEXF, CSV, JSON). Qt painters only, never widgets."""
