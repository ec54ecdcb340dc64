"""Shared write helpers: optimistic-locked updates with an audit row, in one transaction; creating a row once per
form or request key."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from .audit import audit_record, field_changes
from .errors import StaleEdit

M = TypeVar("M", bound=models.Model)


@transaction.atomic
def versioned_update(
    instance: M,
    *,
    actor: Any,
    action: str,
    values: Mapping[str, Any],
    expected_version: int | None,
    reason: str = "",
    decision: Mapping[str, Any] | None = None,
) -> M:
    """Apply `values` to a VersionedModel row if nobody saved it since `expected_version` was read.

    The version check and the write are one UPDATE ... WHERE version = expected, so two concurrent editors can
    never both succeed. Raises StaleEdit (nothing written) otherwise. Returns the refreshed instance.
    """
    model = type(instance)
    current = model._default_manager.select_for_update().get(pk=instance.pk)
    version = expected_version if expected_version is not None else current.version  # type: ignore[attr-defined]
    changes = field_changes(current, values)
    if not changes:
        if version != current.version:  # type: ignore[attr-defined]
            raise StaleEdit()
        return current
    stamp = {"updated_at": timezone.now()} if hasattr(current, "updated_at") else {}
    updated = model._default_manager.filter(pk=instance.pk, version=version).update(
        version=F("version") + 1, **stamp, **values
    )
    if updated != 1:
        raise StaleEdit()
    current.refresh_from_db()
    audit_record(actor=actor, action=action, obj=current, changes=changes, reason=reason, decision=decision)
    return current


def create_once(model: type[M], *, form_key: str, actor: Any, create: Callable[[], M]) -> tuple[M, bool]:
    """Run `create` once per one-time key of a form or an API request (`form_key`, at most 40 characters) and
    user: a repeat (a double submit, a client's retry) returns the row the first one created, with False, and
    writes nothing. The key is stored on the new row (`model.form_key`, next to `created_by`) in the same
    transaction; a concurrent twin that commits first wins through the model's unique constraint on the key, and
    this one's writes roll back. Without a key, or without a signed-in actor, `create` simply runs."""
    manager = model._default_manager
    key = (form_key or "").strip()[:40] if getattr(actor, "is_authenticated", False) else ""
    if key:
        existing = manager.filter(form_key=key, created_by_id=actor.pk).first()
        if existing is not None:
            return existing, False
    try:
        with transaction.atomic():
            row = create()
            if key:
                manager.filter(pk=row.pk).update(form_key=key)
                row.form_key = key  # type: ignore[attr-defined]
    except IntegrityError:  # the same key committed meanwhile by a concurrent request
        existing = manager.filter(form_key=key, created_by_id=actor.pk).first() if key else None
        if existing is None:
            raise
        return existing, False
    return row, True
