"""Edited values of the dated, cited rule parameters. Append-only: a change of regulation is a new row."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ParameterValueQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError("parameter values are append-only")

    def delete(self):  # type: ignore[no-untyped-def]
        raise PermissionError("parameter values are append-only")


class ParameterValue(models.Model):
    """One dated value of a rule parameter: national (agency empty) or one agency's override.

    The effective parameters for an agency are the defaults (YAML in jenjang.domain.parameters), then the national
    rows, then the agency's rows; a row with the same valid_from as an earlier layer replaces it from that date.
    """

    name = models.CharField(_("parameter"), max_length=100)
    agency = models.ForeignKey(
        "organization.Agency",
        verbose_name=_("instansi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    valid_from = models.DateField(_("berlaku mulai"))
    value = models.JSONField(_("nilai"))
    legal_basis = models.CharField(_("dasar hukum"), max_length=500)
    note = models.TextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)

    objects = ParameterValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("nilai parameter")
        verbose_name_plural = _("nilai parameter")
        ordering = ["name", "valid_from", "id"]
        indexes = [models.Index(fields=["agency", "name", "valid_from"], name="rules_param_agency_name")]

    def __str__(self) -> str:
        return f"{self.name} @ {self.valid_from.isoformat()}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise PermissionError("parameter values are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError("parameter values are append-only")
