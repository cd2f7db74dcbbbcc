"""Relmap: relationship mapping for investigators."""

__version__ = "0.1.0"
