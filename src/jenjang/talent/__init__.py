"""Competency and talent management (SKJ, assessments, JPM, 9-box, pools, succession) — issue 4."""
