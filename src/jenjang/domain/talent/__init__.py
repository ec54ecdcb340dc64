"""Talent management rules (PermenPANRB 3/2020): the nine-box talent map."""
