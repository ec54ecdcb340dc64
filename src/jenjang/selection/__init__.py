"""Open competitive selection: vacancies, applications, screening, panels, results — issue 6."""
