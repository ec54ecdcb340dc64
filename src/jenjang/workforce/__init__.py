"""Workload analysis (ABK) and right-person-right-position matching — issue 5."""
