"""Performance management rules (PermenPANRB 6/2022): the SKP predicate and the predicate distribution."""
