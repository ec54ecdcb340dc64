"""Background jobs: one row per long-running piece of work, with its progress and its result."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "QUEUED", _("Menunggu")
    RUNNING = "RUNNING", _("Berjalan")
    SUCCEEDED = "SUCCEEDED", _("Selesai")
    FAILED = "FAILED", _("Gagal")


FINISHED_STATUSES = (JobStatus.SUCCEEDED, JobStatus.FAILED)


class Job(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("jenis"), max_length=50)
    agency = models.ForeignKey(
        "organization.Agency", verbose_name=_("instansi"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dibuat oleh"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    params = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=10, default="id")
    dedupe_key = models.CharField(max_length=64, blank=True, db_index=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(_("keterangan"), max_length=255, blank=True)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(_("galat"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("pekerjaan latar")
        verbose_name_plural = _("pekerjaan latar")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["agency", "kind", "-created_at"], name="job_agency_kind_created")]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.done * 100 / self.total))
