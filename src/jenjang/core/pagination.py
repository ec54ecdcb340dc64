"""Pagination that stays cheap at a million rows: never an unbounded COUNT(*)."""

from __future__ import annotations

import math
from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import QuerySet

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows, so a page over a million rows never runs an unbounded COUNT(*)."""

    cap = COUNT_CAP

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        # Without the ORDER BY: `SELECT COUNT(*) FROM (SELECT id ... LIMIT cap+1)` stops after cap+1 matching rows
        # instead of sorting every match first. A list that knows its (capped) length already is measured directly.
        if isinstance(self.object_list, QuerySet):
            return self.object_list.order_by()[: self.cap + 1].count()
        return len(self.object_list)

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:  # type: ignore[override]
        if self.count == 0 and not self.allow_empty_first_page:
            return 0
        return max(1, math.ceil(self.count / self.per_page))
