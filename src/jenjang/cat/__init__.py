"""Computer-assisted test: item bank, exam sessions, answers, scoreboard — issue 6."""
