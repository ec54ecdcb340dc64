"""Performance management (PermenPANRB 6/2022): the annual period, the SKP with its work results (RHK) and
indicators, evidence, feedback, check-ins, ratings (work result and the seven BerAKHLAK values), 360° input,
calibration and appeals (keberatan).

Every write goes through performance.services (audited, optimistic-locked where two people edit one thing).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jenjang.core.models import VersionedModel
from jenjang.organization.models import Agency, Unit
from jenjang.personnel.models import Employee, PredicateChoices


class Cadence(models.TextChoices):
    MONTHLY = "MONTHLY", _("Bulanan")
    QUARTERLY = "QUARTERLY", _("Triwulanan")
    SEMESTER = "SEMESTER", _("Semesteran")


CHECKINS_PER_YEAR = {Cadence.MONTHLY: 12, Cadence.QUARTERLY: 4, Cadence.SEMESTER: 2}


class OrganizationPredicate(models.TextChoices):
    ISTIMEWA = "ISTIMEWA", _("Istimewa")
    BAIK = "BAIK", _("Baik")
    BUTUH_PERBAIKAN = "BUTUH_PERBAIKAN", _("Butuh Perbaikan")
    KURANG = "KURANG", _("Kurang")
    SANGAT_KURANG = "SANGAT_KURANG", _("Sangat Kurang")


class PeriodStatus(models.TextChoices):
    OPEN = "OPEN", _("Berjalan")
    CLOSING = "CLOSING", _("Sedang ditutup")
    CLOSED = "CLOSED", _("Ditutup")


class Period(VersionedModel):
    """One agency's appraisal year."""

    agency = models.ForeignKey(Agency, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    cadence = models.CharField(_("periode check-in"), max_length=10, choices=Cadence.choices, default=Cadence.QUARTERLY)
    organization_predicate = models.CharField(
        _("predikat kinerja organisasi"),
        max_length=16,
        choices=OrganizationPredicate.choices,
        default=OrganizationPredicate.BAIK,
    )
    status = models.CharField(_("status"), max_length=8, choices=PeriodStatus.choices, default=PeriodStatus.OPEN)
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("periode penilaian")
        verbose_name_plural = _("periode penilaian")
        ordering = ["agency", "-year"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="perf_period_one_per_year")]

    def __str__(self) -> str:
        return f"{self.year}"

    @property
    def is_closed(self) -> bool:
        return self.status != PeriodStatus.OPEN


class SkpStatus(models.TextChoices):
    DRAFT = "DRAFT", _("Draf")
    SUBMITTED = "SUBMITTED", _("Diajukan")
    RETURNED = "RETURNED", _("Dikembalikan")
    APPROVED = "APPROVED", _("Disetujui")
    RATED = "RATED", _("Dinilai")
    FINAL = "FINAL", _("Final")


EDITABLE_STATUSES = (SkpStatus.DRAFT, SkpStatus.RETURNED)


class Expectation(models.TextChoices):
    ABOVE = "ABOVE", _("Di atas ekspektasi")
    MEETS = "MEETS", _("Sesuai ekspektasi")
    BELOW = "BELOW", _("Di bawah ekspektasi")


class Skp(VersionedModel):
    """One employee's SKP for one period. `supervisor` is the head found in the unit tree when the SKP was drafted
    (services.supervisor_of); `substitute` an appointed substitute rater (pejabat penilai pengganti)."""

    # period, supervisor and substitute lead composite indexes below: no separate index of their own
    period = models.ForeignKey(
        Period, verbose_name=_("periode"), on_delete=models.PROTECT, related_name="skps", db_index=False
    )
    agency = models.ForeignKey(Agency, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="skps")
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit kerja"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    supervisor = models.ForeignKey(
        Employee,
        verbose_name=_("pejabat penilai"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rated_skps",
        db_index=False,
    )
    substitute = models.ForeignKey(
        Employee,
        verbose_name=_("pejabat penilai pengganti"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="substitute_skps",
        db_index=False,
    )
    status = models.CharField(_("status"), max_length=10, choices=SkpStatus.choices, default=SkpStatus.DRAFT)
    expectations = models.TextField(_("ekspektasi khusus pimpinan"), blank=True)
    return_comment = models.TextField(_("catatan pengembalian"), blank=True)
    submitted_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    approved_at = models.DateTimeField(_("disetujui pada"), null=True, blank=True)
    work_rating = models.CharField(_("rating hasil kerja"), max_length=5, choices=Expectation.choices, blank=True)
    behaviour_rating = models.CharField(
        _("rating perilaku kerja"), max_length=5, choices=Expectation.choices, blank=True
    )
    rating_feedback = models.TextField(_("umpan balik penilaian"), blank=True)
    predicate = models.CharField(_("predikat"), max_length=16, choices=PredicateChoices, blank=True)
    predicate_reasons = models.JSONField(_("alasan predikat"), default=dict, blank=True)
    final_predicate = models.CharField(_("predikat akhir"), max_length=16, choices=PredicateChoices, blank=True)
    rated_at = models.DateTimeField(_("dinilai pada"), null=True, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("SKP")
        verbose_name_plural = _("SKP")
        ordering = ["period", "employee__name", "id"]
        constraints = [models.UniqueConstraint(fields=["period", "employee"], name="perf_skp_one_per_period")]
        # No index holds `status`: the workflow and the close change it on every row, and with no indexed column
        # changed (and the free space the migration leaves per page) PostgreSQL updates the row in place (HOT).
        indexes = [
            models.Index(fields=["period", "id"], name="perf_skp_period_id"),
            models.Index(fields=["supervisor", "period"], name="perf_skp_supervisor"),
            models.Index(fields=["substitute", "period"], name="perf_skp_substitute"),
            models.Index(fields=["period", "unit"], name="perf_skp_period_unit"),
        ]

    def __str__(self) -> str:
        return f"SKP {self.period.year if self.period_id else ''} {self.employee}"

    @property
    def effective_predicate(self) -> str:
        return self.final_predicate or self.predicate

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class PerformanceAgreement(VersionedModel):
    """A unit's performance agreement (perjanjian kinerja) for the period's year: the targets the unit head signs
    for. A unit head's SKP is drafted from it (each target becomes a main RHK linked back to it)."""

    period = models.ForeignKey(Period, verbose_name=_("periode"), on_delete=models.PROTECT, related_name="agreements")
    unit = models.ForeignKey(Unit, verbose_name=_("unit kerja"), on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("perjanjian kinerja")
        verbose_name_plural = _("perjanjian kinerja")
        ordering = ["period", "unit__path", "id"]
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="perf_agreement_one_per_unit")]

    def __str__(self) -> str:
        return f"{self.period.year if self.period_id else ''} {self.unit}"


class AgreementTarget(models.Model):
    """One target of a performance agreement: the goal (sasaran), its performance indicator and the year's target."""

    agreement = models.ForeignKey(PerformanceAgreement, on_delete=models.CASCADE, related_name="targets")
    goal = models.TextField(_("sasaran"))
    indicator = models.CharField(_("indikator kinerja"), max_length=300)
    aspect = models.CharField(_("aspek"), max_length=8, default="QUANTITY")
    target = models.CharField(_("target"), max_length=100)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("target perjanjian kinerja")
        verbose_name_plural = _("target perjanjian kinerja")
        ordering = ["agreement", "order", "id"]

    def __str__(self) -> str:
        return self.goal[:80]


class AgreementImport(models.Model):
    """One accepted import of agreement targets (`services.agreement_import`): what it wrote, and the request key that
    makes a repeat of the same upload return this import instead of appending the targets twice."""

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    request_key = models.CharField(max_length=64, blank=True, default="")
    digest = models.CharField(max_length=64, help_text="SHA-256 of the rows, to recognise a repeat sent without a key")
    targets = models.PositiveIntegerField(default=0)
    units = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("impor perjanjian kinerja")
        verbose_name_plural = _("impor perjanjian kinerja")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "created_by", "request_key"],
                condition=~models.Q(request_key=""),
                name="perf_agreement_import_once",
            )
        ]


class RhkKind(models.TextChoices):
    MAIN = "MAIN", _("Utama")
    ADDITIONAL = "ADDITIONAL", _("Tambahan")


class Rhk(models.Model):
    """A work result (Rencana Hasil Kerja), linked to the supervisor's RHK it supports."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="rhks")
    kind = models.CharField(_("jenis"), max_length=10, choices=RhkKind.choices, default=RhkKind.MAIN)
    text = models.TextField(_("rencana hasil kerja"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("RHK atasan yang diintervensi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    agreement_target = models.ForeignKey(
        AgreementTarget,
        verbose_name=_("target perjanjian kinerja"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rhks",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("RHK")
        verbose_name_plural = _("RHK")
        ordering = ["skp", "kind", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class Aspect(models.TextChoices):
    QUANTITY = "QUANTITY", _("Kuantitas")
    QUALITY = "QUALITY", _("Kualitas")
    TIME = "TIME", _("Waktu")
    COST = "COST", _("Biaya")


class Indicator(models.Model):
    rhk = models.ForeignKey(Rhk, on_delete=models.CASCADE, related_name="indicators")
    aspect = models.CharField(_("aspek"), max_length=8, choices=Aspect.choices, default=Aspect.QUANTITY)
    text = models.CharField(_("indikator kinerja individu"), max_length=300)
    target = models.CharField(_("target"), max_length=100)

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")
        ordering = ["rhk", "id"]

    def __str__(self) -> str:
        return self.text


class AmendmentStatus(models.TextChoices):
    PENDING = "PENDING", _("Menunggu")
    APPROVED = "APPROVED", _("Disetujui")
    REJECTED = "REJECTED", _("Ditolak")


class AmendmentKind(models.TextChoices):
    TARGET = "TARGET", _("Ubah target")
    ADD_RHK = "ADD_RHK", _("Tambah RHK")
    REMOVE_RHK = "REMOVE_RHK", _("Hapus RHK")
    ADD_INDICATOR = "ADD_INDICATOR", _("Tambah indikator")
    REMOVE_INDICATOR = "REMOVE_INDICATOR", _("Hapus indikator")


class Amendment(models.Model):
    """A change to an approved SKP — a target, or the work results themselves (an RHK or an indicator added or
    removed): applied only once the rater approves it. `payload` records what is added or what was removed, so the
    record stays readable after the RHK or indicator is gone."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="amendments")
    kind = models.CharField(_("jenis perubahan"), max_length=16, choices=AmendmentKind.choices,
                            default=AmendmentKind.TARGET)  # fmt: skip
    rhk = models.ForeignKey(Rhk, null=True, blank=True, on_delete=models.SET_NULL, related_name="amendments")
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.SET_NULL, related_name="amendments"
    )
    old_target = models.CharField(_("target lama"), max_length=100, blank=True)
    new_target = models.CharField(_("target baru"), max_length=100, blank=True)
    payload = models.JSONField(_("isi perubahan"), default=dict, blank=True)
    reason = models.TextField(_("alasan"))
    status = models.CharField(
        _("status"), max_length=8, choices=AmendmentStatus.choices, default=AmendmentStatus.PENDING
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("perubahan SKP")
        verbose_name_plural = _("perubahan SKP")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator"], condition=models.Q(status="PENDING"), name="perf_amendment_one_pending"
            ),
            models.UniqueConstraint(
                fields=["rhk"],
                condition=models.Q(status="PENDING", kind__in=["REMOVE_RHK", "ADD_INDICATOR"]),
                name="perf_amendment_one_pending_rhk",
            ),
        ]

    @property
    def summary(self) -> str:
        """What the change is, in the reader's language (the payload keeps the texts)."""
        p = self.payload or {}
        if self.kind == AmendmentKind.TARGET:
            return f"{p.get('indicator', '')}: {self.old_target} → {self.new_target}"
        if self.kind == AmendmentKind.ADD_RHK:
            rows = "; ".join(f"{i.get('text', '')} ({i.get('target', '')})" for i in p.get("indicators", []))
            return f"{p.get('text', '')} — {rows}"
        if self.kind == AmendmentKind.ADD_INDICATOR:
            return f"{p.get('rhk', '')}: {p.get('text', '')} ({p.get('target', '')})"
        if self.kind == AmendmentKind.REMOVE_INDICATOR:
            return f"{p.get('rhk', '')}: {p.get('text', '')} ({p.get('target', '')})"
        return str(p.get("text", ""))


def evidence_path(instance: Evidence, filename: str) -> str:
    """Where an evidence file is stored: the agency and a random name with the type's extension (the uploader's
    file name never reaches the storage path); it is served only through `performance:evidence_file`."""
    extension = settings.DOCUMENT_CONTENT_TYPES.get(getattr(instance, "content_type", ""), "")
    return f"performance/evidence/{instance.skp.period.agency_id}/{uuid.uuid4().hex}{extension}"


class Evidence(models.Model):
    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="evidence")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="evidence")
    link = models.URLField(_("tautan"), max_length=500, blank=True)
    file = models.FileField(_("berkas"), upload_to=evidence_path, max_length=255, blank=True)
    content_type = models.CharField(max_length=50, blank=True, default="")  # by the file's first bytes
    note = models.CharField(_("keterangan"), max_length=300, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    request_key = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("bukti dukung")
        verbose_name_plural = _("bukti dukung")
        ordering = ["indicator", "added_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["skp", "request_key"], condition=~models.Q(request_key=""), name="perf_evidence_once"
            )
        ]


class FeedbackDirection(models.TextChoices):
    TO_EMPLOYEE = "TO_EMPLOYEE", _("Atasan kepada pegawai")
    TO_SUPERVISOR = "TO_SUPERVISOR", _("Pegawai kepada atasan")


class Feedback(models.Model):
    """Continuous feedback, in both directions, at any time."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="feedback")
    direction = models.CharField(_("arah"), max_length=14, choices=FeedbackDirection.choices)
    text = models.TextField(_("umpan balik"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    request_key = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("umpan balik")
        verbose_name_plural = _("umpan balik")
        ordering = ["skp", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["skp", "request_key"], condition=~models.Q(request_key=""), name="perf_feedback_once"
            )
        ]


class CheckIn(models.Model):
    """A periodic check-in (number 1..checkins per year of the period's cadence) with the supervisor's notes."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="checkins")
    number = models.PositiveSmallIntegerField(_("ke-"))
    notes = models.TextField(_("catatan atasan"))
    progress = models.CharField(_("kemajuan"), max_length=5, choices=Expectation.choices, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-in")
        ordering = ["skp", "number"]
        constraints = [models.UniqueConstraint(fields=["skp", "number"], name="perf_checkin_once")]


class BerAkhlak(models.TextChoices):
    SERVICE = "PELAYANAN", _("Berorientasi Pelayanan")
    ACCOUNTABLE = "AKUNTABEL", _("Akuntabel")
    COMPETENT = "KOMPETEN", _("Kompeten")
    HARMONIOUS = "HARMONIS", _("Harmonis")
    LOYAL = "LOYAL", _("Loyal")
    ADAPTIVE = "ADAPTIF", _("Adaptif")
    COLLABORATIVE = "KOLABORATIF", _("Kolaboratif")


class BehaviourRating(models.Model):
    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="behaviours")
    value = models.CharField(_("nilai BerAKHLAK"), max_length=12, choices=BerAkhlak.choices)
    rating = models.CharField(_("rating"), max_length=5, choices=Expectation.choices)
    feedback = models.TextField(_("umpan balik"), blank=True)

    class Meta:
        verbose_name = _("rating perilaku")
        verbose_name_plural = _("rating perilaku")
        ordering = ["skp", "id"]
        constraints = [models.UniqueConstraint(fields=["skp", "value"], name="perf_behaviour_once")]


class Relation(models.TextChoices):
    PEER = "PEER", _("Rekan kerja")
    SUBORDINATE = "SUBORDINATE", _("Bawahan")
    SELF = "SELF", _("Diri sendiri")


class Invitation(models.Model):
    """A 360° invitation. The answer is stored apart (Response) without the respondent, so it stays anonymous."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="invitations")
    respondent = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="performance_invitations")
    relation = models.CharField(_("hubungan"), max_length=12, choices=Relation.choices)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)
    answered = models.BooleanField(_("sudah menjawab"), default=False)

    class Meta:
        verbose_name = _("undangan 360°")
        verbose_name_plural = _("undangan 360°")
        ordering = ["skp", "id"]
        constraints = [models.UniqueConstraint(fields=["skp", "respondent"], name="perf_invitation_once")]
        indexes = [models.Index(fields=["respondent", "answered"], name="perf_invitation_respondent")]


class Response(models.Model):
    """An anonymous 360° answer: scores 1..5 per BerAKHLAK value; no link to who answered (except SELF)."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="responses")
    relation = models.CharField(_("hubungan"), max_length=12, choices=Relation.choices)
    scores = models.JSONField(_("skor"), default=dict)
    comment = models.TextField(_("komentar"), blank=True)

    class Meta:
        verbose_name = _("jawaban 360°")
        verbose_name_plural = _("jawaban 360°")
        constraints = [
            models.UniqueConstraint(
                fields=["skp"], condition=models.Q(relation="SELF"), name="perf_self_assessment_once"
            )
        ]


class CalibrationSession(models.Model):
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="calibrations")
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit kerja"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("judul"), max_length=200)
    held_on = models.DateField(_("tanggal"), default=timezone.localdate)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    request_key = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("sesi kalibrasi")
        verbose_name_plural = _("sesi kalibrasi")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "request_key"], condition=~models.Q(request_key=""), name="perf_calibration_once"
            )
        ]

    def __str__(self) -> str:
        return self.title


class CalibrationChange(models.Model):
    session = models.ForeignKey(CalibrationSession, on_delete=models.PROTECT, related_name="changes")
    skp = models.ForeignKey(Skp, on_delete=models.PROTECT, related_name="calibrations")
    old_predicate = models.CharField(_("predikat semula"), max_length=16, choices=PredicateChoices)
    new_predicate = models.CharField(_("predikat baru"), max_length=16, choices=PredicateChoices)
    reason = models.TextField(_("alasan"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("perubahan kalibrasi")
        verbose_name_plural = _("perubahan kalibrasi")
        ordering = ["changed_at", "id"]


class AppealStatus(models.TextChoices):
    PENDING = "PENDING", _("Menunggu keputusan")
    GRANTED = "GRANTED", _("Dikabulkan")
    REJECTED = "REJECTED", _("Ditolak")


class Appeal(models.Model):
    """An objection (keberatan) to a predicate, decided by the supervisor's superior. One per SKP."""

    skp = models.OneToOneField(Skp, on_delete=models.PROTECT, related_name="appeal")
    reason = models.TextField(_("alasan keberatan"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateField(_("batas waktu pengajuan"))
    decider = models.ForeignKey(
        Employee,
        verbose_name=_("atasan pejabat penilai"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals_to_decide",
    )
    status = models.CharField(_("status"), max_length=8, choices=AppealStatus.choices, default=AppealStatus.PENDING)
    old_predicate = models.CharField(_("predikat semula"), max_length=16, choices=PredicateChoices)
    new_predicate = models.CharField(_("predikat baru"), max_length=16, choices=PredicateChoices, blank=True)
    decision_reason = models.TextField(_("alasan keputusan"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("keberatan")
        verbose_name_plural = _("keberatan")
        ordering = ["-filed_at", "-id"]
        indexes = [models.Index(fields=["decider", "status"], name="perf_appeal_decider")]
