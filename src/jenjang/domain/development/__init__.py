"""Competency development rules: the annual minimum of lesson hours (regulations.md §8)."""
