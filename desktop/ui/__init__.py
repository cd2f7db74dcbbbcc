"""Widgets: the only package that builds them."""
