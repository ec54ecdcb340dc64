"""Competency dictionary, position standards (SKJ), assessments, talent map placements, talent review moves, key
positions and succession plans (PermenPANRB 38/2017, PermenPANRB 3/2020)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jenjang.core.models import VersionedModel
from jenjang.organization.models import Agency, Position
from jenjang.personnel.models import Employee

LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class CompetencyKind(models.TextChoices):
    MANAGERIAL = "MANAGERIAL", _("Manajerial")
    SOCIOCULTURAL = "SOCIOCULTURAL", _("Sosial kultural")
    TECHNICAL = "TECHNICAL", _("Teknis")


class Competency(VersionedModel):
    """A dictionary entry. The nine managerial/socio-cultural ones are national (agency empty, code = the rule's
    key); technical competencies belong to an agency and a position family."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("instansi"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("kode"), max_length=40)
    kind = models.CharField(_("jenis"), max_length=14, choices=CompetencyKind.choices)
    family = models.CharField(_("rumpun/jabatan fungsional"), max_length=100, blank=True)
    name_id = models.CharField(_("nama (Bahasa Indonesia)"), max_length=150)
    name_en = models.CharField(_("nama (Inggris)"), max_length=150, blank=True)
    definition_id = models.TextField(_("definisi (Bahasa Indonesia)"), blank=True)
    definition_en = models.TextField(_("definisi (Inggris)"), blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("kompetensi")
        verbose_name_plural = _("kompetensi")
        ordering = ["kind", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="competency_code_per_agency"),
            models.UniqueConstraint(fields=["code"], condition=Q(agency__isnull=True), name="competency_code_national"),
        ]
        indexes = [models.Index(fields=["agency", "kind", "family"], name="competency_agency_kind")]

    def __str__(self) -> str:
        return self.name_id

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name_id


class CompetencyLevel(models.Model):
    """One of the five level descriptions of a competency."""

    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("level"), validators=LEVEL_VALIDATORS)
    description_id = models.TextField(_("uraian (Bahasa Indonesia)"))
    description_en = models.TextField(_("uraian (Inggris)"), blank=True)

    class Meta:
        verbose_name = _("level kompetensi")
        verbose_name_plural = _("level kompetensi")
        ordering = ["competency", "level"]
        constraints = [models.UniqueConstraint(fields=["competency", "level"], name="competency_level_unique")]

    def __str__(self) -> str:
        return f"{self.competency.code} {self.level}"

    def description(self, lang: str) -> str:
        return self.description_en if lang == "en" and self.description_en else self.description_id


class Standard(models.Model):
    """An explicit SKJ level of one competency for one position (absent: the default of the position's level)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="competency_standards")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="standards")
    level = models.PositiveSmallIntegerField(_("level standar"), validators=LEVEL_VALIDATORS)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("standar kompetensi jabatan")
        verbose_name_plural = _("standar kompetensi jabatan")
        constraints = [models.UniqueConstraint(fields=["position", "competency"], name="standard_unique")]
        indexes = [models.Index(fields=["agency", "position"], name="standard_agency_position")]


class AssessmentMethod(models.TextChoices):
    AC = "AC", _("Assessment center")
    CACT = "CACT", _("CACT (computer assisted competency test)")
    OTHER = "OTHER", _("Metode lain")


class Assessment(models.Model):
    """One assessment result. History is kept; `current` marks each employee's latest (at most one)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="competency_assessments")
    assessed_on = models.DateField(_("tanggal asesmen"))
    method = models.CharField(_("metode"), max_length=5, choices=AssessmentMethod.choices)
    assessor = models.CharField(_("asesor/lembaga"), max_length=200, blank=True)
    levels = models.JSONField(_("level per kompetensi"), default=dict)
    potential_score = models.DecimalField(
        _("nilai potensial"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    note = models.TextField(_("catatan"), blank=True)
    current = models.BooleanField(default=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hasil asesmen kompetensi")
        verbose_name_plural = _("hasil asesmen kompetensi")
        ordering = ["employee", "-assessed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["employee"], condition=Q(current=True), name="assessment_one_current"),
            models.UniqueConstraint(
                fields=["employee", "assessed_on", "method"], name="assessment_once_per_day_method"
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "-assessed_on"], name="assessment_agency_date"),
            models.Index(fields=["employee", "-assessed_on"], name="assessment_employee_date"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.assessed_on}"


class Performance(models.TextChoices):
    ABOVE = "ABOVE", _("Di atas ekspektasi")
    MEETS = "MEETS", _("Sesuai ekspektasi")
    BELOW = "BELOW", _("Di bawah ekspektasi")


class Potential(models.TextChoices):
    HIGH = "HIGH", _("Tinggi")
    MEDIUM = "MEDIUM", _("Menengah")
    LOW = "LOW", _("Rendah")


class Placement(models.Model):
    """An employee's talent box in one period (year), as the talent map computed it, and after review."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="talent_placements")
    year = models.PositiveSmallIntegerField(_("periode"))
    performance = models.CharField(_("kinerja"), max_length=5, choices=Performance.choices)
    potential = models.CharField(_("potensial"), max_length=6, choices=Potential.choices)
    computed_box = models.PositiveSmallIntegerField(_("kotak (hasil pemetaan)"))
    box = models.PositiveSmallIntegerField(_("kotak"))
    potential_value = models.DecimalField(_("nilai potensial gabungan"), max_digits=5, decimal_places=2)
    jpm = models.DecimalField(_("JPM"), max_digits=5, decimal_places=2, null=True, blank=True)
    potential_score = models.DecimalField(_("nilai potensial"), max_digits=5, decimal_places=2, null=True, blank=True)
    predicates = models.JSONField(default=dict)
    target_level = models.CharField(_("jenjang jabatan"), max_length=20, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("penempatan kotak talenta")
        verbose_name_plural = _("penempatan kotak talenta")
        constraints = [models.UniqueConstraint(fields=["employee", "year"], name="placement_one_per_year")]
        indexes = [
            models.Index(fields=["agency", "year", "box"], name="placement_agency_year_box"),
        ]

    @property
    def talent_pool(self) -> bool:
        return self.box in (7, 8, 9)


class TalentReview(VersionedModel):
    """A talent review meeting (committee) for an agency's period."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("periode"))
    held_on = models.DateField(_("tanggal rapat"))
    title = models.CharField(_("judul"), max_length=200)
    members = models.TextField(_("anggota komite"), blank=True)
    notes = models.TextField(_("catatan rapat"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    form_key = models.CharField(max_length=40, blank=True)  # the creating form's one-time key: no double submit

    class Meta:
        verbose_name = _("rapat talent review")
        verbose_name_plural = _("rapat talent review")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["agency", "year"], name="talentreview_agency_year")]
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "form_key"], name="talentreview_form_key", condition=~Q(form_key="")
            )
        ]

    def __str__(self) -> str:
        return self.title


class BoxMove(models.Model):
    """A move of one placement between boxes decided by a talent review, with its written reason."""

    review = models.ForeignKey(TalentReview, on_delete=models.PROTECT, related_name="moves")
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="moves")
    from_box = models.PositiveSmallIntegerField()
    to_box = models.PositiveSmallIntegerField()
    reason = models.TextField(_("alasan"))
    moved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    moved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-moved_at", "-id"]


class Impact(models.TextChoices):
    HIGH = "HIGH", _("Tinggi")
    MEDIUM = "MEDIUM", _("Sedang")
    LOW = "LOW", _("Rendah")


class KeyPosition(VersionedModel):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    position = models.OneToOneField(Position, on_delete=models.PROTECT, related_name="key_position")
    impact = models.CharField(_("dampak kekosongan"), max_length=6, choices=Impact.choices, default=Impact.HIGH)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("jabatan kunci")
        verbose_name_plural = _("jabatan kunci")
        indexes = [models.Index(fields=["agency"], name="keyposition_agency")]

    def __str__(self) -> str:
        return str(self.position)


class Readiness(models.TextChoices):
    NOW = "NOW", _("Siap sekarang")
    ONE_TWO_YEARS = "ONE_TWO_YEARS", _("Siap 1-2 tahun")
    THREE_PLUS_YEARS = "THREE_PLUS_YEARS", _("Siap 3 tahun atau lebih")


class Successor(VersionedModel):
    key_position = models.ForeignKey(KeyPosition, on_delete=models.CASCADE, related_name="successors")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="succession_nominations")
    readiness = models.CharField(_("kesiapan"), max_length=16, choices=Readiness.choices)
    development = models.TextField(_("tindakan pengembangan"), blank=True)
    eligibility = models.JSONField(default=dict)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("suksesor")
        verbose_name_plural = _("suksesor")
        ordering = ["key_position", "readiness", "id"]
        constraints = [models.UniqueConstraint(fields=["key_position", "employee"], name="successor_once")]
        indexes = [models.Index(fields=["employee"], name="successor_employee")]


class ImportKind(models.TextChoices):
    ASSESSMENTS = "ASSESSMENTS", _("Hasil asesmen")
    STANDARDS = "STANDARDS", _("Standar kompetensi jabatan")


class TalentImport(models.Model):
    """One xlsx import that was written (all rows of it). `form_key` is the form's or client's one-time key: the
    same import sent twice is recognised and not written again."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("jenis"), max_length=12, choices=ImportKind.choices)
    rows = models.PositiveIntegerField(_("baris"))
    form_key = models.CharField(max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("impor talenta")
        verbose_name_plural = _("impor talenta")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "form_key"], name="talentimport_form_key", condition=~Q(form_key="")
            )
        ]
