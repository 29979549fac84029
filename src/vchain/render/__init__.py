"""Rendering: the value chain map (DOT, SVG, PNG, PDF, Mermaid) and the docs' images.

Nothing here is imported by ``import vchain.cli``; ``graphviz`` is imported only where
DOT source is built.
"""
