"""Employees and their dated histories. The Employee row holds the current state (denormalised for lists and
batch rules); every change to it goes through personnel.services, which also writes the matching history row and
the audit log."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jenjang.core.models import VersionedModel
from jenjang.domain.vocab import PREDICATE_LABEL, RANKS, rank_code, rank_from_code
from jenjang.organization.models import Agency, EducationChoices, Position, Unit

RankChoices = [(rank_code(r), r) for r in RANKS]
PredicateChoices = [(p, str(label.id)) for p, label in PREDICATE_LABEL.items()]


class Gender(models.TextChoices):
    MALE = "M", _("Laki-laki")
    FEMALE = "F", _("Perempuan")


class EmploymentType(models.TextChoices):
    CPNS = "CPNS", _("CPNS")
    PNS = "PNS", _("PNS")
    PPPK = "PPPK", _("PPPK")


class EmployeeStatus(models.TextChoices):
    ACTIVE = "ACTIVE", _("Aktif")
    LEAVE = "LEAVE", _("Cuti di luar tanggungan negara")
    STUDY = "STUDY", _("Tugas belajar")
    SECONDED = "SECONDED", _("Dipekerjakan/diperbantukan")
    RETIRED = "RETIRED", _("Pensiun")
    TERMINATED = "TERMINATED", _("Diberhentikan")
    DECEASED = "DECEASED", _("Meninggal dunia")


ACTIVE_STATUSES = (EmployeeStatus.ACTIVE, EmployeeStatus.LEAVE, EmployeeStatus.STUDY, EmployeeStatus.SECONDED)


class Occupation(models.TextChoices):
    """Occupations with their own retirement age (UU 14/2005 art. 67) — the `retirement` rule's `occupation`."""

    NONE = "", _("Umum")
    DOSEN = "DOSEN", _("Dosen")
    PROFESOR = "PROFESOR", _("Profesor")


class Employee(VersionedModel):
    agency = models.ForeignKey(Agency, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="employees")
    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    front_title = models.CharField(_("gelar depan"), max_length=50, blank=True)
    back_title = models.CharField(_("gelar belakang"), max_length=80, blank=True)
    birth_date = models.DateField(_("tanggal lahir"))
    birth_place = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices)
    employment_type = models.CharField(_("jenis kepegawaian"), max_length=4, choices=EmploymentType.choices)
    appointment_date = models.DateField(_("TMT CPNS/PPPK"))
    pns_date = models.DateField(_("TMT PNS"), null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("golongan"), choices=RankChoices, null=True, blank=True)
    rank_since = models.DateField(_("TMT golongan"), null=True, blank=True)
    pppk_grade = models.PositiveSmallIntegerField(_("golongan PPPK"), null=True, blank=True)
    education = models.CharField(_("pendidikan terakhir"), max_length=4, choices=EducationChoices)
    position = models.ForeignKey(
        Position,
        verbose_name=_("jabatan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="holders",
    )
    position_since = models.DateField(_("TMT jabatan"), null=True, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit kerja"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employees",
    )
    occupation = models.CharField(_("profesi"), max_length=10, choices=Occupation.choices, blank=True, default="")
    status = models.CharField(_("status"), max_length=10, choices=EmployeeStatus.choices, default=EmployeeStatus.ACTIVE)
    last_salary_increment = models.DateField(_("TMT KGB terakhir"), null=True, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        ordering = ["name", "id"]
        indexes = [
            # The list's sorts (personnel.selectors.SORTS), each in the order it reads, for one agency and
            # nationally; the unique index on nip serves the national NIP order and prefix search.
            models.Index(fields=["agency", "name", "id"], name="employee_agency_name"),
            models.Index(fields=["name", "id"], name="employee_name"),
            models.Index(fields=["agency", "nip"], name="employee_agency_nip"),
            models.Index(fields=["agency", "rank", "name", "id"], name="employee_agency_rank_name"),
            models.Index(fields=["rank", "name", "id"], name="employee_rank_name"),
            models.Index(fields=["agency", "rank_since", "name", "id"], name="employee_agency_rank_since_nm"),
            models.Index(fields=["rank_since", "name", "id"], name="employee_rank_since_name"),
            models.Index(fields=["agency", "unit"], name="employee_agency_unit"),
            models.Index(fields=["agency", "status"], name="employee_agency_status"),
            models.Index(fields=["agency", "employment_type"], name="employee_agency_type"),
            models.Index(fields=["agency", "birth_date"], name="employee_agency_birth"),
            models.Index(fields=["agency", "position_since"], name="employee_agency_pos_since"),
            models.Index(fields=["agency", "last_salary_increment"], name="employee_agency_kgb"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        name = f"{self.front_title} {self.name}".strip() if self.front_title else self.name
        return f"{name}, {self.back_title}" if self.back_title else name

    @property
    def rank_label(self) -> str:
        return rank_from_code(self.rank) if self.rank else ""


class EmployeeNamePrefix(models.Model):
    """The distinct one- and two-letter starts of the words of an employee's name ("Budi Haryanto": b, bu, h, ha),
    with the employee's agency: derived data, like an index, kept in step by a PostgreSQL trigger on the employee
    table (migration 0006) and filled set-based by the population generator. A short name search reads it in
    index order and stops after the page's cap of matches (a GIN prefix query such as 'ha':* reads its whole
    posting list first). Words are runs of ASCII letters, lower-case, as in the search. Empty on SQLite, whose
    search does not use it. See docs/decisions/0003-name-word-index.md."""

    pk = models.CompositePrimaryKey("prefix", "employee")
    prefix = models.CharField(max_length=2)
    # No foreign key constraints: the trigger keeps the rows in step (a deleted employee's rows go with it).
    employee = models.ForeignKey(
        Employee, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="name_prefixes"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )

    class Meta:
        # The primary key (prefix, employee) serves a national search; this one an agency's.
        indexes = [models.Index(fields=["agency", "prefix", "employee"], name="employee_nameprefix_agency")]


class HistoryModel(models.Model):
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="%(class)s_set")
    decree_number = models.CharField(_("nomor SK"), max_length=100, blank=True)
    decree_date = models.DateField(_("tanggal SK"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class RankKind(models.TextChoices):
    CPNS = "CPNS", _("Pengangkatan CPNS")
    PNS = "PNS", _("Pengangkatan PNS")
    REGULAR = "REGULER", _("Kenaikan pangkat reguler")
    ELECTIVE = "PILIHAN", _("Kenaikan pangkat pilihan")
    DEGREE = "IJAZAH", _("Penyesuaian ijazah")
    OTHER = "LAINNYA", _("Lainnya")


class RankHistory(HistoryModel):
    rank = models.PositiveSmallIntegerField(_("golongan"), choices=RankChoices)
    effective_date = models.DateField(_("TMT golongan"))
    kind = models.CharField(_("jenis kenaikan"), max_length=10, choices=RankKind.choices, default=RankKind.REGULAR)
    service_years = models.PositiveSmallIntegerField(_("masa kerja (tahun)"), null=True, blank=True)

    class Meta:
        verbose_name = _("riwayat golongan")
        verbose_name_plural = _("riwayat golongan")
        ordering = ["employee", "effective_date"]
        indexes = [models.Index(fields=["employee", "effective_date"], name="rankhist_emp_date")]

    @property
    def rank_label(self) -> str:
        return rank_from_code(self.rank)


class PositionHistory(HistoryModel):
    position = models.ForeignKey(Position, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    position_name = models.CharField(_("jabatan"), max_length=200)
    level = models.CharField(_("jenjang"), max_length=20, blank=True)
    unit_name = models.CharField(_("unit kerja"), max_length=200, blank=True)
    start_date = models.DateField(_("TMT jabatan"))
    end_date = models.DateField(_("sampai"), null=True, blank=True)

    class Meta:
        verbose_name = _("riwayat jabatan")
        verbose_name_plural = _("riwayat jabatan")
        ordering = ["employee", "start_date"]
        indexes = [models.Index(fields=["employee", "start_date"], name="poshist_emp_date")]


class EducationHistory(HistoryModel):
    level = models.CharField(_("jenjang"), max_length=4, choices=EducationChoices)
    institution = models.CharField(_("lembaga pendidikan"), max_length=200)
    major = models.CharField(_("jurusan"), max_length=200, blank=True)
    graduation_date = models.DateField(_("tanggal lulus"))

    class Meta:
        verbose_name = _("riwayat pendidikan")
        verbose_name_plural = _("riwayat pendidikan")
        ordering = ["employee", "graduation_date"]


class TrainingKind(models.TextChoices):
    LATSAR = "LATSAR", _("Latihan dasar CPNS")
    PKP = "PKP", _("Pelatihan Kepemimpinan Pengawas")
    PKA = "PKA", _("Pelatihan Kepemimpinan Administrator")
    PKN2 = "PKN_II", _("Pelatihan Kepemimpinan Nasional II")
    PKN1 = "PKN_I", _("Pelatihan Kepemimpinan Nasional I")
    TECHNICAL = "TEKNIS", _("Pelatihan teknis")
    FUNCTIONAL = "FUNGSIONAL", _("Pelatihan fungsional")
    SEMINAR = "SEMINAR", _("Seminar/lokakarya")
    ELEARNING = "E_LEARNING", _("E-learning")
    COACHING = "COACHING", _("Coaching/mentoring")
    OTHER = "LAINNYA", _("Lainnya")


class TrainingMode(models.TextChoices):
    CLASSICAL = "KLASIKAL", _("Klasikal")
    NONCLASSICAL = "NONKLASIKAL", _("Nonklasikal")


class TrainingHistory(HistoryModel):
    name = models.CharField(_("nama pelatihan"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=12, choices=TrainingKind.choices, default=TrainingKind.TECHNICAL)
    mode = models.CharField(_("metode"), max_length=12, choices=TrainingMode.choices, default=TrainingMode.CLASSICAL)
    organizer = models.CharField(_("penyelenggara"), max_length=200, blank=True)
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("selesai"))
    hours = models.PositiveSmallIntegerField(_("jam pelajaran (JP)"))

    class Meta:
        verbose_name = _("riwayat pelatihan")
        verbose_name_plural = _("riwayat pelatihan")
        ordering = ["employee", "start_date"]
        indexes = [models.Index(fields=["employee", "start_date"], name="trainhist_emp_date")]


class PerformanceScheme(models.TextChoices):
    SKP_2022 = "SKP_2022", _("SKP PermenPANRB 6/2022")
    SKP_2021 = "SKP_2021", _("SKP PermenPANRB 8/2021")
    PP46_2011 = "PP46_2011", _("SKP PP 46/2011")
    DP3 = "DP3", _("DP3 PP 10/1979")


class PerformanceHistory(HistoryModel):
    """The annual performance predicate: what rank promotion and talent mapping read."""

    year = models.PositiveSmallIntegerField(_("tahun"))
    predicate = models.CharField(_("predikat"), max_length=16, choices=PredicateChoices)
    scheme = models.CharField(_("skema"), max_length=10, choices=PerformanceScheme.choices, default="SKP_2022")
    score = models.DecimalField(_("nilai"), max_digits=5, decimal_places=2, null=True, blank=True)
    source = models.CharField(_("sumber"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("riwayat kinerja")
        verbose_name_plural = _("riwayat kinerja")
        ordering = ["employee", "year"]
        constraints = [models.UniqueConstraint(fields=["employee", "year"], name="performance_one_per_year")]


class AwardHistory(HistoryModel):
    name = models.CharField(_("nama penghargaan"), max_length=200)
    awarded_on = models.DateField(_("tanggal"))
    giver = models.CharField(_("pemberi"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("riwayat penghargaan")
        verbose_name_plural = _("riwayat penghargaan")
        ordering = ["employee", "awarded_on"]


class SanctionLevel(models.TextChoices):
    LIGHT = "RINGAN", _("Ringan")
    MEDIUM = "SEDANG", _("Sedang")
    HEAVY = "BERAT", _("Berat")


class SanctionHistory(HistoryModel):
    level = models.CharField(_("tingkat hukuman"), max_length=8, choices=SanctionLevel.choices)
    kind = models.CharField(_("jenis hukuman"), max_length=200)
    start_date = models.DateField(_("berlaku mulai"))
    end_date = models.DateField(_("berakhir"), null=True, blank=True)

    class Meta:
        verbose_name = _("riwayat hukuman disiplin")
        verbose_name_plural = _("riwayat hukuman disiplin")
        ordering = ["employee", "start_date"]
        indexes = [models.Index(fields=["employee", "end_date"], name="sanction_emp_end")]


class SalaryIncrementHistory(HistoryModel):
    effective_date = models.DateField(_("TMT KGB"))
    service_years = models.PositiveSmallIntegerField(_("masa kerja golongan (tahun)"), null=True, blank=True)
    base_salary = models.DecimalField(_("gaji pokok (Rp)"), max_digits=12, decimal_places=0, null=True, blank=True)

    class Meta:
        verbose_name = _("riwayat kenaikan gaji berkala")
        verbose_name_plural = _("riwayat kenaikan gaji berkala")
        ordering = ["employee", "effective_date"]


class DocumentType(models.TextChoices):
    SK_CPNS = "SK_CPNS", _("SK CPNS")
    SK_PNS = "SK_PNS", _("SK PNS")
    SK_PPPK = "SK_PPPK", _("Perjanjian kerja PPPK")
    SK_RANK = "SK_PANGKAT", _("SK kenaikan pangkat")
    SK_POSITION = "SK_JABATAN", _("SK jabatan")
    SK_KGB = "SK_KGB", _("SK kenaikan gaji berkala")
    DIPLOMA = "IJAZAH", _("Ijazah/transkrip")
    CERTIFICATE = "SERTIFIKAT", _("Sertifikat pelatihan")
    SKP = "SKP", _("Dokumen SKP")
    OTHER = "LAINNYA", _("Lainnya")


def document_path(instance: Document, filename: str) -> str:
    return f"documents/{instance.employee.agency_id}/{instance.employee_id}/{instance.sha256[:2]}/{instance.sha256}"


class Document(models.Model):
    """A scanned document. Type and size are checked by personnel.services.document_upload."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="documents")
    doc_type = models.CharField(_("jenis dokumen"), max_length=12, choices=DocumentType.choices)
    title = models.CharField(_("keterangan"), max_length=200, blank=True)
    file = models.FileField(_("berkas"), upload_to=document_path, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dokumen")
        verbose_name_plural = _("dokumen")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} — {self.original_name}"


class CorrectionStatus(models.TextChoices):
    PENDING = "PENDING", _("Menunggu verifikasi")
    APPLIED = "APPLIED", _("Diterapkan")
    REJECTED = "REJECTED", _("Ditolak")
    WITHDRAWN = "WITHDRAWN", _("Ditarik")


class CorrectionRequest(models.Model):
    """An employee's proposed correction to their own record, verified by personnel staff."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(_("data yang dikoreksi"), max_length=50)
    current_value = models.TextField(_("nilai sekarang"), blank=True)
    proposed_value = models.TextField(_("nilai yang diusulkan"))
    reason = models.TextField(_("alasan"))
    document = models.ForeignKey(
        Document, verbose_name=_("dokumen pendukung"), null=True, blank=True, on_delete=models.PROTECT
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.PENDING
    )
    submitted_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("alasan keputusan"), blank=True)

    class Meta:
        verbose_name = _("usulan koreksi data")
        verbose_name_plural = _("usulan koreksi data")
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["status", "-submitted_at"], name="correction_status")]
