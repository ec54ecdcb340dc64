"""Competency rules (PermenPANRB 38/2017, Peraturan BKN 26/2019): the Job-Person Match."""
