"""Workload analysis (ABK) tasks, and saved matching runs with the leaders' decisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jenjang.core.models import VersionedModel


class WorkloadTask(VersionedModel):
    """One task of a position in one year's ABK: yearly volume of its output and the standard time per output."""

    agency = models.ForeignKey(
        "organization.Agency", verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    position = models.ForeignKey(
        "organization.Position", verbose_name=_("jabatan"), on_delete=models.CASCADE, related_name="workload_tasks"
    )
    task = models.CharField(_("uraian tugas"), max_length=255)
    output_unit = models.CharField(_("satuan hasil"), max_length=100)
    volume = models.DecimalField(_("volume per tahun"), max_digits=12, decimal_places=2)
    minutes = models.DecimalField(_("norma waktu (menit)"), max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = _("tugas ABK")
        verbose_name_plural = _("tugas ABK")
        ordering = ["position_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["position", "year", "task"], name="workload_task_unique"),
            models.CheckConstraint(condition=models.Q(volume__gte=0), name="workload_task_volume_nonneg"),
            models.CheckConstraint(condition=models.Q(minutes__gte=0), name="workload_task_minutes_nonneg"),
        ]
        indexes = [models.Index(fields=["agency", "year", "position"], name="workload_agency_year_pos")]

    def __str__(self) -> str:
        return self.task


class RunStatus(models.TextChoices):
    PENDING = "PENDING", _("Diproses")
    DONE = "DONE", _("Selesai")
    FAILED = "FAILED", _("Gagal")


class MatchingRun(VersionedModel):
    """A saved matching: what went in (vacancies, candidates, parameters, date) and what came out."""

    agency = models.ForeignKey(
        "organization.Agency", verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("judul"), max_length=200)
    as_of = models.DateField(_("per tanggal"))
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    inputs = models.JSONField(default=dict, blank=True)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    job_id = models.UUIDField(null=True, blank=True)
    vacancy_count = models.PositiveIntegerField(default=0)
    candidate_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("penempatan (pencocokan)")
        verbose_name_plural = _("penempatan (pencocokan)")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["agency", "-created_at"], name="matchrun_agency_created")]

    def __str__(self) -> str:
        return self.title


class MatchingDecision(VersionedModel):
    """A leader's decision for one vacancy of a run; departing from the ranking needs a written reason."""

    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="decisions")
    agency = models.ForeignKey(
        "organization.Agency", verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.ForeignKey(
        "organization.Position", verbose_name=_("jabatan"), on_delete=models.PROTECT, related_name="+"
    )
    employee = models.ForeignKey(
        "personnel.Employee",
        verbose_name=_("pegawai yang dipilih"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recommended_employee_id = models.BigIntegerField(null=True, blank=True)
    chosen_rank = models.PositiveIntegerField(_("peringkat yang dipilih"), null=True, blank=True)
    departs = models.BooleanField(_("menyimpang dari peringkat"), default=False)
    reason = models.TextField(_("alasan"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("keputusan penempatan")
        verbose_name_plural = _("keputusan penempatan")
        ordering = ["run_id", "id"]
        constraints = [models.UniqueConstraint(fields=["run", "position"], name="matching_decision_unique")]
        indexes = [models.Index(fields=["agency", "departs"], name="matchdec_agency_departs")]

    def __str__(self) -> str:
        return f"{self.run_id}:{self.position_id}"


class AbkCopy(models.Model):
    """A recorded copy-forward: one year's ABK (tasks, volumes, standard times) started from another year's."""

    agency = models.ForeignKey(
        "organization.Agency", verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="+"
    )
    source_year = models.PositiveSmallIntegerField(_("tahun sumber"))
    target_year = models.PositiveSmallIntegerField(_("tahun tujuan"))
    tasks = models.PositiveIntegerField(_("jumlah tugas"), default=0)
    positions = models.PositiveIntegerField(_("jumlah jabatan"), default=0)
    skipped_positions = models.PositiveIntegerField(_("jabatan nonaktif dilewati"), default=0)
    request_key = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("salinan ABK")
        verbose_name_plural = _("salinan ABK")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["agency", "request_key"], name="abk_copy_request_key")]

    def __str__(self) -> str:
        return f"{self.source_year} → {self.target_year}"
