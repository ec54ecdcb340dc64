"""Open competitive selection: vacancies, committees, applications, panel scores, the PPK's decision, appeals."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jenjang.core.models import VersionedModel
from jenjang.organization.models import Agency, Position


class VacancyStatus(models.TextChoices):
    DRAFT = "DRAFT", _("Konsep")
    OPEN = "OPEN", _("Pengumuman")
    SCREENING = "SCREENING", _("Seleksi administrasi")
    SCORING = "SCORING", _("Penilaian")
    RANKED = "RANKED", _("Pemeringkatan")
    AT_PPK = "AT_PPK", _("Keputusan PPK")
    DECIDED = "DECIDED", _("Diputuskan PPK")
    PUBLISHED = "PUBLISHED", _("Hasil diumumkan")
    CANCELLED = "CANCELLED", _("Dibatalkan")


class Stage(models.TextChoices):
    CAT = "cat", _("CAT")
    ASSESSMENT = "assessment", _("Asesmen kompetensi")
    INTERVIEW = "interview", _("Wawancara")


PANEL_STAGES = (Stage.ASSESSMENT, Stage.INTERVIEW)


class Vacancy(VersionedModel):
    agency = models.ForeignKey(Agency, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="vacancies")
    position = models.ForeignKey(
        Position, verbose_name=_("jabatan"), null=True, blank=True, on_delete=models.PROTECT, related_name="vacancies"
    )
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("uraian"), blank=True)
    level = models.CharField(_("jenjang jabatan"), max_length=20, blank=True)
    open_to_public = models.BooleanField(_("terbuka untuk pelamar umum"), default=True)
    # requirements: min_rank, min_education, min_years_service, min_predicate, max_age, custom [..], documents [..]
    requirements = models.JSONField(_("persyaratan"), default=dict, blank=True)
    announcement_start = models.DateField(_("pengumuman mulai"))
    announcement_end = models.DateField(_("pengumuman berakhir"))
    original_announcement_end = models.DateField(null=True, blank=True)
    extensions = models.PositiveSmallIntegerField(_("perpanjangan"), default=0)
    screening_date = models.DateField(_("seleksi administrasi"), null=True, blank=True)
    cat_date = models.DateField(_("CAT"), null=True, blank=True)
    assessment_date = models.DateField(_("asesmen kompetensi"), null=True, blank=True)
    interview_date = models.DateField(_("wawancara"), null=True, blank=True)
    final_date = models.DateField(_("pengumuman akhir"), null=True, blank=True)
    # the stage weights and tie-breaks in force when the vacancy was announced (published with it)
    weights = models.JSONField(default=dict, blank=True)
    tie_breaks = models.JSONField(default=list, blank=True)
    cat_max = models.DecimalField(_("nilai maksimal CAT"), max_digits=7, decimal_places=2, default=550)
    cat_session_id = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=VacancyStatus.choices, default=VacancyStatus.DRAFT)
    screening_published_at = models.DateTimeField(null=True, blank=True)
    results_published_at = models.DateTimeField(null=True, blank=True)
    sent_to_ppk_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_from = models.CharField(max_length=10, choices=VacancyStatus.choices, blank=True)
    cancellation_reason = models.TextField(_("alasan pembatalan"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    form_key = models.CharField(max_length=40, blank=True)  # the creating form's / request's one-time key

    class Meta:
        verbose_name = _("lowongan")
        verbose_name_plural = _("lowongan")
        ordering = ["-announcement_start", "-id"]
        indexes = [
            models.Index(fields=["status", "-announcement_start", "-id"], name="vacancy_status_start"),
            models.Index(fields=["agency", "-announcement_start", "-id"], name="vacancy_agency_start"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["form_key"], name="vacancy_form_key", condition=~models.Q(form_key=""))
        ]

    def __str__(self) -> str:
        return self.title

    def stages(self) -> list[str]:
        """The scored stages this vacancy holds (those with a date), in order."""
        held = []
        if self.cat_date:
            held.append(Stage.CAT.value)
        if self.assessment_date:
            held.append(Stage.ASSESSMENT.value)
        if self.interview_date:
            held.append(Stage.INTERVIEW.value)
        return held

    def panel_stages(self) -> list[str]:
        return [s for s in self.stages() if s != Stage.CAT]


class CommitteeMember(models.Model):
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="committee")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="selection_committees")
    is_chair = models.BooleanField(_("ketua"), default=False)
    # from outside the agency's own staff (an academic, another agency, a professional body), with a Jenjang
    # account in this agency for the committee's work; counts towards selection.jpt_panel's external share
    is_external = models.BooleanField(_("unsur eksternal"), default=False)

    class Meta:
        verbose_name = _("anggota panitia seleksi")
        verbose_name_plural = _("panitia seleksi")
        ordering = ["-is_chair", "id"]
        constraints = [models.UniqueConstraint(fields=["vacancy", "user"], name="committee_one_seat")]


class CandidateProfile(models.Model):
    """An outside candidate's own data (employees' come from their personnel record)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="candidate_profile")
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    education = models.CharField(_("pendidikan terakhir"), max_length=4, blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("profil pelamar")
        verbose_name_plural = _("profil pelamar")


class CandidateDocumentType(models.TextChoices):
    DIPLOMA = "IJAZAH", _("Ijazah/transkrip")
    ID_CARD = "KTP", _("KTP")
    CV = "CV", _("Daftar riwayat hidup")
    LETTER = "SURAT", _("Surat lamaran")
    OTHER = "LAINNYA", _("Lainnya")


def candidate_document_path(instance: CandidateDocument, filename: str) -> str:
    return f"selection/{instance.user_id}/{instance.sha256[:2]}/{instance.sha256}"


class CandidateDocument(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="candidate_documents")
    doc_type = models.CharField(_("jenis dokumen"), max_length=10, choices=CandidateDocumentType.choices)
    file = models.FileField(_("berkas"), upload_to=candidate_document_path, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dokumen pelamar")
        verbose_name_plural = _("dokumen pelamar")
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["user", "doc_type"], name="canddoc_user_type")]


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "SUBMITTED", _("Terkirim")
    PASSED = "PASSED", _("Lulus administrasi")
    FAILED = "FAILED", _("Tidak lulus administrasi")
    WITHDRAWN = "WITHDRAWN", _("Ditarik")


class Application(VersionedModel):
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications")
    employee = models.ForeignKey(
        "personnel.Employee", null=True, blank=True, on_delete=models.SET_NULL, related_name="selection_applications"
    )
    number = models.CharField(_("nomor peserta"), max_length=20)
    name = models.CharField(_("nama"), max_length=200)
    facts = models.JSONField(default=dict)  # what the screening reads, as of the application
    declared = models.JSONField(default=list, blank=True)  # custom requirements declared met
    motivation = models.TextField(_("motivasi"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    screening_passed = models.BooleanField(null=True)
    screening_reasons = models.JSONField(default=list, blank=True)  # [{"id": ..., "en": ...}]
    screening_blocked_by = models.JSONField(default=list, blank=True)
    override_reason = models.TextField(_("alasan koreksi panitia"), blank=True)
    cat_score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    cat_passed = models.BooleanField(null=True)
    assessment_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    interview_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    total = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(null=True, blank=True)
    rank_decided_by = models.CharField(max_length=20, blank=True)
    shortlisted = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(_("alasan penarikan"), blank=True)

    class Meta:
        verbose_name = _("lamaran")
        verbose_name_plural = _("lamaran")
        ordering = ["vacancy", "id"]
        constraints = [models.UniqueConstraint(fields=["vacancy", "applicant"], name="application_one_per_vacancy")]
        indexes = [
            models.Index(fields=["applicant", "-submitted_at"], name="application_applicant"),
            models.Index(fields=["vacancy", "rank", "id"], name="application_vacancy_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @staticmethod
    def number_for(vacancy_id: int, applicant_id: int) -> str:
        digest = hashlib.sha256(f"{vacancy_id}:{applicant_id}".encode()).hexdigest()[:6].upper()
        return f"{vacancy_id:04d}-{digest}"


class PanelScore(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="panel_scores")
    stage = models.CharField(max_length=12, choices=Stage.choices)
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("nilai"), max_digits=5, decimal_places=2)
    note = models.TextField(_("catatan"), blank=True)
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nilai panel")
        verbose_name_plural = _("nilai panel")
        constraints = [
            models.UniqueConstraint(fields=["application", "stage", "member"], name="panelscore_one_per_member")
        ]


class PpkDecision(models.Model):
    vacancy = models.OneToOneField(Vacancy, on_delete=models.CASCADE, related_name="ppk_decision")
    chosen = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("alasan"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)


class AppealStage(models.TextChoices):
    SCREENING = "SCREENING", _("Hasil seleksi administrasi")
    FINAL = "FINAL", _("Hasil akhir")


class AppealStatus(models.TextChoices):
    PENDING = "PENDING", _("Menunggu keputusan")
    UPHELD = "UPHELD", _("Diterima")
    REJECTED = "REJECTED", _("Ditolak")


class Appeal(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="appeals")
    stage = models.CharField(_("tahap"), max_length=10, choices=AppealStage.choices)
    text = models.TextField(_("isi sanggahan"))
    status = models.CharField(_("status"), max_length=10, choices=AppealStatus.choices, default=AppealStatus.PENDING)
    submitted_at = models.DateTimeField(auto_now_add=True)
    decision_reason = models.TextField(_("alasan keputusan"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sanggahan")
        verbose_name_plural = _("sanggahan")
        ordering = ["submitted_at", "id"]
        constraints = [models.UniqueConstraint(fields=["application", "stage"], name="appeal_one_per_stage")]
