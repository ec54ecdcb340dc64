"""Merit system rules: the merit index of an agency and the adverse-impact check of a selection (§11)."""
