"""Importing employees and their histories from xlsx/csv: validate every row first, write only a valid file.

spec.py      the sheets and columns (the file format, also rendered as the downloadable template)
reading.py   bytes -> sheets of rows (xlsx or UTF-8 csv, told apart by their bytes)
validation.py  rows -> a plan of writes, or every row error
writing.py   the plan -> set-based writes in one transaction, with bulk audit rows
services.py  employees_import / import_submit (access, job submission)
template.py  the xlsx template
tasks.py     the background job kind "personnel.import"
"""
