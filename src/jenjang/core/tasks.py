"""What every Celery task of Jenjang does first."""

from __future__ import annotations

from django.db import close_old_connections, connection


def drop_stale_connections() -> None:
    """Close database connections that are too old or broken, as Django does around a request, so a long-lived
    worker does not reuse a dead one. A task run eagerly (the demo, the tests) inside its caller's transaction
    shares the caller's connection, which must stay open: then nothing is closed."""
    if not connection.in_atomic_block:
        close_old_connections()
