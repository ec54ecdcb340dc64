"""Computer-assisted test (CAT): item banks, blueprints, exam sessions, participants, attempts, answers.

Design notes
- An item's correct answer / option points live only in `Item.correct_index` / `Item.option_points`; a form
  (`Attempt.form`) stores item ids and the shuffled option order, never the key.
- `Answer.choice` is the option index *as shown to the participant* (after shuffling). Scoring maps it back
  through the stored form. So the answering endpoint needs neither the form nor the item: one UPSERT per click.
- One attempt per participant (OneToOne), one participant per (session, user).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

SKD_SUBTESTS = (("twk", "TWK"), ("tiu", "TIU"), ("tkp", "TKP"))
MAX_OPTIONS = 5


class Scoring(models.TextChoices):
    RIGHT_WRONG = "RIGHT_WRONG", _("Benar/salah (satu kunci jawaban)")
    POINTS = "POINTS", _("Poin per pilihan (1–5)")


class Difficulty(models.IntegerChoices):
    EASY = 1, _("Mudah")
    MEDIUM = 2, _("Sedang")
    HARD = 3, _("Sulit")


class ItemBank(models.Model):
    agency = models.ForeignKey("organization.Agency", on_delete=models.PROTECT, related_name="cat_banks")
    name = models.CharField(_("nama bank soal"), max_length=200)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="cat_banks_managed", verbose_name=_("pengelola")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bank soal")
        verbose_name_plural = _("bank soal")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="cat_bank_agency_name")]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    bank = models.ForeignKey(ItemBank, on_delete=models.CASCADE, related_name="categories")
    code = models.CharField(_("kode kategori"), max_length=20)
    name = models.CharField(_("nama kategori"), max_length=200)
    scoring = models.CharField(_("cara penilaian"), max_length=12, choices=Scoring.choices)
    points_right = models.PositiveSmallIntegerField(_("poin jawaban benar"), default=5)
    skd_subtest = models.CharField(_("subtes SKD"), max_length=3, choices=SKD_SUBTESTS, blank=True)

    class Meta:
        verbose_name = _("kategori soal")
        verbose_name_plural = _("kategori soal")
        ordering = ["bank", "code"]
        constraints = [models.UniqueConstraint(fields=["bank", "code"], name="cat_category_bank_code")]

    def __str__(self) -> str:
        return self.code


class Item(models.Model):
    bank = models.ForeignKey(ItemBank, on_delete=models.CASCADE, related_name="items")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="items")
    code = models.CharField(_("kode soal"), max_length=30)
    stem = models.TextField(_("pertanyaan"))
    options = models.JSONField(_("pilihan jawaban"))  # list[str], 2..5
    correct_index = models.PositiveSmallIntegerField(_("kunci jawaban"), null=True, blank=True)
    option_points = models.JSONField(_("poin per pilihan"), null=True, blank=True)  # list[int 1..5]
    difficulty = models.PositiveSmallIntegerField(_("tingkat kesulitan"), choices=Difficulty.choices)
    active = models.BooleanField(_("aktif"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("soal")
        verbose_name_plural = _("soal")
        ordering = ["bank", "code"]
        constraints = [models.UniqueConstraint(fields=["bank", "code"], name="cat_item_bank_code")]
        indexes = [models.Index(fields=["bank", "category", "difficulty"], name="cat_item_draw")]

    def __str__(self) -> str:
        return self.code

    def points_for(self, original_index: int | None) -> int:
        """Points earned by choosing the option at `original_index` (None: unanswered)."""
        if original_index is None or not 0 <= original_index < len(self.options):
            return 0
        if self.option_points:
            return int(self.option_points[original_index])
        return int(self.category.points_right) if original_index == self.correct_index else 0


class Blueprint(models.Model):
    """How many items of each category (and optionally difficulty) a form holds.

    `rules` is a list of {"category": code, "difficulty": 1|2|3|null, "count": n}."""

    bank = models.ForeignKey(ItemBank, on_delete=models.PROTECT, related_name="blueprints")
    name = models.CharField(_("nama kisi-kisi"), max_length=200)
    rules = models.JSONField(_("aturan kisi-kisi"))
    skd = models.BooleanField(_("dinilai sebagai SKD (aturan cat-skd)"), default=False)
    version = models.PositiveIntegerField(default=1)  # optimistic locking (core.services.versioned_update)
    form_key = models.CharField(max_length=40, blank=True)  # the creating form's one-time key: no double submit

    class Meta:
        verbose_name = _("kisi-kisi")
        verbose_name_plural = _("kisi-kisi")
        ordering = ["bank", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["form_key"], name="cat_blueprint_form_key", condition=~models.Q(form_key="")
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def item_count(self) -> int:
        return sum(int(r["count"]) for r in self.rules)


class ExamSession(models.Model):
    agency = models.ForeignKey("organization.Agency", on_delete=models.PROTECT, related_name="cat_sessions")
    title = models.CharField(_("judul sesi ujian"), max_length=200)
    blueprint = models.ForeignKey(Blueprint, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    duration_minutes = models.PositiveSmallIntegerField(_("durasi (menit)"))
    reference = models.CharField(_("rujukan"), max_length=100, blank=True, db_index=True)
    seed = models.BigIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)  # optimistic locking (core.services.versioned_update)
    form_key = models.CharField(max_length=40, blank=True)  # the creating form's one-time key: no double submit

    class Meta:
        verbose_name = _("sesi ujian")
        verbose_name_plural = _("sesi ujian")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["agency", "-starts_at"], name="cat_session_agency_start")]
        constraints = [
            models.UniqueConstraint(fields=["form_key"], name="cat_session_form_key", condition=~models.Q(form_key=""))
        ]

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    session = models.ForeignKey(ExamSession, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cat_participations")
    number = models.CharField(_("nomor peserta"), max_length=20)
    enrolled_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("peserta ujian")
        verbose_name_plural = _("peserta ujian")
        ordering = ["session", "number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="cat_participant_session_user"),
            models.UniqueConstraint(fields=["session", "number"], name="cat_participant_session_number"),
        ]

    def __str__(self) -> str:
        return self.number


class FinishReason(models.TextChoices):
    SUBMITTED = "SUBMITTED", _("Diselesaikan peserta")
    TIMEOUT = "TIMEOUT", _("Waktu habis (otomatis)")


class Attempt(models.Model):
    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="attempt")
    started_at = models.DateTimeField()
    deadline = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    finish_reason = models.CharField(max_length=10, choices=FinishReason.choices, blank=True)
    # [{"item": id, "order": [original option indexes in shown order]}]
    form = models.JSONField()
    option_counts = models.TextField()  # one digit per question: how many options it has (checked by the UPSERT)
    token = models.CharField(max_length=64)  # rotated on each exam page load: the page's answering credential
    browser = models.CharField(max_length=64, blank=True)  # the browser (session cookie key) holding the attempt
    total = models.FloatField(null=True, blank=True)
    by_category = models.JSONField(default=dict, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    decision = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("pengerjaan ujian")
        verbose_name_plural = _("pengerjaan ujian")
        indexes = [
            models.Index(
                fields=["deadline"], name="cat_attempt_open_deadline", condition=models.Q(finished_at__isnull=True)
            )
        ]

    @property
    def item_count(self) -> int:
        return len(self.form)


class Answer(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    position = models.PositiveSmallIntegerField()  # 0-based question number in the form
    choice = models.PositiveSmallIntegerField()  # option index as shown
    answered_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["attempt", "position"], name="cat_answer_attempt_position")]


class EventKind(models.TextChoices):
    START = "START", _("Mulai mengerjakan")
    RECONNECT = "RECONNECT", _("Menyambung kembali (halaman dimuat ulang)")
    SECOND_BROWSER = "SECOND_BROWSER", _("Dibuka di peramban lain")
    STALE_TAB = "STALE_TAB", _("Jawaban dari tab/peramban lama ditolak")
    LATE_ANSWER = "LATE_ANSWER", _("Jawaban setelah waktu habis ditolak")
    OTHER_SESSION = "OTHER_SESSION", _("Mencoba memulai sesi ujian lain saat ujian ini berlangsung")
    FINISH = "FINISH", _("Selesai")


class IntegrityEvent(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    at = models.DateTimeField()
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)
    detail = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["attempt", "at"], name="cat_event_attempt_at")]
