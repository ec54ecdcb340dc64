"""Calendar arithmetic the regulations use: whole years on anniversaries, and the first of a month."""

from __future__ import annotations

import datetime as dt


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def first_of_next_month(day: dt.date) -> dt.date:
    """The first day of the month after `day` (1 December -> 1 January of the next year)."""
    if day.month == 12:
        return dt.date(day.year + 1, 1, 1)
    return dt.date(day.year, day.month + 1, 1)


def first_of_month_on_or_after(day: dt.date) -> dt.date:
    """`day` itself when it is the 1st, else the first of the next month."""
    return day if day.day == 1 else first_of_next_month(day)
