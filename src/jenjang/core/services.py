"""Shared write helpers: optimistic-locked updates with an audit row, in one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.db import models, transaction
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
