"""Performance management (SKP, feedback, 360, calibration, appeals) — issue 3."""
