"""Pure regulations: every rule Jenjang applies, as functions from facts to a Decision.

Nothing here imports Django (an import-linter contract enforces it), reads the clock, or touches a database.
"""
