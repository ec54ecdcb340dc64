"""Base models and the append-only audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditLogQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError("the audit log is append-only")

    def delete(self):  # type: ignore[no-untyped-def]
        raise PermissionError("the audit log is append-only")


class AuditLog(models.Model):
    """One change: who, when, what, old and new values, and the decision that justified it. Never updated."""

    at = models.DateTimeField(_("waktu"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(_("pelaku"), max_length=150, blank=True)
    agency = models.ForeignKey("organization.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("tindakan"), max_length=100)  # namespaced: "personnel.employee.updated"
    object_type = models.CharField(max_length=100)  # "personnel.employee"
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=255, blank=True)
    employee_id = models.BigIntegerField(null=True, blank=True)  # the employee whose record this touched
    changes = models.JSONField(default=dict, blank=True)  # {field: [old, new]}
    reason = models.TextField(blank=True)
    decision = models.JSONField(null=True, blank=True)  # a rule envelope, when a rule justified the change

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("catatan audit")
        verbose_name_plural = _("log audit")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["agency", "-at"], name="audit_agency_at"),
            models.Index(fields=["employee_id", "-at"], name="audit_employee_at"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None and not kwargs.get("force_insert"):
            raise PermissionError("the audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError("the audit log is append-only")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"


class VersionedModel(models.Model):
    """Optimistic locking: every edit names the version it read; a stale version is refused (core.services)."""

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
