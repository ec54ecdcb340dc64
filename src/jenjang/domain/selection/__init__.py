"""Selection rules: the CPNS basic competency test (SKD) and, later, open JPT selection (regulations.md §10)."""
