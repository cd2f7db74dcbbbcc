"""Graph domain: repository rows as graphs, layout, metrics and drawing arrays. No Qt here.

Kept empty on purpose so importing ``desktop.graph`` stays cheap; import submodules directly
(``from desktop.graph.layout import force_layout``).
"""
