"""Career pattern (pola karier), early warnings with their follow-up, and the individual development plan (IDP)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jenjang.core.models import VersionedModel
from jenjang.domain.vocab import EDUCATION, POSITION_LEVEL_LABEL, RANKS, rank_code


class PatternStatus(models.TextChoices):
    DRAFT = "DRAFT", _("Draf")
    PUBLISHED = "PUBLISHED", _("Diterbitkan")


class CareerPattern(VersionedModel):
    """An agency's career pattern: positions or position levels (nodes) and the moves allowed between them (edges).
    Every edit to a node or an edge bumps the pattern's version (optimistic locking on the whole picture)."""

    agency = models.ForeignKey(
        "organization.Agency", verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("nama pola karier"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=PatternStatus.choices, default=PatternStatus.DRAFT)
    published_at = models.DateTimeField(_("diterbitkan pada"), null=True, blank=True)
    request_key = models.CharField(max_length=40, blank=True)  # the creating request's one-time key: no double submit

    class Meta:
        verbose_name = _("pola karier")
        verbose_name_plural = _("pola karier")
        ordering = ["agency_id", "name", "id"]
        indexes = [models.Index(fields=["agency", "status"], name="careers_pattern_agency_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "request_key"],
                name="careers_pattern_request_key",
                condition=~models.Q(request_key=""),
            )
        ]

    def __str__(self) -> str:
        return self.name


LEVEL_CHOICES = [(level, label.id) for level, label in POSITION_LEVEL_LABEL.items()]
RANK_CHOICES = [(rank_code(rank), rank) for rank in RANKS]
EDUCATION_CHOICES = [(edu, edu) for edu in EDUCATION]


class PatternNode(models.Model):
    """A place in the pattern: one position, or a position level (optionally of one functional family)."""

    pattern = models.ForeignKey(CareerPattern, on_delete=models.CASCADE, related_name="nodes")
    label = models.CharField(_("nama simpul"), max_length=200)
    level = models.CharField(_("jenjang jabatan"), max_length=20, choices=LEVEL_CHOICES)
    family = models.CharField(_("rumpun/jabatan fungsional"), max_length=100, blank=True)
    position = models.ForeignKey(
        "organization.Position",
        verbose_name=_("jabatan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    request_key = models.CharField(max_length=40, blank=True)  # the creating request's one-time key

    class Meta:
        verbose_name = _("simpul pola karier")
        ordering = ["pattern_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pattern", "label"], name="careers_node_unique_label"),
            models.UniqueConstraint(
                fields=["pattern", "request_key"], name="careers_node_request_key", condition=~models.Q(request_key="")
            ),
        ]

    def __str__(self) -> str:
        return self.label


class MoveType(models.TextChoices):
    VERTICAL = "VERTICAL", _("Vertikal")
    HORIZONTAL = "HORIZONTAL", _("Horizontal")
    DIAGONAL = "DIAGONAL", _("Diagonal")
    STRUCTURAL_TO_FUNCTIONAL = "S_TO_F", _("Struktural ke fungsional")
    FUNCTIONAL_TO_STRUCTURAL = "F_TO_S", _("Fungsional ke struktural")


class Direction(models.TextChoices):
    """The six directions of movement of the research paper."""

    ENRICHMENT = "ENRICHMENT", _("Pengayaan")
    LATERAL = "LATERAL", _("Lateral")
    VERTICAL = "VERTICAL", _("Vertikal (naik)")
    RELOCATION = "RELOCATION", _("Relokasi")
    EXPLORATION = "EXPLORATION", _("Eksplorasi")
    DOWNWARD = "DOWNWARD", _("Turun")


class PatternEdge(models.Model):
    """An allowed move from one node to another, with its requirements (empty = no requirement)."""

    pattern = models.ForeignKey(CareerPattern, on_delete=models.CASCADE, related_name="edges")
    source = models.ForeignKey(PatternNode, verbose_name=_("dari"), on_delete=models.CASCADE, related_name="out_edges")
    target = models.ForeignKey(PatternNode, verbose_name=_("ke"), on_delete=models.CASCADE, related_name="in_edges")
    move_type = models.CharField(_("jenis perpindahan"), max_length=12, choices=MoveType.choices)
    direction = models.CharField(_("arah perpindahan"), max_length=12, choices=Direction.choices)
    min_rank = models.PositiveSmallIntegerField(_("golongan minimal"), choices=RANK_CHOICES, null=True, blank=True)
    min_education = models.CharField(_("pendidikan minimal"), max_length=4, choices=EDUCATION_CHOICES, blank=True)
    min_years_in_rank = models.PositiveSmallIntegerField(
        _("masa dalam golongan minimal (tahun)"), null=True, blank=True
    )
    min_years_in_position = models.PositiveSmallIntegerField(
        _("masa dalam jabatan minimal (tahun)"), null=True, blank=True
    )
    min_training_hours = models.PositiveSmallIntegerField(_("pelatihan minimal (JP)"), null=True, blank=True)
    min_competency_level = models.PositiveSmallIntegerField(_("level kompetensi minimal (1-5)"), null=True, blank=True)
    note = models.CharField(_("catatan"), max_length=255, blank=True)
    request_key = models.CharField(max_length=40, blank=True)  # the creating request's one-time key

    class Meta:
        verbose_name = _("perpindahan pola karier")
        ordering = ["pattern_id", "source_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pattern", "source", "target"], name="careers_edge_unique_move"),
            models.UniqueConstraint(
                fields=["pattern", "request_key"], name="careers_edge_request_key", condition=~models.Q(request_key="")
            ),
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="careers_edge_not_loop"),
        ]


class WarningKind(models.TextChoices):
    RANK_PROMOTION = "rank_promotion", _("Periode kenaikan pangkat")
    SALARY_INCREMENT = "salary_increment", _("Kenaikan gaji berkala")
    RETIREMENT = "retirement", _("Pensiun")
    ROTATION = "rotation", _("Batas masa rotasi")


class FollowUp(models.TextChoices):
    OPEN = "OPEN", _("Terbuka")
    IN_PROGRESS = "IN_PROGRESS", _("Sedang diproses")
    DONE = "DONE", _("Selesai")


class CareerWarning(VersionedModel):
    """One upcoming event of one employee (a promotion period, a KGB, retirement, the end of the rotation window),
    warned 90/60/30 days ahead; personnel staff track the follow-up."""

    agency = models.ForeignKey("organization.Agency", on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey("personnel.Employee", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("jenis"), max_length=20, choices=WarningKind.choices)
    due_date = models.DateField(_("tanggal"))
    last_stage = models.PositiveSmallIntegerField(_("peringatan terakhir (hari)"), null=True, blank=True)
    status = models.CharField(_("tindak lanjut"), max_length=12, choices=FollowUp.choices, default=FollowUp.OPEN)
    note = models.TextField(_("catatan tindak lanjut"), blank=True)
    reasons = models.JSONField(default=list, blank=True)
    legal_basis = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("peringatan dini")
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "kind", "due_date"], name="careers_warning_unique_event")
        ]
        indexes = [models.Index(fields=["agency", "status", "due_date"], name="careers_warning_agency_status")]


class ActionKind(models.TextChoices):
    TRAINING = "TRAINING", _("Pelatihan")
    EDUCATION = "EDUCATION", _("Pendidikan formal")
    COACHING = "COACHING", _("Coaching/mentoring")
    ASSIGNMENT = "ASSIGNMENT", _("Penugasan/magang")
    OTHER = "OTHER", _("Lainnya")


class ActionStatus(models.TextChoices):
    PROPOSED = "PROPOSED", _("Diusulkan")
    AGREED = "AGREED", _("Disetujui atasan")
    RETURNED = "RETURNED", _("Dikembalikan")
    DONE = "DONE", _("Selesai")


class DevelopmentAction(VersionedModel):
    """One action of an employee's individual development plan (IDP): proposed by the employee, agreed or returned
    by the supervisor, and linked to the training record that fulfils it."""

    agency = models.ForeignKey("organization.Agency", on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey("personnel.Employee", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("kegiatan pengembangan"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=12, choices=ActionKind.choices, default=ActionKind.TRAINING)
    hours = models.PositiveSmallIntegerField(_("rencana JP"), null=True, blank=True)
    target_date = models.DateField(_("target selesai"))
    goal = models.CharField(_("tujuan (kesenjangan yang ditutup)"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.PROPOSED)
    supervisor_note = models.TextField(_("catatan atasan"), blank=True)
    training = models.ForeignKey(
        "personnel.TrainingHistory",
        verbose_name=_("riwayat pelatihan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rencana pengembangan individu")
        ordering = ["target_date", "id"]
        indexes = [models.Index(fields=["employee", "status"], name="careers_idp_employee_status")]
        constraints = [
            models.UniqueConstraint(fields=["employee", "title", "target_date"], name="careers_idp_unique_action")
        ]

    def __str__(self) -> str:
        return self.title
